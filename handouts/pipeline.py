"""The whole build: read and validate everything, then the site (mkdocs with the `handouts` plugin) and the PDFs.

`build()` is the one build path: it runs mkdocs with the plugin, as `mkdocs build` does, and the plugin calls back
into this module for the stages that are not mkdocs' own (validate, PDFs, the disclaimer check, the swap). This
module imports mkdocs only inside `build()`, so `check` and `handout` run without it.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Paths, ProjectConfig, project_paths, read_config
from .content import read_library
from .errors import BuildError, ContentInvalid, Problem, disk_error
from .frontmatter import Invalid
from .models import Library
from .readability import Report, check_library, settings_from

if TYPE_CHECKING:
    from .pdf import PdfStats

LOGGER = logging.getLogger("handouts")


def project_config(config_file: Path | str | ProjectConfig) -> ProjectConfig:
    """The configuration chain, read once; a broken file raises ContentInvalid."""
    if isinstance(config_file, ProjectConfig):
        return config_file
    try:
        return read_config(Path(config_file))
    except Invalid as err:
        raise ContentInvalid([err.problem]) from None


def paths_for(config_file: Path | str | ProjectConfig) -> Paths:
    """Where a configuration reads from and writes to (handouts.config.Paths)."""
    return project_paths(project_config(config_file))


@dataclass(frozen=True)
class BuildStats:
    """What a build made, and how long each stage took (seconds: validate, site, pdf, total)."""

    exercises: int
    programs: int
    pages: int
    pdfs_rendered: int
    pdfs_reused: int
    seconds: dict[str, float]


def validate(
    config_file: Path | str | ProjectConfig = "mkdocs.yml", *, strict: bool = False, gate: bool = True
) -> tuple[Library, Report]:
    """Read and validate the settings and every content file, then the health-literacy gate.

    Raises ContentInvalid listing every problem (and, when strict, every warning); returns the
    Library and the readability report, whose warnings the caller shows. One run finds all it can:
    the gate scores every page that is valid even when other files have problems (it waits only
    for its own settings to be valid).
    """
    config = project_config(config_file)
    problems: list[Problem] = []
    try:
        settings = settings_from(config)
    except ContentInvalid as err:  # report these with the content's problems, all at once
        settings, problems = None, list(err.problems)
    try:
        library, found = read_library(config)
    except ContentInvalid as err:
        raise ContentInvalid(problems + [p for p in err.problems if p not in problems]) from None
    problems += [p for p in found if p not in problems]
    report = check_library(library, settings) if settings is not None and gate else Report(())
    problems += report.failures
    if strict:
        problems += warnings(library, report)
    if problems:
        raise ContentInvalid(problems, [] if strict else warnings(library, report))
    return library, report


def warnings(library: Library, report: Report) -> list[Problem]:
    """Everything worth a warning: the clinic's settings, then the health-literacy gate's."""
    return [*library.warnings, *report.warnings]


def build(config_file: Path | str = "mkdocs.yml", *, pdfs: bool = True, strict: bool = False) -> BuildStats:
    """Build the site and the PDFs exactly as `mkdocs build` does: mkdocs with the `handouts` plugin.

    Raises ContentInvalid (every problem, with its file and line) or BuildError; the last good site stays.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

    from .plugin import HandoutsPlugin, ProblemsFound

    started = time.perf_counter()
    plugin: HandoutsPlugin | None = None
    quiet = _QuietErrors()  # each error is raised to the caller, who prints it once, in our words
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    try:
        try:
            config = load_config(config_file=str(config_file), strict=strict)
        except ConfigurationError as err:
            raise BuildError(f"{config_file}: {err}") from None
        found = config.plugins.get("handouts")
        if not isinstance(found, HandoutsPlugin):
            raise BuildError(f"{config_file}: add the handouts plugin: 'plugins: [search, handouts]'")
        plugin = found
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
        logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
    stats = plugin.stats
    assert stats is not None
    stats.seconds["total"] = time.perf_counter() - started
    made = stats.pdfs_rendered + stats.pdfs_reused
    LOGGER.info("Built %d pages and %d PDFs (%d re-rendered) into %s in %.1f s", stats.pages, made,
                stats.pdfs_rendered, config.site_dir, stats.seconds["total"])
    return stats


class _QuietErrors(logging.Filter):
    """mkdocs logs an error before raising it; build() raises it to its caller, which prints it once."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.ERROR


def allowed_roots(library: Library, paths: Paths) -> list[Path]:
    """The folders a handout may read files from: content, templates, and the clinic's logo's folder."""
    roots = [paths.content_dir, *paths.template_dirs]
    if library.clinic.logo:
        roots.append(Path(library.clinic.logo).parent)
    return roots


def build_pdfs(library: Library, paths: Paths, out: Path, workers: int = 0, progress: bool = True) -> PdfStats:
    """Every handout's PDF into `out`, through the sandbox and the cache (handouts.pdf)."""
    from .pdf import write_pdfs

    return write_pdfs(
        library, out, template_dirs=list(paths.template_dirs), allowed_roots=allowed_roots(library, paths),
        cache_dir=paths.cache_dir / "pdf", content_dir=paths.content_dir, workers=workers, progress=progress,
    )


def check_disclaimer(site: Path, library: Library) -> int:
    """Refuse to publish any HTML page without the clinic's disclaimer; return the number of pages."""
    from markupsafe import escape

    needle = str(escape(library.clinic.disclaimer))  # as the (autoescaped) templates print it
    pages = list(site.rglob("*.html"))
    missing = [p for p in pages if needle not in p.read_text(encoding="utf-8")]
    if missing:
        shown = ", ".join(str(p.relative_to(site)) for p in missing[:5])
        raise BuildError(f"the disclaimer is missing from {len(missing)} page(s): {shown}; nothing was published")
    return len(pages)


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
