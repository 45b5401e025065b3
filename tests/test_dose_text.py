"""Numbers of the dose in an exercise's words (handouts/dose_text.py): each way clinicians write them, in English
and Spanish, and the numbers that are not a dose; then a small bilingual project (tests/fixtures/dose-text/project,
whose words agree with its doses) changed one phrase at a time, and the deliberately broken files beside it, read by
`check` and `build` as a clinician runs them."""

from __future__ import annotations

import shutil
from contextlib import chdir
from pathlib import Path

import pytest

from handouts.content import load_library
from handouts.dose_text import differs, passages, said
from handouts.errors import ContentInvalid
from handouts.models import Dose

from .conftest import run_main

FIXTURES = Path(__file__).parent / "fixtures" / "dose-text"
EXERCISE, TRANSLATION = "content/exercises/quad-sets.md", "content/exercises/quad-sets.es.md"
DOSE_LINE = f"the dose line ({EXERCISE}:5) says"
ENGLISH_DOSE = "Hold for 5 seconds, then relax. Repeat 10 times on each side. Do 2 sets."
SPANISH_DOSE = "Mantenga 5 segundos y luego relájese. Repita 10 veces de cada lado. Haga 2 series."


# -- reading the words ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "numbers"), [
    ("Hold for 2 seconds.", [("hold", 2, 2)]),
    ("Hold 5s.", [("hold", 5, 5)]),
    ("Hold 5 sec, then relax.", [("hold", 5, 5)]),
    ("hold 30 seconds", [("hold", 30, 30)]),
    ("Hold for 15 to 30 seconds.", [("hold", 15, 30)]),
    ("Hold the stretch for 20-30 s.", [("hold", 20, 30)]),
    ("Hold for 5, then relax.", [("hold", 5, 5)]),
    ("Hold for a count of 5.", [("hold", 5, 5)]),
    ("Hold for 1 minute.", [("hold", 60, 60)]),
    ("Hold for five seconds.", [("hold", 5, 5)]),
    ("Hold for 1.5 seconds.", [("hold", 1.5, 1.5)]),
    ("Keep it there: a 5-second hold.", [("hold", 5, 5)]),
    ("Rest 30 seconds between sets.", [("rest", 30, 30)]),
    ("Hold, then relax for 5 seconds.", [("rest", 5, 5)]),
    ("Take 3 seconds to lower it.", [("seconds", 3, 3)]),
    ("Repeat 10 times.", [("reps", 10, 10)]),
    ("Do 10 reps.", [("reps", 10, 10)]),
    ("Do 10 repetitions (10 repeats).", [("reps", 10, 10), ("reps", 10, 10)]),
    ("Do it x10.", [("reps", 10, 10)]),
    ("Do it 10x, slowly.", [("reps", 10, 10)]),
    ("Repeat ten times.", [("reps", 10, 10)]),
    ("Repeat twenty-five times.", [("reps", 25, 25)]),
    ("Repeat twice.", [("reps", 2, 2)]),
    ("Do 8-12 reps.", [("reps", 8, 12)]),
    ("Do between 8 and 12 reps.", [("reps", 8, 12)]),
    ("Repeat 10.", [("reps", 10, 10)]),
    ("Do 10 on each side.", [("reps", 10, 10)]),
    ("Do 2 sets.", [("sets", 2, 2)]),
    ("Do 2 sets of 10.", [("sets", 2, 2), ("reps", 10, 10)]),
    ("Do 3 sets of 10 reps, holding each for 5 seconds.", [("sets", 3, 3), ("reps", 10, 10), ("hold", 5, 5)]),
    ("3x10", [("sets", 3, 3), ("reps", 10, 10)]),
    ("Do 3 rounds.", [("sets", 3, 3)]),
])
def test_each_way_clinicians_write_a_dose_in_english_is_read(text, numbers):
    assert [(one.kind, one.low, one.high) for one in said(text)] == numbers


