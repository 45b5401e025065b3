"""The site in Spanish, under /es/: every kind of page in a real Chromium, its switcher, search, the sheet, offline.

One build of the shipped site, which is in English and Spanish (mkdocs.yml: `extra.languages: [en, es]` and the
clinic's words in both), with one translation taken away, so that one page is published in English with the note
that says so.
"""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pypdf
import pytest

from handouts.dose import dose_sentence
from handouts.i18n import gettext
from handouts.languages import LOCALIZED
from handouts.pipeline import language_libraries, validate
from tests.conftest import axe_violations, build_site, copy_project, english_only

CONFIG = "mkdocs.yml"
"""The shipped site, in English and Spanish (README: how a clinic turns a language on)."""
UNTRANSLATED = "bridges"
"""The exercise whose translation this build leaves out."""
PAGES = {
    "home": "es/",
    "exercise": "es/exercises/open-books/",
    "program": "es/programs/upper-back-pain/",
    "area": "es/areas/upper-back/",
    "exercises": "es/exercises/",
    "sheet": "es/sheet/",
    "log": "es/log/",
}
say = gettext("es")
"""The Spanish catalog's words (handouts.i18n)."""


@pytest.fixture(scope="module")
def spanish(tmp_path_factory) -> tuple[Path, Path]:
    """(project, site): the shipped content built in English and Spanish, bridges left untranslated."""
    project = copy_project(tmp_path_factory.mktemp("spanish") / "project")
    (project / "content" / "exercises" / f"{UNTRANSLATED}.es.md").unlink()
    return project, build_site(project, config=CONFIG)


@pytest.fixture(scope="module")
def libraries(spanish):
    project, _ = spanish
    return language_libraries(validate(project / CONFIG, gate=False)[0])


@pytest.fixture(scope="module")
def disclaimer_es(libraries) -> str:
    """The clinic's Spanish disclaimer, as a patient reads it (one line)."""
    assert libraries["es"].clinic.disclaimer != libraries["en"].clinic.disclaimer
    return words(libraries["es"].clinic.disclaimer)


def visit(browser, url: str, **options):
    """A phone-sized page at url, with the requests it made and the console errors it logged."""
    context = browser.new_context(**{"viewport": {"width": 390, "height": 844}, **options})
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page, requests, errors


def words(text: str) -> str:
    return " ".join(text.split())


