"""Figures drawn from pose data: a 2D skeleton, posed by joint angles, drawn as a flat illustration in SVG.

A figure is data (handouts.models.Figure): a view, a base posture, two or more key poses as joint angles, props.
`figure_svg()` draws it: the first and the last key pose side by side (or one above the other when the body lies
down), each limb a filled tapered shape, the far limbs lighter, the working part highlighted, a curved arrow along
the movement. The web page animates the same numbers: the SVG carries, in `data-pose`, each segment's parent and its
joint angle in every key pose, and assets/figure.js redoes the forward kinematics of `_world()` between them.
Colours are written as literal colours (WeasyPrint applies no page CSS inside an SVG). Output is deterministic.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from markupsafe import Markup, escape

from ..model.values import Figure, Prop
from .brand import hex_color, lighten, rgb
from .svg_geometry import IDENTITY, PAINT, Matrix, Point, apply, arc_curves, geometry, matrix, multiply, svg_data_url

__all__ = ["JOINTS", "POSTURES", "PROPS", "PLACES", "VIEWS", "HIGHLIGHTS", "POINTS", "STARTING_POSES", "check_figure",
           "check_poses", "figure_svg", "figure_data_uri", "flow", "read_props", "starting_figure"]

VIEWS = ("side", "front", "back", "top")
POSTURES = ("standing", "sitting", "supine", "prone", "side-lying", "kneeling", "quadruped", "long-sitting",
            "half-kneeling")
FACINGS = ("right", "left")
POINTS = ("head", "shoulder", "elbow", "hand", "hip", "knee", "foot")
"""Body points the movement arrow may follow (`arrow: right hand`); by default the one that moves furthest."""
BODY_POINTS = tuple(f"{side} {point}" for side in ("right", "left") for point in POINTS if point != "head")
ENDS = ("front", "behind", "high front", "high behind", "low front", "low behind")
"""Where a band's fixed end may be tied off the body (a door, a post): at the height of the point it pulls in the
first pose, or high (above the head) or low (near the floor)."""
PLACES: dict[str, tuple[str, ...]] = {
    # name: the places it may be put, its usual place first; () for none to choose. Front and behind are the way the
    # body faces (`facing`): a wall in front is the one the body faces.
    "floor": (), "mat": (), "towel roll": (),
    "chair": ("under", "front", "behind"), "wall": ("behind", "front"), "step": ("under", "toes", "front", "behind"),
    "table": ("front", "beside", "forearm"), "bed": ("under",),
    "ball": ("under", "behind", "knees", "hands", "right hand", "left hand"),
    "towel": ("hands", "right foot", "left foot"), "dumbbell": ("hands", "right hand", "left hand"),
    "strap": (), "band": (),
}
PROPS = tuple(PLACES)
TIED = {"strap": ("right foot", "right hand"), "band": ("front", "right hand")}
"""Props tied between two points: `{band: {anchor: front, to: right hand}}`, with their usual anchor and end."""
TIED_KEYS = ("anchor", "to")
GROUPS: dict[str, str | None] = {
    # A highlight: the group, and its name for one side (`right calf`), None when it has no sides.
    "neck": None, "shoulders": "shoulder", "shoulder blades": None, "upper back": None, "lower back": None,
    "chest": None, "core": None, "hips": None, "glutes": "glute", "arms": "arm", "biceps": "biceps",
    "triceps": "triceps", "forearms": "forearm", "wrists": "wrist", "hands": "hand", "thighs": "thigh",
    "quadriceps": "quadriceps", "hamstrings": "hamstring", "legs": "leg", "calves": "calf", "ankles": "ankle",
    "feet": "foot",
}
ONE_SIDE = {one: group for group, one in GROUPS.items() if one}
HIGHLIGHTS = (*GROUPS, *(f"{side} {one}" for side in ("right", "left") for one in ONE_SIDE))
"""Every body part a highlight may name: the groups, and each sided one for one side (`left hamstring`)."""

JOINTS: dict[str, tuple[int, int, bool]] = {
    # name: (lowest, highest, has a left and a right). Degrees from standing neutral, relative to the parent.
    "trunk": (-30, 120, False), "neck": (-60, 70, False), "tilt": (-90, 90, False),
    "shoulder": (-60, 180, True), "elbow": (0, 150, True), "hip": (-30, 140, True), "knee": (0, 160, True),
    "ankle": (-60, 40, True), "scapula elevation": (-10, 40, True), "scapula retraction": (-30, 30, True),
    "shoulder horizontal abduction": (-30, 180, True), "wrist": (-80, 80, True), "head": (-40, 40, False),
    "shoulder rotation": (-90, 90, True), "chin tuck": (0, 100, False), "hip abduction": (-30, 80, True),
    "hip rotation": (-60, 60, True), "spine": (-40, 40, False), "forearm rotation": (-90, 90, True),
    "toes": (0, 90, True), "ankle eversion": (-40, 40, True), "grip": (0, 100, True),
}
VIEW_JOINTS = {"spine": "side", "forearm rotation": "side", "toes": "side", "ankle eversion": "front", "grip": "side"}
"""Joints drawn in one skeleton only: 'side' (the side view; a body on its side seen from above) or 'front' (the front
and back views; a body on its side seen from the side, or on its back or front from above)."""
SIDES = ("right", "left")
U = 1.0  # one unit is a hundredth of a standing body's height


def joint_name(key: str) -> tuple[str, str | None] | None:
    """'left knee' -> ('knee', 'left'); 'knee' -> ('knee', None); None for a name that is not a joint."""
    words = " ".join(str(key).lower().split())
    side = next((s for s in SIDES if words.startswith(s + " ")), None)
    base = words[len(side) + 1:] if side else words
    if base not in JOINTS or (side and not JOINTS[base][2]):
        return None
    return base, side


Found = list[tuple[tuple[Any, ...], str]]
"""Problems in a figure as (location under `figure`, message), for handouts.content to put at their lines."""


def _words(value: Any) -> str:
    return " ".join(str(value).lower().split())


SAID_ALSO = {"exercise ball": "ball", "yoga ball": "ball", "swiss ball": "ball", "resistance band": "band",
             "elastic band": "band", "theraband": "band", "dumbbells": "dumbbell", "weight": "dumbbell",
             "weights": "dumbbell", "pillow": "towel roll", "stair": "step", "stairs": "step", "couch": "bed",
             "desk": "table", "counter": "table", "belt": "strap", "abdominals": "core", "abs": "core",
             "stomach": "core", "pecs": "chest", "quads": "quadriceps", "buttocks": "glutes", "bottom": "glutes"}
"""Other words for a prop or a body part: not accepted (one name for each thing), but suggested."""


def _unknown(what: str, value: Any, known: Any, listed: Any = None) -> str:
    """"unknown prop 'yoga ball' (did you mean 'ball'?)", or the names `listed` (default: all `known`) when none is
    close."""
    import difflib

    close = [SAID_ALSO[_words(value)]] if SAID_ALSO.get(_words(value)) in known else difflib.get_close_matches(
        _words(value), list(known), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else f" ({what}s: {', '.join(listed or known)})"
    return f"unknown {what} '{value}'{hint}"


def check_poses(poses: Any) -> Found:
    """Each unknown joint and each angle outside its joint's range, as (location under `figure`, message)."""
    found: Found = []
    names = [*JOINTS, *(f"{s} {j}" for j, (_, _, sided) in JOINTS.items() if sided for s in SIDES)]
    for pose, joints in (poses or {}).items() if isinstance(poses, dict) else ():
        for key, angle in (joints or {}).items() if isinstance(joints, dict) else ():
            parsed = joint_name(str(key))
            loc = ("poses", str(pose), str(key))
            if parsed is None:
                found.append((loc, _unknown("joint", key, names, JOINTS)))
            elif isinstance(angle, int) and not isinstance(angle, bool):
                low, high, _ = JOINTS[parsed[0]]
                if not low <= angle <= high:
                    found.append((loc, f"'{key}' must be from {low} to {high} degrees, not {angle}"))
    return found


def read_props(items: Any) -> tuple[tuple[Prop, ...], Found]:
    """`props:` as written (`[step, {wall: front}, {band: {anchor: front, to: right hand}}]`): the props, and each
    unknown name, place or key at its item."""
    props: list[Prop] = []
    found: Found = []
    for i, item in enumerate(items if isinstance(items, list) else [items] if items is not None else []):
        if isinstance(item, str):
            name, place = _words(item), None
            key: tuple[Any, ...] = ("props", i)
        elif isinstance(item, dict) and len(item) == 1:
            [(name, place)] = item.items()
            key = ("props", i, name)
            name = _words(name)
        else:
            found.append((("props", i), "write one prop a line: its name, like 'mat', or its name and place, like "
                          "'{wall: front}'"))
            continue
        if name not in PLACES:
            found.append((key, _unknown("prop", name if isinstance(item, str) else next(iter(item)), PROPS)))
        elif name in TIED:
            prop, wrong = _tied(name, place, key)
            found += wrong
            props += [prop] if prop else []
        elif place is None:
            props.append(Prop(name))
        elif not PLACES[name]:
            found.append((key, f"'{name}' has no place to choose: write just '{name}'"))
        elif not isinstance(place, str) or _words(place) not in PLACES[name]:
            found.append((key, f"'{name}' may be {_either(PLACES[name])}, not '{place}'"))
        else:
            props.append(Prop(name, _words(place)))
    return tuple(dict.fromkeys(props)), found


def _either(words: tuple[str, ...]) -> str:
    quoted = [f"'{w}'" for w in words]
    return ", ".join(quoted[:-1]) + f" or {quoted[-1]}" if len(quoted) > 1 else quoted[0]


def _tied(name: str, ends: Any, key: tuple[Any, ...]) -> tuple[Prop | None, Found]:
    """A band or a strap: `{anchor: front, to: right hand}` (either may be left out for its usual end)."""
    anchor, to = TIED[name]
    if ends is None:
        return Prop(name, anchor=anchor, to=to), []
    if not isinstance(ends, dict):
        return None, [(key, f"'{name}' needs its two ends on the next lines or in braces, like "
                            f"{{{name}: {{anchor: {anchor}, to: {to}}}}}")]
    found: Found = []
    for k, value in ends.items():
        word = _words(k)
        if word not in TIED_KEYS:
            found.append(((*key, k), _unknown("key", k, TIED_KEYS) + f" in '{name}'"))
        elif word == "anchor" and _words(value) not in (*ENDS, *BODY_POINTS):
            found.append(((*key, k), f"'anchor' of '{name}' must be {_either(ENDS)}, or a body point like "
                                     f"'right foot', not '{value}'"))
        elif word == "to" and _words(value) not in BODY_POINTS:
            found.append(((*key, k), f"'to' of '{name}' must be a body point, like 'right hand' or 'left foot', "
                                     f"not '{value}'"))
        elif word == "anchor":
            anchor = _words(value)
        else:
            to = _words(value)
    if anchor == to and not found:
        found.append((key, f"the two ends of '{name}' are both '{to}'"))
    return (None if found else Prop(name, anchor=anchor, to=to)), found


def check_highlight(names: Any) -> Found:
    """Each highlight that is not a body part, at its item."""
    items = names if isinstance(names, list) else [names] if isinstance(names, str) else []
    return [(("highlight", i), _unknown("body part", name, HIGHLIGHTS, [*GROUPS, "right …", "left …"]))
            for i, name in enumerate(items) if isinstance(name, str) and _words(name) not in HIGHLIGHTS]


def check_figure(figure: Any) -> Found:
    """Every problem in a `figure:` as written that its schema cannot see: joints and their ranges, props and their
    places, body parts, and a facing, a prop or a highlight the view cannot show."""
    if not isinstance(figure, dict):
        return []
    found = check_poses(figure.get("poses"))
    found += read_props(figure.get("props"))[1]
    found += check_highlight(figure.get("highlight"))
    view, posture = figure.get("view", "side"), figure.get("posture")
    if view not in VIEWS or posture not in POSTURES:
        return found  # the schema says so
    if figure.get("facing", "right") == "left" and view in ("front", "back"):
        found.append((("facing",), f"seen from the {view} a body has no facing: 'facing' turns it round in the side "
                                   "and top views; delete it"))
    found += _undrawn_joints(figure.get("poses"), view, posture)
    items = figure.get("props")
    for i, item in enumerate(items if isinstance(items, list) else [items] if items is not None else []):
        found += [(("props", i), message) for message in _unplaceable(view, posture, read_props([item])[0])]
    items = figure.get("highlight")
    for i, name in enumerate(items if isinstance(items, list) else [items] if isinstance(items, str) else []):
        part = _words(name) if isinstance(name, str) else ""
        if part in HIGHLIGHTS and not _visible(view, posture, figure.get("facing"), part):
            found.append((("highlight", i), f"'{name}' cannot be seen in the {view} view of a body "
                                            f"{_pose_words(posture)}: {_where_seen(part, view, posture)}"))
    return found


def _undrawn_joints(poses: Any, view: str, posture: str) -> Found:
    """Each joint of VIEW_JOINTS set in a view that does not draw it (`spine` seen from the front)."""
    group = VIEW_GROUP[layout(view, posture)[0]]
    found: Found = []
    for pose, joints in (poses or {}).items() if isinstance(poses, dict) else ():
        for key in (joints or {}) if isinstance(joints, dict) else ():
            parsed = joint_name(str(key))
            wanted = VIEW_JOINTS.get(parsed[0]) if parsed else None
            if wanted and wanted != group:
                views = tuple(v for v in VIEWS if VIEW_GROUP[layout(v, posture)[0]] == wanted)
                found.append((("poses", str(pose), str(key)), f"'{key}' is not drawn in the {view} view of a body "
                              f"{_pose_words(posture)}: use the {_either(views)} view, or delete it"))
    return found


