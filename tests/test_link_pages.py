"""The links a patient follows, in a real Chromium on the shipped site in English and Spanish: a damaged timer or
personal link shows the plain "damaged link" message and runs nothing (a sample of the one-character changes
test_linkcodec.py enumerates); a link printed before links carried a check runs with a notice to compare it with the
sheet; the language switcher carries the dose of a sheet, a personal program and the exercise a running program is
at into the other language, which says where the dose comes from in its own words."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from handouts.i18n.words import word
from handouts.model.dose import dose_sentence
from handouts.model.linkcodec import personal_fragment, timer_fragment
from handouts.model.values import Dose
from handouts.site.offline import precached

from .conftest import build_site, copy_project
from .test_linkcodec import VECTORS, mutants, timer_mutants
from .test_timer import watch

SAMPLE = 12
"""One-character changes opened in the browser per link (every one of them is refused in test_linkcodec.py)."""
QUAD = Dose(reps=12, sets=2, hold=8, rest=4, sides="each")
PROGRAM = [("childs-pose", Dose(reps=5, hold=20, hold_max=40, rest=5)), ("quad-sets", QUAD)]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The shipped project, in English and Spanish (no PDFs)."""
    return build_site(copy_project(tmp_path_factory.mktemp("links") / "project"))


@pytest.fixture
def open_page(browser, serve, site):
    """open_page(path, **context options) -> (page, problems), at phone size; no request leaves the site."""
    contexts = []
    server = serve(site)

    def start(path: str, **options):
        context = browser.new_context(**{"viewport": {"width": 390, "height": 844}, **options})
        contexts.append(context)
        page = context.new_page()
        problems: list[str] = []
        watch(context, page, problems)
        page.goto(server.url + path)
        return page, problems

    yield start
    for context in contexts:
        context.close()


def sample(items: list, n: int = SAMPLE) -> list:
    """n of `items`, spread evenly from first to last (the same every run)."""
    return [items[round(i * (len(items) - 1) / (n - 1))] for i in range(n)]


def assert_timer_refused(page, lang: str = "en") -> None:
    """The damaged link's message, no dose sentence, the timer hidden and nothing running."""
    note = page.locator("#dose .handout-dose__from-sheet")
    expect(note).to_have_text(f"{word('dose.damaged', lang)} {word('dose.usual', lang)}")
    assert note.get_attribute("role") == "alert"
    assert page.locator("#dose .handout-dose__sentence").is_hidden() and page.locator("#timer").is_hidden()
    assert page.evaluate("() => HandoutTimer.instances().every(t => t.status === 'idle' && t.root.hidden)")


def test_damaged_timer_links_show_the_damaged_message_and_run_nothing(open_page):
    entries = {entry["slug"]: entry for entry in VECTORS["timer"]}
    page, problems = open_page("exercises/quad-sets/")
    root = page.url.split("exercises/")[0]
    for slug in ("quad-sets", "open-books"):
        entry = entries[slug]
        own = [hash for page_slug, hash in timer_mutants(slug, entry["fragment"]) if page_slug == slug and "=" in hash]
        typed = "#" + entry["fragment"].replace("reps=10", "reps=100").replace("reps=6&", "reps=60&")
        assert typed in own, "a digit too many, typed by hand"
        for number, hash in enumerate([typed, *sample(own)]):
            # A new page for every third; the two after it come as a new fragment of the page already open.
            page.goto(f"{root}exercises/{slug}/?{number // 3}{hash}")
            assert_timer_refused(page)
    # The usual dose is one tap away, and only then a timer runs.
    page.get_by_role("link", name="Show the usual dose").click()
    page.locator("#timer").get_by_role("button", name="Start").click()
    assert page.evaluate("() => HandoutTimer.instances()[0].status") == "running"
    assert page.locator("#dose .handout-dose__sentence").inner_text() == "Repeat 10 times on each side."
    assert problems == []


def test_damaged_personal_links_show_the_damaged_message_and_nothing_of_a_program(open_page):
    page, problems = open_page("my-program/")
    page.locator(".handout-personal__message p").wait_for()
    base = page.url.split("#")[0]
    for number, entry in enumerate(VECTORS["personal"]):
        for change, text in enumerate(sample(sorted(m for m in mutants(entry["fragment"]) if m))):
            page.goto(f"{base}?{number}-{change}#{text}")
            message = page.locator(".handout-personal__message")
            expect(message).to_have_text(word("personal.bad"))
            assert page.locator(".handout-personal__program").is_hidden(), text
            assert page.locator(".handout-personal__list .exercise-timer").count() == 0, text
    assert problems == []


