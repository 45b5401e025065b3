"""The program player and the spoken coaching, on a built site in a real Chromium on Playwright's virtual clock.

The site is the shipped project with one change a clinician might make: open books at 6 repeats a side instead of 10.
Headless Chromium has no voices, so an init script records what would be spoken (`speechSynthesis.speak`).
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from handouts.content.load import load_library
from handouts.i18n.words import BROWSER, word
from handouts.model.values import Dose

from .conftest import DEVICE_SPY, ROOT, axe_violations, build_site, copy_project
from .test_timer import watch

ASSETS = ROOT / "templates" / "assets"
IDS = ["timer-shoulder-rolls", "timer-childs-pose", "timer-open-books", "timer-scapular-squeezes",
       "timer-bent-over-rows"]
NEXT = 5
"""Seconds the player gives to "Next: …" between two exercises (player.js)."""

# Before any page script: what would be spoken (text, language, voice), beeps, wake locks, the timers' events.
SPY = DEVICE_SPY + """
window.__spoken = []; window.__voices = []; window.__events = [];
window.__done = [];
window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; this.lang = ''; this.voice = null; } };
speechSynthesis.speak = u => {
  window.__spoken.push(u.text); window.__voices.push({lang: u.lang, voice: u.voice && u.voice.name});
};
document.addEventListener('handout:program-done', e => window.__done.push(e.detail.program));
document.addEventListener('DOMContentLoaded', () => HandoutTimer.listen((event, t, p) => {
  if (event === 'start' || (event === 'cue' && p.type === 'done'))
    window.__events.push([event, t.root.id, Math.round(performance.now()), t.list.map(x => [x.type, x.seconds])]);
}));
"""

BAR = """() => {
  const q = s => document.querySelector('.handout-player__' + s);
  return {hidden: q('bar').hidden, where: q('where').textContent, what: q('what').textContent,
          phase: q('phase').textContent, time: q('time').textContent, toggle: q('toggle').textContent,
          start: !q('start').hidden};
}"""


def w(key: str, **values: object) -> str:
    """A sentence of the browser's catalog, as the page says it."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m[1]]), BROWSER[key])


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("player") / "project")
    program = project / "content" / "programs" / "upper-back-pain.md"
    text = program.read_text()
    assert "  - open-books\n" in text
    program.write_text(text.replace("  - open-books\n", "  - exercise: open-books\n    dose: {reps: 6}\n"))
    return build_site(project)


@pytest.fixture(scope="module")
def doses(site) -> list[Dose]:
    library = load_library(site.parent / "mkdocs.yml", site.parent)
    return [item.dose for item in library.programs["upper-back-pain"].items]


class Session:
    def __init__(self, page, problems: list[str]):
        self.page, self.problems = page, problems

    def run(self, ms: int) -> None:
        self.page.clock.run_for(ms)

    def bar(self) -> dict:
        return self.page.evaluate(BAR)

    def spoken(self) -> list[str]:
        return self.page.evaluate("window.__spoken")

    def click(self, name: str) -> None:
        self.page.get_by_role("button", name=name, exact=True).click()

    def timer(self, timer_id: str) -> str:
        return self.page.locator(f"#{timer_id}").get_attribute("data-status")

    def player(self, name: str) -> None:
        self.page.locator(".handout-player").get_by_role("button", name=name, exact=True).click()


@pytest.fixture
def open_page(browser, serve, site):
    """open_page(path='programs/upper-back-pain/', storage=None) -> Session on a paused virtual clock."""
    contexts = []
    server = serve(site)

    def start(path: str = "programs/upper-back-pain/", **options) -> Session:
        context = browser.new_context(**({"viewport": {"width": 390, "height": 844}} | options))
        contexts.append(context)
        page = context.new_page()
        problems: list[str] = []
        watch(context, page, problems)
        page.add_init_script(SPY)
        page.clock.install(time=0)
        page.goto(server.url + path)
        page.clock.pause_at(1000)
        return Session(page, problems)

    yield start
    for context in contexts:
        context.close()


