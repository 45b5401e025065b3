"""The PDF cache: each handout's PDF under a key made from the values it shows, and its share of a sharded build.

A key is a sha256 of everything a handout's PDF is made from, known before its HTML is made:

- what does the drawing (`Inputs`): the renderer (WeasyPrint, pydyf, fontTools, the text libraries and their
  versions, the PDF options), the print stylesheets and every font they load, the print templates in the order
  they are looked up, this package's code and catalogs, and the libraries that write the HTML (Jinja, Markdown,
  Babel, segno for the QR codes);
- what the handout shows: the clinic (its words, colour, paper, logo), the site's address (the QR codes), the
  language, print size, and the program or exercise value, every field a template can reach (`fingerprint`).

Files a render reads that no value names (a photo in an exercise's folder, the logo's bytes) are listed beside the
entry with their sha256, and a changed file makes the entry stale. Keys name no absolute path, so two checkouts of a
project (two CI machines) give the same keys, and a shard's cache is another machine's.

An entry is `<key>.pdf` and `<key>.json`; the site's copy is a hard link to the PDF where the file system allows.
Entries are written by renaming a finished file into place, so a link to one never changes under it.
"""

from __future__ import annotations

import ctypes
import dataclasses
import datetime
import hashlib
import json
import os
import re
import shutil
import sys
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..model.values import Clinic

__all__ = ["PDF_OPTIONS", "RENDERER_VERSION", "Inputs", "PdfCache", "Shard", "fingerprint", "place", "style_files"]

# pdf/ua-1 tags the PDF; no date in the HTML means no date in the PDF, so equal content gives equal bytes.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
def _text_libraries() -> str:
    """The versions of the C libraries that lay out and subset the text (they shape the PDFs as much as WeasyPrint)."""
    found = []
    for name in ("libpango-1.0.so.0", "libharfbuzz.so.0", "libharfbuzz-subset.so.0", "libfontconfig.so.1"):
        try:
            library = ctypes.CDLL(name)
        except OSError:
            found.append(f"{name} absent")
            continue
        if name.startswith("libfontconfig"):
            found.append(f"{name} {library.FcGetVersion()}")
        elif name.startswith("libpango"):
            library.pango_version_string.restype = ctypes.c_char_p
            found.append(f"{name} {library.pango_version_string().decode()}")
        else:
            library.hb_version_string.restype = ctypes.c_char_p
            found.append(f"{name} {library.hb_version_string().decode()}")
    return ", ".join(found)


RENDERER_VERSION = (f"weasyprint {metadata.version('weasyprint')}; pydyf {metadata.version('pydyf')}; "
                    f"fonttools {metadata.version('fonttools')}; {_text_libraries()}; handouts print 2; "
                    f"{sorted(PDF_OPTIONS.items())}")
"""What renders: WeasyPrint, what it writes and subsets with, the C libraries that shape the text, our options."""

HTML_LIBRARIES = ("jinja2", "markupsafe", "markdown", "pymdown-extensions", "babel", "segno")
"""The distributions a handout's HTML is written with (its drawing's are in the renderer's version)."""
PACKAGE = Path(__file__).resolve().parent.parent
"""This package's folder: its code and catalogs write every handout."""
NOT_SHOWN = frozenset({"source", "lines", "line", "body_line"})
"""Fields of the content values that say where a thing was written (for messages), never shown on paper: a line
moved in a file does not draw its PDF again. tests/test_pdf_keys.py builds variants and checks that equal keys
always come with equal HTML."""


def _digest_files(digest: hashlib._Hash, folder: Path, names: Iterable[Path]) -> None:
    for path in sorted(names):
        digest.update(f"{path.relative_to(folder).as_posix()}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())


@lru_cache(maxsize=2)
def code_digest(folder: Path = PACKAGE) -> str:
    """The package's own files (code and catalogs), by their bytes."""
    digest = hashlib.sha256()
    files = [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts and not p.is_symlink()
             and not any(part.startswith(".") for part in p.relative_to(folder).parts)]
    _digest_files(digest, folder, files)
    return digest.hexdigest()


def templates_digest(template_dirs: Sequence[Path]) -> str:
    """The print templates and the partials they include, folder by folder in the order they are looked up."""
    digest = hashlib.sha256()
    for number, folder in enumerate(template_dirs):
        digest.update(f"folder {number}\0".encode())
        for sub in ("print", "partials"):
            if (Path(folder) / sub).is_dir():
                _digest_files(digest, Path(folder), (p for p in (Path(folder) / sub).rglob("*") if p.is_file()))
    return digest.hexdigest()


def versions(names: Iterable[str]) -> str:
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} absent")
    return "; ".join(found)


