"""What the figure engine draws for the starter library (handouts/render/figures.py): a body facing left or right,
props in front of or behind it (and a band tied to a door or a foot), heel raises, the back view's sides, every
highlightable muscle group, and the starting poses the manual offers; each checked in the drawing's numbers, at its
front-matter line when written wrong, and on paper (each draws as a PDF Form XObject)."""

from __future__ import annotations

import math
import re

import pytest

from handouts.content.load import figure_of, load_library
from handouts.model.schema import FigureSchema
from handouts.model.values import Figure, Prop
from handouts.pdf.forms import form_image
from handouts.render import figures

from .conftest import ROOT, copy_project
from .test_figures import _differs, _picture, problems_in

FIGURE_JS = ROOT / "templates" / "assets" / "figure.js"
COLOUR = "#1f5f8b"


def figure(**keys) -> Figure:
    """A figure as front matter writes it (`figure:`), read as `check` and the build read it; its problems fail."""
    data = {"posture": "standing", "poses": {"start": {}, "end": {"shoulder": 90}}, "alt": "A person.",
            "caption": "Move.", **keys}
    assert figures.check_figure(data) == []
    return figure_of(FigureSchema.model_validate(data))


def problems(**keys) -> list[str]:
    data = {"posture": "standing", "poses": {"start": {}, "end": {"shoulder": 90}}, "alt": "A person.",
            "caption": "Move.", **keys}
    return [f"{'/'.join(map(str, loc))}: {message}" for loc, message in figures.check_figure(data)]


def panes(svg: str) -> list[str]:
    return re.findall(r'<g class="pf-pane".*?(?=<g class="pf-pane"|$)', svg, re.S)


def inner(svg: str) -> list[str]:
    """What each pane draws inside its `pf-flip` group."""
    return [re.search(r'<g class="pf-flip"[^>]*>(.*)', pane, re.S)[1] for pane in panes(svg)]


def prints(fig: Figure) -> None:
    """On paper the figure is a PDF Form XObject: nothing falls back to WeasyPrint's slower SVG drawing."""
    image = form_image(figures.figure_data_uri(fig, COLOUR))
    assert image.content


# -- facing ------------------------------------------------------------------------------------------------------


def test_facing_left_is_the_mirror_with_the_left_side_nearest():
    """Facing left, the body is the mirror image of one facing right, and the side nearest us is its left: the
    right knee bent facing right is drawn as the left knee bent facing left."""
    right = figure(poses={"start": {}, "end": {"right knee": 90, "right hip": 45}}, highlight=["right leg"])
    left = figure(facing="left", poses={"start": {}, "end": {"left knee": 90, "left hip": 45}},
                  highlight=["left leg"])
    a, b = str(figures.figure_svg(right, COLOUR)), str(figures.figure_svg(left, COLOUR))
    assert inner(a) == inner(b), "the same drawing inside each pane"
    x0, width = (float(v) for v in re.search(r'<rect x="([-\d.]+)" y="[-\d.]+" width="([\d.]+)"', a).groups())
    flip = f'<g class="pf-flip" transform="translate({figures._n(2 * x0 + width)} 0) scale(-1 1)">'
    assert b.count(flip) == 2 and '<g class="pf-flip">' in a and "scale(-1 1)" not in a


def test_a_figure_facing_left_prints_as_the_mirror_of_one_facing_right(browser):
    """On paper (flattened, no transforms) the left-facing figure is the right-facing one's mirror, pixel for
    pixel but for anti-aliasing, and it is drawn as a PDF form with its arcs kept as arcs."""
    right = figure(props=["mat"], poses={"start": {}, "end": {"right knee": 90, "right hip": 45}})
    left = figure(facing="left", props=["mat"], poses={"start": {}, "end": {"left knee": 90, "left hip": 45}})
    paper = str(figures.figure_svg(left, COLOUR, animated=False))
    assert paper.count("transform") == 2 and "A" in paper and "C" not in re.sub(r'"#\w+"', "", paper)
    prints(left)
    page = browser.new_page(viewport={"width": 800, "height": 1400})
    try:
        from PIL import ImageOps

        a = _picture(page, str(figures.figure_svg(right, COLOUR, animated=False)))
        b = _picture(page, paper)
        total = float(re.search(r'viewBox="0 0 ([\d.]+)', paper)[1])
        pane = float(re.search(r'<rect x="[-\d.]+" y="[-\d.]+" width="([\d.]+)"', paper)[1])
        width = round(a.width * pane / total)  # the first pane, without the arrow between the panes
        mean, off = _differs(ImageOps.mirror(a.crop((0, 0, width, a.height))), b.crop((0, 0, width, b.height)))
        assert mean < 1.5 and off < 0.01, (mean, off)
    finally:
        page.close()


