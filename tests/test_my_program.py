"""The personal program page (/my-program/#p=…) as a patient uses it, in a real Chromium at phone size.

Each exercise shows as on a program page (the same partial, made by the build: figure, steps, cautions) with the
link's dose, its timer, the pain question and the log; "Keep this program on this phone" and "Forget it"; the page
with no link; the home-screen icon (the manifest's start_url), online and with no signal; and the clinicians' tools,
out of the patient's menu and linked from the footer. English and Spanish.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from handouts.model.dose import dose_sentence
from handouts.model.values import Dose

from .conftest import axe_violations, build_site, copy_project, english_only
from .test_offline import open_and_wait_for_the_copy
from .test_timer import watch

PHONE = {"viewport": {"width": 390, "height": 844}}
LINK = [["bridges", "reps=8&hold=5"], ["open-books", "reps=4&sides=each"]]
"""Two exercises, each with a dose its program does not prescribe: bridges (with cautions), then open books."""
DOSES = {"bridges": Dose(reps=8, hold=5), "open-books": Dose(reps=4, sides="each")}
PROGRAM_OF = {"bridges": "knee-pain", "open-books": "upper-back-pain"}
NONE = {"en": "There is no program on this page. To see yours, open the link your clinic gave you, or scan the QR "
              "code on your sheet.",
        "es": "No hay ningún programa en esta página. Para ver el suyo, abra el enlace que le dio su clínica o "
              "escanee el código QR de su hoja."}
DAMAGED = "This link is damaged or incomplete, so it cannot show a program. Ask your clinic for a new link."
KEEP, FORGET = "Keep this program on this phone", "Forget it"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The shipped site, in English and Spanish."""
    return build_site(copy_project(tmp_path_factory.mktemp("my-program") / "project"))


@pytest.fixture
def phone(browser, serve, site):
    """phone(path='my-program/', clock=False) -> (page, problems): a new page at phone size in one browser (one
    phone: the pages share its storage); requests that would leave the site are refused and counted as problems."""
    server = serve(site)
    context = browser.new_context(**PHONE, service_workers="block")
    problems: list[str] = []

    def open_page(path: str = "my-program/", clock: bool = False):
        page = context.new_page()
        watch(context, page, problems)
        if clock:
            page.clock.install(time=0)
        page.goto(path if path.startswith("http") else server.url + path)
        page.wait_for_load_state("networkidle")
        return page, problems

    open_page.url = server.url
    yield open_page
    context.close()


def link_to(page, path: str = "my-program/", exercises=LINK) -> str:
    """The personal link to `exercises` on this site, made by the page's own encoder."""
    code = page.evaluate("e => HandoutLink.encode({exercises: e})", exercises)
    return urljoin(page.url, "/") + path + "#p=" + code


def shown(section) -> dict:
    """What an exercise's block shows a patient, from its summary to its cautions."""
    cautions = section.locator(".handout-cautions")
    figure = section.locator("figure.pose-figure")
    return {
        "summary": section.locator(".handout-summary").inner_text(),
        "figure": figure.locator("svg").get_attribute("aria-label"),
        "caption": figure.locator("figcaption").inner_text(),
        "steps": section.locator(".handout-steps").inner_text(),
        "cautions": cautions.inner_text() if cautions.count() else None,
        "equipment and frequency": section.locator(".handout-dose p:not(.handout-dose__sentence)").all_inner_texts(),
    }


def program_page_blocks(page, base: str, lang: str) -> dict[str, dict]:
    """Each exercise of LINK as its program page shows it, with the program's dose sentence."""
    found = {}
    for slug, program in PROGRAM_OF.items():
        page.goto(f"{base}{'' if lang == 'en' else lang + '/'}programs/{program}/")
        section = page.locator(f"section.handout-exercise#{slug}")
        found[slug] = {**shown(section), "dose": section.locator(".handout-dose__sentence").inner_text()}
    return found


@pytest.mark.parametrize("lang", ["en", "es"])
def test_each_exercise_shows_as_on_its_program_page_with_the_links_dose(phone, lang):
    page, problems = phone()
    at = "" if lang == "en" else f"{lang}/"
    url = link_to(page, at + "my-program/")
    expected = program_page_blocks(page, phone.url, lang)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(url)
    start = "Start the whole program" if lang == "en" else "Empezar todo el programa"
    page.get_by_role("button", name=start).wait_for()
    sections = page.locator(".handout-personal__list > section.handout-exercise")
    assert sections.count() == 2
    for n, (slug, dose) in enumerate(LINK, 1):
        section = sections.nth(n - 1)
        assert section.get_attribute("id") == slug
        assert re.fullmatch(rf"{n}\. \S.*", section.locator("h3").inner_text())
        assert f"exercises/{slug}/#timer" in section.locator("h3 a").get_attribute("href")  # its page, this dose
        assert shown(section) == {k: v for k, v in expected[slug].items() if k != "dose"}, slug
        sentence = section.locator(".handout-dose__sentence").inner_text()
        assert sentence == dose_sentence(DOSES[slug], lang) != expected[slug]["dose"], "the link's, not the program's"
        assert section.locator("figure.pose-figure").bounding_box()["height"] > 100  # drawn, at a size one can see
        timer = section.locator(".exercise-timer")
        assert timer.is_visible() and timer.get_attribute("data-reps") == dose.split("&")[0].removeprefix("reps=")
        assert section.locator(".exercise-timer__button--main").is_visible()
    assert page.locator(".handout-dose__sentence").count() == 2  # the link's dose, once per exercise, nowhere else
    parts = sorted(u.rsplit("/", 1)[1] for u in asked if "/my-program/parts/" in u)
    assert parts == ["bridges.htm", "open-books.htm"], "only the parts of the link's exercises"
    assert all(f"/{at}my-program/parts/" in u for u in asked if "/parts/" in u)
    assert problems == []


