"""Shared fixtures: small projects written into a temporary folder, a real Chromium, a local server."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from contextlib import chdir
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
AXE = ROOT / "tests" / "vendor" / "axe.min.js"


def copy_project(dest: Path) -> Path:
    """Copy the shipped project (mkdocs.yml, content/, templates/, clinics/) into dest; the plugin is installed."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("content", "templates", "clinics"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("site", ".cache"))
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the shipped project to change and build."""
    return copy_project(tmp_path / "project")


def build_site(project_dir: Path, pdfs: bool = False, config: str = "mkdocs.yml") -> Path:
    """Build a project folder as `python build.py [-f config]` would; return its site folder."""
    from handouts.pipeline import paths_for
    from handouts.plugin import build

    with chdir(project_dir):
        build(config, pdfs=pdfs)
        return paths_for(Path(config)).site_dir


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped content built once per test session (site only; the PDF tests build their own)."""
    return build_site(copy_project(tmp_path_factory.mktemp("built") / "project"))


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write files (text or bytes) under root, making folders; return root."""
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return root


@pytest.fixture(scope="session")
def browser():
    """A real headless Chromium (Debian's); a missing browser fails, it never skips."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (it installs it) or apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


class Server:
    """A static file server on 127.0.0.1 serving `root` (optionally under a sub-path)."""

    def __init__(self, root: Path, prefix: str = "/"):
        self.prefix = prefix if prefix.endswith("/") else prefix + "/"
        handler = functools.partial(_PrefixHandler, directory=str(root), prefix=self.prefix)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{self.prefix}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _PrefixHandler(_QuietHandler):
    def __init__(self, *args, prefix: str = "/", **kwargs):
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return "/nonexistent-outside-prefix"
        return super().translate_path("/" + path[len(self.prefix):])


@pytest.fixture
def serve():
    """serve(folder, prefix='/') -> Server; every server is shut down after the test."""
    servers: list[Server] = []

    def start(root: Path, prefix: str = "/") -> Server:
        servers.append(Server(root, prefix))
        return servers[-1]

    yield start
    for server in servers:
        server.close()