@pytest.mark.parametrize(("text", "numbers"), [
    ("Repite 10 veces.", [("reps", 10, 10)]),
    ("Repita diez veces.", [("reps", 10, 10)]),
    ("Repita once veces.", [("reps", 11, 11)]),
    ("Haga 10 repeticiones.", [("reps", 10, 10)]),
    ("Haga de 8 a 12 repeticiones.", [("reps", 8, 12)]),
    ("Haga entre 8 y 12 repeticiones.", [("reps", 8, 12)]),
    ("Haga 10 por lado.", [("reps", 10, 10)]),
    ("Haz 10 con cada pierna.", [("reps", 10, 10)]),
    ("Haga 2 series.", [("sets", 2, 2)]),
    ("Repita 3 series de 10.", [("sets", 3, 3), ("reps", 10, 10)]),
    ("Mantén 5 segundos.", [("hold", 5, 5)]),
    ("Mantenga la posición de 15 a 30 segundos.", [("hold", 15, 30)]),
    ("Sostenga la posición durante treinta y cinco segundos.", [("hold", 35, 35)]),
    ("Aguante 10 seg.", [("hold", 10, 10)]),
    ("Mantenga 1 minuto.", [("hold", 60, 60)]),
    ("Mantenga 2,5 segundos.", [("hold", 2.5, 2.5)]),
    ("Cuente hasta 5.", [("hold", 5, 5)]),
    ("Descanse 30 segundos entre series.", [("rest", 30, 30)]),
    ("Relájese 5 segundos.", [("rest", 5, 5)]),
    ("Luego, 5 segundos de descanso.", [("rest", 5, 5)]),
])
def test_each_way_clinicians_write_a_dose_in_spanish_is_read(text, numbers):
    assert [(one.kind, one.low, one.high) for one in said(text)] == numbers


@pytest.mark.parametrize("text", [
    "Move your foot 2 inches.", "Bend your knee to 90 degrees.", "Go back to step 2.", "Repeat steps 2 and 3.",
    "Put 1 towel under your knee.", "Lie on 2 pillows.", "Lift it 30 cm.", "Do this 3 times a day.",
    "Do it 2 to 3 times per week.", "Repeat twice a day.", "Hold 2 dumbbells.", "Hold on to a chair with 1 hand.",
    "Hold for 2-3 breaths.", "Breathe in for 4 seconds.", "Wait 30 seconds before you stand up.",
    "Walk for 10 minutes first.", "Stop if the pain lasts 2 hours.", "Once you feel the stretch, hold it.",
    "Doble la rodilla a 90 grados.", "Levante la pierna 20 cm.", "Vuelva al paso 2.", "Ponga 1 toalla.",
    "Hágalo 3 veces al día.", "Repita 2 veces por semana.", "Tome aire durante 4 segundos.",
    "Espere 30 segundos antes de levantarse.", "Una vez que sienta el estiramiento, manténgalo.",
])
def test_numbers_that_are_not_a_dose_are_left_alone(text):
    assert said(text) == ()


@pytest.mark.parametrize(("dose", "text", "differ"), [
    (Dose(reps=10, sets=2, hold=5, rest=5), "Hold for 5 seconds.", False),
    (Dose(reps=10, sets=2, hold=5, rest=5), "Hold for 3 seconds.", True),
    (Dose(reps=10, sets=2, hold=5, rest=5), "Rest 5 seconds.", False),
    (Dose(reps=10, sets=2, hold=5, rest=5), "Rest 8 seconds.", True),
    (Dose(reps=10, sets=2, hold=5, rest=5), "Hold for 5 seconds, then rest 5 seconds.", False),
    (Dose(reps=10, sets=2, hold=5, rest=2), "Hold for 2 seconds.", True),  # the rest's number, said as a hold
    (Dose(reps=10, sets=2, hold=5, rest=5), "Take 3 seconds to lower it.", False),  # the tempo
    (Dose(reps=10, sets=2, hold=5, rest=5), "Take 4 seconds to lower it.", True),
    (Dose(reps=10, sets=2, hold=5, rest=5), "Repeat 10 times.", False),
    (Dose(reps=10, sets=2, hold=5, rest=5), "Do 8-12 reps.", True),
    (Dose(reps=10, sets=2, hold=5, rest=5), "Do 2 sets.", False),
    (Dose(reps=10, sets=2, hold=5, rest=5), "Do 3 sets.", True),
    (Dose(reps=3, hold=15, hold_max=30, rest=5), "Hold for 15 to 30 seconds.", False),
    (Dose(reps=3, hold=15, hold_max=30, rest=5), "Hold for 20 seconds.", True),
    (Dose(reps=10), "Hold for 5 seconds.", True),
    (Dose(reps=10), "Do it x10.", False),
    (Dose(reps=10), "Hold for 1.5 seconds.", True),
])
def test_a_number_differs_from_the_dose_unless_the_dose_says_it(dose, text, differ):
    assert any(differs(one, dose) for one in said(text)) is differ


