"""Movements the figure engine draws for the hand, foot and back exercises (handouts/render/figures.py, issue 25): a
back that rounds and sags (`spine`), palms up and down (`forearm rotation`), a squeezed ball (`grip`), curling toes
(`toes`), a foot turning out seen from the front (`ankle eversion`), a hand on the head and a clamshell seen from
the front or back (`shoulder rotation`, `hip rotation`); each checked in the drawing's numbers and on paper, and
figures that use none of them keep the skeleton they always had."""

from __future__ import annotations

import math
import re

import pytest
import yaml

from handouts.content.load import figure_of
from handouts.model.schema import FigureSchema
from handouts.model.values import Figure
from handouts.render import figures

from .conftest import ROOT
from .test_figure_features import COLOUR, FIGURE_JS, figure, panes, prints, problems
from .test_figures import _differs, _picture


def parts(posed: figures.Posed) -> dict[str, int]:
    return {seg.name: i for i, seg in enumerate(posed.skeleton)}


def point(posed: figures.Posed, pose: int, name: str, along: float = 0.0) -> tuple[float, float]:
    """A point `along` a segment, in one pose, on the page (y up)."""
    return figures._end(posed.worlds[pose], (parts(posed)[name], along))


def test_figures_without_the_new_joints_keep_their_skeleton():
    """The new parts come only with the joints that move them: every other figure is drawn as it always was."""
    for view in ("side", "front", "back", "top"):
        plain = figures.pose(figure(view=view, poses={"start": {}, "end": {"shoulder": 90, "knee": 30}}))
        assert plain.skeleton is figures.SKELETONS[view]


def test_cat_rounds_the_back_and_cow_lets_it_sag():
    """On hands and knees, the small of the back rises above the line from the hips to the shoulders in the cat,
    and sinks below it in the cow."""
    fig = figure(posture="quadruped", props=["mat"], poses={
        "cat": {"spine": 30, "hip": 53, "shoulder": 83, "neck": 40},
        "cow": {"spine": -30, "hip": 80, "shoulder": 58, "neck": -40}})
    posed = figures.pose(fig)

    def rise(pose: int) -> float:  # the small of the back above the straight line from the hips to the shoulders
        (hx, hy), (mx, my) = point(posed, pose, "trunk"), point(posed, pose, "upper trunk")
        sx, sy = point(posed, pose, "upper trunk", 30 - figures.SPINE)
        return my - (hy + (sy - hy) * (mx - hx) / (sx - hx))

    assert rise(0) > 2 and rise(1) < -2, (rise(0), rise(1))
    prints(fig)


def test_a_pelvic_tilt_flattens_the_small_of_the_back_onto_the_floor():
    """Lying on the back, an arched back rests on the hips and the shoulder blades with the small of the back off the
    floor; bent the other way it comes down."""
    posed = figures.pose(figure(posture="supine", props=["mat"], poses={
        "start": {"spine": -25, "hip": 50, "knee": 100}, "end": {"spine": 5, "hip": 45, "knee": 100}}))
    lifted = [point(posed, k, "upper trunk")[1] for k in (0, 1)]
    assert lifted[0] > lifted[1] + 2, lifted
    head = [point(posed, k, "head")[1] for k in (0, 1)]
    assert abs(head[0] - head[1]) < 4, "the shoulders stay on the floor"


@pytest.mark.parametrize(("turn", "up"), [(90, True), (-90, False)])
def test_the_palm_is_drawn_up_or_down(turn, up):
    """Arm held out in front: palm up, its white face is on top of the hand; palm down, under it."""
    fig = figure(poses={"start": {"right shoulder": 90, "right forearm rotation": turn},
                        "end": {"right shoulder": 90, "right forearm rotation": turn, "right wrist": -60}})
    posed = figures.pose(fig)
    x, y, angle, scale = posed.worlds[0][parts(posed)["right palm"]]
    face = y + 1.4 * scale * math.sin(math.radians(angle))
    hand = point(posed, 0, "right hand", 3.25)[1]
    assert (face > hand + 1) if up else (face < hand - 1), (face, hand)
    assert 'fill="#fff"' in str(figures.figure_svg(fig, "#1f5f8b", animated=False))
    prints(fig)


