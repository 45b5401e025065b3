"""The timer's pure parts: its phase list for every shape of dose (run in Chromium), its partials, its size."""

from __future__ import annotations

import gzip
import re
import urllib.parse

import pytest

from handouts.model.values import Dose
from handouts.render.templates import jinja_env

from .conftest import ROOT, page_head, page_scripts

ASSETS = ROOT / "templates" / "assets"
SIZE_BUDGET = 9_728
"""8 KB until the program player: its hooks (one timer at a time, listen), the settings and the words read from the
page added 0.9 KB, the landscape layout and the log's event 0.4 KB. The player itself is tests/test_player.py's, and
so are the shared modules every page loads before the timer (dom.js, words.js: issue 24 moved the words and the dose
sentence there from timer.js, 0.7 KB of it)."""


@pytest.fixture(scope="module")
def js(browser):
    """phases(**dose) -> the list timer.js builds, from a blank page that loaded the script."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content(f'<!doctype html><title>phases</title>{page_head()}')
    for script in page_scripts("timer.js"):
        page.add_script_tag(path=str(ROOT / "templates" / script))

    def phases(**dose):
        full = {"reps": 1, "sets": 1, "hold": None, "hold_max": None, "rest": 0, "sides": None, "tempo": 3, **dose}
        return page.evaluate("d => HandoutTimer.phases(d)", full)

    yield phases
    context.close()


def kinds(phases: list[dict]) -> list[str]:
    return [p["type"] for p in phases]


def says(phases: list[dict]) -> list[str]:
    return [p["say"] for p in phases]


def total(phases: list[dict]) -> int:
    return sum(p["seconds"] for p in phases)


def test_hold_with_rest_alternates_and_rests_only_between_reps(js):
    phases = js(reps=10, hold=5, rest=5)
    assert kinds(phases) == ["ready"] + ["hold", "rest"] * 9 + ["hold", "done"]
    assert says(phases)[:4] == ["Get ready", "Rep 1 of 10: hold", "Rest", "Rep 2 of 10: hold"]
    assert says(phases)[-2:] == ["Rep 10 of 10: hold", "Done"]
    assert [p["seconds"] for p in phases[:3]] == [5, 5, 5]
    assert total(phases) == 5 + 10 * 5 + 9 * 5
    assert [p["rep"] for p in phases if p["type"] == "hold"] == list(range(1, 11))


def test_rest_zero_has_no_rest_phase(js):
    phases = js(reps=10, hold=5)
    assert kinds(phases) == ["ready"] + ["hold"] * 10 + ["done"]
    assert total(phases) == 55


def test_hold_range_runs_to_the_high_end_and_marks_the_low_end(js):
    phases = js(reps=3, hold=15, hold_max=30)
    holds = [p for p in phases if p["type"] == "hold"]
    assert len(holds) == 3
    assert all(p["seconds"] == 30 and p["at"] == 15 for p in holds)
    assert holds[0]["atSay"] == "15 seconds: you can stop here or keep going to 30"
    assert total(phases) == 5 + 3 * 30


def test_single_hold_has_no_low_end_mark(js):
    assert all("at" not in p for p in js(reps=2, hold=5))


def test_reps_without_hold_are_paced_at_the_tempo_and_counted(js):
    phases = js(reps=10, tempo=3)
    assert kinds(phases) == ["ready"] + ["move"] * 10 + ["done"]
    assert says(phases)[1:4] == ["Rep 1 of 10", "Rep 2 of 10", "Rep 3 of 10"]
    assert {p["seconds"] for p in phases if p["type"] == "move"} == {3}
    assert total(phases) == 35


def test_each_side_switches_after_all_reps_of_the_first_side(js):
    phases = js(reps=10, sides="each", tempo=4)
    assert kinds(phases) == ["ready"] + ["move"] * 10 + ["switch"] + ["move"] * 10 + ["done"]
    assert phases[0]["say"] == "Get ready: right side"
    assert phases[11]["say"] == "Switch to your left side" and phases[11]["seconds"] == 10
    assert [p["side"] for p in phases if p["type"] == "move"] == ["right"] * 10 + ["left"] * 10
    assert total(phases) == 5 + 10 * 4 + 10 + 10 * 4


def test_several_sets_have_a_break_and_count_sets(js):
    phases = js(reps=2, sets=3, hold=5)
    assert kinds(phases) == ["ready", "hold", "hold", "rest", "hold", "hold", "rest", "hold", "hold", "done"]
    breaks = [p for p in phases if p["type"] == "rest"]
    assert [p["say"] for p in breaks] == ["Rest. Set 2 of 3 is next", "Rest. Set 3 of 3 is next"]
    assert all(p["seconds"] == 10 for p in breaks)
    assert [p["set"] for p in phases if p["type"] == "hold"] == [1, 1, 2, 2, 3, 3]


def test_set_break_is_at_least_the_rest(js):
    assert [p["seconds"] for p in js(reps=1, sets=2, hold=5, rest=30) if p["type"] == "rest"] == [30]


def test_sets_and_sides_nest_sides_inside_sets(js):
    phases = js(reps=1, sets=2, sides="each", hold=5, rest=5)
    assert [(p["type"], p["set"], p["side"]) for p in phases] == [
        ("ready", 1, "right"), ("hold", 1, "right"), ("switch", 1, "left"), ("hold", 1, "left"),
        ("rest", 2, "right"), ("hold", 2, "right"), ("switch", 2, "left"), ("hold", 2, "left"), ("done", 2, "left"),
    ]


def test_single_rep_has_ready_hold_done(js):
    assert kinds(js(reps=1, hold=10, rest=5)) == ["ready", "hold", "done"]


def render(template: str, **context) -> str:
    return jinja_env([ROOT / "templates"]).get_template(template).render(**context)


def test_root_partial_carries_the_dose_and_is_hidden_without_javascript():
    html = render("partials/timer.html", dose=Dose(reps=3, hold=15, hold_max=30), timer_id="timer",
                  title='Child\'s "pose" <b>')
    assert " hidden" in html and 'id="timer"' in html and 'role="group"' in html
    assert 'aria-label="Timer for Child&#39;s &#34;pose&#34; &lt;b&gt;"' in html
    for attr in ('data-reps="3"', 'data-sets="1"', 'data-hold="15"', 'data-hold-max="30"', 'data-rest="0"',
                 'data-sides=""', 'data-tempo="3"'):
        assert attr in html


def test_root_partial_without_hold_leaves_hold_empty():
    html = render("partials/timer.html", dose=Dose(reps=10, sides="each", tempo=4), timer_id="timer-open-books",
                  title="Open books")
    assert 'id="timer-open-books"' in html and 'data-hold=""' in html and 'data-hold-max=""' in html
    assert 'data-sides="each"' in html and 'data-tempo="4"' in html


def test_print_partial_has_a_box_per_rep_and_a_row_per_set_and_side():
    html = render("partials/timer-print.html", dose=Dose(reps=10, sets=2, hold=5, rest=5, sides="each"))
    assert html.count('class="timer-print__row"') == 4
    assert html.count('class="timer-print__boxes"') == 4 and html.count('alt="10 boxes"') == 4
    assert "Tick a box for each repeat." in html
    boxes = urllib.parse.unquote(re.search(r'class="timer-print__boxes" src="data:image/svg\+xml,([^"]+)"', html)[1])
    assert len(re.findall(r"M[\d.]+ 0.5H[\d.]+V8.5H[\d.]+Z", boxes)) == 10, "one box drawn per repeat"
    assert "Hold each repeat for 5 seconds." in html and "Rest 5 seconds between repeats." in html
    assert "Set 1, right side" in html and "Set 2, left side" in html
    assert "Scan for the timer" not in html


def test_print_partial_range_in_words_and_qr():
    qr = {"src": "data:image/svg+xml,%3Csvg%3E", "alt": "QR code for the timer", "url": "https://example.org/e/"}
    html = render("partials/timer-print.html", dose=Dose(reps=3, hold=15, hold_max=30), qr=qr)
    assert "Hold each repeat for 15 to 30 seconds." in html and "Rest" not in html
    assert html.count('alt="3 boxes"') == 1
    assert "Scan for the timer" in html and 'alt="QR code for the timer"' in html and "https://example.org/e/" in html


def test_print_partial_accepts_qr_none():
    assert "Scan for the timer" not in render("partials/timer-print.html", dose=Dose(reps=2), qr=None)


def test_timer_js_and_css_fit_their_budget_gzipped():
    files = [ASSETS / "timer.js", ASSETS / "timer.css", ASSETS / "timer-print.css"]
    size = sum(len(gzip.compress(f.read_bytes(), 9)) for f in files)
    assert size <= SIZE_BUDGET, f"timer assets are {size} bytes gzipped; the budget is {SIZE_BUDGET}"


def test_timer_assets_fetch_nothing_from_the_network():
    for name in ("timer.js", "timer.css", "timer-print.css"):
        text = (ASSETS / name).read_text()
        assert "http://" not in text and "https://" not in text and "fetch(" not in text
