"""WeasyPrint, in a sandbox: the one module that imports it. A document's PDF, and a batch of them by a worker pool.

handouts.pdf.writer decides what to render (the handouts whose cache entries are missing) and imports this module
only then: a build with nothing to render never loads WeasyPrint.
"""

from __future__ import annotations

import ctypes
import gc
import mimetypes
import multiprocessing
import os
import signal
import sys
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from tqdm import tqdm
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..errors import BuildError
from .cache import PDF_OPTIONS
from .forms import Forms

__all__ = ["Pool", "Refused", "Renderer", "SandboxFetcher", "collector_held", "renderer", "worker_count"]

POOL_MIN = 16
"""Fewer PDFs than this render in this process: starting workers would cost more than it saves."""


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


def renderer(stylesheets: Sequence[Path], allowed_roots: Sequence[Path]) -> Renderer:
    roots = tuple(Path(root).resolve() for root in allowed_roots)
    stamps = tuple((path, path.stat().st_mtime_ns, path.stat().st_size) for path in stylesheets)
    return _cached_renderer(stamps, roots)


@lru_cache(maxsize=4)
def _cached_renderer(stamps: tuple[tuple[Path, int, int], ...], roots: tuple[Path, ...]) -> Renderer:
    return Renderer([stamp[0] for stamp in stamps], roots)


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


@contextmanager
def collector_held() -> Iterator[None]:
    """Python's garbage collector held off for one render, then one collection of the youngest generation.

    bench/pdf_gap.py: a tenth of a program's time went to collections walking WeasyPrint's boxes again and again
    while it rendered; everything a render leaves behind is in the youngest generation, which one collection then
    frees. For a worker only: the collector belongs to the whole process, and a preview renders beside its server."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)


Job = tuple[int, Callable[[], str], str]
"""A PDF to render: its index in the batch, a call that writes its HTML (handouts.pdf.writer.Handout.write_html),
and the base URL its relative paths are read from."""
_JOBS: list[Job] = []
"""The batch, as the forked workers find it: a job crosses to a worker as its position alone, and the worker writes
its handout's HTML itself, so the handouts' HTML is written on every core at once, not first in this process."""


def _render_job(position: int) -> tuple[int, tuple]:
    """A forked worker's job: the HTML written, then rendered (the batch is in _JOBS, copied at the fork)."""
    index, write_html, base_url = _JOBS[position]
    assert _WORKER is not None
    with collector_held():
        return index, _render_safely(_WORKER, write_html(), base_url)


def _render_packed(job: tuple[int, bytes, str]) -> tuple[int, tuple]:
    """A started (not forked) worker's job: the HTML written by this process, compressed, crosses to it."""
    index, html, base_url = job
    assert _WORKER is not None
    with collector_held():
        return index, _render_safely(_WORKER, zlib.decompress(html).decode(), base_url)


def _packed(jobs: Iterable[Job]) -> Iterator[tuple[int, bytes, str]]:
    """Each job with its HTML written and compressed (zlib level 1: a quarter of the size, for a fraction of a
    millisecond), one at a time as the pool takes them."""
    for index, write_html, base_url in jobs:
        yield index, zlib.compress(write_html().encode(), 1), base_url


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


class Pool:
    """A batch of jobs being rendered: by worker processes forked now (one per core), or in this process when there
    are few (POOL_MIN) unless `separate` (a build renders beside its pages: the work must be in other processes).
    `results` gives (index, result) of each job as it finishes; `terminate` stops the workers."""

    def __init__(self, jobs: list[Job], stylesheets: Sequence[Path], allowed_roots: Sequence[Path],
                 progress: bool, workers: int = 0, separate: bool = False):
        global _JOBS
        self.jobs, self.progress = jobs, progress
        workers = min(workers or worker_count(), len(jobs))
        self.pool: Any = None
        self.forked = False
        self.lock = threading.Lock()
        if not separate and (workers < 2 or len(jobs) < POOL_MIN):
            self.renderer = renderer(stylesheets, allowed_roots)
            return
        context = multiprocessing.get_context(_start_method())
        # Forked workers share this process's objects (mkdocs' pages, the library) until a page of them is written
        # to, and a garbage collection writes to every object it walks: each worker's, and this process's own while
        # they run, would copy the lot. A frozen object is never walked (gc.freeze; CPython's docs advise it
        # right before a fork).
        self.forked = context.get_start_method() == "fork"
        if self.forked:
            _JOBS = list(jobs)
            gc.freeze()
        self.pool = context.Pool(max(1, workers), initializer=_start_worker, initargs=(stylesheets, allowed_roots))
        # Chunks of a few jobs save a round trip per PDF; jobs come heaviest first (programs), so small chunks
        # at the end keep both workers busy until the last one.
        self.chunksize = max(1, min(8, len(jobs) // (8 * max(1, workers))))

    def results(self) -> Iterator[tuple[int, tuple]]:
        # The pool started before the progress bar: tqdm's monitor thread would make _start_method pick forkserver,
        # whose workers import WeasyPrint afresh.
        with _progress_bar(len(self.jobs), self.progress) as bar:
            if self.pool is None:
                for index, write_html, base_url in bar(self.jobs):
                    yield index, _render_safely(self.renderer, write_html(), base_url)
                return
            try:
                if self.forked:
                    found = self.pool.imap_unordered(_render_job, range(len(self.jobs)), chunksize=self.chunksize)
                else:
                    found = self.pool.imap_unordered(_render_packed, _packed(self.jobs), chunksize=self.chunksize)
                yield from bar(found)
            finally:
                self.terminate()

    def terminate(self) -> None:
        """Stop the workers (at the end, or from another thread: a build that failed elsewhere); once."""
        global _JOBS
        with self.lock:
            if self.pool is None:
                return
            self.pool.terminate()
            self.pool.join()
            self.pool = None
            if self.forked:
                gc.unfreeze()  # collectable again once the workers are gone
                _JOBS = []


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