CSS_FILE = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
"""A file a stylesheet names: a url() (a font, a picture) or an @import."""


def style_files(stylesheets: Iterable[Path]) -> list[Path]:
    """The print stylesheets and every file they name (fonts, pictures, imported sheets, read in turn), found
    without WeasyPrint: a build with nothing to render never loads it. A name that is no file here (a data: URL)
    is in the stylesheet's own bytes, which are hashed."""
    found: dict[Path, None] = {}
    waiting = [Path(path).resolve() for path in stylesheets]
    while waiting:
        path = waiting.pop(0)
        if path in found or not path.is_file():
            continue
        found[path] = None
        if path.suffix == ".css":
            for match in CSS_FILE.finditer(path.read_text(encoding="utf-8", errors="replace")):
                name = match.group(2) or match.group(4)
                if ":" not in name.split("/", 1)[0]:  # no scheme: a file beside the stylesheet
                    waiting.append((path.parent / name.split("#", 1)[0].split("?", 1)[0]).resolve())
    return list(found)


@dataclasses.dataclass(frozen=True)
class Inputs:
    """What draws every handout of a build: one digest, made once per build (see the module's docstring)."""

    renderer: str
    """The renderer's version string and the digest of its stylesheets and fonts (Renderer.style_files)."""
    templates: str
    code: str
    libraries: str

    @classmethod
    def of(cls, renderer_version: str, style_files: Iterable[Path], template_dirs: Sequence[Path]) -> Inputs:
        style = hashlib.sha256(renderer_version.encode())
        for path in sorted(style_files, key=lambda p: p.name):
            style.update(f"{path.name}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
        python = f"python {sys.version_info.major}.{sys.version_info.minor}"
        return cls(style.hexdigest(), templates_digest(template_dirs), code_digest(),
                   f"{python}; {versions(HTML_LIBRARIES)}")

    def digest(self) -> str:
        return hashlib.sha256("\0".join(dataclasses.astuple(self)).encode()).hexdigest()


def fingerprint(value: object, memo: dict[int, tuple[object, str]] | None = None) -> str:
    """A stable text of a content value: every field a template can reach, nested values in full.

    Dataclasses field by field (but NOT_SHOWN), tuples and lists in order, dicts by sorted key, and plain str, int,
    float, bool, None and dates by repr. Any other type is refused: a value the key cannot see must not be
    drawn from a stale entry. With `memo` (one build's), a dataclass met before stands for the sha256 of its text,
    kept by identity with the value itself (so the identity stays its own): a program repeats the exercises it
    names, and each handout is made in two sizes.
    """
    if isinstance(value, str | int | float | bool | datetime.date) or value is None:
        return repr(value)
    if isinstance(value, tuple | list):
        return "(" + ",".join(fingerprint(item, memo) for item in value) + ")"
    if isinstance(value, dict):
        return "{" + ",".join(f"{fingerprint(k, memo)}:{fingerprint(v, memo)}"
                              for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))) + "}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if memo is not None and id(value) in memo:
            return memo[id(value)][1]
        text = type(value).__name__ + "(" + ",".join(
            f"{field.name}={fingerprint(getattr(value, field.name), memo)}"
            for field in dataclasses.fields(value) if field.name not in NOT_SHOWN) + ")"
        if memo is not None:
            text = f"{type(value).__name__}#{hashlib.sha256(text.encode()).hexdigest()}"
            memo[id(value)] = (value, text)
        return text
    raise TypeError(f"no fingerprint for a {type(value).__name__}: add it to handouts.pdf.cache.fingerprint")


def clinic_shown(clinic: Clinic, root: Path) -> Clinic:
    """The clinic as a handout shows it: its logo named from the project's folder, not from this machine's root."""
    if clinic.logo and Path(clinic.logo).is_relative_to(root):
        return dataclasses.replace(clinic, logo=Path(clinic.logo).relative_to(root).as_posix())
    return clinic