# -- a project ------------------------------------------------------------------------------------------------


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """A copy of the small bilingual project, to change."""
    return Path(shutil.copytree(FIXTURES / "project", tmp_path / "project"))


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text()
    assert text.count(old) == 1, (name, old)
    path.write_text(text.replace(old, new))


def problems(project: Path) -> list[str]:
    """What `check` reports, each problem's first line."""
    with chdir(project), pytest.raises(ContentInvalid) as caught:
        load_library("mkdocs.yml")
    return [str(p).splitlines()[0] for p in caught.value.problems]


def test_the_small_project_says_numbers_that_agree_with_its_doses_and_passes_check(small: Path):
    with chdir(small):
        library = load_library("mkdocs.yml")
    for words in (library.exercises["quad-sets"], library.translations["es"].exercises["quad-sets"]):
        numbers = [one for passage in passages(words) for one in said(passage.text)]
        assert len(numbers) >= 6 and not any(differs(one, words.dose) for one in numbers), words.source
    result = run_main(small, "check")
    assert result.returncode == 0, result.stderr


STEP_3, STEP_4, TIPS = "hold for 5 seconds, then relax.", "Repeat 10 times on each side. Do 2 sets of 10.", "hold 5s"


@pytest.mark.parametrize(("old", "new", "line", "what", "quoted", "todo"), [
    (STEP_3, "hold for 2 seconds, then relax.", 18, "step 3", '"2 seconds"', "the step"),
    (STEP_3, "hold 2s, then relax.", 18, "step 3", '"2s"', "the step"),
    (STEP_3, "hold 2 sec, then relax.", 18, "step 3", '"2 sec"', "the step"),
    (STEP_3, "hold for 2, then relax.", 18, "step 3", '"hold for 2"', "the step"),
    (STEP_3, "hold for a count of 2.", 18, "step 3", '"count of 2"', "the step"),
    (STEP_3, "hold for 1 minute, then relax.", 18, "step 3", '"1 minute"', "the step"),
    (STEP_3, "hold for 5 seconds, then rest 8 seconds.", 18, "step 3", '"8 seconds"', "the step"),
    (STEP_4, "Repeat 12 times on each side. Do 2 sets of 12.", 19, "step 4", '"12 times" and "sets of 12"',
     "the step"),
    (STEP_4, "Do 12 reps on each side.", 19, "step 4", '"12 reps"', "the step"),
    (STEP_4, "Do it x12 on each side.", 19, "step 4", '"x12"', "the step"),
    (STEP_4, "Do it 12x on each side.", 19, "step 4", '"12x"', "the step"),
    (STEP_4, "Repeat twelve times on each side.", 19, "step 4", '"twelve times"', "the step"),
    (STEP_4, "Do 8-12 reps on each side.", 19, "step 4", '"8-12 reps"', "the step"),
    (STEP_4, "Do 3 sets of 10.", 19, "step 4", '"3 sets"', "the step"),
    (STEP_4, "Do 3x10 on each side.", 19, "step 4", '"3x10"', "the step"),
    (TIPS, "hold 8s", 24, "the text", '"8s"', "the text"),
    ("caption: Press down for 5 seconds, 10 times", "caption: Press down for 5 seconds, 12 times", 13,
     "the picture's caption", '"12 times"', "the picture's caption"),
])
def test_an_english_number_the_dose_says_differently_is_refused_at_its_line(small, old, new, line, what, quoted,
                                                                            todo):
    edit(small, EXERCISE, old, new)
    assert problems(small) == [f'{EXERCISE}:{line}: {what} says {quoted}, but {DOSE_LINE} "{ENGLISH_DOSE}", and '
                               f"both are printed: remove the number from {todo}"]


