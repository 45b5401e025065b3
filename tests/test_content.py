"""The loader: the shipped content, a good project, and one deliberately broken file per mistake."""

from __future__ import annotations

import shutil
from contextlib import chdir
from pathlib import Path

import pytest

from handouts.content import load_library
from handouts.dose import dose_sentence
from handouts.errors import ContentInvalid
from handouts.models import Dose

from .conftest import ROOT, write

BAD = Path(__file__).parent / "fixtures" / "bad"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


def problems(project: Path) -> list[str]:
    """The problems `load_library` reports for a project, as the CLI prints their first lines."""
    with chdir(project), pytest.raises(ContentInvalid) as caught:
        load_library("mkdocs.yml")
    return [str(p).splitlines()[0] for p in caught.value.problems]


def test_shipped_program_has_the_transcripts_doses():
    with chdir(ROOT):
        library = load_library("mkdocs.yml")
    program = library.programs["upper-back-pain"]
    assert [(item.exercise.slug, dose_sentence(item.dose)) for item in program.items] == [
        ("shoulder-rolls", "Repeat 10 times."),
        ("childs-pose", "Hold for 15 to 30 seconds, then relax. Repeat 3 times."),
        ("open-books", "Repeat 10 times on each side."),
        ("scapular-squeezes", "Hold for 5 seconds, then relax. Repeat 10 times."),
        ("bent-over-rows", "Repeat 10 times."),
    ]
    doses = {slug: e.dose for slug, e in library.exercises.items()}
    assert doses["shoulder-rolls"].reps == 10 and doses["shoulder-rolls"].hold is None
    assert (doses["childs-pose"].hold, doses["childs-pose"].hold_max, doses["childs-pose"].reps) == (15, 30, 3)
    assert (doses["open-books"].reps, doses["open-books"].sides) == (10, "each")
    assert (doses["scapular-squeezes"].hold, doses["scapular-squeezes"].reps) == (5, 10)
    assert doses["bent-over-rows"].reps == 10 and library.exercises["bent-over-rows"].equipment == ("dumbbells",)
    assert "talk to your healthcare provider or physical therapist" in program.body.lower()
    assert "stop any exercise that causes pain" in program.body


def test_shipped_disclaimer_is_the_transcripts_worded_for_a_handout():
    with chdir(ROOT):
        clinic = load_library().clinic
    assert "for information only" in clinic.disclaimer
    assert "contact your healthcare provider" in clinic.disclaimer
    assert "video" not in clinic.disclaimer


@pytest.mark.parametrize(
    ("fixture", "line", "message"),
    [
        ("invalid-yaml.md", 3, "front matter is not valid YAML"),
        ("not-closed.md", 1, "front matter is never closed"),
        ("missing-summary.md", 1, "'summary' is required"),
        ("unknown-key.md", 6, "unknown key 'rep' (did you mean 'reps'?)"),
        ("reps-word.md", 6, "'reps' must be a whole number"),
        ("reps-fraction.md", 6, "'reps' must be a whole number"),
        ("reps-zero.md", 6, "'reps' must be at least 1"),
        ("hold-negative.md", 7, "'hold' must be at least 1 second"),
        ("hold-huge.md", 7, "'hold' must be at most 600 seconds"),
        ("hold-backwards.md", 7, "'hold' range 30-15 must go from the shorter time to the longer"),
        ("hold-malformed.md", 7, "'hold' must be a number of seconds, like 5, or a range, like 15-30"),
        ("hold-sexagesimal.md", 7, "'hold' must be a number of seconds"),
        ("sides-both.md", 7, "'sides' must be 'each'"),
        ("sides-no.md", 7, "'sides' must be 'each'"),
        ("no-steps.md", 8, "no numbered steps"),
        ("latin1.md", 2, "is not UTF-8 text"),
        ("empty.md", 1, "the file is empty"),
        ("image-missing.md", 8, "'src' names a file that does not exist: content/images/missing.png"),
        ("image-outside.md", 8, "'src' points outside content/: ../mkdocs.yml"),
        ("image-absolute.md", 8, "'src' must be relative to content/"),
        ("image-file-url.md", 8, "'src' must be a file inside content/, not a web address"),
        ("image-no-alt.md", 7, "'alt' is required"),
    ],
)
def test_each_mistake_is_named_with_file_and_line(project: Path, fixture: str, line: int, message: str):
    write(project, {"content/images/wall.svg": SVG})
    shutil.copy(BAD / fixture, project / "content" / "exercises" / fixture)
    [found] = problems(project)
    where = f"content/exercises/{fixture}:{line}: "
    assert found.startswith(where), found
    assert message in found, found