def seconds(dose: Dose, ready: int = 5) -> int:
    """How long the timer runs a dose, worked out here on its own (not by timer.js): get ready, every rep, its rests,
    the switch of sides (10 s) and the break between sets (at least 10 s)."""
    sides = 2 if dose.sides == "each" else 1
    each = dose.hold_max or dose.hold or dose.tempo
    work = dose.sets * sides * (dose.reps * each + (dose.reps - 1) * dose.rest)
    return ready + work + dose.sets * (sides - 1) * 10 + (dose.sets - 1) * max(dose.rest, 10)


def test_the_whole_program_runs_hands_free_in_order_with_the_programs_doses(open_page, doses):
    t = open_page()
    assert doses[2] == Dose(reps=6, sides="each", tempo=4), "the program's own dose for open books"
    t.player(w("player.start"))
    total = sum(seconds(d) for d in doses) + NEXT * (len(doses) - 1)
    t.run(total * 1000 + 60_000)
    events = t.page.evaluate("window.__events")
    starts = [e for e in events if e[0] == "start"]
    dones = [e for e in events if e[0] == "cue"]
    assert [e[1] for e in starts] == IDS and [e[1] for e in dones] == IDS
    at = starts[0][2]
    for start, done, dose in zip(starts, dones, doses, strict=True):
        assert start[2] == at, start[1]
        assert done[2] - start[2] == seconds(dose) * 1000, start[1]
        at = done[2] + NEXT * 1000
    moves = [p for p in starts[2][3] if p[0] == "move"]
    assert len(moves) == 12 and {p[1] for p in moves} == {4}, "6 a side, 4 s each: the program's dose"
    holds = [p for p in starts[1][3] if p[0] == "hold"]
    assert holds == [["hold", 30]] * 3
    assert t.page.evaluate("window.__done") == ["upper-back-pain"]
    assert t.bar()["hidden"] and t.bar()["start"]
    assert t.page.locator(".handout-player__length").text_content() == w("player.finished")
    assert all(t.timer(i) == "done" for i in IDS)
    assert t.problems == []


def test_what_the_coach_says(open_page):
    t = open_page()
    t.player(w("player.start"))
    t.run(5_000 + 30_000 + NEXT * 1000 + 5_000 + 30_000 + 5_000 + 30_000)
    said = t.spoken()
    intro = w("speak.intro", exercise="Shoulder rolls", step="Stand or sit with your feet shoulder-width apart.")
    shoulder_rolls = [intro, w("say.ready")] + [w("say.move", rep=n, reps=10) for n in range(1, 11)] + [w("speak.done")]
    childs_pose = [w("player.next", exercise="Child's pose", step="Kneel on the floor and sit back on your heels."),
                   w("say.ready"), w("speak.holdCount", rep=1, reps=3), w("say.range", low=15, high=30), "3", "2", "1",
                   w("speak.rest"), w("speak.holdCount", rep=2, reps=3)]
    assert said[:len(shoulder_rolls)] == shoulder_rolls
    assert said[len(shoulder_rolls):len(shoulder_rolls) + len(childs_pose)] == childs_pose
    t.run(20 * 60_000)
    said = t.spoken()
    books = said[said.index(w("player.next", exercise="Open books", step="Lie on your side with your head supported "
                                                                            "and your knees bent to 90 degrees.")):]
    assert books[1] == w("say.ready.right") and w("say.move", rep=6, reps=6) in books
    assert books[books.index(w("say.move", rep=6, reps=6)) + 1] == w("say.switch.left")
    assert w("say.move", rep=7, reps=6) not in books
    assert said.count(w("speak.done")) == 5 and said[-1] == w("speak.finished")
    assert {x["lang"] for x in t.page.evaluate("window.__voices")} == {"en"}, "the page's language"
    assert t.problems == []