STARTING_POSES: tuple[tuple[str, dict[str, Any]], ...] = (
    # A name, and the keys of `figure:` that set it up (`start` is the first key pose). docs/figures.md shows each
    # one, drawn by docs/figure_pictures.py; tests/test_figure_features.py checks every one is valid.
    ("Standing", {"posture": "standing", "start": {}}),
    ("Standing, holding a chair", {"posture": "standing", "props": [{"chair": "front"}],
                                   "start": {"shoulder": 20, "elbow": 15}}),
    ("Standing on one leg", {"posture": "standing", "props": [{"chair": "front"}],
                             "start": {"shoulder": 20, "elbow": 15, "left hip": 10, "left knee": 90}}),
    ("Standing facing a wall, hands on it", {"posture": "standing", "props": [{"wall": "front"}],
                                             "start": {"ankle": 10, "shoulder": 80}}),
    ("Standing with the back to a wall", {"posture": "standing", "props": ["wall"], "start": {}}),
    ("Standing in a stride, hands on a wall", {
        "posture": "standing", "props": [{"wall": "front"}],
        "start": {"right hip": 25, "right knee": 30, "right ankle": 10, "left hip": -12, "left ankle": 15,
                  "shoulder": 75}}),
    ("Standing on a step, heels off its edge", {"posture": "standing", "props": [{"step": "toes"}, {"wall": "front"}],
                                                "start": {"shoulder": 60, "elbow": 20}}),
    ("Leaning on a table", {"posture": "standing", "props": [{"table": "beside"}],
                            "start": {"hip": 70, "knee": 15, "ankle": 15, "left shoulder": 75, "right shoulder": 65}}),
    ("Standing, seen from behind", {"view": "back", "posture": "standing", "start": {}}),
    ("Sitting on a chair", {"posture": "sitting", "props": ["chair"], "start": {}}),
    ("Sitting with a band tied in front", {
        "posture": "sitting", "props": ["chair", {"band": {"anchor": "front", "to": "right hand"}}],
        "start": {"shoulder": 80}}),
    ("Sitting, forearm on a table", {"posture": "sitting", "props": ["chair", {"table": "forearm"}],
                                     "start": {"right shoulder": 30, "right elbow": 60}}),
    ("Sitting on an exercise ball", {"posture": "sitting", "props": [{"ball": "under"}],
                                     "start": {"hip": 75, "knee": 75}}),
    ("Sitting on the edge of a bed", {"posture": "sitting", "props": ["bed"], "start": {}}),
    ("Sitting on the floor, legs out", {"posture": "long-sitting", "props": ["mat"], "start": {}}),
    ("Lying on the back", {"posture": "supine", "props": ["mat"], "start": {}}),
    ("Lying on the back, knees bent", {"posture": "supine", "props": ["mat"], "start": {"hip": 50, "knee": 100}}),
    ("Lying on the back, a strap round a foot", {
        "posture": "supine", "props": ["mat", "strap"],
        "start": {"left hip": 50, "left knee": 100, "right hip": 60, "right shoulder": 45, "right elbow": 30}}),
    ("Lying on the front", {"posture": "prone", "props": ["mat"], "start": {}}),
    ("Lying on the front, on the elbows", {"posture": "prone", "props": ["mat"],
                                           "start": {"trunk": -25, "shoulder": 80, "elbow": 100}}),
    ("Lying on the side", {"posture": "side-lying", "props": ["mat", "towel roll"], "start": {}}),
    ("Lying on the side, knees bent, seen from above", {
        "view": "top", "posture": "side-lying", "props": ["mat", "towel roll"],
        "start": {"hip": 70, "knee": 90, "shoulder": 90}}),
    ("On hands and knees", {"posture": "quadruped", "props": ["mat"], "start": {}}),
    ("Kneeling", {"posture": "kneeling", "props": ["mat"], "start": {}}),
    ("Kneeling on one knee", {"posture": "half-kneeling", "props": ["mat"], "start": {}}),
)
"""Named starting poses to copy: each a posture with its props and a first pose; add the end pose and draw."""


def flow(value: Any) -> str:
    """A value as one line of YAML front matter: `[chair, {band: {anchor: front, to: right hand}}]`, `{hip: 50}`."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return str(value)


def starting_figure(name: str) -> dict[str, Any]:
    """A starting pose as the `figure:` of front matter (its start pose twice, as start and end, to draw)."""
    keys = dict(dict(STARTING_POSES)[name])
    start = keys.pop("start")
    return {**keys, "poses": {"start": start, "end": start}, "alt": name, "caption": name}


# --- the skeleton -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seg:
    """One body segment: drawn in its own frame (x along it from its joint), hung from its parent's frame."""

    name: str
    parent: int
    at: tuple[float, float]
    """Where its joint sits in the parent's frame."""
    joint: str | None
    side: str | None
    rest: float
    """Its direction in the parent's frame at neutral, in degrees (counter-clockwise)."""
    sign: float
    """How a positive joint angle turns it (+1 counter-clockwise), or 0 to foreshorten it instead."""
    length: float
    shape: tuple
    layer: float
    part: str
    """The body part a highlight names."""


def _limb(r0: float, r1: float) -> tuple:
    return ("limb", r0, r1)


def _side_skeleton() -> list[Seg]:
    """Seen from the right: the body faces +x; the right limbs are near, the left ones far and a little behind."""
    s: list[Seg] = [Seg("pelvis", -1, (0, 0), None, None, 0, 1, 0, ("none",), 3, "hips")]
    s.append(Seg("trunk", 0, (0, 0), "trunk", None, 0, -1, 30, ("torso", TORSO_SIDE), 3, "trunk"))
    s.append(Seg("neck", 1, (30, -0.5), "neck", None, 0, -1, 4.5, _limb(2.6, 2.6), 2, "neck"))
    s.append(Seg("head", 2, (4.5, 0), "head", None, 0, -1, 6.8, ("head", "side"), 4, "head"))
    for side, back, layer in (("left", 1.5, 0), ("right", 0.0, 6)):
        s.append(Seg(f"{side} scapula", 1, (26.5, back), "scapula", side, 0, 1, 0, ("blade",), layer, "blades"))
        sc = len(s) - 1
        s.append(Seg(f"{side} upper arm", sc, (0, 0), "shoulder", side, 180, 1, 17.5, _limb(3.4, 2.6), layer,
                     "arms"))
        s.append(Seg(f"{side} forearm", sc + 1, (17.5, 0), "elbow", side, 0, 1, 15, _limb(2.6, 2.0), layer, "arms"))
        s.append(Seg(f"{side} hand", sc + 2, (15, 0), "wrist", side, 0, 1, 6.5, ("hand",), layer, "hands"))
        leg = layer + (1 if side == "left" else -1)
        s.append(Seg(f"{side} thigh", 0, (0, back), "hip", side, 180, 1, 24.5, _limb(5.4, 3.9), leg, "thighs"))
        s.append(Seg(f"{side} shank", len(s) - 1, (24.5, 0), "knee", side, 0, -1, 24, _limb(3.8, 2.5), leg,
                     "legs"))
        s.append(Seg(f"{side} foot", len(s) - 1, (24, 0), "ankle", side, 90, 1, 11, ("foot", FOOT_SIDE), leg,
                     "feet"))
    return s


def _front_skeleton() -> list[Seg]:
    """Seen from the front (the back view is its mirror): the right side on the viewer's left, +y in the body."""
    s: list[Seg] = [Seg("pelvis", -1, (0, 0), None, None, 0, 1, 0, ("none",), 3, "hips")]
    s.append(Seg("trunk", 0, (0, 0), "trunk", None, 0, 1, 30, ("torso", TORSO_FRONT), 3, "trunk"))
    s.append(Seg("neck", 1, (30, 0), "neck", None, 0, 1, 4.5, _limb(2.8, 2.8), 2, "neck"))
    s.append(Seg("head", 2, (4.5, 0), "head", None, 0, 1, 6.8, ("head", "front"), 4, "head"))
    for side, y, turn in (("right", 1, -1), ("left", -1, 1)):
        s.append(Seg(f"{side} scapula", 1, (26.5, 9.5 * y), "scapula", side, 0, 1, 0, ("none",), 5, "blades"))
        sc = len(s) - 1
        s.append(Seg(f"{side} upper arm", sc, (0, 0), "shoulder", side, 180 - 7 * y, turn, 17.5, _limb(3.3, 2.6), 5,
                     "arms"))
        s.append(Seg(f"{side} forearm", sc + 1, (17.5, 0), "elbow", side, 0, 0, 15, _limb(2.6, 2.0), 5, "arms"))
        s.append(Seg(f"{side} hand", sc + 2, (15, 0), "wrist", side, 0, 0, 6.5, ("hand",), 5, "hands"))
        s.append(Seg(f"{side} thigh", 0, (0, 5 * y), "hip", side, 180 - 2 * y, turn, 24.5, _limb(5.2, 3.7), 1,
                     "thighs"))
        s.append(Seg(f"{side} shank", len(s) - 1, (24.5, 0), "knee", side, 0, 0, 24, _limb(3.7, 2.5), 1, "legs"))
        s.append(Seg(f"{side} foot", len(s) - 1, (24, 0), "ankle eversion", side, 0, turn, 4, ("foot", FOOT_FRONT), 1,
                     "feet"))
    for side, y in (("right", 1), ("left", -1)):  # the blades themselves: they slide further than the shoulders
        s.append(Seg(f"{side} blade", 1, (27, 10 * y), "scapula", side, 0, 1, 0, ("blade",), 4, "blades"))
    return s


def _top_skeleton() -> list[Seg]:
    """Seen from above the head: the body faces +x, its left is +y; arms at 0 reach straight forward."""
    s: list[Seg] = [Seg("pelvis", -1, (0, 0), None, None, 0, 1, 0, ("none",), 3, "hips")]
    s.append(Seg("trunk", 0, (0, 0), "trunk", None, 0, 1, 0, ("torso", TORSO_TOP), 3, "trunk"))
    s.append(Seg("head", 1, (0.5, 0), "neck", None, 0, 1, 6.8, ("head", "top"), 4, "head"))
    for side, y, turn, layer in (("right", -1, -1, 6), ("left", 1, 1, 0)):
        s.append(Seg(f"{side} scapula", 1, (-1.5, 11 * y), "scapula", side, 0, 1, 0, ("blade",), layer, "blades"))
        sc = len(s) - 1
        s.append(Seg(f"{side} upper arm", sc, (0, 0), "shoulder", side, 0, turn, 17.5, _limb(3.4, 2.6), layer,
                     "arms"))
        s.append(Seg(f"{side} forearm", sc + 1, (17.5, 0), "elbow", side, 0, -turn, 15, _limb(2.6, 2.0), layer,
                     "arms"))
        s.append(Seg(f"{side} hand", sc + 2, (15, 0), "wrist", side, 0, 0, 6.5, ("hand",), layer, "hands"))
    return s


TORSO_SIDE = ((-4, -5.5), (-4.5, 6.5), (6, 7), (14, 5), (24, 6), (31, 3.5), (31, -3.5), (24, -6.5), (12, -5.5),
              (2, -6.5))
"""The trunk seen from the side, (along the spine, backwards): belly at -y, bottom and back at +y."""
TORSO_FRONT = ((-4, 7.5), (4, 9.5), (14, 7.5), (26, 11), (30.5, 9), (31, 0), (30.5, -9), (26, -11), (14, -7.5),
               (4, -9.5), (-4, -7.5), (-5, 0))
TORSO_TOP = ((6, 0), (5, 8), (1, 13), (-4, 12.5), (-6, 6), (-6.5, -6), (-4, -12.5), (1, -13), (5, -8))
FOOT_SIDE = ((-1.5, 2), (-3, -1), (-2.5, -3.3), (10.5, -3.3), (11.5, -2), (4, 1.8))
FOOT_FRONT = ((0, -3), (0, 3), (4.5, 3.5), (4.5, -3.5))

SKELETONS = {"side": _side_skeleton(), "front": _front_skeleton(), "back": _front_skeleton(),
             "top": _top_skeleton()}

SPINE = 14.0
"""Where the back bends (`spine`): the small of the back, along the trunk from the hips."""
TORSO_LOW = ((-4, -5.5), (-4.5, 6.5), (6, 7), (14, 5), (17, 5), (17, -5.5), (12, -5.5), (2, -6.5))
TORSO_HIGH = ((-3, 5), (10, 6), (17, 3.5), (17, -3.5), (10, -6.5), (-3, -5.5))
"""TORSO_SIDE in two pieces that overlap at the small of the back: below it (in the trunk's frame) and above it (in
its own frame, from SPINE)."""
FOOT_HEEL = ((-1.5, 2), (-3, -1), (-2.5, -3.3), (8.5, -3.3), (9.5, -1.2), (4, 1.8))
"""FOOT_SIDE without its toes, for toes that curl (`toes`)."""
FOOT_SOLE = ((-1, 0), (0, -2.6), (5, -3), (10, -3.6), (12.5, -2.2), (12.8, 0.8), (11, 3.4), (6, 2.8), (2, 2.6),
             (-0.5, 2))
"""A sole seen from below, from the heel (its joint) to the toes: a foot pointing at the ceiling seen from the front
of a body sitting with its legs out (the big toe at +y, the right foot's)."""
SPLIT = ("spine", "forearm rotation", "toes", "grip")
BIG_HAND = 1.4
"""How much bigger a hand whose palm turns (`forearm rotation`) is drawn."""
"""Joints whose parts only a figure that sets them has (`_skeleton`): every other figure keeps its drawing."""


def _skeleton(shown: str, figure: Figure) -> list[Seg]:
    """The skeleton of a view, with the parts the figure's joints need: a back in two pieces (`spine`), a palm and
    a thumb (`forearm rotation`), toes (`toes`)."""
    sided = {parsed for _, joints in figure.poses for key, _ in joints if (parsed := joint_name(key))}
    written = {base for base, _ in sided}
    extras = {j for j in SPLIT if j in written and VIEW_JOINTS[j] == VIEW_GROUP[shown]}
    extras |= {f"{j} {s}" for j, side in sided if j in extras for s in ((side,) if side else SIDES)}
    if "ankle eversion" in written and figure.posture == "long-sitting" and shown == "front":
        extras.add("soles")  # the legs point at us: we see the soles, toes up, turning out about the heel
    if "grip" in extras:  # a small ball in a hand that grips is squeezed
        extras |= {f"ball {p.place}" for p in _props_of(figure) if p.name == "ball" and p.place in BODY_POINTS}
    if "toes" in extras:  # a towel under a foot bunches up as its toes curl
        extras |= {f"towel {p.place}" for p in _props_of(figure) if p.name == "towel" and p.place in BODY_POINTS}
    return _grown(shown, frozenset(extras)) if extras else SKELETONS[shown]


@cache
def _grown(shown: str, extras: frozenset[str]) -> list[Seg]:
    s = list(SKELETONS[shown])
    if "spine" in extras:  # the trunk ends at the small of the back; the rest of the back hangs from it
        upper = Seg("upper trunk", 1, (SPINE, 0), "spine", None, 0, -1, 30 - SPINE, ("torso", TORSO_HIGH, "joined"),
                    3, "trunk")
        s = [s[0], replace(s[1], length=SPINE, shape=("torso", TORSO_LOW)), upper] + [
            replace(seg, parent=2, at=(seg.at[0] - SPINE, seg.at[1])) if seg.parent == 1 else
            replace(seg, parent=seg.parent + (seg.parent >= 2)) for seg in s[2:]]
    for side in SIDES:
        names = [seg.name for seg in s]
        if f"forearm rotation {side}" in extras and f"{side} hand" in names:
            at = names.index(f"{side} hand")  # drawn bigger, so that a phone shows which way the palm faces
            hand = s[at] = replace(s[at], shape=("hand", BIG_HAND))
            k = BIG_HAND
            s.append(Seg(f"{side} thumb", at, (2.0 * k, 0), "forearm rotation", side, 65, 0, 2.6 * k,
                         _limb(1.1 * k, 0.9 * k), hand.layer - 0.5, "hands"))  # under the hand: only its tip shows
            s.append(Seg(f"{side} palm", at, (3.25 * k, 0), "forearm rotation", side, 90, 0, 2.4 * k, ("palm", k),
                         hand.layer, "hands"))
        if f"ball {side} hand" in extras and f"{side} hand" in names:  # the ball in it, squeezed as it grips
            hand = s[names.index(f"{side} hand")]
            s.append(Seg(f"{side} squeezed ball", names.index(hand.name), (4, 0), "grip", side, 90, 0, 4,
                         ("squeezed",), hand.layer, "hands"))
        if "soles" in extras and f"{side} foot" in names:
            at = names.index(f"{side} foot")
            s[at] = replace(s[at], rest=0, sign=-s[at].sign, length=12, shape=("foot", FOOT_SOLE), layer=6)
        if f"toes {side}" in extras and f"{side} foot" in names:
            foot = s[names.index(f"{side} foot")]
            at = names.index(foot.name)
            s[at] = replace(foot, shape=("foot", FOOT_HEEL))
            s.append(Seg(f"{side} toes", at, (8.3, -2.0), "toes", side, 0, 0.6, 1.8, _limb(1.3, 1.2), foot.layer,
                         "feet"))
            s.append(Seg(f"{side} toe tips", len(s) - 1, (1.8, 0), "toes", side, 0, -1.5, 1.3, _limb(1.2, 1.0),
                         foot.layer, "feet"))
            if f"towel {side} foot" in extras:
                s.append(Seg(f"{side} towel fold", at, (13.2, -3.6), "toes", side, 90, 0, 3.0, ("fold",), foot.layer,
                             "feet"))
    return s