@pytest.mark.parametrize("view", ["front", "back"])
def test_facing_is_for_the_side_and_top_views(view):
    assert problems(view=view, facing="left") == [
        f"facing: seen from the {view} a body has no facing: 'facing' turns it round in the side and top views; "
        "delete it"]


def test_facing_left_is_read_from_front_matter_and_written_wrong_is_an_error(tmp_path):
    from .test_figures import GOOD

    [problem] = problems_in(tmp_path, GOOD.replace("  view: side\n", "  view: side\n  facing: west\n"))
    assert problem.startswith("content/exercises/leg-slides.md:9: ") and "'facing' must be 'right' or 'left'" in problem


def test_the_script_keeps_a_left_facing_figure_mirrored_and_turns_it_for_the_other_side(browser):
    """figure.js mirrors a figure for the other side of a `sides: each` dose: one already facing left turns to face
    right then, and back."""
    svg = str(figures.figure_svg(figure(facing="left", poses={"start": {}, "end": {"left knee": 90}}), COLOUR))
    page = browser.new_page()
    try:
        page.set_content(f'<div class="handout-exercise"><div class="exercise-timer"></div>{svg}</div>')
        page.add_script_tag(content=FIGURE_JS.read_text())
        flip = page.locator(".pf-flip").first

        def side(name: str) -> str:
            page.evaluate("side => document.dispatchEvent(new CustomEvent('handout:phase', {detail: {root: "
                          "document.querySelector('.exercise-timer'), type: 'move', seconds: 3, side: side, "
                          "status: 'paused'}}))", name)
            return flip.get_attribute("transform") or ""

        mirrored = flip.get_attribute("transform")
        assert "scale(-1 1)" in mirrored
        assert side("left") == ""
        assert side("right") == mirrored
    finally:
        page.close()


# -- props ---------------------------------------------------------------------------------------------------------


PLACED = [(name, place) for name, places in figures.PLACES.items() for place in (None, *places)
          if name not in figures.TIED]
POSTURE_FOR = {"bed": "supine", "ball": "sitting"}


@pytest.mark.parametrize("name, place", PLACED)
def test_each_prop_in_each_place_draws_something_and_prints(name, place):
    posture = POSTURE_FOR.get(name, "standing") if (name, place) != ("ball", "knees") else "supine"
    if (name, place) in (("ball", "behind"), ("ball", "hands")):
        posture = "standing"
    poses = {"start": {"shoulder": 40, "elbow": 30}, "end": {"shoulder": 60, "elbow": 30}}
    bare = figure(posture=posture, poses=poses)
    item = name if place is None else {name: place}
    fig = figure(posture=posture, poses=poses, props=[item])
    drawn = str(figures.figure_svg(fig, COLOUR))
    if name != "floor":  # the floor line is always drawn; `floor` says so
        assert drawn != str(figures.figure_svg(bare, COLOUR)), (name, place)
    prints(fig)


