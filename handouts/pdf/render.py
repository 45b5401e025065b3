"""WeasyPrint, in a sandbox: the one module that imports it. A document's PDF, through a renderer made once.

handouts.pdf.writer decides what to render (the handouts whose cache entries are missing) and handouts.pdf.pool
renders them; this module is loaded only then, by the workers that render (or by this process, for a document
from memory or a few PDFs): a build with nothing to render never loads WeasyPrint.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..errors import BuildError
from .cache import PDF_OPTIONS
from .forms import Forms

__all__ = ["Refused", "Renderer", "SandboxFetcher", "render_safely", "renderer"]

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


def render_safely(renderer: Renderer, html: str, base_url: str) -> tuple:
    """('ok', pdf, files), ('refused', url, reason) or ('failed', message): results cross process bounds."""
    try:
        pdf, files = renderer.render(html, base_url)
    except Refused as refused:
        return ("refused", refused.url, refused.reason)
    except Exception as error:  # noqa: BLE001 - reported with the handout's name by the caller
        return ("failed", f"{type(error).__name__}: {error}")
    return ("ok", pdf, files)