@dataclass(frozen=True)
class Posture:
    joints: dict[str, float]
    anchor: str | None
    """The segment whose direction the posture fixes (None: the pelvis itself), and that stays in place."""
    angle: dict[str, float]
    """The anchor's direction on the page, by view group (side, front, top)."""
    ground: str = "lowest"
    scale: tuple[tuple[str, float], ...] = ()
    """Segments seen end-on in the front view (a sitting body's thighs), and how much of them shows."""


POSTURE_TABLE = {
    "standing": Posture({}, "right foot", {"side": 0, "front": 90, "top": -90}),
    "sitting": Posture({"hip": 90, "knee": 90}, "right thigh", {"side": 0, "front": 90, "top": -90}, "seat",
                       (("thigh", 0.3),)),
    "long-sitting": Posture({"hip": 90}, "right thigh", {"side": 0, "front": 90, "top": -90}, "lowest",
                            (("thigh", 0.3), ("shank", 0.2))),
    "kneeling": Posture({"knee": 90, "ankle": -90}, "right shank", {"side": 180, "front": 90, "top": -90},
                        "lowest", (("shank", 0.2),)),
    "quadruped": Posture({"hip": 90, "knee": 90, "shoulder": 90, "ankle": -90}, "right shank",
                         {"side": 180, "front": 90, "top": -90}),
    "supine": Posture({"ankle": 10}, None, {"side": 180, "front": 180, "top": 90}),
    "prone": Posture({"ankle": -30}, None, {"side": 0, "front": 180, "top": -90}),
    "side-lying": Posture({}, None, {"side": 180, "front": 0, "top": 180}),
    "half-kneeling": Posture({"left knee": 90, "left ankle": -90, "right hip": 90, "right knee": 90}, "left shank",
                             {"side": 180, "front": 90, "top": -90}, "lowest",
                             (("left shank", 0.2), ("right thigh", 0.3))),
}
SEAT = 22.0
BED = 24.0
"""The top of a bed's mattress above the floor (a body lying on it); sitting on its edge, it is a chair's SEAT."""
VIEW_GROUP = {"side": "side", "front": "front", "back": "front", "top": "top"}
LYING = ("supine", "prone", "side-lying")


def layout(view: str, posture: str) -> tuple[str, bool]:
    """The skeleton a view shows of a posture, and whether we look down from the ceiling (no floor line).

    A view is where we stand in the room: from the ceiling (`top`), a body lying on its side shows its profile and
    a body on its back its front; from the side of the room, a body on its side shows its front.
    """
    if posture == "side-lying":
        return {"top": ("side", True), "side": ("front", False)}.get(view, ("front", False))
    if posture in LYING and view == "top":
        return ("front" if posture == "supine" else "back"), True
    return view, view == "top"


def pose_angles(figure: Figure, pose: tuple[tuple[str, int], ...]) -> dict[str, float]:
    """Every joint's angle in a key pose, by segment side: the posture's, then the pose's own ('right knee': 90)."""
    angles: dict[str, float] = {}
    for source in (POSTURE_TABLE[figure.posture].joints.items(), pose):
        for key, value in source:
            parsed = joint_name(key)
            if parsed is None:
                continue
            base, side = parsed
            for s in ((side,) if side else SIDES if JOINTS[base][2] else (None,)):
                angles[f"{s} {base}" if s else base] = float(value)
    return angles


def _local(seg: Seg, angles: dict[str, float], view: str, scales: dict[str, float], sagittal: bool = False
           ) -> tuple[float, ...]:
    """A segment's (angle, scale, dx, dy) in its parent's frame for one pose."""
    key = f"{seg.side} {seg.joint}" if seg.side else seg.joint
    value = angles.get(key or "", 0.0)
    angle, scale, dx, dy = seg.rest, scales.get(seg.name, scales.get(seg.name.split()[-1], 1.0)), 0.0, 0.0
    if seg.joint == "scapula":
        up = angles.get(f"{seg.side} scapula elevation", 0.0)
        back = angles.get(f"{seg.side} scapula retraction", 0.0)
        medial = 1 if seg.side == "right" else -1
        inward = 0.16 if seg.name.endswith("blade") else 0.08  # seen from behind, the blades meet at the spine
        dx, dy = {"side": (0.16 * up, 0.16 * back), "top": (-0.16 * back, 0.0)}.get(
            VIEW_GROUP[view], (0.16 * up, -inward * back * medial))
    elif seg.sign and seg.joint == "hip" and VIEW_GROUP[view] == "front":  # `hip` takes it out, as abduction does
        angle += seg.sign * (value + angles.get(f"{seg.side} hip abduction", 0.0))
    elif seg.sign:
        angle += seg.sign * (value + (TUCK_NOD * angles.get("chin tuck", 0.0) if seg.joint == "head" else 0.0))
    elif seg.name.endswith("squeezed ball"):  # a full grip (100) squeezes it to 60% of its width
        scale *= 1 - 0.004 * value
    elif seg.name.endswith(("palm", "fold")):  # palm up (90) on the hand's upper face, palm down (-90) under it;
        scale *= math.sin(math.radians(value))  # the towel bunches up in front of curling toes
    else:
        scale *= math.cos(math.radians(value))
    if seg.name == "neck" or (seg.name == "head" and VIEW_GROUP[view] == "top"):  # a chin tuck slides the head back
        tuck = TUCK * angles.get("chin tuck", 0.0)
        dx, dy = (-tuck, dy) if VIEW_GROUP[view] == "top" else (dx, dy + tuck if VIEW_GROUP[view] == "side" else dy)
    if seg.part in ("arms", "hands") and seg.side and sagittal:  # an arm turned out of the page looks shorter
        scale *= math.cos(math.radians(angles.get(f"{seg.side} shoulder horizontal abduction", 0.0)))
        if seg.name.endswith(("forearm", "hand")):  # the forearm turned out or in, across the page
            scale *= math.cos(math.radians(angles.get(f"{seg.side} shoulder rotation", 0.0)))
    return (round(angle, 2), round(scale, 3), round(dx, 2), round(dy, 2))


def _leg(side: str, angles: dict[str, float]) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    """A leg in 3D, in its hip's frame (x to the front, y to the body's left, z up): the thigh's and the lower leg's
    directions. `hip` bends it forward, `hip abduction` takes it out to the side, `hip rotation` turns the thigh out
    (the bent knee's foot swings in), `knee` bends it back."""
    s = 1 if side == "right" else -1  # the right leg's outside is -y

    def get(name: str) -> float:
        return math.radians(angles.get(f"{side} {name}", 0.0))

    flex, out, turn, bend = get("hip"), -s * get("hip abduction"), get("hip rotation"), get("knee")

    def place(v: tuple[float, float, float]) -> tuple[float, float, float]:
        x, y, z = v[0] * math.cos(flex) - v[2] * math.sin(flex), v[1], v[0] * math.sin(flex) + v[2] * math.cos(flex)
        return (x, y * math.cos(out) - z * math.sin(out), y * math.sin(out) + z * math.cos(out))

    thigh, front, outside = place((0, 0, -1)), place((1, 0, 0)), place((0, -s, 0))
    back = tuple(-(math.cos(turn) * f + math.sin(turn) * o) for f, o in zip(front, outside, strict=True))
    shank = tuple(math.cos(bend) * t + math.sin(bend) * b for t, b in zip(thigh, back, strict=True))
    return thigh, (shank[0], shank[1], shank[2])


def _legs_in_3d(skeleton: list[Seg], local: list[tuple[float, ...]], angles: dict[str, float]
                ) -> list[tuple[float, ...]]:
    """Seen from the side, a leg taken out to the side or turned (`_leg`): its thigh and lower leg turned and
    foreshortened as we see them. Legs without a hip abduction or rotation are drawn as they always were."""
    out = list(local)
    for side in SIDES:
        if not any(angles.get(f"{side} {k}", 0.0) for k in ("hip abduction", "hip rotation")):
            continue
        thigh, shank = _leg(side, angles)

        def seen(v: tuple[float, float, float]) -> tuple[float, float]:
            across = -v[0]  # in the pelvis's frame: x up the body, y to its back
            return math.degrees(math.atan2(across, v[2])), math.hypot(across, v[2])

        def wrap(angle: float) -> float:
            return (angle + 180) % 360 - 180

        (ta, ts), (sa, ss) = seen(thigh), seen(shank)
        for i, seg in enumerate(skeleton):
            if seg.side != side:
                continue
            if seg.name.endswith("thigh"):
                out[i] = (round(seg.rest + wrap(ta - 180), 2), round(max(ts, 0.01), 3), *local[i][2:])
            elif seg.name.endswith("shank"):
                out[i] = (round(wrap(sa - ta), 2), round(max(ss, 0.01), 3), *local[i][2:])
    return out


def _arms_from_above(skeleton: list[Seg], local: list[tuple[float, ...]], angles: dict[str, float]
                     ) -> list[tuple[float, ...]]:
    """An upright body seen from above: each arm's segments as `_arm_from_above` sees them."""
    out = list(local)
    for side in SIDES:
        (ua, us), (fa, fs) = _arm_from_above(side, angles)
        for i, seg in enumerate(skeleton):
            if seg.side != side:
                continue
            if seg.name.endswith("upper arm"):
                out[i] = (round(ua, 2), round(max(us, 0.0), 3), *local[i][2:])
            elif seg.name.endswith("forearm"):
                out[i] = (round(fa - ua, 2), round(max(fs, 0.0), 3), *local[i][2:])
            elif seg.name.endswith("hand"):
                out[i] = (local[i][0], round(max(fs, 0.0) * local[i][1], 3), *local[i][2:])
    return out


def _arms_in_front(skeleton: list[Seg], local: list[tuple[float, ...]], angles: dict[str, float]
                   ) -> list[tuple[float, ...]]:
    """Seen from the front or back, an arm with a `shoulder rotation`: its bent forearm turned out (positive) swings
    up in the picture's plane, turned in it swings down across the body (a hand on the head, behind the back), as
    far as `elbow` bends it. Arms without a rotation are drawn as they always were (the forearm bends towards us)."""
    out = list(local)
    for side in SIDES:
        turn = math.radians(angles.get(f"{side} shoulder rotation", 0.0))
        names = [seg.name for seg in skeleton]
        if not turn or f"{side} upper arm" not in names:
            continue
        upper, fore, hand = (names.index(f"{side} {part}") for part in ("upper arm", "forearm", "hand"))
        a = math.radians(local[upper][0])
        s = 1 if side == "right" else -1  # the right arm's outside is +y in the trunk's frame
        bend = math.radians(angles.get(f"{side} elbow", 0.0))
        u, w = (math.cos(a), math.sin(a)), (s * math.sin(a), -s * math.cos(a))  # w: the upper arm turned up
        fx = math.cos(bend) * u[0] + math.sin(bend) * math.sin(turn) * w[0]
        fy = math.cos(bend) * u[1] + math.sin(bend) * math.sin(turn) * w[1]
        seen = max(math.hypot(fx, fy), 0.01)
        out[fore] = (round((math.degrees(math.atan2(fy, fx) - a) + 180) % 360 - 180, 2), round(seen, 3),
                     *local[fore][2:])
        out[hand] = (local[hand][0], round(seen * local[hand][1], 3), *local[hand][2:])
    return out


def _legs_facing(skeleton: list[Seg], local: list[tuple[float, ...]], angles: dict[str, float]
                 ) -> list[tuple[float, ...]]:
    """Seen from the front or back, legs in 3D (`_leg`): `hip` bends a leg towards us, `hip abduction` takes it out,
    `hip rotation` turns the thigh (a bent knee's foot swings in); each part as long as we see it (a clamshell, seen
    from the front of a body on its side: the top knee opens, the feet stay together)."""
    out = list(local)
    for side in SIDES:
        thigh, shank = _leg(side, angles)
        ta, ts = math.degrees(math.atan2(-thigh[1], thigh[2])), math.hypot(thigh[1], thigh[2])
        sa, ss = math.degrees(math.atan2(-shank[1], shank[2])), math.hypot(shank[1], shank[2])
        for i, seg in enumerate(skeleton):
            if seg.side == side and seg.name.endswith("thigh"):  # near its rest: between two poses it never swings
                ta = seg.rest + (ta - seg.rest + 180) % 360 - 180  # round the long way
                out[i] = (round(ta, 2), round(max(ts, 0.01), 3), *local[i][2:])
            elif seg.side == side and seg.name.endswith("shank"):
                out[i] = (round((sa - ta + 180) % 360 - 180, 2), round(max(ss, 0.01), 3), *local[i][2:])
    return out


def _soles_up(skeleton: list[Seg], local: list[tuple[float, ...]]) -> list[tuple[float, ...]]:
    """Soles seen from the front (`FOOT_SOLE`) point up the body, however far apart the legs are, turned out by
    `ankle eversion` (already in their angle)."""
    out = list(local)
    for i, seg in enumerate(skeleton):
        if seg.shape[1:] == (FOOT_SOLE,):
            shank = skeleton[seg.parent]
            out[i] = (round(local[i][0] - local[seg.parent][0] - local[shank.parent][0], 2), *local[i][1:])
    return out


def _tiptoe(ankle: float) -> float:
    """How much taller a foot seen from the front or back looks with its heel raised (`ankle` below 0)."""
    return 1 + max(0.0, 10.5 * math.sin(math.radians(-ankle))) / 4.5


TUCK, TUCK_NOD = 0.05, 0.12
"""A full chin tuck (100) slides the head 5 units back and nods it 12 degrees."""


def _arm_from_above(side: str, angles: dict[str, float]) -> tuple[tuple[float, float], tuple[float, float]]:
    """An arm of an upright body seen from above, in 3D: the upper arm's and the forearm's (direction in the
    trunk's frame, the share of their length we see). `shoulder` raises the arm forward, `shoulder horizontal
    abduction` swings it out, `shoulder rotation` turns the bent forearm out (positive) or in, `elbow` bends it."""
    s = 1 if side == "right" else -1  # the right arm's outside is -y (the body's left is +y)

    def get(name: str) -> float:
        return math.radians(angles.get(f"{side} {name}", 0.0))

    flex, out = get("shoulder"), get("shoulder horizontal abduction")
    turn, bend = get("shoulder rotation"), get("elbow")

    def place(v: tuple[float, float, float]) -> tuple[float, float, float]:
        x, y, z = v[0] * math.cos(flex) - v[2] * math.sin(flex), v[1], v[0] * math.sin(flex) + v[2] * math.cos(flex)
        c, n = math.cos(-s * out), math.sin(-s * out)
        return (x * c - y * n, x * n + y * c, z)

    upper, front, outside = place((0, 0, -1)), place((1, 0, 0)), place((0, -s, 0))
    turned = tuple(math.cos(turn) * f + math.sin(turn) * o for f, o in zip(front, outside, strict=True))
    fore = tuple(math.cos(bend) * u + math.sin(bend) * f for u, f in zip(upper, turned, strict=True))

    def seen(v: tuple[float, ...]) -> tuple[float, float]:
        return math.degrees(math.atan2(v[1], v[0])), math.hypot(v[0], v[1])

    return seen(upper), seen(fore)