@pytest.mark.parametrize("item, message", [
    ("yoga ball", "props/0: unknown prop 'yoga ball' (did you mean 'ball'?)"),
    ({"wal": "front"}, "props/0/wal: unknown prop 'wal' (did you mean 'wall'?)"),
    ({"wall": "left"}, "props/0/wall: 'wall' may be 'behind' or 'front', not 'left'"),
    ({"mat": "under"}, "props/0/mat: 'mat' has no place to choose: write just 'mat'"),
    ({"band": "front"}, "props/0/band: 'band' needs its two ends on the next lines or in braces, like "
                        "{band: {anchor: front, to: right hand}}"),
    ({"band": {"ancor": "front"}}, "props/0/band/ancor: unknown key 'ancor' (did you mean 'anchor'?) in 'band'"),
    ({"band": {"anchor": "door"}}, "props/0/band/anchor: 'anchor' of 'band' must be 'front', 'behind', "
                                   "'high front', 'high behind', 'low front' or 'low behind', or a body point like "
                                   "'right foot', not 'door'"),
    ({"band": {"to": "nose"}}, "props/0/band/to: 'to' of 'band' must be a body point, like 'right hand' or "
                               "'left foot', not 'nose'"),
    ({"wall": "front", "step": "under"}, "props/0: write one prop a line: its name, like 'mat', or its name and "
                                         "place, like '{wall: front}'"),
])
def test_an_unknown_prop_place_or_end_is_named_with_what_to_write(item, message):
    assert problems(props=[item]) == [message]


@pytest.mark.parametrize("posture, item, words", [
    ("sitting", "step", "'step' is for standing on: the posture is 'sitting'"),
    ("standing", "bed", "'bed' is for lying, sitting or kneeling on: the posture is 'standing'"),
    ("supine", {"ball": "under"}, "a ball 'under' the body is sat on"),
])
def test_a_prop_the_posture_cannot_use_is_an_error(posture, item, words):
    [problem] = problems(posture=posture, props=[item])
    assert problem.startswith("props/0: ") and words in problem


def test_a_tied_prop_off_the_body_needs_the_side_view():
    [problem] = problems(view="front", props=[{"band": {"anchor": "front", "to": "right hand"}}])
    assert problem == ("props/0: seen from the front, a band tied front is hidden: tie it to a body point, or use "
                       "the side view")


def test_props_are_read_with_their_places_and_ends(tmp_path):
    from .test_figures import GOOD

    text = GOOD.replace("props: [mat]", "props:\n    - mat\n    - {wall: Front}\n"
                        "    - band: {anchor: right foot, to: right hand}\n    - dumbbell")
    project = copy_project(tmp_path / "project")
    (project / "content/exercises/leg-slides.md").write_text(text)
    fig = load_library(project / "mkdocs.yml", project).exercises["leg-slides"].figure
    assert fig.props == (Prop("mat"), Prop("wall", "front"), Prop("band", anchor="right foot", to="right hand"),
                         Prop("dumbbell"))


def test_an_unknown_prop_is_reported_at_its_own_line(tmp_path):
    from .test_figures import GOOD

    text = GOOD.replace("props: [mat]", "props:\n    - mat\n    - band:\n        anchor: front\n"
                        "        too: right hand")
    [problem] = problems_in(tmp_path, text)
    assert problem.startswith("content/exercises/leg-slides.md:14: unknown key 'too' (did you mean 'to'?) in 'band'")


def test_a_wall_stands_where_the_body_touches_it_in_front_or_behind():
    poses = {"start": {"shoulder": 90}, "end": {"ankle": 20, "shoulder": 80, "elbow": 80}}
    for place in ("front", "behind"):
        fig = figure(poses=poses, props=[{"wall": place}])
        posed = figures.pose(fig)
        xs = [p[0] for p in figures._points(posed.skeleton, posed.worlds[0])]
        [wall] = re.findall(r'<rect x="([-\d.]+)" y="[-\d.]+" width="4"', str(figures.figure_svg(fig, COLOUR)))[:1]
        edge = float(wall) if place == "front" else float(wall) + 4
        assert abs(edge - (max(xs) if place == "front" else min(xs))) < 0.1, (place, edge)


def test_a_band_runs_from_the_hand_to_its_post_and_moves_with_the_hand():
    fig = figure(posture="sitting", props=["chair", {"band": {"anchor": "front", "to": "right hand"}}],
                 poses={"start": {"shoulder": 80}, "end": {"shoulder": 0, "elbow": 100}})
    svg = str(figures.figure_svg(fig, COLOUR))
    data = re.search(r"data-pose='([^']+)'", svg)[1]
    import json

    [[hand, along, fixed, ax, ay]] = json.loads(data)[4]
    posed = figures.pose(fig)
    names = [s.name for s in posed.skeleton]
    assert hand == names.index("right hand") and along == 3.5 and fixed == -1
    body = [p[0] for w in posed.worlds for p in figures._points(posed.skeleton, [*w])]
    assert ax > max(body) + 10, "the post stands clear of the body in front"
    assert abs(ay - figures._end(posed.worlds[0], (hand, 3.5))[1]) < 0.1, "level with the hand at the start"
    lines = [re.search(r'<path class="pf-line" d="M([-\d.]+) ([-\d.]+)L([-\d.]+) ([-\d.]+)"', p).groups()
             for p in panes(svg)]
    assert lines[0][2:] == lines[1][2:] and lines[0][:2] != lines[1][:2], "the post stays, the hand moves"
    prints(fig)


