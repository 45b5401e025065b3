"""Review dates: `reviewed: {by, on}` checked like every key, and what `check` and `check --report` say about them."""

from __future__ import annotations

import re
from contextlib import chdir
from datetime import date, timedelta
from pathlib import Path

import pytest

from handouts.cli import main
from handouts.content.load import load_library
from handouts.content.translations import audit, months_between
from handouts.errors import ContentInvalid
from handouts.model.dose import prescribe
from handouts.model.values import Review

from .conftest import copy_project
from .test_translations import SPANISH_SITE

TODAY = date.today()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project")
    (root / "clinic.yml").write_text(SPANISH_SITE)
    return root


def review(path: Path, by: str, on: str) -> int:
    """Add `reviewed:` under the title; return its line."""
    text = path.read_text()
    title = next(line for line in text.split("\n") if line.startswith("title:"))
    path.write_text(text.replace(title + "\n", f"{title}\nreviewed:\n  by: {by}\n  on: {on}\n", 1))
    return text.split("\n").index(title) + 2


def test_a_review_is_read_with_its_line(project: Path):
    line = review(project / "content/exercises/open-books.md", '"Ana Ruiz, PT"', "2026-01-15")
    review(project / "content/exercises/open-books.es.md", "Luis Gómez, PT", "2026-02-01")
    with chdir(project):
        library = load_library("clinic.yml")
    assert library.exercises["open-books"].reviewed == Review("Ana Ruiz, PT", date(2026, 1, 15), line)
    spanish = library.in_language("es").exercises["open-books"]
    assert (spanish.reviewed.by, spanish.awaiting_review) == ("Luis Gómez, PT", False)


@pytest.mark.parametrize(("by", "on", "key", "message"), [
    ("Ana Ruiz, PT", "yesterday", "on", "'on' must be a date written YYYY-MM-DD, like 2026-11-20"),
    ("Ana Ruiz, PT", "2026-02-30", "on", "'on' '2026-02-30' is not a real date"),
    ("Ana Ruiz, PT", (TODAY + timedelta(days=1)).isoformat(), "on",
     f"'on' {(TODAY + timedelta(days=1)).isoformat()} is in the future: write the day the review was done"),
    ('""', "2026-01-15", "by", "'by' must not be empty"),
])
def test_a_bad_review_is_refused_at_its_line(project: Path, capsys, by: str, on: str, key: str, message: str):
    path = project / "content/programs/knee-pain.md"
    line = review(path, by, on) + (1 if key == "on" else 0) + 1
    with chdir(project):
        with pytest.raises(ContentInvalid) as caught:
            load_library("clinic.yml")
        assert main(["-f", "clinic.yml", "check"]) == 1
    [problem] = caught.value.problems
    assert str(problem).startswith(f"content/programs/knee-pain.md:{line}: {message}")
    assert "Traceback" not in capsys.readouterr().err


def test_months_between():
    assert months_between(date(2024, 11, 20), date(2026, 11, 19)) == 23
    assert months_between(date(2024, 11, 20), date(2026, 11, 20)) == 24


def test_check_warns_about_old_and_missing_reviews(project: Path, capsys):
    old = TODAY.replace(year=TODAY.year - 3)
    line = review(project / "content/exercises/bridges.md", "Ana Ruiz, PT", old.isoformat())
    review(project / "content/exercises/quad-sets.md", "Ana Ruiz, PT", TODAY.isoformat())
    with chdir(project):
        assert main(["-f", "clinic.yml", "check"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert (f"content/exercises/bridges.md:{line}: warning: last reviewed on {old.isoformat()} by Ana Ruiz, PT, "
            "24 months or more ago (extra.clinic.review_every_months): have it checked again and update "
            "'reviewed:'") in err
    assert not any(e.startswith("content/exercises/quad-sets.md:") for e in err)
    assert ("content/exercises/heel-slides.md:1: warning: no clinical review: it is not marked as checked; once a "
            'clinician has, add reviewed: {by: "Name, PT", on: YYYY-MM-DD}') in err
    assert ("content/exercises/heel-slides.es.md:1: warning: no clinical review: the Spanish translation is not "
            "marked as checked; once a clinician has, add reviewed: {by: \"Name, PT\", on: YYYY-MM-DD}") in err


def test_review_every_months_is_the_clinics(project: Path):
    config = project / "clinic.yml"
    config.write_text(config.read_text() + "    review_every_months: 6\n")
    seven = TODAY - timedelta(days=7 * 31)
    review(project / "content/exercises/bridges.md", "Ana Ruiz, PT", seven.isoformat())
    with chdir(project):
        library = load_library("clinic.yml")
    assert library.clinic.review_every_months == 6
    [warning] = [w for w in audit(library) if w.path == "content/exercises/bridges.md"]
    assert "6 months or more ago" in warning.message
    assert [w for w in audit(library, today=seven) if w.path == "content/exercises/bridges.md"] == []


def test_check_report_shows_each_pages_review_and_translation(project: Path, capsys):
    review(project / "content/exercises/open-books.md", "Ana Ruiz, PT", "2026-01-15")
    (project / "content/exercises/bridges.es.md").unlink()
    with chdir(project):
        assert main(["-f", "clinic.yml", "check", "--report"]) == 0
    out = capsys.readouterr().out.splitlines()
    table = out[out.index(next(line for line in out if line.startswith("language"))):-1]
    assert table[0].split() == ["language", "page", "reviewed", "by", "on", "translated"]
    rows = [re.split(r"\s{2,}", row.strip()) for row in table[1:]]
    assert len(rows) == 2 * 12
    assert ["en", "content/exercises/open-books.md", "Ana Ruiz, PT", "2026-01-15", "original"] in rows
    assert ["es", "content/exercises/bridges.md", "-", "-", "no"] in rows
    assert ["es", "content/exercises/open-books.es.md", "-", "-", "yes, awaiting review"] in rows


def test_the_handout_prints_the_review_under_the_title(project: Path):
    from handouts.content.config import TEMPLATES
    from handouts.pdf.writer import handout_html

    review(project / "content/exercises/open-books.md", '"Ana Ruiz, PT"', "2026-01-15")
    review(project / "content/programs/knee-pain.es.md", "Luis Gómez, PT", "2026-02-01")
    with chdir(project):
        english = load_library("clinic.yml")
    es = english.in_language("es")
    exercise = english.exercises["open-books"]
    html = handout_html(english, [prescribe(exercise)], template_dirs=[TEMPLATES])
    assert '<p class="handout-reviewed">Reviewed by Ana Ruiz, PT on January 15, 2026</p>' in html
    spanish = es.exercises["open-books"]
    html = handout_html(es, [prescribe(spanish)], template_dirs=[TEMPLATES])
    assert "Traducción pendiente de revisión clínica" in html and "Revisado por" not in html
    program = es.programs["knee-pain"]
    html = handout_html(es, list(program.items), template_dirs=[TEMPLATES],
                        title=program.title, program=program)
    assert "Revisado por Luis Gómez, PT el 1 de febrero de 2026" in html
    assert html.count("Traducción pendiente de revisión clínica") == len(program.items)  # each exercise's