# -- every kind of page ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", PAGES)
def test_a_spanish_page_of_each_kind(browser, serve, spanish, disclaimer_es, kind: str):
    _, site = spanish
    server = serve(site)
    context, page, requests, errors = visit(browser, server.url + PAGES[kind])
    try:
        assert page.locator("html").get_attribute("lang") == "es"
        assert disclaimer_es in words(page.locator(".md-footer .handout-disclaimer").inner_text())
        assert page.locator(".handout-language-bar").is_visible()
        # Material's own words follow the page's language too (its Spanish catalog).
        assert page.locator(".md-search__input").get_attribute("placeholder") == "Búsqueda"
        alternates = {a.get_attribute("hreflang"): a.get_attribute("href")
                      for a in page.locator("link[hreflang]").all()}
        assert {lang: urljoin(page.url, href) for lang, href in alternates.items()} == {
            "en": server.url + PAGES[kind].removeprefix("es/"), "es": server.url + PAGES[kind]}
        assert [u for u in requests if not u.startswith("http://127.0.0.1:")] == []
        assert errors == []
        assert axe_violations(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("kind", PAGES)
def test_the_switcher_keeps_you_on_the_same_page(browser, serve, spanish, kind: str):
    """English and back by keyboard: real links, each in its own language, to the very same page."""
    _, site = spanish
    server = serve(site)
    context, page, _requests, errors = visit(browser, server.url + PAGES[kind])
    try:
        switcher = page.get_by_role("navigation", name="Idioma")
        assert switcher.get_by_text("Español").get_attribute("aria-current") == "page"
        english = switcher.get_by_role("link", name="English", exact=True)
        assert (english.get_attribute("hreflang"), english.get_attribute("lang")) == ("en", "en")
        english.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(server.url + PAGES[kind].removeprefix("es/"))
        assert page.locator("html").get_attribute("lang") == "en"
        spanish_link = page.get_by_role("navigation", name="Language").get_by_role("link", name="Español")
        assert (spanish_link.get_attribute("hreflang"), spanish_link.get_attribute("lang")) == ("es", "es")
        spanish_link.click()
        page.wait_for_url(server.url + PAGES[kind])
        assert page.locator("html").get_attribute("lang") == "es"
        assert errors == []
    finally:
        context.close()


def test_the_doses_are_the_clinicians_in_spanish_words(spanish, libraries):
    """The same Dose objects as in English (handouts.dose.prescribed ran once), said in Spanish sentences."""
    _, site = spanish
    english, spanish_lib = libraries["en"], libraries["es"]
    books = spanish_lib.exercises["open-books"]
    assert books.dose == english.exercises["open-books"].dose and books.translated
    text = words(strip_tags((site / "es/exercises/open-books/index.html").read_text()))
    assert dose_sentence(books.dose, "es") in text
    assert dose_sentence(books.dose, "es") != dose_sentence(books.dose, "en")
    assert dose_sentence(books.dose, "en") not in text
    assert books.title in text and english.exercises["open-books"].title not in text
    program = spanish_lib.programs["upper-back-pain"]
    text = words(strip_tags((site / "es/programs/upper-back-pain/index.html").read_text()))
    for item, original in zip(program.items, english.programs["upper-back-pain"].items, strict=True):
        assert item.dose is original.dose  # the program's own doses, not the exercises'
        assert item.exercise.title in text and dose_sentence(item.dose, "es") in text


def test_links_on_spanish_pages_stay_in_spanish(spanish):
    """Every link from a page under /es/ to a page or a PDF stays under /es/, but the switcher's to English."""
    _, site = spanish
    pages = sorted((site / "es").rglob("*.html"))
    assert len(pages) == len([p for p in site.rglob("*.html") if not p.is_relative_to(site / "es")]) - 1  # 404
    for path in pages:
        page_url = "/" + path.relative_to(site).as_posix()
        for href, hreflang in links(path.read_text(encoding="utf-8")):
            target = urlsplit(urljoin(page_url, href)).path.lstrip("/")
            if not href or href.startswith(("#", "http", "mailto:", "tel:")) or hreflang == "en":
                continue
            first = target.split("/", 1)[0]
            if first in LOCALIZED and target not in ("", "index.html"):
                pytest.fail(f"{page_url} links to {target}, outside /es/")
            if first == "es" and not target.startswith("es/pdf/"):  # this build has no PDFs: test_spanish_pdf
                assert (site / target).exists() or (site / target / "index.html").exists(), (page_url, target)


def test_an_untranslated_page_is_english_under_es_with_a_note(spanish, libraries):
    _, site = spanish
    note = say("This page has not been translated yet, so it is in English.")
    assert note != "This page has not been translated yet, so it is in English."  # the catalog has it
    bridges = strip_tags((site / f"es/exercises/{UNTRANSLATED}/index.html").read_text())
    assert note in words(bridges)
    assert libraries["en"].exercises[UNTRANSLATED].title in bridges  # the English words, under /es/
    assert dose_sentence(libraries["es"].exercises[UNTRANSLATED].dose, "es") in words(bridges)
    assert note not in words(strip_tags((site / "es/exercises/open-books/index.html").read_text()))


def test_an_untranslated_pages_english_words_are_marked_english(browser, serve, spanish, libraries):
    """A screen reader reads the English words of an untranslated page in English: lang="en" on its content, while
    the page, its note and its navigation stay Spanish; the marking changes nothing on screen."""
    _, site = spanish
    server = serve(site)
    english = libraries["en"].exercises[UNTRANSLATED]
    context, page, _, errors = visit(browser, server.url + f"es/exercises/{UNTRANSLATED}/")
    try:
        language_of = "e => e.closest('[lang]').getAttribute('lang')"
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.locator("h1").inner_text() == english.title
        assert page.locator("h1").evaluate(language_of) == "en"
        assert page.locator(".md-content ol li").first.evaluate(language_of) == "en"  # the steps
        assert page.locator(".handout-untranslated").evaluate(language_of) == "es"
        assert page.locator(".md-footer .handout-disclaimer").evaluate(language_of) == "es"
        assert page.locator(".md-content").count() == 1
        box = page.locator(".md-content").bounding_box()
        assert box is not None and box["width"] > 300
        assert errors == [] and axe_violations(page) == []
    finally:
        context.close()
    context, page, _, _ = visit(browser, server.url + "es/exercises/open-books/")
    try:
        assert page.locator("h1").evaluate("e => e.closest('[lang]').getAttribute('lang')") == "es"
        # Nothing but the switcher's "English" is marked English on a translated page.
        assert page.locator("[lang=en]").count() == page.locator(".handout-language [lang=en]").count() == 1
        translated = page.locator(".md-content").bounding_box()
        assert translated is not None  # the content as wide as on a translated page, in the same place across
        assert (translated["x"], translated["width"]) == (box["x"], box["width"])
    finally:
        context.close()


def test_search_finds_spanish_words(browser, serve, spanish):
    """Material's search with lunr's Spanish support: 'hombro' finds 'Círculos con los hombros', in Spanish."""
    _, site = spanish
    config = json.loads((site / "search/search_index.json").read_text())["config"]
    assert config["lang"] == ["en", "es"]
    server = serve(site)
    context, page, requests, errors = visit(browser, server.url + "es/")
    try:
        page.locator("label[for=__search]").first.click()
        page.locator(".md-search__input").press_sequentially("hombro")
        first = page.locator(".md-search-result__link").first
        first.wait_for()
        assert urlsplit(first.get_attribute("href")).path == "/es/exercises/shoulder-rolls/"
        assert "Círculos con los hombros" in first.inner_text()
        assert any("lunr.es.min.js" in u for u in requests)  # the Spanish support, from this site
        assert [u for u in requests if not u.startswith("http://127.0.0.1:")] == []
        assert errors == []
    finally:
        context.close()


def test_the_spanish_sheet_prints_in_spanish(browser, serve, spanish, libraries, disclaimer_es):
    """/es/sheet/ chooses from the Spanish exercises and prints their Spanish parts, with the Spanish disclaimer."""
    _, site = spanish
    server = serve(site)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed++; };")
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    try:
        page.goto(server.url + "es/sheet/")
        books = libraries["es"].exercises["open-books"]
        page.get_by_label(books.title, exact=True).check()
        sentence = page.get_by_role("group", name=books.title, exact=True).locator(".sheet-item__sentence")
        assert sentence.inner_text() == dose_sentence(books.dose, "es")
        page.get_by_role("button", name=say("Print"), exact=True).click()
        page.wait_for_function("window.__printed > 0")
        text = [words(p.extract_text()) for p in pypdf.PdfReader(io.BytesIO(
            page.pdf(prefer_css_page_size=True))).pages]
        assert any(dose_sentence(books.dose, "es") in t for t in text)
        assert all(disclaimer_es[:60] in t for t in text), text
        assert server.url + "es/sheet/parts/open-books.htm" in asked
        assert [u for u in asked if not u.startswith("http://127.0.0.1:")] == []
    finally:
        context.close()


