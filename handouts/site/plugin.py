"""The mkdocs plugin `handouts` (`plugins: [search, handouts]` in mkdocs.yml), and `build()`, the one build path.

Every way of building runs through it: `python build.py`, `handouts build`, `mkdocs build`, `mkdocs gh-deploy` and
`mkdocs serve`. It validates the content and the clinic settings, runs the health-literacy gate, places the
validated values where the templates reach them, writes the PDFs and checks the disclaimer, and (except in a
preview) builds beside the last site and swaps the new one in. Its state lives on the instance; the core it calls
(content, dose, render, pdf) never imports mkdocs.
"""

from __future__ import annotations

import functools
import logging
import os
import posixpath
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from jinja2 import ChoiceLoader, DictLoader
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from .. import pipeline
from ..content.config import Paths, ProjectConfig, project_paths, read_config
from ..content.frontmatter import Invalid
from ..errors import ContentInvalid, Problem
from ..i18n.catalog import DEFAULT_LANGUAGE, LANGUAGES, gettext
from ..incremental import Kept, KeptPage, Pages, Written, file_key, tree_stamp
from ..model import urls
from ..model.urls import CLINICIANS, INDEX, PAGE, PERSONAL, area_source
from ..model.values import Clinic, Home, Library, area_slug
from ..model.video import frame_sources
from ..patient.builder import index_json, print_parts, program_parts
from ..render.brand import palette
from ..render.choosing import thumbnail_files
from ..render.csp import content_security_policy
from ..render.templates import add_filters, template_problem
from . import offline, search, studio
from .engine import (
    CompiledTemplates,
    ProblemsFound,
    SiteFolderNamed,
    ToEngineLog,
    dirty_notice,
    engine_logger,
    material_dir,
    reported,
    search_plugin,
    stop_on_sigterm,
    strict_warnings,
    with_lines,
)
from .languages import add_twins, alternates, navigations
from .pages import in_page_language, page_kind, page_markdown, problems_page, shows, untranslated
from .theme import add_search_worker, apply_theme, search_languages

if TYPE_CHECKING:
    from ..pdf.writer import PdfBatch

LOG = get_plugin_logger(__name__)
LOGGER = logging.getLogger("handouts")
IDLE_WAIT = 30.0
"""Seconds a preview's PDF batch waits for a page build to end before it goes on regardless (it yields, never stops)."""
KEPT_TEMPLATE = "handouts-kept.html"
"""The template of a preview's page whose values did not change: nothing; on_post_page writes the kept page."""

class HandoutsConfig(base.Config):
    """The plugin's options, under `plugins: - handouts:` in mkdocs.yml."""

    pdfs = c.Type(bool, default=True)
    """Write the PDFs (site/pdf/...). A preview writes them in the background."""
    gate = c.Type(bool, default=True)
    """Run the health-literacy gate: a page above `extra.readability.fail_above` stops the build."""
    cache_dir = c.Type(str, default=".cache/handouts")
    """Where rendered PDFs are kept between builds, relative to mkdocs.yml."""
    concurrency = c.Type(int, default=0)
    """PDF worker processes; 0 means one per core."""
    atomic = c.Type(bool, default=True)
    """Build beside the last site and swap the new one in only when it is complete."""
    offline = c.Type(bool, default=True)
    """Works offline: a service worker keeps a copy of the site on a patient's phone (handouts.site.offline)."""


