"""Printable handouts: each one's print-template HTML, and the batch that makes a build's PDFs, cached, in parallel.

`write_pdfs` is the build's one call: it keys every handout by the values it shows (handouts.pdf.cache) and has
worker processes (handouts.pdf.pool) render, with WeasyPrint in a sandbox (handouts.pdf.render), only those not in
the cache. `handout_html` and `render_pdf`
are its two halves, for a document rendered from memory (the patient sheet).
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from ..errors import BuildError
from ..i18n.catalog import DEFAULT_LANGUAGE
from ..i18n.words import BROWSER, PAGES
from ..model.dose import prescribe
from ..model.schedule import schedule
from ..model.urls import pdf_path, prefix
from ..model.values import Exercise, Library, Prescription, Program
from ..render.brand import palette
from ..render.qr import timer_qr, video_qr
from ..render.templates import jinja_env
from .cache import PDF_OPTIONS, RENDERER_VERSION, Inputs, PdfCache, Shard, place, style_files
from .pool import Job, Pool

__all__ = [
    "PDF_OPTIONS", "RENDERER_VERSION", "PdfStats", "handout_html", "library_handouts", "render_order", "render_pdf",
    "write_pdfs",
]

LOGGER = logging.getLogger("handouts")



STYLESHEETS = ("print/handout.css", "assets/timer-print.css")
"""The print stylesheets, looked up in the template folders; the first is required, the rest when present."""
POOL_MIN = 16
"""Fewer PDFs than this render in this process: starting workers would cost more than it saves."""
PAPER = {"letter": "letter", "a4": "A4"}
SHARE_FOLDER = "shard"
"""Beside the PDF cache (.cache/handouts/shard): the entries of the share a `--shard K/N` run made or found, and
nothing else, for the machine that assembles the site (its CI artifact)."""


@dataclass(frozen=True)
class PdfStats:
    """What a PDF build did."""

    rendered: int
    reused: int
    """Taken from the cache (a hard link in the site): their inputs had not changed."""
    seconds: float


@dataclass(frozen=True)
class Handout:
    """One PDF to make: where it goes (relative to the output folder), what it shows, and how to write its HTML."""

    path: str
    sources: tuple[str, ...]
    """Content files, the handout's own first (for error messages)."""
    shows: tuple
    """What the handout shows: its kind, its program or exercise value and its print size (its cache key's part)."""
    write_html: Callable[[], str] = field(compare=False, repr=False)
    lang: str = DEFAULT_LANGUAGE
    """The language of its words (handouts.i18n.catalog): part of its cache key."""

    @property
    def html(self) -> str:
        """Its HTML document, written now (a build writes it only for a PDF it has to render)."""
        return self.write_html()


# -- HTML ------------------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _print_env(template_dirs: tuple[Path, ...], lang: str = DEFAULT_LANGUAGE) -> Environment:
    env = jinja_env(template_dirs, lang)
    # The shared partials call mkdocs' `url` filter; in print, paths stay relative to content/ (the base URL).
    env.filters.setdefault("url", lambda path: path)
    env.globals.setdefault("words", BROWSER | PAGES)  # as the site's templates have them (handouts.site.plugin)
    # Each exercise's Markdown is shown in its own handouts and in every program's, normal and large.
    env.filters["markdown"] = lru_cache(maxsize=2048)(env.filters["markdown"])
    return env


def handout_html(
    library: Library,
    items: Sequence[Prescription],
    *,
    template_dirs: Sequence[Path],
    title: str | None = None,
    summary: str | None = None,
    intro: str | None = None,
    intro_folder: str = "programs",
    frequency: str | None = None,
    header: str | Markup | None = None,
    large: bool = False,
    log_grid: bool = False,
    program: Program | None = None,
) -> str:
    """One handout as an HTML document: the clinic, the title and intro, then each exercise with its dose.

    Without a title, the handout is the single exercise given. `intro` is Markdown; `header` is HTML placed
    above the title (a patient's name on a personal sheet; pass Markup, or it is escaped). With `log_grid` (a
    program, or a sheet made from one) a weekly log to tick ends the handout, in place of each exercise's boxes.
    """
    single = title is None
    if single:
        if len(items) != 1:
            raise ValueError("a handout of several exercises needs a title")
        title, summary = items[0].exercise.title, summary or items[0].exercise.summary
    colors = palette(library.clinic.color)
    entries = [
        {"prescription": item, "exercise": item.exercise, "dose": item.dose,
         "qr": timer_qr(library.site_url, item.slug, item.exercise.title, item.dose),
         "video_qr": video_qr(library.site_url, item.slug, item.exercise.title) if item.exercise.video else None}
        for item in items
    ]
    template = _print_env(tuple(template_dirs), library.lang).get_template("print/handout.html")
    return template.render(
        clinic=library.clinic, logo=Path(library.clinic.logo).as_uri() if library.clinic.logo else None,
        paper=PAPER.get(library.clinic.paper, "letter"), colors=colors, title=title, summary=summary,
        intro=intro, intro_folder=intro_folder, site_url=library.site_url, frequency=frequency, header=header,
        entries=entries, single=single, large=large, log_grid=log_grid, plan=schedule(frequency),
        program=program,  # its review heads the handout (partials/reviewed.html)
    )


