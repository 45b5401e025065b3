"""Figures drawn from pose data: a 2D skeleton, posed by joint angles, drawn as a flat illustration in SVG.

A figure is data (handouts.model.values.Figure): a view, a base posture, two or more key poses as joint angles, props.
`figure_svg()` draws it: the first and the last key pose side by side (or one above the other when the body lies
down), each limb a filled tapered shape, the far limbs lighter, the working part highlighted, a curved arrow along
the movement. The web page animates the same numbers: the SVG carries, in `data-pose`, each segment's parent and its
joint angle in every key pose, and assets/figure.js redoes the forward kinematics of `_world()` between them.
Colours are written as literal colours (WeasyPrint applies no page CSS inside an SVG). Output is deterministic.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from markupsafe import Markup, escape

from ..model.values import Figure
from .brand import hex_color, lighten, rgb
from .svg_geometry import IDENTITY, PAINT, Matrix, Point, apply, arc_curves, geometry, matrix, multiply, svg_data_url

__all__ = ["JOINTS", "POSTURES", "PROPS", "VIEWS", "HIGHLIGHTS", "POINTS", "check_poses", "figure_svg",
           "figure_data_uri"]

VIEWS = ("side", "front", "back", "top")
POSTURES = ("standing", "sitting", "supine", "prone", "side-lying", "kneeling", "quadruped", "long-sitting")
PROPS = ("floor", "mat", "chair", "dumbbell", "towel roll", "strap", "wall")
HIGHLIGHTS = ("neck", "shoulders", "shoulder blades", "upper back", "lower back", "arms", "hips", "thighs", "legs",
              "left arm", "right arm", "left thigh", "right thigh", "left leg", "right leg")
POINTS = ("head", "shoulder", "elbow", "hand", "hip", "knee", "foot")
"""Body points the movement arrow may follow (`arrow: right hand`); by default the one that moves furthest."""

JOINTS: dict[str, tuple[int, int, bool]] = {
    # name: (lowest, highest, has a left and a right). Degrees from standing neutral, relative to the parent.
    "trunk": (-30, 120, False), "neck": (-60, 70, False), "tilt": (-90, 90, False),
    "shoulder": (-60, 180, True), "elbow": (0, 150, True), "hip": (-30, 140, True), "knee": (0, 160, True),
    "ankle": (-60, 40, True), "scapula elevation": (-10, 40, True), "scapula retraction": (-30, 30, True),
    "shoulder horizontal abduction": (-30, 180, True),
}
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


def check_poses(poses: Any) -> list[tuple[tuple[str, ...], str]]:
    """Each unknown joint and each angle outside its joint's range, as (location under `figure`, message)."""
    import difflib

    found: list[tuple[tuple[str, ...], str]] = []
    names = [*JOINTS, *(f"{s} {j}" for j, (_, _, sided) in JOINTS.items() if sided for s in SIDES)]
    for pose, joints in (poses or {}).items() if isinstance(poses, dict) else ():
        for key, angle in (joints or {}).items() if isinstance(joints, dict) else ():
            parsed = joint_name(str(key))
            loc = ("poses", str(pose), str(key))
            if parsed is None:
                close = difflib.get_close_matches(str(key).lower(), names, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else f" (joints: {', '.join(JOINTS)})"
                found.append((loc, f"unknown joint '{key}'{hint}"))
            elif isinstance(angle, int) and not isinstance(angle, bool):
                low, high, _ = JOINTS[parsed[0]]
                if not low <= angle <= high:
                    found.append((loc, f"'{key}' must be from {low} to {high} degrees, not {angle}"))
    return found


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
    layer: int
    part: str
    """The body part a highlight names."""


def _limb(r0: float, r1: float) -> tuple:
    return ("limb", r0, r1)


def _side_skeleton() -> list[Seg]:
    """Seen from the right: the body faces +x; the right limbs are near, the left ones far and a little behind."""
    s: list[Seg] = [Seg("pelvis", -1, (0, 0), None, None, 0, 1, 0, ("none",), 3, "hips")]
    s.append(Seg("trunk", 0, (0, 0), "trunk", None, 0, -1, 30, ("torso", TORSO_SIDE), 3, "trunk"))
    s.append(Seg("neck", 1, (30, -0.5), "neck", None, 0, -1, 4.5, _limb(2.6, 2.6), 2, "neck"))
    s.append(Seg("head", 2, (4.5, 0), None, None, 0, 1, 6.8, ("head", "side"), 4, "head"))
    for side, back, layer in (("left", 1.5, 0), ("right", 0.0, 6)):
        s.append(Seg(f"{side} scapula", 1, (26.5, back), "scapula", side, 0, 1, 0, ("blade",), layer, "blades"))
        sc = len(s) - 1
        s.append(Seg(f"{side} upper arm", sc, (0, 0), "shoulder", side, 180, 1, 17.5, _limb(3.4, 2.6), layer,
                     "arms"))
        s.append(Seg(f"{side} forearm", sc + 1, (17.5, 0), "elbow", side, 0, 1, 15, _limb(2.6, 2.0), layer, "arms"))
        s.append(Seg(f"{side} hand", sc + 2, (15, 0), None, side, 0, 1, 6.5, ("hand",), layer, "hands"))
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
    s.append(Seg("head", 2, (4.5, 0), None, None, 0, 1, 6.8, ("head", "front"), 4, "head"))
    for side, y, turn in (("right", 1, -1), ("left", -1, 1)):
        s.append(Seg(f"{side} scapula", 1, (26.5, 9.5 * y), "scapula", side, 0, 1, 0, ("none",), 5, "blades"))
        sc = len(s) - 1
        s.append(Seg(f"{side} upper arm", sc, (0, 0), "shoulder", side, 180 - 7 * y, turn, 17.5, _limb(3.3, 2.6), 5,
                     "arms"))
        s.append(Seg(f"{side} forearm", sc + 1, (17.5, 0), "elbow", side, 0, 0, 15, _limb(2.6, 2.0), 5, "arms"))
        s.append(Seg(f"{side} hand", sc + 2, (15, 0), None, side, 0, 1, 6.5, ("hand",), 5, "hands"))
        s.append(Seg(f"{side} thigh", 0, (0, 5 * y), "hip", side, 180 - 2 * y, turn, 24.5, _limb(5.2, 3.7), 1,
                     "thighs"))
        s.append(Seg(f"{side} shank", len(s) - 1, (24.5, 0), "knee", side, 0, 0, 24, _limb(3.7, 2.5), 1, "legs"))
        s.append(Seg(f"{side} foot", len(s) - 1, (24, 0), None, side, 0, 1, 4, ("foot", FOOT_FRONT), 1, "feet"))
    for side, y in (("right", 1), ("left", -1)):  # the blades themselves: they slide further than the shoulders
        s.append(Seg(f"{side} blade", 1, (27, 10 * y), "scapula", side, 0, 1, 0, ("blade",), 4, "blades"))
    return s


def _top_skeleton() -> list[Seg]:
    """Seen from above the head: the body faces +x, its left is +y; arms at 0 reach straight forward."""
    s: list[Seg] = [Seg("pelvis", -1, (0, 0), None, None, 0, 1, 0, ("none",), 3, "hips")]
    s.append(Seg("trunk", 0, (0, 0), "trunk", None, 0, 1, 0, ("torso", TORSO_TOP), 3, "trunk"))
    s.append(Seg("head", 1, (0.5, 0), None, None, 0, 1, 6.8, ("head", "top"), 4, "head"))
    for side, y, turn, layer in (("right", -1, -1, 6), ("left", 1, 1, 0)):
        s.append(Seg(f"{side} scapula", 1, (-1.5, 11 * y), "scapula", side, 0, 1, 0, ("blade",), layer, "blades"))
        sc = len(s) - 1
        s.append(Seg(f"{side} upper arm", sc, (0, 0), "shoulder", side, 0, turn, 17.5, _limb(3.4, 2.6), layer,
                     "arms"))
        s.append(Seg(f"{side} forearm", sc + 1, (17.5, 0), "elbow", side, 0, -turn, 15, _limb(2.6, 2.0), layer,
                     "arms"))
        s.append(Seg(f"{side} hand", sc + 2, (15, 0), None, side, 0, 1, 6.5, ("hand",), layer, "hands"))
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
}
SEAT = 22.0
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
    return view, False


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
    angle, scale, dx, dy = seg.rest, scales.get(seg.name.split()[-1], 1.0), 0.0, 0.0
    if seg.joint == "scapula":
        up = angles.get(f"{seg.side} scapula elevation", 0.0)
        back = angles.get(f"{seg.side} scapula retraction", 0.0)
        medial = 1 if seg.side == "right" else -1
        inward = 0.16 if seg.name.endswith("blade") else 0.08  # seen from behind, the blades meet at the spine
        dx, dy = {"side": (0.16 * up, 0.16 * back), "top": (-0.16 * back, 0.0)}.get(
            VIEW_GROUP[view], (0.16 * up, -inward * back * medial))
    elif seg.sign:
        angle += seg.sign * value
    else:
        scale *= math.cos(math.radians(value))
    if seg.part in ("arms", "hands") and seg.side and sagittal:  # an arm turned out of the page looks shorter
        scale *= math.cos(math.radians(angles.get(f"{seg.side} shoulder horizontal abduction", 0.0)))
    return (round(angle, 2), round(scale, 3), round(dx, 2), round(dy, 2))


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
        return [(0, 0), (6.5, 0), (3.2, 2.4), (3.2, -2.4)]
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
    """Place every key pose on the floor: the posture's anchor keeps its direction and its place."""
    shown, _ = layout(figure.view, figure.posture)
    skeleton = SKELETONS[shown]
    posture = POSTURE_TABLE[figure.posture]
    group = VIEW_GROUP[shown]
    scales = dict(posture.scale) if group != "side" else {}
    names = [seg.name for seg in skeleton]
    locals_: list[list[tuple[float, ...]]] = []
    roots: list[tuple[float, float, float]] = []
    worlds: list[list[tuple[float, float, float, float]]] = []
    for _, joints in figure.poses:
        angles = pose_angles(figure, joints)
        local = [_local(seg, angles, shown, scales, group == "side") for seg in skeleton]
        anchor = names.index(posture.anchor) if posture.anchor in names and group == "side" else 0
        trial = _world(skeleton, (0, 0, 0), local)
        turn = posture.angle[group] - (trial[anchor][2] if anchor else 0) + angles.get("tilt", 0.0)
        if figure.posture in LYING:
            anchor = names.index("trunk")  # lying down, the shoulders stay where they are
        placed = _world(skeleton, (0, 0, turn), local)
        if anchor and figure.posture in LYING:
            tip = skeleton[anchor]
            fx = placed[anchor][0] + tip.length * math.cos(math.radians(placed[anchor][2]))
        else:
            fx = placed[anchor][0]
        if posture.ground == "seat":
            y = SEAT + 5.5 - placed[0][1]
        else:
            y = -min(p[1] for p in _points(skeleton, placed))
            if layout(figure.view, figure.posture)[1] and roots:  # from above, the body stays where it lies
                y = roots[0][1]
        root = (round(-fx, 2), round(y, 2), round(turn, 2))
        locals_.append(local)
        roots.append(root)
        worlds.append(_world(skeleton, root, local))
    return Posed(skeleton, locals_, roots, worlds)


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