def test_the_parts_are_the_program_pages_own_blocks_without_a_dose(site):
    for lang in ("", "es/"):
        page = (site / lang / "programs/knee-pain/index.html").read_text()
        for slug in ("bridges", "heel-slides"):
            between = rf'<section class="handout-exercise" id="{slug}".*?</h3>(.*?)<section class="handout-timer"'
            block = re.search(between, page, re.S)[1]
            part = (site / lang / f"my-program/parts/{slug}.htm").read_text()
            sentence = r'(<p class="handout-dose__sentence">)[^<]*(</p>)'
            assert re.findall(sentence, part) == [('<p class="handout-dose__sentence">', "</p>")], "empty, once"
            assert " ".join(re.sub(sentence, r"\1\2", block).split()) == " ".join(part.split()), (lang, slug)


def test_a_finished_timer_asks_about_pain_and_goes_in_the_log(phone):
    page, problems = phone()
    page, _ = phone(link_to(page), clock=True)
    page.get_by_role("button", name="Start the whole program").wait_for()
    assert page.get_by_role("heading", name="This week").is_visible()
    today = page.locator(".handout-week__day[aria-current=date]")
    assert today.get_attribute("data-state") == "none"
    bridges = page.locator("section#bridges")
    bridges.get_by_role("button", name="Start", exact=True).click()
    page.clock.run_for(10 * 60_000)
    pain = bridges.locator(".exercise-timer + .handout-pain")  # right after the timer that was done
    pain.wait_for()
    assert pain.locator("legend").inner_text().startswith("How much pain do you have now?")
    pain.get_by_role("radio", name="3", exact=True).check()
    assert pain.get_by_role("status").inner_text() == "Pain 3 out of 10 is in your log."
    log = page.evaluate("JSON.parse(localStorage.getItem('handout-log'))")
    assert [(e["kind"], e["slug"], e["pain"]) for e in log] == [("exercise", "bridges", 3)]
    assert today.get_attribute("data-state") == "some", "one of the program's two exercises done today"
    assert problems == []


def kept(page):
    return page.evaluate("() => HandoutLink.kept()")


def test_keep_and_forget(phone):
    page, problems = phone()
    url = link_to(page)
    page, _ = phone(url)
    keep = page.get_by_role("button", name=KEEP)
    assert keep.is_visible() and not page.get_by_role("button", name=FORGET).is_visible()
    assert kept(page) is None and page.evaluate("localStorage.length") == 0, "off by default"
    keep.click()
    assert page.get_by_role("status").filter(has_text="Kept.").inner_text() == (
        "Kept. This page and the icon on your home screen open this program now.")
    assert page.evaluate("document.activeElement.textContent") == FORGET
    assert kept(page) == {"page": "my-program/", "hash": "#p=" + url.split("#p=")[1]}
    # Reopened with no link, in English and in Spanish: the same program, with the link's doses.
    for path, lang in (("my-program/", "en"), ("es/my-program/", "es")):
        again, _ = phone(path)
        again.locator(".handout-personal__list section").nth(1).wait_for()
        assert again.url.endswith(path + "#p=" + url.split("#p=")[1])
        assert again.locator(".handout-dose__sentence").all_inner_texts() == [
            dose_sentence(DOSES[slug], lang) for slug, _ in LINK]
        assert again.locator(".handout-personal__kept").is_visible()
        assert again.locator(".handout-personal__message").inner_text() == ""
        assert axe_violations(again) == []
    # Another link while this one is kept: it says so, and keeping it replaces the kept one.
    other, _ = phone(link_to(page, exercises=[["quad-sets", "reps=6"]]))
    assert other.locator(".handout-personal__other").inner_text() == (
        "This phone keeps another program now. Keeping this one replaces it.")
    other.get_by_role("button", name=KEEP).click()
    assert kept(other)["hash"] == "#p=" + other.url.split("#p=")[1]
    # Forget it: the page keeps showing this program until it is left; reopened, there is none.
    other.get_by_role("button", name=FORGET).click()
    assert other.get_by_role("status").filter(has_text="keep").inner_text() == (
        "This phone does not keep the program any more.")
    assert kept(other) is None and other.evaluate("localStorage.length") == 0
    assert other.get_by_role("button", name=KEEP).is_visible()
    again, _ = phone("my-program/")
    assert again.locator(".handout-personal__message").inner_text() == NONE["en"]
    assert problems == []