def test_a_forearm_that_only_turns_gets_an_arrow_round_it():
    fig = figure(posture="sitting", props=["chair"], poses={
        "start": {"right elbow": 90, "right forearm rotation": 90},
        "end": {"right elbow": 90, "right forearm rotation": -90}})
    still = figure(posture="sitting", props=["chair"], poses={
        "start": {"right elbow": 90}, "end": {"right elbow": 90}})
    arrow = 'stroke="#1a1a1a" stroke-width="1.4"'  # the ink of the arrows
    assert arrow in str(figures.figure_svg(fig, "#1f5f8b")) and arrow not in str(figures.figure_svg(still, "#1f5f8b"))


def test_grip_squeezes_the_ball_in_the_hand():
    fig = figure(posture="sitting", props=["chair", {"table": "forearm"}, {"ball": "right hand"}], poses={
        "start": {"right shoulder": 30, "right elbow": 60},
        "end": {"right shoulder": 30, "right elbow": 60, "right grip": 100}})
    posed = figures.pose(fig)
    ball = parts(posed)["right squeezed ball"]
    assert posed.worlds[0][ball][3] == 1 and posed.worlds[1][ball][3] == pytest.approx(0.6)
    assert str(figures.figure_svg(fig, "#1f5f8b")).count("<circle r=\"4\"") == 2, "one ball a pane, not two"
    prints(fig)


def test_toes_curl_and_the_towel_under_them_bunches_up():
    fig = figure(posture="sitting", props=["chair", {"towel": "right foot"}], poses={
        "start": {}, "end": {"right toes": 80}})
    posed = figures.pose(fig)
    names = parts(posed)
    tips = [posed.worlds[k][names["right toe tips"]][2] - posed.worlds[k][names["right foot"]][2] for k in (0, 1)]
    assert tips[0] - tips[1] > 60, tips
    fold = names["right towel fold"]
    assert posed.worlds[0][fold][3] == 0 and posed.worlds[1][fold][3] > 0.9
    assert "left towel fold" not in names, "only the foot on the towel"
    prints(fig)


def test_seen_from_the_front_the_sole_turns_out_against_a_band_round_both_feet():
    """Sitting with the legs out, seen from the front: the soles face us, toes up, and the right one (on our left)
    turns out, to our left."""
    fig = figure(view="front", posture="long-sitting", props=["mat", {"band": {"anchor": "left foot",
                                                                               "to": "right foot"}}],
                 poses={"start": {"hip": 15}, "end": {"hip": 15, "right ankle eversion": 35}})
    posed = figures.pose(fig)
    heel, toes = point(posed, 0, "right foot"), point(posed, 0, "right foot", 12)
    assert toes[1] > heel[1] + 10, "toes up"
    turned = point(posed, 1, "right foot", 12)
    assert turned[0] < toes[0] - 5, (toes, turned)
    prints(fig)


def test_seen_from_the_front_a_hand_rests_on_top_of_the_head():
    fig = figure(view="front", posture="sitting", props=["chair"], poses={"start": {}, "end": {
        "neck": 30, "head": 10, "right shoulder": 125, "right elbow": 125, "right shoulder rotation": 90}})
    posed = figures.pose(fig)
    x, y, _, _ = posed.worlds[1][parts(posed)["head"]]
    centre = figures._end(posed.worlds[1], (parts(posed)["head"], 6.8))
    hand = point(posed, 1, "right hand", 3.25)
    assert math.dist(hand, centre) < 9 and hand[1] > centre[1], (hand, centre)
    prints(fig)


def test_a_clamshell_opens_the_top_knee_with_the_feet_together():
    """Lying on the side seen from behind, knees bent: the top knee rises, the feet stay together."""
    arm = {"left shoulder": 170}
    fig = figure(view="side", facing="left", posture="side-lying", props=["mat"], highlight=["right glute"], poses={
        "start": {"hip": 45, "knee": 90, "hip rotation": 0, **arm},
        "end": {"hip": 45, "knee": 90, "right hip abduction": 35, "right hip rotation": 50, **arm}})
    posed = figures.pose(fig)
    knees = [max(point(posed, k, f"{side} shank")[1] for side in ("right", "left")) for k in (0, 1)]
    assert knees[1] > knees[0] + 8, knees
    apart = [math.dist(*(point(posed, k, f"{side} foot") for side in ("right", "left"))) for k in (0, 1)]
    assert abs(apart[1] - apart[0]) < 3, apart
    prints(fig)