def _shape(seg: Seg, view: str, colours: Colours, props: tuple[str, ...]) -> str:
    kind = seg.shape[0]
    if kind == "limb":
        r0, r1, length = seg.shape[1], seg.shape[2], seg.length
        return (f'<path d="M0 {_n(-r0)}L{_n(length)} {_n(-r1)}A{_n(r1)} {_n(r1)} 0 0 1 {_n(length)} {_n(r1)}'
                f'L0 {_n(r0)}A{_n(r0)} {_n(r0)} 0 0 1 0 {_n(-r0)}Z"/>')
    if kind in ("torso", "foot"):
        return f'<path d="{_smooth(seg.shape[1])}"/>'
    if kind == "head":
        r = seg.length
        nose = {"side": f'<circle cx="{_n(r * 1.05)}" cy="{_n(r * 0.98)}" r="{_n(r * 0.3)}"/>',
                "top": f'<circle cx="{_n(r + 0.3)}" r="{_n(r * 0.3)}"/>'}.get(seg.shape[1], "")
        at = f' cx="{_n(r)}"' if seg.shape[1] != "top" else ""
        return f'{nose}<circle{at} r="{_n(r)}"/>'
    if kind == "hand":
        out = '<path d="M0 0A3.3 2.4 0 1 0 6.5 0A3.3 2.4 0 1 0 0 0Z"/>'
        if "dumbbell" in props:
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
    """The figure's colours from the clinic's link colour (handouts.render.brand.palette): the body in it, the far limbs
    lighter, the working part in its complementary hue, props in greys."""
    r, g, b = (c / 255 for c in rgb(link))
    import colorsys

    h, lum, sat = colorsys.rgb_to_hls(r, g, b)
    warm = colorsys.hls_to_rgb((h + 0.5) % 1.0, 0.5, max(0.75, sat))
    highlight = hex_color((warm[0] * 255, warm[1] * 255, warm[2] * 255))
    return Colours(near=link, far=lighten(link, 0.5), highlight=highlight,
                   ink="#1a1a1a", prop="#aab3bc", prop_dark="#4d5660", panel=lighten(link, 0.93),
                   mat=lighten(link, 0.72), blades=blades)


