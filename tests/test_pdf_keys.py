"""A PDF's cache key comes from the values its handout shows, not from its HTML (handouts.pdf.cache): so a key must
change whenever the HTML would, or a patient is handed a stale PDF (an old dose).

The property, over many variants of a project: two handouts with the same key have the same HTML (this machine's
folder aside: the PDF reads the files, never their paths). And the converse where it matters for speed: a change
that shows nowhere (a line moved, another checkout's folder) keeps every key.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from handouts.content.load import load_library
from handouts.pdf.cache import Inputs, PdfCache, Shard, fingerprint, style_files
from handouts.pdf.writer import RENDERER_VERSION, find_stylesheets, library_handouts, render_order
from handouts.pipeline import language_libraries, paths_for

from .conftest import ROOT, copy_project


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def keys_and_html(project: Path) -> dict[str, str]:
    """Each handout's key, in every language, with the sha256 of its HTML (the project's folder written as ROOT)."""
    config = project / "mkdocs.yml"
    library, paths = load_library(config), paths_for(config)
    inputs = Inputs.of(RENDERER_VERSION, style_files(find_stylesheets(paths.template_dirs)), paths.template_dirs)
    cache = PdfCache(project / ".cache", inputs, project)
    found = {}
    for lib in language_libraries(library).values():
        for handout in library_handouts(lib, paths.template_dirs):
            key = cache.key(handout.shows, clinic=lib.clinic, site_url=lib.site_url, lang=handout.lang,
                            content_dir=paths.content_dir)
            html = handout.html.replace(project.resolve().as_uri(), "ROOT").replace(str(project.resolve()), "ROOT")
            assert key not in found, f"two handouts share a key: {handout.path}"
            found[key] = f"{lib.lang}/{handout.path} " + hashlib.sha256(html.encode()).hexdigest()
    return found


VARIANTS = {
    "a program's dose": [("content/programs/upper-back-pain.md", "  - open-books\n",
                          "  - {exercise: open-books, dose: {reps: 8}}\n")],
    "an exercise's dose": [("content/exercises/childs-pose.md", "reps: 3", "reps: 4")],
    "a step's words": [("content/exercises/shoulder-rolls.md", "\n1. Stand", "\n1. Please stand")],
    "a translation's words": [("content/exercises/open-books.es.md", "\n1. ", "\n1. Despacio. ")],
    "the disclaimer": [("mkdocs.yml", "This handout is for information only.", "This sheet is for information only.")],
    "the site's address": [("mkdocs.yml", "site_name:", "site_url: https://exercises.example.org/\nsite_name:")],
    "the clinic's colour": [("mkdocs.yml", 'color: "#1f5f8b"', 'color: "#7a2e8f"')],
    "a print template": [("mkdocs.yml", "  language: en\n", "  language: en\n  custom_dir: overrides\n"),
                         ("overrides/partials/dose.html", None, "<!-- a clinic's own dose line -->\n"
                          + (ROOT / "templates/partials/dose.html").read_text())],
}


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    project = copy_project(tmp_path_factory.mktemp("keys") / "project")
    return project, keys_and_html(project)


def variant(baseline_project: Path, tmp_path: Path, name: str) -> dict[str, str]:
    project = tmp_path / "variant"
    shutil.copytree(baseline_project, project)
    for path, old, new in VARIANTS[name]:
        if old is None:
            (project / path).parent.mkdir(parents=True, exist_ok=True)
            (project / path).write_text(new)
        else:
            edit(project / path, old, new)
    return keys_and_html(project)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_equal_keys_always_come_with_equal_html(baseline, tmp_path, name):
    project, before = baseline
    after = variant(project, tmp_path, name)
    for key in before.keys() & after.keys():
        assert before[key] == after[key], f"{name}: the key of {after[key].split()[0]} did not change, its HTML did"
    changed = {after[key].split()[0] for key in after.keys() - before.keys()}
    assert changed, f"{name}: no key changed"
    html_changed = {entry.split()[0] for entry in after.values()} - {entry.split()[0] for entry in after.values()
                                                                   if entry in before.values()}
    assert html_changed <= changed  # every handout whose HTML changed has a new key


def test_a_dose_changes_the_keys_of_the_handouts_that_show_it_and_no_others(baseline, tmp_path):
    project, before = baseline
    after = variant(project, tmp_path, "a program's dose")
    changed = sorted(after[key].split()[0] for key in after.keys() - before.keys())
    assert changed == sorted(f"{lang}/programs/upper-back-pain{size}.pdf" for lang in ("en", "es")
                             for size in ("", "-large"))


def test_a_moved_line_or_another_checkout_keeps_every_key(baseline, tmp_path):
    project, before = baseline
    elsewhere = tmp_path / "another" / "checkout"
    shutil.copytree(project, elsewhere)
    edit(elsewhere / "content/exercises/open-books.md", "---\n", "---\n\n")  # every line moves down one
    assert keys_and_html(elsewhere) == before


def test_a_value_the_key_cannot_see_is_refused():
    with pytest.raises(TypeError, match="no fingerprint for a set"):
        fingerprint(("program", {"a", "b"}))


def test_shards_share_every_handout_out_once_and_stay_put_as_the_library_grows():
    paths = [f"exercises/exercise-{n:04d}.pdf" for n in range(400)]
    for count in (1, 2, 3, 4):
        shards = [Shard(number, count) for number in range(1, count + 1)]
        owners = [[s for s in shards if s.has("en", path)] for path in paths]
        assert all(len(owner) == 1 for owner in owners)
        sizes = [sum(1 for owner in owners if owner[0] is s) for s in shards]
        assert min(sizes) > 0.7 * len(paths) / count  # roughly even
    assert Shard.parse("2/4") == Shard(2, 4)
    for wrong in ("0/2", "3/2", "2", "a/b", "1/0", ""):
        with pytest.raises(ValueError, match="write K/N"):
            Shard.parse(wrong)


def test_the_stylesheets_files_are_found_as_weasyprint_reads_them():
    """The key names the print stylesheets and every file they load without loading WeasyPrint (a build with nothing
    to render never does): the same files WeasyPrint's sandboxed fetcher reads when it parses them."""
    from handouts.pdf.render import Renderer

    stylesheets = find_stylesheets([ROOT / "templates"])
    found = set(style_files(stylesheets))
    assert found == set(Renderer(stylesheets, [ROOT / "templates"]).style_files)
    assert sum(1 for path in found if path.suffix == ".ttf") >= 3  # the fonts, each a part of every key


def test_a_handouts_normal_and_large_prints_render_side_by_side_programs_first():
    """A worker takes a few jobs at a time: the two prints of a handout next to each other share its QR codes, figure
    and Markdown, made once; programs, the heaviest, come first in every language."""
    paths = paths_for(ROOT / "mkdocs.yml")
    handouts = [(handout, None) for lib in language_libraries(load_library(ROOT / "mkdocs.yml")).values()
                for handout in library_handouts(lib, paths.template_dirs)]
    jobs = sorted(((index, None, "") for index in range(len(handouts))), key=render_order(handouts))
    shown = [(handouts[index][0].lang, handouts[index][0].path) for index, _, _ in jobs]
    assert sorted(shown) == sorted((h.lang, h.path) for h, _ in handouts)  # each once
    kinds = [path.split("/")[0] for _, path in shown]
    assert kinds == sorted(kinds, key=lambda kind: kind != "programs") and {"es", "en"} == {lang for lang, _ in shown}
    for (lang, path), (next_lang, next_path) in zip(shown[::2], shown[1::2], strict=True):
        assert (next_lang, next_path) == (lang, path.replace(".pdf", "-large.pdf")), (lang, path)