@dataclasses.dataclass(frozen=True)
class Shard:
    """One of `count` stable shares of a build's PDFs (`handouts build --shard 2/4`: number 2 of 4).

    A handout's share depends only on its language and file name, so an edit, or a new exercise, moves no other
    handout to another shard (and another machine's cache)."""

    number: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """'K/N' with 1 <= K <= N; ValueError with what to write otherwise."""
        number, slash, count = text.partition("/")
        try:
            shard = cls(int(number), int(count)) if slash else None
        except ValueError:
            shard = None
        if shard is None or not 1 <= shard.number <= shard.count:
            raise ValueError(f"'{text}' is not a shard: write K/N, the shard's number and how many there are (2/4)")
        return shard

    def has(self, lang: str, path: str) -> bool:
        share = int.from_bytes(hashlib.sha256(f"{lang}/{path}".encode()).digest()[:8], "big") % self.count
        return share == self.number - 1

    def __str__(self) -> str:
        return f"{self.number}/{self.count}"


class PdfCache:
    """PDF files under their keys, each with the files its render read and their sha256 (see the module)."""

    def __init__(self, folder: Path, inputs: Inputs, root: Path):
        self.folder = Path(folder)
        self.root = Path(root)
        """The project's folder: keys name paths from here."""
        self.inputs = inputs.digest()
        self._digests: dict[Path, str | None] = {}
        self._memo: dict[int, tuple[object, str]] = {}
        self._sites: dict[tuple, tuple[Clinic, str]] = {}
        """What every handout of one clinic, site address, language and content folder shares in its key (kept
        with the clinic, so its identity stays its own)."""

    def digest(self, path: Path) -> str | None:
        if path not in self._digests:
            try:
                self._digests[path] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                self._digests[path] = None
        return self._digests[path]

    def key(self, shows: object, *, clinic: Clinic, site_url: str | None, lang: str, content_dir: Path) -> str:
        """The key of the handout that shows `shows` (its kind, value and print size) for this clinic and site."""
        site = (id(clinic), site_url, lang, str(content_dir))
        if site not in self._sites:
            try:
                content = Path(content_dir).resolve().relative_to(self.root.resolve()).as_posix()
            except ValueError:
                content = str(content_dir)
            shown = fingerprint(clinic_shown(clinic, self.root))
            self._sites[site] = (clinic, "\0".join((self.inputs, lang, content, repr(site_url), shown)))
        text = f"{self._sites[site][1]}\0{fingerprint(shows, self._memo)}"
        return hashlib.sha256(text.encode()).hexdigest()

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.pdf"

    def fresh(self, key: str) -> bool:
        """Whether the entry exists and every file its render read is as it was."""
        try:
            files = json.loads((self.folder / f"{key}.json").read_text())
            return self.path(key).is_file() and all(
                self.digest(self._absolute(path)) == digest for path, digest in files.items())
        except (OSError, ValueError, AttributeError):
            return False

    def _absolute(self, path: str) -> Path:
        return self.root / path if not os.path.isabs(path) else Path(path)

    def _named(self, path: Path) -> str:
        """A file a render read, from the project's folder where it is inside it (the same on every machine)."""
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)

    def get(self, key: str) -> bytes | None:
        try:
            return self.path(key).read_bytes() if self.fresh(key) else None
        except OSError:
            return None

    def put(self, key: str, pdf: bytes, files: Iterable[Path]) -> Path:
        """Keep a rendered PDF; return its file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        listing = {self._named(path): self.digest(path) for path in sorted(files)}
        _write_atomic(self.folder / f"{key}.json", json.dumps(listing, indent=1).encode())
        _write_atomic(self.path(key), pdf)
        return self.path(key)

    def prune(self, keep: set[str]) -> int:
        """Remove every entry whose key is not in `keep`; return how many were removed."""
        removed = 0
        for entry in self.folder.glob("*.pdf") if self.folder.is_dir() else ():
            if entry.stem not in keep:
                for path in (entry, entry.with_suffix(".json")):
                    path.unlink(missing_ok=True)
                removed += 1
        return removed


def place(source: Path, target: Path) -> None:
    """Put a cached PDF at `target`: a hard link where the file system allows (no bytes copied, and an entry is
    never written in place, so the site's file cannot change under it), else a copy. Whatever was at `target` is
    replaced, never written into (it may be a link to another entry)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    partial.unlink(missing_ok=True)  # left by a build that was stopped
    try:
        os.link(source, partial)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, partial)
    os.replace(partial, target)


def _write_atomic(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as err:  # named as the file it was for (a full disk, a folder that cannot be written)
        partial.unlink(missing_ok=True)
        err.filename = str(path)
        raise