def library_handouts(library: Library, template_dirs: Sequence[Path]) -> list[Handout]:
    """Every handout of the library: each program, then each exercise, each in normal and large print.

    A handout's HTML is written when asked for (Handout.html): its cache key comes from what it shows, so a build
    writes the HTML of only the PDFs it renders (4,400 handouts are 58 MB of HTML at 2,000 exercises)."""

    def program_html(program: Program, large: bool) -> str:
        return handout_html(
            library, program.items, template_dirs=template_dirs,
            title=program.title, summary=program.summary, intro=program.body, intro_folder=program.folder,
            frequency=program.frequency, large=large, log_grid=True, program=program,
        )

    def exercise_html(exercise: Exercise, large: bool) -> str:
        return handout_html(library, [prescribe(exercise)], template_dirs=template_dirs, large=large)

    found = []
    for large in (False, True):
        for program in library.programs.values():
            sources = (program.source, *(item.exercise.source for item in program.items))
            html = functools.partial(program_html, program, large)
            found.append(Handout(pdf_path("programs", program.slug, large), sources, ("program", program, large),
                                 html, library.lang))
        for exercise in library.exercises.values():
            html = functools.partial(exercise_html, exercise, large)
            found.append(Handout(pdf_path("exercises", exercise.slug, large), (exercise.source,),
                                 ("exercise", exercise, large), html, library.lang))
    return found


def find_stylesheets(template_dirs: Sequence[Path]) -> list[Path]:
    """The print stylesheets, each from the first template folder that has it (a clinic's override wins)."""
    found = []
    for name in STYLESHEETS:
        path = next((Path(d) / name for d in template_dirs if (Path(d) / name).is_file()), None)
        if path is None and name == STYLESHEETS[0]:
            raise BuildError(f"{name} not found in the template folders: {', '.join(map(str, template_dirs))}")
        if path is not None:
            found.append(path.resolve())
    return found


def base_url_of(folder: Path) -> str:
    """A folder as a base URL: relative paths in the HTML (content images) are read from it."""
    return Path(folder).resolve().as_uri() + "/"


def render_pdf(
    html: str, base_url: str | Path, *, template_dirs: Sequence[Path], allowed_roots: Sequence[Path]
) -> bytes:
    """One document from memory as PDF bytes, through the sandbox; raise Refused for a URL outside it.

    `base_url` is the folder (or file: URL) relative paths are read from, normally the project's content/.
    """
    base = base_url_of(base_url) if isinstance(base_url, Path) else base_url
    from .render import renderer

    pdf, _ = renderer(find_stylesheets(template_dirs), allowed_roots).render(html, base)
    return pdf


def _problems(handouts: list[Handout], results: dict[int, tuple]) -> list[str]:
    """Every refusal and failure, each naming the content file that caused it.

    An exercise's own handout names its file; a program's handout names the program unless one of its
    exercises' handouts was refused the same URL (the exercise is then the culprit, already reported).
    """
    refused_by_source = {(handouts[i].sources[0], r[1]) for i, r in results.items() if r[0] == "refused"}
    problems = []
    for index, result in sorted(results.items()):
        handout = handouts[index]
        if result[0] == "refused":
            if any((source, result[1]) in refused_by_source for source in handout.sources[1:]):
                continue
            problems.append(f"{handout.sources[0]}: refused to load {result[1]}: {result[2]}")
        elif result[0] == "failed":
            problems.append(f"{handout.sources[0]}: the PDF {handout.path} could not be made: {result[1]}")
    return sorted(set(problems))


