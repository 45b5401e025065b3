"""The reading gate for Spanish pages: Spanish syllables, the Szigriszt-Pazos reading ease on the INFLESZ scale,
and its limits under `extra.readability.es` (handouts.checks.readability)."""

from __future__ import annotations

import dataclasses

import pytest
from pydantic import ValidationError

from handouts import load_library
from handouts.checks.readability import (
    EaseLimits,
    Passage,
    Settings,
    count_syllables_es,
    grade_passages,
    reading_ease,
    score_page,
    szigriszt_pazos,
)
from handouts.model.dose import dose_sentence, hold_sentence, rest_sentence
from handouts.model.schema import ReadabilitySchema
from handouts.model.values import Dose

# Syllables as a Spanish dictionary divides them: diphthongs, hiatus at a stressed i/u or two strong vowels,
# silent u in que/gui, y as a vowel at the end of a word, a silent h.
SYLLABLES = {
    "repita": 3, "mantenga": 3, "relájese": 4, "espalda": 3, "rodilla": 3, "hombro": 2, "cuello": 2,
    "ejercicio": 4, "suavemente": 4, "respiración": 4, "cuidado": 3, "ciudad": 2, "hielo": 2,  # diphthongs
    "día": 2, "oído": 3, "país": 2, "baúl": 2, "reír": 2, "leer": 2, "caer": 2, "aéreo": 4,  # hiatus
    "que": 1, "quieto": 2, "guitarra": 3, "pingüino": 3, "buey": 1,  # silent u, ü, a triphthong
    "hoy": 1, "muy": 1, "y": 1, "ayuda": 3, "ahora": 3, "teléfono": 4, "acción": 2, "10": 2,
}
EASY = ("Acuéstese boca arriba. Doble las rodillas. Suba la cadera despacio. Cuente hasta tres. Baje la cadera. "
        "Descanse un poco.")
HARD = ("La administración concomitante de antiinflamatorios no esteroideos incrementa considerablemente la "
        "probabilidad de complicaciones gastrointestinales, especialmente en pacientes con antecedentes de "
        "hemorragia digestiva.")


@pytest.mark.parametrize(("word", "count"), SYLLABLES.items())
def test_spanish_syllables(word, count):
    assert count_syllables_es(word) == count
    assert count_syllables_es(word.upper()) == count


def test_the_formula_on_counted_text():
    # 3 words (el, pe-rro, co-me: 5 syllables) in 1 sentence: 206.835 - 62.3 x 5/3 - 3 = 100.0
    assert reading_ease("El perro come.") == szigriszt_pazos(3, 1, 5) == 100.0
    # 4 sentences, 12 words, 27 syllables: 206.835 - 62.3 x 2.25 - 3 = 63.7
    assert reading_ease("Acuéstese de lado. Doble las rodillas. Levante el brazo despacio. Respire hondo.") == 63.7
    assert szigriszt_pazos(0, 0, 0) == 100.0


def test_easy_and_hard_spanish_land_where_inflesz_puts_them():
    assert reading_ease(EASY) > 65  # "bastante fácil" or better: what patient materials aim for
    assert reading_ease(HARD) < 40  # "muy difícil"
    # The same text, scored as English, would count the accented words wrongly: each language its own counting.
    passages = [Passage(EASY, 1)]
    assert grade_passages(passages, "es") == reading_ease(EASY)
    assert grade_passages(passages, "en") != grade_passages(passages, "es")


def test_the_spanish_dose_sentences_read_easily():
    """Every dose in words, on the page and beside the tick boxes on paper, reads 'rather easy' (65) or better."""
    doses = [Dose(reps=reps, sets=sets, hold=hold, rest=rest, sides=sides) for reps in (1, 10) for sets in (1, 3)
             for hold in (None, 1, 20) for rest in (0, 5) for sides in (None, "each")]
    assert reading_ease("\n\n".join(dose_sentence(d, "es") for d in doses)) >= 65
    on_paper = [s for d in doses for s in (hold_sentence(d, "es"), rest_sentence(d, "es")) if s]
    assert reading_ease("\n\n".join(on_paper)) >= 65


def test_limits_per_language_in_extra_readability():
    assert Settings.from_schema().ease == {"es": EaseLimits(warn_below=65, fail_below=55)}
    stricter = Settings.from_schema(ReadabilitySchema.model_validate({"es": {"warn_below": 70, "fail_below": 60}}))
    assert stricter.ease["es"] == EaseLimits(70, 60) and stricter.warn_above == 6
    with pytest.raises(ValidationError, match="must be at most 'warn_below'"):
        ReadabilitySchema.model_validate({"es": {"warn_below": 50, "fail_below": 60}})
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        ReadabilitySchema.model_validate({"es": {"min_grade": 3}})


@pytest.fixture(scope="module")
def open_books(tmp_path_factory):
    from tests.conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("es") / "project")
    return load_library(project / "mkdocs.yml", project).exercises["open-books"]


def test_a_spanish_page_is_held_to_the_spanish_limits(open_books):
    easy = dataclasses.replace(open_books, summary="Gire la espalda con calma.", cautions=(), body=EASY)
    score = score_page(easy, Settings.from_schema(), "es")
    assert score.lang == "es" and score.grade == reading_ease("Gire la espalda con calma.\n\n" + EASY)
    assert not score.failures and not [w for w in score.warnings if "ease" in w.message]

    hard = dataclasses.replace(easy, body=EASY + "\n\n" + HARD)
    score = score_page(hard, Settings.from_schema(), "es")
    assert score.grade < 55
    (page_failure,) = score.failures  # the page's failure names its hardest sentence; not named twice
    assert page_failure.message.startswith(f"reads at ease {score.grade:g}, below 55 (Szigriszt-Pazos, INFLESZ)")
    assert page_failure.excerpt == HARD and page_failure.path == open_books.source

    # An easy page with one long, hard sentence: the page warns, and the sentence fails on its own.
    mixed = dataclasses.replace(easy, body="\n\n".join([EASY] * 8 + [HARD]))
    score = score_page(mixed, Settings.from_schema(), "es")
    assert 55 <= score.grade < 65
    assert [w.message for w in score.warnings if "ease" in w.message] == [
        f"reads at ease {score.grade:g}, below 65 (Szigriszt-Pazos, INFLESZ); use shorter sentences and shorter "
        "words, starting with this one"]
    (sentence_failure,) = score.failures
    assert sentence_failure.message.startswith("this sentence reads at ease -36, below 55")
    assert sentence_failure.excerpt == HARD

    lenient = Settings.from_schema(ReadabilitySchema.model_validate({"es": {"warn_below": 20, "fail_below": 10}}))
    score = score_page(hard, lenient, "es")
    assert [(f.message.split(" at ")[0], f.excerpt) for f in score.failures] == [("this sentence reads", HARD)]
    assert not [w for w in score.warnings if "ease" in w.message]
