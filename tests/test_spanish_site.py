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

from handouts.i18n.catalog import gettext
from handouts.model.dose import dose_sentence
from handouts.model.urls import LOCALIZED
from handouts.pipeline import language_libraries, validate
from handouts.site.engine import material_dir
from handouts.site.search import WORKER as SEARCH_WORKER
from handouts.site.search import material_worker
from tests.conftest import axe_violations, build_site, copy_project, english_only
from tests.conftest import visit as open_page

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
"""The Spanish catalog's words (handouts.i18n.catalog)."""


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
    """A phone-sized page at url (conftest.visit)."""
    return open_page(browser, url, **{"viewport": {"width": 390, "height": 844}, **options})


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
    """The same Dose objects as in English (handouts.model.dose.prescribed ran once), said in Spanish sentences."""
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


MARKED = """() => [...document.querySelectorAll('.md-content [lang]')].map(e =>
  `${e.tagName.toLowerCase()}${e.className ? '.' + e.className.split(' ')[0] : ''} ${e.lang}`)"""
"""Each element of the page's content that says its language, as 'tag.class lang'."""
OUTSIDE = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.textContent.trim() || !element.checkVisibility() || element.closest('[lang]').lang === 'en') continue;
    found.push(element.closest('[lang]').lang);
  }
  return [...new Set(found)];
}"""
"""The languages of the visible text outside the elements marked English."""


def test_an_untranslated_pages_english_words_are_marked_english(browser, serve, spanish, libraries):
    """A screen reader reads the exercise's own words in English, and every word the templates write around them
    (the dose sentence, "Pasos", the timer's buttons, the note, the navigation) in Spanish: lang="en" on exactly the
    title, summary, figure, steps and cautions; the marking changes nothing on screen."""
    _, site = spanish
    server = serve(site)
    english = libraries["en"].exercises[UNTRANSLATED]
    context, page, _, errors = visit(browser, server.url + f"es/exercises/{UNTRANSLATED}/")
    try:
        language_of = "e => e.closest('[lang]').getAttribute('lang')"
        assert page.locator("html").get_attribute("lang") == "es"
        assert page.locator("h1").inner_text() == english.title
        assert sorted(page.evaluate(MARKED)) == sorted(
            ["h1 en", "p.handout-summary en", "figure.pose-figure en", "div.handout-steps en", "ul en"])
        assert page.locator(".md-content ol li").first.evaluate(language_of) == "en"  # the steps
        assert page.locator(".handout-cautions li").first.inner_text() == english.cautions[0]
        assert page.evaluate(OUTSIDE) == ["es"]  # all the rest, in Spanish
        for spanish_words in ("#dose", ".handout-timer button >> nth=0", ".handout-cautions h2",
                              "h2 >> text=" + say("Steps"), ".handout-untranslated", ".md-footer .handout-disclaimer"):
            assert page.locator(spanish_words).evaluate(language_of) == "es", spanish_words
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


def test_a_translated_program_marks_its_untranslated_exercise(browser, serve, spanish, libraries):
    """On the Spanish knee program, only the untranslated exercise's own words are English: its title link, summary,
    figure, steps and cautions; the program, its other exercises, its doses and its player are Spanish."""
    _, site = spanish
    server = serve(site)
    context, page, _, errors = visit(browser, server.url + "es/programs/knee-pain/")
    try:
        assert page.locator("h1").inner_text() == libraries["es"].programs["knee-pain"].title
        marked = page.evaluate(MARKED)
        assert sorted(marked) == sorted(
            ["a en", "p.handout-summary en", "figure.pose-figure en", "div.handout-steps en", "ul en"])
        section = page.locator(f"section#{UNTRANSLATED}")
        assert section.locator("[lang=en]").count() == len(marked)  # all of them in the untranslated exercise
        assert section.locator("h3 a").inner_text() == libraries["en"].exercises[UNTRANSLATED].title
        assert section.locator(".handout-dose, .handout-timer").first.evaluate(
            "e => e.closest('[lang]').lang") == "es"
        assert page.evaluate(OUTSIDE) == ["es"]
        assert errors == [] and axe_violations(page) == []
    finally:
        context.close()


SEARCHES = {
    # typed: the page it must find (as the Spanish site links to it; the English site links to its English twin)
    "hom": "exercises/shoulder-rolls/", "hombr": "exercises/shoulder-rolls/", "hombro": "exercises/shoulder-rolls/",
    "hombros": "exercises/shoulder-rolls/", "círculos": "exercises/shoulder-rolls/",
    "shoulder": "exercises/shoulder-rolls/", "shoulders": "exercises/shoulder-rolls/",
    "rolls": "exercises/shoulder-rolls/",
    "rodillas": "programs/knee-pain/", "knees": "programs/knee-pain/",
    "hombros rodillas": "programs/knee-pain/", "shoulders knees": "exercises/shoulder-rolls/",
}
"""What a patient types, and a page it must find. Every word longer than its stem ("hombros", "shoulders", "rolls",
"rodillas") finds nothing with lunr's stemmer and material's worker alone (README, "How search stems")."""
SPANISH_WORDS = {"hom", "hombr", "hombro", "hombros", "círculos", "rodillas", "hombros rodillas"}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_search_stems_words_as_they_are_typed(browser, serve, spanish, lang: str):
    """Typed in the search box of each language's site, each word finds its page: Spanish words the Spanish page,
    English words the English one, through lunr's stemmer and our worker (handouts/site/search.py)."""
    _, site = spanish
    config = json.loads((site / "search/search_index.json").read_text())["config"]
    assert config["lang"] == ["en", "es"] and "stemmer" in config["pipeline"]
    server = serve(site)
    root = "es/" if lang == "es" else ""
    context, page, requests, errors = visit(browser, server.url + root)
    try:
        page.locator("label[for=__search]").first.click()
        box = page.locator(".md-search__input")
        for typed, target in SEARCHES.items():
            box.fill("")
            box.press("End")  # material searches on keyup: the empty box, then the whole word, one query each
            page.locator(".md-search-result__link").first.wait_for(state="detached")
            box.fill(typed)
            box.press("End")
            expected = "/" + ("es/" if typed in SPANISH_WORDS else "") + target
            found = page.wait_for_function(
                "path => [...document.querySelectorAll('.md-search-result__link')]"
                ".find(a => new URL(a.href).pathname === path)?.innerText", arg=expected).json_value()
            if target == "exercises/shoulder-rolls/":
                assert ("Círculos con los hombros" if typed in SPANISH_WORDS else "Shoulder rolls") in found, typed
        assert any("lunr.es.min.js" in u for u in requests)  # the Spanish support, from this site
        assert any(u.endswith("/assets/javascripts/workers/handouts-search.js") for u in requests)
        assert [u for u in requests if not u.startswith("http://127.0.0.1:")] == []
        assert errors == []
    finally:
        context.close()


def test_search_finds_what_it_found_without_the_stemmer_and_more(browser, serve, spanish):
    """No typed word finds less than it did with material's worker and no stemmer (what the site shipped before),
    and the words longer than their stems find their pages only through our worker: the site's own index, the
    three ways, in a real worker each."""
    _, site = spanish
    server = serve(site)
    context, page, _requests, errors = visit(browser, server.url)
    words = [*SEARCHES, "círcu", "roll", "+hombros", "sentado", "sitting", "bridges"]
    material = material_worker(material_dir())
    try:
        before = page.evaluate(SEARCH_IN_A_WORKER, [material, ["stopWordFilter"], words])
        stemmer_alone = page.evaluate(SEARCH_IN_A_WORKER, [material, ["stopWordFilter", "stemmer"], words])
        ours = page.evaluate(SEARCH_IN_A_WORKER, [SEARCH_WORKER, ["stopWordFilter", "stemmer"], words])
        for typed in words:
            assert set(before[typed]) <= set(ours[typed]), typed
            assert set(stemmer_alone[typed]) <= set(ours[typed]), typed
        for typed in ("hombros", "shoulders", "rolls", "rodillas", "hombros rodillas"):
            assert stemmer_alone[typed] == [] and ours[typed], typed  # the gap our worker closes
        assert "es/programs/knee-pain/" in ours["rodillas"] and "es/programs/knee-pain/" not in before["rodillas"]
        assert "exercises/shoulder-rolls/" in ours["shoulders"]
        assert errors == []
    finally:
        context.close()


def test_every_page_searches_in_our_worker(spanish):
    """Every page points material at our worker, which names material's, and both are in the offline copy."""
    _, site = spanish
    ours = (site / SEARCH_WORKER).read_text()
    material = material_worker(material_dir())
    first_line = ours.split("\n", 1)[0]
    assert first_line.startswith("self.HANDOUTS_SEARCH = ") and f'"{material.rsplit("/", 1)[1]}"' in first_line
    assert (site / material).is_file()
    for page in ("index.html", "es/exercises/open-books/index.html", "es/programs/knee-pain/index.html"):
        path = site / page
        config = path.read_text().split('<script id="__config" type="application/json">', 1)[1].split("</script>", 1)[0]
        worker = json.loads(config)["search"]
        assert urljoin(path.relative_to(site).as_posix(), worker) == SEARCH_WORKER, path
    settings = json.loads((site / "sw.js").read_text().split("\n", 1)[0].removeprefix("self.OFFLINE = ")[:-1])
    assert {SEARCH_WORKER, material, "assets/javascripts/lunr/min/lunr.es.min.js"} <= set(settings["files"])


SEARCH_IN_A_WORKER = """async ([worker, pipeline, words]) => {
  const index = await (await fetch("search/search_index.json")).json();
  index.config.pipeline = pipeline;
  const search = new Worker(worker);
  const ask = (message) => new Promise((answer) => {
    search.onmessage = (event) => answer(event.data);
    search.postMessage(message);
  });
  await ask({type: 0, data: {...index, options: {suggest: false}}});
  const found = {};
  for (const typed of words) found[typed] = (await ask({type: 2, data: typed})).data.items.map(g => g[0].location);
  search.terminate();
  return found;
}"""
"""Material's search worker protocol (as its bundle speaks it): the index, then one query at a time; the pages found."""


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
        page.wait_for_function("() => window.__printed > 0")
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
    from handouts.model.urls import is_translation, localized, split

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