def _world(skeleton: list[Seg], root: tuple[float, float, float], local: list[tuple[float, ...]]):
    """Forward kinematics: each segment's (x, y, angle in degrees, scale) on the page, y up."""
    out: list[tuple[float, float, float, float]] = []
    for seg, (angle, scale, dx, dy) in zip(skeleton, local, strict=True):
        if seg.parent < 0:
            out.append((root[0], root[1], root[2] + angle, scale))
            continue
        px, py, pa, ps = out[seg.parent]
        ax, ay = seg.at[0] * ps + dx, seg.at[1] + dy
        c, s = math.cos(math.radians(pa)), math.sin(math.radians(pa))
        out.append((px + ax * c - ay * s, py + ax * s + ay * c, pa + angle, scale))
    return out


def _outline(seg: Seg) -> list[tuple[float, float]]:
    """Points around a segment's shape in its own frame (for bounds and for touching the floor)."""
    kind = seg.shape[0]
    if kind == "limb":
        r0, r1 = seg.shape[1], seg.shape[2]
        return [(seg.length + r1 * math.cos(a), r1 * math.sin(a)) for a in (-1.5, -0.7, 0, 0.7, 1.5)] + [
            (r0 * math.cos(a), r0 * math.sin(a)) for a in (1.6, 2.4, 3.14, 3.9, 4.7)]
    if kind in ("torso", "foot"):
        return list(seg.shape[1])
    if kind == "head":
        return [(seg.length + seg.length * math.cos(a), seg.length * math.sin(a)) for a in range(0, 7)]
    if kind == "hand":
        k = seg.shape[1] if seg.shape[1:] else 1.0
        return [(0, 0), (6.5 * k, 0), (3.2 * k, 2.4 * k), (3.2 * k, -2.4 * k)]
    return []


def _points(skeleton: list[Seg], world) -> list[tuple[float, float]]:
    points = []
    for seg, (x, y, a, s) in zip(skeleton, world, strict=True):
        c, n = math.cos(math.radians(a)), math.sin(math.radians(a))
        points += [(x + u * s * c - v * n, y + u * s * n + v * c) for u, v in _outline(seg)]
    return points


@dataclass(frozen=True)
class Posed:
    """A figure's skeleton with, for each key pose, every segment's local values and the root on the page."""

    skeleton: list[Seg]
    local: list[list[tuple[float, ...]]]
    roots: list[tuple[float, float, float]]
    worlds: list[list[tuple[float, float, float, float]]]


def pose(figure: Figure) -> Posed:
    """Place every key pose on the floor: the posture's anchor keeps its direction and its place.

    Standing, the anchor is the foot lower down (the right one when both are down), kept flat where it first stood: a
    foot pointed down (`ankle: -30`) rises onto its toes instead of tipping the body. A step or a bed is ground too.
    """
    return _pose(_as_drawn(figure))


def _pose(figure: Figure) -> Posed:
    """`pose` of a figure as drawn (`_as_drawn`: facing right, its sides as the skeleton has them)."""
    shown, above = _shown(figure)
    skeleton = _skeleton(shown, figure)
    posture = POSTURE_TABLE[figure.posture]
    group = VIEW_GROUP[shown]
    scales = dict(posture.scale) if group != "side" else {}
    names = [seg.name for seg in skeleton]
    props = _props_of(figure)
    ground = "lowest" if _find(props, "ball", "under") and figure.posture == "sitting" else posture.ground
    lift = BED if _find(props, "bed") and ground == "lowest" and not above else 0.0
    steps = [] if above else _steps(props, shown)
    standing = figure.posture == "standing" and group == "side"
    tiptoe = EDGE if standing and _find(props, "step", "toes") else None
    """Heels off a step's edge, the feet turn about the edge whichever way the ankles bend."""
    first: dict[str, float] = {}
    """Where each foot's ankle stood in the first pose (standing): a later pose standing on it keeps it there."""
    locals_: list[list[tuple[float, ...]]] = []
    roots: list[tuple[float, float, float]] = []
    worlds: list[list[tuple[float, float, float, float]]] = []
    turned = any(joint_name(key) == ("hip rotation", side) for _, joints in figure.poses for key, _ in joints
                 for side in (*SIDES, None))
    """Seen from the front or back, a figure that turns a hip (`hip rotation`) has its legs in 3D (`_legs_facing`)."""
    for _, joints in figure.poses:
        angles = pose_angles(figure, joints)
        local = [_local(seg, angles, shown, scales, group == "side") for seg in skeleton]
        if group == "top" and shown == "top" and figure.posture != "quadruped":
            local = _arms_from_above(skeleton, local, angles)
        elif group == "side":
            local = _legs_in_3d(skeleton, local, angles)
        else:
            local = _soles_up(skeleton, _arms_in_front(skeleton, local, angles))
            local = _legs_facing(skeleton, local, angles) if turned else local
        if figure.posture == "standing" and group == "front":  # on tiptoe, seen from the front: taller feet
            local = [(values[0], round(values[1] * _tiptoe(angles.get(f"{seg.side} ankle", 0.0)), 3), *values[2:])
                     if seg.name.endswith("foot") else values for seg, values in zip(skeleton, local, strict=True)]
        anchor_name = posture.anchor
        flat = local
        tilt = angles.get("tilt", 0.0)
        if standing:  # standing, `tilt` leans the body from the ankles, the feet flat on the floor
            local = [(round(values[0] - seg.sign * tilt, 2), *values[1:]) if seg.joint == "ankle" else values
                     for seg, values in zip(skeleton, local, strict=True)]
            flat = [_flat_foot(seg, values, angles, tiptoe) for seg, values in zip(skeleton, local, strict=True)]
            anchor_name = _standing_foot(skeleton, flat, names)
            tilt = 0.0
        elif figure.posture == "sitting" and group == "side":  # the seat keeps the trunk upright: a knee lifts
            seat = posture.joints["hip"]
            flat = [(round(seg.rest + seg.sign * seat, 2), *values[1:]) if seg.name == posture.anchor else values
                    for seg, values in zip(skeleton, local, strict=True)]
        anchor = names.index(anchor_name) if anchor_name in names and group == "side" else 0
        trial = _world(skeleton, (0, 0, 0), flat)
        turn = posture.angle[group] - (trial[anchor][2] if anchor else 0) + tilt
        if figure.posture in LYING:
            anchor = names.index("trunk")  # lying down, the shoulders stay where they are
            if "upper trunk" in names:  # and the back bends both ways from its middle (`spine`): an arched back
                # rests on the hips and the shoulder blades, the small of the back off the floor
                anchor = names.index("upper trunk")
                turn -= local[anchor][0] / 2
        placed = _world(skeleton, (0, 0, turn), local)
        if anchor and figure.posture in LYING:
            tip = skeleton[anchor]
            fx = placed[anchor][0] + tip.length * math.cos(math.radians(placed[anchor][2]))
        else:
            fx = placed[anchor][0]
        if standing and anchor_name:
            if flat != local:  # on tiptoe, or on a step's edge: the toes (the edge) stay where the flat foot's were
                pivot = tiptoe or TOES
                fx += _toes(placed[anchor], pivot) - _toes(_world(skeleton, (0, 0, turn), flat)[anchor], pivot)
            fx -= first.setdefault(anchor_name, 0.0)
        if ground == "seat":
            y = SEAT + 5.5 - placed[0][1]
        else:
            y = max(_level(steps, px - fx) - py for px, py in _points(skeleton, placed)) + lift
            if above and roots:  # from above, the body stays where it lies
                y = roots[0][1]
        root = (round(-fx, 2), round(y, 2), round(turn, 2))
        locals_.append(local)
        roots.append(root)
        worlds.append(_world(skeleton, root, local))
        if standing and len(worlds) == 1:
            for foot in ("right foot", "left foot"):
                first.setdefault(foot, worlds[0][names.index(foot)][0])
    return Posed(skeleton, locals_, roots, worlds)


TOES = (10.5, -3.3)
"""Where a foot seen from the side stands on tiptoe, in its own frame (FOOT_SIDE's sole, under the toes)."""
EDGE = (5.0, -3.3)
"""Where a foot standing with its heel off a step (`{step: toes}`) rests on the step's edge, in its own frame."""


def _toes(world: tuple[float, float, float, float], pivot: tuple[float, float] = TOES) -> float:
    x, _, a, _ = world
    return x + pivot[0] * math.cos(math.radians(a)) - pivot[1] * math.sin(math.radians(a))


def _flat_foot(seg: Seg, values: tuple[float, ...], angles: dict[str, float], edge: object = None
               ) -> tuple[float, ...]:
    """A foot's local values as if it stood flat: pointed down (`ankle` below 0), it is the toes that stay down;
    on a step's `edge`, the foot turns about the edge both ways."""
    bent = angles.get(f"{seg.side} ankle", 0.0) if seg.joint == "ankle" else 0.0
    if bent >= 0 and not (edge and bent):
        return values
    return (round(values[0] - seg.sign * bent, 2), *values[1:])


def _standing_foot(skeleton: list[Seg], local: list[tuple[float, ...]], names: list[str]) -> str:
    """The foot a standing body stands on: the right one (the near one), unless, hips level, its ankle is lifted
    above the left one's (marching, a leg swung back)."""
    world = _world(skeleton, (0, 0, 90 - local[0][0]), local)
    ankle = {foot: world[names.index(foot)][1] for foot in ("right foot", "left foot")}
    return "left foot" if ankle["left foot"] < ankle["right foot"] - LIFTED else "right foot"


LIFTED = 3.0
"""How far above the other a foot is, hips level, to be the one in the air (a stride keeps both down)."""


def _level(steps: list[tuple[float, float, float]], x: float) -> float:
    """The height of the ground at x: a step's top over the step, else the floor."""
    return max([top for x0, x1, top in steps if x0 <= x <= x1], default=0.0)


# --- drawing ------------------------------------------------------------------------------------------------


