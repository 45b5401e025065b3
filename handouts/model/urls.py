"""The site's URL scheme, in one place: where every page, PDF and file lives, and each language's copy of it.

    exercises/<slug>/             an exercise (from content/exercises/<any folder>/<slug>.md)
    programs/<slug>/              a program
    areas/<area-slug>/            a body area's exercises
    pdf/exercises/<slug>[-large].pdf, pdf/programs/<slug>[-large].pdf
    sheet/ (exercises.json, parts/), my-program/ (parts/), clinicians/, log/
    assets/figures/<slug>.svg     an exercise's small start-pose picture, for the lists and the sheet builder
    exercises/<slug>/#timer?v=2&<dose>&c=<check>   a timer link (handouts.model.linkcodec writes the fragment)

The default language lives at the site's root, every other one under /<lang>/.

`/exercises/open-books/` in Spanish is `/es/exercises/open-books/`: the same page, from the same validated values
(the same doses), in the library's Spanish words (handouts.model.values.Library.in_language). The mkdocs plugin adds
each page's twin for every other language and asks this module where things go; PDFs follow the same rule
(`/es/pdf/exercises/open-books.pdf`). This module never imports mkdocs.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import PurePath, PurePosixPath

from ..i18n.catalog import DEFAULT_LANGUAGE, LANGUAGES
from .linkcodec import timer_fragment
from .values import Dose

__all__ = [
    "CLINICIANS", "INDEX", "LANGUAGE_NAMES", "LOCALIZED", "PAGE", "PARTS", "PERSONAL", "PERSONAL_PARTS",
    "area_source", "exercise_page", "figure_file", "is_translation", "localized", "page_url", "pdf_path", "prefix",
    "split", "split_name", "timer_url", "video_url",
]

PAGE = "sheet.md"
"""The sheet builder's page, at /sheet/."""
PERSONAL = "my-program.md"
"""The personal program page a sheet's link opens, at /my-program/#p=…"""
PERSONAL_PARTS = "my-program/parts"
"""Each exercise's block for the personal program page: `<slug>.htm` (not .html: a part, not a page)."""
CLINICIANS = "clinicians.md"
"""The clinicians' page, at /clinicians/: their tools (the sheet builder), linked from every page's footer and kept
out of the patient's menu."""
INDEX = "sheet/exercises.json"
PARTS = "sheet/parts"
"""The printable parts: `<slug>.htm`, `log-grid-<boxes a day>.htm`, and what heads the sheet, `heading/<program's
slug>.htm` (or `heading/_none.htm`). Not .html: they are parts of a page, not pages (the disclaimer check reads
every .html file; the sheet page that shows them prints the disclaimer)."""


def exercise_page(slug: str) -> str:
    """An exercise's page in the site: 'exercises/open-books/'."""
    return f"exercises/{slug}/"


def figure_file(slug: str) -> str:
    """An exercise's small start-pose picture, which the lists and the sheet builder show: 'assets/figures/<slug>.svg'
    (one file every language shares; each page gives it the alt text in its own words)."""
    return f"assets/figures/{slug}.svg"


def area_source(area_slug: str) -> str:
    """A body area's generated page, as the engine's source path: 'areas/upper-back.md' (at /areas/upper-back/)."""
    return f"areas/{area_slug}.md"


def page_url(path: str) -> str:
    """The site address of a content page: 'exercises/back/open-books.md' -> 'exercises/open-books/'."""
    folder, name = posixpath.split(path[: -len(".md")])
    top = folder.split("/", 1)[0]
    if top in ("exercises", "programs"):
        return f"{top}/{name}/"
    if name == "index":
        return f"{folder}/" if folder else ""
    return f"{posixpath.join(folder, name)}/"


def pdf_path(kind: str, slug: str, large: bool = False) -> str:
    """A handout's PDF under the site's pdf/ folder: ('exercises', 'open-books', True) ->
    'exercises/open-books-large.pdf'."""
    return f"{kind}/{slug}{'-large' * large}.pdf"


def timer_url(site_url: str, slug: str, dose: Dose) -> str:
    """'https://clinic.example/exercises/open-books/#timer?v=2&reps=6&sides=each&c=…': the page's timer, this dose,
    with its check, so a patient who types the printed address wrong is told, never misled."""
    return f"{site_url.rstrip('/')}/{exercise_page(slug)}#{timer_fragment(slug, dose)}"


def video_url(site_url: str, slug: str) -> str:
    """The exercise page's video, which a printed QR code opens."""
    return f"{site_url.rstrip('/')}/{exercise_page(slug)}#video"

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


TRANSLATION_NAME = re.compile(r"^(?P<slug>[^.]+)\.(?P<lang>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)$")
"""A translation's file name without '.md': '<slug>.<lang>' ('open-books.es'), whatever the language: the content
check says which languages the site has; no such file is ever a page of its own."""


def split_name(path: str | PurePath) -> tuple[str, str | None]:
    """'open-books.es.md' -> ('open-books', 'es'); 'open-books.md' -> ('open-books', None)."""
    stem = PurePosixPath(str(path)).stem
    match = TRANSLATION_NAME.match(stem)
    return (match["slug"], match["lang"]) if match else (stem, None)


def is_translation(path: str | PurePath) -> bool:
    """A content file that translates another ('exercises/open-books.es.md'), not a page of its own."""
    return split_name(path)[1] is not None
