"""Translations of the content (`<slug>.<lang>.md`): only words, the original's doses, and every mistake at its line."""

from __future__ import annotations

import re
from contextlib import chdir
from pathlib import Path

import pytest

from handouts.cli import main
from handouts.content.load import load_library, read_library
from handouts.errors import ContentInvalid
from handouts.model.values import Library

from .conftest import copy_project, english_only

SPANISH_SITE = """INHERIT: mkdocs.yml
extra:
  languages: [en, es]
  clinic:
    name: Clínica del Parque
    disclaimer:
      en: This handout is for information only. Ask your physical therapist before you start.
      es: Esta hoja es solo informativa. Consulte a su fisioterapeuta antes de empezar.
    safety:
      en: Start slowly, and stop any exercise that causes pain.
      es: Empiece despacio y pare cualquier ejercicio que le cause dolor.
"""


def english_base(root: Path) -> Path:
    """The copied project's mkdocs.yml as a one-language site with plain texts (the shipped one is also Spanish):
    what a clinic's file that turns Spanish on INHERITs, so that only that file sets the languages' texts."""
    config = english_only(root)
    text = config.read_text()
    plain_texts = (("safety", "Start each exercise slowly."), ("disclaimer", "This handout is for information only."))
    for key, plain in plain_texts:
        text = re.sub(rf"    {key}:\n(      .*\n)+", f"    {key}: >-\n      {plain}\n", text, count=1)
    config.write_text(text)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = english_base(copy_project(tmp_path / "project"))
    (root / "clinic.yml").write_text(SPANISH_SITE)
    return root


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Library:
    """The shipped content on an English-only site."""
    root = english_base(copy_project(tmp_path_factory.mktemp("shipped") / "project"))
    with chdir(root):
        library, problems = read_library("mkdocs.yml")
    assert problems == []
    return library


def problems_of(project: Path, config: str = "clinic.yml") -> list[str]:
    with chdir(project):
        with pytest.raises(ContentInvalid) as caught:
            load_library(config)
    return [str(p) for p in caught.value.problems]


def spanish(project: Path) -> Library:
    with chdir(project):
        return load_library("clinic.yml").in_language("es")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def line_of(path: Path, text: str) -> int:
    return path.read_text().split("\n").index(text) + 1


# -- the shipped translations ----------------------------------------------------------------------------------


def test_every_shipped_page_is_translated_step_for_step(project: Path):
    with chdir(project):
        shipped = load_library("clinic.yml")
    words = shipped.translations["es"]
    assert set(words.exercises) == set(shipped.exercises) and set(words.programs) == set(shipped.programs)
    assert words.home is not None and words.home.title == "Ejercicios en casa"
    for slug, exercise in shipped.exercises.items():
        translated = words.exercises[slug]
        assert len(translated.steps) == len(exercise.steps), slug
        assert len(translated.cautions) == len(exercise.cautions), slug
        assert (translated.lang, translated.translated, translated.awaiting_review) == ("es", True, True)
        assert translated.source == exercise.source.replace(".md", ".es.md")
        assert translated.figure.poses == exercise.figure.poses and translated.figure.alt != exercise.figure.alt
    assert not any(e.translated for e in shipped.exercises.values())
    assert "open-books.es" not in shipped.exercises  # the English loader leaves translations alone


def test_an_english_only_site_does_not_read_its_translations(shipped: Library):
    assert shipped.languages == ("en",) and set(shipped.translations) == {"en"}
    assert "open-books.es" not in shipped.exercises


def test_in_language_keeps_every_dose_exactly(project: Path):
    with chdir(project):
        english = load_library("clinic.yml")
    es = english.in_language("es")
    assert (es.lang, es.languages) == ("es", ("en", "es"))
    for slug, exercise in english.exercises.items():
        assert es.exercises[slug].dose is exercise.dose
        assert es.exercises[slug].title != exercise.title
    for slug, program in english.programs.items():
        theirs = es.programs[slug]
        assert [i.exercise.slug for i in theirs.items] == [i.exercise.slug for i in program.items]
        assert [i.dose for i in theirs.items] == [i.dose for i in program.items]
        assert all(a.dose is b.dose for a, b in zip(theirs.items, program.items, strict=True))
        assert all(i.exercise is es.exercises[i.exercise.slug] for i in theirs.items)  # the Spanish words
    assert es.in_language("en") == english and es.in_language("en").exercises["open-books"].lang == "en"


def test_a_program_change_of_dose_stays_in_every_language(project: Path):
    edit(project / "content/programs/upper-back-pain.md", "  - open-books\n",
         "  - exercise: open-books\n    dose: {reps: 6, hold: 5}\n")
    es = spanish(project)
    [item] = [i for i in es.programs["upper-back-pain"].items if i.exercise.slug == "open-books"]
    assert (item.dose.reps, item.dose.hold, item.dose.sides) == (6, 5, "each")
    assert item.exercise.title == "Libro abierto"


