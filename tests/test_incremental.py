"""A preview rebuilds only what an edit touches (handouts.incremental), with exactly a full rebuild's result."""

from __future__ import annotations

import re
import time
import urllib.request
from contextlib import chdir
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from pypdf import PdfReader

from handouts import pipeline
from handouts.errors import ContentInvalid
from handouts.incremental import Kept, Pages
from handouts.pdf import writer

from .conftest import ROOT

SERVE_URL = "http://127.0.0.1:8000/"


@pytest.fixture(autouse=True)
def back_to_building():
    """mkdocs keeps one plugin instance per process, told its command by on_startup: after these previews, the
    next test that calls mkdocs' build() directly (as gh-deploy does) must meet a build, not a preview."""
    yield
    plugin = load_config(config_file=str(ROOT / "mkdocs.yml")).plugins["handouts"]
    plugin.on_shutdown()
    plugin.on_startup(command="build", dirty=False)


def validated(project: Path, kept: Kept | None) -> object:
    """The library and report, or the problems and warnings: what a full validation would show."""
    try:
        return pipeline.validate(project / "mkdocs.yml", kept=kept)
    except ContentInvalid as err:
        return err.problems, err.warnings


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{path}: no {old!r}"
    path.write_text(text.replace(old, new, 1))


def test_a_kept_validation_equals_a_fresh_one_after_every_edit(project: Path):
    kept = Kept()
    exercises = project / "content/exercises"
    with chdir(project):
        assert validated(project, kept) == validated(project, None)
        steps = [
            lambda: edit(exercises / "open-books.md", "title: Open books", "title: Open books, gently"),
            lambda: edit(exercises / "open-books.md", "reps: 10", "reps: ten"),  # an error: programs say so
            lambda: edit(exercises / "open-books.md", "reps: ten", "reps: 12"),  # fixed
            lambda: (exercises / "open-books.md").rename(exercises / "open-book.md"),  # renamed: programs miss it
            lambda: (exercises / "open-book.md").rename(exercises / "open-books.md"),
            lambda: edit(exercises / "open-books.md", "\n1. ", "\n![A picture](open-books.png)\n\n1. "),  # missing
            lambda: (exercises / "open-books.png").write_bytes(b"\x89PNG\r\n\x1a\n"),  # a picture comes
        ]
        shown, hits = [], []
        for step in steps:
            step()
            incremental, fresh = validated(project, kept), validated(project, None)
            assert incremental == fresh
            shown.append(fresh)
            hits.append(kept.hits)
        assert hits[0] == 18  # after one edit, the nine other exercise files were neither read nor scored again
        problems, _ = shown[1]
        assert any("'open-books' has problems" in p.message for p in problems)
        problems, _ = shown[3]
        assert any("no exercise named 'open-books'" in p.message for p in problems)
        assert isinstance(shown[4], tuple) and not isinstance(shown[4][0], list)
        problems, _ = shown[5]
        assert any("open-books.png" in p.message for p in problems)
        assert not isinstance(shown[6][0], list)


def preview_build(project: Path, site: Path, plugin: object | None = None, dirty: bool = False) -> object:
    """One rebuild as `mkdocs serve` runs it (command 'serve'; `dirty` as `mkdocs serve --dirty` and `build.py
    serve`: the site folder is kept), with the same plugin instance each time."""
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    config.site_url = SERVE_URL
    found = config.plugins["handouts"]
    found.config.pdfs = False
    if plugin is None:  # as mkdocs serve: once, before the first build
        found.on_startup(command="serve", dirty=dirty)
    mkdocs_build(config, serve_url=SERVE_URL, dirty=dirty)
    return found


def site_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.suffix in (".html", ".json", ".htm", ".js")}