def test_exercise_2_of_5_the_live_region_and_the_screen_kept_on(open_page):
    t = open_page()
    t.player(w("player.start"))
    assert t.bar()["where"] == w("player.position", n=1, total=5) and t.bar()["what"] == "Shoulder rolls"
    assert t.page.evaluate("document.activeElement.textContent") == w("player.pause")
    t.run(35_000)
    nxt = w("player.next", exercise="Child's pose", step="Kneel on the floor and sit back on your heels.")
    assert t.bar()["where"] == w("player.position", n=2, total=5) and t.bar()["what"] == nxt
    assert t.bar()["phase"] == w("player.nextLabel") and t.bar()["time"] == "5 seconds left"
    assert t.page.locator(".handout-player__live").text_content() == nxt
    top = t.page.evaluate("document.getElementById('childs-pose').getBoundingClientRect().top")
    assert 0 < top < 120, "the next exercise is shown from its title, below the header"
    t.run(NEXT * 1000 + 5_000 + 1_000)
    assert t.bar()["what"] == "Child's pose" and t.bar()["phase"] == "Hold" and t.bar()["time"] == "29 seconds left"
    assert t.page.locator("#timer-childs-pose [aria-live]").text_content() == w("say.hold", rep=1, reps=3)
    # One wake lock, held from the start, through "Next", to the end (the timers take their own too).
    assert t.page.evaluate("window.__locks[0].released") is False
    t.run(20 * 60_000)
    assert t.page.evaluate("window.__locks.every(l => l.released)")
    assert t.problems == []


def test_moves_do_not_flood_the_live_region(open_page):
    t = open_page()
    t.page.evaluate("""() => { const live = document.querySelector('#timer-shoulder-rolls [aria-live]');
        window.__heard = [];
        new MutationObserver(() => __heard.push(live.textContent)).observe(live, {childList: true});
    }""")
    t.player(w("player.start"))
    t.run(36_000)
    named = w("say.named", exercise="Shoulder rolls", say=w("say.ready"))
    assert t.page.evaluate("window.__heard") == [named, w("say.move", rep=1, reps=10), w("say.done")]


def test_pause_resume_skip_back_and_stop(open_page):
    t = open_page()
    t.player(w("player.start"))
    t.run(7_500)
    t.player(w("player.pause"))
    bar, said = t.bar(), t.spoken()
    assert bar["toggle"] == w("player.resume") and t.timer(IDS[0]) == "paused"
    t.run(60_000)
    assert t.bar() == bar and t.spoken() == said
    t.player(w("player.resume"))
    assert t.timer(IDS[0]) == "running"
    t.player(w("player.skip"))
    assert t.timer(IDS[0]) == "idle" and t.bar()["where"] == w("player.position", n=2, total=5)
    t.run(2_000)
    t.player(w("player.pause"))  # "Next" holds its time too
    t.run(60_000)
    assert t.bar()["time"] == "3 seconds left" and t.bar()["phase"] == w("player.paused")
    t.player(w("player.resume"))
    t.run(3_000)
    assert t.timer(IDS[1]) == "running" and t.bar()["what"] == "Child's pose"
    t.player(w("player.skip"))
    t.player(w("player.skip"))
    assert t.bar()["where"] == w("player.position", n=4, total=5) and t.timer(IDS[1]) == "idle"
    t.player(w("player.back"))
    assert t.bar()["where"] == w("player.position", n=3, total=5)
    t.run(NEXT * 1000)
    assert t.timer(IDS[2]) == "running"
    t.player(w("player.back"))
    t.player(w("player.back"))
    t.player(w("player.back"))
    assert t.bar()["where"] == w("player.position", n=1, total=5)
    t.player(w("player.stop"))
    assert t.bar()["hidden"] and t.bar()["start"] and all(t.timer(i) == "idle" for i in IDS)
    assert t.page.evaluate("document.activeElement.textContent") == w("player.start")
    assert t.page.locator(".handout-player__live").text_content() == w("player.stopped")
    said = t.spoken()
    t.run(5 * 60_000)
    assert t.spoken() == said and t.page.evaluate("window.__locks.every(l => l.released)")
    assert t.problems == []