def test_every_problem_is_listed_not_just_the_first(project: Path):
    for fixture in ("reps-word.md", "sides-both.md", "empty.md"):
        shutil.copy(BAD / fixture, project / "content" / "exercises" / fixture)
    found = problems(project)
    assert [p.split(":")[0] for p in found] == [
        "content/exercises/empty.md", "content/exercises/reps-word.md", "content/exercises/sides-both.md",
    ]


def test_a_problem_shows_the_offending_line(project: Path):
    shutil.copy(BAD / "reps-word.md", project / "content" / "exercises" / "x.md")
    with chdir(project), pytest.raises(ContentInvalid) as caught:
        load_library()
    assert str(caught.value.problems[0]) == "content/exercises/x.md:6: 'reps' must be a whole number\n    reps: ten"


def test_program_naming_a_missing_exercise_suggests_the_closest(project: Path):
    path = project / "content" / "programs" / "upper-back-pain.md"
    path.write_text(path.read_text().replace("  - open-books\n", "  - open-book\n"))
    assert problems(project) == [
        "content/programs/upper-back-pain.md:7: no exercise named 'open-book' in content/exercises/ "
        "(did you mean 'open-books'?)"
    ]


def test_program_dose_override_is_applied_and_validated(project: Path):
    path = project / "content" / "programs" / "upper-back-pain.md"
    text = path.read_text()
    override = "  - {exercise: scapular-squeezes, dose: {reps: 8, hold: 10-20}}\n"
    path.write_text(text.replace("  - scapular-squeezes\n", override))
    with chdir(project):
        items = load_library().programs["upper-back-pain"].items
    assert items[3].dose == Dose(reps=8, hold=10, hold_max=20, rest=5)
    assert dose_sentence(items[3].dose) == "Hold for 10 to 20 seconds, then relax. Repeat 8 times."
    override = "  - exercise: scapular-squeezes\n    dose:\n      reps: 0\n"
    path.write_text(text.replace("  - scapular-squeezes\n", override))
    assert problems(project) == ["content/programs/upper-back-pain.md:10: 'reps' must be at least 1"]


def test_two_files_with_the_same_slug(project: Path):
    (project / "content/exercises/more").mkdir()
    shutil.copy(project / "content/exercises/open-books.md", project / "content/exercises/more/open-books.md")
    [found] = problems(project)
    assert found.startswith("content/exercises/open-books.md:1: the name 'open-books' is already used by")
    assert "content/exercises/more/open-books.md" in found


def test_crlf_and_bom_are_accepted(project: Path):
    path = project / "content/exercises/open-books.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    with chdir(project):
        exercise = load_library().exercises["open-books"]
    assert exercise.dose.sides == "each" and len(exercise.steps) == 5
    assert exercise.steps[0].line == 11 and exercise.lines["dose"] == 5


def test_yaml_1_1_surprises_are_not_taken_literally(project: Path):
    # YAML 1.1 (mkdocs' reader) would read `no` as False and 1:30 as 90; here both are errors above,
    # and a title of `no` stays the text "no".
    path = project / "content/exercises/open-books.md"
    path.write_text(path.read_text().replace("title: Open books", "title: no"))
    with chdir(project):
        assert load_library().exercises["open-books"].title == "no"


@pytest.mark.parametrize(
    ("clinic", "line", "message"),
    [
        ("    name: Clinic\n    disclaimer: ''\n", 6, "'disclaimer' must not be empty"),
        ("    name: Clinic\n", 4, "'disclaimer' is required"),
        ("    name: Clinic\n    disclaimer: Ask your doctor.\n    colour: red\n", 7,
         "unknown key 'colour' (did you mean 'color'?)"),
        ("    name: Clinic\n    disclaimer: Ask your doctor.\n    color: red\n", 7, "'color' must be a CSS hex colour"),
        ("    name: Clinic\n    disclaimer: Ask your doctor.\n    logo: logo.svg\n", 7,
         "'logo' names a file that does not exist"),
        ("    name: Clinic\n    disclaimer: Ask your doctor.\n    paper: A5\n", 7, "'paper' must be 'letter' or 'a4'"),
    ],
)
def test_clinic_settings_are_validated(tmp_path: Path, clinic: str, line: int, message: str):
    write(tmp_path, {
        "mkdocs.yml": "site_name: T\ndocs_dir: content\nextra:\n  clinic:\n" + clinic,
        "content/index.md": "Welcome.\n",
    })
    [found] = problems(tmp_path)
    assert found.startswith(f"mkdocs.yml:{line}: "), found
    assert message in found, found


def test_site_url_must_be_http(project: Path):
    path = project / "mkdocs.yml"
    path.write_text("site_url: ftp://example.org/\n" + path.read_text())
    assert problems(project) == ["mkdocs.yml:1: 'site_url' must start with https:// or http://"]
