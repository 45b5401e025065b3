"""The mkdocs glue: validated content in, pages rendered by templates/ out.

Kept thin on purpose: it only places the Library's values where the templates can reach
them; the dose sentence, the Markdown set-up and the colours come from the same functions
the PDFs use.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import posixpath
from collections.abc import Iterator
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .brand import palette
from .content import load_library
from .csp import content_security_policy
from .errors import ContentInvalid
from .models import Library
from .render import add_filters, area_slug

LOGGER = logging.getLogger("handouts")
_preloaded: Library | None = None
_library: Library | None = None
_command = "build"


@contextlib.contextmanager
def preloaded(library: Library) -> Iterator[None]:
    """Let one mkdocs build use a Library the caller has already validated."""
    global _preloaded
    _preloaded = library
    try:
        yield
    finally:
        _preloaded = None


def library() -> Library:
    if _library is None:
        raise PluginError("handouts: the content was not loaded (is handouts/hooks.py listed under hooks:?)")
    return _library


def on_startup(command: str, dirty: bool) -> None:
    """Remember mkdocs' command: `mkdocs serve` previews without rendering PDFs."""
    global _command
    _command = command


def on_post_build(config: MkDocsConfig) -> None:
    """Plain `mkdocs build` and `mkdocs gh-deploy` make the PDFs too (python build.py does its own)."""
    if _preloaded is not None or _command == "serve":
        return
    from .pipeline import build_pdfs, check_disclaimer

    lib = library()
    build_pdfs(lib, paths_for_config(config), Path(config.site_dir) / "pdf")
    check_disclaimer(Path(config.site_dir), lib)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Validate everything before mkdocs reads a page; set the short navigation."""
    global _library
    try:
        _library = _preloaded or load_library(config.config_file_path)
    except ContentInvalid as err:
        raise PluginError(f"{err}\n{len(err.problems)} problem(s) found; nothing was built.") from None
    lib = _library
    # A clinic's templates first, then the project's, then material's own.
    ours = list(paths_for_config(config).template_dirs)
    config.theme.dirs = ours + [d for d in config.theme.dirs if Path(d).resolve() not in ours]
    config.nav = [
        {"Home": "index.md"},
        {"Programs": "programs/index.md"},
        {"Exercises": "exercises/index.md"},
        *({area.capitalize(): f"areas/{area_slug(area)}.md"} for area in lib.areas()),
    ]
    if _preloaded is None:  # python build.py has shown these already
        for warning in lib.warnings:
            LOGGER.warning("%s", warning.as_warning())
    config.theme["palette"] = {"primary": "custom", "accent": "custom"}
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Give every exercise and program the URL /exercises/<slug>/; add the index pages."""
    lib = library()
    for file in list(files.documentation_pages()):
        folder = file.src_uri.split("/", 1)[0]
        if folder in ("exercises", "programs") and file.src_uri.count("/") > 1:
            files.remove(file)
            dest = posixpath.join(folder, file.name, "index.html")
            files.append(File(file.src_uri, file.src_dir, config.site_dir, config.use_directory_urls, dest_uri=dest))
    if lib.clinic.logo:
        logo = Path(lib.clinic.logo)
        files.append(File.generated(config, f"assets/clinic-logo{logo.suffix}", abs_src_path=str(logo)))
    generated = {"programs/index.md": "# Programs\n", "exercises/index.md": "# Exercises\n"}
    generated.update({f"areas/{area_slug(area)}.md": f"# {area.capitalize()}\n" for area in lib.areas()})
    for src_uri, text in generated.items():
        if files.get_file_from_path(src_uri) is None:
            files.append(File.generated(config, src_uri, content=text))
    return files


def on_env(env, config: MkDocsConfig, files: Files):
    """Our filters and values; autoescaping for the project's (and a clinic's) own templates.

    mkdocs' environment does not autoescape, and material's templates rely on that; ours
    print clinicians' text, so they escape it, and mark page.content safe where they show it.
    """
    ours = [Path(d) for d in config.theme.dirs if not Path(d).is_relative_to(Path(material_dir()))]
    env.autoescape = lambda name: bool(name) and any((d / name).is_file() for d in ours)
    add_filters(env)
    preview = _command == "serve" and _preloaded is None  # mkdocs serve adds an inline live-reload script
    env.filters["content_security_policy"] = functools.partial(content_security_policy, live_reload=preview)
    lib = library()
    logo = f"assets/clinic-logo{Path(lib.clinic.logo).suffix}" if lib.clinic.logo else None
    env.globals.update(library=lib, clinic=lib.clinic, clinic_logo=logo, colours=palette(lib.clinic.color))
    return env


def paths_for_config(config: MkDocsConfig):
    from .pipeline import paths_for

    return paths_for(Path(config.config_file_path))


def material_dir() -> str:
    import material

    return str(Path(material.__file__).parent)


def page_kind(page: Page) -> tuple[str, str | None]:
    """What a page shows: ('exercise', slug), ('program', slug), ('area', slug), or (kind, None)."""
    src = page.file.src_uri
    folder, _, rest = src.partition("/")
    if src == "index.md":
        return "home", None
    if folder in ("programs", "exercises") and rest == "index.md":
        return folder, None
    if folder == "exercises":
        return "exercise", page.file.name
    if folder == "programs":
        return "program", page.file.name
    if folder == "areas":
        return "area", page.file.name
    return "page", None


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Use the validated front matter, never mkdocs' own YAML 1.1 reading of it."""
    lib = library()
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
        page.meta = {"template": "area.html", "title": area.capitalize(), "area": area}
    elif kind in ("programs", "exercises"):
        page.meta = {"template": f"{kind}.html", "title": kind.capitalize()}
    return markdown


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    """Hand the page's validated values to its template."""
    lib = library()
    kind, key = page_kind(page)
    context["kind"] = kind
    if kind == "exercise":
        context["exercise"] = lib.exercises[key]
    elif kind == "program":
        context["program"] = lib.programs[key]
    elif kind == "area":
        context["area"] = page.meta["area"]
        context["exercises"] = lib.areas()[page.meta["area"]]
    return context


def serve(config_file: Path, dev_addr: str) -> None:
    """mkdocs' live preview; it reloads on edits to content/, templates/ and the config."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    from .pipeline import paths_for

    load_library(config_file)  # fail early, with path:line problems, before the server starts
    paths = paths_for(config_file)
    overrides = paths.mkdocs_overrides()
    del overrides["site_dir"]  # mkdocs serves from a temporary folder of its own
    mkdocs_serve(
        config_file=str(config_file), dev_addr=dev_addr, livereload=True,
        watch=[str(d) for d in paths.template_dirs], **overrides,
    )