@pytest.mark.parametrize(("old", "new", "line", "what", "quoted", "todo"), [
    ("mantenga 5 segundos", "mantenga 2 segundos", 11, "step 3", '"2 segundos"', "the step"),
    ("mantenga 5 segundos", "mantén 2 seg", 11, "step 3", '"2 seg"', "the step"),
    ("mantenga 5 segundos", "aguante 2 segundos", 11, "step 3", '"2 segundos"', "the step"),
    ("mantenga 5 segundos", "mantenga 5 segundos y descanse 8 segundos", 11, "step 3", '"8 segundos"',
     "the step"),
    ("Repita diez veces", "Repita doce veces", 12, "step 4", '"doce veces"', "the step"),
    ("Repita diez veces", "Repite 12 veces", 12, "step 4", '"12 veces"', "the step"),
    ("Repita diez veces", "Haga 12 repeticiones", 12, "step 4", '"12 repeticiones"', "the step"),
    ("Repita diez veces", "Haga de 8 a 12 repeticiones", 12, "step 4", '"8 a 12 repeticiones"', "the step"),
    ("Haga 2 series de 10", "Haga 3 series de 10", 12, "step 4", '"3 series"', "the step"),
    ("Haga 2 series de 10", "Haga 2 series de 12", 12, "step 4", '"series de 12"', "the step"),
    ("Hágalo 3 veces al día.", "Hágalo 3 veces al día, 12 veces cada vez.", 17, "the text", '"12 veces"',
     "the text"),
    ("10 veces por lado", "12 veces por lado", 6, "the picture's caption", '"12 veces"', "the picture's caption"),
])
def test_a_spanish_number_the_dose_says_differently_is_refused_at_its_line(small, old, new, line, what, quoted,
                                                                          todo):
    edit(small, TRANSLATION, old, new)
    assert problems(small) == [f'{TRANSLATION}:{line}: {what} says {quoted}, but {DOSE_LINE} "{SPANISH_DOSE}", '
                               f"and both are printed: remove the number from {todo}"]


def test_a_program_dose_that_the_words_say_differently_is_refused_at_the_programs_line(small: Path):
    """The words say 5 seconds (in English twice, in Spanish once); the program holds 8 s. A bare '5 seconds' (the
    captions) is still the rest's number, and the exercise itself is fine."""
    edit(small, "content/programs/knee.md", "dose: {rest: 10}", "dose: {hold: 8}")
    found = problems(small)
    assert [p.split(": ")[0] for p in found] == ["content/programs/knee.md:5"] * 3
    assert [p.split("which says ")[1].split(": ")[0] for p in found] == [
        f'"5 seconds" ({EXERCISE}:18)', f'"5 segundos" ({TRANSLATION}:11)', f'"5s" ({EXERCISE}:24)']
    assert found[0] == (
        "content/programs/knee.md:5: this program gives 'quad-sets' the dose \"Hold for 8 seconds, then relax. Repeat "
        "10 times on each side. Do 2 sets.\", printed beside step 3 of 'quad-sets', which says \"5 seconds\" "
        f"({EXERCISE}:18): remove the number from the step (the exercise's dose line says it), or give it here the "
        "dose its words say")


def test_a_program_dose_that_agrees_with_the_words_is_fine(small: Path):
    edit(small, "content/programs/knee.md", "dose: {rest: 10}", "dose: {reps: 10, hold: 5, sets: 2}")
    with chdir(small):
        assert load_library("mkdocs.yml").programs["knee"].items[0].line == 5


def test_check_and_build_refuse_the_broken_files_with_their_lines_and_no_traceback(small: Path):
    """The issue's two cases: a step that holds 2 s where the dose holds 3 s (and its Spanish), and a program of 8
    repeats beside a step saying "Repeat 10 times"."""
    broken = FIXTURES / "broken"
    for name in ("hold-step.md", "hold-step.es.md", "heel-slides.md"):
        shutil.copy(broken / name, small / "content" / "exercises" / name)
    shutil.copy(broken / "override.md", small / "content" / "programs" / "override.md")
    for command in ("check", "build"):
        result = run_main(small, command)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        lines = result.stderr.splitlines()
        assert lines[-1].startswith("3 problems found"), result.stderr
        assert (
            'content/exercises/hold-step.es.md:7: step 2 says "2 segundos", but the dose line '
            '(content/exercises/hold-step.md:5) says "Mantenga 3 segundos y luego relájese. Repita 10 veces.", and '
            "both are printed: remove the number from the step") in lines
        assert (
            'content/exercises/hold-step.md:11: step 2 says "2 seconds", but the dose line '
            '(content/exercises/hold-step.md:5) says "Hold for 3 seconds, then relax. Repeat 10 times.", and both '
            "are printed: remove the number from the step") in lines
        assert lines[lines.index(next(line for line in lines if line.startswith("content/programs/"))) + 1] == (
            "    Repeat 10 times.")
        assert any(line.startswith(
            "content/programs/override.md:5: this program gives 'heel-slides' the dose \"Repeat 8 times.\", printed "
            "beside step 3 of 'heel-slides', which says \"10 times\" (content/exercises/heel-slides.md:11)")
            for line in lines)
    assert not (small / "site").exists()