def test_offline_keeps_the_spanish_pages_but_not_their_pdfs(spanish):
    _, site = spanish
    settings = json.loads((site / "sw.js").read_text().split("\n", 1)[0].removeprefix("self.OFFLINE = ")[:-1])
    files = set(settings["files"])
    assert {"es/", "es/exercises/open-books/", "es/sheet/", "es/log/", "es/sheet/exercises.json"} <= files
    assert not [f for f in files if f.startswith(("es/pdf/", "pdf/"))]


def test_the_sheet_index_and_parts_are_spanish(spanish, libraries):
    _, site = spanish
    index = json.loads((site / "es/sheet/exercises.json").read_text())
    titles = {e["slug"]: e["title"] for e in index["exercises"]}
    assert titles["open-books"] == libraries["es"].exercises["open-books"].title
    part = (site / "es/sheet/parts/open-books.htm").read_text()
    assert dose_sentence(libraries["es"].exercises["open-books"].dose, "es") in words(strip_tags(part))
    assert 'lang="es"' in (site / "es/sheet/index.html").read_text()[:200]


def test_where_each_languages_pages_live():
    """Values in memory: a page's address in a language, and which content files are translations."""
    from handouts.languages import is_translation, localized, split

    assert localized("areas/upper-back/", "es") == "es/areas/upper-back/"
    assert localized("pdf/exercises/open-books.pdf", "es") == "es/pdf/exercises/open-books.pdf"
    assert localized("", "es") == localized(".", "es") == "es/"
    assert localized("sheet/exercises.json", "es") == "es/sheet/exercises.json"
    for shared in ("assets/site.css", "images/x.svg", "search/search_index.json", "sw.js", "manifest.webmanifest",
                   "es/log/", "https://example.org/exercises/", "#timer", "/exercises/"):
        assert localized(shared, "es") == shared
    assert localized("exercises/", "en") == "exercises/"
    assert split("es/exercises/open-books.md") == ("es", "exercises/open-books.md")
    assert split("exercises/es.md") == ("en", "exercises/es.md") and split("es") == ("en", "es")
    assert is_translation("exercises/open-books.es.md") and not is_translation("exercises/v1.2.md")


# -- helpers -------------------------------------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href") is not None:
            self.found.append((values["href"] or "", values.get("hreflang")))


def links(html: str) -> list[tuple[str, str | None]]:
    parser = _Links()
    parser.feed(html)
    return parser.found


def strip_tags(html: str) -> str:
    from markupsafe import Markup

    body = html.split("<body", 1)[-1]
    return Markup(body).striptags()


def test_spanish_pages_are_gated_in_spanish(tmp_path):
    """A translation too hard to read stops the build at its own file, scored with the Spanish formula."""
    from handouts.errors import ContentInvalid

    project = copy_project(tmp_path / "project")
    books = project / "content" / "exercises" / "open-books.es.md"
    front, _, body = books.read_text().rpartition("---\n")
    hard = ("Considerando las circunstancias particularmente desfavorables, extienda progresivamente la "
            "extremidad superior contralateral manteniendo simultáneamente la estabilización escapulotorácica "
            "correspondiente durante la totalidad del recorrido articular disponible.")
    steps = [line for line in body.splitlines() if line[:1].isdigit()]
    books.write_text(front + "---\n\n" + "\n".join(f"{n}. {hard}" for n in range(1, len(steps) + 1)) + "\n")
    # The site in English only: the translation is not published, so it is not gated.
    validate(english_only(project, to="english.yml"), gate=True)
    with pytest.raises(ContentInvalid) as raised:
        validate(project / CONFIG, gate=True)
    assert raised.value.problems and all(
        p.path.endswith("content/exercises/open-books.es.md") for p in raised.value.problems)