def write_pdfs(library: Library, out_dir: Path | None, **options: Any) -> PdfStats:
    """Write every program's and exercise's PDF, normal and large print, under out_dir/programs and /exercises.

    Only handouts whose inputs changed are rendered, into `cache_dir` (handouts.pdf.cache: keys from the values a
    handout shows, so an unchanged handout's HTML is never written); each PDF in out_dir is a hard link to its
    cache entry (a copy where links are not possible). Relative paths in content are read from `content_dir`
    (default: the first allowed root); `root` is the project's folder, which keys name paths from (default: the
    content folder's parent). out_dir should be a staging folder the caller swaps in on success. After the whole
    batch, any URL the sandbox refused raises one BuildError naming every content file at fault. `translations` are
    the library in other languages (Library.in_language), each with its own folder (site/es/pdf), in the same batch.

    With `shard` only that share of the handouts is rendered, into the cache alone (out_dir and the translations'
    folders are not written; they may be None), and the share's entries, rendered or found, are put together in
    a folder of their own beside the cache (SHARE_FOLDER), for the machine that assembles the site: one machine's
    part of a sharded build. The cache is then not pruned (the assembly prunes). With `render=False` nothing is
    rendered: every PDF must be in the cache (the shards' caches put together), or a BuildError says which are
    missing.

    `options` are start_pdfs's (template_dirs, allowed_roots and cache_dir are required). A preview passes
    `written` (each PDF's path and key, from the batches before, in a site folder that is kept):
    a batch then writes only the PDFs an edit changed; and `between`, called before each handout, which may wait
    (while the preview builds its pages).
    """
    return start_pdfs(library, out_dir, **options).finish()


def start_pdfs(
    library: Library,
    out_dir: Path | None,
    *,
    template_dirs: Sequence[Path],
    allowed_roots: Sequence[Path],
    cache_dir: Path,
    content_dir: Path | None = None,
    root: Path | None = None,
    progress: bool = True,
    workers: int = 0,
    prune: bool = True,
    translations: Sequence[tuple[Library, Path | None]] = (),
    written: dict[str, str] | None = None,
    between: Callable[[], object] | None = None,
    shard: Shard | None = None,
    render: bool = True,
    background: bool = False,
) -> PdfBatch:
    """write_pdfs up to its rendering, which is under way when this returns: each PDF's key worked out, those in the
    cache put in place, the rest handed to worker processes (handouts.pdf.pool). PdfBatch.finish() waits for them.

    With `background`, the results are written by a thread of this process, and the PDFs are rendered by worker
    processes however few they are, so the caller goes on with other work (a build, with its pages) on the other
    cores meanwhile. Call from the process's only thread: a worker is a fork of it.
    """
    started = time.perf_counter()
    if not library.site_url:
        videos = " or the videos" if any(e.video for e in library.exercises.values()) else ""
        LOGGER.warning("site_url is not set in mkdocs.yml: the PDFs have no QR code linking to the timers%s", videos)
    content = Path(content_dir or allowed_roots[0])
    base_url = base_url_of(content)
    stylesheets = find_stylesheets(template_dirs)
    inputs = Inputs.of(RENDERER_VERSION, style_files(stylesheets), template_dirs)
    cache = PdfCache(cache_dir, inputs, Path(root or content.parent).resolve())
    share = Path(cache_dir).parent / SHARE_FOLDER if shard is not None else None
    if share is not None:
        shutil.rmtree(share, ignore_errors=True)  # this run's share only
    batch = PdfBatch(cache, share, prune=prune and shard is None, started=started)
    missing: list[str] = []
    languages = [(library, out_dir), *translations]
    every = ((lib, handout, folder) for lib, folder in languages
             for handout in library_handouts(lib, template_dirs))
    for index, (lib, handout, folder) in enumerate(every):  # one batch, one pool and one cache for every language
        if between is not None:
            between()
        batch.handouts.append((handout, Path(folder) if folder is not None else None))
        if shard is not None and not shard.has(handout.lang, handout.path):
            continue
        key = batch.keys[index] = cache.key(handout.shows, clinic=lib.clinic, site_url=lib.site_url,
                                            lang=handout.lang, content_dir=content)
        target = str(Path(folder) / handout.path) if folder is not None else handout.path
        if written is not None and written.get(target) == key and cache.fresh(key) and os.path.isfile(target):
            continue  # a preview's folder has it from a batch before
        if cache.fresh(key):
            batch.write(index, cache.path(key))
        elif render:
            batch.jobs.append((index, handout.write_html, base_url))
        else:
            missing.append(f"{prefix(handout.lang)}pdf/{handout.path}")
        if written is not None:
            written[target] = key
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise BuildError(f"{len(missing)} PDF(s) are not in the cache {cache.folder}: {shown}. Put every shard's "
                         "cache there first (handouts build --shard K/N), or build without --assemble")
    batch.jobs.sort(key=render_order(batch.handouts))
    batch.start(stylesheets, allowed_roots, progress and not background, workers, background)
    return batch


