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
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from jinja2 import BytecodeCache, ChoiceLoader, DictLoader, pass_context
from jinja2.bccache import Bucket
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import base, load_config
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, _add_previous_and_next_links
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from . import languages, offline, pipeline, search
from .brand import palette
from .config import Paths, ProjectConfig, project_paths, read_config
from .csp import content_security_policy
from .errors import BuildError, ContentInvalid, HandoutsError, Problem, disk_error
from .frontmatter import Invalid
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, gettext, translations
from .incremental import Kept, KeptPage, Pages, Written, file_key, tree_stamp
from .models import Clinic, Home, Library, area_slug
from .render import add_filters, template_problem
from .sheet import CLINICIANS, INDEX, PAGE, PERSONAL, index_json, print_parts, program_parts
from .video import frame_sources

LOG = get_plugin_logger(__name__)
LOGGER = logging.getLogger("handouts")
ASSETS = {"extra_css": ["assets/fonts.css", "assets/site.css", "assets/timer.css", "assets/player.css",
                        "assets/log.css", "assets/video.css", "assets/sheet.css", "assets/figure.css",
                        "assets/language.css"],
          "extra_javascript": ["assets/dom.js", "assets/words.js", "assets/linkcodec.js", "assets/timer.js",
                               "assets/player.js", "assets/log.js", "assets/offline.js", "assets/video.js",
                               "assets/figure.js", "assets/language.js"]}
"""The project's own style sheets and scripts, from its templates folder; a clinic need not list them. The scripts in
the order they load: the shared modules first (the page, the words, the dose and its links), then each capability."""
IDLE_WAIT = 30.0
"""Seconds a preview's PDF batch waits for a page build to end before it goes on regardless (it yields, never stops)."""
KEPT_TEMPLATE = "handouts-kept.html"
"""The template of a preview's page whose values did not change: nothing; on_post_page writes the kept page."""
MARKDOWN = {"attr_list": {}, "admonition": {}, "toc": {"permalink": False}}
"""Markdown extensions the content format needs (handouts.render uses the same set for the PDFs)."""

F = TypeVar("F", bound=Callable[..., Any])