@pytest.mark.parametrize(("view", "posture", "joint"), [
    ("front", "quadruped", "spine"), ("side", "standing", "ankle eversion"), ("top", "supine", "toes"),
    ("back", "standing", "forearm rotation"), ("front", "sitting", "right grip")])
def test_a_joint_the_view_cannot_draw_is_an_error(view, posture, joint):
    found = problems(view=view, posture=posture, poses={"start": {}, "end": {joint: 10}})
    assert found and "is not drawn in the" in found[0] and "view" in found[0], found


# -- the shipped figures, on the page and on paper ----------------------------------------------------------------

MOVING = ("cat-cow", "pelvic-tilts", "clamshells", "band-ankle-eversion", "towel-scrunches", "forearm-turns",
          "wrist-flexor-stretch", "wrist-extensor-stretch", "grip-squeezes", "neck-shoulder-stretch")


def shipped(slug: str) -> Figure:
    """An exercise's figure as the build reads it from content/exercises."""
    text = (ROOT / "content" / "exercises" / f"{slug}.md").read_text(encoding="utf-8")
    written = yaml.safe_load(text.split("---")[1])["figure"]
    assert figures.check_figure(written) == [], slug
    return figure_of(FigureSchema.model_validate(written))


def test_the_printed_figures_draw_the_same_pictures_as_the_web(browser):
    """A palm turned down (a segment drawn mirrored), a back in two pieces and the rest print as the page draws them."""
    page = browser.new_page(viewport={"width": 800, "height": 1400})
    try:
        for slug in MOVING:
            fig = shipped(slug)
            web = _picture(page, str(figures.figure_svg(fig, COLOUR)))
            paper = _picture(page, str(figures.figure_svg(fig, COLOUR, animated=False)))
            mean, off = _differs(web, paper)
            assert mean < 1.5 and off < 0.01, (slug, mean, off)
            prints(fig)
    finally:
        page.close()


@pytest.mark.parametrize("slug", ["cat-cow", "forearm-turns", "clamshells", "neck-shoulder-stretch"])
def test_the_figure_script_moves_the_new_parts_to_the_end_pose(browser, slug):
    """On the page, holding the end pose, every part (the upper back, the palm, a leg in 3D) is where the end pane
    draws it."""
    svg = str(figures.figure_svg(shipped(slug), COLOUR))
    ends = dict(re.findall(r'<g data-i="(\d+)"[^>]*transform="([^"]+)"', panes(svg)[1]))
    page = browser.new_page()
    try:
        page.clock.install(time=0)
        page.set_content(f'<div class="handout-exercise"><div class="exercise-timer"></div>{svg}</div>')
        page.add_script_tag(content=FIGURE_JS.read_text())
        page.evaluate("() => document.dispatchEvent(new CustomEvent('handout:phase', {detail: {root: "
                      "document.querySelector('.exercise-timer'), type: 'hold', seconds: 10, status: 'running'}}))")
        page.clock.run_for(3_000)
        moved = page.evaluate("() => Array.from(document.querySelectorAll('.pf-pane')[0].querySelectorAll("
                              "'[data-i]'), g => [g.getAttribute('data-i'), g.getAttribute('transform')])")
    finally:
        page.close()

    def numbers(transform: str) -> list[float]:
        return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", transform)]

    assert len(moved) == len(ends)  # data-pose has its numbers to a tenth: a foot lands within half a unit
    off = [(i, ends[i], transform) for i, transform in moved
           if len(numbers(ends[i])) != len(numbers(transform))
           or any(abs(a - b) >= 0.5 for a, b in zip(numbers(ends[i]), numbers(transform), strict=True))]
    assert not off, off