def _highlighted(seg: Seg, highlight: tuple[str, ...]) -> bool:
    parts = {"neck": {"neck"}, "shoulders": {"arms-upper", "blades"}, "shoulder blades": {"blades"},
             "arms": {"arms-upper", "arms"}, "thighs": {"thighs"}, "legs": {"thighs", "legs"}}
    parts |= {"arm": parts["arms"], "thigh": parts["thighs"], "leg": parts["legs"]}
    own = "arms-upper" if seg.name.endswith("upper arm") else seg.part
    for wanted in highlight:
        side = next((s for s in SIDES if wanted.startswith(s + " ")), None)
        name = wanted[len(side) + 1:] if side else wanted
        if own in parts.get(name, set()) and (side is None or seg.side == side):
            return True
    return False


def _overlay(view: str, highlight: tuple[str, ...]) -> str:
    """A highlighted region of the trunk (upper back, lower back, hips), drawn in the trunk's frame."""
    regions: dict[str, dict[str, list[tuple[float, float]]]] = {
        "side": {"upper back": [(15, 4.5), (24, 5.5), (30, 3.3), (28, 1), (20, 1.5)],
                 "lower back": [(2, 5.5), (14, 4.7), (14, 1.5), (3, 2)],
                 "hips": [(-4, 6), (3, 6.8), (3, 1), (-3, 1)]},
        "back": {"upper back": [(16, -8), (27, -10), (30, 0), (27, 10), (16, 8)],
                 "lower back": [(3, -7.5), (14, -7), (14, 7), (3, 7.5)],
                 "hips": [(-4, -7.5), (3, -9), (3, 9), (-4, 7.5)]},
    }
    found = regions.get(view, regions["back"] if view == "front" else {})
    return "".join(f'<path d="{_smooth(found[name])}"/>' for name in highlight if name in found)


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
    if all(math.dist(first[i][:2], last[i][:2]) < 1 for i in blades):
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


