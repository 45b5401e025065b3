"""The health-literacy gate: reading grade, plain-language checks, settings, and the `check` command."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handouts.checks.readability import (
    Settings,
    check_library,
    count_syllables,
    format_report,
    grade,
    is_instruction,
    load_settings,
    score_page,
    strip_markdown,
)
from handouts.cli import main
from handouts.content.load import load_library
from handouts.model.values import Dose, Exercise

from .conftest import ROOT, write

FIXTURES = Path(__file__).parent / "fixtures" / "readability"
END = len((ROOT / "mkdocs.yml").read_text().splitlines())
"""The last line of mkdocs.yml: settings added by a test start below it."""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'


def fk(words: int, sentences: int, syllables: int) -> float:
    """The Flesch-Kincaid formula, written out to check the module against."""
    return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59


# --- counting ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("word", "syllables"), [
    ("the", 1), ("arm", 1), ("raised", 1), ("squeeze", 1), ("breathe", 1), ("times", 1), ("whole", 1),
    ("table", 2), ("gentle", 2), ("circles", 2), ("shoulders", 2), ("relaxed", 2), ("started", 2),
    ("squeezes", 2), ("movement", 2), ("degrees", 2), ("forehead", 2), ("healthcare", 2), ("people", 2),
    ("supported", 3), ("physical", 3), ("therapist", 3), ("exercise", 3), ("area", 3), ("scapular", 3),
    ("exercises", 4), ("comfortable", 4), ("musculature", 4),
    ("shoulder-width", 3), ("child's", 1), ("90", 2), ("5", 1),
])
def test_syllables(word: str, syllables: int) -> None:
    assert count_syllables(word) == syllables


def test_grade_of_a_short_plain_sentence() -> None:
    # The cat sat on the mat: 6 words, 1 sentence, 6 syllables.
    # 0.39 * (6 / 1) + 11.8 * (6 / 6) - 15.59 = 2.34 + 11.8 - 15.59 = -1.45
    assert fk(6, 1, 6) == pytest.approx(-1.45)
    assert grade("The cat sat on the mat.") == pytest.approx(-1.45, abs=0.06)


def test_grade_of_two_short_sentences() -> None:
    # Hold(1) the(1) squeeze(1). Then(1) re-lax(2): 5 words, 2 sentences, 6 syllables.
    # 0.39 * (5 / 2) + 11.8 * (6 / 5) - 15.59 = 0.975 + 14.16 - 15.59 = -0.455
    assert fk(5, 2, 6) == pytest.approx(-0.455)
    assert grade("Hold the squeeze. Then relax.") == pytest.approx(-0.455, abs=0.06)


def test_grade_of_a_handout_step() -> None:
    # Shrug(1) your(1) shoul-ders(2) up(1) to-wards(2) your(1) ears(1): 7 words, 9 syllables.
    # Then(1) slow-ly(2) roll(1) them(1) back(1) and(1) then(1) down(1) in(1) a(1) smooth(1) cir-cu-lar(3)
    # mo-tion(2): 13 words, 17 syllables. Together 20 words, 2 sentences, 26 syllables.
    # 0.39 * (20 / 2) + 11.8 * (26 / 20) - 15.59 = 3.9 + 15.34 - 15.59 = 3.65
    text = "Shrug your shoulders up towards your ears. Then slowly roll them back, and then down,"
    text += " in a smooth, circular motion."
    assert fk(20, 2, 26) == pytest.approx(3.65)
    assert grade(text) == pytest.approx(3.65, abs=0.06)


def test_grade_of_a_long_sentence_with_long_words() -> None:
    # Talk(1) to(1) your(1) health-care(2) pro-vi-der(3) or(1) phys-i-cal(3) ther-a-pist(3) a-bout(2)
    # these(1) ex-er-cis-es(4): 11 words, 1 sentence, 22 syllables.
    # 0.39 * (11 / 1) + 11.8 * (22 / 11) - 15.59 = 4.29 + 23.6 - 15.59 = 12.3
    text = "Talk to your healthcare provider or physical therapist about these exercises."
    assert fk(11, 1, 22) == pytest.approx(12.3)
    assert grade(text) == pytest.approx(12.3, abs=0.06)


def test_grade_of_clinical_jargon() -> None:
    # Scap-u-lar(3) re-trac-tion(3) strength-ens(2) the(1) rhom-boid(2) mus-cu-la-ture(4):
    # 6 words, 1 sentence, 15 syllables. 0.39 * 6 + 11.8 * (15 / 6) - 15.59 = 2.34 + 29.5 - 15.59 = 16.25
    text = "Scapular retraction strengthens the rhomboid musculature."
    assert fk(6, 1, 15) == pytest.approx(16.25)
    assert grade(text) == pytest.approx(16.25, abs=0.06)


def test_no_words_is_grade_zero() -> None:
    assert grade("") == 0
    assert grade("## Only a heading") == 0


def test_markdown_is_stripped_and_lines_kept() -> None:
    body = "\n1. **Lift** your [arm](x.md) {: .big }\n2. Relax\n   your neck.\n\n## Tips\n\nGo `slowly`.\n"
    passages = strip_markdown(body, first_line=10)
    assert [(p.text.replace("\n", " "), p.line) for p in passages] == [
        ("Lift your arm", 11), ("Relax your neck.", 12), ("Go slowly.", 17),
    ]


def test_list_items_and_paragraphs_end_sentences() -> None:
    # Three items without full stops are three sentences of 1 word each: 0.39 * 1 + 11.8 * 1 - 15.59 = -3.4
    assert grade("- sit\n- stand\n- walk") == pytest.approx(fk(3, 3, 3), abs=0.06)


# --- instructions --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sentence", [
    "As you breathe in, bring the top arm up and over your chest.",
    "Keep your back straight and bend over at the hips.",
    "Then lower the dumbbells slowly and with control, back to where you started.",
    "When you have done all the repeats, roll over and do the same on the other side.",
    "Keeping your shoulders relaxed, squeeze your shoulder blades together.",
    "Hold the squeeze, then relax.",
    "Slowly bring your arm down.",
    "Do not arch your back.",
    "Don't hold your breath.",
    "You should feel a gentle stretch.",
    "Stretch only as far as is comfortable.",
])
def test_instructions_are_recognised(sentence: str) -> None:
    assert is_instruction(sentence)


@pytest.mark.parametrize("sentence", [
    "The arms are raised.",
    "Arms are raised above the head.",
    "Your back should stay flat.",
    "This exercise strengthens the upper back.",
    "Lifting the arms slowly.",
    "It is important to breathe.",
    "Your knees stay bent.",
])
def test_descriptions_are_not_instructions(sentence: str) -> None:
    assert not is_instruction(sentence)


# --- each check on a small project ---------------------------------------------------------------------------


@pytest.fixture
def run(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):
    """run(*args, exercise=fixture_path) -> (exit code, stdout, stderr), in a copy of the shipped project."""
    monkeypatch.chdir(project)
    write(project, {"content/images/test.svg": SVG})

    def go(*args: str, exercise: Path | None = None) -> tuple[int, str, str]:
        if exercise is not None:
            shutil.copy(exercise, project / "content" / "exercises" / exercise.name)
        code = main(["check", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return go


BROKEN = {
    "too-many-steps": (16, "8 steps; keep to 7 or fewer"),
    "long-step": (10, "a step of 27 words; keep each step to 25 words or fewer"),
    "not-an-instruction": (10, "this step does not tell the reader what to do"),
    "no-caption": (5, "the image has no caption"),
    "long-summary": (3, "the summary has 2 sentences; keep it to one"),
    "jargon": (10, "'lumbar' is a medical word"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_check_warns_on_a_file_that_breaks_it(run, name: str) -> None:
    line, message = BROKEN[name]
    code, out, err = run(exercise=FIXTURES / "broken" / f"{name}.md")
    assert code == 0
    assert f"content/exercises/{name}.md:{line}: warning: {message}" in err
    assert "OK, " in out and " warning" in out


def test_every_unexplained_word_is_named(run) -> None:
    _, _, err = run(exercise=FIXTURES / "broken" / "jargon.md")
    assert "'lumbar' is a medical word" in err and "'flexion' is a medical word" in err


def test_a_clear_file_gets_no_warnings(run) -> None:
    code, out, err = run(exercise=FIXTURES / "good" / "clear.md")
    assert code == 0 and [line for line in err.splitlines() if "no clinical review" not in line] == []
    assert out.strip() == f"11 exercises, 2 programs: OK, {err.count('no clinical review')} warnings"


def test_a_page_above_the_failing_grade_fails(run) -> None:
    code, out, err = run(exercise=FIXTURES / "broken" / "hard-to-read.md")
    assert code == 1
    assert "content/exercises/hard-to-read.md:10: reads at grade" in err
    assert "above 8 (Flesch-Kincaid)" in err and "warning:" not in err
    assert "1 problem found" in err


HARD_SENTENCE = (
    "Maintain continuous diaphragmatic respiration throughout the entire movement, avoiding unnecessary compensatory "
    "elevation of your shoulders during the final repetitions of each set."
)


def test_one_hard_sentence_fails_even_when_the_page_reads_easily(run) -> None:
    code, _, err = run(exercise=FIXTURES / "broken" / "one-hard-sentence.md")
    assert code == 1
    assert err.splitlines() == [
        "content/exercises/one-hard-sentence.md:18: this sentence reads at grade 21.4, above 8 (Flesch-Kincaid); "
        "split it, and use shorter words",
        f"    {HARD_SENTENCE}",
        "1 problem found.",
    ]


def _page(summary: str, body: str) -> Exercise:
    return Exercise(slug="x", source="content/exercises/x.md", title="X", summary=summary, area=("test",),
                    dose=Dose(reps=1), steps=(), body=body, body_line=9, lines={"summary": 3})


@pytest.mark.parametrize(("sentence", "words", "failed"), [
    (HARD_SENTENCE, 22, True),
    # 16 words at grade 9.3: long enough to be graded alone, and above 8.
    ("Talk to your healthcare provider or physical therapist about these exercises before you try them alone.",
     16, True),
    # 15 words at grade 8.4, and 11 at 12.3: too short for one sentence's grade to mean much.
    ("Five home exercises to help you manage upper back pain, heal faster and prevent flare-ups.", 15, False),
    ("Talk to your healthcare provider or physical therapist about these exercises.", 11, False),
    ("Stand with your feet apart and your knees a little bent, then lift both arms up high.", 17, False),
])
def test_a_sentence_is_graded_alone_from_sixteen_words(sentence: str, words: int, failed: bool) -> None:
    easy = "Sit down. Stand up. Walk to the door. Rest a bit. " * 6
    score = score_page(_page("Sit down.", f"{easy}\n\n{sentence}\n"), Settings.from_schema())
    assert len(sentence.rstrip(".").split()) == words
    assert score.grade <= 6
    assert [(p.line, p.excerpt) for p in score.failures] == ([(11, sentence)] if failed else [])


def test_a_hard_sentence_the_page_grade_names_is_not_named_twice() -> None:
    score = score_page(_page(HARD_SENTENCE, "1. Sit down.\n"), Settings.from_schema())
    [failure] = score.failures
    assert failure.message.startswith("reads at grade") and failure.excerpt == HARD_SENTENCE


def test_strict_turns_warnings_into_errors(run) -> None:
    code, _, err = run("--strict", exercise=FIXTURES / "broken" / "long-summary.md")
    assert code == 1
    assert "content/exercises/long-summary.md:3: the summary has 2 sentences" in err
    assert "warning:" not in err


def test_strict_passes_clean_content(run) -> None:
    code, out, err = run("--strict")
    assert code == 0 and [line for line in err.splitlines() if "no clinical review" not in line] == []
    assert out.strip() == f"10 exercises, 2 programs: OK, {err.count('no clinical review')} warnings"


def test_report_lists_every_page(run) -> None:
    code, out, err = run("--report", exercise=FIXTURES / "broken" / "long-summary.md")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["page", "grade", "words", "steps", "warnings"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:lines.index("")]}  # then the reviews (test_reviews)
    assert len(rows) == 13
    assert rows["content/exercises/long-summary.md"][2:] == ["2", "1"]
    assert rows["content/programs/upper-back-pain.md"][2:] == ["-", "0"]
    assert lines[-1] == f"11 exercises, 2 programs: OK, {1 + err.count('no clinical review')} warnings"


# --- settings -----------------------------------------------------------------------------------------------


def _settings(project: Path, text: str) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "  readability:\n" + text)


def test_limits_come_from_mkdocs_yml(project: Path, run) -> None:
    _settings(project, "    warn_above: 2\n    fail_above: 20\n    max_steps: 3\n")
    code, out, err = run()
    assert code == 0
    assert "content/exercises/bent-over-rows.md:3: warning: reads at grade 3.4, above 2" in err
    assert "content/exercises/bent-over-rows.md:29: warning: 5 steps; keep to 3 or fewer" in err


def test_jargon_list_is_editable(project: Path, run) -> None:
    _settings(project, "    jargon: [dumbbell]\n")
    _, _, err = run()
    assert "content/exercises/bent-over-rows.md:2: warning: 'dumbbells' is a medical word" in err
    assert "scapular" not in "".join(line for line in err.splitlines() if "no clinical review" not in line)


@pytest.mark.parametrize(("text", "line", "message"), [
    ("    warn_abvoe: 5\n", END + 2, "unknown key 'warn_abvoe' (did you mean 'warn_above'?)"),
    ("    max_steps: many\n", END + 2, "'max_steps' must be a whole number"),
    ("    warn_above: 7\n    fail_above: 6\n", END + 3, "'fail_above' must be at least 'warn_above' (7)"),
    ("    warn_above:\n", END + 2, "'warn_above' is empty: write its value after the colon, or delete the line"),
    ("    jargon:\n      -\n", END + 3,
     "item 1 of 'jargon' is empty: write the item after the '-', or delete the line"),
    ("\twarn_above: 5\n", END + 2, "front matter is not valid YAML: this line starts with a tab; YAML needs spaces"),
])
def test_bad_settings_are_errors_at_their_line(project: Path, run, text: str, line: int, message: str) -> None:
    _settings(project, text)
    code, _, err = run()
    assert code == 1
    assert f"mkdocs.yml:{line}: {message}" in err


def test_settings_must_be_a_mapping(project: Path, run) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "  readability: strict\n")
    code, _, err = run()
    assert code == 1
    assert f"mkdocs.yml:{END + 1}: 'readability' must be keys and values" in err


def test_settings_and_content_problems_are_reported_together(project: Path, run) -> None:
    _settings(project, "    warn_abvoe: 5\n")
    write(project, {"content/exercises/broken.md": "---\ntitle: Broken\n---\n"})
    code, _, err = run()
    assert code == 1
    assert f"mkdocs.yml:{END + 2}: unknown key" in err and "content/exercises/broken.md" in err


# --- the shipped content ----------------------------------------------------------------------------------


def test_shipped_content_reads_at_grade_six_with_no_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    library = load_library()
    report = check_library(library, load_settings())
    assert len(report.pages) == len(library.exercises) + len(library.programs) > 0
    assert [(page.source, page.grade) for page in report.pages if page.grade > 6] == []
    assert [str(p) for p in report.warnings + report.failures] == []
    assert grade(library.home.body) <= 6


def test_default_settings_match_the_documented_limits() -> None:
    settings = Settings.from_schema()
    assert (settings.warn_above, settings.fail_above, settings.max_steps, settings.max_step_words) == (6, 8, 7, 25)
    assert "scapula" in settings.jargon


def test_format_report_is_a_table() -> None:
    from handouts.checks.readability import PageScore, Report

    table = format_report(Report((PageScore("content/exercises/a.md", 3.25, 40, 5, (), ()),)))
    assert table.splitlines()[1].split() == ["content/exercises/a.md", "3.2", "40", "5", "0"]
