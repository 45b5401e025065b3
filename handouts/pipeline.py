"""The whole build in one function: read and validate everything, then write the site and PDFs.

The new site is built beside the old one and swapped in only when complete, so a failed
build leaves the last good site/ exactly as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from .config import Paths, project_paths, read_config
from .content import read_library
from .errors import BuildError, ContentInvalid, Problem, disk_error
from .frontmatter import Invalid
from .models import Library
from .readability import Report, check_library, load_settings
from .render import template_problem

LOGGER = logging.getLogger("handouts")


def paths_for(config_file: Path) -> Paths:
    try:
        return project_paths(read_config(config_file))
    except Invalid as err:
        raise ContentInvalid([err.problem]) from None


@dataclass(frozen=True)
class BuildReport:
    exercises: int
    programs: int
    pages: int
    pdfs_rendered: int
    pdfs_reused: int
    seconds: dict[str, float]


def validate(config_file: Path | str = "mkdocs.yml", *, strict: bool = False) -> tuple[Library, Report]:
    """Read and validate the settings and every content file, then the health-literacy gate.

    Raises ContentInvalid listing every problem (and, when strict, every warning); returns the
    Library and the readability report, whose warnings the caller shows. One run finds all it can:
    the gate scores every page that is valid even when other files have problems (it waits only
    for its own settings to be valid).
    """
    problems: list[Problem] = []
    try:
        settings = load_settings(config_file)
    except ContentInvalid as err:  # report these with the content's problems, all at once
        settings, problems = None, list(err.problems)
    try:
        library, found = read_library(config_file)
    except ContentInvalid as err:
        raise ContentInvalid(problems + [p for p in err.problems if p not in problems]) from None
    problems += [p for p in found if p not in problems]
    report = check_library(library, settings) if settings is not None else Report(())
    problems += report.failures
    if strict:
        problems += warnings(library, report)
    if problems:
        raise ContentInvalid(problems, [] if strict else warnings(library, report))
    return library, report


def warnings(library: Library, report: Report) -> list[Problem]:
    """Everything worth a warning: the clinic's settings, then the health-literacy gate's."""
    return [*library.warnings, *report.warnings]


def build(config_file: Path | str = "mkdocs.yml", *, pdfs: bool = True) -> BuildReport:
    """Validate, build the site and the PDFs into a new folder, then swap it in for site_dir."""
    config_file = Path(config_file)
    started = time.perf_counter()
    library, readability = validate(config_file)
    for warning in warnings(library, readability):
        LOGGER.warning("%s", warning.as_warning())
    paths = paths_for(config_file)
    timings = {"validate": time.perf_counter() - started}
    staging = paths.site_dir.parent / f".{paths.site_dir.name}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        step = time.perf_counter()
        pages = build_site(library, paths, staging)
        timings["site"] = time.perf_counter() - step
        step = time.perf_counter()
        rendered = reused = 0
        if pdfs:
            stats = build_pdfs(library, paths, staging / "pdf")
            rendered, reused = stats.rendered, stats.reused
        timings["pdf"] = time.perf_counter() - step
        check_disclaimer(staging, library)
        swap(staging, paths.site_dir)
    except OSError as err:  # a folder that can't be written, a full disk: say which file, keep the old site
        if err.filename:  # name the site folder, not the staging folder beside it
            err.filename = str(err.filename).replace(str(staging), str(paths.site_dir))
        raise disk_error(err, f"the last good {paths.site_dir.name}/ was kept") from None
    except Exception as err:
        problem = template_problem(err)  # a mistake in a (clinic's) template: its file and line
        if problem is None:
            raise
        raise ContentInvalid([problem]) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    timings["total"] = time.perf_counter() - started
    report = BuildReport(len(library.exercises), len(library.programs), pages, rendered, reused, timings)
    LOGGER.info(
        "Built %d pages and %d PDFs (%d re-rendered) into %s in %.1f s",
        pages, rendered + reused, rendered, paths.site_dir, timings["total"],
    )
    return report


def build_site(library: Library, paths: Paths, out: Path) -> int:
    """mkdocs (with the hooks in handouts.site) into `out`; returns the number of HTML pages."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .site import preloaded

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    page_errors = logging.getLogger("mkdocs.commands.build")
    page_errors.addFilter(_not_page_error)  # build() reports it, with the template's file and line
    try:
        config = load_config(config_file=str(paths.config_file), **{**paths.mkdocs_overrides(), "site_dir": str(out)})
        with preloaded(library):
            mkdocs_build(config)
    except MkDocsException as err:
        raise BuildError(f"the site could not be built: {err}") from None
    finally:
        page_errors.removeFilter(_not_page_error)
    return sum(1 for _ in out.rglob("*.html"))


def _not_page_error(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("Error building page")


def allowed_roots(library: Library, paths: Paths) -> list[Path]:
    """The folders a handout may read files from: content, templates, and the clinic's logo's folder."""
    roots = [paths.content_dir, *paths.template_dirs]
    if library.clinic.logo:
        roots.append(Path(library.clinic.logo).parent)
    return roots


def build_pdfs(library: Library, paths: Paths, out: Path):
    from .pdf import write_pdfs

    return write_pdfs(
        library, out, template_dirs=list(paths.template_dirs), allowed_roots=allowed_roots(library, paths),
        cache_dir=paths.cache_dir / "pdf",
    )


def check_disclaimer(site: Path, library: Library) -> None:
    """Refuse to publish any HTML page without the clinic's disclaimer."""
    from markupsafe import escape

    needle = str(escape(library.clinic.disclaimer))  # as the (autoescaped) templates print it
    missing = [p for p in site.rglob("*.html") if needle not in p.read_text(encoding="utf-8")]
    if missing:
        shown = ", ".join(str(p.relative_to(site)) for p in missing[:5])
        raise BuildError(f"the disclaimer is missing from {len(missing)} page(s): {shown}; nothing was published")


def swap(new: Path, site_dir: Path) -> None:
    """Put `new` in place of `site_dir`: two renames on one filesystem, the old site removed last."""
    old = site_dir.parent / f".{site_dir.name}.old-{os.getpid()}"
    if site_dir.exists():
        site_dir.rename(old)
    try:
        new.rename(site_dir)
    except OSError:
        if old.exists():
            old.rename(site_dir)  # put the last good site back
        raise
    shutil.rmtree(old, ignore_errors=True)