def _transform(x: float, y: float, a: float, s: float) -> str:
    scale = f" scale({_n(s) if abs(s) > 0.005 else '0.01'} 1)" if abs(s - 1) > 0.001 else ""
    return f"translate({_n(x)} {_n(-y)}) rotate({_n(-a)}){scale}"


def _props(figure: Figure, posed: Posed, box: tuple[float, float, float, float], colours: Colours) -> tuple[str, str]:
    """What goes behind the body (floor, mat, wall, chair, towel roll) and what goes in front (a strap)."""
    x0, y0, x1, y1 = box
    shown, above = layout(figure.view, figure.posture)
    behind = ""
    world = posed.worlds[0]
    names = [seg.name for seg in posed.skeleton]
    if "wall" in figure.props:
        if shown == "side":
            wx = x0 + 1
            behind += f'<rect x="{_n(wx - 4)}" y="{_n(-y1)}" width="4" height="{_n(y1)}" fill="{colours.prop}"/>'
        else:
            behind += f'<rect x="{_n(x0)}" y="{_n(-y1)}" width="{_n(x1 - x0)}" height="{_n(y1)}" fill="#e8ebee"/>'
    if "chair" in figure.props:
        px = world[0][0]
        seat, back = (px - 7, px + 12), px - 9 if shown == "side" else px
        if shown == "side":
            behind += (f'<path d="M{_n(back)} {_n(-SEAT - 30)}V{_n(-SEAT)}M{_n(seat[0])} {_n(-SEAT)}H{_n(seat[1])}'
                       f'M{_n(seat[0] + 1)} {_n(-SEAT)}V0M{_n(seat[1] - 1)} {_n(-SEAT)}V0" fill="none" '
                       f'stroke="{colours.prop}" stroke-width="2.6" stroke-linecap="round"/>')
        else:
            behind += (f'<path d="M{_n(px - 12)} {_n(-SEAT - 28)}V0M{_n(px + 12)} {_n(-SEAT - 28)}V0M{_n(px - 12)} '
                       f'{_n(-SEAT - 26)}H{_n(px + 12)}M{_n(px - 13)} {_n(-SEAT)}H{_n(px + 13)}" fill="none" '
                       f'stroke="{colours.prop}" stroke-width="2.6" stroke-linecap="round"/>')
    if "mat" in figure.props and above:
        behind += (f'<rect x="{_n(x0 + 3)}" y="{_n(-y1 + 3)}" width="{_n(x1 - x0 - 6)}" height="{_n(y1 - y0 - 6)}" '
                   f'rx="3" fill="{lighten(colours.mat, 0.45)}" stroke="{colours.prop}" stroke-width="0.8"/>')
    elif "mat" in figure.props:
        behind += (f'<rect x="{_n(x0 + 2)}" y="-1.6" width="{_n(x1 - x0 - 4)}" height="2.2" rx="1.1" '
                   f'fill="{colours.mat}"/>')
    if not above:
        behind += f'<path d="M{_n(x0)} 0.6H{_n(x1)}" stroke="{colours.prop}" stroke-width="1.2"/>'
    if "towel roll" in figure.props:
        if above and "head" in names:
            hx, hy, ha, _ = world[names.index("head")]
            c, n = math.cos(math.radians(ha)), math.sin(math.radians(ha))
            behind += (f'<rect x="-8" y="-11" width="16" height="22" rx="4" fill="#fff" stroke="{colours.prop}" '
                       f'transform="translate({_n(hx + 6 * c)} {_n(-(hy + 6 * n))}) rotate({_n(-ha)})"/>')
        elif figure.posture == "side-lying" and "head" in names:
            hx, hy, _, _ = world[names.index("head")]
            behind += f'<rect x="{_n(hx - 9)}" y="{_n(-hy + 3)}" width="18" height="{_n(hy - 3)}" rx="3" ' \
                      f'fill="{colours.prop}"/>'
        elif "right shank" in names:
            kx = world[names.index("right shank")][0]
            behind += f'<circle cx="{_n(kx)}" cy="-3.2" r="3.4" fill="{colours.prop}"/>'
    return behind, ""