def test_one_timer_at_a_time(open_page):
    t = open_page()
    squeezes = t.page.locator("#timer-scapular-squeezes")
    t.player(w("player.start"))
    t.run(3_000)
    squeezes.get_by_role("button", name="Start", exact=True).click()
    assert t.bar()["hidden"] and t.timer(IDS[0]) == "idle" and t.timer(IDS[3]) == "running"
    t.run(2_000)
    t.page.locator("#timer-childs-pose").get_by_role("button", name="Start", exact=True).click()
    assert t.timer(IDS[3]) == "idle" and t.timer(IDS[1]) == "running"
    t.player(w("player.start"))
    assert t.timer(IDS[1]) == "idle" and t.timer(IDS[0]) == "running" and not t.bar()["hidden"]
    # The player's own timer, paused and reset with its own buttons: the player follows.
    rolls = t.page.locator("#timer-shoulder-rolls")
    rolls.get_by_role("button", name="Pause", exact=True).click()
    assert t.bar()["toggle"] == w("player.resume")
    rolls.get_by_role("button", name="Resume", exact=True).click()
    assert t.bar()["toggle"] == w("player.pause")
    rolls.get_by_role("button", name="Reset", exact=True).click()
    assert t.bar()["hidden"]
    assert t.problems == []


def test_settings_are_remembered_and_the_next_run_uses_them(open_page, doses):
    t = open_page()
    t.page.get_by_text("Voice and timer settings").click()
    t.page.get_by_label("Time to get ready before each exercise").select_option("15")
    t.page.get_by_label("No counting").check()
    assert t.page.evaluate("JSON.parse(localStorage.getItem('handout-settings'))") == {
        "voice": True, "ready": 15, "count": "off", "hold": "long"}
    t.page.reload()
    t.page.clock.pause_at(2000)
    t.page.get_by_text("Voice and timer settings").click()
    assert t.page.get_by_label("Time to get ready before each exercise").input_value() == "15"
    assert t.page.get_by_label("No counting").is_checked()
    minutes = round((sum(seconds(d, 15) for d in doses) + NEXT * 4) / 60)
    assert t.page.locator(".handout-player__length").text_content() == w("player.length", minutes=minutes)
    rolls = t.page.locator("#timer-shoulder-rolls")
    assert rolls.locator(".exercise-timer__time").text_content() == str(seconds(doses[0], 15))
    t.player(w("player.start"))
    assert t.bar()["phase"] == "Get ready" and t.bar()["time"] == "15 seconds left"
    t.run(15_000 + 30_000 + NEXT * 1000 + 15_000 + 1_000)
    said = t.spoken()
    assert said.count(w("say.move", rep=1, reps=10)) == 1 and w("say.move", rep=2, reps=10) not in said
    assert said[-1] == w("speak.hold") and w("speak.holdCount", rep=1, reps=3) not in said
    assert t.problems == []


def test_voice_off_plays_distinct_louder_tones(open_page):
    t = open_page()
    t.page.get_by_text("Voice and timer settings").click()
    t.page.get_by_label("Speak the steps and the counts out loud").uncheck()
    t.player(w("player.start"))
    t.run(35_000 + NEXT * 1000 + 5_000 + 1_000)
    assert t.spoken() == []
    beeps = t.page.evaluate("window.__beeps")
    # ready 1, ten moves 1 each, done 3 (rising); ready 1, hold 2
    assert len(beeps) == 1 + 10 + 3 + 1 + 2
    assert beeps[11] < beeps[12] < beeps[13]
    t.run(29_000)  # to the end of the first hold, 30 s
    assert t.page.evaluate("window.__beeps").count(1320) == 3, "3-2-1 as short high ticks"
    assert t.problems == []


def test_a_voice_in_the_pages_language_on_the_device(open_page):
    t = open_page()
    t.page.evaluate("""speechSynthesis.getVoices = () => [
        {name: 'Deutsch', lang: 'de-DE', localService: true}, {name: 'Online', lang: 'en-US', localService: false},
        {name: 'English', lang: 'en_GB', localService: true}]""")
    t.player(w("player.start"))
    assert t.page.evaluate("window.__voices.map(x => x.voice)") == ["English", "English"]
    t.page.evaluate("speechSynthesis.getVoices = () => [{name: 'Deutsch', lang: 'de-DE', localService: true}]")
    t.run(6_000)
    assert t.page.evaluate("window.__voices.at(-1)") == {"lang": "en", "voice": None}


