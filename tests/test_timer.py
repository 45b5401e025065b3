"""The exercise timer in a real Chromium, on Playwright's virtual clock: never a wall-clock timing assertion.

Most tests use a small page rendered from the real partials (templates/partials/timer*.html) with the real assets;
the last ones use the built site (`built_site`), for material's instant navigation and the #timer deep link.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from handouts.i18n.words import page_words
from handouts.model.dose import dose_sentence
from handouts.model.values import Dose
from handouts.render.templates import jinja_env

from .conftest import DEVICE_SPY, ROOT, axe_violations, page_head, page_scripts, write

ASSETS = ROOT / "templates" / "assets"
SQUEEZES = Dose(reps=10, hold=5, rest=5)
OPEN_BOOKS = Dose(reps=10, sides="each", tempo=4)
CHILDS_POSE = Dose(reps=3, hold=15, hold_max=30)

# Recorded before any page script runs: what the live region said, the beeps, the wake lock, the vibrations.
SPY = DEVICE_SPY + """
window.__said = []; window.__buzz = 0;
new MutationObserver(records => {
  for (const r of records) {
    const live = r.target.nodeType === 1 && r.target.closest('[aria-live]');
    if (live) for (const n of r.addedNodes) window.__said.push(n.textContent);
  }
}).observe(document, {subtree: true, childList: true});
navigator.vibrate = () => { window.__buzz += 1; return true; };
"""

STATE = """root => ({
  phase: root.dataset.phase, status: root.dataset.status,
  label: root.querySelector('.exercise-timer__phase').textContent,
  time: root.querySelector('.exercise-timer__time').textContent,
  info: root.querySelector('.exercise-timer__info').textContent,
  go: root.querySelector('.exercise-timer__button--main').textContent,
})"""


def page_html(timers: list[tuple[str, str, Dose]], qr: dict | None = None, lang: str = "en") -> str:
    """A plain page in `lang` with one section per timer, rendered from the real partials."""
    env = jinja_env([ROOT / "templates"], lang)
    parts = []
    for timer_id, title, dose in timers:
        root = env.get_template("partials/timer.html").render(dose=dose, timer_id=timer_id, title=title)
        paper = env.get_template("partials/timer-print.html").render(dose=dose, qr=qr)
        parts.append(f"<section><h2>{title}</h2><p>{dose_sentence(dose, lang)}</p>{root}{paper}</section>")
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Timer</title>'
        '<link rel="icon" href="data:,"><link rel="stylesheet" href="assets/timer.css">'
        + page_head(lang)
        + '</head><body><main><h1>Timers</h1>'
        + "".join(parts)
        + '</main>' + "".join(f'<script src="{s}"></script>' for s in page_scripts("timer.js")) + '</body></html>'
    )


@dataclass
class Session:
    page: object
    problems: list[str] = field(default_factory=list)

    def state(self, selector: str = ".exercise-timer") -> dict:
        return self.page.locator(selector).first.evaluate(STATE)

    def said(self) -> list[str]:
        return self.page.evaluate("window.__said")

    def button(self, name: str, selector: str = ".exercise-timer"):
        return self.page.locator(selector).first.get_by_role("button", name=name, exact=True)

    def run(self, ms: int) -> None:
        self.page.clock.run_for(ms)


def watch(context, page, problems: list[str]) -> None:
    """Record console errors, page errors and any request that would leave 127.0.0.1 (it is refused)."""
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    def guard(route):
        url = route.request.url
        if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).hostname != "127.0.0.1":
            problems.append(f"request left 127.0.0.1: {url}")
            return route.abort()
        return route.continue_()

    context.route("**/*", guard)


@pytest.fixture
def timer_page(browser, serve, tmp_path):
    """timer_page(timers=[(id, title, dose)], hash='', **context options) -> Session on a paused virtual clock."""
    contexts = []

    def open_page(timers=(("timer", "Scapular squeezes", SQUEEZES),), hash="", qr=None, lang="en", **options
                  ) -> Session:
        folder = tmp_path / f"page{len(contexts)}"
        shutil.copytree(ASSETS, folder / "assets", ignore=shutil.ignore_patterns("fonts"))
        write(folder, {"index.html": page_html(list(timers), qr, lang)})
        server = serve(folder)
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        session = Session(page)
        watch(context, page, session.problems)
        page.add_init_script(SPY)
        page.clock.install(time=0)
        page.goto(server.url + hash)
        page.clock.pause_at(1000)
        return session

    yield open_page
    for context in contexts:
        context.close()


def test_scapular_squeezes_run_hands_free_to_done(timer_page):
    t = timer_page()
    assert t.state() == {"phase": "idle", "status": "idle", "label": "Ready to start", "time": "1:40",
                         "info": "Rep 1 of 10", "go": "Start"}
    t.button("Start").click()
    assert t.state()["label"] == "Get ready" and t.state()["time"] == "5"
    t.run(5_000)
    assert t.state()["phase"] == "hold" and t.state()["info"] == "Rep 1 of 10"
    t.run(5_000)
    assert t.state()["phase"] == "rest" and t.state()["time"] == "5"
    t.run(99_500 - 10_000)
    assert t.state()["status"] == "running" and t.state()["info"] == "Rep 10 of 10" and t.state()["time"] == "1"
    t.run(500)  # 5 s ready + 10 holds of 5 s + 9 rests of 5 s = 100 s
    assert t.state()["status"] == "done" and t.state()["label"] == "Done"
    expected = ["Scapular squeezes. Get ready"]  # screen readers hear the exercise's name at its start
    for rep in range(1, 11):
        expected += ([] if rep == 1 else ["Rest"]) + [f"Rep {rep} of 10: hold"]
    assert t.said() == expected + ["Done"]
    assert t.page.locator(".exercise-timer [aria-live]").count() == 1
    assert t.page.locator(".exercise-timer [aria-live]").get_attribute("aria-live") == "polite"
    assert t.page.evaluate("window.__audio") == 1 and len(t.page.evaluate("window.__beeps")) == len(expected) + 1
    t.run(60_000)
    assert t.said()[-1] == "Done" and len(t.said()) == len(expected) + 1
    assert t.problems == []


def test_open_books_switch_sides_after_ten_reps(timer_page):
    t = timer_page(timers=[("timer", "Open books", OPEN_BOOKS)])
    t.button("Start").click()
    assert t.said() == ["Open books. Get ready: right side"]
    t.run(5_000 + 10 * 4_000 - 500)
    assert t.state()["phase"] == "move" and t.state()["info"] == "Rep 10 of 10 · Right side"
    t.run(500)
    assert t.state()["phase"] == "switch" and t.state()["label"] == "Switch sides"
    assert t.said()[-1] == "Switch to your left side" and "Left side" in t.state()["info"]
    t.run(10_000)
    assert t.state()["phase"] == "move" and t.state()["info"] == "Rep 1 of 10 · Left side"
    t.run(10 * 4_000)  # 5 + 40 + 10 + 40 = 95 s
    assert t.state()["status"] == "done"
    # Of reps without a hold, screen readers hear only the first of each side, not one every 4 seconds.
    assert t.said() == ["Open books. Get ready: right side", "Rep 1 of 10", "Switch to your left side", "Rep 1 of 10",
                        "Done"]
    assert len(t.page.evaluate("window.__beeps")) == 1 + 10 + 1 + 10 + 1  # but a beep marks every one
    assert t.problems == []


@pytest.mark.parametrize(("lang", "one", "other"), [("en", "second left", "seconds left"),
                                                     ("es", "segundo restante", "segundos restantes")])
def test_the_last_second_is_said_by_the_languages_plural_rule(timer_page, lang, one, other):
    t = timer_page(lang=lang)
    unit = t.page.locator(".exercise-timer__unit")
    t.button(page_words(lang)["timer.start"]).click()
    t.run(3_000)
    assert (t.state()["time"], unit.text_content()) == ("2", other)
    t.run(1_000)
    assert (t.state()["time"], unit.text_content()) == ("1", one)
    t.run(1_000)
    assert (t.state()["time"], unit.text_content()) == ("5", other)  # the first hold
    assert t.problems == []


def test_pause_stops_the_clock_and_resume_continues_from_the_same_second(timer_page):
    t = timer_page()
    t.button("Start").click()
    t.run(7_500)
    assert t.state()["phase"] == "hold" and t.state()["time"] == "3"
    t.button("Pause").click()
    said = t.said()
    t.run(60_000)
    assert t.state()["time"] == "3" and t.state()["go"] == "Resume"
    assert t.state()["status"] == "paused" and t.said() == said
    t.button("Resume").click()
    assert t.state()["time"] == "3" and t.state()["status"] == "running"
    t.run(2_000)
    assert t.state()["phase"] == "hold" and t.state()["time"] == "1"
    t.run(500)
    assert t.state()["phase"] == "rest" and t.state()["time"] == "5"
    assert t.problems == []


def test_reset_returns_to_the_start(timer_page):
    t = timer_page()
    t.button("Start").click()
    t.run(12_000)
    t.button("Reset").click()
    idle = t.state()
    assert idle == {"phase": "idle", "status": "idle", "label": "Ready to start", "time": "1:40",
                    "info": "Rep 1 of 10", "go": "Start"}
    t.run(30_000)
    assert t.state() == idle
    t.button("Start").click()
    assert t.state()["label"] == "Get ready" and t.state()["time"] == "5"
    assert t.said()[-1] == "Scapular squeezes. Get ready"
    assert t.problems == []


def test_hold_range_announces_the_low_end_and_skip_ends_the_hold(timer_page):
    t = timer_page(timers=[("timer", "Child's pose", CHILDS_POSE)])
    t.button("Start").click()
    t.run(5_000 + 15_000)
    assert t.said()[-1] == "15 seconds: you can stop here or keep going to 30"
    assert t.state()["phase"] == "hold" and t.state()["time"] == "15" and t.state()["status"] == "running"
    t.button("Skip").click()
    assert t.state()["phase"] == "hold" and t.state()["info"] == "Rep 2 of 3" and t.state()["time"] == "30"
    assert t.said()[-1] == "Rep 2 of 3: hold"
    t.run(60_000)
    assert t.state()["status"] == "done"
    assert t.problems == []


def test_keyboard_alone(timer_page):
    t = timer_page()
    keys = t.page.keyboard
    focused = "() => document.activeElement.textContent"
    keys.press("Tab")
    assert t.page.evaluate(focused) == "Start"
    keys.press("Space")
    assert t.state()["status"] == "running" and t.page.evaluate(focused) == "Pause"
    t.run(3_000)
    keys.press("Space")
    assert t.state()["status"] == "paused" and t.page.evaluate(focused) == "Resume" and t.state()["time"] == "2"
    keys.press("Enter")
    assert t.state()["status"] == "running"
    keys.press("Tab")
    assert t.page.evaluate(focused) == "Skip"
    keys.press("Enter")
    assert t.state()["phase"] == "hold" and t.said()[-1] == "Rep 1 of 10: hold"
    keys.press("Tab")
    keys.press("Space")
    assert t.page.evaluate(focused) == "Reset" and t.state()["status"] == "idle"
    keys.press("Tab")
    keys.press("Space")
    assert t.page.evaluate(focused) == "Mute" and t.button("Mute").get_attribute("aria-pressed") == "true"
    keys.press("Shift+Tab")
    keys.press("Shift+Tab")
    keys.press("Shift+Tab")
    keys.press("Space")
    assert t.state()["status"] == "running"
    assert t.problems == []


def test_mute_is_remembered_and_silences_beeps(timer_page):
    t = timer_page()
    assert t.button("Mute").get_attribute("aria-pressed") == "false"
    t.button("Mute").click()
    t.page.reload()
    assert t.button("Mute").get_attribute("aria-pressed") == "true"
    t.button("Start").click()
    t.run(20_000)
    assert t.page.evaluate("window.__beeps") == [] and t.page.evaluate("window.__buzz") == 0
    t.button("Mute").click()
    t.run(5_000)
    assert len(t.page.evaluate("window.__beeps")) >= 1 and t.page.evaluate("window.__buzz") >= 1
    assert t.problems == []


def test_audio_is_made_on_start_and_beep_pitch_is_configurable(timer_page):
    t = timer_page()
    assert t.page.evaluate("window.__audio") == 0
    t.page.evaluate("window.handoutTimerSounds = {ready: 500, hold: 700}")
    t.button("Start").click()
    t.run(5_000)
    assert t.page.evaluate("window.__audio") == 1 and t.page.evaluate("window.__beeps") == [500, 700]
    t.page.locator(".exercise-timer").evaluate("root => root.dataset.beepFrequency = '440'")
    t.run(5_000)
    assert t.page.evaluate("window.__beeps")[-1] == 440
    assert t.problems == []


def test_wake_lock_while_running_only(timer_page):
    t = timer_page()
    locks = "() => window.__locks.map(l => l.released)"
    t.button("Start").click()
    t.run(1)
    assert t.page.evaluate(locks) == [False]
    t.button("Pause").click()
    assert t.page.evaluate(locks) == [True]
    t.button("Resume").click()
    t.run(1)
    assert t.page.evaluate(locks) == [True, False]
    # The browser drops the lock when the tab is hidden; coming back asks again.
    t.page.evaluate("() => { window.__locks[1].released = true; "
                    "document.dispatchEvent(new Event('visibilitychange')); }")
    t.run(1)
    assert t.page.evaluate(locks) == [True, True, False]
    t.run(200_000)
    assert t.state()["status"] == "done" and t.page.evaluate(locks) == [True, True, True]
    assert t.problems == []


def test_catches_up_after_the_tab_was_throttled(timer_page):
    t = timer_page()
    t.button("Start").click()
    # A hidden tab's timers may not fire for a long time; the deadline is what counts, not the ticks.
    t.page.clock.fast_forward(37_000)
    t.run(1)
    assert t.state()["phase"] == "hold" and t.state()["info"] == "Rep 4 of 10" and t.state()["time"] == "3"
    assert t.problems == []


@pytest.mark.parametrize("ms, phase", [(0, "idle"), (1_000, "ready"), (7_000, "hold"), (11_000, "rest"),
                                       (200_000, "done")])
def test_axe_finds_no_violations(timer_page, ms, phase):
    t = timer_page()
    if ms:
        t.button("Start").click()
        t.run(ms)
    assert t.state()["phase"] == phase
    t.page.clock.resume()  # axe waits on timers of its own
    assert axe_violations(t.page) == []
    assert t.problems == []


def test_axe_finds_no_violations_while_switching_sides_and_paused(timer_page):
    t = timer_page(timers=[("timer", "Open books", OPEN_BOOKS)])
    t.button("Start").click()
    t.run(46_000)
    t.button("Pause").click()
    t.button("Mute").click()
    assert t.state()["phase"] == "switch" and t.state()["status"] == "paused"
    t.page.clock.resume()
    assert axe_violations(t.page) == []


def test_reduced_motion_turns_animation_off(timer_page):
    t = timer_page(reduced_motion="reduce")
    bar = ".exercise-timer__bar > div"
    assert t.page.locator(bar).evaluate("e => getComputedStyle(e).transitionDuration") == "0s"
    plain = timer_page()
    assert plain.page.locator(bar).evaluate("e => getComputedStyle(e).transitionDuration") == "1s"


def test_hidden_without_javascript(timer_page):
    t = timer_page(java_script_enabled=False)
    assert t.page.locator("#timer").is_hidden()
    assert t.page.get_by_text("Hold for 5 seconds, then relax.").is_visible()
    assert t.page.locator(".timer-print").is_hidden()


def test_print_shows_the_paper_timer_instead(timer_page):
    qr = {"src": "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E", "alt": "QR code", "url": "x"}
    t = timer_page(qr=qr)
    assert t.page.locator("#timer").is_visible() and t.page.locator(".timer-print").is_hidden()
    t.page.emulate_media(media="print")
    assert t.page.locator("#timer").is_hidden() and t.page.locator(".timer-print").is_visible()
    boxes = t.page.locator(".timer-print__boxes")
    assert boxes.count() == 1 and boxes.first.get_attribute("alt") == "10 boxes"
    assert boxes.first.evaluate("e => e.complete && e.naturalWidth > 0")
    assert t.page.get_by_text("Scan for the timer").is_visible()
    assert t.problems == []


def test_deep_link_and_hashchange_focus_start(timer_page):
    timers = [("timer-childs-pose", "Child's pose", CHILDS_POSE), ("timer-open-books", "Open books", OPEN_BOOKS)]
    t = timer_page(timers=timers, hash="#timer-open-books")
    active = "() => document.activeElement.closest('.exercise-timer')?.id + ' ' + document.activeElement.textContent"
    assert t.page.evaluate(active) == "timer-open-books Start"
    t.page.evaluate("location.hash = '#timer-childs-pose'")
    expect(t.page.locator("#timer-childs-pose").get_by_role("button", name="Start")).to_be_focused()
    assert t.page.evaluate(active) == "timer-childs-pose Start"
    assert t.problems == []


def test_page_changes_tear_down_timers_that_left(timer_page):
    """material's document$ emits on every instant page: timers whose root left are stopped and forgotten."""
    t = timer_page()
    swap = "html => { document.querySelector('main').innerHTML = html; HandoutTimer.mount(); }"
    template = t.page.locator("main").inner_html()
    for _ in range(2):
        t.button("Start").click()
        t.run(3_000)
        t.page.evaluate(swap, template)
    t.button("Start").click()
    t.run(3_000)
    running = "() => HandoutTimer.instances().filter(x => x.status === 'running').length"
    assert t.page.evaluate("HandoutTimer.instances().length") == 1 and t.page.evaluate(running) == 1
    said = len(t.said())
    t.button("Pause").click()
    t.run(60_000)
    assert len(t.said()) == said  # the torn-down timers are silent
    assert t.problems == []