def test_clinic_texts_are_per_language(project: Path):
    with chdir(project):
        english = load_library("clinic.yml")
    assert english.clinic.disclaimer.startswith("This handout")
    es = english.in_language("es")
    assert es.clinic.disclaimer == "Esta hoja es solo informativa. Consulte a su fisioterapeuta antes de empezar."
    assert es.clinic.safety.startswith("Empiece despacio")
    with pytest.raises(ValueError, match="'fr' is not one of this site's languages"):
        english.in_language("fr")


def test_an_untranslated_page_keeps_its_english_words_and_is_listed(project: Path, capsys):
    (project / "content/exercises/bridges.es.md").unlink()
    es = spanish(project)
    assert (es.exercises["bridges"].title, es.exercises["bridges"].lang) == ("Bridges", "en")
    assert not es.exercises["bridges"].translated
    assert [i.exercise.title for i in es.programs["knee-pain"].items][3] == "Bridges"
    with chdir(project):
        assert main(["-f", "clinic.yml", "check"]) == 0
    listed = [line for line in capsys.readouterr().err.splitlines() if "not translated" in line]
    assert listed == ["content/exercises/bridges.md:1: warning: not translated into Spanish: add "
                      "content/exercises/bridges.es.md; until then the Spanish site shows it in English, with a note"]


# -- what a translation may not do ----------------------------------------------------------------------------


def test_a_translation_that_carries_a_dose_is_refused_at_its_line(project: Path, capsys):
    path = project / "content/exercises/open-books.es.md"
    edit(path, "title: Libro abierto\n", "title: Libro abierto\ndose:\n  reps: 20\n")
    line = line_of(path, "dose:")
    expected = (f"content/exercises/open-books.es.md:{line}: 'dose' comes from the original, "
                "content/exercises/open-books.md: a translation holds only the words")
    assert any(p.startswith(expected) for p in problems_of(project))
    with chdir(project):
        assert main(["-f", "clinic.yml", "check"]) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err and "1 problem found." in err


@pytest.mark.parametrize(("old", "new", "key", "at"), [
    ("  alt: Vista", "  poses:\n    start: {hip: 10}\n  alt: Vista", "poses", "  poses:"),
    ("title: Libro abierto\n", "title: Libro abierto\narea: [espalda]\n", "area", "area: [espalda]"),
    ("title: Libro abierto\n", "title: Libro abierto\nvideo: https://youtu.be/dQw4w9WgXcQ\n", "video",
     "video: https://youtu.be/dQw4w9WgXcQ"),
])
def test_every_key_of_the_original_is_refused_in_a_translation(project: Path, old, new, key, at):
    path = project / "content/exercises/open-books.es.md"
    edit(path, old, new)
    [problem] = problems_of(project)
    assert problem.startswith(f"content/exercises/open-books.es.md:{line_of(path, at)}: '{key}' comes from the "
                              "original")


