"""The loader: the shipped content, a good project, and one deliberately broken file per mistake."""

from __future__ import annotations

import re
import shutil
from contextlib import chdir
from pathlib import Path

import pytest

from handouts.cli import main
from handouts.content.frontmatter import yaml_hint
from handouts.content.load import load_library
from handouts.errors import ContentInvalid
from handouts.model.dose import dose_sentence
from handouts.model.values import Dose, Exercise, Library

from .conftest import ROOT, write

BAD = Path(__file__).parent / "fixtures" / "bad"
COLOR = next(n for n, line in enumerate((ROOT / "mkdocs.yml").read_text().splitlines(), 1) if "color:" in line)
CURLY = 'replace the curly quotes “ ” with straight quotes " or remove them'
CURLY_LINE = "this line has curly quotes, which YAML does not read as quotes: " + CURLY
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


def problems(project: Path) -> list[str]:
    """The problems `load_library` reports for a project, as the CLI prints their first lines."""
    with chdir(project), pytest.raises(ContentInvalid) as caught:
        load_library("mkdocs.yml")
    return [str(p).splitlines()[0] for p in caught.value.problems]



def without_cautions(project: Path, slug: str) -> None:
    """An exercise of the copied project with no `cautions:` (its translation too), for a test writing its own."""
    for path in (project / "content/exercises").glob(f"{slug}*.md"):
        path.write_text(re.sub(r"\ncautions:\n(?:  - .*\n)+", "\n", path.read_text()))

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
        ("hold-null.md", 7, "'hold' is empty: give the seconds to hold, like 5 or 15-30, or delete the line"),
        ("reps-empty.md", 6, "'reps' is empty: give a whole number, like 10"),
        ("frequency-empty.md", 5, "'frequency' is empty: write its value after the colon, or delete the line"),
        ("tab-indent.md", 6, "this line starts with a tab; YAML needs spaces: replace the tab with 2 spaces"),
        ("tab-before-key.md", 3, "this line starts with a tab; YAML needs spaces: replace the tab with 2 spaces"),
        ("tab-after-dash.md", 5, "this line has a tab; YAML needs spaces: replace the tab with a space"),
        ("curly-sides.md", 7, "'sides' is wrapped in curly quotes: " + CURLY),
        ("curly-title.md", 2, "'title' is wrapped in curly quotes: " + CURLY),
        ("curly-hold.md", 7, "'hold' is wrapped in curly quotes: " + CURLY),
        ("curly-hold-end.md", 7, "'hold' must be a number of seconds, like 5, or a range, like 15-30; it has curly "
         "quotes: " + CURLY),
        ("curly-colon.md", 2, "front matter is not valid YAML: this line has curly quotes, which YAML does not read "
         "as quotes: " + CURLY),
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
    text = path.read_text()
    path.write_bytes(b"\xef\xbb\xbf" + text.encode().replace(b"\n", b"\r\n"))
    with chdir(project):
        exercise = load_library().exercises["open-books"]
    assert exercise.dose.sides == "each" and len(exercise.steps) == 5
    first_step = text[: text.index("\n1. ")].count("\n") + 2
    assert exercise.steps[0].line == first_step and exercise.lines["dose"] == 5


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
        ("    name: Clinic\n    disclaimer: Ask your doctor.\n    phone:\n", 7,
         "'phone' is empty: write its value after the colon, or delete the line"),
        ("    name: “Clinic”\n    disclaimer: Ask your doctor.\n", 5, "'name' is wrapped in curly quotes"),
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


def test_a_curly_apostrophe_or_quote_inside_prose_is_fine(project: Path):
    without_cautions(project, "open-books")
    path = project / "content/exercises/open-books.md"
    text = path.read_text().replace("summary: Gently", "summary: Don’t rush. Gently")
    path.write_text(text.replace("area: [upper back]", "area: [upper back]\ncautions:\n  - Stop if it “pinches”."))
    with chdir(project):
        exercise = load_library().exercises["open-books"]
    assert exercise.summary.startswith("Don’t rush.") and exercise.cautions == ("Stop if it “pinches”.",)


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("\treps: 10", "this line starts with a tab; YAML needs spaces: replace the tab with 2 spaces"),
        ("  \t- neck", "this line starts with a tab; YAML needs spaces: replace the tab with 2 spaces"),
        ("  -\tneck", "this line has a tab; YAML needs spaces: replace the tab with a space"),
        ("title: “Open books: the stretch”", CURLY_LINE),
        ("cautions: [‘Stop: now’]", CURLY_LINE),
        ("summary: Don’t do this: it hurts", None),  # the apostrophe is not why; YAML's own message stays
        ("title: Open books: the stretch", None),
    ],
)
def test_a_line_yaml_refuses_gets_a_hint_when_a_tab_or_curly_quote_is_why(line: str, hint: str | None):
    assert yaml_hint(line) == hint


