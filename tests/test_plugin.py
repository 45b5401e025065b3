"""The `handouts` mkdocs plugin: installed with pip into a clinic's own repository and built with plain mkdocs.

The slow test makes a fresh virtual environment, installs this project into it from a copy of its source (as
`pip install <path-or-git-url>` would), writes a clinic's repository with `handouts new`, and builds it with
`mkdocs build`. The others check that every way of building runs the same checks, and the live preview.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import chdir
from pathlib import Path

import pytest

from handouts.cli import main
from tools import pinned_venv

from .conftest import ROOT

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
HARD = (
    "1. Notwithstanding considerable musculoskeletal discomfort, systematically incorporate "
    "comprehensive thoracic rotational mobilization methodologies, intensifying progressively.\n"
)


def source_copy(dest: Path) -> Path:
    """What `pip install <git-url>` sees: the files git tracks (the package's links to templates/ and content/)."""
    dest.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md", "handouts", "templates", "content", "requirements.lock",
                 "requirements-installer.lock"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy(source, dest / name)
    return dest


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with this project installed from its source: its bin/ folder."""
    folder = tmp_path_factory.mktemp("install")
    source = source_copy(folder / "source")
    python = pinned_venv.create(folder / "venv", [ROOT / "requirements.lock"], env=ENV)
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", str(source)],
                          capture_output=True, text=True, env=ENV, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return folder / "venv/bin"


COMMIT = "0123456789abcdef0123456789abcdef01234567"
SPEC = f"exercise-handouts @ git+https://example.org/exercise-handouts.git@{COMMIT}"
QUIET_ENV = {k: v for k, v in ENV.items() if k not in ("NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING")}
NOISE = ("reaches end of life", "not included in the", ".building-", "Traceback", "should be renamed")


def same_site(one: Path, other: Path) -> None:
    """The two folders hold the same files with the same bytes, but for the generator tag that names the engine
    (and the service worker's version, a hash over the pages)."""
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(other) for p in other.rglob("*") if p.is_file())
    generator = re.compile(rb'<meta name="generator" content="[^"]*">')
    for path in (p for p in files if p.name != "sw.js"):
        assert generator.sub(b"", (one / path).read_bytes()) == generator.sub(b"", (other / path).read_bytes()), path


def test_a_clinic_in_its_own_repository_builds_the_same_with_properdocs_and_mkdocs(installed: Path, tmp_path: Path):
    clinic = tmp_path / "birch-street"
    result = subprocess.run([str(installed / "handouts"), "new", str(clinic), "--name", "Birch Street Physio",
                             "--install", SPEC], capture_output=True, text=True, env=ENV, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "properdocs build" in result.stderr
    assert sorted(p.name for p in clinic.iterdir()) == [
        ".github", ".gitignore", "content", "logo.svg", "mkdocs.yml", "properdocs.yml", "requirements-installer.lock",
        "requirements.lock", "requirements.txt"]
    assert (clinic / "content/programs/upper-back-pain.md").read_text() == \
        (ROOT / "content/programs/upper-back-pain.md").read_text()
    assert "- handouts" in (clinic / "mkdocs.yml").read_text()
    # What its workflow installs is pinned: this project's own locks, and the package by its commit.
    for lock in ("requirements-installer.lock", "requirements.lock"):
        assert (clinic / lock).read_text() == (ROOT / lock).read_text()
    assert [line for line in (clinic / "requirements.txt").read_text().splitlines() if not line.startswith("#")] \
        == [SPEC]
    workflow = (clinic / ".github/workflows/pages.yml").read_text()
    assert "--require-hashes -r requirements.lock" in workflow and "run: properdocs build" in workflow

    result = subprocess.run([str(installed / "properdocs"), "build"], capture_output=True, text=True, env=QUIET_ENV,
                            cwd=clinic)
    assert result.returncode == 0, result.stderr
    assert not [line for line in result.stderr.splitlines() if any(noise in line for noise in NOISE)], result.stderr
    assert re.search(r"handouts: \d+ pages and \d+ PDFs \(\d+ made, \d+ from the cache\) in .*/site$",
                     result.stderr, re.M), result.stderr
    legacy = subprocess.run([str(installed / "mkdocs"), "build", "-d", "site-mkdocs"], capture_output=True,
                            text=True, env=ENV, cwd=clinic)
    assert legacy.returncode == 0, legacy.stderr
    assert not [line for line in legacy.stderr.splitlines() if any(noise in line for noise in NOISE)]
    same_site(clinic / "site", clinic / "site-mkdocs")
    shutil.rmtree(clinic / "site-mkdocs")

    site = clinic / "site"
    disclaimer = "Birch Street Physio gives you this handout for your own home exercise program only."
    pages = list(site.rglob("*.html"))
    assert len(pages) >= 10 and all(disclaimer in p.read_text() for p in pages)
    assert "Birch Street Physio" in (site / "index.html").read_text()
    for asset in ("assets/timer.js", "assets/fonts.css", "assets/fonts/atkinson-hyperlegible-latin-400-normal.woff2",
                  "assets/clinic-logo.svg", "pdf/programs/upper-back-pain.pdf", "pdf/exercises/open-books-large.pdf"):
        assert (site / asset).is_file(), asset
    assert "fonts.googleapis.com" not in (site / "index.html").read_text()
    assert list((clinic / ".cache/handouts/pdf").glob("*.pdf"))

    # A copy installed from a folder no workflow can reach is never written into the clinic's requirements.
    refused = subprocess.run([str(installed / "handouts"), "new", str(tmp_path / "elm"), "--name", "Elm"],
                             capture_output=True, text=True, env=ENV, cwd=tmp_path)
    assert refused.returncode == 1 and "--install 'exercise-handouts @ git+https://" in refused.stderr
    assert "Traceback" not in refused.stderr and not (tmp_path / "elm").exists()

    # The reading-level gate and the content checks stop plain mkdocs too, and the last site stays.
    before = (site / "exercises/open-books/index.html").read_text()
    exercise = clinic / "content/exercises/open-books.md"
    hard = HARD + HARD.replace("1. ", "2. ", 1)  # the page, with its caution, reads above 8 with two of them
    exercise.write_text(exercise.read_text().replace("1. Lie on your side", hard + "3. Lie on your side", 1))
    result = subprocess.run([str(installed / "mkdocs"), "build"], capture_output=True, text=True, env=ENV, cwd=clinic)
    assert result.returncode == 1
    assert "content/exercises/open-books.md:" in result.stderr and "reads at grade" in result.stderr
    assert "Traceback" not in result.stderr
    assert (site / "exercises/open-books/index.html").read_text() == before
    check = subprocess.run([str(installed / "handouts"), "check"], capture_output=True, text=True, env=ENV, cwd=clinic)
    assert check.returncode == 1 and "reads at grade" in check.stderr


def test_check_and_handout_never_import_mkdocs():
    code = ("import sys; from handouts.cli import main; from handouts.patient import sheet; "
            "from handouts.pdf import writer; from handouts.content import load; from handouts import pipeline; "
            "sys.exit(1 if [m for m in sys.modules if m.startswith('mkdocs')] else 0)")
    assert subprocess.run([sys.executable, "-c", code], env=ENV, cwd=ROOT).returncode == 0


def test_plain_mkdocs_and_build_py_stop_on_the_same_grade_12_page(project: Path, capsys):
    exercise = project / "content/exercises/childs-pose.md"
    hard = HARD + HARD.replace("1. ", "2. ", 1)  # the page, with its caution, reads above 8 with two of them
    exercise.write_text(exercise.read_text().replace("1. Kneel on the floor", hard + "3. Kneel on the floor", 1))
    with chdir(project):
        assert main(["-q", "check"]) == 1
    expected = [line for line in capsys.readouterr().err.splitlines()
                if "childs-pose.md:" in line and "warning:" not in line]  # mkdocs -q shows errors only
    assert expected and "reads at grade" in " ".join(expected)
    mkdocs = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "-q"], capture_output=True,
                            text=True, env=ENV, cwd=project)
    assert mkdocs.returncode == 1 and "Traceback" not in mkdocs.stderr
    for line in expected:
        assert line in mkdocs.stderr
    assert not (project / "site").exists()