def test_a_picture_file_comes_from_the_original(project: Path):
    original = project / "content/exercises/open-books.md"
    (project / "content/images").mkdir()
    (project / "content/images/ob.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    edit(original, "dose:\n", "image:\n  src: images/ob.svg\n  alt: Lying on the side.\n  caption: Start.\ndose:\n")
    path = project / "content/exercises/open-books.es.md"
    edit(path, "figure:\n", "image:\n  src: images/otra.svg\n  alt: De lado.\nfigure:\n")
    src, alt = line_of(path, "  src: images/otra.svg"), line_of(path, "image:")
    problems = sorted(problems_of(project))
    assert problems[0].startswith(f"content/exercises/open-books.es.md:{alt}: the original's picture has a caption: "
                                  "translate it here")
    assert problems[1].startswith(f"content/exercises/open-books.es.md:{src}: 'src' comes from the original")
    edit(path, "  alt: De lado.\n", "  alt: De lado.\n  caption: El comienzo.\n")
    edit(path, "  src: images/otra.svg\n", "")
    image = spanish(project).exercises["open-books"].image
    assert (image.src, image.alt, image.caption) == ("images/ob.svg", "De lado.", "El comienzo.")


def test_a_wrong_number_of_steps_is_refused_at_its_line(project: Path):
    path = project / "content/exercises/childs-pose.es.md"
    text = path.read_text()
    path.write_text(text[:text.index("5. Estire")])
    last = line_of(path, "4. Relaje el cuello y apoye la frente con suavidad en el suelo.")
    [problem] = problems_of(project)
    assert problem.startswith(f"content/exercises/childs-pose.es.md:{last}: has 4 numbered steps, but the "
                              "original, content/exercises/childs-pose.md, has 5: translate each step")
    path.write_text(text + "6. Respire.\n")
    [problem] = problems_of(project)
    assert problem.startswith(f"content/exercises/childs-pose.es.md:{line_of(path, '6. Respire.')}: has 6")


def test_a_missing_caution_is_refused(project: Path):
    path = project / "content/exercises/bridges.es.md"
    edit(path, "cautions:\n  - Pare si siente dolor en la parte baja de la espalda.\n", "")
    [problem] = problems_of(project)
    assert problem.startswith("content/exercises/bridges.es.md:1: has 0 cautions, but the original has 1")


def test_a_translated_program_has_no_list_of_its_own(project: Path):
    path = project / "content/programs/knee-pain.es.md"
    edit(path, "title:", "exercises:\n  - heel-slides\ntitle:")
    [problem] = problems_of(project)
    assert problem.startswith(f"content/programs/knee-pain.es.md:{line_of(path, 'exercises:')}: 'exercises' comes "
                              "from the original, content/programs/knee-pain.md")


def test_an_unknown_key_is_refused(project: Path):
    path = project / "content/exercises/open-books.es.md"
    edit(path, "title: Libro abierto\n", "title: Libro abierto\nsumary: Gire.\n")
    [problem] = problems_of(project)
    assert problem.startswith(f"content/exercises/open-books.es.md:{line_of(path, 'sumary: Gire.')}: unknown key "
                              "'sumary' (did you mean 'summary'?)")


@pytest.mark.parametrize(("name", "message"), [
    ("open-book.es.md", "a translation without its original: content/exercises/open-book.md does not exist; a "
                        "translation sits beside the file it translates, with its name and .es before .md (did you "
                        "mean open-books.es.md?)"),
    ("open-books.fr.md", "'fr' in 'open-books.fr.md' is not a language of this project (en, es)"),
    ("open-books.en.md", "'open-books.en.md': the originals are in English; name this file open-books.md"),
])
def test_a_translation_needs_its_original_and_a_known_language(project: Path, name: str, message: str):
    (project / "content/exercises" / name).write_text((project / "content/exercises/open-books.es.md").read_text())
    [problem] = problems_of(project)
    assert problem.startswith(f"content/exercises/{name}: {message}")


def test_a_translation_waits_for_its_broken_original(project: Path):
    edit(project / "content/exercises/open-books.md", "reps: 10", "reps: ten")
    assert [p.split(":")[0] for p in problems_of(project)] == ["content/exercises/open-books.md",
                                                               "content/programs/upper-back-pain.md"]


# -- the clinic's texts ---------------------------------------------------------------------------------------


def test_a_missing_disclaimer_language_fails_at_its_line(project: Path):
    config = project / "clinic.yml"
    edit(config, "      es: Esta hoja es solo informativa. Consulte a su fisioterapeuta antes de empezar.\n", "")
    [problem] = problems_of(project)
    assert problem.startswith(f"clinic.yml:{line_of(config, '    disclaimer:')}: 'disclaimer' has no text in "
                              "Spanish (es): add 'es: …'")


def test_one_disclaimer_for_two_languages_fails(project: Path):
    config = project / "clinic.yml"
    text = config.read_text()
    config.write_text(re.sub(r"    disclaimer:\n.*\n.*\n", "    disclaimer: Information only.\n", text))
    [problem] = problems_of(project)
    assert problem.startswith(f"clinic.yml:{line_of(config, '    disclaimer: Information only.')}: the site is "
                              "built in en, es: write 'disclaimer' in each language, disclaimer: {en: …, es: …}")


def test_a_plain_disclaimer_keeps_working_in_english(tmp_path: Path):
    project = english_base(copy_project(tmp_path / "project"))
    with chdir(project):
        library = load_library()
    assert library.languages == ("en",) and library.clinic.disclaimer.startswith("This handout is for information")
    with pytest.raises(ValueError):
        library.in_language("es")


@pytest.mark.parametrize(("languages", "message"), [
    ("[en, fr]", "'fr' is not a language of this project"),
    ("[es, en]", "'languages' must start with 'en'"),
    ("[en, es, es]", "'languages' lists a language twice"),
])
def test_the_languages_are_checked(project: Path, languages: str, message: str):
    edit(project / "clinic.yml", "[en, es]", languages)
    assert any(p.startswith(f"clinic.yml:3: {message}") for p in problems_of(project))


def test_a_patients_sheet_in_spanish(project: Path, capsys):
    with chdir(project):
        assert main(["-f", "clinic.yml", "handout", "knee-pain", "-o", "hoja.html", "--lang", "es",
                     "--date", "2026-11-24"]) == 0
        html = (project / "hoja.html").read_text()
        assert main(["-f", "clinic.yml", "handout", "open-books", "-o", "x.html", "--lang", "fr"]) == 1
    assert '<html lang="es"' in html and "Programa de ejercicios para el dolor de rodilla" in html
    assert "Deslizar el talón" in html and "24 de noviembre de 2026" in html
    assert "Esta hoja es solo informativa." in html and "This handout is for information only" not in html
    assert "error: --lang fr: the site is built in en, es" in capsys.readouterr().err
    assert not (project / "x.html").exists()


def test_the_safety_text_is_needed_in_every_language_too(project: Path):
    config = project / "clinic.yml"
    config.write_text(re.sub(r"    safety:\n.*\n.*\n", "", config.read_text()))
    [problem] = problems_of(project)
    inherited = line_of(project / "mkdocs.yml", "    safety: >-")  # the one text there is, in English
    assert problem.startswith(f"mkdocs.yml:{inherited}: the site is built in en, es: write 'safety' in each "
                              "language, safety: {en: …, es: …}")
