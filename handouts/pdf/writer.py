"""Printable handouts: print-template HTML rendered by WeasyPrint in a sandbox, cached, in parallel.

The only module that imports weasyprint. `write_pdfs` is the build's one call; `handout_html` and
`render_pdf` are its two halves, for a document rendered from memory (the patient sheet).
"""

from __future__ import annotations

import ctypes
import functools
import gc
import logging
import mimetypes
import multiprocessing
import os
import shutil
import signal
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from jinja2 import Environment
from markupsafe import Markup
from tqdm import tqdm
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

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
from .cache import Inputs, PdfCache, Shard, place
from .forms import Forms

__all__ = ["PdfStats", "Refused", "handout_html", "library_handouts", "render_pdf", "write_pdfs"]

LOGGER = logging.getLogger("handouts")

# pdf/ua-1 tags the PDF; no date in the HTML means no date in the PDF, so equal content gives equal bytes.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


def _text_libraries() -> str:
    """The versions of the C libraries that lay out and subset the text (they shape the PDFs as much as WeasyPrint)."""
    from weasyprint.text.ffi import pango

    found = [f"pango {pango.pango_version()}"]
    for name in ("libharfbuzz.so.0", "libharfbuzz-subset.so.0", "libfontconfig.so.1"):
        try:
            library = ctypes.CDLL(name)
        except OSError:
            found.append(f"{name} absent")
            continue
        if name.startswith("libfontconfig"):
            found.append(f"{name} {library.FcGetVersion()}")
        else:
            library.hb_version_string.restype = ctypes.c_char_p
            found.append(f"{name} {library.hb_version_string().decode()}")
    return ", ".join(found)


RENDERER_VERSION = (f"weasyprint {weasyprint.__version__}; pydyf {metadata.version('pydyf')}; "
                    f"fonttools {metadata.version('fonttools')}; {_text_libraries()}; handouts print 2; "
                    f"{sorted(PDF_OPTIONS.items())}")
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
    """Copied from the cache: their inputs had not changed."""
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


class Refused(BuildError):
    """The sandbox refused a URL named in a handout."""

    def __init__(self, url: str, reason: str):
        self.url, self.reason = url, reason
        super().__init__(f"refused to load {url}: {reason}")


class _Fatal(FatalURLFetchingError):
    """Stops WeasyPrint (it swallows ordinary exceptions from a fetcher and only logs them)."""

    def __init__(self, url: str, reason: str):
        self.url, self.reason = url, reason
        super().__init__(f"refused to load {url}: {reason}")


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


# -- The sandbox and the renderer -------------------------------------------------------------------------


class SandboxFetcher(URLFetcher):
    """Loads `data:` URLs and files inside the allowed folders (after `..` and symlinks); refuses the rest."""

    def __init__(self, allowed_roots: Iterable[Path]):
        super().__init__(timeout=5, allow_redirects=False)
        self.allowed_roots = tuple(Path(root).resolve() for root in allowed_roots)
        self.files_read: set[Path] = set()

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise _Fatal(url, "handouts may only use files inside the project, not web addresses")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise _Fatal(url, "handouts may only use files on this computer")
        path = Path(url2pathname(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.allowed_roots):
            raise _Fatal(url, f"{path} is outside the project's folders")
        if not path.is_file():
            raise ValueError(f"no such file: {path}")  # WeasyPrint warns and goes on, as for any missing image
        self.files_read.add(path)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": kind})


class Renderer:
    """One process's WeasyPrint set-up, made once: the sandbox, the fonts, the parsed print stylesheets.

    Parsing a stylesheet with @font-face into a fresh FontConfiguration for every document leaks memory.
    """

    def __init__(self, stylesheets: Sequence[Path], allowed_roots: Sequence[Path]):
        self.fetcher = SandboxFetcher(allowed_roots)
        self.font_config = FontConfiguration()
        try:
            self.stylesheets = [
                weasyprint.CSS(filename=str(path), url_fetcher=self.fetcher, font_config=self.font_config)
                for path in stylesheets
            ]
        except _Fatal as refused:
            raise Refused(refused.url, refused.reason) from None
        self.style_files = frozenset(self.fetcher.files_read | {Path(p).resolve() for p in stylesheets})
        self.forms = Forms()

    def render(self, html: str, base_url: str) -> tuple[bytes, frozenset[Path]]:
        """The PDF of one HTML document and the files it read; raise Refused for a URL outside the sandbox."""
        self.fetcher.files_read = set()
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=self.fetcher)
        try:
            pdf = document.write_pdf(stylesheets=self.stylesheets, font_config=self.font_config,
                                     cache=self.forms.cache_for(html), **PDF_OPTIONS)
        except _Fatal as refused:
            raise Refused(refused.url, refused.reason) from None
        return pdf, frozenset(self.fetcher.files_read)


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