class HandoutsPlugin(BasePlugin[HandoutsConfig]):
    """Exercise handouts on mkdocs-material: pages from validated content, PDFs, and a check before publishing."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.library: Library | None = None
        self.project: ProjectConfig | None = None
        self.paths: Paths | None = None
        self.problems: list[Problem] = []
        self.site_dir: Path | None = None
        """The real site folder; mkdocs writes into a staging folder beside it until the build is complete."""
        self.staging: Path | None = None
        self.stats: pipeline.BuildStats | None = None
        self.background: threading.Thread | None = None
        self.pdf_batch = 0
        self.compiled = CompiledTemplates()
        """How many PDF batches a preview has started: a batch runs only if it is still the latest."""
        self.timings: dict[str, float] = {}
        self.site_started = 0.0
        self.libraries: dict[str, Library] = {}
        """The library in each language the site is built in, the default first (the same doses in each)."""
        self.navs: dict[str, Navigation] = {}
        """Each other language's navigation: the same pages, in that language, under /<lang>/."""
        self.files: Files | None = None
        self.env: Any = None
        self.kept = Kept()
        """A preview's validated files and printable blocks, kept between rebuilds (handouts.incremental)."""
        self.parts = Kept()
        self.pages = Pages()
        """A preview's rendered pages, kept between rebuilds: a page whose values did not change is not rendered."""
        self.dirty = False
        """A preview that keeps its site folder between rebuilds (mkdocs serve --dirty; build.py serve)."""
        self.written = Written()
        self.pages_ready = False
        """Set once every page is read (on_env): from then on, a dirty preview builds only the pages that changed."""
        self.search_seen = 0
        self.stamp: tuple = ()
        """What every page of this preview build shows (_site_stamp), made once a build."""
        self.pdfs_written: dict[str, str] = {}
        """Each PDF a preview's batches wrote, with its cache key."""
        self.idle = threading.Event()
        """Set while a preview is not building its pages: its PDF batch, in a thread, makes handouts only then."""
        self.idle.set()
        self.announce = True
        self.pdfs_under_way: PdfBatch | None = None
        """A build's PDFs, rendering while the pages are built (_start_pdfs)."""
        self.render_pdfs = True
        """False in `handouts build --assemble`: every PDF comes from the cache (the shards'), none is rendered."""
        """Say what was built at the end (build() says it itself, with the whole build's time)."""
        self.site_named: logging.Filter | None = None

    # -- setup ---------------------------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember the command: `serve` previews (no swap; PDFs in the background; problems as a page)."""
        self.command, self.dirty = command, dirty
        if command == "serve":
            stop_on_sigterm()
        self.announce = True  # say what was built (build() says it itself, with the whole build's time)
        self.render_pdfs = True
        self.site_named = None
        # mkdocs keeps this instance for the whole process: what a preview kept must not reach a later command.
        self.kept, self.parts, self.pages = Kept(), Kept(), Pages()
        self.written, self.pdfs_written = Written(), {}
        if self.incremental:  # the plugin keeps a dirty preview's navigation and search whole (on_files)
            engine_logger("commands.build").addFilter(dirty_notice)
        core = logging.getLogger("handouts")
        if not core.handlers:  # plain mkdocs: the core's warnings go through mkdocs (and count under --strict)
            core.addHandler(ToEngineLog())
            core.propagate = False

    @property
    def preview(self) -> bool:
        return self.command == "serve"

    @property
    def incremental(self) -> bool:
        """A dirty preview: mkdocs keeps the site folder, and writes only the pages and files that changed."""
        return self.preview and self.dirty

    def kept_message(self) -> str | None:
        return f"the last good {self.site_dir.name}/ was kept" if self.site_dir and not self.preview else None

    @reported
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Read the settings once, validate everything and run the gate; set the navigation, theme and assets."""
        if self.preview:
            self.idle.clear()  # set again when the build ends (_finish, on_build_error)
        self.problems, self.library = [], None
        started = time.perf_counter()
        try:
            self.project = read_config(Path(config.config_file_path))
        except Invalid as err:
            raise ContentInvalid([err.problem]) from None
        self.paths = project_paths(self.project, cache_dir=self.config.cache_dir)
        try:
            self.library, report = pipeline.validate(self.project, gate=self.config.gate,
                                                     kept=self.kept if self.preview else None)
            for warning in pipeline.warnings(self.library, report):
                LOG.warning("%s", warning.as_warning())  # counted by `mkdocs build --strict`
        except ContentInvalid as err:
            for warning in err.warnings:
                LOG.warning("%s", warning.as_warning())
            if not self.preview:
                raise
            self.problems = list(err.problems)  # the preview shows them as a page, and reloads when fixed
            LOG.error("%s", ProblemsFound(self.problems))
        apply_theme(config, self.paths.template_dirs)
        self.timings = {"validate": time.perf_counter() - started}
        self.site_started = time.perf_counter()
        self.libraries = pipeline.language_libraries(self.library) if self.library else {}
        search_languages(config, self.libraries)
        if self.library is not None:
            config.nav = [
                {"Home": "index.md"},
                {"Programs": "programs/index.md"},
                {"Exercises": "exercises/index.md"},
                *({area.capitalize(): area_source(area_slug(area))} for area in self.library.areas()),
                {"My log": "log.md"},
            ]  # the clinicians' page (the sheet builder) is linked from the footer, not from the patient's menu
        if not self.preview and self.config.atomic:
            self.site_dir = Path(config.site_dir).resolve()
            self.staging = self.site_dir.parent / f".{self.site_dir.name}.building-{os.getpid()}"
            shutil.rmtree(self.staging, ignore_errors=True)
            config.site_dir = str(self.staging)
            self.site_named = SiteFolderNamed(self.staging, self.site_dir)
            engine_logger("commands.build").addFilter(self.site_named)
        return config

    # -- pages -----------------------------------------------------------------------------------------------

    @reported
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Give every exercise and program the URL /exercises/<slug>/; add the index pages, My log and the logo."""
        files = self._files(files, config)
        if self.preview:  # the figure studio is a preview's only (handouts.site.studio)
            files.append(File.generated(config, studio.PAGE, content=studio.page_file_text(),
                                        inclusion=InclusionLevel.NOT_IN_NAV))
        if self.incremental:
            self._write_only_changes(files)
        self._start_pdfs(config)
        return files

    def _start_pdfs(self, config: MkDocsConfig) -> None:
        """A build's PDFs start here, in worker processes, while the engine builds the pages on the other cores:
        after the content is checked and the site folder emptied (just before this event), before any page.
        _finish waits for them. (A preview makes its PDFs after its pages, in a thread: _pdfs_in_background.)"""
        self.pdfs_under_way = None
        if self.preview or not self.config.pdfs or self.library is None or self.paths is None or self.problems:
            return
        self.pdfs_under_way = pipeline.start_pdfs(
            self.library, self.paths, Path(config.site_dir) / "pdf", self.config.concurrency,
            translations=self.libraries, render=self.render_pdfs)

    def _files(self, files: Files, config: MkDocsConfig) -> Files:
        for file in list(files.documentation_pages()):
            folder = file.src_uri.split("/", 1)[0]
            if folder in ("exercises", "programs") and file.src_uri.count("/") > 1:
                files.remove(file)
                dest = posixpath.join(folder, file.name, "index.html")
                files.append(File(file.src_uri, file.src_dir, config.site_dir, config.use_directory_urls,
                                  dest_uri=dest))
        add_search_worker(files, config)
        lib = self.library
        if lib is None:
            return files
        if lib.clinic.logo:
            logo = Path(lib.clinic.logo)
            files.append(File.generated(config, f"assets/clinic-logo{logo.suffix}", abs_src_path=str(logo)))
        generated = {"programs/index.md": "# Programs\n", "exercises/index.md": "# Exercises\n", "log.md": "# My log\n"}
        generated.update({PAGE: "# Make a sheet\n", PERSONAL: "# My program\n", CLINICIANS: "# For clinicians\n"})
        generated.update({area_source(area_slug(area)): f"# {area.capitalize()}\n" for area in lib.areas()})
        for src_uri, text in generated.items():
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=text))
        # The sheet builder's exercise index and printable parts (handouts.patient.builder: the PDFs' own templates),
        # and the personal program page's parts (the program page's own partial).
        if self.preview:
            self.stamp = self._site_stamp()  # once a build: the parts, the pages and the PDF batch compare it
            self.parts.start(self.stamp)
        kept = self.parts if self.preview else None
        parts = {**print_parts(lib, self.paths.template_dirs, kept=kept),
                 **program_parts(lib, self.paths.template_dirs, kept=kept)} if self.paths is not None else {}
        # Each exercise's small start-pose picture, which the lists and the picker show (handouts.render.choosing).
        for src_uri, text in {INDEX: index_json(lib), **parts, **thumbnail_files(lib)}.items():
            files.append(File.generated(config, src_uri, content=text))
        # The menu is the plugin's (on_config); every other page is reached from the lists, the area pages and the
        # footer: not in the menu by design, so the engine does not list them at each build.
        in_menu = {page for entry in config.nav or () for page in entry.values()}
        for file in files.documentation_pages():
            if file.src_uri not in in_menu:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        add_twins(files, config, self.libraries, self.paths.template_dirs if self.paths else None)
        self.files = files
        if self.preview:
            self.parts.sweep()
            self._keep_pages(files)
        return files

    def _write_only_changes(self, files: Files) -> None:
        """In a dirty preview mkdocs writes a page or file only if `is_modified()`: a page when its values changed
        (every page is still read, so titles and navigation stay whole), a file made in memory when its bytes did."""
        self.pages_ready = False
        if self.problems:  # every page will say so: once fixed, every page is written again
            self.pages.start(object())
        for file in files:
            if file.is_documentation_page():
                setattr(file, "is_modified", functools.partial(self._page_changed, file.src_uri))  # noqa: B010
            elif file.abs_src_path is None:  # made in memory (the sheet's index and parts)
                setattr(file, "is_modified", functools.partial(  # noqa: B010
                    self.written.changed, file.abs_dest_path, file.content_bytes))
        self.written.start({file.abs_dest_path for file in files})

    def _page_changed(self, src_uri: str) -> bool:
        return not self.pages_ready or bool(self.problems) or src_uri not in self.pages.reused

    # -- a preview renders again only the pages whose values changed (handouts.incremental) ---------------------

    def _site_stamp(self) -> tuple:
        """What every page shows: the settings files, the templates, the clinic, the areas, the languages."""
        lib, paths, project = self.library, self.paths, self.project
        assert lib is not None and paths is not None and project is not None
        settings = tuple(file_key(Path(file.path)) for file in project.files)
        return (settings, tree_stamp(paths.template_dirs), lib.clinic, lib.site_url, lib.site_name, lib.languages,
                tuple(lib.areas()), lib.area_names)

    def _keep_pages(self, files: Files) -> None:
        """Start a preview build: keep the last build's pages only if every page shows the same settings."""
        pages = tuple(f.src_uri for f in files.documentation_pages(inclusion=InclusionLevel.is_in_serve))
        self.pages.start(object() if self.problems else (self.stamp, pages))

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """In a preview, a page that shows what it showed last time is not read and converted again."""
        if not self.preview or self.problems:
            return page
        kept = self.pages.unchanged(page.file.src_uri, shows(page, self.libraries))
        if kept is not None:
            setattr(page, "read_source", lambda config: None)  # noqa: B010 - this page object only
            setattr(page, "render", lambda config, files: None)  # noqa: B010
            page.markdown, page.content, page.toc, page.meta = kept.markdown, kept.content, kept.toc, dict(kept.meta)
            page.present_anchor_ids = set(kept.anchors)
        return page

    @reported
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Our filters and values; autoescaping for our (and a clinic's) templates; template errors with lines.

        mkdocs' environment does not autoescape, and material's templates rely on that; ours print clinicians'
        text, so they escape it, and mark page.content safe where they show it.
        """
        ours = [Path(d) for d in config.theme.dirs if not Path(d).is_relative_to(material_dir())]

        # Jinja asks at every render of a template, includes too (a page renders dozens): each answer is kept for
        # this build, whose environment is new (a preview's next build asks again).
        @functools.cache
        def escaped(name: str | None) -> bool:
            return name is not None and name != "" and any((d / name).is_file() for d in ours)

        env.autoescape = escaped
        # The interface's words (`_()`, the dose filters, `words`) in the site's language (theme.language).
        language = config.theme.get("language")
        add_filters(env, language if language in LANGUAGES else DEFAULT_LANGUAGE)
        env.filters["content_security_policy"] = functools.partial(
            content_security_policy, live_reload=self.preview)  # mkdocs serve adds an inline live-reload script
        env.handle_exception = with_lines(env.handle_exception)
        env.bytecode_cache = self.compiled
        # While a preview shows problems, the templates still render (on_post_page replaces every page): an empty
        # library with a placeholder clinic keeps them from failing on what did not validate.
        lib = self.library or Library(
            clinic=Clinic(name=config.site_name, disclaimer="", safety=""), exercises={}, programs={},
            home=Home(title=config.site_name, body="", source=""),
        )
        logo = f"assets/clinic-logo{Path(lib.clinic.logo).suffix}" if lib.clinic.logo else None
        env.globals.update(library=lib, clinic=lib.clinic, clinic_logo=logo, colours=palette(lib.clinic.color),
                           offline_worker=self.config.offline and not self.preview,
                           search_workers=(search.material_worker(material_dir()), search.WORKER),
                           studio_settings=studio.settings() if self.preview else None)
        env.filters["url"] = in_page_language(env.filters["url"])
        if self.preview:  # a kept page renders nothing: on_post_page writes its kept output
            env.loader = ChoiceLoader([DictLoader({KEPT_TEMPLATE: ""}), env.loader])
        self.env = env
        self.pages_ready = True
        self.search_seen = len(self._search_entries(config))
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Use the validated front matter, never mkdocs' own YAML 1.1 reading of it; a page's words in its language."""
        lang = urls.split(page.file.src_uri)[0]
        lib = self.libraries.get(lang)
        if lib is None:
            return markdown
        markdown = page_markdown(markdown, page, lib, gettext(lang))
        page.meta["language"] = lang
        if self.preview and page.file.src_uri in self.pages.reused:
            page.meta["template"] = KEPT_TEMPLATE  # on_post_page writes what it rendered last time
        return markdown

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Each other language's navigation: the same entries, leading to that language's pages, in its words."""
        self.navs = navigations(nav, files, self.libraries)
        return nav

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> TemplateContext:
        """Hand the page's validated values to its template, in the page's language, with its navigation."""
        lang = page.meta.get("language", DEFAULT_LANGUAGE)
        lib = self.libraries.get(lang)
        kind, key = page_kind(page)
        values = cast(dict[str, Any], context)  # mkdocs' TypedDict lists only mkdocs' own keys
        values["kind"] = kind
        values["alternates"] = alternates(page, config, self.files, list(self.libraries))
        values["untranslated"] = untranslated(lib, kind, key)
        if lang in self.navs:
            values["nav"] = self.navs[lang]
        self._speak(lang)
        values["frames"] = frame_sources(lib.exercises[key].video) if lib and kind == "exercise" else ()
        if lib is None:
            return context
        if kind == "exercise":
            values["exercise"] = lib.exercises[key]
        elif kind == "program":
            values["program"] = lib.programs[key]
        elif kind == "area":
            values["area"] = page.meta["area"]
            values["exercises"] = lib.areas()[page.meta["area"]]
        return context

    def _speak(self, lang: str) -> None:
        """Set mkdocs' one environment to the language of the page it renders next (pages render one by one)."""
        lib = self.libraries.get(lang)
        if self.env is None or lib is None:
            return
        if self.env.globals.get("page_lang") == lang and self.env.globals.get("library") is lib:
            return  # as the last page left it
        add_filters(self.env, lang)
        self.env.globals.update(library=lib, clinic=lib.clinic)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """In a preview with problems, every page shows them instead of a stale or half-built page; a preview
        keeps each page it rendered, and writes a page whose values did not change as it was."""
        if self.problems:
            return problems_page(self.problems)
        if not self.preview:
            return output
        src_uri = page.file.src_uri
        entries = self._search_entries(config)
        search, self.search_seen = tuple(entries[self.search_seen:]), len(entries)  # what search added for the page
        if src_uri in self.pages.reused:
            return self.pages.kept[src_uri].output
        self.pages.keep(src_uri, KeptPage(
            shows=shows(page, self.libraries), markdown=page.markdown or "", meta=dict(page.meta),
            content=page.content or "", toc=page.toc,
            anchors=frozenset(page.present_anchor_ids or ()), search=search,
            output="" if self.incremental else output))  # a dirty preview never writes an unchanged page again
        return output

    @staticmethod
    def _search_entries(config: MkDocsConfig) -> list[dict]:
        """The entries material's search has indexed so far in this build (none without it)."""
        return cast(list, getattr(getattr(search_plugin(config), "search_index", None), "entries", []))

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return problems_page(self.problems) if self.problems and template_name.endswith(".html") else output_content

    # -- the end of a build ------------------------------------------------------------------------------------

    @event_priority(10)  # before search writes its index
    def _whole_search_index(self, *, config: MkDocsConfig) -> None:
        """A dirty preview builds only the pages that changed, so search saw only those: give it every page's
        entries, in the pages' order, as a full build has them (material's own dirty merge assumes one page)."""
        search = search_plugin(config)
        index = getattr(search, "search_index", None)
        if not self.incremental or self.problems or self.files is None or index is None:
            return
        pages = self.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        index.entries = [entry for file in pages if (kept := self.pages.kept.get(file.src_uri))
                         for entry in kept.search]
        search.search_index_prev = None

    @event_priority(-100)  # after every other plugin (search writes its index first)
    @reported
    def _finish(self, *, config: MkDocsConfig) -> None:
        """The PDFs, the disclaimer check on every page, the offline files, then the new site swapped in for the old."""
        site = Path(config.site_dir)
        lib, paths = self.library, self.paths
        self.idle.set()
        if lib is None or paths is None:
            return
        if self.preview:
            self.written.remove_gone()
            self._offline(lib, paths, site, config)
            if self.config.pdfs:
                self._pdfs_in_background(lib, paths, site / "pdf")
            return
        self.timings["site"] = time.perf_counter() - self.site_started
        started = time.perf_counter()
        batch, self.pdfs_under_way = self.pdfs_under_way, None
        pdfs = batch.finish() if batch is not None else None
        self.timings["pdf"] = pdfs.seconds if pdfs else 0.0  # from its start, beside the pages, to its last PDF
        self.timings["pdf_wait"] = time.perf_counter() - started  # what the build waited for it after the pages
        pages = pipeline.check_disclaimer(site, lib, self.libraries)
        self._offline(lib, paths, site, config)  # last: its worker lists (and hashes) every other file
        if config.strict and strict_warnings():
            raise PluginError(f"{strict_warnings()} warning(s) in strict mode; {self.kept_message()}")
        self.stats = pipeline.BuildStats(
            len(lib.exercises), len(lib.programs), pages, pdfs.rendered if pdfs else 0, pdfs.reused if pdfs else 0,
            dict(self.timings),
        )
        if self.staging is not None and self.site_dir is not None:
            pipeline.swap(self.staging, self.site_dir)
            config.site_dir = str(self.site_dir)  # gh-deploy publishes from here
            self.staging = None
        self._forget_site_named()
        if self.announce:
            stats = self.stats
            LOG.info("%d pages and %d PDFs (%d made, %d from the cache) in %s", stats.pages,
                     stats.pdfs_rendered + stats.pdfs_reused, stats.pdfs_rendered, stats.pdfs_reused, config.site_dir)

    def _forget_site_named(self) -> None:
        if self.site_named is not None:
            engine_logger("commands.build").removeFilter(self.site_named)
            self.site_named = None

    def _offline(self, lib: Library, paths: Paths, site: Path, config: MkDocsConfig) -> None:
        """The app's manifest and icons, and its service worker; a preview's removes itself (handouts.site.offline)."""
        search = search_plugin(config)
        language = config.theme["language"] or "en"
        offline.write_offline(
            site, lib.clinic, palette(lib.clinic.color), paths.template_dirs,
            enabled=self.config.offline and not self.preview, language=language,
            search_languages=getattr(getattr(search, "config", None), "lang", None) or [language],
        )

    on_post_build = CombinedEvent(_whole_search_index, _finish)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build leaves the last good site as it was: drop the staging folder. A dirty preview's folder
        may now hold half a build: the next one writes every page and file again."""
        self.written.clear()
        self.pages.start(object())
        self.idle.set()
        if self.pdfs_under_way is not None:  # before its staging folder goes
            self.pdfs_under_way.cancel()
            self.pdfs_under_way = None
        if self.staging is not None:  # kept (not None): an error message names the site folder in its place
            shutil.rmtree(self.staging, ignore_errors=True)
        self._forget_site_named()

    def _pdfs_in_background(self, lib: Library, paths: Paths, out: Path) -> None:
        """A preview serves at once; its PDFs follow (from the cache, then rendered), for the PDF links.

        One batch at a time (each writes into the same folder), and only the latest edit's: a batch waits for the
        one before it in its own thread, so the page an edit changed is served without waiting for PDFs, and a
        batch that a newer edit has overtaken does nothing."""
        previous, translations = self.background, self.libraries
        self.pdf_batch += 1
        batch = self.pdf_batch
        written = self.pdfs_written if self.incremental else None  # a clean preview empties its folder each time

        def render() -> None:
            if previous is not None:
                previous.join()
            if batch != self.pdf_batch:
                return
            try:
                pipeline.build_pdfs(lib, paths, out, self.config.concurrency, progress=False,
                                    translations=translations, written=written,
                                    between=functools.partial(self.idle.wait, IDLE_WAIT))
            except Exception as err:  # noqa: BLE001 - a preview reports it and goes on serving
                problem = template_problem(err)
                LOG.warning("the PDFs could not be made: %s", problem or err)

        self.background = threading.Thread(target=render, name="handouts-pdfs", daemon=True)
        self.background.start()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Callable) -> Any:
        """Reload the preview when the clinic's settings, logo or templates change, not only the pages; answer the
        figure studio (handouts.site.studio)."""
        if not getattr(server.application, "studio", False):
            server.set_app(studio.wsgi_app(server.application, lambda: (
                self.library, self.project.root if self.project else None)))
        if self.paths is not None:
            for folder in self.paths.template_dirs:
                server.watch(str(folder))
        if self.project is not None:
            for file in self.project.files:
                server.watch(str(file.path))
        return server

    def on_shutdown(self) -> None:
        self.idle.set()  # a batch waiting for a build that will not end goes on, and ends
        if self.background is not None:
            self.background.join()


