"""Where each language's pages live: the default language at the site's root, every other one under /<lang>/.

`/exercises/open-books/` in Spanish is `/es/exercises/open-books/`: the same page, from the same validated values
(the same doses), in the library's Spanish words (handouts.model.values.Library.in_language). The mkdocs plugin adds
each page's twin for every other language and asks this module where things go; PDFs follow the same rule
(`/es/pdf/exercises/open-books.pdf`). This module never imports mkdocs.
"""

from __future__ import annotations

import posixpath

from ..i18n.catalog import DEFAULT_LANGUAGE, LANGUAGES

__all__ = ["LANGUAGE_NAMES", "LOCALIZED", "is_translation", "localized", "prefix", "split"]

LANGUAGE_NAMES = {"en": "English", "es": "Español"}
"""Each language by its own name, as the switcher shows it (a name a reader of that language recognises)."""
LOCALIZED = ("", ".", "./", "index.html", "programs", "exercises", "areas", "log", "sheet", "my-program", "clinicians",
             "pdf")
"""The first parts of the addresses that have a page (or a PDF) per language. Pictures, fonts, style sheets,
scripts, the search index, the manifest and the service worker are shared by every language, at the root."""


def prefix(lang: str) -> str:
    """The folder of a language's pages in the site: '' for the default language, 'es/' for Spanish."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def split(path: str) -> tuple[str, str]:
    """A page's path in the site as (language, the default language's path): 'es/log.md' -> ('es', 'log.md')."""
    first, _, rest = path.partition("/")
    if rest and first in LANGUAGES and first != DEFAULT_LANGUAGE:
        return first, rest
    return DEFAULT_LANGUAGE, path


def localized(path: str, lang: str) -> str:
    """A site-relative address as a page in `lang` links to it: 'areas/knee/' -> 'es/areas/knee/'.

    Addresses with a scheme or a leading '/', and files every language shares, are kept as they are.
    """
    if lang == DEFAULT_LANGUAGE or "://" in path or path.startswith(("/", "#", "mailto:", "tel:", "data:")):
        return path
    if split(path)[0] != DEFAULT_LANGUAGE:
        return path  # already one language's address (the switcher's, the navigation's)
    first = path.split("/", 1)[0].split("#", 1)[0]
    if first not in LOCALIZED and path not in LOCALIZED:
        return path
    if path in ("", ".", "./", "index.html"):
        return prefix(lang)
    return posixpath.join(prefix(lang), path)


def is_translation(path: str) -> bool:
    """A content file that translates another ('exercises/open-books.es.md'), not a page of its own."""
    stem = posixpath.basename(path).rsplit(".", 1)[0]
    return "." in stem and stem.rsplit(".", 1)[1] in LANGUAGES
