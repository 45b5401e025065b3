"""The figure studio (/studio/, handouts/site/studio.py): in a preview only; a clinician poses a figure with its
controls, copies the front matter it writes into a new exercise, and the build draws that exercise's figure exactly
as the studio did; a figure's problems read as `check` says them; an exercise page opens its own figure there."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from handouts.content.load import figure_of
from handouts.model.schema import FigureSchema
from handouts.render.figures import STARTING_POSES, figure_svg, starting_figure
from handouts.site import studio

from .conftest import build_site, run_build_py
from .test_incremental import after_rebuild, fetch

SVG_RE = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg" class="pose-figure__svg".*?</svg>', re.S)
FIGURE_RE = re.compile(r"^figure:\n(?:[ #].*\n|\n)*", re.M)
"""An exercise file's `figure:` block: the line and every indented (or comment) line under it."""


# -- values in memory --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [name for name, _ in STARTING_POSES])
def test_each_starting_pose_is_written_as_front_matter_that_checks_and_draws_as_the_build_does(name: str):
    answer = studio.answer({"pose": name}, None, None)
    assert answer["problems"] == []
    again = studio.read_figure(answer["yaml"], "#1f5f8b")
    assert again["svg"] == answer["svg"] != ""
    assert again["figure"]["posture"] == starting_figure(name)["posture"]


def test_the_controls_state_is_written_in_the_docs_form_and_quoted_only_where_yaml_needs_it():
    state = {"posture": "sitting", "facing": "right", "props": ["chair", {"wall": "front"}], "highlight": [],
             "poses": {"start": {}, "end": {"right knee": 90}}, "alt": "Sitting: a knee straightens",
             "caption": "Keep your back straight, and breathe."}
    text = studio.front_matter(state)
    assert text == ('figure:\n  posture: sitting\n  props: [chair, {wall: front}]\n  poses:\n    start: {}\n'
                    '    end: {right knee: 90}\n  alt: "Sitting: a knee straightens"\n'
                    '  caption: Keep your back straight, and breathe.\n')
    assert studio.read_figure(text, "#1f5f8b")["problems"] == []


def test_problems_are_check_s_messages_at_the_line_of_the_text():
    text = "figure:\n  posture: standing\n  poses:\n    start: {}\n    end: {knee: 200, elbo: 3}\n  alt: A\n"
    answer = studio.read_figure(text, "#1f5f8b")
    assert answer["svg"] == ""
    assert {"line": 5, "message": "'knee' must be from 0 to 160 degrees, not 200"} in answer["problems"]
    assert {"line": 5, "message": "unknown joint 'elbo' (did you mean 'elbow'?)"} in answer["problems"]
    assert any(p["message"].startswith("'caption'") for p in answer["problems"])  # required, as check says


def test_the_studio_draws_with_the_build_s_own_function():
    figure = figure_of(FigureSchema.model_validate(starting_figure("Kneeling")))
    assert figure is not None
    assert studio.read_figure(studio.front_matter(starting_figure("Kneeling")), "#123456")["svg"] == str(
        figure_svg(figure, "#123456"))


# -- in Chromium, against a running preview ----------------------------------------------------------------------