# --- The built site: material's instant navigation and the deep link on real exercise pages. ---------------------

INSTANT_LINK = """href => {
  const a = Object.assign(document.createElement('a'), {href, textContent: 'go', id: 'go-' + Math.random()});
  document.querySelector('.md-content').prepend(a);
  return a.id;
}"""


def site_page(browser, serve, built_site: Path, tmp_path: Path):
    """A copy of the built site served on 127.0.0.1, with a sitemap.xml for that address.

    material only turns a click into an instant page change for URLs listed in sitemap.xml, matched with their
    port, so a test server on a random port needs its own sitemap; the site's pages are unchanged.
    """
    site = shutil.copytree(built_site, tmp_path / "site")
    server = serve(site)
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    urls = "".join(f"<url><loc>{server.url}{'' if p == '.' else p + '/'}</loc></url>" for p in pages)
    write(site, {"sitemap.xml": f'<?xml version="1.0" encoding="UTF-8"?>\n'
                                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'})
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    watch(context, page, problems)
    return server, context, page, problems


def instant_go(page, href: str) -> None:
    """Click a link as a patient would; material turns it into an instant page change."""
    page.wait_for_load_state("networkidle")
    # Insert and click in one task of the page: material may still be swapping in the last page's content.
    page.evaluate(f"href => document.getElementById(({INSTANT_LINK})(href)).click()", href)
    expect(page).to_have_url(re.compile(re.escape(href.replace("..", "").lstrip("/")) + "$"))
    expect(page.locator(".exercise-timer:not([hidden])").first).to_be_attached()


def test_site_two_instant_navigations_leave_one_running_timer(browser, serve, built_site, tmp_path):
    server, context, page, problems = site_page(browser, serve, built_site, tmp_path)
    try:
        page.goto(server.url + "exercises/scapular-squeezes/")
        page.evaluate("window.__sameDocument = true")
        page.locator("#timer").get_by_role("button", name="Start").click()
        for slug in ("open-books", "childs-pose"):
            instant_go(page, f"../{slug}/")
            assert page.evaluate("window.__sameDocument === true"), "material's instant navigation did not happen"
            page.locator("#timer").get_by_role("button", name="Start").click()
        running = "HandoutTimer.instances().filter(x => x.status === 'running').length"
        assert page.evaluate("HandoutTimer.instances().length") == 1 and page.evaluate(running) == 1
        assert page.locator(".exercise-timer").count() == 1
        assert problems == []
    finally:
        context.close()


def test_site_timer_deep_link_focuses_start(browser, serve, built_site, tmp_path):
    server, context, page, problems = site_page(browser, serve, built_site, tmp_path)
    active = "() => document.activeElement.closest('.exercise-timer')?.id + ' ' + document.activeElement.textContent"
    try:
        page.goto(server.url + "exercises/scapular-squeezes/#timer")
        expect(page.locator("#timer").get_by_role("button", name="Start")).to_be_focused()
        assert page.evaluate(active) == "timer Start"
        page.goto(server.url + "exercises/open-books/")
        page.evaluate("location.hash = '#timer'")
        expect(page.locator("#timer").get_by_role("button", name="Start")).to_be_focused()
        assert page.evaluate(active) == "timer Start"
        page.evaluate("document.activeElement.blur(); window.__sameDocument = true")
        instant_go(page, "../childs-pose/#timer")
        assert page.evaluate("window.__sameDocument === true"), "material's instant navigation did not happen"
        expect(page.locator("#timer").get_by_role("button", name="Start")).to_be_focused()
        assert page.evaluate(active) == "timer Start"
        assert problems == []
    finally:
        context.close()


def test_site_program_page_has_one_timer_per_exercise_and_passes_axe(browser, serve, built_site, tmp_path):
    server, context, page, problems = site_page(browser, serve, built_site, tmp_path)
    try:
        page.goto(server.url + "programs/upper-back-pain/")
        ids = page.locator(".exercise-timer").evaluate_all("roots => roots.map(r => r.id)")
        assert ids == ["timer-shoulder-rolls", "timer-childs-pose", "timer-open-books", "timer-scapular-squeezes",
                       "timer-bent-over-rows"]
        page.locator("#timer-open-books").get_by_role("button", name="Start").click()
        assert axe_violations(page) == []
        assert problems == []
    finally:
        context.close()
