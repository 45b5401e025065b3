"""The stages of a build that are not mkdocs' own: validate everything, the PDFs, the disclaimer check, the swap.

The `handouts` plugin (handouts.site.plugin) calls them in every build; `check` and `handout` call them without mkdocs.
This module never imports mkdocs.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from .checks.readability import PageScore, Report, Settings, check_library, score_page, settings_from
from .content.config import Paths, ProjectConfig, project_paths, read_config
from .content.frontmatter import Invalid
from .content.load import read_library
from .errors import BuildError, ContentInvalid, Problem
from .i18n.catalog import DEFAULT_LANGUAGE
from .incremental import Kept
from .model.urls import prefix
from .model.values import Exercise, Library, Program

if TYPE_CHECKING:
    from .pdf.cache import Shard
    from .pdf.writer import PdfBatch, PdfStats

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
    """Where a configuration reads from and writes to (handouts.content.config.Paths)."""
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
    config_file: Path | str | ProjectConfig = "mkdocs.yml", *, strict: bool = False, gate: bool = True,
    kept: Kept | None = None,
) -> tuple[Library, Report]:
    """Read and validate the settings and every content file, then the health-literacy gate.

    Raises ContentInvalid listing every problem (and, when strict, every warning); returns the
    Library and the readability report, whose warnings the caller shows. One run finds all it can:
    the gate scores every page that is valid even when other files have problems (it waits only
    for its own settings to be valid). With `kept` (a preview's, handouts.incremental), what an unchanged
    exercise file gave last time is taken again: the same result, for a fraction of the time.
    """
    config = project_config(config_file)
    problems: list[Problem] = []
    try:
        settings = settings_from(config)
    except ContentInvalid as err:  # report these with the content's problems, all at once
        settings, problems = None, list(err.problems)
    try:
        library, found = read_library(config, kept=kept)
    except ContentInvalid as err:
        raise ContentInvalid(problems + [p for p in err.problems if p not in problems]) from None
    problems += [p for p in found if p not in problems]
    report = gate_languages(library, settings, kept) if settings is not None and gate else Report(())
    if kept is not None:
        kept.sweep()
    problems += report.failures
    if strict:
        problems += warnings(library, report)
    if problems:
        raise ContentInvalid(problems, [] if strict else warnings(library, report))
    return library, report


def gate_languages(library: Library, settings: Settings, kept: Kept | None = None) -> Report:
    """The health-literacy gate on every page a patient reads, each in its own language's formula and limits.

    The originals are scored in English; each translation (`<slug>.es.md`) in its language (the Spanish one on
    the INFLESZ scale, `extra.readability.es`), at its own file. A page with no translation is the English one,
    already scored.
    """
    def score(page: Exercise | Program, settings: Settings, lang: str) -> PageScore:  # the same page, the same score
        assert kept is not None
        return kept.of(page, ("score", repr(settings), lang), lambda: score_page(page, settings, lang))

    report = check_library(library, settings, score=score if kept is not None else None)
    for lang in library.languages:
        if lang == library.lang:
            continue
        words = library.in_language(lang)
        translated = replace(words, exercises={k: e for k, e in words.exercises.items() if e.translated},
                             programs={k: p for k, p in words.programs.items() if p.translated})
        report = Report(report.pages + check_library(translated, settings, lang).pages)
    return report


def warnings(library: Library, report: Report) -> list[Problem]:
    """Everything worth a warning: the clinic's settings, then the health-literacy gate's."""
    return [*library.warnings, *report.warnings]


def language_libraries(library: Library) -> dict[str, Library]:
    """The library in each language the site is built in (`extra.languages`), the default language first.

    Each has the same exercises, programs and doses (Library.in_language); another language's pages live under
    /<lang>/, so its `site_url` (the PDFs' QR codes and links) is that folder's address.
    """
    found = {}
    for lang in library.languages:
        translated = library.in_language(lang)
        if lang != DEFAULT_LANGUAGE and translated.site_url:
            translated = replace(translated, site_url=urljoin(translated.site_url.rstrip("/") + "/", prefix(lang)))
        found[lang] = translated
    return found


def allowed_roots(library: Library, paths: Paths) -> list[Path]:
    """The folders a handout may read files from: content, templates, and the clinic's logo's folder."""
    roots = [paths.content_dir, *paths.template_dirs]
    if library.clinic.logo:
        roots.append(Path(library.clinic.logo).parent)
    return roots


def build_pdfs(
    library: Library, paths: Paths, out: Path, workers: int = 0, progress: bool = True,
    translations: Mapping[str, Library] | None = None, written: dict[str, str] | None = None,
    between: Callable[[], object] | None = None, shard: Shard | None = None, render: bool = True,
) -> PdfStats:
    """Every handout's PDF into `out` (site/pdf), through the sandbox and the cache (handouts.pdf.writer); each of
    `translations` (language_libraries) into its own language's folder beside it (site/es/pdf). With `shard`, only
    its share, into the cache alone; with `render=False`, from the cache alone (handouts.pdf.writer.write_pdfs)."""
    return start_pdfs(library, paths, out, workers, progress, translations, written, between, shard, render,
                      background=False).finish()


def start_pdfs(
    library: Library, paths: Paths, out: Path, workers: int = 0, progress: bool = True,
    translations: Mapping[str, Library] | None = None, written: dict[str, str] | None = None,
    between: Callable[[], object] | None = None, shard: Shard | None = None, render: bool = True,
    background: bool = True,
) -> PdfBatch:
    """build_pdfs, under way when this returns (handouts.pdf.writer.start_pdfs): with `background`, the PDFs render
    in worker processes while the caller builds the pages; PdfBatch.finish() waits for them."""
    from .pdf.writer import start_pdfs as start

    others = [(lib, out.parent / prefix(lang) / out.name) for lang, lib in (translations or {}).items()
              if lang != library.lang]
    return start(
        library, out, template_dirs=list(paths.template_dirs), allowed_roots=allowed_roots(library, paths),
        cache_dir=paths.cache_dir / "pdf", content_dir=paths.content_dir, root=paths.config_file.parent,
        workers=workers, progress=progress, translations=others, written=written, between=between, shard=shard,
        render=render, background=background,
    )


def shard_pdfs(config_file: Path | str | ProjectConfig, shard: Shard, workers: int = 0) -> PdfStats:
    """One share of a build's PDFs rendered into the cache, nothing else written: `handouts build --shard K/N` on
    one machine of several; `handouts build --assemble` then makes the site from their caches put together.

    The content is validated as a build validates it (the same problems stop a shard), then the PDFs of every
    language the site is built in are shared out (handouts.pdf.cache.Shard)."""
    config = project_config(config_file)
    library, report = validate(config)
    for warning in warnings(library, report):
        LOGGER.warning("%s", warning.as_warning())
    paths = project_paths(config)
    return build_pdfs(library, paths, paths.site_dir / "pdf", workers, translations=language_libraries(library),
                      shard=shard)


def check_disclaimer(site: Path, library: Library, libraries: Mapping[str, Library] | None = None) -> int:
    """Refuse to publish any HTML page without the clinic's disclaimer; return the number of pages.

    With `libraries` (handouts.pipeline.language_libraries), each page needs its own language's disclaimer: those
    under /<lang>/ that language's, the rest the default language's.
    """
    from markupsafe import escape

    others = {lang: lib for lang, lib in (libraries or {}).items() if lang != DEFAULT_LANGUAGE}
    pages = list(site.rglob("*.html"))
    missing = []
    for page in pages:
        lang = next((lang for lang in others if page.relative_to(site).parts[0] == lang), None)
        clinic = others[lang].clinic if lang else library.clinic
        if str(escape(clinic.disclaimer)) not in page.read_text(encoding="utf-8"):  # as the templates print it
            missing.append(page)
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