def _renderer(stylesheets: Sequence[Path], allowed_roots: Sequence[Path]) -> Renderer:
    roots = tuple(Path(root).resolve() for root in allowed_roots)
    stamps = tuple((path, path.stat().st_mtime_ns, path.stat().st_size) for path in stylesheets)
    return _cached_renderer(stamps, roots)


@lru_cache(maxsize=4)
def _cached_renderer(stamps: tuple[tuple[Path, int, int], ...], roots: tuple[Path, ...]) -> Renderer:
    return Renderer([stamp[0] for stamp in stamps], roots)


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
    pdf, _ = _renderer(find_stylesheets(template_dirs), allowed_roots).render(html, base)
    return pdf


# -- The batch ---------------------------------------------------------------------------------------------

_WORKER: Renderer | None = None
PR_SET_PDEATHSIG = 1
"""prctl(2): the signal a process gets when its parent ends."""


def _start_worker(stylesheets: Sequence[Path], allowed_roots: Sequence[Path]) -> None:
    """Pool initializer: each worker process parses the stylesheets and loads the fonts once.

    A worker ends quietly with the build: Ctrl-C reaches every process of the terminal, and only the build should
    act on it (a worker would print a traceback of its own); and on Linux a worker whose parent is gone (a preview
    stopped while it renders) is ended at once instead of failing, with a traceback, to hand back its PDF."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    _WORKER = Renderer(stylesheets, allowed_roots)


def _render_job(job: tuple[int, bytes, str]) -> tuple[int, tuple]:
    """One PDF in a worker, with the garbage collector held off until it is made (bench/pdf_gap.py: a tenth of a
    program's time went to collections walking WeasyPrint's boxes again and again; each is a cycle, and everything
    a render leaves behind is in the youngest generation, which one collection then frees). Only in a worker: the
    collector belongs to the whole process, and a preview renders in a thread beside the server."""
    index, html, base_url = job
    assert _WORKER is not None
    gc.disable()
    try:
        return index, _render_safely(_WORKER, _unpacked(html), base_url)
    finally:
        gc.enable()
        gc.collect(0)


def _packed(html: str) -> bytes:
    """A job's HTML until it is rendered: a quarter of the text's size (the figures' SVG repeats itself), for
    a fraction of a millisecond. A cold build at 2,000 exercises holds 14 MB of them, not 58."""
    return zlib.compress(html.encode(), 1)


def _unpacked(html: bytes) -> str:
    return zlib.decompress(html).decode()


def _render_safely(renderer: Renderer, html: str, base_url: str) -> tuple:
    """('ok', pdf, files), ('refused', url, reason) or ('failed', message): results cross process bounds."""
    try:
        pdf, files = renderer.render(html, base_url)
    except Refused as refused:
        return ("refused", refused.url, refused.reason)
    except Exception as error:  # noqa: BLE001 - reported with the handout's name by the caller
        return ("failed", f"{type(error).__name__}: {error}")
    return ("ok", pdf, files)


def worker_count() -> int:
    """One worker per core this process may use."""
    count = getattr(os, "process_cpu_count", None)
    if count is not None:
        return count() or 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _start_method() -> str:
    """fork when this process runs one thread: a worker starts in milliseconds and builds its own WeasyPrint
    state in the initializer. Forking a threaded process (mkdocs serve) can deadlock, so then forkserver."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _render_batch(
    jobs: list[tuple[int, bytes, str]], renderer: Renderer, stylesheets: Sequence[Path],
    allowed_roots: Sequence[Path], progress: bool, workers: int = 0,
) -> Iterator[tuple[int, tuple]]:
    """(index, result) for each job, in the order they finish; `workers` processes (0: one per core)."""
    workers = min(workers or worker_count(), len(jobs))
    if workers < 2 or len(jobs) < POOL_MIN:
        with _progress_bar(len(jobs), progress) as bar:
            for index, html, base_url in bar(jobs):
                yield index, _render_safely(renderer, _unpacked(html), base_url)
        return
    # The pool starts before the progress bar: tqdm's monitor thread would make _start_method pick forkserver,
    # whose workers import WeasyPrint afresh.
    context = multiprocessing.get_context(_start_method())
    # Chunks of a few jobs save a round trip per PDF; jobs come heaviest first (programs), so small chunks
    # at the end keep both workers busy until the last one.
    chunksize = max(1, min(8, len(jobs) // (8 * workers)))
    # Forked workers share this process's objects (mkdocs' pages, the library) until a page of them is written
    # to, and a garbage collection writes to every object it walks: each worker's, and this process's own while
    # they run, would copy the lot. A frozen object is never walked (gc.freeze; CPython's docs advise it
    # right before a fork).
    frozen = context.get_start_method() == "fork"
    if frozen:
        gc.freeze()
    try:
        with context.Pool(workers, initializer=_start_worker, initargs=(stylesheets, allowed_roots)) as pool:
            with _progress_bar(len(jobs), progress) as bar:
                yield from bar(pool.imap_unordered(_render_job, jobs, chunksize=chunksize))
    finally:
        if frozen:
            gc.unfreeze()  # collectable again once the workers are gone


@contextmanager
def _progress_bar(total: int, progress: bool) -> Iterator[Callable[[Iterable], Iterable]]:
    """Wraps an iterable in a progress bar on a terminal (a bar in a log file is noise); else leaves it be."""
    if not (progress and total and sys.stderr.isatty()):
        yield lambda items: items
        return
    with tqdm(total=total, unit="pdf", desc="PDFs", file=sys.stderr, leave=False) as bar:

        def counted(items: Iterable) -> Iterator:
            for item in items:
                yield item
                bar.update()

        yield counted


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


def write_pdfs(
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
) -> PdfStats:
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

    A preview passes `written` (each PDF's path and key, from the batches before, in a site folder that is kept):
    a batch then writes only the PDFs an edit changed; and `between`, called before each handout, which may wait
    (while the preview builds its pages).
    """
    started = time.perf_counter()
    if not library.site_url:
        videos = " or the videos" if any(e.video for e in library.exercises.values()) else ""
        LOGGER.warning("site_url is not set in mkdocs.yml: the PDFs have no QR code linking to the timers%s", videos)
    content = Path(content_dir or allowed_roots[0])
    base_url = base_url_of(content)
    stylesheets = find_stylesheets(template_dirs)
    renderer = _renderer(stylesheets, allowed_roots)
    inputs = Inputs.of(RENDERER_VERSION, renderer.style_files, template_dirs)
    cache = PdfCache(cache_dir, inputs, Path(root or content.parent).resolve())
    handouts: list[tuple[Handout, Path | None]] = []
    keys: dict[int, str] = {}
    jobs: list[tuple[int, bytes, str]] = []
    missing: list[str] = []

    share = Path(cache_dir).parent / SHARE_FOLDER if shard is not None else None
    if share is not None:
        shutil.rmtree(share, ignore_errors=True)  # this run's share only

    def write(index: int, entry: Path) -> None:  # out_dir is a staging folder: a later failure discards it
        handout, folder = handouts[index]
        if share is not None:
            for path in (entry, entry.with_suffix(".json")):
                place(path, share / path.name)
        elif folder is not None:
            place(entry, folder / handout.path)

    languages = [(library, out_dir), *translations]
    every = ((lib, handout, folder) for lib, folder in languages
             for handout in library_handouts(lib, template_dirs))
    for index, (lib, handout, folder) in enumerate(every):  # one batch, one pool and one cache for every language
        if between is not None:
            between()
        handouts.append((handout, Path(folder) if folder is not None else None))
        if shard is not None and not shard.has(handout.lang, handout.path):
            continue
        key = keys[index] = cache.key(handout.shows, clinic=lib.clinic, site_url=lib.site_url, lang=handout.lang,
                                      content_dir=content)
        target = str(Path(folder) / handout.path) if folder is not None else handout.path
        if written is not None and written.get(target) == key and cache.fresh(key) and os.path.isfile(target):
            continue  # a preview's folder has it from a batch before
        if cache.fresh(key):
            write(index, cache.path(key))
        elif render:
            jobs.append((index, _packed(handout.html), base_url))
        else:
            missing.append(f"{prefix(handout.lang)}pdf/{handout.path}")
        if written is not None:
            written[target] = key
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        raise BuildError(f"{len(missing)} PDF(s) are not in the cache {cache.folder}: {shown}. Put every shard's "
                         "cache there first (handouts build --shard K/N), or build without --assemble")
    # Each PDF is written as it arrives, so memory holds a few PDFs, not the whole batch.
    failures: dict[int, tuple] = {}
    for index, result in _render_batch(jobs, renderer, stylesheets, allowed_roots, progress, workers):
        if result[0] == "ok":
            write(index, cache.put(keys[index], result[1], result[2]))
        else:
            failures[index] = result
    problems = _problems([handout for handout, _ in handouts], failures)
    if problems:
        raise BuildError("\n".join(problems))
    if prune and shard is None:  # the cache keeps what this build used, and nothing a past build left behind
        cache.prune(set(keys.values()))
    return PdfStats(rendered=len(jobs), reused=len(keys) - len(jobs), seconds=time.perf_counter() - started)

