"""The last English words on Spanish output (issue 17): body areas, a program's frequency, the sheet's plain title
and footer, the preview's error page, and the addresses `build.py handout --lang es` prints.

Values first (the frequency sentences, the footer, the error page), then the check of `extra.areas` and what
`check` lists as untranslated, then one build of the shipped site and two Spanish handouts read back.
"""

from __future__ import annotations

import json
import re
from contextlib import chdir
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.cli import main
from handouts.content.translations import audit
from handouts.errors import Problem
from handouts.i18n.catalog import gettext
from handouts.model.schedule import frequency_words
from handouts.patient.sheet import self_contained, sheet_heading
from handouts.pipeline import validate
from handouts.site.pages import problems_page
from tests.conftest import build_site, copy_project, run_build_py
from tests.test_prescription import qr_codes

SITE_URL = "https://clinic.example/hep/"
say = gettext("es")


# -- values ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "spanish"), [
    ("once a day", "Una vez al día"),
    ("Once a day.", "Una vez al día"),
    ("daily", "Una vez al día"),
    ("twice a day", "2 veces al día"),
    ("3 times a day", "3 veces al día"),
    ("4x per day", "4 veces al día"),
    ("once a week", "Una vez por semana"),
    ("3 times a week", "3 veces por semana"),
])
def test_a_frequency_the_schedule_reads_is_a_whole_spanish_sentence_per_plural_form(written, spanish):
    assert frequency_words(written, "es") == spanish
    assert frequency_words(written, "en") == written  # English: the clinician's words, exactly


@pytest.mark.parametrize("written", ["twice a day, after a warm shower", "ten times a day", "when it feels stiff"])
def test_a_frequency_with_more_than_how_often_is_not_said_in_spanish(written):
    assert frequency_words(written, "es") is None
    assert frequency_words(written, "en") == written


def test_the_sheets_plain_title_and_its_browser_footer_come_from_the_catalog():
    assert sheet_heading(None, "es")["title"] == "Sus ejercicios en casa" == say("Your home exercises")
    assert sheet_heading(None)["title"] == "Your home exercises"
    html = "<html><head></head><body></body></html>"
    spanish = self_contained(html, [], "file:///", None, "Solo informativa.", lang="es")
    english = self_contained(html, [], "file:///", None, "For information only.")
    assert '"P\\e1 gina " counter(page) " de " counter(pages)' in spanish  # Página {page} de {pages}
    assert 'content: "Importante: Solo informativa."' in spanish and "Page" not in spanish
    assert '"Page " counter(page) " of " counter(pages)' in english
    assert 'content: "Important: For information only."' in english


def test_the_previews_error_page_comes_from_the_catalog_with_plural_forms():
    problem = Problem("content/exercises/a.md", 3, "bad <dose>", "reps: many")
    one, two = problems_page([problem], "es"), problems_page([problem, problem], "es")
    assert '<html lang="es">' in one and "<h1>1 problema por corregir</h1>" in one
    assert "<h1>2 problemas por corregir</h1>" in two
    assert say("The preview shows the site again as soon as these are fixed and saved.") in one
    english = problems_page([problem])
    assert "<h1>1 problem to fix</h1>" in english and "content/exercises/a.md:3" in english
    assert "bad &lt;dose&gt;" in english


# -- extra.areas and check ------------------------------------------------------------------------------------


def set_areas(project: Path, areas: str) -> None:
    """Replace the shipped `extra.areas:` block (the last key of mkdocs.yml) with `areas`."""
    config = project / "mkdocs.yml"
    text = config.read_text()
    start = text.index("\n  areas:\n")
    config.write_text(text[:start + 1] + areas)


