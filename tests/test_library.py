"""The library a clinic starts with (issue 25): at least 50 exercises over the nine body areas and 8 programs, each
exercise with a figure, a Spanish translation and the public guidance its facts come from, every English page at grade
6 or below, nothing marked reviewed (a clinic's clinician does that), and the whole library built in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handouts.content.load import load_library

from .conftest import ROOT, build_site, copy_project, run_build_py

AREAS = {"neck", "shoulder", "elbow wrist and hand", "upper back", "low back", "hip", "knee", "ankle and foot",
         "balance"}
PROGRAMS = {"neck-pain", "low-back-pain", "shoulder-pain", "hip-pain", "knee-pain", "ankle-sprain",
            "balance-and-falls-prevention", "upper-back-pain"}


@pytest.fixture(scope="module")
def library():
    return load_library(ROOT / "mkdocs.yml", ROOT)


def test_fifty_exercises_over_nine_areas_and_eight_programs(library):
    assert len(library.exercises) >= 50
    assert AREAS <= set(library.areas())
    assert all(len(exercises) >= 3 for exercises in library.areas().values())
    assert PROGRAMS <= set(library.programs)


def test_every_exercise_has_a_figure_a_translation_and_its_source_and_no_review(library):
    spanish = library.in_language("es")
    for slug, exercise in library.exercises.items():
        assert exercise.figure is not None and exercise.figure.alt and exercise.figure.caption, slug
        assert exercise.guidance is not None and exercise.guidance.url.startswith("https://"), slug
        assert exercise.reviewed is None, slug
        assert exercise.cautions and exercise.steps, slug
        translated = spanish.exercises[slug]
        assert translated.translated and translated.reviewed is None, slug
        assert not translated.untranslated, (slug, translated.untranslated)
    for slug, program in library.programs.items():
        assert program.guidance is not None and program.reviewed is None, slug
        assert spanish.programs[slug].translated, slug
    for path in (ROOT / "content").rglob("*.md"):
        assert not re.search(r"^reviewed:", path.read_text(), re.M), path


def test_check_report_counts_the_library_and_every_english_page_reads_at_grade_6_or_below():
    done = run_build_py(ROOT, "check", "--report")
    assert done.returncode == 0, done.stderr
    assert re.search(r"^(\d+) exercises, (\d+) programs: OK", done.stdout, re.M)
    count = re.search(r"^(\d+) exercises, (\d+) programs: OK", done.stdout, re.M)
    assert int(count[1]) >= 50 and int(count[2]) >= 8
    grades = re.findall(r"^(content/(?:exercises|programs)/[a-z0-9-]+\.md)\s+([\d.]+)\s", done.stdout, re.M)
    assert len(grades) >= 58
    assert all(float(grade) <= 6.0 for _, grade in grades), [g for g in grades if float(g[1]) > 6]
    warnings = [line for line in done.stderr.splitlines() if "warning:" in line and "no clinical review" not in line]
    assert not warnings, warnings


def test_the_whole_library_builds_in_both_languages_with_every_figure(tmp_path: Path):
    project = copy_project(tmp_path / "project", whole_library=True)
    site = build_site(project)
    for slug in load_library(project / "mkdocs.yml", project).exercises:
        for lang in ("", "es/"):
            page = (site / lang / "exercises" / slug / "index.html").read_text()
            assert 'class="pose-figure__svg"' in page, (lang, slug)
    for area in AREAS:
        assert (site / "areas" / area.replace(" ", "-") / "index.html").is_file(), area