@pytest.mark.parametrize("dirty", [False, True], ids=["clean", "dirty"])
def test_a_preview_renders_only_what_an_edit_touches_and_equals_a_full_rebuild(
    project: Path, tmp_path: Path, dirty: bool
):
    site, untouched = tmp_path / "served", "exercises/quad-sets/index.html"
    with chdir(project):
        plugin = preview_build(project, site, dirty=dirty)
        written = (site / untouched).stat().st_mtime_ns
        edit(project / "content/exercises/open-books.md", "title: Open books", "title: Open books, gently")
        preview_build(project, site, plugin, dirty=dirty)
        rendered = set(plugin.pages.rendered)
        incremental = site_files(site)
        assert ((site / untouched).stat().st_mtime_ns == written) is dirty  # a dirty preview writes only changes
        plugin.pages, plugin.kept, plugin.parts = Pages(), Kept(), Kept()  # nothing kept: a full rebuild
        preview_build(project, tmp_path / "full", plugin)
        assert len(plugin.pages.rendered) > len(rendered)
    assert "Open books, gently" in incremental["exercises/open-books/index.html"].decode()
    assert incremental == site_files(tmp_path / "full")  # the search index too: every page's entries, in order
    assert "exercises/open-books.md" in rendered and "programs/upper-back-pain.md" in rendered
    assert "exercises/quad-sets.md" not in rendered and "programs/knee-pain.md" not in rendered


def test_a_dirty_preview_removes_what_went_away_and_rewrites_all_after_problems(project: Path, tmp_path: Path):
    site, extra = tmp_path / "served", project / "content/exercises/open-books-standing.md"
    extra.write_text((project / "content/exercises/open-books.md").read_text().replace(
        "title: Open books", "title: Open books standing", 1))
    with chdir(project):
        plugin = preview_build(project, site, dirty=True)
        assert (site / "exercises/open-books-standing/index.html").is_file()
        extra.unlink()
        preview_build(project, site, plugin, dirty=True)
        assert not (site / "exercises/open-books-standing/index.html").exists()
        assert not (site / "sheet/parts/open-books-standing.htm").exists()
        source = project / "content/exercises/quad-sets.md"
        edit(source, "reps: 10", "reps: ten")
        preview_build(project, site, plugin, dirty=True)
        assert "2 problems to fix" in (site / "programs/knee-pain/index.html").read_text()  # every page says
        edit(source, "reps: ten", "reps: 12")
        preview_build(project, site, plugin, dirty=True)
        served = site_files(site)
        plugin.pages, plugin.kept, plugin.parts = Pages(), Kept(), Kept()
        preview_build(project, tmp_path / "full", plugin)
    assert "problems to fix" not in served["programs/knee-pain/index.html"].decode()
    assert served == site_files(tmp_path / "full")