def render_order(handouts: Sequence[tuple[Handout, Path | None]]) -> Callable[[Job], tuple]:
    """The order to render in: programs first (the heaviest: small chunks of exercises then keep every worker busy to
    the end), and each handout's normal and large prints side by side, so the worker that takes them makes their QR
    codes, figure and Markdown once for both (a QR code is about 8 ms of a 40 ms handout)."""

    def key(job: Job) -> tuple:
        handout = handouts[job[0]][0]
        kind, value, large = handout.shows
        return kind != "program", handout.lang, value.slug, large

    return key


class PdfBatch:
    """A build's PDFs under way (start_pdfs): what each handout is, its key, the jobs being rendered; `finish`."""

    def __init__(self, cache: PdfCache, share: Path | None, *, prune: bool, started: float):
        self.cache, self.share, self.prune, self.started = cache, share, prune, started
        self.handouts: list[tuple[Handout, Path | None]] = []
        self.keys: dict[int, str] = {}
        self.jobs: list[Job] = []
        self.failures: dict[int, tuple] = {}
        self.seconds = 0.0
        """How long the batch took, from its start to its last PDF (it may run beside other work)."""
        self._pool: Any = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self.cancelled = False

    def write(self, index: int, entry: Path) -> None:
        """A PDF in place: in the site's folder (a staging folder: a later failure discards it), or in the share."""
        if self.cancelled:  # the build failed: its staging folder is being removed
            return
        handout, folder = self.handouts[index]
        if self.share is not None:
            for path in (entry, entry.with_suffix(".json")):
                place(path, self.share / path.name)
        elif folder is not None:
            place(entry, folder / handout.path)

    def start(self, stylesheets: Sequence[Path], allowed_roots: Sequence[Path], progress: bool, workers: int,
              background: bool) -> None:
        if self.jobs:
            self._pool = Pool(self.jobs, stylesheets, allowed_roots, progress, workers, separate=background)
        if background:
            self._thread = threading.Thread(target=self._collect, name="handouts-pdfs", daemon=True)
            self._thread.start()

    def _collect(self) -> None:
        """Each PDF written as it arrives, so memory holds a few PDFs, not the whole batch."""
        try:
            for index, result in self._pool.results() if self._pool is not None else ():
                if self.cancelled:
                    break
                if result[0] == "ok":
                    self.write(index, self.cache.put(self.keys[index], result[1], result[2]))
                else:
                    self.failures[index] = result
        except BaseException as error:  # noqa: BLE001 - raised again by finish(), in the caller's thread
            self._error = error
        self.seconds = time.perf_counter() - self.started

    def finish(self) -> PdfStats:
        """Wait for the last PDF; raise one BuildError naming every content file at fault, or the error that stopped
        the batch; then prune the cache to what this build used."""
        if self._thread is None:
            self._collect()
        else:
            self._thread.join()
        if self._error is not None:
            raise self._error
        problems = _problems([handout for handout, _ in self.handouts], self.failures)
        if problems:
            raise BuildError("\n".join(problems))
        if self.prune:  # the cache keeps what this build used, and nothing a past build left behind
            self.cache.prune(set(self.keys.values()))
        return PdfStats(rendered=len(self.jobs), reused=len(self.keys) - len(self.jobs), seconds=self.seconds)

    def cancel(self) -> None:
        """Stop the workers (a build that failed elsewhere) and the thread; write nothing more; raise nothing."""
        self.cancelled = True
        if self._pool is not None:
            self._pool.terminate()
        if self._thread is not None:
            self._thread.join(timeout=10)  # a daemon: it cannot outlive the process
