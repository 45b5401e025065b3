"""What a page is and says: its kind, its language's words for links, and the preview's page of problems."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import pass_context
from markupsafe import escape
from mkdocs.structure.pages import Page

from ..errors import Problem
from ..i18n.catalog import DEFAULT_LANGUAGE, translations
from ..model import urls
from ..model.values import Library
from ..model.urls import CLINICIANS, PAGE, PERSONAL


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