def livereload_epoch(page: str) -> int:
    found = re.search(r"livereload\((\d+), *\d+\)", page)
    assert found, "the preview's page has no live-reload script"
    return int(found[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode()


def after_rebuild(server_url: str, page_url: str, seconds: float = 120) -> str:
    """The page once the preview has built the site again: mkdocs' live-reload request waits for it."""
    epoch = livereload_epoch(fetch(page_url))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if int(fetch(f"{server_url}livereload/{epoch}/1")) > epoch:  # held until a rebuild (or 60 s)
            return fetch(page_url)
    pytest.fail(f"the preview did not rebuild within {seconds} s")


def test_an_edit_shows_in_a_running_preview_and_problems_come_and_go(project: Path, preview):
    server = preview(project)
    page = server.url + "exercises/open-books/"
    source = project / "content/exercises/open-books.md"
    try:
        assert "Open books" in fetch(page)
        edit(source, "title: Open books", "title: Open books on the floor")
        started = time.perf_counter()
        assert "Open books on the floor" in after_rebuild(server.url, page)
        assert time.perf_counter() - started < 30
        program = fetch(server.url + "programs/upper-back-pain/")
        assert "Open books on the floor" in program  # a program that shows it is rendered again
        edit(source, "reps: 10", "reps: ten")
        shown = after_rebuild(server.url, page)
        assert "must be a whole number" in shown and "content/exercises/open-books.md:" in shown
        edit(source, "reps: ten", "reps: 12")
        shown = after_rebuild(server.url, page)
        assert "Repeat 12 times on each side." in shown and "Open books on the floor" in shown
    finally:
        server.close()



def test_a_changed_template_or_setting_renders_every_page_again(project: Path, tmp_path: Path):
    site = tmp_path / "served"
    (project / "overrides/partials").mkdir(parents=True)  # a clinic's own templates, before the project's
    edit(project / "mkdocs.yml", "theme:\n", "theme:\n  custom_dir: overrides\n")
    with chdir(project):
        plugin = preview_build(project, site)
        everything = set(plugin.pages.rendered)
        preview_build(project, site, plugin)
        assert plugin.pages.rendered == set() and plugin.pages.reused == everything  # nothing changed
        footer = (ROOT / "templates/partials/footer.html").read_text()
        (project / "overrides/partials/footer.html").write_text(footer + "<!-- changed -->\n")
        preview_build(project, site, plugin)
        assert plugin.pages.rendered == everything
        assert "<!-- changed -->" in (site / "exercises/quad-sets/index.html").read_text()
        edit(project / "mkdocs.yml", "site_name:", "site_name: Our clinic #")
        preview_build(project, site, plugin)
        assert plugin.pages.rendered == everything


def pdf_build(project: Path, site: Path, plugin: object | None = None) -> object:
    """A dirty preview's rebuild with its PDFs, waiting for the batch it starts in the background."""
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    config.site_url = SERVE_URL
    found = config.plugins["handouts"]
    found.config.pdfs = True
    if plugin is None:
        found.on_startup(command="serve", dirty=True)
    mkdocs_build(config, serve_url=SERVE_URL, dirty=True)
    found.background.join()
    return found


def test_a_preview_makes_and_writes_again_only_the_pdfs_an_edit_changed(project: Path, tmp_path: Path):
    site, pdfs = tmp_path / "served", tmp_path / "served/pdf"
    picture = project / "content/images/towel.svg"
    picture.parent.mkdir()
    picture.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
                       '<rect width="40" height="20" fill="#1f5f8b"/></svg>')
    edit(project / "content/exercises/quad-sets.md", "\n1. ", "\n![A rolled towel](../images/towel.svg)\n\n1. ")
    with chdir(project):
        plugin = pdf_build(project, site)
        before = {p: p.stat().st_mtime_ns for p in pdfs.rglob("*.pdf")}
        edit(project / "content/exercises/open-books.md", "reps: 10", "reps: 12")
        waits, wait = [], plugin.idle.wait  # the batch makes each handout only while no page build runs
        plugin.idle.wait = lambda timeout=None: waits.append(timeout) or wait(timeout)
        made, write_html = [], writer.handout_html
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(writer, "handout_html", lambda *a, **k: made.append(k.get("title")) or write_html(*a, **k))
            pdf_build(project, site, plugin)
        assert len(waits) == len(before) and plugin.idle.is_set()
        changed = {p.relative_to(pdfs).as_posix() for p in before if p.stat().st_mtime_ns != before[p]}
        assert changed == {"exercises/open-books.pdf", "exercises/open-books-large.pdf",
                           "programs/upper-back-pain.pdf", "programs/upper-back-pain-large.pdf"}
        assert len(made) == 4  # and only their HTML was written: the others' keys come from their values
        assert "Repeat 12 times on each side." in PdfReader(pdfs / "exercises/open-books.pdf").pages[0].extract_text()
        # The picture's bytes are not in the HTML: a changed picture still makes its handouts again.
        before = {p: p.stat().st_mtime_ns for p in pdfs.rglob("*.pdf")}
        picture.write_text(picture.read_text().replace("#1f5f8b", "#8b1f1f"))
        pdf_build(project, site, plugin)
        changed = {p.relative_to(pdfs).as_posix() for p in before if p.stat().st_mtime_ns != before[p]}
        assert {"exercises/quad-sets.pdf", "programs/knee-pain.pdf"} <= changed
        assert "exercises/open-books.pdf" not in changed
        served = {p.relative_to(pdfs): p.read_bytes() for p in pdfs.rglob("*.pdf")}
        plugin.pdfs_written = {}  # nothing kept: every PDF written again
        pdf_build(project, tmp_path / "full", plugin)
    full = tmp_path / "full/pdf"
    assert served == {p.relative_to(full): p.read_bytes() for p in full.rglob("*.pdf")}