def _n(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _smooth(points) -> str:
    """A closed smooth path through the midpoints of a polygon's sides (SVG y points down)."""
    pts = [(x, -y) for x, y in points]
    mids = [((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for a, b in zip(pts, pts[1:] + pts[:1], strict=True)]
    d = f"M{_n(mids[-1][0])} {_n(mids[-1][1])}"
    for p, m in zip(pts, mids, strict=True):
        d += f"Q{_n(p[0])} {_n(p[1])} {_n(m[0])} {_n(m[1])}"
    return d + "Z"


def _shape(seg: Seg, view: str, colours: Colours, weights: tuple[str, ...] = ()) -> str:
    kind = seg.shape[0]
    if kind == "limb":
        r0, r1, length = seg.shape[1], seg.shape[2], seg.length
        return (f'<path d="M0 {_n(-r0)}L{_n(length)} {_n(-r1)}A{_n(r1)} {_n(r1)} 0 0 1 {_n(length)} {_n(r1)}'
                f'L0 {_n(r0)}A{_n(r0)} {_n(r0)} 0 0 1 0 {_n(-r0)}Z"/>')
    if kind in ("torso", "foot"):  # the upper back covers its joint with the lower back, without a seam
        joined = '<circle cy="0.3" r="4.8" stroke="none"/>' if seg.shape[2:] == ("joined",) else ""
        return f'<path d="{_smooth(seg.shape[1])}"/>{joined}'
    if kind == "palm":  # the palm's face, white, with the fingertips curled towards it (at +y in SVG)
        k = seg.shape[1]
        face = [(x * k, y * k) for x, y in ((-0.2, -3.3), (2.6, -2.0), (2.9, 1.2), (2.2, 3.2), (-0.2, 3.4))]
        return (f'<path d="{_smooth(face)}" fill="#fff" stroke="none"/><circle cx="{_n(1.9 * k)}" '
                f'cy="{_n(3.4 * k)}" r="{_n(1.5 * k)}"/>')
    if kind == "squeezed":  # over the hand, the fingers closing round it
        return f'<circle r="4" fill="{colours.prop}"/>'
    if kind == "fold":
        return (f'<path d="{_smooth([(0, 4), (2.2, 2.6), (3.2, 0), (2.2, -2.6), (0, -4)])}" fill="#fff" '
                f'stroke="{colours.prop}" stroke-width="0.6"/>')
    if kind == "head":
        r = seg.length
        nose = {"side": f'<circle cx="{_n(r * 1.05)}" cy="{_n(r * 0.98)}" r="{_n(r * 0.3)}"/>',
                "top": f'<circle cx="{_n(r + 0.3)}" r="{_n(r * 0.3)}"/>'}.get(seg.shape[1], "")
        at = f' cx="{_n(r)}"' if seg.shape[1] != "top" else ""
        return f'{nose}<circle{at} r="{_n(r)}"/>'
    if kind == "hand":
        out = '<path d="M0 0A3.3 2.4 0 1 0 6.5 0A3.3 2.4 0 1 0 0 0Z"/>'
        if seg.shape[1:]:  # a bigger hand, for a palm that turns
            rx, ry, tip = (_n(v * seg.shape[1]) for v in (3.3, 2.4, 6.5))
            out = f'<path d="M0 0A{rx} {ry} 0 1 0 {tip} 0A{rx} {ry} 0 1 0 0 0Z"/>'
        if seg.side in weights:
            if view == "side":
                out += f'<circle cx="3.5" r="4.2" fill="{colours.prop_dark}"/><circle cx="3.5" r="1.4" fill="#fff"/>'
            else:
                out += (f'<path d="M3.5 -7V7" stroke="{colours.prop_dark}" stroke-width="1.6"/><rect x="0.5" '
                        f'y="-9.5" width="6" height="3.5" rx="1" fill="{colours.prop_dark}"/><rect x="0.5" y="6" '
                        f'width="6" height="3.5" rx="1" fill="{colours.prop_dark}"/>')
        return out
    if kind == "blade" and (view in ("back", "top") or colours.blades):
        if view == "top":
            return '<path d="M-1 -1L-4 6L-2 8L1 2Z"/>'
        if view == "side":
            return '<path d="M0 1.5L-8 3.5L-10 5.5L-1 6.5Z"/>'
        inward = -1 if seg.side == "right" else 1  # towards the spine, in the trunk's frame
        return f'<path d="{_smooth([(0, 0.5 * inward), (0, 6 * inward), (-12, 3 * inward), (-5, -0.5 * inward)])}"/>'
    return ""


@dataclass(frozen=True)
class Colours:
    near: str
    far: str
    highlight: str
    ink: str
    prop: str
    prop_dark: str
    panel: str
    mat: str
    blades: bool = False


def colours_for(link: str, blades: bool = False) -> Colours:
    """The figure's colours from the clinic's link colour (handouts.brand.palette): the body in it, the far limbs
    lighter, the working part in its complementary hue, props in greys."""
    r, g, b = (c / 255 for c in rgb(link))
    import colorsys

    h, lum, sat = colorsys.rgb_to_hls(r, g, b)
    warm = colorsys.hls_to_rgb((h + 0.5) % 1.0, 0.5, max(0.75, sat))
    highlight = hex_color((warm[0] * 255, warm[1] * 255, warm[2] * 255))
    return Colours(near=link, far=lighten(link, 0.5), highlight=highlight,
                   ink="#1a1a1a", prop="#aab3bc", prop_dark="#4d5660", panel=lighten(link, 0.93),
                   mat=lighten(link, 0.72), blades=blades)


WHOLE = {"neck": ("neck",), "shoulders": ("upper arm", "blade"), "shoulder blades": ("blade",),
         "arms": ("upper arm", "forearm"), "forearms": ("forearm",), "hands": ("hand",), "thighs": ("thigh",),
         "legs": ("thigh", "shank"), "feet": ("foot", "toes")}
"""Highlights that colour whole segments, by kind of segment."""
MUSCLES = {"biceps": ("upper arm", 1), "triceps": ("upper arm", -1), "quadriceps": ("thigh", 1),
           "hamstrings": ("thigh", -1), "calves": ("shank", -1)}
"""Highlights drawn on one face of a limb: its kind, and the face (1 the front, seen from the front; -1 the back)."""
JOINT_MARKS = {"wrists": "hand", "ankles": "foot"}
"""Highlights drawn round a joint: at the start of the segment it moves."""
TRUNK = {"side": {"upper back": [(15, 4.5), (24, 5.5), (30, 3.3), (28, 1), (20, 1.5)],
                  "lower back": [(2, 5.5), (14, 4.7), (14, 1.5), (3, 2)],
                  "hips": [(-4, 6), (3, 6.8), (3, 1), (-3, 1)],
                  "chest": [(18, -2), (19, -5.6), (24, -6.4), (28.5, -5.2), (28, -2)],
                  "core": [(3, -2.5), (4, -6.2), (13, -5.3), (16, -5.2), (16, -2)],
                  "glutes": [(-4.3, 3), (-4.3, 6.2), (1, 7), (5, 6.4), (4, 2.5)]},
         "back": {"upper back": [(16, -8), (27, -10), (30, 0), (27, 10), (16, 8)],
                  "lower back": [(3, -7.5), (14, -7), (14, 7), (3, 7.5)],
                  "hips": [(-4, -7.5), (3, -9), (3, 9), (-4, 7.5)],
                  "right glute": [(-4.5, 1), (-4.5, 7.5), (1, 8.8), (3.5, 4), (1.5, 1)],
                  "left glute": [(-4.5, -1), (-4.5, -7.5), (1, -8.8), (3.5, -4), (1.5, -1)]},
         "front": {"right chest": [(19, 1), (20, 7.5), (25, 9.8), (27.5, 6), (26, 1)],
                   "left chest": [(19, -1), (20, -7.5), (25, -9.8), (27.5, -6), (26, -1)],
                   "core": [(2, -4.5), (2, 4.5), (14, 5.5), (16, 0), (14, -5.5)]}}
"""Highlighted regions of the trunk, in its frame (x up the spine), as each face shows them; a face without a name
falls back to the back's (the old front view drew the back's upper back)."""
FRONT_ONLY, BACK_ONLY = ("chest", "core"), ("glutes",)


def _group(name: str) -> tuple[str, str | None]:
    """'right calf' -> ('calves', 'right'); 'calves' -> ('calves', None)."""
    if name in GROUPS:
        return name, None
    side, _, one = name.partition(" ")
    return ONE_SIDE.get(one, one), side if side in SIDES else None


def _kind(seg: Seg) -> str:
    """A segment's kind: 'upper arm', 'forearm', 'thigh', 'blade' (the scapula too)…"""
    last = seg.name.split()[-1]
    return "upper arm" if seg.name.endswith("upper arm") else {"scapula": "blade", "tips": "toes"}.get(last, last)


def _highlighted(seg: Seg, highlight: tuple[str, ...]) -> bool:
    """Whether a whole segment is in the highlight colour."""
    for wanted in highlight:
        group, side = _group(wanted)
        if _kind(seg) in WHOLE.get(group, ()) and side in (None, seg.side):
            return True
        if group == "neck" and seg.name == "head" and seg.joint == "neck":  # from above, the neck is under the head
            return True
    return False


def _marks(seg: Seg, shown: str, highlight: tuple[str, ...]) -> str:
    """The highlighted muscles on a segment (drawn in its frame, over it): a face of a limb, a joint."""
    out = []
    for wanted in highlight:
        group, side = _group(wanted)
        if side not in (None, seg.side):
            continue
        if group in MUSCLES and MUSCLES[group][0] == _kind(seg) and _face_shows(shown, MUSCLES[group][1]):
            out.append(_muscle(seg, MUSCLES[group][1] if shown == "side" else 0))
        elif JOINT_MARKS.get(group) == _kind(seg):
            out.append(f'<circle r="{_n(2.3 if group == "wrists" else 2.8)}"/>')
    return "".join(dict.fromkeys(out))


def _face_shows(shown: str, face: int) -> bool:
    """Whether a view shows a limb's front (1) or back (-1): the side view and from above both."""
    return {"front": face > 0, "back": face < 0}.get(shown, True)


def _muscle(seg: Seg, face: int) -> str:
    """A muscle on a limb: on its front (1) or back (-1) half seen from the side, or in the middle (0)."""
    length, r0, r1 = seg.length, float(seg.shape[1]), float(seg.shape[2])

    def r(t: float) -> float:
        return r0 + (r1 - r0) * t

    if face:
        end = 0.7 if _kind(seg) == "shank" else 0.88
        points = [(0.1 * length, face * 0.1 * r(0.1)), (0.12 * length, face * 1.0 * r(0.12)),
                  (0.55 * length, face * 1.05 * r(0.55)), (end * length, face * 0.8 * r(end)),
                  (end * length, face * 0.1 * r(end))]
    else:
        points = [(0.15 * length, 0), (0.4 * length, 0.62 * r(0.4)), (0.8 * length, 0.45 * r(0.8)),
                  (0.8 * length, -0.45 * r(0.8)), (0.4 * length, -0.62 * r(0.4))]
    return f'<path d="{_smooth(points)}"/>'


def _piece(seg: Seg, skeleton: list[Seg]) -> float | None:
    """Where a piece of a back in two pieces (`spine`) starts along the trunk; None for a trunk in one piece."""
    if seg.name == "upper trunk":
        return SPINE
    return 0.0 if any(other.name == "upper trunk" for other in skeleton) else None


def _overlay(view: str, highlight: tuple[str, ...], piece: float | None = None) -> str:
    """The highlighted regions of the trunk (upper back, lower back, hips, chest, core, glutes), in its frame; of a
    back in two pieces, the regions on the `piece` starting there (0: below SPINE), in its frame."""
    found = {**TRUNK["back"], **TRUNK["front"]} if view == "front" else TRUNK.get(view, {})
    out: list[Any] = []  # point lists (TRUNK is read as objects)
    for wanted in highlight:
        group, side = _group(wanted)
        if group in {"front": BACK_ONLY, "back": FRONT_ONLY}.get(view, ()):
            continue  # on the face we do not see
        if wanted in found:
            out.append(found[wanted])
        elif group in found and (view == "side" or group not in ("glutes", "chest")):
            out.append(found[group])
        else:
            out += [found[f"{s} {group[:-1] if group == 'glutes' else group}"] for s in ((side,) if side else SIDES)
                    if f"{s} {group[:-1] if group == 'glutes' else group}" in found]
    if piece is not None:
        out = [[(x - piece, y) for x, y in points] for points in out
               if (sum(x for x, _ in points) / len(points) >= SPINE) == bool(piece)]
    return "".join(f'<path d="{_smooth(points)}"/>' for points in out)


def _visible(view: str, posture: str, facing: Any, name: str) -> bool:
    """Whether a highlight draws anything in this view of this posture (`check` says so when it does not)."""
    figure = Figure(view=view, posture=posture, poses=(("start", ()), ("end", ())), alt="", caption="",
                    highlight=(name,), facing="left" if facing == "left" else "right")
    drawn = _as_drawn(figure)
    shown, _ = _shown(drawn)
    group, _ = _group(drawn.highlight[0])
    if group in ("upper back", "lower back", "hips"):
        return True  # drawn on the trunk in every view, as they always were
    if group in FRONT_ONLY + BACK_ONLY:
        return bool(_overlay(shown, drawn.highlight))
    skeleton = SKELETONS[shown]
    return any(_highlighted(seg, drawn.highlight) or _marks(seg, shown, drawn.highlight) for seg in skeleton)


def _pose_words(posture: str) -> str:
    return {"standing": "standing", "sitting": "sitting", "long-sitting": "sitting on the floor",
            "kneeling": "kneeling", "half-kneeling": "kneeling on one knee", "quadruped": "on hands and knees",
            "supine": "lying on its back", "prone": "lying on its front", "side-lying": "lying on its side"}[posture]


def _where_seen(name: str, view: str, posture: str) -> str:
    group, _ = _group(name)
    face = "front" if group in FRONT_ONLY or (group in MUSCLES and MUSCLES[group][1] > 0) else "back" if (
        group in BACK_ONLY or (group in MUSCLES and MUSCLES[group][1] < 0)) else ""
    if face and posture == "side-lying" and view == "side":  # we see the front facing right, the back facing left
        return (f"it is on the {face} of the body, and a body on its side seen from the side shows its "
                f"{'back' if face == 'front' else 'front'}: write 'facing: {'right' if face == 'front' else 'left'}'")
    if face:
        return f"it is on the {face} of the body: use the side or {face} view"
    return "that part is not drawn in this view: use the side view"


def _arrow_point(figure: Figure, posed: Posed) -> tuple[int, float] | None:
    """The segment and the place along it whose path the arrow follows."""
    if figure.arrow == "none":
        return None
    names = [seg.name for seg in posed.skeleton]
    ends = {"head": ("head", 1.0), "shoulder": ("upper arm", 0.0), "elbow": ("forearm", 0.0),
            "hand": ("hand", 0.6), "hip": ("thigh", 0.0), "knee": ("shank", 0.0), "foot": ("foot", 0.7)}
    wanted = [figure.arrow] if figure.arrow else [f"{s} {p}" for s in SIDES for p in POINTS if p != "head"]
    candidates = []
    for point in wanted + ([] if figure.arrow else ["head"]):
        side = next((s for s in SIDES if point.startswith(s + " ")), None)
        base = point[len(side) + 1:] if side else point
        seg_name, along = ends[base]
        full = seg_name if seg_name == "head" else f"{side or 'right'} {seg_name}"
        if full in names:
            candidates.append((names.index(full), along))
    if not candidates:
        return None
    return max(candidates, key=lambda c: _path_length(_trace(posed, *c)))


def _trace(posed: Posed, index: int, along: float, steps: int = 8) -> list[tuple[float, float]]:
    """The path of one point through every key pose in turn (and back to the first, for three or more)."""
    order = list(range(len(posed.local)))
    if len(order) > 2:
        order.append(0)
    path = []
    seg = posed.skeleton[index]
    for a, b in zip(order, order[1:], strict=False):
        for k in range(steps + (1 if b == order[-1] else 0)):
            t = k / steps
            local = [tuple(x + (y - x) * t for x, y in zip(la, lb, strict=True))
                     for la, lb in zip(posed.local[a], posed.local[b], strict=True)]
            ra, rb = posed.roots[a], posed.roots[b]
            root = (ra[0] + (rb[0] - ra[0]) * t, ra[1] + (rb[1] - ra[1]) * t, ra[2] + (rb[2] - ra[2]) * t)
            x, y, ang, s = _world(posed.skeleton, root, local)[index]
            d = seg.length * along * s
            path.append((x + d * math.cos(math.radians(ang)), y + d * math.sin(math.radians(ang))))
    return path


def _path_length(path) -> float:
    return sum(math.dist(a, b) for a, b in zip(path, path[1:], strict=False))


def _arrow(path, centre: tuple[float, float], colour: str, box: tuple[float, float, float, float] | None = None
           ) -> str:
    """A curved arrow beside a path: pushed away from the body's centre, with a filled head; inside `box` (the panel
    above its floor line, when there is one), so it never runs under the floor."""
    if _path_length(path) < 3:
        return ""
    pts = []
    for x, y in path:
        dx, dy = x - centre[0], y - centre[1]
        dist = math.hypot(dx, dy) or 1
        pts.append((x + 6 * dx / dist, y + 6 * dy / dist))
    pts = pts[1:-1] if len(pts) > 4 else pts
    chord = math.dist(pts[0], pts[-1])
    if chord > 3 and _path_length(pts) < 1.1 * chord:  # a straight path (an arm turning towards us): bow it
        (ax, ay), (bx, by) = pts[0], pts[-1]
        mx, my, nx, ny = (ax + bx) / 2, (ay + by) / 2, -(by - ay) / chord, (bx - ax) / chord
        if (mx - centre[0]) * nx + (my - centre[1]) * ny < 0:
            nx, ny = -nx, -ny
        cx, cy = mx + nx * chord * 0.45, my + ny * chord * 0.45
        pts = [((1 - t) ** 2 * ax + 2 * t * (1 - t) * cx + t * t * bx, (1 - t) ** 2 * ay + 2 * t * (1 - t) * cy
                + t * t * by) for t in (k / 8 for k in range(9))]
    if box is not None:
        lift = max(0.0, box[1] - min(y for _, y in pts))
        pts = [(min(max(x, box[0]), box[2]), min(y + lift, box[3])) for x, y in pts]
    d = f"M{_n(pts[0][0])} {_n(-pts[0][1])}"
    for a, b in zip(pts[1:-1:2], pts[2::2], strict=False):
        d += f"Q{_n(a[0])} {_n(-a[1])} {_n(b[0])} {_n(-b[1])}"
    (x1, y1), (x2, y2) = pts[-2], pts[-1]
    ang = math.atan2(-(y2 - y1), x2 - x1)
    tip = (x2 + 2.5 * math.cos(ang), -y2 + 2.5 * math.sin(ang))
    wing = [(tip[0] - 5 * math.cos(ang + k), tip[1] - 5 * math.sin(ang + k)) for k in (0.45, -0.45)]
    head = f"M{_n(tip[0])} {_n(tip[1])}L{_n(wing[0][0])} {_n(wing[0][1])}L{_n(wing[1][0])} {_n(wing[1][1])}Z"
    return (f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.6" stroke-linecap="round"/>'
            f'<path d="{head}" fill="{colour}"/>')


def _squeeze(figure: Figure, posed: Posed) -> str:
    """Seen from behind, shoulder blades that slide together: a short white arrow from each blade to the spine."""
    names = [seg.name for seg in posed.skeleton]
    if figure.view != "back" or figure.arrow or "right blade" not in names:
        return ""
    first, last = posed.worlds[0], posed.worlds[-1]
    blades = [names.index(f"{side} blade") for side in SIDES]
    trunk = names.index("trunk")

    def on_trunk(world: list, i: int) -> tuple[float, float]:  # a body rising on tiptoe moves its blades with it
        return world[i][0] - world[trunk][0], world[i][1] - world[trunk][1]

    if all(math.dist(on_trunk(first, i), on_trunk(last, i)) < 1 for i in blades):
        return ""
    spine = first[1][0]
    out = []
    for i in blades:
        x, y = first[i][0], first[i][1] - 3.5
        inner = x + (spine - x) * 0.5  # the blade's inner edge, roughly halfway to the spine
        end = spine + (inner - spine) * 0.15
        head = 2.4 if end < inner else -2.4
        out.append(f'<path d="M{_n(inner)} {_n(-y)}H{_n(end + head)}" stroke="#fff" stroke-width="1.4"/>'
                   f'<path d="M{_n(end)} {_n(-y)}L{_n(end + head * 1.4)} {_n(-y - 2)}L{_n(end + head * 1.4)} '
                   f'{_n(-y + 2)}Z" fill="#fff"/>')
    return "".join(out)


def _turning(figure: Figure, posed: Posed, colour: str) -> str:
    """A forearm that turns (`forearm rotation`) and whose point moves too little for the arrow: a curved arrow
    round it near the wrist, the way it turns."""
    if figure.arrow == "none":
        return ""
    names = [seg.name for seg in posed.skeleton]
    out = []
    for side in SIDES:
        if f"{side} palm" not in names:
            continue
        palm = names.index(f"{side} palm")
        turn = posed.local[-1][palm][1] - posed.local[0][palm][1]  # the palm's face, from up (1) to down (-1)
        if abs(turn) < 0.3:
            continue
        x, y, a, _ = posed.worlds[0][names.index(f"{side} forearm")]
        c, n = math.cos(math.radians(a)), math.sin(math.radians(a))
        cx, cy = x + 11 * c, y + 11 * n  # near the wrist
        way = 1 if turn > 0 else -1
        pts = [(cx + 1.8 * math.cos(t) * c - 5.5 * math.sin(t) * n * way,
                cy + 1.8 * math.cos(t) * n + 5.5 * math.sin(t) * c * way)
               for t in (math.radians(d) for d in range(20, 320, 25))]
        (x1, y1), (x2, y2) = pts[-2], pts[-1]
        ang = math.atan2(y2 - y1, x2 - x1)
        wings = [(x2 - 2.5 * math.cos(ang + k), y2 - 2.5 * math.sin(ang + k)) for k in (0.6, -0.6)]
        d = "".join(f"{'L' if k else 'M'}{_n(px)} {_n(-py)}" for k, (px, py) in enumerate(pts))
        d += f"M{_n(wings[0][0])} {_n(-wings[0][1])}L{_n(x2)} {_n(-y2)}L{_n(wings[1][0])} {_n(-wings[1][1])}"
        out.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.4" stroke-linecap="round" '
                   f'stroke-linejoin="round"/>')
    return "".join(out)


def _transform(x: float, y: float, a: float, s: float) -> str:
    scale = f" scale({_n(s) if abs(s) > 0.005 else '0.01'} 1)" if abs(s - 1) > 0.001 else ""
    return f"translate({_n(x)} {_n(-y)}) rotate({_n(-a)}){scale}"


# --- props --------------------------------------------------------------------------------------------------------

STEP = 10.0
"""A step's height: about 17 cm, a stair."""
TABLE = 44.0
"""A table's top above the floor: about 75 cm."""
ALONG = {"hand": ("hand", 3.5), "foot": ("foot", 9.0), "knee": ("shank", 0.0), "elbow": ("forearm", 0.0),
         "shoulder": ("upper arm", 0.0), "hip": ("thigh", 0.0)}
"""Where a band or a strap holds a body point: on which segment, how far along it."""
LINE_WIDTH = {"strap": 1.4, "band": 1.8, "towel": 2.8}
Box = tuple[float, float, float, float]


def _props_of(figure: Figure) -> tuple[Prop, ...]:
    """The figure's props as values (a Figure made in code may list just their names)."""
    return tuple(p if isinstance(p, Prop) else Prop(p, anchor=TIED[p][0], to=TIED[p][1]) if p in TIED else Prop(p)
                 for p in figure.props)


def _place(prop: Prop) -> str | None:
    """Where a prop is: its place, or its usual one."""
    return prop.place or (PLACES[prop.name][0] if PLACES.get(prop.name) else None)


def _find(props: tuple[Prop, ...], name: str, place: str | None = None) -> Prop | None:
    return next((p for p in props if p.name == name and place in (None, _place(p))), None)


def _steps(props: tuple[Prop, ...], shown: str) -> list[tuple[float, float, float]]:
    """Each step as ground: (from x, to x, top). Standing, the near foot's ankle is at x = 0 (`pose`)."""
    spans = {"side": {"under": (-7.0, 15.0), "toes": (EDGE[0], 27.0), "front": (17.0, 39.0), "behind": (-27.0, -8.0)},
             "front": {"under": (-14.0, 14.0), "toes": (-14.0, 14.0)}}
    shape = spans.get(VIEW_GROUP.get(shown, shown), {})
    return [(*shape[_place(p) or ""], STEP) for p in props if p.name == "step" and _place(p) in shape]


def _swap(text: str | None) -> str | None:
    """'right knee' -> 'left knee' (and the other way round); other words as they are."""
    if not text:
        return text
    side, _, rest = text.partition(" ")
    return f"{dict(right='left', left='right')[side]} {rest}" if side in SIDES and rest else text


def _as_drawn(figure: Figure) -> Figure:
    """The figure to draw: one facing left is drawn facing right with its sides swapped, then mirrored
    (`figure_svg`), so the side nearest us is its left; seen from the back, its right side is on our right. A body on
    its side seen from the side is mirrored as it is (we see its back). Call it once: it swaps sides."""
    shown, above = layout(figure.view, figure.posture)
    turned = figure.facing == "left" and (shown not in ("front", "back") or above)
    if turned == (shown == "back"):
        return replace(figure, facing="right") if turned else figure
    return replace(
        figure, facing="right", highlight=tuple(_swap(h) or h for h in figure.highlight), arrow=_swap(figure.arrow),
        poses=tuple((name, tuple((_swap(k) or k, v) for k, v in joints)) for name, joints in figure.poses),
        props=tuple(replace(p, place=_swap(p.place), anchor=_swap(p.anchor), to=_swap(p.to))
                    for p in _props_of(figure)))


def _shown(figure: Figure) -> tuple[str, bool]:
    """`layout`, with the back of a body lying on its side seen when it faces left."""
    shown, above = layout(figure.view, figure.posture)
    if shown == "front" and not above and figure.view == "side" and figure.facing == "left":
        return "back", above
    return shown, above


def _body_points(posed: Posed, index: int | None = None, parts: tuple[str, ...] = ()) -> list[Point]:
    """The outline points of the body in one pose (every pose when None), of some parts only when named."""
    worlds = posed.worlds if index is None else [posed.worlds[index]]
    keep = [i for i, seg in enumerate(posed.skeleton) if not parts or seg.part in parts]
    return [p for world in worlds for p in _points([posed.skeleton[i] for i in keep], [world[i] for i in keep])]


def _at(posed: Posed, index: int, point: str) -> tuple[int, float] | None:
    """A body point ('right hand') as its segment and the distance along it; None when the view has no such part."""
    side, _, base = point.partition(" ")
    seg, along = ALONG[base]
    names = [s.name for s in posed.skeleton]
    return (names.index(f"{side} {seg}"), along) if f"{side} {seg}" in names else None


def _end(world: list[tuple[float, float, float, float]], at: tuple[int, float]) -> Point:
    x, y, a, _ = world[at[0]]
    return (x + at[1] * math.cos(math.radians(a)), y + at[1] * math.sin(math.radians(a)))


@dataclass
class _Props:
    """Where each prop of a figure is, worked out once: what is painted behind the body (the same in every pane; each
    drawn knowing the panel's box), the lines tied to the body in front of it, the room the props take, and what is
    drawn with a segment (moving with it)."""

    behind: list[Callable[[Box], str]] = field(default_factory=list)
    lines: list[tuple[list[float], float, str]] = field(default_factory=list)
    """Each line's ends ([segment, along, segment, along] or [segment, along, -1, x, y]), width and colour."""
    room: list[Box] = field(default_factory=list)
    near: list[Callable[[Box], str]] = field(default_factory=list)
    """Painted over the body but under its near arm (a table the near forearm rests on)."""
    held: dict[int, str] = field(default_factory=dict)
    """SVG drawn in a segment's own frame, under its shape (a ball between the knees)."""
    over: dict[int, str] = field(default_factory=dict)
    """SVG drawn in a segment's own frame, over its shape (a small ball in a hand)."""
    weights: tuple[str, ...] = ()
    """The hands holding a dumbbell."""
    left: float | None = None
    right: float | None = None
    """The panel's edges where a wall stands at them."""


def _furnish(figure: Figure, posed: Posed, colours: Colours) -> _Props:
    """Every prop placed around the body: the old ones where they always were, the others beside the body."""
    props = _props_of(figure)
    shown, above = _shown(figure)
    side = VIEW_GROUP.get(shown, shown) == "side"
    names = [seg.name for seg in posed.skeleton]
    body = _body_points(posed, 0)  # a wall, a chair, a table: where the body starts
    bx0, bx1 = min(p[0] for p in body), max(p[0] for p in body)
    out = _Props()
    dumbbell = _find(props, "dumbbell")
    if dumbbell:
        place = _place(dumbbell) or "hands"
        out.weights = SIDES if place == "hands" else (place.split()[0],)
    ball = _find(props, "ball", "behind") if side and not above else None
    if ball and "trunk" in names:
        at = names.index("trunk")
        r = 10.0
        out.held[at] = f'<circle cx="13" cy="{_n(-(6.5 + r))}" r="{_n(r)}" fill="{colours.prop}"/>'
        for k, w in enumerate(posed.worlds):
            x, y, a, _ = w[at]
            c, n = math.cos(math.radians(a)), math.sin(math.radians(a))
            cx, cy = x + 13 * c - (6.5 + r) * n, y + 13 * n + (6.5 + r) * c
            bx0 = min(bx0, cx - r) if k == 0 else bx0  # a wall behind touches the ball in the first pose
            out.room.append((cx - r, cy - r, cx + r, cy + r))
    floor, floored = PAINTED.index("floor"), False
    for prop in sorted(props, key=lambda p: PAINTED.index(p.name)):
        if not floored and PAINTED.index(prop.name) > floor:
            _floor(out, above, colours.prop)
            floored = True
        _furnish_one(prop, figure, posed, colours, out, (bx0, bx1), side, above)
    if not floored:
        _floor(out, above, colours.prop)
    return out


PAINTED = ("wall", "chair", "table", "bed", "step", "mat", "floor", "towel", "towel roll", "ball", "dumbbell",
           "strap", "band")
"""The order props are painted in, furthest first; the floor line after the mat."""


def _floor(out: _Props, above: bool, grey: str) -> None:
    if not above:
        out.behind.append(lambda box: f'<path d="M{_n(box[0])} 0.6H{_n(box[2])}" stroke="{grey}" stroke-width="1.2"/>')


def _furnish_one(prop: Prop, figure: Figure, posed: Posed, colours: Colours, out: _Props,
                 extent: tuple[float, float], side: bool, above: bool) -> None:
    world = posed.worlds[0]
    names = [seg.name for seg in posed.skeleton]
    bx0, bx1 = extent
    place = _place(prop)
    grey = colours.prop
    if prop.name == "wall" and side:
        wx = bx1 if place == "front" else bx0 - 4
        out.room.append((wx - 2, 0, wx + 6, 0))
        out.left, out.right = (out.left, wx + 5) if place == "front" else (wx - 1, out.right)
        out.behind.append(lambda box: f'<rect x="{_n(wx)}" y="{_n(-box[3])}" width="4" height="{_n(box[3])}" '
                                      f'fill="{grey}"/>')
    elif prop.name == "wall":
        out.behind.append(lambda box: f'<rect x="{_n(box[0])}" y="{_n(-box[3])}" width="{_n(box[2] - box[0])}" '
                                      f'height="{_n(box[3])}" fill="#e8ebee"/>')
    elif prop.name == "chair" and place != "under" and side and not above:
        if place == "front":
            hands = [_end(world, at) for at in (_at(posed, 0, f"{s} hand") for s in SIDES) if at]
            back = max([bx1 - 9, *(x + 1 for x, _ in hands)])
            seat = (back + 2, back + 21)
        else:
            legs = [x for x, y in _body_points(posed, 0) if y < SEAT + 2]
            seat = (min(legs, default=bx0) - 20, min(legs, default=bx0) - 1)
            back = seat[0] - 2
        out.room.append((min(back, seat[0]) - 3, 0, max(back, seat[1]) + 3, SEAT + 32))
        out.behind.append(lambda box: _chair_side(back, seat, grey))
    elif prop.name == "chair":
        out.behind.append(lambda box: _chair_old(world[0][0], side, grey))
    elif prop.name == "table" and not above:  # under the near forearm, it is on the near side: over the legs
        (out.near if side and place == "forearm" else out.behind).append(_table(prop, posed, side, out, grey))
    elif prop.name == "bed":
        out.behind.append(_bed(figure, posed, side, above, out, colours))
    elif prop.name == "step" and not above:
        for x0, x1, top in _steps((prop,), _shown(figure)[0]):
            out.room.append((x0 - 2, 0, x1 + 2, top))
            block = f'<rect x="{_n(x0)}" y="{_n(-top)}" width="{_n(x1 - x0)}" height="{_n(top)}" rx="1" fill="{grey}"/>'
            out.behind.append(_fixed(block))
    elif prop.name == "mat":
        out.behind.append(lambda box: _mat(box, above, colours))
    elif prop.name == "towel" and place != "hands":
        foot = _at(posed, 0, place or "right foot")
        if foot:
            xs = [x for w in posed.worlds for x in (w[foot[0]][0] - 5, _end(w, (foot[0], 13.0))[0])]
            out.behind.append(lambda box: f'<rect x="{_n(min(xs))}" y="-1" width="{_n(max(xs) - min(xs))}" '
                                          f'height="1.6" rx="0.8" fill="#fff" stroke="{grey}" stroke-width="0.6"/>')
    elif prop.name == "towel roll":
        out.behind.append(lambda box: _towel_roll(figure, posed, above, grey))
    elif prop.name == "ball" and place == "under" and figure.posture == "sitting" and "trunk" in names:
        px, py = world[0][0], world[0][1]
        r = max(8.0, (py - 5.5) / 2)
        out.room.append((px - 1 - r, 0, px - 1 + r, 2 * r))
        out.behind.append(lambda box: f'<circle cx="{_n(px - 1)}" cy="{_n(-r)}" r="{_n(r)}" fill="{grey}"/>')
    elif prop.name == "ball" and place in ("right hand", "left hand"):  # a small ball to squeeze, in one hand
        if place in names and f"{place.split()[0]} squeezed ball" not in names:  # over the hand: fingers round it
            out.over[names.index(place)] = f'<circle cx="4" r="4" fill="{grey}"/>'
    elif prop.name == "ball" and place in ("knees", "hands"):
        part = "thigh" if place == "knees" else "hand"
        seg_name = f"right {part}"
        if seg_name in names:
            i = names.index(seg_name)
            length = posed.skeleton[i].length
            x, y, r = (length - 4, -5, 5.5) if place == "knees" and not side else (length - 3, 0, 7) \
                if place == "knees" else (3.5, 0, 8)
            out.held[i] = f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" fill="{grey}"/>'
    elif prop.name in TIED or (prop.name == "towel" and place == "hands"):
        _tie(prop, figure, posed, colours, out, extent, side)


def _tie(prop: Prop, figure: Figure, posed: Posed, colours: Colours, out: _Props, extent: tuple[float, float],
         side: bool) -> None:
    """A strap, a band or a towel held between two points: each line drawn from its `to` point to its anchor."""
    to_point, anchor = (prop.to or "right hand", prop.anchor or "front") if prop.name != "towel" else (
        "right hand", "left hand")
    to = _at(posed, 0, to_point)
    if to is None:
        return
    colour = colours.prop if prop.name == "towel" else colours.prop_dark
    if anchor in BODY_POINTS:
        held = _at(posed, 0, anchor)
        if held is not None:
            out.lines.append(([to[0], to[1], held[0], held[1]], LINE_WIDTH[prop.name], colour))
        return
    if not side:
        return
    xs = [p[0] for p in _body_points(posed)]  # the post stands clear of the body in every pose
    bx0, bx1 = min(xs), max(xs)
    height = anchor.split()[0] if " " in anchor else ""
    ends = [_end(w, to) for w in posed.worlds]
    ahead = anchor.endswith("front")
    ax = max(bx1, *(x for x, _ in ends)) + 14 if ahead else min(bx0, *(x for x, _ in ends)) - 14
    top = max(p[1] for p in _body_points(posed, 0))
    ay = {"high": top + 4, "low": 4.0}.get(height, ends[0][1])
    post = (ax, ax + 3) if ahead else (ax - 3, ax)
    out.room.append((post[0] - 2, 0, post[1] + 2, max(ay + 8, 40)))
    grey, dark = colours.prop, colours.prop_dark
    out.behind.append(lambda box: f'<rect x="{_n(post[0])}" y="{_n(-max(ay + 8, 40))}" width="3" '
                                  f'height="{_n(max(ay + 8, 40))}" fill="{grey}"/><circle cx="{_n(ax)}" '
                                  f'cy="{_n(-ay)}" r="1.6" fill="{dark}"/>')
    out.lines.append(([to[0], to[1], -1, round(ax, 1), round(ay, 1)], LINE_WIDTH[prop.name], colour))


def _fixed(svg: str) -> Callable[[Box], str]:
    """A prop drawn the same whatever the panel's box."""
    return lambda box: svg


def _line_d(world: list[tuple[float, float, float, float]], ends: list[float]) -> str:
    (x0, y0) = _end(world, (int(ends[0]), ends[1]))
    (x1, y1) = (ends[3], ends[4]) if ends[2] < 0 else _end(world, (int(ends[2]), ends[3]))
    return f"M{_n(x0)} {_n(-y0)}L{_n(x1)} {_n(-y1)}"


def _chair_old(px: float, side: bool, grey: str) -> str:
    """The chair a body sits on (or, standing, the one behind it), as always drawn."""
    seat, back = (px - 7, px + 12), px - 9 if side else px
    if side:
        return (f'<path d="M{_n(back)} {_n(-SEAT - 30)}V{_n(-SEAT)}M{_n(seat[0])} {_n(-SEAT)}H{_n(seat[1])}'
                f'M{_n(seat[0] + 1)} {_n(-SEAT)}V0M{_n(seat[1] - 1)} {_n(-SEAT)}V0" fill="none" '
                f'stroke="{grey}" stroke-width="2.6" stroke-linecap="round"/>')
    return (f'<path d="M{_n(px - 12)} {_n(-SEAT - 28)}V0M{_n(px + 12)} {_n(-SEAT - 28)}V0M{_n(px - 12)} '
            f'{_n(-SEAT - 26)}H{_n(px + 12)}M{_n(px - 13)} {_n(-SEAT)}H{_n(px + 13)}" fill="none" '
            f'stroke="{grey}" stroke-width="2.6" stroke-linecap="round"/>')


def _chair_side(back: float, seat: tuple[float, float], grey: str) -> str:
    """A chair seen from the side with its back at `back`: in front of a body to hold, or behind it to sit on."""
    return (f'<path d="M{_n(back)} {_n(-SEAT - 30)}V{_n(-SEAT)}M{_n(seat[0])} {_n(-SEAT)}H{_n(seat[1])}'
            f'M{_n(seat[0] + 1)} {_n(-SEAT)}V0M{_n(seat[1] - 1)} {_n(-SEAT)}V0M{_n(back)} {_n(-SEAT)}'
            f'H{_n(seat[0])}" fill="none" stroke="{grey}" stroke-width="2.6" stroke-linecap="round"/>')


def _table(prop: Prop, posed: Posed, side: bool, out: _Props, grey: str) -> Callable[[Box], str]:
    """A table: in front of the body, beside it (behind it, for a hand to rest on), or under the near forearm with
    the hand over its edge."""
    place = _place(prop)
    trunk = _body_points(posed, 0, ("trunk", "hips"))
    top = TABLE
    if not side:
        xs = [p[0] for p in _body_points(posed, 0)]
        x0, x1 = min(xs) - 6, max(xs) + 6
    elif place == "forearm" and _at(posed, 0, "right hand"):
        names = [s.name for s in posed.skeleton]
        i = names.index("right forearm")
        wrist = _end(posed.worlds[0], (i, 15.0))
        elbow = posed.worlds[0][i][:2]
        top = min(p[1] for p in _points([posed.skeleton[i]], [posed.worlds[0][i]]))
        front, back = max(p[0] for p in trunk) + 1, min(p[0] for p in trunk) - 1  # the table stops at the body
        x0, x1 = (max(wrist[0] - 32, front), wrist[0]) if wrist[0] >= elbow[0] else (wrist[0], min(wrist[0] + 32, back))
    elif place == "beside":  # a hand rests on it: the far one, whose side it is on, when it reaches one
        x0, x1 = min(p[0] for p in trunk) - 8, max(p[0] for p in trunk) + 8
        names = [s.name for s in posed.skeleton]
        if "left hand" in names:
            i = names.index("left hand")
            hand = min(p[1] for p in _points([posed.skeleton[i]], [posed.worlds[0][i]]))
            top = hand if 15 <= hand <= 60 else TABLE
    else:
        x0 = max(p[0] for p in trunk) + 2
        x1 = x0 + 30
    out.room.append((x0 - 2, 0, x1 + 2, top + 2))
    return lambda box: (f'<path d="M{_n(x0)} {_n(-top + 1)}H{_n(x1)}M{_n(x0 + 2)} {_n(-top + 1)}V0M{_n(x1 - 2)} '
                        f'{_n(-top + 1)}V0" fill="none" stroke="{grey}" stroke-width="2.2" stroke-linecap="round"/>')


def _bed(figure: Figure, posed: Posed, side: bool, above: bool, out: _Props, colours: Colours
         ) -> Callable[[Box], str]:
    """A bed under a body lying (or kneeling) on it, or the edge of one a body sits on."""
    grey = colours.prop
    if above:
        return lambda box: (f'<rect x="{_n(box[0] + 2)}" y="{_n(-box[3] + 2)}" width="{_n(box[2] - box[0] - 4)}" '
                            f'height="{_n(box[3] - box[1] - 4)}" rx="3" fill="#fff" stroke="{grey}" '
                            f'stroke-width="1"/>')
    world = posed.worlds[0]
    if figure.posture == "sitting":  # on its edge: seen from the side it runs back, from the front both ways
        px = world[0][0]
        x0, x1, top = (px - 40, px + 13, SEAT) if side else (px - 26, px + 26, SEAT)
    else:
        xs = [p[0] for p in _body_points(posed, 0)]
        x0, x1, top = min(xs) - 3, max(xs) + 3, BED
    out.room.append((x0 - 2, 0, x1 + 2, top))
    return lambda box: (f'<rect x="{_n(x0)}" y="{_n(-top)}" width="{_n(x1 - x0)}" height="7" rx="2" fill="#fff" '
                        f'stroke="{grey}" stroke-width="1"/><path d="M{_n(x0 + 2)} {_n(-top + 7)}V0M{_n(x1 - 2)} '
                        f'{_n(-top + 7)}V0M{_n(x0)} {_n(-top + 7.5)}H{_n(x1)}" fill="none" stroke="{grey}" '
                        f'stroke-width="2.2" stroke-linecap="round"/>')


def _mat(box: Box, above: bool, colours: Colours) -> str:
    x0, y0, x1, y1 = box
    if above:
        return (f'<rect x="{_n(x0 + 3)}" y="{_n(-y1 + 3)}" width="{_n(x1 - x0 - 6)}" height="{_n(y1 - y0 - 6)}" '
                f'rx="3" fill="{lighten(colours.mat, 0.45)}" stroke="{colours.prop}" stroke-width="0.8"/>')
    return f'<rect x="{_n(x0 + 2)}" y="-1.6" width="{_n(x1 - x0 - 4)}" height="2.2" rx="1.1" fill="{colours.mat}"/>'


def _towel_roll(figure: Figure, posed: Posed, above: bool, grey: str) -> str:
    """A rolled towel: a pillow under the head (lying, seen from above or on the side), else under the near knee."""
    world = posed.worlds[0]
    names = [seg.name for seg in posed.skeleton]
    if above and "head" in names:
        hx, hy, ha, _ = world[names.index("head")]
        c, n = math.cos(math.radians(ha)), math.sin(math.radians(ha))
        return (f'<rect x="-8" y="-11" width="16" height="22" rx="4" fill="#fff" stroke="{grey}" '
                f'transform="translate({_n(hx + 6 * c)} {_n(-(hy + 6 * n))}) rotate({_n(-ha)})"/>')
    if figure.posture == "side-lying" and "head" in names:
        hx, hy, _, _ = world[names.index("head")]
        return f'<rect x="{_n(hx - 9)}" y="{_n(-hy + 3)}" width="18" height="{_n(hy - 3)}" rx="3" fill="{grey}"/>'
    if "right shank" in names:
        kx = world[names.index("right shank")][0]
        return f'<circle cx="{_n(kx)}" cy="-3.2" r="3.4" fill="{grey}"/>'
    return ""


def _unplaceable(view: str, posture: str, props: tuple[Prop, ...]) -> list[str]:
    """Each prop the view or the posture cannot show where it is put."""
    shown, above = layout(view, posture)
    side = VIEW_GROUP.get(shown, shown) == "side" and not above
    found = []
    for prop in props:
        place = _place(prop)
        if prop.name == "step" and posture != "standing":
            found.append(f"'step' is for standing on: the posture is '{posture}'")
        elif prop.name == "step" and not side and place in ("front", "behind"):
            found.append(f"seen from the {view}, a step {place} the body is hidden: use the side view")
        elif prop.name == "bed" and posture in ("standing", "half-kneeling"):
            found.append(f"'bed' is for lying, sitting or kneeling on: the posture is '{posture}'")
        elif prop.name == "ball" and place == "under" and posture != "sitting":
            found.append("a ball 'under' the body is sat on: write 'posture: sitting', or put the ball 'behind', "
                         "at the 'knees' or in the 'hands'")
        elif prop.name == "ball" and place == "behind" and not side:
            found.append(f"seen from the {view}, a ball behind the back is hidden: use the side view")
        elif prop.name in ("wall", "chair", "table") and (view, place) in (("front", "front"), ("back", "behind")):
            where, other = ("in front of", "behind") if place == "front" else ("behind", "front")
            other = "beside" if prop.name == "table" else other
            found.append(f"seen from the {view}, a {prop.name} {where} the body would hide it: write "
                         f"'{{{prop.name}: {other}}}', or use the side view")
        elif prop.name in TIED and prop.anchor in ENDS and not side:
            found.append(f"seen from the {view}, a {prop.name} tied {prop.anchor} is hidden: tie it to a body point, "
                         "or use the side view")
    return found


def _pane(figure: Figure, posed: Posed, index: int, box: Box, colours: Colours, arrow: str, furniture: _Props
          ) -> str:
    """One key pose: the props behind, the segments from the farthest layer to the nearest, then what is tied to
    the body (a strap, a band) and the arrow."""
    behind = "".join(draw(box) for draw in furniture.behind)
    def depth(seg: Seg) -> float:  # from behind, the arms hang beside the back or move in front of it: under it
        return 2 if figure.view == "back" and seg.part in ("arms", "hands") else seg.layer

    order = sorted(range(len(posed.skeleton)), key=lambda i: depth(posed.skeleton[i]))
    body = []
    shown, _ = _shown(figure)
    far_side = {"side": "left", "top": "left"}.get(shown)
    near = "".join(draw(box) for draw in furniture.near)
    for i in order:
        seg = posed.skeleton[i]
        if near and depth(seg) >= NEAR_ARM:
            body.append(near)
            near = ""
        shape = furniture.held.get(i, "") + _shape(seg, shown, colours, furniture.weights) + furniture.over.get(i, "")
        if seg.name in ("trunk", "upper trunk"):
            extra = _overlay(shown, figure.highlight, _piece(seg, posed.skeleton))
            shape += f'<g fill="{colours.highlight}">{extra}</g>' if extra else ""
        marks = _marks(seg, shown, figure.highlight)
        shape += f'<g fill="{colours.highlight}">{marks}</g>' if marks else ""
        if not shape:
            continue
        colour = colours.highlight if _highlighted(seg, figure.highlight) else colours.far \
            if seg.side and seg.side == far_side else colours.near
        fill = "" if colour == colours.near else f' fill="{colour}"'
        body.append(f'<g data-i="{i}"{fill} transform="{_transform(*posed.worlds[index][i])}">{shape}</g>')
    lines = "".join(f'<path class="pf-line" d="{_line_d(posed.worlds[index], ends)}" fill="none" stroke="{colour}" '
                    f'stroke-width="{_n(width)}" stroke-linecap="round"/>' for ends, width, colour in furniture.lines)
    return (f'{behind}<g fill="{colours.near}" stroke="#fff" stroke-width="0.7" stroke-linejoin="round">'
            f'{"".join(body)}</g>{lines}{arrow}')


NEAR_ARM = 6
"""The near arm's layer seen from the side (`_side_skeleton`)."""


def _bounds(figure: Figure, posed: Posed, furniture: _Props) -> Box:
    """The panel of one pose: the body in every pose and its props, with room round them."""
    points = [p for world in posed.worlds for p in _points(posed.skeleton, world)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    pad = 9
    x0, x1, y1 = min(xs) - pad, max(xs) + pad, max(ys) + pad
    chair = _find(_props_of(figure), "chair")
    shown, above = _shown(figure)
    if chair and (_place(chair) == "under" or VIEW_GROUP.get(shown, shown) != "side" or above):
        x0, y1 = min(x0, posed.worlds[0][0][0] - 16), max(y1, SEAT + 36)
    for rx0, _, rx1, ry1 in furniture.room:
        x0, x1, y1 = min(x0, rx0), max(x1, rx1), max(y1, ry1 + 4)
    x0 = furniture.left if furniture.left is not None else x0
    x1 = furniture.right if furniture.right is not None else x1
    if above:  # from above there is no floor line to stand on
        return x0, min(ys) - pad, x1, y1
    return x0, -4.0, x1, y1


@cache  # a few KB each; web, print and every program reuse them (512 thrashed at 500 exercises)
def figure_svg(figure: Figure, link_colour: str, animated: bool = True) -> Markup:
    """The figure as inline SVG: the first and the last key pose, with `role="img"` and the alt text as its name.

    With `animated`, it also carries the numbers assets/figure.js moves it with (`data-pose`); without, it is the
    same picture flattened for WeasyPrint (`_flat`: no groups or transforms inside a pane, few paths). A figure
    facing left is drawn facing right and mirrored in each pane (`pf-flip`), which figure.js keeps.
    """
    mirror = figure.facing == "left" and figure.view in ("side", "top")
    figure = _as_drawn(figure)
    posed = _pose(figure)
    colours = colours_for(link_colour, blades="shoulder blades" in figure.highlight)
    furniture = _furnish(figure, posed, colours)
    x0, y0, x1, y1 = _bounds(figure, posed, furniture)
    width, height = x1 - x0, y1 - y0
    stacked = width > 1.3 * height
    gap = 8
    panes = [0, len(posed.local) - 1]
    point = _arrow_point(figure, posed)
    centre = posed.worlds[0][1][:2]
    inside = (x0 + 4, y0 + 4 if _shown(figure)[1] else 4.5, x1 - 4, y1 - 4)
    arrow = _squeeze(figure, posed) or (_arrow(_trace(posed, *point), centre, colours.ink, inside) if point else "")
    arrow = arrow or _turning(figure, posed, colours.ink)
    flip = f' transform="translate({_n(x0 + x1)} 0) scale(-1 1)"' if mirror else ""
    parts = []
    for n, index in enumerate(panes):
        ox, oy = (0, n * (height + gap)) if stacked else (n * (width + gap), 0)
        inner = _pane(figure, posed, index, (x0, y0, x1, y1), colours, arrow if n == 0 else "", furniture)
        parts.append(f'<g class="pf-pane" transform="translate({_n(ox - x0)} {_n(oy + y1)})">'
                     f'<rect x="{_n(x0)}" y="{_n(-y1)}" width="{_n(width)}" height="{_n(height)}" rx="4" '
                     f'fill="{colours.panel}"/><g class="pf-flip"{flip}>{inner}</g></g>')
    total_w = width if stacked else 2 * width + gap
    total_h = 2 * height + gap if stacked else height
    cx, cy = (width / 2, height + gap / 2) if stacked else (width + gap / 2, height / 2)
    turn = "rotate(90)" if stacked else ""
    parts.insert(1, f'<path class="pf-next" transform="translate({_n(cx)} {_n(cy)}) {turn}" d="M-2.5 -4L2.5 0L-2.5 4Z"'
                    f' fill="{colours.ink}"/>')
    data = ""
    if animated:
        def num(v: float) -> float | int:
            f = float(_n(v))
            return int(f) if f.is_integer() else f

        frames: list[Any] = [  # numbers only, so no quote needs escaping in the attribute
            [[seg.parent, num(seg.at[0]), num(seg.at[1])] for seg in posed.skeleton],
            [[[num(v) for v in values] for values in local] for local in posed.local],
            [[num(v) for v in root] for root in posed.roots],
            [num(width), num(height), num((x0 + x1) / 2)],
            [[num(v) for v in ends] for ends, _, _ in furniture.lines],
        ]
        data = f" data-pose='{json.dumps(frames, separators=(',', ':'))}'"
    title = escape(figure.alt)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" class="pose-figure__svg" viewBox="0 0 {_n(total_w)} {_n(total_h)}"'
           f' role="img" aria-label="{title}"{data}>{"".join(parts)}</svg>')
    return Markup(svg if animated else _flat(svg))


# --- the print version: one flat layer of few paths ----------------------------------------------------------
# WeasyPrint draws an SVG node by node (cascade, transform, graphical state, path parsing, each number parsed on its
# own), so the printed figure bakes every transform into its pane's coordinates, keeps arcs and quadratic curves (few
# numbers), and paints each colour in as few <path>s as the overlaps allow.

def _placed(segments: list[tuple], m: Matrix, mirror: bool = False) -> list[tuple]:
    """Segments moved by `m`: arcs stay arcs under a turn and an even scale (and, with `mirror`, under a mirror: a
    figure facing left), else become cubic curves."""
    a, b, c, d = m[:4]
    even = abs(a - d) < 1e-9 and abs(b + c) < 1e-9
    mirrored = mirror and abs(a + d) < 1e-9 and abs(b - c) < 1e-9 and abs(a * d - b * c) > 1e-12
    k, turn = math.hypot(a, b), math.degrees(math.atan2(b, a))
    out: list[tuple] = []
    here, start = (0.0, 0.0), (0.0, 0.0)
    for seg in segments:
        if seg[0] == "A" and not (even or mirrored):
            out += [("C", *(apply(m, p) for p in curve[1:])) for curve in arc_curves(here, seg[1:])]
        elif seg[0] == "A" and mirrored:  # a mirror turns an ellipse's axis the other way, and the arc round
            out.append(("A", seg[1] * k, seg[2] * k, (turn - seg[3]) % 360 if seg[1] != seg[2] else 0, seg[4],
                        1 - seg[5], apply(m, seg[6])))
        elif seg[0] == "A":
            out.append(("A", seg[1] * k, seg[2] * k, (seg[3] + turn) % 360 if seg[1] != seg[2] else 0, seg[4],
                        seg[5], apply(m, seg[6])))
        elif seg[0] != "Z":
            out.append((seg[0], *(apply(m, p) for p in seg[1:])))
        else:
            out.append(seg)
        here = start if seg[0] == "Z" else seg[-1]
        start = seg[-1] if seg[0] == "M" else start
    return out


def _outline_points(segments: list[tuple]) -> list[list[Point]]:
    """Each subpath as a polygon (curves sampled), for its area's sign and for overlaps."""
    polys: list[list[Point]] = []
    here: Point = (0.0, 0.0)
    for seg in segments:
        if seg[0] == "M":
            polys.append([seg[1]])
        elif seg[0] == "Z":
            here = polys[-1][0]
            continue
        elif seg[0] == "A":
            for curve in arc_curves(here, (seg[1], seg[2], 0, seg[4], seg[5], seg[6])):
                polys[-1] += _bezier([here, *curve[1:]])
                here = curve[-1]
        elif seg[0] in "QC":
            polys[-1] += _bezier([here, *seg[1:]])
        else:
            polys[-1].append(seg[1])
        here = seg[-1]
    return polys


def _bezier(ctrl: list[Point]) -> list[Point]:
    """Three points along a quadratic or cubic Bézier curve, its end included (enough to tell overlaps)."""
    if len(ctrl) == 3:
        (x0, y0), (x1, y1), (x2, y2) = ctrl
        return [(x0 * u * u + 2 * x1 * u * t + x2 * t * t, y0 * u * u + 2 * y1 * u * t + y2 * t * t)
                for t, u in ((1 / 3, 2 / 3), (2 / 3, 1 / 3))] + [(x2, y2)]
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = ctrl
    return [(x0 * u ** 3 + 3 * x1 * u * u * t + 3 * x2 * u * t * t + x3 * t ** 3,
             y0 * u ** 3 + 3 * y1 * u * u * t + 3 * y2 * u * t * t + y3 * t ** 3)
            for t, u in ((1 / 3, 2 / 3), (2 / 3, 1 / 3))] + [(x3, y3)]


def _area(poly: list[Point]) -> float:
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(poly, poly[1:] + poly[:1], strict=True)) / 2


def _one_way(segments: list[tuple], polys: list[list[Point]]) -> list[tuple]:
    """Each closed subpath (its outline in `polys`) turned the same way round, so that filled shapes in one path add
    up (nonzero rule)."""
    subpaths: list[list[tuple]] = []
    for seg in segments:
        if seg[0] == "M":
            subpaths.append([])
        subpaths[-1].append(seg)
    out: list[tuple] = []
    for sub, poly in zip(subpaths, polys, strict=True):
        if sub[-1][0] != "Z" or _area(poly) >= 0:
            out += sub
            continue
        ends = [seg[-1] for seg in sub[:-1]]
        if ends[-1] != ends[0]:  # close it explicitly, so the reversed path starts where it ended
            sub = [*sub[:-1], ("L", ends[0]), sub[-1]]
            ends.append(ends[0])
        out.append(("M", ends[-1]))
        for k in range(len(sub) - 2, 0, -1):
            seg, to = sub[k], ends[k - 1]
            out.append({"L": lambda s, p: ("L", p), "Q": lambda s, p: ("Q", s[1], p),
                        "C": lambda s, p: ("C", s[2], s[1], p),
                        "A": lambda s, p: ("A", *s[1:5], 1 - s[5], p)}[seg[0]](seg, to))
        out.append(("Z",))
    return out


def _d(segments: list[tuple]) -> str:
    out = []
    for seg in segments:
        if seg[0] == "A":
            out.append(f"A{_n(seg[1])} {_n(seg[2])} {_n(seg[3])} {seg[4]} {seg[5]} {_n(seg[6][0])} {_n(seg[6][1])}")
        else:
            out.append(seg[0] + " ".join(f"{_n(x)} {_n(y)}" for x, y in seg[1:]))
    return "".join(out)


@dataclass
class _Shape:
    """One drawn shape on the pane: how it is painted, its path data, its outline and its box (with the stroke)."""

    paint: tuple[tuple[str, str], ...]
    d: str
    polys: list[list[Point]]
    pad: float
    box: tuple[float, float, float, float]

    def touches(self, other: _Shape) -> bool:
        (a0, a1, a2, a3), (b0, b1, b2, b3) = self.box, other.box
        if not (a0 < b2 and b0 < a2 and a1 < b3 and b1 < a3):
            return False
        gap = self.pad + other.pad
        region = (max(a0, b0) - gap, max(a1, b1) - gap, min(a2, b2) + gap, min(a3, b3) + gap)
        return any(_polys_meet(p, q, gap, region) for p in self.polys for q in other.polys)


def _polys_meet(p: list[Point], q: list[Point], gap: float, region: tuple[float, float, float, float]) -> bool:
    """Whether two polygons overlap or come within `gap` of each other; only their edges in `region` (where their
    boxes, with the gap, overlap) can come that close."""
    if _inside(p[0], q) or _inside(q[0], p):
        return True
    x0, y0, x1, y1 = region

    def near(poly: list[Point]) -> list[tuple[Point, Point]]:
        return [(a, b) for a, b in zip(poly, poly[1:] + poly[:1], strict=True)
                if min(a[0], b[0]) <= x1 and max(a[0], b[0]) >= x0 and min(a[1], b[1]) <= y1 and max(a[1], b[1]) >= y0]

    edges_q = near(q)
    for a, b in near(p):
        for c, d in edges_q:
            if _crosses(a, b, c, d) or min(_dist(a, c, d), _dist(b, c, d), _dist(c, a, b), _dist(d, a, b)) < gap:
                return True
    return False


def _inside(pt: Point, poly: list[Point]) -> bool:
    x, y, hit = pt[0], pt[1], False
    for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def _crosses(a: Point, b: Point, c: Point, d: Point) -> bool:
    abx, aby, cdx, cdy = b[0] - a[0], b[1] - a[1], d[0] - c[0], d[1] - c[1]
    return ((abx * (c[1] - a[1]) - aby * (c[0] - a[0])) * (abx * (d[1] - a[1]) - aby * (d[0] - a[0])) < 0
            and (cdx * (a[1] - c[1]) - cdy * (a[0] - c[0])) * (cdx * (b[1] - c[1]) - cdy * (b[0] - c[0])) < 0)


def _dist(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    t = ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / ((dx * dx + dy * dy) or 1)
    t = 0.0 if t < 0 else 1.0 if t > 1 else t
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def _shapes(node: Any, m: Matrix, paint: dict[str, str], out: list[_Shape], mirrored: bool = False) -> None:
    """Every drawn shape under `node` in painting order, with its transforms and inherited paint applied; in a pane
    `mirrored` (facing left), arcs stay arcs."""
    for el in node:
        here = multiply(m, matrix(el.get("transform", "")))
        inherited = {**paint, **{k: el.get(k) for k in PAINT if el.get(k) is not None}}
        if el.tag.endswith("}g"):
            _shapes(el, here, inherited, out, mirrored or (el.get("class") == "pf-flip" and "transform" in el.attrib))
            continue
        fill, stroke = inherited.get("fill", "#000"), inherited.get("stroke", "none")
        segments = _placed(geometry(el), here, mirrored)
        polys = _outline_points(segments)
        if stroke != "none" and all(len(p) <= 2 for p in polys):
            fill = "none"  # a line encloses nothing: its fill paints nothing
        if fill == "none" and stroke == "none":
            continue
        segments = _one_way(segments, polys) if fill != "none" else segments
        kept = [("fill", fill)]
        if stroke != "none":
            kept += [("stroke", stroke)] + [(k, inherited[k]) for k in PAINT[2:] if k in inherited]
        pad = float(inherited.get("stroke-width", "1")) / 2 if stroke != "none" else 0.0
        xs, ys = [p[0] for poly in polys for p in poly], [p[1] for poly in polys for p in poly]
        box = (min(xs) - pad - 0.1, min(ys) - pad - 0.1, max(xs) + pad + 0.1, max(ys) + pad + 0.1)
        out.append(_Shape(tuple(kept), _d(segments), polys, pad + 0.1, box))


def _merge(shapes: list[_Shape]) -> list[list[_Shape]]:
    """Runs of shapes painted alike, each to become one <path>, in an order that paints the same picture.

    Shapes that touch keep their order; the others may be painted in any order. So, layer by layer, each run takes
    every shape of one paint whose earlier neighbours are all painted: the paint that takes most, first. A shape with
    both a fill and an outline joins only a run none of whose shapes it touches (in one path all the fills are
    painted before all the outlines); a fill alone or an outline alone may overlap its own colour.
    """
    n = len(shapes)
    touch = [[j < i and shapes[i].touches(shapes[j]) for j in range(n)] for i in range(n)]
    before = [[j for j in range(i) if touch[i][j]] for i in range(n)]
    done: set[int] = set()
    runs: list[list[_Shape]] = []
    while len(done) < n:
        best: list[int] = []
        for paint in dict.fromkeys(shapes[i].paint for i in range(n) if i not in done):
            both = paint[0][1] != "none" and len(paint) > 1
            run: list[int] = []
            grew = True
            while grew:
                grew = False
                for i in range(n):
                    if i in done or i in run or shapes[i].paint != paint:
                        continue
                    if all(j in done or (j in run and not both) for j in before[i]) and not (
                            both and any(touch[max(i, j)][min(i, j)] for j in run)):
                        run.append(i)
                        grew = True
            if len(run) > len(best):
                best = run
        done.update(best)
        runs.append([shapes[i] for i in sorted(best)])
    return runs


def _paths(node: Any) -> str:
    shapes: list[_Shape] = []
    _shapes(node, IDENTITY, {}, shapes)
    out = []
    for run in _merge(shapes):
        paint = "".join(f' {k}="{v}"' for k, v in run[0].paint)
        out.append(f'<path d="{"".join(s.d for s in run)}"{paint}/>')
    return "".join(out)


def _flat(svg: str) -> str:
    """The same picture as `svg` with no nested groups and no transforms inside a pane: few, flat <path>s.

    Each pane keeps its `<g class="pf-pane">` (its frame, with the floor at y = 0) and its panel's <rect>.
    """
    from xml.etree import ElementTree

    out = []
    for pane in ElementTree.fromstring(svg):
        if not pane.tag.endswith("}g"):  # the small arrow between the panes
            out.append(_paths([pane]))
            continue
        panel, *inside = list(pane)
        a = panel.attrib
        out.append(f'<g class="pf-pane" transform="{pane.get("transform")}"><rect x="{a["x"]}" y="{a["y"]}" '
                   f'width="{a["width"]}" height="{a["height"]}" rx="{a["rx"]}" fill="{a["fill"]}"/>'
                   f'{_paths(inside)}</g>')
    return svg[:svg.index(">") + 1] + "".join(out) + "</svg>"


DEFAULT_COLOUR = "#1f5f8b"
"""The figure's colour where a template knows no clinic colour (handouts.schema.ClinicSchema's default)."""


@cache  # as figure_svg: each handout that shows the figure (normal, large, every program) quotes it only once
def figure_data_uri(figure: Figure, link_colour: str | None = None) -> str:
    """The still figure as a `data:` URL for an <img> (the PDFs: WeasyPrint tags an <img> as a Figure with /Alt).

    Written by svg_data_url, which percent-encodes `#` (a browser would otherwise cut the picture at its first
    colour), quotes and angle brackets (which the page's HTML escaping would turn into entities)."""
    svg = str(figure_svg(figure, link_colour or DEFAULT_COLOUR, animated=False))
    svg = svg.replace("<svg ", '<svg data-print="form" ', 1)  # drawn once per process (handouts.pdf_forms)
    return svg_data_url(svg)