def _strap(posed: Posed, pose_index: int, colour: str) -> tuple[str, list[int]]:
    names = [seg.name for seg in posed.skeleton]
    if "right hand" not in names or "right foot" not in names:
        return "", []
    ends = [names.index("right hand"), names.index("right foot")]
    return f'<path class="pf-strap" d="{_strap_d(posed.worlds[pose_index], ends)}" fill="none" stroke="{colour}" ' \
           f'stroke-width="1.4"/>', ends


def _strap_d(world, ends) -> str:
    (hx, hy, ha, _), (fx, fy, fa, _) = world[ends[0]], world[ends[1]]
    hx, hy = hx + 3.5 * math.cos(math.radians(ha)), hy + 3.5 * math.sin(math.radians(ha))
    fx, fy = fx + 9 * math.cos(math.radians(fa)), fy + 9 * math.sin(math.radians(fa))
    return f"M{_n(hx)} {_n(-hy)}L{_n(fx)} {_n(-fy)}"


def _pane(figure: Figure, posed: Posed, index: int, box, colours: Colours, arrow: str) -> str:
    """One key pose: props, then the segments from the farthest layer to the nearest."""
    behind, _ = _props(figure, posed, box, colours)
    def depth(seg: Seg) -> int:  # from behind, the arms hang beside the back or move in front of it: under it
        return 2 if figure.view == "back" and seg.part in ("arms", "hands") else seg.layer

    order = sorted(range(len(posed.skeleton)), key=lambda i: depth(posed.skeleton[i]))
    body = []
    shown, _ = layout(figure.view, figure.posture)
    far_side = {"side": "left", "top": "left"}.get(shown)
    for i in order:
        seg = posed.skeleton[i]
        shape = _shape(seg, shown, colours, figure.props)
        if seg.name == "trunk":
            extra = _overlay(shown, figure.highlight)
            shape += f'<g fill="{colours.highlight}">{extra}</g>' if extra else ""
        if not shape:
            continue
        colour = colours.highlight if _highlighted(seg, figure.highlight) else colours.far \
            if seg.side and seg.side == far_side else colours.near
        fill = "" if colour == colours.near else f' fill="{colour}"'
        body.append(f'<g data-i="{i}"{fill} transform="{_transform(*posed.worlds[index][i])}">{shape}</g>')
    strap = ""
    if "strap" in figure.props:
        strap, _ = _strap(posed, index, colours.prop_dark)
    return (f'{behind}<g fill="{colours.near}" stroke="#fff" stroke-width="0.7" stroke-linejoin="round">'
            f'{"".join(body)}</g>{strap}{arrow}')