def test_a_band_looped_on_a_foot_and_held_in_the_hands_joins_them():
    fig = figure(posture="long-sitting", props=[{"band": {"anchor": "right foot", "to": "right hand"}}],
                 poses={"start": {"shoulder": 40, "elbow": 20}, "end": {"shoulder": 40, "elbow": 20,
                                                                        "right ankle": -30}})
    data = re.search(r"data-pose='([^']+)'", str(figures.figure_svg(fig, COLOUR)))[1]
    import json

    names = [s.name for s in figures.pose(fig).skeleton]
    assert json.loads(data)[4] == [[names.index("right hand"), 3.5, names.index("right foot"), 9]]


def test_the_figure_script_moves_a_band_with_the_hand(browser):
    fig = figure(posture="sitting", props=["chair", {"band": {"anchor": "front", "to": "right hand"}}],
                 poses={"start": {"shoulder": 80}, "end": {"shoulder": 0, "elbow": 100}})
    svg = str(figures.figure_svg(fig, COLOUR))
    start, end = (re.search(r'class="pf-line" d="([^"]+)"', p)[1] for p in panes(svg))
    page = browser.new_page()
    try:
        page.clock.install(time=0)
        page.set_content(f'<div class="handout-exercise"><div class="exercise-timer"></div>{svg}</div>')
        page.add_script_tag(content=FIGURE_JS.read_text())
        band = page.locator(".pf-line").first
        assert band.get_attribute("d") == start
        page.evaluate("() => document.dispatchEvent(new CustomEvent('handout:phase', {detail: {root: "
                      "document.querySelector('.exercise-timer'), type: 'hold', seconds: 10, status: 'running'}}))")
        page.clock.run_for(3_000)
        assert band.get_attribute("d") == end
    finally:
        page.close()


def test_heels_rise_and_the_body_stays_upright_when_the_ankles_point_down():
    """`ankle: -30` standing is a heel raise (it used to tip the whole body back): the trunk stays upright, the toes
    stay where they were, and the heel leaves the floor; `tilt` is what turns the whole body."""
    fig = figure(poses={"start": {}, "end": {"ankle": -30}})
    posed = figures.pose(fig)
    names = [s.name for s in posed.skeleton]
    trunk, foot = names.index("trunk"), names.index("right foot")
    assert [round(w[trunk][2]) % 360 for w in posed.worlds] == [90, 90]
    toes = [figures._toes(w[foot]) for w in posed.worlds]
    assert abs(toes[0] - toes[1]) < 0.2
    assert posed.worlds[1][trunk][1] > posed.worlds[0][trunk][1] + 3, "the body rises onto the toes"
    tilted = figures.pose(figure(poses={"start": {}, "end": {"tilt": -20}}))
    assert round(tilted.worlds[1][trunk][2]) % 360 == 70, "a negative tilt leans the whole body forward"


def test_standing_on_one_leg_keeps_the_standing_foot_where_it_was():
    fig = figure(poses={"start": {}, "end": {"right hip": 90, "right knee": 90}})
    posed = figures.pose(fig)
    names = [s.name for s in posed.skeleton]
    left = names.index("left foot")
    assert abs(posed.worlds[0][left][0] - posed.worlds[1][left][0]) < 0.1
    assert abs(posed.worlds[1][left][1] - posed.worlds[0][left][1]) < 0.1, "on the floor in both"