# --- a sentence cut at its commas by [...] ------------------------------------------------------------------

SPLIT_WARNING = (
    "content/exercises/open-books.md:5: warning: 'cautions' item 2 ('numbness or tingling') starts in lower case: is "
    "it the end of a sentence cut at a comma? In [...] every comma starts a new item. Write the cautions as a block "
    "list, one '- ' line each, or put the sentence in quotes"
)


ONE_CAUTION = ("Stop if you feel pain, numbness or tingling",)


@pytest.mark.parametrize(
    ("written", "cautions", "warned"),
    [
        ("cautions: [Stop if you feel pain, numbness or tingling]\n", ("Stop if you feel pain", "numbness or tingling"),
         True),
        ("cautions:\n  - Stop if you feel pain, numbness or tingling\n", ONE_CAUTION, False),
        ('cautions: ["Stop if you feel pain, numbness or tingling"]\n', ONE_CAUTION, False),
        ("cautions: [Stop if it hurts., Breathe out as you lift.]\n", ("Stop if it hurts.", "Breathe out as you lift."),
         False),
        ("equipment: [chair, resistance band]\n", (), False),
    ],
)
def test_a_prose_list_cut_at_a_comma_warns(project: Path, monkeypatch, capsys, written: str, cautions, warned: bool):
    without_cautions(project, "open-books")
    path = project / "content/exercises/open-books.md"
    path.write_text(path.read_text().replace("area: [upper back]\n", "area: [upper back]\n" + written))
    monkeypatch.chdir(project)
    assert load_library().exercises["open-books"].cautions == cautions
    assert main(["check"]) == 0
    err = "".join(line for line in capsys.readouterr().err.splitlines(True) if "no clinical review" not in line)
    assert (err.splitlines()[0] if warned else err) == (SPLIT_WARNING if warned else "")
    assert main(["check", "--strict"]) == (1 if warned else 0)


@pytest.mark.parametrize(("frequency", "warned"), [
    ("every other day", True), ("when it hurts", True), ("twice a day", False), ("3 times a week", False),
    ("daily", False), ("Every day, morning and evening", False),
])
def test_a_program_frequency_the_reminders_cannot_follow_warns(project: Path, monkeypatch, capsys, frequency, warned):
    path = project / "content/programs/upper-back-pain.md"
    text = path.read_text()
    path.write_text(text.replace("\nsummary:", f"\nfrequency: {frequency}\nsummary:", 1))
    line = text[:text.index("\nsummary:")].count("\n") + 2
    monkeypatch.chdir(project)
    assert main(["check"]) == 0
    err = "".join(line for line in capsys.readouterr().err.splitlines(True) if "no clinical review" not in line)
    expected = (f"content/programs/upper-back-pain.md:{line}: warning: 'frequency: {frequency}' is printed as "
                "written, but the calendar reminder and the weekly log use once a day: write how many times a day "
                "or a week, like 'twice a day' or '3 times a week'")
    assert (err.splitlines()[0] if warned else err) == (expected if warned else "")


# --- areas, whatever their spelling -------------------------------------------------------------------------


def _exercise(slug: str, title: str, *area: str) -> Exercise:
    return Exercise(slug=slug, source=f"{slug}.md", title=title, summary="S.", area=area, dose=Dose(reps=1),
                    steps=(), body="", body_line=1)


def test_areas_are_one_however_they_are_written():
    exercises = [_exercise("b", "Bridge", "Neck", "upper-back"), _exercise("a", "Arm circles", " neck ", "Neck"),
                 _exercise("c", "Chin tucks", "Upper  back")]
    library = Library(clinic=None, exercises={e.slug: e for e in exercises}, programs={}, home=None)
    assert {area: [e.slug for e in found] for area, found in library.areas().items()} == {
        "neck": ["a", "b"], "upper-back": ["b", "c"],
    }


def test_area_names_are_stored_in_one_spelling(project: Path):
    path = project / "content/exercises/open-books.md"
    path.write_text(path.read_text().replace("area: [upper back]", "area: [Upper  Back, upper back, Neck]"))
    with chdir(project):
        library = load_library()
    assert library.exercises["open-books"].area == ("upper back", "neck")
    areas = [(area, len(found)) for area, found in library.areas().items()]
    assert areas == [("knee", 5), ("neck", 1), ("upper back", 5)]