class ProblemsFound(PluginError):
    """The content, the settings or a template has problems; each names its file and line."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = list(problems)
        count = len(self.problems)
        listing = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{listing}\n{count} problem{'s' if count != 1 else ''} found; nothing was built.")


def reported(event: F) -> F:
    """Turn what a clinic can cause (content problems, a broken template, a full disk) into a PluginError.

    mkdocs prints a PluginError as one message and exits 1, with no traceback.
    """
    @functools.wraps(event)
    def run(self: HandoutsPlugin, *args: Any, **kwargs: Any) -> Any:
        try:
            return event(self, *args, **kwargs)
        except PluginError:
            raise
        except ContentInvalid as err:
            raise ProblemsFound(err.problems) from None
        except OSError as err:
            if err.filename and self.staging and self.site_dir:  # name the site folder, not the staging one
                err.filename = str(err.filename).replace(str(self.staging), str(self.site_dir))
            raise PluginError(str(disk_error(err, self.kept_message()))) from None
        except HandoutsError as err:
            raise PluginError(str(err)) from None
        except Exception as err:
            problem = template_problem(err)
            if problem is None:
                raise
            raise ProblemsFound([problem]) from None

    return run  # type: ignore[return-value]


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
    """Works offline: a service worker keeps a copy of the site on a patient's phone (handouts.offline)."""


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory between a preview's rebuilds (mkdocs makes a new Jinja environment for
    each build, which would compile every template again). Jinja keys each by the template's name and checks the
    checksum of its source, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.kept:
            bucket.bytecode_from_string(self.kept[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


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
        self.compiled = _CompiledTemplates()
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
        self.handouts = Kept()
        """A preview's handouts (each key and HTML, under the values it shows), kept between PDF batches."""
        self.pdfs_written: dict[str, str] = {}
        """Each PDF a preview's batches wrote, with its cache key."""
        self.idle = threading.Event()
        """Set while a preview is not building its pages: its PDF batch, in a thread, makes handouts only then."""
        self.idle.set()
        self.announce = True
        """Say what was built at the end (build() says it itself, with the whole build's time)."""
        self.site_named: logging.Filter | None = None

    # -- setup ---------------------------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember the command: `serve` previews (no swap; PDFs in the background; problems as a page)."""
        self.command, self.dirty = command, dirty
        if command == "serve":
            _stop_on_sigterm()
        self.announce = True  # say what was built (build() says it itself, with the whole build's time)
        self.site_named = None
        # mkdocs keeps this instance for the whole process: what a preview kept must not reach a later command.
        self.kept, self.parts, self.pages, self.handouts = Kept(), Kept(), Pages(), Kept()
        self.written, self.pdfs_written = Written(), {}
        if self.incremental:  # the plugin keeps a dirty preview's navigation and search whole (on_files)
            engine_logger("commands.build").addFilter(_dirty_notice)
        core = logging.getLogger("handouts")
        if not core.handlers:  # plain mkdocs: the core's warnings go through mkdocs (and count under --strict)
            core.addHandler(_ToMkdocs())
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
        self._theme(config)
        self.timings = {"validate": time.perf_counter() - started}
        self.site_started = time.perf_counter()
        self.libraries = pipeline.language_libraries(self.library) if self.library else {}
        self._search_languages(config)
        if self.library is not None:
            config.nav = [
                {"Home": "index.md"},
                {"Programs": "programs/index.md"},
                {"Exercises": "exercises/index.md"},
                *({area.capitalize(): f"areas/{area_slug(area)}.md"} for area in self.library.areas()),
                {"My log": "log.md"},
            ]  # the clinicians' page (the sheet builder) is linked from the footer, not from the patient's menu
        if not self.preview and self.config.atomic:
            self.site_dir = Path(config.site_dir).resolve()
            self.staging = self.site_dir.parent / f".{self.site_dir.name}.building-{os.getpid()}"
            shutil.rmtree(self.staging, ignore_errors=True)
            config.site_dir = str(self.staging)
            self.site_named = _SiteFolderNamed(self.staging, self.site_dir)
            engine_logger("commands.build").addFilter(self.site_named)
        return config

    def _search_languages(self, config: MkDocsConfig) -> None:
        """Search in every language of the site (`extra.languages`), with lunr's support for each: the search
        plugin's `lang` gains them, so a clinic names its languages once."""
        search = _search_plugin(config)
        options = getattr(search, "config", None)
        if options is None or len(self.libraries) < 2:
            return
        listed = options.get("lang")
        missing = [lang for lang in self.libraries if lang not in (listed or [])]
        if isinstance(listed, list):
            listed.extend(missing)  # in place: material's search index holds this very list since its on_config
        else:
            options["lang"] = missing

    def _theme(self, config: MkDocsConfig) -> None:
        """A clinic's templates, then the project's, then material's; no web fonts; our colours and assets."""
        theme_dirs = [Path(d).resolve() for d in config.theme.dirs]
        ours = [d for d in self.paths.template_dirs if d not in theme_dirs] if self.paths else []
        custom = [d for d in theme_dirs if not d.is_relative_to(material_dir())]
        config.theme.dirs = [str(d) for d in custom + ours] + [
            d for d in config.theme.dirs if Path(d).resolve() not in custom
        ]
        config.theme["font"] = False  # the fonts are ours, served by the site: no request to another host
        config.theme["palette"] = {"primary": "custom", "accent": "custom"}
        for key, assets in ASSETS.items():  # first, so that a clinic's own style sheet comes after ours
            listed = [str(a) for a in config[key]]
            config[key][0:0] = [a for a in assets if a not in listed]
        for name, options in MARKDOWN.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                config.mdx_configs.setdefault(name, options)

    # -- pages -----------------------------------------------------------------------------------------------

    @reported
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Give every exercise and program the URL /exercises/<slug>/; add the index pages, My log and the logo."""
        files = self._files(files, config)
        if self.incremental:
            self._write_only_changes(files)
        return files

    def _files(self, files: Files, config: MkDocsConfig) -> Files:
        for file in list(files.documentation_pages()):
            folder = file.src_uri.split("/", 1)[0]
            if folder in ("exercises", "programs") and file.src_uri.count("/") > 1:
                files.remove(file)
                dest = posixpath.join(folder, file.name, "index.html")
                files.append(File(file.src_uri, file.src_dir, config.site_dir, config.use_directory_urls,
                                  dest_uri=dest))
        self._search_worker(files, config)
        lib = self.library
        if lib is None:
            return files
        if lib.clinic.logo:
            logo = Path(lib.clinic.logo)
            files.append(File.generated(config, f"assets/clinic-logo{logo.suffix}", abs_src_path=str(logo)))
        generated = {"programs/index.md": "# Programs\n", "exercises/index.md": "# Exercises\n", "log.md": "# My log\n"}
        generated.update({PAGE: "# Make a sheet\n", PERSONAL: "# My program\n", CLINICIANS: "# For clinicians\n"})
        generated.update({f"areas/{area_slug(area)}.md": f"# {area.capitalize()}\n" for area in lib.areas()})
        for src_uri, text in generated.items():
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=text))
        # The sheet builder's exercise index and printable parts (handouts.sheet: the PDFs' own templates), and the
        # personal program page's parts (the program page's own partial).
        if self.preview:
            self.stamp = self._site_stamp()  # once a build: the parts, the pages and the PDF batch compare it
            self.parts.start(self.stamp)
        kept = self.parts if self.preview else None
        parts = {**print_parts(lib, self.paths.template_dirs, kept=kept),
                 **program_parts(lib, self.paths.template_dirs, kept=kept)} if self.paths is not None else {}
        for src_uri, text in {INDEX: index_json(lib), **parts}.items():
            files.append(File.generated(config, src_uri, content=text))
        # The menu is the plugin's (on_config); every other page is reached from the lists, the area pages and the
        # footer: not in the menu by design, so the engine does not list them at each build.
        in_menu = {page for entry in config.nav or () for page in entry.values()}
        for file in files.documentation_pages():
            if file.src_uri not in in_menu:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        self._other_languages(files, config)
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

    def _shows(self, page: Page) -> Any:
        """The values a page shows: it is rendered again when they change."""
        lang, _ = languages.split(page.file.src_uri)
        lib = self.libraries.get(lang)
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

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        """In a preview, a page that shows what it showed last time is not read and converted again."""
        if not self.preview or self.problems:
            return page
        kept = self.pages.unchanged(page.file.src_uri, self._shows(page))
        if kept is not None:
            setattr(page, "read_source", lambda config: None)  # noqa: B010 - this page object only
            setattr(page, "render", lambda config, files: None)  # noqa: B010
            page.markdown, page.content, page.toc, page.meta = kept.markdown, kept.content, kept.toc, dict(kept.meta)
            page.present_anchor_ids = set(kept.anchors)
        return page

    @staticmethod
    def _search_worker(files: Files, config: MkDocsConfig) -> None:
        """Our search worker (handouts.search), from the templates, with the name of material's worker it loads."""
        ours = files.get_file_from_path(search.WORKER)
        if ours is None or ours.abs_src_path is None:
            raise BuildError(f"{search.WORKER}: not in the templates (it is the site's search worker)")
        files.remove(ours)
        source = Path(ours.abs_src_path).read_text(encoding="utf-8")
        files.append(File.generated(config, search.WORKER,
                                    content=search.worker(source, search.material_worker(material_dir()))))

    def _other_languages(self, files: Files, config: MkDocsConfig) -> None:
        """Every page again under /<lang>/ for each other language, with its sheet index and printable parts.

        A twin is a generated page whose Markdown on_page_markdown replaces with the language's library, so it has
        the same doses; a page with no translation is published in English there, with a note (handouts.languages).
        """
        for file in list(files.documentation_pages()):  # `<slug>.es.md` are translations, read by handouts.content
            if languages.is_translation(file.src_uri):
                files.remove(file)
        pages = list(files.documentation_pages())
        for lang, lib in self.libraries.items():
            if lang == DEFAULT_LANGUAGE:
                continue
            for page in pages:
                twin = File.generated(config, languages.prefix(lang) + page.src_uri, content=page.content_string,
                                     inclusion=InclusionLevel.NOT_IN_NAV)
                twin.dest_uri = languages.prefix(lang) + page.dest_uri
                files.append(twin)
            parts = {**print_parts(lib, self.paths.template_dirs, lang),
                     **program_parts(lib, self.paths.template_dirs, lang)} if self.paths is not None else {}
            for src_uri, text in {INDEX: index_json(lib), **parts}.items():
                files.append(File.generated(config, languages.prefix(lang) + src_uri, content=text))

    @reported
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Our filters and values; autoescaping for our (and a clinic's) templates; template errors with lines.

        mkdocs' environment does not autoescape, and material's templates rely on that; ours print clinicians'
        text, so they escape it, and mark page.content safe where they show it.
        """
        ours = [Path(d) for d in config.theme.dirs if not Path(d).is_relative_to(material_dir())]
        env.autoescape = lambda name: bool(name) and any((d / name).is_file() for d in ours)
        # The interface's words (`_()`, the dose filters, `words`) in the site's language (theme.language).
        language = config.theme.get("language")
        add_filters(env, language if language in LANGUAGES else DEFAULT_LANGUAGE)
        env.filters["content_security_policy"] = functools.partial(
            content_security_policy, live_reload=self.preview)  # mkdocs serve adds an inline live-reload script
        env.handle_exception = _with_lines(env.handle_exception)
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
                           search_workers=(search.material_worker(material_dir()), search.WORKER))
        env.filters["url"] = _in_page_language(env.filters["url"])
        if self.preview:  # a kept page renders nothing: on_post_page writes its kept output
            env.loader = ChoiceLoader([DictLoader({KEPT_TEMPLATE: ""}), env.loader])
        self.env = env
        self.pages_ready = True
        self.search_seen = len(self._search_entries(config))
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Use the validated front matter, never mkdocs' own YAML 1.1 reading of it; a page's words in its language."""
        lang = languages.split(page.file.src_uri)[0]
        lib = self.libraries.get(lang)
        if lib is None:
            return markdown
        markdown = self._page_markdown(markdown, page, lib, gettext(lang))
        page.meta["language"] = lang
        if self.preview and page.file.src_uri in self.pages.reused:
            page.meta["template"] = KEPT_TEMPLATE  # on_post_page writes what it rendered last time
        return markdown

    @staticmethod
    def _page_markdown(markdown: str, page: Page, lib: Library, _: Callable[[str], str]) -> str:
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

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Each other language's navigation: the same entries, leading to that language's pages, in its words."""
        self.navs = {}
        for lang in self.libraries:
            if lang == DEFAULT_LANGUAGE:
                continue
            _ = gettext(lang)
            lib = self.libraries[lang]
            areas = {f"areas/{area_slug(a)}.md": lib.area_title(a) for a in lib.areas()}
            items = []
            for item in nav.items:
                twin = files.get_file_from_path(languages.prefix(lang) + item.file.src_uri) if item.is_page else None
                if twin is not None and twin.page is not None:
                    twin.page.title = areas.get(item.file.src_uri) or _(item.title)
                    items.append(twin.page)
            self.navs[lang] = Navigation(items, list(items))
            self.navs[lang].homepage = next((p for p in items if p.file.src_uri == f"{lang}/index.md"), None)
            _add_previous_and_next_links(items)
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
        values["alternates"] = self._alternates(page, config)
        values["untranslated"] = _untranslated(lib, kind, key)
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

    def _alternates(self, page: Page, config: MkDocsConfig) -> list[dict[str, Any]]:
        """The page in every language of the site: its language, name, address from this page, and full address."""
        if self.files is None or len(self.libraries) < 2:
            return []
        _, base = languages.split(page.file.src_uri)
        found = []
        for lang in self.libraries:
            twin = self.files.get_file_from_path(languages.prefix(lang) + base)
            if twin is None:
                continue
            href = get_relative_url(twin.url, page.url)
            found.append({"lang": lang, "name": languages.LANGUAGE_NAMES.get(lang, lang), "href": href,
                          "url": (config.site_url or "") + twin.url if config.site_url else href,
                          "current": twin is page.file})
        return found

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
            shows=self._shows(page), markdown=page.markdown or "", meta=dict(page.meta), content=page.content or "",
            toc=page.toc,
            anchors=frozenset(page.present_anchor_ids or ()), search=search,
            output="" if self.incremental else output))  # a dirty preview never writes an unchanged page again
        return output

    @staticmethod
    def _search_entries(config: MkDocsConfig) -> list[dict]:
        """The entries material's search has indexed so far in this build (none without it)."""
        return cast(list, getattr(getattr(_search_plugin(config), "search_index", None), "entries", []))

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return problems_page(self.problems) if self.problems and template_name.endswith(".html") else output_content

    # -- the end of a build ------------------------------------------------------------------------------------

    @event_priority(10)  # before search writes its index
    def _whole_search_index(self, *, config: MkDocsConfig) -> None:
        """A dirty preview builds only the pages that changed, so search saw only those: give it every page's
        entries, in the pages' order, as a full build has them (material's own dirty merge assumes one page)."""
        search = _search_plugin(config)
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
        pdfs = pipeline.build_pdfs(lib, paths, site / "pdf", self.config.concurrency,
                                   translations=self.libraries) if self.config.pdfs else None
        self.timings["pdf"] = time.perf_counter() - started
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
        """The app's manifest and icons, and its service worker; a preview's removes itself (handouts.offline)."""
        search = _search_plugin(config)
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
        batch, stamp = self.pdf_batch, self.stamp
        written = self.pdfs_written if self.incremental else None  # a clean preview empties its folder each time

        def render() -> None:
            if previous is not None:
                previous.join()
            if batch != self.pdf_batch:
                return
            try:
                self.handouts.start(stamp)  # the templates and settings every handout shows
                pipeline.build_pdfs(lib, paths, out, self.config.concurrency, progress=False,
                                    translations=translations, kept=self.handouts, written=written,
                                    between=functools.partial(self.idle.wait, IDLE_WAIT))
                self.handouts.sweep()
            except Exception as err:  # noqa: BLE001 - a preview reports it and goes on serving
                problem = template_problem(err)
                LOG.warning("the PDFs could not be made: %s", problem or err)

        self.background = threading.Thread(target=render, name="handouts-pdfs", daemon=True)
        self.background.start()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Callable) -> Any:
        """Reload the preview when the clinic's settings, logo or templates change, not only the pages."""
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


def strict_warnings() -> int:
    """The warnings mkdocs has counted so far in this build (it aborts on them in strict mode, after this plugin)."""
    from mkdocs.utils import CountHandler

    counters = [h for h in engine_logger().handlers if isinstance(h, CountHandler)]
    return sum(count for counter in counters for _, count in counter.get_counts())


class _ToMkdocs(logging.Handler):
    """Hands the core's log records (logger "handouts") to the plugin's mkdocs logger."""

    def emit(self, record: logging.LogRecord) -> None:
        LOG.log(record.levelno, "%s", record.getMessage())


def build(config_file: Path | str = "mkdocs.yml", *, pdfs: bool = True, strict: bool = False) -> pipeline.BuildStats:
    """Build the site and the PDFs exactly as `mkdocs build` does: mkdocs with the `handouts` plugin.

    Raises ContentInvalid (every problem, with its file and line) or BuildError; the last good site stays.
    """
    started = time.perf_counter()
    plugin: HandoutsPlugin | None = None
    quiet = _QuietErrors()  # each error is raised to the caller, who prints it once, in our words
    engine_logger("commands.build").addFilter(quiet)
    try:
        try:
            config = load_config(config_file=str(config_file), strict=strict)
        except ConfigurationError as err:
            raise BuildError(f"{config_file}: {err}") from None
        found = config.plugins.get("handouts")
        if not isinstance(found, HandoutsPlugin):
            raise BuildError(f"{config_file}: add the handouts plugin: 'plugins: [search, handouts]'")
        plugin = found
        # mkdocs keeps one instance of the plugin per process (its plugin cache), and only its command line calls
        # on_startup: say that this is a build, whatever the instance did before (a preview in the same process).
        plugin.on_startup(command="build", dirty=False)
        plugin.announce = False
        plugin.config.pdfs = plugin.config.pdfs and pdfs
        mkdocs_build(config)
    except Abort as err:
        cause = err.__context__
        if isinstance(cause, ProblemsFound):
            raise ContentInvalid(cause.problems) from None
        raise BuildError(str(cause or err)) from None
    except MkDocsException as err:
        raise BuildError(str(err)) from None
    except OSError as err:  # a folder mkdocs could not write, a full disk: the plugin has kept the last site
        if plugin is not None and plugin.staging and plugin.site_dir and err.filename:
            err.filename = str(err.filename).replace(str(plugin.staging), str(plugin.site_dir))
        kept = plugin.kept_message() if plugin is not None else None
        raise disk_error(err, kept or "the last good site was kept") from None
    finally:
        engine_logger("commands.build").removeFilter(quiet)
    stats = plugin.stats
    assert stats is not None
    stats.seconds["total"] = time.perf_counter() - started
    made = stats.pdfs_rendered + stats.pdfs_reused
    LOGGER.info("Built %d pages and %d PDFs (%d re-rendered) into %s in %.1f s", stats.pages, made,
                stats.pdfs_rendered, config.site_dir, stats.seconds["total"])
    return stats


def _search_plugin(config: MkDocsConfig) -> Any:
    """mkdocs-material's search plugin (or mkdocs' own), or None."""
    return config.plugins.get("material/search") or config.plugins.get("search")


def _stop_on_sigterm() -> None:
    """A preview stopped by SIGTERM (a process manager, a test) shuts down as on Ctrl-C: its PDF workers are ended
    with it, rather than left to fail, each with a traceback, to hand back a PDF to a process that is gone."""
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, signal.default_int_handler)


def engine_logger(name: str = "") -> logging.Logger:
    """The engine's logger `name` ("commands.build"): `mkdocs.…` under MkDocs, `properdocs.…` under ProperDocs,
    whose modules answer `import mkdocs…` and log under their own names."""
    import mkdocs

    return logging.getLogger(".".join(filter(None, (mkdocs.__name__, name))))


class _SiteFolderNamed(logging.Filter):
    """The engine says where it builds: the site folder, not the staging folder the plugin swaps in at the end."""

    def __init__(self, staging: Path, site: Path) -> None:
        super().__init__()
        self.staging, self.site = str(staging), str(site)

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and self.staging in record.msg:
            record.msg = record.msg.replace(self.staging, self.site)
        return True


def _dirty_notice(record: logging.LogRecord) -> bool:
    """Drops mkdocs' warning that a dirty build's navigation may be wrong: with the plugin, it is not."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


class _QuietErrors(logging.Filter):
    """mkdocs logs an error before raising it; build() raises it to its caller, which prints it once."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.ERROR


def _with_lines(handle_exception: Callable) -> Callable:
    """Jinja's exception handler, re-raising a template's mistake as a problem at its file and line."""
    def handle(source: str | None = None) -> Any:
        try:
            return handle_exception(source)
        except ProblemsFound:
            raise  # an included template's mistake, already placed at its own line
        except Exception as err:
            problem = template_problem(err)
            if problem is None:
                raise
            raise ProblemsFound([problem]) from None

    return handle


@functools.lru_cache(maxsize=1)
def material_dir() -> Path:
    import material

    return Path(material.__file__).parent.resolve()


def _in_page_language(mkdocs_url: Callable) -> Callable:
    """mkdocs' `url` filter, keeping a page's links in its language: 'exercises/x/' is 'es/exercises/x/' on a
    Spanish page (handouts.languages.localized); pictures, scripts and the search index are every language's."""
    @pass_context
    def url(context: Any, value: str) -> str:
        return str(mkdocs_url(context, languages.localized(str(value), context.get("page_lang") or DEFAULT_LANGUAGE)))

    return url


def _untranslated(lib: Library | None, kind: str, key: str) -> bool:
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
    src = languages.split(page.file.src_uri)[1]
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
    from markupsafe import escape

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