def test_strict_mkdocs_counts_the_plugins_warnings_and_keeps_the_last_site(project: Path):
    mkdocs = [str(Path(sys.executable).parent / "mkdocs"), "build", "-q"]
    assert subprocess.run(mkdocs, env=ENV, cwd=project, capture_output=True).returncode == 0
    before = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*"))
    strict = [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict"]  # -q would hide the warnings
    result = subprocess.run(strict, env=ENV, cwd=project, capture_output=True, text=True)
    assert result.returncode == 1
    assert "site_url is not set" in result.stderr  # the plugin's warning, counted
    assert sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*")) == before


def test_gh_deploy_publishes_the_swapped_in_site(project: Path):
    """gh-deploy builds, then publishes config.site_dir: the plugin puts it back after the swap."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with chdir(project):
        config = load_config("mkdocs.yml")
        build(config)
    assert Path(config.site_dir) == (project / "site").resolve()
    assert (project / "site/index.html").is_file() and (project / "site/pdf/programs/upper-back-pain.pdf").is_file()
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")]


def test_new_refuses_a_folder_that_exists(tmp_path: Path, capsys):
    (tmp_path / "ours").mkdir()
    assert main(["new", str(tmp_path / "ours")]) == 1
    assert "already exists" in capsys.readouterr().err


# -- the live preview -----------------------------------------------------------------------------------------


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, b""


def eventually(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_the_preview_shows_problems_as_a_page_and_makes_the_pdfs(project: Path, preview):
    server = preview(project)
    url = server.url
    try:
        page = url + "exercises/open-books/"
        assert b"Repeat 10 times on each side." in fetch(page)[1]
        pdf = url + "pdf/exercises/open-books.pdf"
        assert eventually(lambda: fetch(pdf)[1].startswith(b"%PDF"), 60)  # rendered in the background
        path = project / "content/exercises/open-books.md"
        path.write_text(path.read_text().replace("reps: 10", "reps: ten"))
        assert eventually(lambda: b"problem" in fetch(page)[1] and b"must be a whole number" in fetch(page)[1])
        shown = fetch(page)[1].decode()
        assert "content/exercises/open-books.md:" in shown and "reps: ten" in shown
        path.write_text(path.read_text().replace("reps: ten", "reps: 12"))
        assert eventually(lambda: b"Repeat 12 times on each side." in fetch(page)[1])
    finally:
        err = server.close()
    assert re.search(r"Serving on http://127\.0\.0\.1:\d+/", err)
    assert "Traceback" not in err


def test_the_pdf_cache_keeps_only_what_the_last_build_used(project: Path):
    from .conftest import build_site

    cache = project / ".cache/handouts/pdf"
    build_site(project, pdfs=True)
    first = {p.name for p in cache.glob("*.pdf")}
    pdfs = len(list((project / "site/pdf").rglob("*.pdf")))
    assert len(first) == pdfs
    exercise = project / "content/exercises/childs-pose.md"
    exercise.write_text(exercise.read_text().replace("reps: 3", "reps: 4"))
    build_site(project, pdfs=True)
    second = {p.name for p in cache.glob("*.pdf")}
    assert len(second) == pdfs and len(list(cache.glob("*.json"))) == pdfs
    # Child's pose's two handouts and the program's two changed; the rest were reused, not rendered again.
    assert len(first - second) == 4 and len(second - first) == 4
