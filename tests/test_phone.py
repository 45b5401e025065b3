"""Phone details, in a real Chromium: a phone on its side, the timer's bar at Done, dark mode, the skip link, search."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handouts.render.brand import DARK_PAGE, contrast, palette
from handouts.site.engine import material_dir

from .conftest import AXE, ROOT, axe_violations

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
ON_ITS_SIDE = {**PHONE, "viewport": {"width": 844, "height": 390}}
PAGES = {
    "home": "",
    "programs": "programs/",
    "program": "programs/upper-back-pain/",
    "exercises": "exercises/",
    "exercise": "exercises/open-books/",
    "area": "areas/upper-back/",
    "404": "404.html",
}


def open_page(browser, url: str, clock: bool = False, **options):
    """A new context and page at url (on a paused virtual clock if asked), with its console errors recorded."""
    context = browser.new_context(**options)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    if clock:
        page.clock.install(time=0)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page, errors


def box(page, selector: str) -> dict:
    return page.locator(selector).first.evaluate("e => e.getBoundingClientRect().toJSON()")


@pytest.mark.parametrize("slug", ["scapular-squeezes", "childs-pose"])
def test_on_its_side_the_whole_timer_fits_below_the_header_with_larger_digits(
    browser, serve, built_site: Path, tmp_path: Path, slug: str
):
    url = serve(built_site).url + f"exercises/{slug}/"
    sizes = {}
    for name, options in (("upright", PHONE), ("on its side", ON_ITS_SIDE)):
        context, page, errors = open_page(browser, url + "#timer", clock=True, **options)  # a sheet's QR code
        try:
            page.get_by_role("button", name="Start", exact=True).click()
            page.clock.run_for(7_000)
            digits = page.locator(".exercise-timer__time")
            sizes[name] = digits.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
            if name == "on its side":
                page.screenshot(path=tmp_path / f"{slug}-on-its-side.png")
                header, timer = box(page, ".md-header"), box(page, ".exercise-timer")
                assert timer["top"] >= header["bottom"] - 1 and timer["bottom"] <= 390, timer
                buttons = page.locator(".exercise-timer button")
                assert buttons.count() >= 4
                for i in range(buttons.count()):
                    b = buttons.nth(i).evaluate("e => e.getBoundingClientRect().toJSON()")
                    assert b["top"] >= header["bottom"] and b["bottom"] <= 390 and b["right"] <= 844, b
            assert errors == []
        finally:
            context.close()
    assert sizes["on its side"] >= 1.4 * sizes["upright"], sizes


def test_the_progress_bar_stays_full_at_done(browser, serve, built_site: Path):
    url = serve(built_site).url + "exercises/shoulder-rolls/"
    context, page, errors = open_page(browser, url, clock=True, reduced_motion="reduce", **PHONE)
    try:
        page.get_by_role("button", name="Start", exact=True).click()
        page.clock.run_for(10 * 60_000)
        timer = page.locator(".exercise-timer")
        assert timer.get_attribute("data-phase") == "done"
        bar, track = box(page, ".exercise-timer__bar > div"), box(page, ".exercise-timer__bar")
        assert bar["width"] == pytest.approx(track["width"]) and track["width"] > 100
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("name", PAGES)
def test_dark_mode_follows_the_phone_and_reads_at_aa(browser, serve, built_site: Path, name: str):
    context, page, errors = open_page(browser, serve(built_site).url + PAGES[name], color_scheme="dark", **PHONE)
    try:
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb({}, {}, {})".format(*(int(DARK_PAGE[i:i + 2], 16) for i in (1, 3, 5)))
        assert axe_violations(page) == []
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("slug", ["scapular-squeezes", "open-books"])
def test_every_phase_of_the_timer_reads_at_aa(browser, serve, built_site: Path, scheme: str, slug: str):
    """Get ready, hold or move, rest, switch sides, paused, muted and done: axe's contrast check at each."""
    url = serve(built_site).url + f"exercises/{slug}/"
    context, page, errors = open_page(browser, url, clock=True, color_scheme=scheme, reduced_motion="reduce", **PHONE)
    try:
        page.evaluate(AXE.read_text())
        timer = page.locator(".exercise-timer")

        def contrast_problems() -> list:
            result = page.evaluate(
                "() => axe.run('.exercise-timer', {runOnly: {type: 'rule', values: ['color-contrast']}})")
            return [n["target"] for v in result["violations"] for n in v["nodes"]]

        page.get_by_role("button", name="Mute", exact=True).click()  # pressed: a shaded button
        page.get_by_role("button", name="Start", exact=True).click()
        seen = {}
        for _ in range(400):
            state = f"{timer.get_attribute('data-phase')}"
            if state not in seen:
                seen[state] = contrast_problems()
                if state == "ready":
                    page.get_by_role("button", name="Pause", exact=True).click()
                    seen["paused"] = contrast_problems()
                    page.get_by_role("button", name="Resume", exact=True).click()
            if state == "done":
                break
            page.clock.run_for(1_000)
        assert {"ready", "rest" if slug == "scapular-squeezes" else "switch", "done"} <= set(seen), seen
        assert {state: found for state, found in seen.items() if found} == {}
        assert errors == []
    finally:
        context.close()


