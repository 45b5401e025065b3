"""What a preview keeps between rebuilds, so that one edit re-reads one file and re-renders only what shows it.

`mkdocs serve` rebuilds the whole site on every save. The plugin keeps, for a preview only:

- each exercise file's validated result, under the file's path and a hash of its bytes (and a stamp of the rest
  of content/, since a picture or a linked page may appear or go); validation runs the same code as a full one
  and takes the kept result for every file whose bytes did not change, so its result is the same by construction;
- each page's readability score and printable block, under the very Exercise value it was made from;
- each page's rendered output, with the values it showed (`Pages`): a page whose values are equal is not rendered
  again;
- in a dirty preview (`mkdocs serve --dirty`, and `build.py serve`), what the site folder already holds
  (`Written`): mkdocs then neither empties the folder nor writes a page or file that did not change, and the
  plugin removes what went away and keeps the search index whole (each page's entries are kept with the page).

Anything else that changes (mkdocs.yml, a clinic file, a template, the set of pages) starts again from nothing.
This module never imports mkdocs.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def tree_stamp(folders: Iterable[Path], skip_suffix: str | None = None) -> str:
    """A digest of every file under `folders`: its path, and its size and time unless it ends in `skip_suffix`
    (those are kept by the hash of their bytes instead, so only their names count here)."""
    digest = hashlib.sha1()
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(root, name)
                digest.update(path.encode("utf-8", "surrogateescape"))
                if skip_suffix is None or not name.endswith(skip_suffix):
                    stat = os.stat(path)
                    digest.update(f"{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()


def file_key(path: Path) -> tuple[str, str]:
    """A file's path and the hash of its bytes: equal exactly when the file reads the same."""
    try:
        return str(path), hashlib.sha1(path.read_bytes()).hexdigest()
    except OSError as err:  # gone or unreadable: never equal to a kept result, and read again by the caller
        return str(path), f"unreadable: {err}"


class Kept:
    """Results of pure work kept from one validation to the next; what a round does not ask for is dropped."""

    def __init__(self) -> None:
        self._results: dict[Hashable, Any] = {}
        self._asked: set[Hashable] = set()
        self.stamp: Hashable = ""
        """The content folder's stamp (tree_stamp) the kept file results were made with."""
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The result kept under `key`, or `compute()`'s, kept."""
        self._asked.add(key)
        if key in self._results:
            self.hits += 1
            found: T = self._results[key]
            return found
        self.misses += 1
        result = self._results[key] = compute()
        return result

    def of(self, value: object, key: Hashable, compute: Callable[[], T]) -> T:
        """The result kept for this very `value` (the same object, not only an equal one) and `key`."""
        kept = self.get((id(value), key), lambda: (value, compute()))
        if kept[0] is not value:  # another object at the same address: the kept one is gone
            kept = self._results[(id(value), key)] = (value, compute())
        return kept[1]

    def start(self, stamp: Hashable) -> None:
        """Begin a round: a new content stamp forgets every file's result (a picture or a page came or went)."""
        if stamp != self.stamp:
            self.clear()
            self.stamp = stamp
        self._asked = set()
        self.hits = self.misses = 0

    def sweep(self) -> None:
        """End a round: forget what it did not ask for (deleted or renamed files, values no longer shown)."""
        self._results = {k: v for k, v in self._results.items() if k in self._asked}

    def clear(self) -> None:
        self._results.clear()
        self._asked = set()


@dataclass
class KeptPage:
    """A page as the last build rendered it, with the values it showed."""

    shows: Any
    markdown: str
    meta: dict
    content: str
    toc: Any
    anchors: frozenset[str]
    output: str
    search: tuple[dict, ...] = ()
    """The search index's entries for the page (material's search adds them while the page is built)."""


class Pages:
    """The pages of the last preview build; a page whose values are unchanged is written again as it was."""

    def __init__(self) -> None:
        self.stamp: Any = None
        self.kept: dict[str, KeptPage] = {}
        self.reused: set[str] = set()
        self.rendered: set[str] = set()

    def start(self, stamp: Any) -> None:
        """Begin a build; a different `stamp` (settings, templates, the set of pages, problems) keeps nothing."""
        if stamp != self.stamp:
            self.kept.clear()
        self.stamp = stamp
        self.reused, self.rendered = set(), set()

    def unchanged(self, src_uri: str, shows: Any) -> KeptPage | None:
        """The kept page, if it showed exactly `shows`."""
        kept = self.kept.get(src_uri)
        if kept is None or kept.shows != shows:
            return None
        self.reused.add(src_uri)
        return kept

    def keep(self, src_uri: str, page: KeptPage) -> None:
        self.kept[src_uri] = page
        self.rendered.add(src_uri)


class Written:
    """What a dirty preview's site folder holds from the builds before: each file by its path, with the digest of
    the bytes written for the files a plugin made in memory (the rest mkdocs compares by time)."""

    def __init__(self) -> None:
        self.digests: dict[str, str] = {}
        self.paths: set[str] = set()
        self.gone: set[str] = set()

    def start(self, paths: set[str]) -> None:
        """Begin a build that will hold `paths`; what the last one held and this one does not is gone."""
        self.gone = self.paths - paths
        self.paths = set(paths)
        self.digests = {path: digest for path, digest in self.digests.items() if path in paths}

    def changed(self, path: str, content: bytes) -> bool:
        """Whether `content` differs from what was last written to `path`; mkdocs writes it next if so."""
        digest = hashlib.sha1(content).hexdigest()
        if self.digests.get(path) == digest and os.path.isfile(path):
            return False
        self.digests[path] = digest
        return True

    def remove_gone(self) -> None:
        """Delete the files of pages and assets that are no longer in the site."""
        for path in self.gone:
            try:
                os.remove(path)
            except OSError:  # never written, or already gone
                pass
        self.gone = set()

    def clear(self) -> None:
        """Forget everything (a build failed half-way): the next build writes every file again."""
        self.digests.clear()