@pytest.mark.parametrize("lang", ["en", "es"])
def test_no_link_and_nothing_kept_says_there_is_no_program_and_how_to_get_one(phone, lang):
    page, problems = phone("my-program/" if lang == "en" else f"{lang}/my-program/")
    message = page.locator(".handout-personal__message")
    message.locator("p").wait_for()
    assert message.inner_text() == NONE[lang]
    assert page.locator(".handout-personal__program").is_hidden()
    assert page.locator(".handout-personal__keep").is_hidden()
    assert page.locator(".handout-personal__privacy").is_hidden()  # "the link you opened": there is none
    assert axe_violations(page) == []
    assert problems == []


def test_a_kept_program_that_cannot_be_shown_any_more_can_be_forgotten(phone):
    page, problems = phone("my-program/")
    page.evaluate("k => localStorage.setItem('handout-program /', JSON.stringify(k))",
                  {"page": "my-program/", "hash": "#p=AAAA"})  # a damaged link, kept
    page, _ = phone("my-program/")
    message = page.locator(".handout-personal__message")
    message.locator("p").wait_for()
    assert message.inner_text() == (
        "The program kept on this phone cannot be shown any more. Ask your clinic for a new link.")
    assert page.locator(".handout-personal__list section").count() == 0
    page.get_by_role("button", name=FORGET).click()
    assert page.evaluate("localStorage.length") == 0
    assert message.inner_text().endswith("This phone does not keep the program any more.")
    assert problems == []


def test_the_home_screen_icon_opens_the_kept_program_or_the_home_page(phone, site):
    manifest = json.loads((site / "manifest.webmanifest").read_text())
    assert manifest["scope"] == manifest["id"] == "./"  # the same app as before, under any sub-path
    start = urljoin(phone.url + "manifest.webmanifest", manifest["start_url"])
    page, problems = phone(start)
    assert page.url == phone.url, "nothing kept: the home page"
    # Kept from the Spanish page: the icon opens it in Spanish.
    spanish, _ = phone(link_to(phone()[0], "es/my-program/"))
    spanish.get_by_role("button", name="Guardar este programa en este teléfono").click()
    page, _ = phone(start)
    page.locator(".handout-personal__list section").nth(1).wait_for()
    assert page.url == spanish.url
    assert page.locator(".handout-dose__sentence").all_inner_texts() == [
        dose_sentence(DOSES[slug], "es") for slug, _ in LINK]
    assert page.locator(".handout-personal__kept").inner_text().startswith("Este teléfono guarda este programa.")
    assert problems == []


def test_the_home_screen_icon_opens_the_kept_program_with_no_signal(browser, serve, tmp_path):
    project = copy_project(tmp_path / "project")
    english_only(project)
    site = build_site(project)
    server = serve(site, prefix="/clinic/")
    context = browser.new_context(**PHONE)
    try:
        page = open_and_wait_for_the_copy(context, server.url + "my-program/")
        page.goto(link_to(page, "clinic/my-program/"))
        page.get_by_role("button", name=KEEP).click()
        context.set_offline(True)
        start = json.loads((site / "manifest.webmanifest").read_text())["start_url"]
        page.goto(server.url + start)
        page.locator(".handout-personal__list section").nth(1).wait_for()
        assert page.locator(".handout-dose__sentence").all_inner_texts() == [
            dose_sentence(DOSES[slug], "en") for slug, _ in LINK]
        assert page.locator("section#bridges .handout-cautions").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_menu_is_the_patients_and_the_footer_leads_clinicians_to_their_tools(phone, lang):
    words = {"en": ("For clinicians", "Make a sheet"), "es": ("Para profesionales", "Hacer una hoja")}[lang]
    page, problems = phone("./" if lang == "en" else f"{lang}/")
    menu = page.locator(".md-nav--primary").first.locator("a").all_inner_texts()
    assert menu and not [text for text in menu if words[1] in text or "sheet/" in text]
    assert page.locator(".md-nav--primary a[href*='sheet/']").count() == 0
    page.locator(".md-footer").get_by_role("link", name=words[0], exact=True).click()
    page.wait_for_url(f"**/{'' if lang == 'en' else lang + '/'}clinicians/")
    assert page.locator("h1").inner_text() == words[0]
    page.get_by_role("link", name=words[1], exact=True).click()
    page.wait_for_url(f"**/{'' if lang == 'en' else lang + '/'}sheet/")
    assert page.locator(".handout-disclaimer").is_visible()
    assert problems == []
