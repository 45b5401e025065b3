"""The words of the interface in each language: the catalogs are complete, the plural rules and the dose sentences
agree between Python and the browser, and a template in Spanish says Spanish (handouts.i18n.catalog)."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from markupsafe import Markup

from handouts.i18n import catalog as i18n
from handouts.i18n.words import BROWSER, PAGES, browser_words, page_words, plural_key
from handouts.model.dose import dose_sentence, hold_sentence, rest_sentence
from handouts.model.values import Dose
from handouts.render.templates import jinja_env

from .conftest import ROOT, page_head, page_scripts

OTHER_LANGUAGES = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT_LANGUAGE]
GRID = [
    Dose(reps=reps, sets=sets, hold=hold, hold_max=hold_max, rest=rest, sides=sides)
    for reps in (1, 2, 10) for sets in (1, 3) for hold, hold_max in ((None, None), (1, None), (15, None), (15, 30))
    for rest in (0, 1, 5) for sides in (None, "each")
]


@pytest.fixture(scope="module")
def messages() -> i18n.Messages:
    return i18n.interface_messages(ROOT)


def test_the_api_other_parts_call():
    assert i18n.LANGUAGES == ("en", "es") and i18n.DEFAULT_LANGUAGE == "en"
    assert i18n.translations("es") is i18n.translations("es")  # read once
    assert i18n.gettext("es")("Steps") == "Pasos" and i18n.gettext("en")("Steps") == "Steps"
    assert i18n.pgettext("es")("timer.start", "Start") == "Empezar"
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n.translations("fr")


def test_every_word_of_words_py_and_of_the_templates_is_found(messages):
    found = {english for (context, english) in messages if context is None}
    assert {("timer.start", "Start"), ("dose.hold", BROWSER["dose.hold"])} <= set(messages)
    assert {(key, text) for key, text in (BROWSER | PAGES).items()} <= set(messages)
    assert {"Steps", "Take care", "Stay safe:", "Tick a box for each repeat.", "Page not found", "Your week",
            "Make a sheet", "Voice and timer settings", "Important:"} <= found
    assert [where.split(":")[0] for where in messages[(None, "Steps")]] == ["templates/exercise.html"]


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_each_catalog_has_every_word_with_its_placeholders(lang, messages):
    assert i18n.catalog_problems(lang, messages) == []


def _broken_catalog(tmp_path: Path, monkeypatch, change) -> None:
    """The Spanish catalog with one change, in place of the real one."""
    with i18n.catalog_path("es").open("rb") as po:
        catalog = read_po(po, locale="es")
    change(catalog)
    locale = tmp_path / "es" / "LC_MESSAGES"
    locale.mkdir(parents=True)
    with (locale / "handouts.po").open("wb") as po:
        write_po(po, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)


def test_a_missing_or_empty_translation_fails_with_the_word_and_where_it_is_used(tmp_path, monkeypatch, messages):
    def change(catalog):
        catalog.delete("Take care")
        catalog.get("Start", context="timer.start").string = ""
    _broken_catalog(tmp_path, monkeypatch, change)
    problems = i18n.catalog_problems("es", messages)
    assert len(problems) == 2
    assert "no translation of 'Take care', used at templates/partials/cautions.html:3" in problems[1]
    assert "no translation of 'Start' (msgctxt 'timer.start'), used at handouts/i18n/words.py:" in problems[0]


def test_a_lost_or_extra_placeholder_fails(tmp_path, monkeypatch, messages):
    def change(catalog):
        catalog.get(BROWSER["dose.repeatSides"], context="dose.repeatSides").string = "Repita 10 veces de cada lado."
        catalog.get("Timer for %(title)s").string = "Temporizador de %(title)s para %(name)s"
    _broken_catalog(tmp_path, monkeypatch, change)
    problems = i18n.catalog_problems("es", messages)
    assert any("'Repeat {n} times on each side.' (msgctxt 'dose.repeatSides') has [], the English ['{n}']" in p
               for p in problems), problems
    assert any("'Timer for %(title)s' has ['%(name)s', '%(title)s'], the English ['%(title)s']" in p
               for p in problems), problems
    assert len(problems) == 2


def test_the_catalog_is_marked_for_review_and_nothing_in_it_is_fuzzy():
    text = i18n.catalog_path("es").read_text(encoding="utf-8")
    assert "AWAITING REVIEW" in text.split("msgid")[0] and "qualified" in text.split("msgid")[0]
    with i18n.catalog_path("es").open("rb") as po:
        catalog = read_po(po)
    assert [m.id for m in catalog if m.id and m.fuzzy] == []  # gettext would ignore them


def test_english_is_the_words_themselves_and_spanish_whole_sentences():
    for dose in GRID:
        assert dose_sentence(dose, "en") == dose_sentence(dose)
    assert page_words("en") == BROWSER | PAGES
    assert dose_sentence(Dose(reps=10, sides="each")) == "Repeat 10 times on each side."
    assert dose_sentence(Dose(reps=10, sides="each"), "es") == "Repita 10 veces de cada lado."
    assert dose_sentence(Dose(reps=3, hold=1, sets=2), "es") == \
        "Mantenga 1 segundo y luego relájese. Repita 3 veces. Haga 2 series."
    assert dose_sentence(Dose(reps=1, hold=15, hold_max=30), "es") == \
        "Mantenga de 15 a 30 segundos y luego relájese. Hágalo una vez."
    assert hold_sentence(Dose(reps=3, hold=20), "es") == "Mantenga 20 segundos cada vez."
    assert rest_sentence(Dose(reps=3, rest=1), "es") == "Descanse 1 segundo antes de repetir."
    assert plural_key("dose.hold", 1, "es") == "dose.holdOne" and plural_key("dose.hold", 0, "es") == "dose.hold"
    assert plural_key("dose.hold", 1_000_000, "es") == "dose.hold"  # CLDR's 'many': no sentence of its own


def test_browser_words_are_the_languages_and_safe_in_a_script():
    spanish = browser_words("es")
    assert isinstance(spanish, Markup) and '"timer.start": "Empezar"' in spanish and "</" not in spanish
    assert '"timer.start": "Start"' in browser_words()
    assert '"video.heading"' not in spanish  # the pages' words stay in the pages


def test_a_template_in_spanish_says_spanish():
    env = jinja_env([ROOT / "templates"], lang="es")
    dose = Dose(reps=10, sides="each", hold=5, rest=5)
    html = env.from_string(
        '{% include "partials/dose.html" %}{% include "partials/cautions.html" %}'
        '{% include "partials/timer-print.html" %}{{ _("Timer for %(title)s", title=title) }}'
    ).render(dose=dose, item={"frequency": None, "equipment": ["una silla"], "cautions": ["Pare si le duele."]},
             level=2, qr=None, title="<Libro>")
    assert "Repita 10 veces de cada lado." in html and "Necesita: una silla." in html
    assert "Tenga cuidado" in html and "Marque una casilla por cada repetición." in html
    assert "Mantenga 5 segundos cada vez. Descanse 5 segundos antes de repetir." in html
    assert "Lado derecho" in html and "Temporizador de &lt;Libro&gt;" in html  # newstyle gettext escapes values
    english = jinja_env([ROOT / "templates"]).from_string('{{ _("Timer for %(title)s", title=t) }}').render(t="<b>")
    assert english == "Timer for &lt;b&gt;"


@pytest.mark.parametrize(("lang", "reps", "alt"), [
    ("en", 1, "1 box"), ("en", 3, "3 boxes"), ("es", 1, "1 casilla"), ("es", 3, "3 casillas"),
])
def test_counted_words_agree_with_their_number(lang, reps, alt):
    """ngettext picks the catalog's plural form: "1 box", never "1 boxes"."""
    env = jinja_env([ROOT / "templates"], lang=lang)
    html = env.get_template("partials/timer-print.html").render(dose=Dose(reps=reps), qr=None)
    assert f'alt="{alt}"' in html


