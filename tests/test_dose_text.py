"""Numbers of the dose in an exercise's words (handouts/content/dose_words.py): each way clinicians write them, in
English
and Spanish, and the numbers that are not a dose; then a small bilingual project (tests/fixtures/dose-text/project,
whose words carry no number of a dose) with one phrase at a time written into a step, the tips or a caption, saying
the dose's own number or another, and the deliberately broken files beside it, read by `check` and `build` as a
clinician runs them."""

from __future__ import annotations

import shutil
from contextlib import chdir
from pathlib import Path

import pytest

from handouts.content.dose_words import differs, passages, said
from handouts.content.load import load_library
from handouts.errors import ContentInvalid
from handouts.model.values import Dose

from .conftest import run_main

FIXTURES = Path(__file__).parent / "fixtures" / "dose-text"
EXERCISE, TRANSLATION = "content/exercises/quad-sets.md", "content/exercises/quad-sets.es.md"
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


def differing(path: str, line: int, what: str, quoted: str, todo: str) -> str:
    """The problem of a number the dose says differently."""
    dose = SPANISH_DOSE if path == TRANSLATION else ENGLISH_DOSE
    return (f'{path}:{line}: {what} says {quoted}, but the dose line ({EXERCISE}:5) says "{dose}", and both are '
            f"printed: remove the number from {todo}")


def agreeing(path: str, line: int, what: str, quoted: str, todo: str) -> str:
    """The problem of a number the dose says the same."""
    return (f"{path}:{line}: {what} says {quoted}, which the dose line ({EXERCISE}:5) already says: a program or a "
            f"patient's sheet may change the dose, and {todo} would then say another number: remove the number "
            f"from {todo}")


def test_the_small_projects_words_carry_no_number_of_a_dose_and_it_passes_check(small: Path):
    """Only other numbers ('2 pillows', '20 degrees', 'step 2', 'breathe in for 4 seconds', '3 times a day', 'wait
    30 seconds', '1 hand'); and its program changes the dose, which nothing in the words can then contradict."""
    with chdir(small):
        library = load_library("mkdocs.yml")
    for words in (library.exercises["quad-sets"], library.translations["es"].exercises["quad-sets"]):
        texts = [passage.text for passage in passages(words)]
        assert len(texts) == 8 and sum(c.isdigit() for text in texts for c in text) >= 8, words.source
        assert [said(text) for text in texts] == [()] * 8, words.source
    assert library.programs["knee"].items[0].dose.reps == 8 != library.exercises["quad-sets"].dose.reps
    result = run_main(small, "check")
    assert result.returncode == 0, result.stderr


