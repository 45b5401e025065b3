"""Each language's copy of the site: every page again under /<lang>/ (handouts.model.urls), its navigation in its
words, and the same page in every language for the switcher and search engines. The copies show the same
validated values (the same doses), in the language's library."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, _add_previous_and_next_links
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..i18n.catalog import DEFAULT_LANGUAGE, gettext
from ..model import urls
from ..model.values import Library, area_slug
from ..patient.builder import index_json, print_parts, program_parts


def add_twins(files: Files, config: MkDocsConfig, libraries: Mapping[str, Library],
              template_dirs: Sequence[Path] | None) -> None:
    """Every page again under /<lang>/ for each other language, with its sheet index and printable parts.

    A twin is a generated page whose Markdown on_page_markdown replaces with the language's library, so it has
    the same doses; a page with no translation is published in English there, with a note.
    """
    for file in list(files.documentation_pages()):  # `<slug>.es.md` are translations, read by content.load
        if urls.is_translation(file.src_uri):
            files.remove(file)
    pages = list(files.documentation_pages())
    for lang, lib in libraries.items():
        if lang == DEFAULT_LANGUAGE:
            continue
        for page in pages:
            twin = File.generated(config, urls.prefix(lang) + page.src_uri, content=page.content_string,
                                  inclusion=InclusionLevel.NOT_IN_NAV)
            twin.dest_uri = urls.prefix(lang) + page.dest_uri
            files.append(twin)
        parts = {**print_parts(lib, template_dirs, lang),
                 **program_parts(lib, template_dirs, lang)} if template_dirs is not None else {}
        for src_uri, text in {urls.INDEX: index_json(lib), **parts}.items():
            files.append(File.generated(config, urls.prefix(lang) + src_uri, content=text))


def navigations(nav: Navigation, files: Files, libraries: Mapping[str, Library]) -> dict[str, Navigation]:
    """Each other language's navigation: the same entries, leading to that language's pages, in its words."""
    navs = {}
    for lang, lib in libraries.items():
        if lang == DEFAULT_LANGUAGE:
            continue
        _ = gettext(lang)
        areas = {urls.area_source(area_slug(a)): lib.area_title(a) for a in lib.areas()}
        items = []
        for item in nav.items:
            twin = files.get_file_from_path(urls.prefix(lang) + item.file.src_uri) if item.is_page else None
            if twin is not None and twin.page is not None:
                twin.page.title = areas.get(item.file.src_uri) or _(item.title)
                items.append(twin.page)
        navs[lang] = Navigation(items, list(items))
        navs[lang].homepage = next((p for p in items if p.file.src_uri == f"{lang}/index.md"), None)
        _add_previous_and_next_links(items)
    return navs


def alternates(page: Page, config: MkDocsConfig, files: Files | None,
               languages: Sequence[str]) -> list[dict[str, Any]]:
    """The page in every language of the site: its language, name, address from this page, and full address."""
    if files is None or len(languages) < 2:
        return []
    _, base = urls.split(page.file.src_uri)
    found = []
    for lang in languages:
        twin = files.get_file_from_path(urls.prefix(lang) + base)
        if twin is None:
            continue
        href = get_relative_url(twin.url, page.url)
        found.append({"lang": lang, "name": urls.LANGUAGE_NAMES.get(lang, lang), "href": href,
                      "url": (config.site_url or "") + twin.url if config.site_url else href,
                      "current": twin is page.file})
    return found