def test_a_wrong_area_name_is_refused_and_an_unknown_area_warned_at_its_line(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    set_areas(project, "  areas:\n    kne: {es: Rodilla}\n    upper back: {es: Espalda, fr: Dos}\n"
                       "    neck: Cuello\n    knee: Rodilla\n")
    lines = (project / "mkdocs.yml").read_text().splitlines()
    result = run_build_py(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    out = result.stdout + result.stderr
    assert f"mkdocs.yml:{lines.index('    kne: {es: Rodilla}') + 1}: warning: no exercise has the area 'kne'" in out
    assert "did you mean 'knee'" in out
    assert f"mkdocs.yml:{lines.index('    upper back: {es: Espalda, fr: Dos}') + 1}:" in out and "fr" in out
    neck = lines.index("    neck: Cuello") + 1
    assert f"mkdocs.yml:{neck}: warning: no exercise has the area 'neck'" in out  # an inherited file's, maybe
    assert f"mkdocs.yml:{neck + 1}: write the names of 'knee' per language" in out


def test_an_area_without_a_spanish_name_falls_back_to_english_and_check_lists_it(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    set_areas(project, "  areas:\n    knee: {es: Rodilla}\n")
    program = project / "content" / "programs" / "knee-pain.md"
    program.write_text(program.read_text().replace("frequency: once a day", "frequency: once a day, before bed"))
    library = validate(project / "mkdocs.yml", gate=False)[0]
    spanish = library.in_language("es")
    assert spanish.area_title("upper back") == "Upper back" and spanish.area_title("knee") == "Rodilla"
    assert library.area_title("knee") == "Knee"
    messages = [f"{p.path}:{p.line}: {p.message}" for p in audit(library)]
    assert any("the area 'upper back' has no Spanish name" in m for m in messages)
    assert not any("the area 'knee'" in m for m in messages)
    closing = (project / "content/programs/knee-pain.es.md").read_text().split("\n").index("---", 1) + 1
    assert any(f"programs/knee-pain.es.md:{closing}: no 'frequency' in Spanish" in m
               and "'once a day, before bed'" in m for m in messages)
    result = run_build_py(project, "check")
    assert result.returncode == 0 and "the area 'upper back' has no Spanish name" in result.stdout + result.stderr


def test_the_shipped_areas_and_frequencies_are_all_translated():
    library = validate(Path(__file__).parent.parent / "mkdocs.yml", gate=False)[0]
    untranslated = [p.message for p in audit(library) if "area" in p.message or "frequency" in p.message]
    assert untranslated == []


# -- the site -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The shipped site in English and Spanish, the upper back program done twice a day."""
    project = copy_project(tmp_path_factory.mktemp("words") / "project")
    program = project / "content" / "programs" / "upper-back-pain.md"
    text = program.read_text()
    assert text.startswith("---\n") and "\nfrequency:" not in text
    program.write_text("---\nfrequency: twice a day\n" + text.removeprefix("---\n"))
    return build_site(project)


def text_of(path: Path) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", path.read_text()).split())


def test_spanish_pages_name_the_areas_in_spanish_at_the_same_addresses(site: Path):
    area = (site / "es" / "areas" / "knee" / "index.html").read_text()
    assert "<title>Rodilla" in area and "Ejercicios para rodilla" in text_of(site / "es/areas/knee/index.html")
    nav = re.findall(r'<a href="([^"]*)" class="md-nav__link[^"]*">\s*(?:<[^>]+>\s*)*([^<]+?)\s*<', area)
    assert ("./", "Rodilla") in nav and ("../upper-back/", "Parte alta de la espalda") in nav
    exercise = text_of(site / "es" / "exercises" / "quad-sets" / "index.html")
    assert f"{say('Areas:')} Rodilla" in exercise and "Knee" not in exercise
    home = text_of(site / "es" / "index.html")
    assert "Parte alta de la espalda" in home and "Upper back" not in home
    english = text_of(site / "exercises" / "quad-sets" / "index.html")
    assert "Areas: Knee" in english and "Rodilla" not in english
    index = json.loads((site / "es" / "sheet" / "exercises.json").read_text())
    assert index["areas"] == ["Parte alta de la espalda", "Rodilla"]  # the sheet builder's area filter
    assert json.loads((site / "sheet" / "exercises.json").read_text())["areas"] == ["Knee", "Upper back"]


def test_spanish_pages_say_the_frequency_and_english_pages_print_it_as_written(site: Path):
    assert "2 veces al día" in text_of(site / "es" / "programs" / "upper-back-pain" / "index.html")
    assert "Una vez al día" in text_of(site / "es" / "programs" / "knee-pain" / "index.html")
    assert "twice a day" in text_of(site / "programs" / "upper-back-pain" / "index.html")
    assert "once a day" in text_of(site / "programs" / "knee-pain" / "index.html")
    heading = text_of(site / "es" / "sheet" / "parts" / "heading" / "upper-back-pain.htm")
    assert f"{say('How often:')} 2 veces al día" in heading
    assert "Sus ejercicios en casa" in text_of(site / "es" / "sheet" / "parts" / "heading" / "_none.htm")
    assert "Your home exercises" in text_of(site / "sheet" / "parts" / "heading" / "_none.htm")


# -- build.py handout --lang es ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def handouts(tmp_path_factory) -> tuple[Path, Path]:
    """(project, folder): the shipped project with a site_url; two Spanish handouts made in it."""
    folder = tmp_path_factory.mktemp("handout-es")
    project = copy_project(folder / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_name:", f"site_url: {SITE_URL}\nsite_name:", 1))
    with chdir(project):
        assert main(["-q", "handout", "knee-pain", "--lang", "es", "-o", "program.pdf"]) == 0
        assert main(["-q", "handout", "open-books", "bridges", "--lang", "es", "-o", "plain.html"]) == 0
    return project, folder


def test_a_spanish_handouts_qr_codes_open_the_spanish_pages(handouts):
    project, folder = handouts
    codes = qr_codes(project / "program.pdf", folder)
    assert codes and all(code.startswith(f"{SITE_URL}es/") for code in codes), codes
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(project / "program.pdf").pages)
    assert f"{say('How often:')} Una vez al día" in text and "once a day" not in text


def test_a_spanish_html_sheet_has_its_plain_title_footer_and_links_in_spanish(handouts):
    project, _ = handouts
    html = (project / "plain.html").read_text()
    assert "Sus ejercicios en casa" in html and "Your home exercises" not in html
    assert '"P\\e1 gina " counter(page) " de " counter(pages)' in html and 'content: "Importante: ' in html
    links = re.findall(r'https://clinic\.example/[^"<\s]*', html)  # printed under each QR code
    assert len(links) >= 2 and all(link.startswith(f"{SITE_URL}es/exercises/") for link in links), links