def test_the_range_hold_choice(open_page):
    t = open_page("exercises/scapular-squeezes/")
    t.page.get_by_text("Voice and timer settings").click()
    assert t.page.get_by_text("When a hold is a range").is_hidden(), "no range on this page"
    t = open_page("exercises/childs-pose/")
    t.page.get_by_text("Voice and timer settings").click()
    assert t.page.get_by_label("Hold for the longest time").is_checked()
    t.page.get_by_label("Hold for the shortest time").check()
    timer = t.page.locator("#timer")
    assert timer.locator(".exercise-timer__time").text_content() == "1:00"  # 5 + 3 * 15 + 2 * 5 s
    timer.get_by_role("button", name="Start", exact=True).click()
    t.run(5_000 + 14_000)
    assert timer.get_attribute("data-phase") == "hold" and timer.locator(".exercise-timer__note").text_content() == ""
    t.run(1_000)
    assert timer.get_attribute("data-phase") == "rest"
    said = t.spoken()
    intro = w("speak.intro", exercise="Child's pose", step="Kneel on the floor and sit back on your heels.")
    assert said[:3] == [intro, w("say.ready"), w("speak.holdCount", rep=1, reps=3)]
    assert said[3:] == ["3", "2", "1", w("speak.rest")], "no 'you can stop here' when holding for the shortest time"
    assert t.problems == []


def test_keyboard_alone(open_page):
    t = open_page()
    start = t.page.get_by_role("button", name=w("player.start"))
    start.focus()
    t.page.keyboard.press("Enter")
    assert t.page.evaluate("document.activeElement.textContent") == w("player.pause")
    t.page.keyboard.press("Space")
    assert t.bar()["toggle"] == w("player.resume")
    t.page.keyboard.press("Enter")
    t.page.keyboard.press("Tab")
    t.page.keyboard.press("Tab")
    assert t.page.evaluate("document.activeElement.textContent") == w("player.skip")
    t.page.keyboard.press("Enter")
    assert t.bar()["where"] == w("player.position", n=2, total=5)
    t.page.keyboard.press("Tab")
    t.page.keyboard.press("Enter")
    assert t.bar()["hidden"] and t.page.evaluate("document.activeElement.textContent") == w("player.start")
    t.page.keyboard.press("Tab")
    t.page.keyboard.press("Enter")  # the settings open
    t.page.keyboard.press("Tab")
    t.page.keyboard.press("Space")
    assert not t.page.get_by_label("Speak the steps and the counts out loud").is_checked()
    style = t.page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert style != "none", "the focus is visible"
    assert t.problems == []


@pytest.mark.parametrize("ms", [0, 3_000, 36_000, 52_000])
def test_axe_finds_nothing_with_the_player_running(open_page, ms):
    t = open_page()
    t.page.get_by_text("Voice and timer settings").click()
    if ms:
        t.player(w("player.start"))
        t.run(ms)
    t.page.clock.resume()  # axe waits on timers of its own
    assert axe_violations(t.page) == []
    assert t.problems == []


