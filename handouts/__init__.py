"""Exercise handouts: a static website with timers and printable PDFs, from Markdown content.

The common path is one call: `handouts.build("mkdocs.yml")` validates the content, then writes
the site and its PDFs. `load_library` alone validates and returns the values.
"""

from .content.load import load_library
from .errors import BuildError, ContentInvalid, HandoutsError, Problem
from .model.dose import dose_sentence
from .model.values import Clinic, Dose, Exercise, Library, Program

__all__ = [
    "BuildError", "Clinic", "ContentInvalid", "Dose", "Exercise", "HandoutsError", "Library", "Problem",
    "Program", "build", "dose_sentence", "load_library",
]


def build(config_file: str = "mkdocs.yml") -> None:
    """Validate everything, then build the site and the PDFs (the README's build command)."""
    from .site.build import build as run

    run(config_file)
