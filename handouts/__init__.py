"""Exercise handouts: a static website with timers and printable PDFs, from Markdown content.

The common path is one call: `handouts.build("mkdocs.yml")` validates the content, then writes
the site and its PDFs. `load_library` alone validates and returns the values.
"""

from .content import load_library
from .dose import dose_sentence
from .errors import BuildError, ContentInvalid, HandoutsError, Problem
from .models import Clinic, Dose, Exercise, Library, Program

__all__ = [
    "BuildError", "Clinic", "ContentInvalid", "Dose", "Exercise", "HandoutsError", "Library", "Problem",
    "Program", "build", "dose_sentence", "load_library",
]


def build(config_file: str = "mkdocs.yml") -> None:
    """Validate everything, then build the site and the PDFs (the README's build command)."""
    from .plugin import build as run

    run(config_file)