def open_page(browser, url: str):
    """A new browser context on url, and the errors its page logs (a preview's page never goes network-idle: its
    live-reload request stays open)."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return context, page, errors


def settled(page) -> None:
    """Wait until the studio has shown the answer to its last question."""
    page.wait_for_function("() => document.querySelector('.studio[aria-busy=false]')")


def same_drawing(page, built_svg: str) -> bool:
    """The studio's drawing is the built page's SVG (which the studio shows still, without figure.js's numbers)."""
    return page.evaluate("""(svg) => {
        const box = document.createElement('div'); box.innerHTML = svg;
        box.firstElementChild.removeAttribute('data-pose');
        return box.innerHTML === document.querySelector('.studio-drawing').innerHTML;
    }""", built_svg)


def test_a_figure_posed_in_the_studio_builds_to_the_same_drawing(project: Path, preview, browser):
    server = preview(project)
    answers: list[dict] = []
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: answers.append(json.loads(r.text())) if "/_studio/figure" in r.url else None)
    page.goto(server.url + "studio/")
    settled(page)
    page.get_by_label("Starting pose").select_option("Sitting on a chair")
    page.get_by_role("button", name="Start from this pose").click()
    settled(page)
    page.get_by_label("The end pose").check()
    page.get_by_label("right knee", exact=True).fill("90")
    settled(page)
    page.get_by_label("right hip", exact=True).focus()
    for _ in range(5):  # a slider moves with the keyboard too
        page.keyboard.press("ArrowRight")
    settled(page)
    assert page.locator("output[for=studio-joint-right-hip]").inner_text() == "5°"
    written = page.get_by_role("textbox", name="Front matter").input_value()
    assert written == ("figure:\n  posture: sitting\n  props: [chair]\n  poses:\n    start: {}\n"
                       "    end: {right knee: 90, right hip: 5}\n  alt: Sitting on a chair\n"
                       "  caption: Sitting on a chair\n")
    last = [answer for answer in answers if answer["yaml"] == written][-1]  # the answer the page shows
    studio_svg = last["svg"]
    assert last["problems"] == [] and studio_svg

    # Pasted into a new exercise, under its other keys, it builds to the very same drawing.
    original = (project / "content/exercises/seated-knee-extensions.md").read_text()
    new = re.sub(r"^title: .*$", "title: Knee and hip from the studio", FIGURE_RE.sub(lambda _: written, original,
                 count=1), count=1, flags=re.M)
    assert new != original and written in new
    with page.expect_navigation(timeout=120_000):  # the preview reloads the studio: its figure comes back
        (project / "content/exercises/studio-knee.md").write_text(new)
        after_rebuild(server.url, server.url)
    settled(page)
    assert page.get_by_role("textbox", name="Front matter").input_value() == written
    built = fetch(server.url + "exercises/studio-knee/")
    assert SVG_RE.search(built)[0] == studio_svg
    assert same_drawing(page, studio_svg)

    # The exercise's page opens the studio with its figure: the same text, the same drawing.
    exercise = context.new_page()
    exercise.goto(server.url + "exercises/studio-knee/")
    exercise.get_by_role("link", name="Edit this figure in the studio").click()
    settled(exercise)
    assert exercise.get_by_role("textbox", name="Front matter").input_value() == written
    assert same_drawing(exercise, studio_svg)
    assert exercise.get_by_label("right knee", exact=True).input_value() == "0"  # the start pose's sliders
    exercise.get_by_label("The end pose").check()
    assert exercise.get_by_label("right knee", exact=True).input_value() == "90"

    # An angle out of range, typed in the text: the studio says what check says about the same file.
    exercise.get_by_role("textbox", name="Front matter").fill(written.replace("right knee: 90", "right knee: 200"))
    settled(exercise)
    shown = exercise.locator(".studio-problems").inner_text()
    assert exercise.locator(".studio-drawing.studio-stale").count() == 1  # the last good drawing, greyed
    (project / "content/exercises/studio-knee.md").write_text(new.replace("right knee: 90", "right knee: 200"))
    checked = run_build_py(project, "check")
    assert checked.returncode == 1
    said = re.search(r"studio-knee\.md:(\d+): (.*'right knee'.*)", checked.stdout + checked.stderr)
    assert said and said[2] == "'right knee' must be from 0 to 160 degrees, not 200"
    line = int(said[1]) - new.split("\n").index("figure:")  # the same line, counted from 'figure:' as line 1
    assert f"Line {line}: {said[2]}" in shown
    assert errors == []
    context.close()


def test_the_studio_is_keyboard_usable_with_every_control_labelled(project: Path, preview, browser):
    server = preview(project)
    context, page, errors = open_page(browser, server.url + "studio/?exercise=open-books")
    settled(page)
    unlabelled = page.evaluate("""() => [...document.querySelectorAll(
        '.studio input, .studio select, .studio textarea')]
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
        .map(e => e.id || e.outerHTML)""")
    assert unlabelled == []
    assert page.locator("[data-joint]").count() >= 17
    for size, name in (((390, 844), "phone"), ((1400, 1000), "desktop")):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.screenshot(path=str(project.parent / f"studio-{name}.png"))
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), name
    assert errors == []
    context.close()


def test_a_published_site_has_no_studio(project: Path):
    site = build_site(project)
    assert not (site / "studio").exists()
    page = (site / "exercises/open-books/index.html").read_text()
    assert "studio" not in page and json.dumps("_studio") not in page