ENGLISH = [  # a sentence with a number of a dose, the dose's own number (None: none can be), another, the words quoted
    ("Hold for {} seconds.", "5", "2", '"{} seconds"'),
    ("Hold {}s.", "5", "2", '"{}s"'),
    ("Hold {} sec, then relax.", "5", "2", '"{} sec"'),
    ("Hold for {}, then relax.", "5", "2", '"Hold for {}"'),
    ("Hold for a count of {}.", "5", "2", '"count of {}"'),
    ("Hold for {} seconds.", "five", "two", '"{} seconds"'),
    ("Keep it there: a {}-second hold.", "5", "2", '"{}-second"'),
    ("Hold for {}.", None, "1 minute", '"{}"'),
    ("Rest {} seconds between sets.", "10", "8", '"{} seconds"'),
    ("Then relax for {} seconds.", "10", "8", '"{} seconds"'),
    ("Take {} seconds to lower it.", "3", "4", '"{} seconds"'),
    ("Repeat {} times.", "10", "12", '"{} times"'),
    ("Repeat {} times.", "ten", "twelve", '"{} times"'),
    ("Repeat {}.", "10", "12", '"Repeat {}"'),
    ("Repeat {}.", None, "twice", '"{}"'),
    ("Do {} reps.", "10", "8-12", '"{} reps"'),
    ("Do {} repetitions.", "10", "12", '"{} repetitions"'),
    ("Do it x{}.", "10", "12", '"x{}"'),
    ("Do it {}x, slowly.", "10", "12", '"{}x"'),
    ("Do {} on each side.", "10", "12", '"{} on each side"'),
    ("Do {} sets.", "2", "3", '"{} sets"'),
    ("Do {} rounds.", "2", "3", '"{} rounds"'),
    ("Do {}.", "2x10", "3x10", '"{}"'),  # 3x10: its 10 agrees, but the words say 3 sets
]
SPANISH = [
    ("Mantenga {} segundos.", "5", "2", '"{} segundos"'),
    ("Mantén {} seg.", "5", "2", '"{} seg"'),
    ("Aguante {} segundos.", "5", "2", '"{} segundos"'),
    ("Sostenga la posición durante {} segundos.", "cinco", "dos", '"{} segundos"'),
    ("Mantenga {}.", None, "1 minuto", '"{}"'),
    ("Cuente hasta {}.", "5", "2", '"Cuente hasta {}"'),
    ("Descanse {} segundos entre series.", "10", "8", '"{} segundos"'),
    ("Luego, {} segundos de descanso.", "10", "8", '"{} segundos"'),
    ("Tarde {} segundos en bajarla.", "3", "4", '"{} segundos"'),
    ("Repita {} veces.", "diez", "doce", '"{} veces"'),
    ("Repite {} veces.", "10", "12", '"{} veces"'),
    ("Haga {} repeticiones.", "10", "12", '"{} repeticiones"'),
    ("Haga entre {} repeticiones.", None, "8 y 12", '"entre {} repeticiones"'),
    ("Haga {} por lado.", "10", "12", '"{} por lado"'),
    ("Haz {} con cada pierna.", "10", "12", '"{} con cada pierna"'),
    ("Haga {} series.", "2", "3", '"{} series"'),
    ("Haga {}.", "2x10", "3x10", '"{}"'),
]


def both(table: list[tuple[str, str | None, str, str]]) -> list:
    """Each sentence twice: with the dose's own number, and with another."""
    return [pytest.param(sentence.format(number), quoted.format(number), agrees, id=sentence.format(number))
            for sentence, own, other, quoted in table
            for number, agrees in ((own, True), (other, False)) if number is not None]


@pytest.mark.parametrize(("sentence", "quoted", "agrees"), both(ENGLISH))
def test_each_english_number_of_a_dose_in_a_step_is_refused_whether_the_dose_says_it_or_not(small, sentence, quoted,
                                                                                             agrees):
    edit(small, EXERCISE, "and hold it there.", f"and hold it there. {sentence}")
    assert problems(small) == [(agreeing if agrees else differing)(EXERCISE, 19, "step 3", quoted, "the step")]


@pytest.mark.parametrize(("sentence", "quoted", "agrees"), both(SPANISH))
def test_each_spanish_number_of_a_dose_in_a_step_is_refused_whether_the_dose_says_it_or_not(small, sentence, quoted,
                                                                                             agrees):
    edit(small, TRANSLATION, "y manténgala ahí.", f"y manténgala ahí. {sentence}")
    assert problems(small) == [(agreeing if agrees else differing)(TRANSLATION, 11, "step 3", quoted, "the step")]


PLACES = [  # the file, the words a sentence is written after, their line, what they are, what to remove it from
    (EXERCISE, "then press again.", 20, "step 4", "the step"),
    (EXERCISE, "twice a day at first.", 25, "the text", "the text"),
    (EXERCISE, "with 1 hand.", 26, "the text", "the text"),
    (EXERCISE, "into the towel.", 14, "the picture's caption", "the picture's caption"),
    (TRANSLATION, "vuelva a empujar.", 12, "step 4", "the step"),
    (TRANSLATION, "3 veces al día.", 17, "the text", "the text"),
    (TRANSLATION, "antes de levantarse.", 18, "the text", "the text"),
    (TRANSLATION, "contra la toalla.", 6, "the picture's caption", "the picture's caption"),
]


