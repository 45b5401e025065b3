"""What a page is and says: its kind, its language's words for links, and the preview's page of problems."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from markupsafe import escape
from mkdocs.structure.pages import Page

from ..errors import Problem
from ..i18n.catalog import DEFAULT_LANGUAGE, translations
from ..incremental import file_key
from ..model import urls
from ..model.urls import CLINICIANS, PAGE, PERSONAL
from ..model.values import Library, area_slug


def in_page_language(mkdocs_url: Callable) -> Callable:
    """mkdocs' `url` filter, keeping a page's links in its language: 'exercises/x/' is 'es/exercises/x/' on a
    Spanish page (handouts.model.urls.localized); pictures, scripts and the search index are every language's."""
    @pass_context
    def url(context: Any, value: str) -> str:
        return str(mkdocs_url(context, urls.localized(str(value), context.get("page_lang") or DEFAULT_LANGUAGE)))

    return url


def untranslated(lib: Library | None, kind: str, key: str) -> bool:
    """True when a page of another language shows words no one has translated yet (it says so, in its language)."""
    if lib is None or lib.lang == DEFAULT_LANGUAGE:
        return False
    if kind in ("exercise", "program"):
        return not (lib.exercises[key] if kind == "exercise" else lib.programs[key]).translated
    if kind == "home":
        return not lib.home.translated
    return kind == "page"  # a clinic's own page: its Markdown has no translation


def page_kind(page: Page) -> tuple[str, str]:
    """What a page shows: ('exercise', slug), ('program', slug), ('area', slug), or (kind, ''), in any language."""
    src = urls.split(page.file.src_uri)[1]
    folder, _, rest = src.partition("/")
    if src == "index.md":
        return "home", ""
    if src == "log.md":
        return "log", ""
    if src in (PAGE, PERSONAL, CLINICIANS):
        return {PAGE: "sheet", PERSONAL: "personal", CLINICIANS: "clinicians"}[src], ""
    if folder in ("programs", "exercises") and rest == "index.md":
        return folder, ""
    if folder == "exercises":
        return "exercise", page.file.name
    if folder == "programs":
        return "program", page.file.name
    if folder == "areas":
        return "area", page.file.name
    return "page", ""


def problems_page(problems: list[Problem], lang: str = DEFAULT_LANGUAGE) -> str:
    """The page a preview shows while the content has problems: each one, with its file and line, in `lang` (the
    site's first language: the content may be too broken to say which others it has)."""

    catalog = translations(lang)
    count = len(problems)
    heading = escape(catalog.ngettext("%(count)s problem to fix", "%(count)s problems to fix", count) % {
        "count": count})
    note = escape(catalog.gettext("The preview shows the site again as soon as these are fixed and saved."))
    items = "\n".join(
        f"<li><p><strong>{escape(p.path)}{':' + str(p.line) if p.line else ''}</strong>: {escape(p.message)}</p>"
        + (f"<pre>{escape(p.excerpt.strip())}</pre>" if p.excerpt.strip() else "") + "</li>"
        for p in problems
    )
    return (
        f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{heading}</title>"
        "<style>body{font:18px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem}"
        "pre{background:#f4f4f4;padding:.5rem;white-space:pre-wrap}li{margin-bottom:1rem}</style></head>"
        f"<body><main><h1>{heading}</h1>"
        f"<p>{note}</p>"
        f"<ol>{items}</ol></main></body></html>\n"
    )


def page_markdown(markdown: str, page: Page, lib: Library, _: Callable[[str], str]) -> str:
    """A page's Markdown and template from the validated values (never the engine's own reading of the front
    matter), its title in its language (`_`)."""
    kind, key = page_kind(page)
    if kind == "exercise":
        exercise = lib.exercises[key]
        page.meta = {"template": "exercise.html", "title": exercise.title}
        return exercise.body
    if kind == "program":
        program = lib.programs[key]
        page.meta = {"template": "program.html", "title": program.title}
        return program.body
    if kind == "home":
        page.meta = {"template": "home.html", "title": lib.home.title}
        return lib.home.body
    if kind == "area":
        area = next(a for a in lib.areas() if area_slug(a) == key)
        page.meta = {"template": "area.html", "title": lib.area_title(area), "area": area}
    elif kind in ("programs", "exercises"):
        page.meta = {"template": f"{kind}.html", "title": _(kind.capitalize())}
    elif kind == "log":
        page.meta = {"template": "log.html", "title": _("My log")}
    elif kind == "sheet":
        page.meta = {"template": "sheet.html", "title": _("Make a sheet")}
    elif kind == "personal":
        page.meta = {"template": "my-program.html", "title": _("My program")}
    elif kind == "clinicians":
        page.meta = {"template": "clinicians.html", "title": _("For clinicians")}
    return markdown


def shows(page: Page, libraries: Mapping[str, Library]) -> Any:
    """The values a page shows: it is rendered again when they change."""
    lang, _ = urls.split(page.file.src_uri)
    lib = libraries.get(lang)
    if lib is None:
        return object()  # never the same: render it
    kind, key = page_kind(page)
    if kind == "exercise":
        return lib.exercises.get(key)
    if kind == "program":
        return lib.programs.get(key)
    if kind == "area":
        return next((tuple(shown) for area, shown in lib.areas().items() if area_slug(area) == key), None)
    if kind == "page" and page.file.abs_src_path:
        return file_key(Path(page.file.abs_src_path))
    return kind, lib.home, tuple(lib.exercises.values()), tuple(lib.programs.values())  # the lists, home