@pytest.mark.parametrize("lifted", [{"right hip": -25}, {"right knee": 90}, {"right hip": 80, "right knee": 90}])
def test_a_leg_swung_back_bent_or_lifted_leaves_the_body_upright_on_the_other_foot(lifted):
    posed = figures.pose(figure(poses={"start": {}, "end": lifted}))
    names = [s.name for s in posed.skeleton]
    trunk, left = names.index("trunk"), names.index("left foot")
    assert [round(w[trunk][2]) % 360 for w in posed.worlds] == [90, 90]
    assert abs(posed.worlds[0][left][0] - posed.worlds[1][left][0]) < 0.1


def test_a_stride_stands_on_both_feet():
    stride = dict(figures.STARTING_POSES)["Standing in a stride, hands on a wall"]["start"]
    posed = figures.pose(figure(poses={"start": stride, "end": stride}))
    feet = [i for i, s in enumerate(posed.skeleton) if s.name.endswith("foot")]
    lows = [min(p[1] for p in figures._points([posed.skeleton[i]], [posed.worlds[0][i]])) for i in feet]
    assert all(abs(low) < 0.5 for low in lows), lows


def test_sitting_a_knee_lifts_and_the_trunk_stays_upright():
    posed = figures.pose(figure(posture="sitting", props=["chair"],
                                poses={"start": {}, "end": {"right hip": 120, "right knee": 90}}))
    trunk = [s.name for s in posed.skeleton].index("trunk")
    assert [round(w[trunk][2]) % 360 for w in posed.worlds] == [90, 90]


def test_on_a_step_the_body_stands_on_it_and_heels_drop_off_its_edge():
    flat = figures.pose(figure())
    up = figures.pose(figure(props=["step"]))
    names = [s.name for s in up.skeleton]
    foot = names.index("right foot")
    assert abs(up.worlds[0][foot][1] - flat.worlds[0][foot][1] - figures.STEP) < 0.01
    drop = figures.pose(figure(props=[{"step": "toes"}], poses={"start": {}, "end": {"ankle": 25}}))
    trunk = names.index("trunk")
    assert [round(w[trunk][2]) % 360 for w in drop.worlds] == [90, 90], "the body stays upright"
    heel = [min(p[1] for p in figures._points([drop.skeleton[foot]], [w[foot]])) for w in drop.worlds]
    assert heel[0] > figures.STEP - 0.5 - 3.5 and heel[1] < figures.STEP - 3, heel


def test_the_back_view_shows_the_right_side_on_our_right():
    fig = figure(view="back", poses={"start": {}, "end": {"right shoulder": 90}})
    posed = figures.pose(fig)
    names = [s.name for s in posed.skeleton]
    raised = max((names.index("right hand"), names.index("left hand")), key=lambda i: posed.worlds[1][i][1])
    assert posed.worlds[1][raised][0] > posed.worlds[1][names.index("trunk")][0], "the raised arm on our right"


# -- highlights ----------------------------------------------------------------------------------------------------


def highlight_colour() -> str:
    return figures.colours_for(COLOUR).highlight


@pytest.mark.parametrize("name", figures.HIGHLIGHTS)
def test_every_highlight_is_drawn_in_the_second_colour_seen_from_the_side(name):
    poses = {"start": {"shoulder": 30, "elbow": 40, "hip": 20, "knee": 30}, "end": {"shoulder": 60}}
    svg = str(figures.figure_svg(figure(poses=poses, highlight=[name]), COLOUR))
    assert highlight_colour() in svg, name
    plain = str(figures.figure_svg(figure(poses=poses), COLOUR))
    assert highlight_colour() not in plain


@pytest.mark.parametrize("name, view", [("hamstrings", "front"), ("calves", "front"), ("glutes", "front"),
                                        ("triceps", "front"), ("chest", "back"), ("core", "back"),
                                        ("quadriceps", "back"), ("biceps", "back"), ("right calf", "front")])
def test_a_muscle_on_the_face_the_view_cannot_see_is_an_error(name, view):
    [problem] = problems(view=view, highlight=["neck", name])
    assert problem.startswith(f"highlight/1: '{name}' cannot be seen in the {view} view of a body standing: it is on "
                              f"the {'back' if view == 'front' else 'front'} of the body")


@pytest.mark.parametrize("name, view", [("hamstrings", "back"), ("calves", "back"), ("glutes", "back"),
                                        ("chest", "front"), ("core", "front"), ("quadriceps", "front"),
                                        ("left glute", "back")])