def test_days_and_lists_come_from_cldr_and_the_catalog():
    env = jinja_env([ROOT / "templates"], lang="es")
    assert env.globals["week_days"][0] == ("lun", "lunes")
    assert env.from_string("{{ ['MO', 'WE', 'FR'] | day_names | and_list }}").render() == "lunes, miércoles y viernes"
    english = jinja_env([ROOT / "templates"])
    assert english.globals["week_days"][6] == ("Sun", "Sunday")
    assert english.from_string("{{ ['MO', 'TH'] | day_names | and_list }}").render() == "Monday and Thursday"


@pytest.fixture(scope="module")
def page_in(browser):
    """page_in(lang): a blank page in that language, with its words and the timer's script."""
    pages = []

    def open_page(lang: str):
        page = browser.new_page()
        page.set_content(f'<!doctype html><html lang="{lang}"><head>{page_head(lang)}</head><body></body></html>')
        for script in page_scripts("timer.js"):
            page.add_script_tag(content=(ROOT / "templates" / script).read_text(encoding="utf-8"))
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        page.close()


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_python_and_the_browser_choose_the_same_cldr_plural(page_in, lang):
    page = page_in(lang)
    browser = page.evaluate(
        "n => [...Array(n).keys()].map(i => new Intl.PluralRules(document.documentElement.lang).select(i))", 201)
    assert browser == [i18n.plural_category(lang, n) for n in range(201)]
    # The timer chooses its sentences by them: 1 has its own ('one'), 0 and 2 take the general one ('other').
    assert page.evaluate("[0, 1, 2].map(n => HandoutWords.pluralKey('dose.hold', n))") == \
        ["dose.hold", "dose.holdOne", "dose.hold"]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_timer_says_each_dose_as_python_does(page_in, lang):
    page = page_in(lang)
    said = page.evaluate("doses => doses.map(d => HandoutTimer.doseSentence(d))",
                         [dataclasses.asdict(d) for d in GRID])
    assert said == [dose_sentence(d, lang) for d in GRID]


def test_an_installed_copy_carries_the_catalogs():
    """pip installs what pyproject's package-data names: each catalog is among those files (the .po itself: it is
    compiled in memory, so there is no .mo to keep in step)."""
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["handouts"]
    shipped = {path for pattern in patterns for path in (ROOT / "handouts").glob(pattern)}
    assert {i18n.catalog_path(lang) for lang in OTHER_LANGUAGES} <= shipped