def _bounds(figure: Figure, posed: Posed) -> tuple[float, float, float, float]:
    points = [p for world in posed.worlds for p in _points(posed.skeleton, world)]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    pad = 9
    x0, x1, y1 = min(xs) - pad, max(xs) + pad, max(ys) + pad
    if "chair" in figure.props:
        x0, y1 = min(x0, posed.worlds[0][0][0] - 16), max(y1, SEAT + 36)
    if "wall" in figure.props and layout(figure.view, figure.posture)[0] == "side":
        x0 -= 6
    if layout(figure.view, figure.posture)[1]:  # from above there is no floor line to stand on
        return x0, min(ys) - pad, x1, y1
    return x0, -4.0, x1, y1


@cache  # a few KB each; web, print and every program reuse them (512 thrashed at 500 exercises)
def figure_svg(figure: Figure, link_colour: str, animated: bool = True) -> Markup:
    """The figure as inline SVG: the first and the last key pose, with `role="img"` and the alt text as its name.

    With `animated`, it also carries the numbers assets/figure.js moves it with (`data-pose`); without, it is the
    same picture flattened for WeasyPrint (`_flat`: no groups or transforms inside a pane, few paths).
    """
    posed = pose(figure)
    colours = colours_for(link_colour, blades="shoulder blades" in figure.highlight)
    x0, y0, x1, y1 = _bounds(figure, posed)
    width, height = x1 - x0, y1 - y0
    stacked = width > 1.3 * height
    gap = 8
    panes = [0, len(posed.local) - 1]
    point = _arrow_point(figure, posed)
    centre = posed.worlds[0][1][:2]
    inside = (x0 + 4, y0 + 4 if layout(figure.view, figure.posture)[1] else 4.5, x1 - 4, y1 - 4)
    arrow = _squeeze(figure, posed) or (_arrow(_trace(posed, *point), centre, colours.ink, inside) if point else "")
    parts = []
    for n, index in enumerate(panes):
        ox, oy = (0, n * (height + gap)) if stacked else (n * (width + gap), 0)
        inner = _pane(figure, posed, index, (x0, y0, x1, y1), colours, arrow if n == 0 else "")
        parts.append(f'<g class="pf-pane" transform="translate({_n(ox - x0)} {_n(oy + y1)})">'
                     f'<rect x="{_n(x0)}" y="{_n(-y1)}" width="{_n(width)}" height="{_n(height)}" rx="4" '
                     f'fill="{colours.panel}"/><g class="pf-flip">{inner}</g></g>')
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
            _strap(posed, 0, colours.prop_dark)[1] if "strap" in figure.props else [],
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