def test_a_muscle_on_the_face_the_view_sees_is_drawn(name, view):
    assert highlight_colour() in str(figures.figure_svg(figure(view=view, highlight=[name]), COLOUR))


def test_one_side_highlights_only_that_side():
    """`right hamstring` colours a part of the right thigh only: seen from behind, the one on our right."""
    svg = str(figures.figure_svg(figure(view="back", highlight=["right hamstring"]), COLOUR))
    posed = figures.pose(figure(view="back", highlight=["right hamstring"]))
    names = [s.name for s in posed.skeleton]
    marked = re.findall(r'data-i="(\d+)"[^>]*><path[^>]*/><g fill="' + highlight_colour(), panes(svg)[0])
    assert [names[int(i)] for i in marked] == ["left thigh"], "the skeleton's left: the body's right, seen from behind"


def test_an_unknown_body_part_is_named_with_what_to_write():
    assert problems(highlight=["calfs", "abs"]) == [
        "highlight/0: unknown body part 'calfs' (did you mean 'calves'?)",
        "highlight/1: unknown body part 'abs' (did you mean 'core'?)"]


# -- starting poses -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [name for name, _ in figures.STARTING_POSES])
def test_every_starting_pose_is_valid_draws_and_prints(name):
    keys = figures.starting_figure(name)
    assert figures.check_figure(keys) == []
    fig = figure_of(FigureSchema.model_validate(keys))
    assert 'class="pf-pane"' in str(figures.figure_svg(fig, COLOUR))
    prints(fig)


def test_the_manual_shows_every_starting_pose_with_its_keys():
    text = (ROOT / "docs" / "figures.md").read_text()
    for name, keys in figures.STARTING_POSES:
        row = re.search(rf"^\| {re.escape(name)} \|(.*)\|$", text, re.M)
        assert row, name
        cells = [c.strip() for c in row[1].split("|")]
        props = f"`{figures.flow(keys['props'])}`" if keys.get("props") else ""
        view = f"`{keys['view']}`" if "view" in keys else ""
        assert cells == [view, f"`{keys['posture']}`", props, f"`{figures.flow(keys['start'])}`"], name


# -- more joints and views --------------------------------------------------------------------------------------------


def test_a_chin_tuck_slides_the_head_back():
    posed = figures.pose(figure(posture="sitting", props=["chair"], poses={"start": {}, "end": {"chin tuck": 100}}))
    head = [s.name for s in posed.skeleton].index("head")
    (x0, y0), (x1, y1) = (w[head][:2] for w in posed.worlds)
    assert x0 - x1 >= 4 and abs(y0 - y1) < 1, (x0, x1, y0, y1)


def test_from_above_an_arm_hangs_unseen_and_a_bent_forearm_turns_out():
    """Seen from above, `shoulder: 0` hangs the arm (it shows no length), `elbow: 90` brings the forearm forward,
    and `shoulder rotation` swings it out: the band's external rotation."""
    fig = figure(view="top", props=[{"band": {"anchor": "left hand", "to": "right hand"}}],
                 poses={"start": {"elbow": 90}, "end": {"elbow": 90, "shoulder rotation": 60}})
    posed = figures.pose(fig)
    names = [s.name for s in posed.skeleton]
    upper, fore = names.index("right upper arm"), names.index("right forearm")
    assert all(w[upper][3] < 0.02 and w[fore][3] > 0.98 for w in posed.worlds)
    hands = [(names.index(f"{side} hand"), 3.5) for side in ("right", "left")]
    gap = [math.dist(*(figures._end(w, hand) for hand in hands)) for w in posed.worlds]
    assert gap[1] > gap[0] + 20, gap
    prints(fig)


def test_standing_tilt_leans_from_the_ankles_with_the_feet_flat():
    posed = figures.pose(figure(poses={"start": {}, "end": {"tilt": -20}}))
    names = [s.name for s in posed.skeleton]
    assert [round(w[names.index("right foot")][2]) % 360 for w in posed.worlds] == [0, 0]
    assert round(posed.worlds[1][names.index("trunk")][2]) % 360 == 70