def test_every_page_has_one_skip_link_to_its_content(built_site: Path):
    pages = list(built_site.rglob("*.html"))
    assert len(pages) >= 10
    for path in pages:
        text = path.read_text()
        assert text.count('class="md-skip handout-skip"') == 1, path
        assert re.search(r'<a href="#handout-content" class="md-skip handout-skip">\s*Skip to content\s*</a>', text)
        assert text.count('id="handout-content"') == 1, path
        assert text.index("handout-skip") < text.index("<header"), path  # the first thing a keyboard reaches


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_skip_link_shows_when_it_has_the_focus(browser, serve, built_site: Path, scheme: str):
    url = serve(built_site).url + PAGES["exercise"]
    context, page, errors = open_page(browser, url, color_scheme=scheme, reduced_motion="reduce", **PHONE)
    try:
        link = page.locator(".handout-skip")
        assert not link.evaluate("e => getComputedStyle(e).opacity === '1'")
        page.keyboard.press("Tab")
        assert link.evaluate("e => e === document.activeElement")
        page.wait_for_function("e => getComputedStyle(e).opacity === '1'", arg=link.element_handle())
        shown = link.evaluate("e => e.getBoundingClientRect().toJSON()")
        assert shown["top"] >= 0 and shown["bottom"] <= 844 and shown["width"] > 50
        assert link.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 18
        assert axe_violations(page, ".handout-skip") == []
        steps = page.evaluate("history.length")
        page.keyboard.press("Enter")
        # skip.js moves the focus itself, at once: no navigation that could take it back after the next Tab
        assert page.evaluate("document.activeElement.id") == "handout-content"
        assert page.evaluate("[history.length, location.hash]") == [steps, ""]  # and no step for Back
        page.keyboard.press("Tab")  # the next stop is in the page's own content, past the header and the menu
        # (the exercise's timer, its first control, may be moved out of .md-content by its own script meanwhile)
        assert page.evaluate("() => { const e = document.activeElement; return e !== document.body"
                             " && !e.closest('.md-header, .md-sidebar, .md-nav, .handout-skip')"
                             " && !!e.closest('.md-content, .exercise-timer'); }")
        assert errors == []
    finally:
        context.close()


def open_search(page, words: str = "back") -> None:
    page.locator("label[for=__search]").first.click()
    page.locator(".md-search__input").press_sequentially(words)  # material reads keys, not fill()
    page.locator(".md-search-result__link").first.wait_for()
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")  # faded in


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["home", "exercise", "program"])
def test_axe_finds_nothing_with_search_open(browser, serve, built_site: Path, name: str, scheme: str):
    url = serve(built_site).url + PAGES[name]
    context, page, errors = open_page(browser, url, color_scheme=scheme, **PHONE)
    try:
        open_search(page)
        assert axe_violations(page) == []
        named = page.evaluate("() => axe.run(document, {runOnly: {type: 'rule', values: ['aria-dialog-name']}})")
        assert named["violations"] == [] and named["passes"], "the search dialog has a name"
        sizes = page.evaluate(
            "[...document.querySelectorAll('.md-search-result__meta, .md-search-result article > *')]"
            ".map(e => parseFloat(getComputedStyle(e).fontSize))")
        assert sizes and min(sizes) >= 18, sizes
        assert errors == []
    finally:
        context.close()


def test_our_search_box_is_materials_with_a_name():
    """templates/partials/search.html is material's with one change; a material upgrade that changes it shows here."""
    ours = (ROOT / "templates/partials/search.html").read_text()
    theirs = (material_dir() / "templates/partials/search.html").read_text()
    ours = re.sub(r"\{#-.*?-#\}\n", "", ours, count=1, flags=re.S)
    theirs = re.sub(r"\{#-.*?-#\}\n", "", theirs, count=1, flags=re.S)
    assert ours.replace(' aria-label="{{ lang.t(\'search\') }}"', "", 1) == theirs


@pytest.mark.parametrize("colour", ["#1f5f8b", "#2e7d32", "#000000", "#6a1b9a", "#e53935", "#ffeb3b", "#9e9e9e"])
def test_the_clinic_colour_reads_in_dark_mode_too(colour: str):
    assert contrast(palette(colour).link_on_dark, DARK_PAGE) >= 4.5
    assert DARK_PAGE in (ROOT / "templates/assets/site.css").read_text()