def _placed(segments: list[tuple], m: Matrix) -> list[tuple]:
    """Segments moved by `m`: arcs stay arcs under a turn and an even scale, else become cubic curves."""
    a, b, c, d = m[:4]
    even = abs(a - d) < 1e-9 and abs(b + c) < 1e-9
    k, turn = math.hypot(a, b), math.degrees(math.atan2(b, a))
    out: list[tuple] = []
    here, start = (0.0, 0.0), (0.0, 0.0)
    for seg in segments:
        if seg[0] == "A" and not even:
            out += [("C", *(apply(m, p) for p in curve[1:])) for curve in arc_curves(here, seg[1:])]
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


def _shapes(node: Any, m: Matrix, paint: dict[str, str], out: list[_Shape]) -> None:
    """Every drawn shape under `node` in painting order, with its transforms and inherited paint applied."""
    for el in node:
        here = multiply(m, matrix(el.get("transform", "")))
        inherited = {**paint, **{k: el.get(k) for k in PAINT if el.get(k) is not None}}
        if el.tag.endswith("}g"):
            _shapes(el, here, inherited, out)
            continue
        fill, stroke = inherited.get("fill", "#000"), inherited.get("stroke", "none")
        segments = _placed(geometry(el), here)
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
"""The figure's colour where a template knows no clinic colour (handouts.model.schema.ClinicSchema's default)."""


@cache  # as figure_svg: each handout that shows the figure (normal, large, every program) quotes it only once
def figure_data_uri(figure: Figure, link_colour: str | None = None) -> str:
    """The still figure as a `data:` URL for an <img> (the PDFs: WeasyPrint tags an <img> as a Figure with /Alt).

    Written by svg_data_url, which percent-encodes `#` (a browser would otherwise cut the picture at its first
    colour), quotes and angle brackets (which the page's HTML escaping would turn into entities)."""
    svg = str(figure_svg(figure, link_colour or DEFAULT_COLOUR, animated=False))
    svg = svg.replace("<svg ", '<svg data-print="form" ', 1)  # drawn once per process (handouts.pdf.forms)
    return svg_data_url(svg)