def test_text_is_18_px_or_more_and_hidden_without_javascript(open_page):
    t = open_page()
    t.page.get_by_text("Voice and timer settings").click()
    t.player(w("player.start"))
    sizes = t.page.evaluate("""[...document.querySelectorAll('.handout-player *, .handout-settings *')]
        .filter(e => e.offsetParent && e.childNodes[0]?.nodeType === 3 && e.textContent.trim())
        .map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert sizes and min(sizes) >= 18
    plain = open_page(java_script_enabled=False)
    assert plain.page.locator(".handout-player").is_hidden() and plain.page.locator(".handout-settings").is_hidden()
    assert plain.page.locator(".exercise-timer").first.is_hidden()


def test_print_leaves_the_player_out(open_page):
    t = open_page()
    t.page.emulate_media(media="print")
    assert t.page.locator(".handout-player").is_hidden() and t.page.locator(".handout-settings").is_hidden()


def test_the_pure_core(open_page):
    t = open_page()
    spoken = "([p, kind, o]) => HandoutPlayer.spoken(p, kind, o)"
    hold = {"type": "hold", "rep": 4, "reps": 10, "set": 1, "sets": 1, "say": "Rep 4 of 10: hold"}
    assert t.page.evaluate(spoken, [hold, "hold", {"count": "every"}]) == w("speak.holdCount", rep=4, reps=10)
    assert t.page.evaluate(spoken, [hold, "hold", {"count": "off"}]) == w("speak.hold")
    brk = {"type": "rest", "rep": 1, "reps": 10, "set": 2, "sets": 3, "say": ""}
    assert t.page.evaluate(spoken, [brk, "rest", {}]) == w("speak.setBreak", set=2, sets=3)
    move = {"type": "move", "rep": 2, "reps": 10, "say": "Rep 2 of 10"}
    assert t.page.evaluate(spoken, [move, "move", {"count": "off"}]) == ""
    doses = [{"reps": 10, "tempo": 3}, {"reps": 3, "hold": 15, "hold_max": 30, "rest": 5}]
    assert t.page.evaluate("d => HandoutPlayer.seconds(d, {})", doses) == 35 + NEXT + 5 + 90 + 10
    short = "d => HandoutPlayer.seconds(d, {ready: 20, hold: 'short'})"
    assert t.page.evaluate(short, doses) == 50 + NEXT + 20 + 45 + 10


def test_the_player_fits_its_budget_and_fetches_nothing():
    size = sum(len(gzip.compress((ASSETS / name).read_bytes(), 9)) for name in ("player.js", "player.css"))
    # 5.5 KiB until the bar learned to fold up when zoomed in (issue 23: about 0.6 KiB of it).
    assert size <= 6_144, f"player.js and player.css are {size} bytes gzipped"
    for name in ("player.js", "player.css"):
        text = (ASSETS / name).read_text()
        assert "http://" not in text and "https://" not in text and "fetch(" not in text


def test_no_english_in_the_scripts():
    """Every word a patient reads or hears comes from handouts/i18n/words.py: no sentence in the scripts themselves."""
    for name in ("timer.js", "player.js", "sheet.js", "personal.js", "words.js", "dom.js", "linkcodec.js", "skip.js"):
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", (ASSETS / name).read_text(), flags=re.S)
        strings = set(re.findall(r'"([^"\\]*)"', code)) - {"use strict"}
        english = [s for s in strings if re.search(r"[A-Za-z]{2,} [a-z]{2,}", s)]
        assert english == [], name
        assert strings, name


def test_the_page_carries_the_first_step_and_the_program(site):
    html = (site / "programs" / "upper-back-pain" / "index.html").read_text()
    assert 'data-step="Kneel on the floor and sit back on your heels."' in html
    assert 'data-program="upper-back-pain"' in html
    assert html.index('class="handout-player"') < html.index('id="timer-shoulder-rolls"')
    options = re.findall(r'<option value="(\d+)">', html)
    assert options == ["5", "10", "15", "20", "25", "30"], "the choices timer.js accepts (5 to 30 seconds)"


TIMER_BEFORE_THE_PLAYER = 6_236
"""timer.js gzipped (level 9) before the player, speech, log and offline work began (commit bdcbbf8)."""
UP_TO_DATE = 3 * 1024
"""What pages from the network first, the saved copy's note and the "This page has changed" notice add (issue 23)."""


def test_player_speech_log_and_offline_scripts_add_at_most_12_kb():
    """The issue's budget: what a patient's phone downloads for all of it, beyond the timer it already had. With the
    shared modules that hold what these scripts once each had a copy of (the words, an element helper; issue 24)."""
    scripts = [ASSETS / "timer.js", ASSETS / "player.js", ASSETS / "log.js", ASSETS / "offline.js",
               ASSETS.parent / "sw.js", ASSETS / "dom.js", ASSETS / "words.js"]
    added = sum(len(gzip.compress(f.read_bytes(), 9)) for f in scripts) - TIMER_BEFORE_THE_PLAYER
    assert added <= 12 * 1024 + UP_TO_DATE, f"the scripts add {added} bytes gzipped"


# -- zoomed in: 200% on a 390 by 844 phone is 195 by 422 CSS pixels (issue 23) ------------------------------------

ZOOMED = {"viewport": {"width": 195, "height": 422}, "device_scale_factor": 2}
ON_ITS_SIDE = {"viewport": {"width": 422, "height": 195}, "device_scale_factor": 2}

# Each word of each button of the bar the patient can see, as the browser lays it out: a word drawn on two lines
# ("Paus" / "e") has client rects at two heights; a word wider than its button spills out of it.
BROKEN_WORDS = """() => [...document.querySelectorAll('.handout-player__bar button')]
  .filter(b => b.getClientRects().length).flatMap(button => {
    const box = button.getBoundingClientRect(), broken = [];
    const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
      for (const m of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const rects = [...range.getClientRects()].filter(r => r.width > 0);
        const lines = new Set(rects.map(r => Math.round(r.top)));
        const word = range.getBoundingClientRect();
        if (lines.size !== 1 || word.left < box.left || word.right > box.right) broken.push(button.textContent.trim());
      }
    }
    return broken;
  })"""

# How much of the screen the bar takes, and whether the running exercise's title is in sight above it.
IN_SIGHT = """() => {
  const bar = document.querySelector('.handout-player__bar').getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect();
  const where = document.querySelector('.handout-player__where').textContent.match(/\\d+/)[0] - 1;
  const title = document.querySelectorAll('.handout-exercise h3')[where].getBoundingClientRect();
  return {share: bar.height / innerHeight, title: title.top >= header.bottom - 1 && title.bottom <= bar.top + 1,
          buttons: [...document.querySelectorAll('.handout-player__bar button')]
            .filter(b => b.getClientRects().length).map(b => b.textContent.trim())};
}"""


@pytest.mark.parametrize("lang", ["", "es/"])
@pytest.mark.parametrize("screen", [ZOOMED, ON_ITS_SIDE], ids=["200%", "200% on its side"])
def test_zoomed_in_the_bar_keeps_whole_words_and_the_exercise_in_sight(open_page, lang, screen):
    t = open_page(f"{lang}programs/upper-back-pain/", **screen)
    code = lang.strip("/") or "en"

    def say(key: str, **values: object) -> str:
        return word(key, code, **values)

    t.page.locator(".handout-player__start").click()
    t.run(12_000)
    most = 0.4 if screen is ZOOMED else 0.5  # on its side, 195 pixels tall: the phase over the time, and the buttons
    seen = t.page.evaluate(IN_SIGHT)
    assert seen["share"] <= most and seen["title"], seen
    assert seen["buttons"] == [say("player.more"), say("player.pause"), say("player.stop")]
    assert t.page.evaluate(BROKEN_WORDS) == []
    bar = t.page.locator(".handout-player__bar")
    bar.get_by_role("button", name=say("player.pause"), exact=True).click()
    assert t.bar()["toggle"] == say("player.resume") and t.page.evaluate(BROKEN_WORDS) == []
    more = bar.get_by_role("button", name=say("player.more"), exact=True)
    assert more.get_attribute("aria-expanded") == "false"
    more.click()  # the rest of the bar: where in the program, the exercise, Back and Skip exercise
    assert more.get_attribute("aria-expanded") == "true"
    assert t.page.evaluate(IN_SIGHT)["buttons"] == [say(k) for k in (
        "player.more", "player.resume", "player.back", "player.skip", "player.stop")]
    assert t.page.locator(".handout-player__what").is_visible() and t.page.evaluate(BROKEN_WORDS) == []
    t.page.clock.resume()  # axe waits on timers of its own
    assert axe_violations(t.page, ".handout-player__bar") == []
    t.page.clock.pause_at(t.page.evaluate("Date.now()") + 1000)
    bar.get_by_role("button", name=say("player.skip"), exact=True).click()
    assert t.bar()["where"] == say("player.position", n=2, total=5)
    more.click()
    assert more.get_attribute("aria-expanded") == "false" and t.page.evaluate(IN_SIGHT)["share"] <= most
    assert t.problems == []


def test_at_phone_size_the_whole_bar_shows_with_no_more_button(open_page):
    t = open_page()
    t.player(w("player.start"))
    t.run(8_000)
    seen = t.page.evaluate(IN_SIGHT)
    assert seen["buttons"] == [w(k) for k in ("player.pause", "player.back", "player.skip", "player.stop")]
    assert seen["share"] <= 0.4 and seen["title"] and t.page.evaluate(BROKEN_WORDS) == []
