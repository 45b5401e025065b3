"""A batch of PDFs rendered by worker processes (one per core), or in this process when there are few.

This module does not load WeasyPrint: a worker does, once, when it starts (handouts.pdf.render). A build that
renders beside its pages forks its workers before WeasyPrint is loaded, so its own process never pays for it, and a
worker that renders the few PDFs an edit changed does all of that work on another core.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

if TYPE_CHECKING:
    from .render import Renderer

__all__ = ["Job", "Pool", "collector_held", "worker_count"]

POOL_MIN = 16
"""Fewer PDFs than this render in this process: starting workers would cost more than it saves."""



_WORKER: Renderer | None = None
"""In a worker: its renderer (handouts.pdf.render), made by _start_worker."""
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
    from .render import Renderer  # here, not in the build's process: see the module's docstring

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
        return index, _render_in_worker(write_html(), base_url)


def _render_packed(job: tuple[int, bytes, str]) -> tuple[int, tuple]:
    """A started (not forked) worker's job: the HTML written by this process, compressed, crosses to it."""
    index, html, base_url = job
    assert _WORKER is not None
    with collector_held():
        return index, _render_in_worker(zlib.decompress(html).decode(), base_url)


def _render_in_worker(html: str, base_url: str) -> tuple:
    from .render import render_safely  # loaded by _start_worker already

    assert _WORKER is not None
    return render_safely(_WORKER, html, base_url)


def _packed(jobs: Iterable[Job]) -> Iterator[tuple[int, bytes, str]]:
    """Each job with its HTML written and compressed (zlib level 1: a quarter of the size, for a fraction of a
    millisecond), one at a time as the pool takes them."""
    for index, write_html, base_url in jobs:
        yield index, zlib.compress(write_html().encode(), 1), base_url


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
        if separate and len(jobs) < POOL_MIN:
            workers = 1  # a few PDFs beside a build's pages: one core for them, the other for the pages
        self.pool: Any = None
        self.forked = False
        self.lock = threading.Lock()
        if not separate and (workers < 2 or len(jobs) < POOL_MIN):
            from .render import renderer

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
                from .render import render_safely

                for index, write_html, base_url in bar(self.jobs):
                    yield index, render_safely(self.renderer, write_html(), base_url)
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


