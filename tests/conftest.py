"""Shared helpers: one ROOT, projects copied into a temporary folder and built, `build.py` in-process or as a
process, a real Chromium and axe, a local server, a live preview on a port of its own."""

from __future__ import annotations

import functools
import http.server
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import chdir, redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
AXE = ROOT / "tests" / "vendor" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
"""The axe-core tags of the WCAG 2.2 level A and AA rules: every page a test shows axe is held to all of them."""
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
"""The environment of the processes tests start (mkdocs 1.6 otherwise prints a notice about mkdocs 2)."""


TEST_PROGRAMS = ("upper-back-pain", "knee-pain")
"""The programs most tests build: the first two the project shipped, with their ten exercises. The whole starter
library (50 exercises, 8 programs) is built and checked by test_library.py, once; a test of one page or one rule
need not build every handout of it."""


def _test_library(folder: str, names: list[str]) -> set[str]:
    """What copy_project leaves out of content/exercises and content/programs: everything but the test programs
    and their exercises (and their translations)."""
    programs = [ROOT / "content" / "programs" / f"{slug}.md" for slug in TEST_PROGRAMS]
    keep = set(TEST_PROGRAMS) | {line.strip()[2:] for path in programs for line in path.read_text().splitlines()
                                  if line.startswith("  - ")}
    return {name for name in names if name.split(".", 1)[0] not in keep} if folder.endswith(
        ("content/exercises", "content/programs")) else set()


def copy_project(dest: Path, whole_library: bool = False) -> Path:
    """Copy the shipped project (mkdocs.yml, properdocs.yml, content/, templates/, clinics/) into dest; the plugin is
    installed. Only the test programs and their exercises, unless `whole_library`."""
    dest.mkdir(parents=True, exist_ok=True)
    leave_out = shutil.ignore_patterns("site", ".cache")

    def library_only(folder: str, names: list[str]) -> set[str]:
        return set(leave_out(folder, names)) | _test_library(folder, names)

    for name in ("content", "templates", "clinics"):
        ignore = leave_out if whole_library or name != "content" else library_only
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    for name in ("mkdocs.yml", "properdocs.yml"):
        shutil.copy(ROOT / name, dest / name)
    if not whole_library:  # the Spanish names of the areas the copied exercises have, and no others
        areas = {area.strip() for path in (dest / "content" / "exercises").glob("*.md")
                 for line in path.read_text().splitlines() if line.startswith("area: [")
                 for area in line[len("area: ["):-1].split(",")}
        config = dest / "mkdocs.yml"  # a comment in an unused area's place: every other line keeps its number
        unused = ("    ", ": {es: ")
        config.write_text("".join(
            "    # (an area of the whole library)\n" if line.startswith(unused[0]) and unused[1] in line
            and line.strip().split(":")[0] not in areas else line for line in config.read_text().splitlines(True)))
    return dest


def english_only(project_dir: Path, config: str = "mkdocs.yml", to: str | None = None) -> Path:
    """Build the project's site in English only (the shipped one is also in Spanish): for tests of English pages
    and PDFs, which need not build every one twice. Changes `config` (or writes the change to `to`, beside it);
    returns the file written."""
    path = project_dir / config
    text = path.read_text()
    assert "\n  languages: [en, es]\n" in text, f"{path}: no 'languages: [en, es]' to change"
    written = path.with_name(to) if to else path
    written.write_text(text.replace("\n  languages: [en, es]\n", "\n  languages: [en]\n", 1))
    return written


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the shipped project to change and build, in English only: the tests that use it change English
    pages (a translation's steps and cautions must match its original's) and need not build each page twice.
    The Spanish site has its own tests (test_spanish_site.py, test_spanish_pdf.py)."""
    project = copy_project(tmp_path / "project")
    english_only(project)
    return project


def build_site(project_dir: Path, pdfs: bool = False, config: str = "mkdocs.yml") -> Path:
    """Build a project folder as `python build.py [-f config]` would; return its site folder."""
    from handouts.pipeline import paths_for
    from handouts.site.build import build

    with chdir(project_dir):
        build(config, pdfs=pdfs)
        return paths_for(Path(config)).site_dir


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped content built once per test session, in English (site only; the PDF tests build their own; the
    Spanish pages are test_spanish_site.py's)."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    english_only(project)
    return build_site(project)


def run_main(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """`python build.py ARGS` in folder, run in this process: its exit code (argparse's too), stdout and stderr."""
    from handouts.cli import main

    out, err = io.StringIO(), io.StringIO()
    with chdir(folder), redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit:  # --help, and usage errors
            code = int(exit.code or 0)
    return subprocess.CompletedProcess(["build.py", *args], code, out.getvalue(), err.getvalue())


def run_build_py(folder: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`python build.py ARGS` as a real process in folder, for what only a process shows (its exit, its traces)."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args], cwd=folder, capture_output=True, text=True,
        env={**ENV, **(env or {})}, timeout=300,
    )


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


def visit(browser, url: str, **options):
    """Open a page (a new browser context with `options`); return the context, the page, the requests it made and the
    console errors it logged."""
    context = browser.new_context(**options)
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page, requests, errors


def axe_violations(page, context: str | None = None) -> list[dict]:
    """axe-core's WCAG 2.2 A and AA violations on the page (or inside the `context` selector), with their elements."""
    page.evaluate(AXE.read_text())  # not a <script>: the site's Content-Security-Policy refuses those
    # A colour caught half-way through a transition (material's header title fading in on scroll) is not the page's.
    page.evaluate("Promise.all(document.getAnimations().filter(a => a instanceof CSSTransition)"
                  ".map(a => a.finished.catch(() => null)))")
    result = page.evaluate(
        "([context, tags]) => axe.run(context || document, {runOnly: {type: 'tag', values: tags}})", [context, WCAG]
    )
    return [{"id": v["id"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]]}
            for v in result["violations"]]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