@pytest.mark.parametrize(("path", "after", "line", "what", "todo"), PLACES)
@pytest.mark.parametrize(("english", "spanish", "quoted"), [
    ("Hold for {} seconds.", "Mantenga {} segundos.", ('"5 seconds"', '"2 seconds"', '"5 segundos"', '"2 segundos"')),
    ("Repeat {} times.", "Repita {} veces.", ('"10 times"', '"12 times"', '"10 veces"', '"12 veces"')),
])
def test_a_number_of_a_dose_in_the_tips_or_a_caption_is_refused_at_its_line_in_each_language(
        small, path, after, line, what, todo, english, spanish, quoted):
    sentence, (own, other) = (english, quoted[:2]) if path == EXERCISE else (spanish, quoted[2:])
    numbers = ("5", "2") if "{} s" in sentence or "{} seg" in sentence else ("10", "12")
    edit(small, path, after, f"{after} {sentence.format(numbers[0])}")
    assert problems(small) == [agreeing(path, line, what, own, todo)]
    edit(small, path, f"{after} {sentence.format(numbers[0])}", f"{after} {sentence.format(numbers[1])}")
    assert problems(small) == [differing(path, line, what, other, todo)]


def test_a_line_with_numbers_the_dose_says_differently_and_the_same_is_refused_for_each_those_first(small: Path):
    edit(small, EXERCISE, "then press again.", "then press again. Do 2 sets of 10. Repeat 12 times.")
    edit(small, EXERCISE, "with 1 hand.", "with 1 hand. Hold for 5 seconds.")
    assert problems(small) == [
        differing(EXERCISE, 20, "step 4", '"12 times"', "the step"),
        agreeing(EXERCISE, 20, "step 4", '"2 sets" and "sets of 10"', "the step"),
        agreeing(EXERCISE, 26, "the text", '"5 seconds"', "the text"),
    ]


@pytest.mark.parametrize("sentence", [
    "Move your foot 2 inches.", "Bend your knee to 90 degrees.", "Go back to step 2.", "Repeat steps 2 and 3.",
    "Lie on 2 pillows.", "Do this 3 times a day.", "Repeat twice a day.", "Hold for 2-3 breaths.",
    "Walk for 10 minutes first.", "Stop if the pain lasts 2 hours.", "Vuelva al paso 2.", "Hágalo 3 veces al día.",
    "Tome aire durante 4 segundos.", "Espere 30 segundos antes de levantarse.",
])
def test_numbers_that_are_not_a_dose_pass_check_in_a_step(small: Path, sentence: str):
    edit(small, EXERCISE, "and hold it there.", f"and hold it there. {sentence}")
    edit(small, TRANSLATION, "y manténgala ahí.", f"y manténgala ahí. {sentence}")
    with chdir(small):
        load_library("mkdocs.yml")


def test_check_and_build_refuse_the_broken_files_with_their_lines_and_no_traceback(small: Path):
    """The issue's cases: a step that holds 2 s where the dose holds 3 s (and its Spanish); a step saying "Repeat
    10 times", its dose's own number, which a program of 8 repeats would print beside "Repeat 8 times": refused at
    the exercise, and the program, which changes the dose as programs may, is not a problem of its own."""
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
        heel_slides = (
            'content/exercises/heel-slides.md:11: step 3 says "10 times", which the dose line '
            "(content/exercises/heel-slides.md:5) already says: a program or a patient's sheet may change the dose, "
            "and the step would then say another number: remove the number from the step")
        assert lines[lines.index(heel_slides) + 1] == "    Repeat 10 times."
        assert not any(line.startswith("content/programs/") for line in lines), result.stderr
    assert not (small / "site").exists()