# --- empty values in a program ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "line", "message"),
    [
        ("  - {exercise: scapular-squeezes, dose: {hold: null}}\n", 8,
         "'hold' is empty: give the seconds to hold, like 5 or 15-30, or delete the line"),
        ("  - {exercise: scapular-squeezes, dose: {reps: null}}\n", 8,
         "'reps' is empty: give a whole number, like 10, or delete the line"),
        ("  - exercise: scapular-squeezes\n    dose:\n      sides: ~\n", 10,
         "'sides' is empty: write 'each', or delete the line"),
        ("  - exercise: scapular-squeezes\n    dose:\n", 9,
         "'dose' is empty: give its keys on the lines below, like '  reps: 10', or delete the line"),
        ("  - exercise:\n", 8, "'exercise' is empty: write its value after the colon"),
        ("  -\n", 8, "item 4 of 'exercises' is empty: write an exercise's name, or delete the line"),
        ("  - “scapular-squeezes”\n", 8, "item 4 of 'exercises' is wrapped in curly quotes: " + CURLY),
    ],
)
def test_an_empty_value_in_a_program_is_named(project: Path, monkeypatch, capsys, item: str, line: int, message: str):
    path = project / "content/programs/upper-back-pain.md"
    path.write_text(path.read_text().replace("  - scapular-squeezes\n", item))
    monkeypatch.chdir(project)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"content/programs/upper-back-pain.md:{line}: {message}"), err
    assert "Traceback" not in err and err.endswith("1 problem found.\n")


# --- one run reports everything -----------------------------------------------------------------------------


def test_one_run_lists_the_problems_of_every_file_and_kind(project: Path, monkeypatch, capsys):
    def edit(name: str, old: str, new: str) -> None:
        path = project / name
        assert old in path.read_text(), (name, old)
        path.write_text(path.read_text().replace(old, new, 1))

    image = "image:\n  src: images/missing.png\n  alt: A person.\n  caption: Open like a book.\n"
    edit("content/exercises/open-books.md", "dose:\n  reps: 10", image + "dose:\n  reps: ten")
    without_cautions(project, "bent-over-rows")
    edit("content/exercises/bent-over-rows.md", "equipment:", "cautions: [Stop if it hurts, or if you feel dizzy]\n"
         "equipment:")
    edit("content/programs/upper-back-pain.md", "  - bent-over-rows\n", "  - bent-over-row\nfrequency:\n")
    edit("content/index.md", "title: Home exercises\n", "title: Home exercises\nsubtitle: Welcome\n")
    edit("mkdocs.yml", 'color: "#1f5f8b"\n', "color: blue\n    logo: missing.svg\n")
    shutil.copy(BAD / "reps-zero.md", project / "content/exercises/Wall Push.md")
    (project / "content/exercises/more").mkdir()
    duplicate = (project / "content/exercises/childs-pose.md").read_text().replace("hold: 15-30", "hold:")
    write(project, {"content/exercises/more/childs-pose.md": duplicate})
    shutil.copy(project / "content/programs/upper-back-pain.md", project / "content/programs/shoulder-rolls.md")
    shutil.copy(Path(__file__).parent / "fixtures/readability/broken/hard-to-read.md", project / "content/exercises")
    monkeypatch.chdir(project)
    assert main(["check"]) == 1
    err = [line for line in capsys.readouterr().err.splitlines() if not line.startswith(" ")]
    expected = [
        "content/exercises/bent-over-rows.md:5: warning: 'cautions' item 2 ('or if you feel dizzy') starts in lower",
        "content/exercises/Wall Push.md: file name 'Wall Push.md' must be lowercase words joined by '-'",
        "content/exercises/Wall Push.md:6: 'reps' must be at least 1",
        "content/exercises/hard-to-read.md:10: reads at grade",
        "content/exercises/more/childs-pose.md:1: the name 'childs-pose' is already used by "
        "content/exercises/childs-pose.md; rename one file",
        "content/exercises/more/childs-pose.md:7: 'hold' is empty",
        "content/exercises/open-books.md:6: 'src' names a file that does not exist: content/images/missing.png",
        "content/exercises/open-books.md:10: 'reps' must be a whole number",
        "content/index.md:3: unknown key 'subtitle'",
        "content/programs/shoulder-rolls.md:1: 'shoulder-rolls' is also an exercise's name; rename one file",
        "content/programs/shoulder-rolls.md:7: 'open-books' has problems, listed above under "
        "content/exercises/open-books.md",
        "content/programs/shoulder-rolls.md:9: no exercise named 'bent-over-row' in content/exercises/ "
        "(did you mean 'bent-over-rows'?)",
        "content/programs/shoulder-rolls.md:10: 'frequency' is empty",
        "content/programs/upper-back-pain.md:7: 'open-books' has problems, listed above under "
        "content/exercises/open-books.md",
        "content/programs/upper-back-pain.md:9: no exercise named 'bent-over-row' in content/exercises/ "
        "(did you mean 'bent-over-rows'?)",
        "content/programs/upper-back-pain.md:10: 'frequency' is empty",
        f"mkdocs.yml:{COLOR}: 'color' must be a CSS hex colour",
        f"mkdocs.yml:{COLOR + 1}: 'logo' names a file that does not exist: missing.svg",
        "17 problems found.",
    ]
    assert len(err) == len(expected), "\n".join(err)
    for line, start in zip(err, expected, strict=True):
        assert line.startswith(start), (line, start)