class Server:
    """A static file server on 127.0.0.1 serving `root` (optionally under a sub-path)."""

    def __init__(self, root: Path, prefix: str = "/"):
        self.prefix = prefix if prefix.endswith("/") else prefix + "/"
        handler = functools.partial(_PrefixHandler, directory=str(root), prefix=self.prefix)
        self.httpd = _QuietServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{self.prefix}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A browser that closes a connection mid-file (a test ending) is not an error of the site."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


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


class Preview:
    """A live preview process (`python build.py serve`, or another command taking -a) in a project folder.

    It is started on a port nobody is using, and counted as started only once it says it serves on that port, so
    a port another process took in between is never mistaken for it: that start fails ("Address already in use")
    and is tried again on another port. mkdocs 1.6 cannot be given port 0: it prints the port it was given, not
    the one it bound.
    """

    def __init__(self, project: Path, command: list[str] | None = None, attempts: int = 5, timeout: float = 180):
        command = command or [sys.executable, str(ROOT / "build.py"), "serve"]
        for _ in range(attempts):
            port = _port_free_now()
            self.url = f"http://127.0.0.1:{port}/"  # with the site's sub-path once it says it serves
            self.lines: list[str] = []
            self.serving = False
            self.process = subprocess.Popen(
                [*command, "-a", f"127.0.0.1:{port}"], cwd=project, env=ENV,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )
            serving = threading.Event()
            self.reader = threading.Thread(target=self._read, args=(serving,), daemon=True)
            self.reader.start()
            serving.wait(timeout)
            if self.serving and self.process.poll() is None:
                return
            self.close()
            if "Address already in use" not in self.output:
                raise AssertionError(f"the preview did not start:\n{self.output}")
        raise AssertionError(f"the preview found no free port in {attempts} tries")

    def _read(self, serving: threading.Event) -> None:
        pattern = re.compile(rf"Serving on ({re.escape(self.url)}\S*)")
        for line in self.process.stderr:  # read to the end, so a chatty process never blocks on a full pipe
            self.lines.append(line)
            if found := pattern.search(line):
                self.url, self.serving = found[1], True
                serving.set()
        serving.set()  # ended: whoever waits looks at the process

    @property
    def output(self) -> str:
        """What the process printed on stderr so far."""
        return "".join(self.lines)

    def close(self) -> str:
        """Stop the process; return everything it printed on stderr."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.reader.join(timeout=30)
        return self.output


def fetch_when_ready(url: str, attempts: int = 150) -> str:
    """The page at url, asked again every 0.2 s while the server is not answering (a preview rebuilding)."""
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered")


def _port_free_now() -> int:
    """A port nobody listens on at this moment; another process may take it before ours does (Preview checks)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def preview():
    """preview(project, command=None) -> Preview; every preview is stopped after the test."""
    started: list[Preview] = []

    def start(project: Path, command: list[str] | None = None) -> Preview:
        started.append(Preview(project, command))
        return started[-1]

    yield start
    for process in started:
        process.close()


DEVICE_SPY = """
window.__beeps = []; window.__audio = 0; window.__locks = [];
const RealAudio = window.AudioContext;
window.AudioContext = class extends RealAudio {
  constructor(...a) { super(...a); window.__audio += 1; }
  createOscillator() {
    const osc = super.createOscillator(), start = osc.start.bind(osc);
    osc.start = t => { window.__beeps.push(osc.frequency.value); start(t); };
    return osc;
  }
};
Object.defineProperty(navigator, 'wakeLock', {value: {request: async () => {
  const lock = {released: false, release: async () => { lock.released = true; }};
  window.__locks.push(lock); return lock;
}}});
"""
"""A page script (add_init_script) that records the device's side of a timer: each beep's pitch in window.__beeps,
audio contexts made in window.__audio, screen wake locks in window.__locks."""


def page_head(lang: str = "en") -> str:
    """What the build writes into each page's <head> for the scripts (templates/main.html): the words in `lang` and
    the plain dose, for a test's own small page."""
    from handouts.i18n.words import browser_words
    from handouts.model.dose import browser_dose

    return (f'<script type="application/json" id="handout-words">{browser_words(lang)}</script>'
            f'<script type="application/json" id="handout-dose">{browser_dose()}</script>')


def page_scripts(last: str) -> list[str]:
    """The project's scripts in the order every page loads them (handouts.plugin.ASSETS), up to `last` ('timer.js'):
    the shared modules first. Paths relative to the templates folder ('assets/dom.js')."""
    from handouts.site.theme import ASSETS

    scripts = ASSETS["extra_javascript"]
    return scripts[:scripts.index(f"assets/{last}") + 1]