def test_seen_from_behind_heels_rise_and_no_squeeze_is_drawn():
    fig = figure(view="back", poses={"start": {}, "end": {"ankle": -30}}, highlight=["calves"])
    posed = figures.pose(fig)
    trunk = [s.name for s in posed.skeleton].index("trunk")
    assert posed.worlds[1][trunk][1] > posed.worlds[0][trunk][1] + 3
    assert 'fill="#fff"/>' not in panes(str(figures.figure_svg(fig, COLOUR)))[0].split("</g>")[-1]


def test_lying_on_the_side_the_side_view_shows_the_front_and_facing_left_the_back():
    [problem] = problems(posture="side-lying", highlight=["glutes"])
    assert problem.endswith("a body on its side seen from the side shows its front: write 'facing: left'")
    assert problems(posture="side-lying", facing="left", highlight=["glutes"]) == []
    svg = str(figures.figure_svg(figure(posture="side-lying", facing="left", highlight=["glutes"]), COLOUR))
    assert highlight_colour() in svg


def test_from_above_the_neck_is_the_head_turning_on_it():
    fig = figure(view="top", posture="sitting", poses={"start": {}, "end": {"neck": 60}}, highlight=["neck"])
    posed = figures.pose(fig)
    head = [s.name for s in posed.skeleton].index("head")
    assert round(posed.worlds[1][head][2] - posed.worlds[0][head][2]) == 60
    assert highlight_colour() in str(figures.figure_svg(fig, COLOUR))


@pytest.mark.parametrize("view, item, fix", [("front", {"chair": "front"}, "{chair: behind}"),
                                             ("front", {"table": "front"}, "{table: beside}"),
                                             ("back", "wall", "{wall: front}")])
def test_a_prop_between_us_and_the_body_is_an_error_with_the_place_to_write(view, item, fix):
    [problem] = problems(view=view, props=[item])
    assert problem.startswith(f"props/0: seen from the {view}, a ")
    assert problem.endswith(f"would hide it: write '{fix}', or use the side view")


def test_hip_abduction_takes_the_leg_out_to_the_side_in_every_view():
    """Seen from behind, the right leg goes out on our right (as `hip` takes it there); from the side, it turns
    towards us and looks shorter; lying on the side, the top leg lifts."""
    back = figures.pose(figure(view="back", poses={"start": {}, "end": {"right hip abduction": 30}}))
    names = [s.name for s in back.skeleton]
    feet = [names.index("right foot"), names.index("left foot")]
    moved = max(feet, key=lambda i: abs(back.worlds[1][i][0] - back.worlds[0][i][0]))
    assert back.worlds[1][moved][0] > back.worlds[0][moved][0] + 15
    by_hip = figures.pose(figure(view="back", poses={"start": {}, "end": {"right hip": 30}}))
    assert by_hip.worlds == back.worlds, "seen from the back, `hip` takes the leg out to the side as before"
    side = figures.pose(figure(poses={"start": {}, "end": {"right hip abduction": 60}}))
    thigh = [s.name for s in side.skeleton].index("right thigh")
    assert side.worlds[0][thigh][3] == 1 and side.worlds[1][thigh][3] < 0.6
    lying = figures.pose(figure(posture="side-lying", poses={"start": {}, "end": {"right hip abduction": 35}}))
    foot = [s.name for s in lying.skeleton].index("right foot")
    assert lying.worlds[1][foot][1] > lying.worlds[0][foot][1] + 15


def test_from_above_bent_knees_fall_to_one_side():
    """Lower trunk rotation: lying on the back seen from above, knees bent up towards us, both falling one way."""
    bent = {"hip": 50, "knee": 100}
    fig = figure(view="top", posture="supine", props=["mat"], poses={
        "start": bent, "end": {**bent, "right hip abduction": -20, "left hip abduction": 40}})
    posed = figures.pose(fig)
    names = [s.name for s in posed.skeleton]
    knees = [names.index("right shank"), names.index("left shank")]
    shifts = [posed.worlds[1][i][1] - posed.worlds[0][i][1] for i in knees]
    assert all(shift > 5 for shift in shifts) or all(shift < -5 for shift in shifts), shifts
    prints(fig)