def test_a_timer_link_from_before_runs_with_a_notice_to_compare_it_with_the_sheet(open_page):
    for lang, prefix in (("en", ""), ("es", "es/")):
        page, problems = open_page(f"{prefix}exercises/quad-sets/#timer?reps=10&sets=2&hold=8&rest=4&sides=each")
        note = page.locator("#dose .handout-dose__from-sheet")
        expect(note).to_have_text(f"{word('dose.unchecked', lang)} {word('dose.usual', lang)}")
        dose = Dose(reps=10, sets=2, hold=8, rest=4, sides="each")
        assert page.locator("#dose .handout-dose__sentence").inner_text() == dose_sentence(dose, lang)
        assert page.evaluate("() => HandoutTimer.instances()[0].list.filter(p => p.type === 'hold').length") == 40
        assert page.locator("#timer").is_visible() and problems == []


def test_a_personal_link_from_before_shows_its_program_with_a_notice(open_page):
    legacy = next(r for r in VECTORS["read"] if r["kind"] == "personal" and r["status"] == "legacy")
    page, problems = open_page("es/my-program/" + legacy["hash"])
    expect(page.locator(".handout-personal__message")).to_have_text(word("personal.unchecked", "es"))
    page.get_by_role("button", name="Empezar todo el programa").wait_for()
    assert page.locator(".handout-personal__list .handout-dose__sentence").all_inner_texts() == [
        dose_sentence(Dose(reps=5, hold=20, hold_max=40, rest=5), "es"), dose_sentence(Dose(reps=10), "es")]
    assert problems == []


def test_the_switcher_carries_a_sheets_dose_into_spanish(open_page):
    hash = "#" + timer_fragment("quad-sets", QUAD)
    page, problems = open_page("exercises/quad-sets/" + hash)
    expect(page.locator("#dose .handout-dose__from-sheet")).to_have_text(
        f"{word('dose.fromSheet')} {word('dose.usual')}")
    page.get_by_role("link", name="Español").click()
    page.wait_for_url("**/es/exercises/quad-sets/" + hash)
    expect(page.locator("#dose .handout-dose__from-sheet")).to_have_text(
        f"{word('dose.fromSheet', 'es')} {word('dose.usual', 'es')}")
    assert page.locator("#dose .handout-dose__sentence").inner_text() == dose_sentence(QUAD, "es")
    phases = page.evaluate("() => HandoutTimer.instances()[0].list.filter(p => p.type === 'hold').length")
    assert phases == 12 * 2 * 2, "12 holds a side, 2 sides, 2 sets"
    # And back: English carries it too, and a damaged link is damaged in both.
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/exercises/quad-sets/" + hash)
    assert page.locator("#dose .handout-dose__sentence").inner_text() == dose_sentence(QUAD)
    page.goto(page.url.replace("reps=12", "reps=13"))
    assert_timer_refused(page)
    page.get_by_role("link", name="Español").click()
    page.wait_for_url("**/es/exercises/quad-sets/#timer?v=2&reps=13*")
    assert_timer_refused(page, "es")
    assert problems == []


def test_the_switcher_carries_a_personal_program_into_spanish(open_page):
    hash = "#" + personal_fragment(PROGRAM, "Ada")
    page, problems = open_page("my-program/" + hash)
    page.get_by_role("button", name="Start the whole program").wait_for()
    page.get_by_role("link", name="Español").click()
    page.wait_for_url("**/es/my-program/" + hash)
    page.get_by_role("button", name="Empezar todo el programa").wait_for()
    assert page.locator(".handout-personal__message").inner_text() == ""
    assert page.locator(".handout-personal__list .handout-dose__sentence").all_inner_texts() == [
        dose_sentence(dose, "es") for _, dose in PROGRAM]
    assert page.locator(".handout-personal__for").inner_text() == "Para: Ada"
    assert problems == []


def test_the_switcher_carries_the_exercise_a_running_program_is_at(open_page):
    page, problems = open_page("programs/knee-pain/")
    switcher = page.get_by_role("link", name="Español")
    assert switcher.get_attribute("href").endswith("es/programs/knee-pain/")
    page.get_by_role("button", name="Start the whole program").click()
    page.get_by_role("button", name="Skip exercise").click()
    second = page.evaluate("() => HandoutPlayer.player().timers[1].root.id")
    switcher.click()
    page.wait_for_url(f"**/es/programs/knee-pain/#{second}")
    page.wait_for_function("id => document.activeElement.closest('#' + id) !== null", arg=second)
    assert page.evaluate("() => HandoutTimer.instances().every(t => t.status === 'idle')"), "a tap starts it again"
    assert problems == []


def test_the_link_scripts_load_on_every_page_before_the_timer_and_work_offline(site: Path):
    for page in ("exercises/quad-sets/index.html", "es/my-program/index.html", "programs/knee-pain/index.html"):
        html = (site / page).read_text()
        assert html.index("assets/linkcodec.js") < html.index("assets/timer.js") < html.index("assets/language.js")
    assert {"assets/linkcodec.js", "assets/language.js"} <= set(precached(site, ("en", "es")))
