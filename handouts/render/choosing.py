"""Choosing exercises: each one small where exercises are chosen (the exercise list, the area pages, the sheet
builder's picker), and what their filters offer.

An exercise's picture there is its first photo (`image:`), or its figure's start pose, drawn by the figure engine
(`figures.figure_svg`, the flat print version: few paths) and written once as a file, `assets/figures/<slug>.svg`
(handouts.model.urls.figure_file), which every list and every language shares: a page carries an <img> with its
size and the alt text in its own words, never the drawing itself, so a list of 2,000 exercises stays light.

    thumbnail(exercise)         the picture a list shows (its address in the site and its alt text), or None
    thumbnail_files(library)    {address in the site: SVG}: every figure's start pose, to write with the site
    position(exercise)          'standing', 'sitting', 'lying' or None, from the figure's posture
    choices(exercises)          what a list's filters offer: its areas, positions and equipment, as it has them
    by_title(exercises)         the exercises in title order, accents not counting (as Library sorts them)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from xml.etree import ElementTree

from ..model.urls import figure_file
from ..model.values import Exercise, Figure, Library, area_slug, title_order
from .brand import palette
from .figures import figure_svg

__all__ = ["NO_EQUIPMENT", "POSITIONS", "SIZE", "Choices", "Thumbnail", "by_title", "choices", "equipment_key",
           "position", "start_pose_svg", "thumbnail", "thumbnail_files"]

SVG = "http://www.w3.org/2000/svg"
SIZE = (112, 84)
"""The width and height in CSS pixels every list gives a picture (the page keeps its place before it loads); the
picture keeps its own shape inside (`object-fit: contain`)."""
POSITIONS: dict[str, tuple[str, ...]] = {
    "standing": ("standing",),
    "sitting": ("sitting", "long-sitting"),
    "lying": ("supine", "prone", "side-lying"),
}
"""The positions a list filters by, and the figure postures each one is. Kneeling, on hands and knees and half
kneeling are none of them: such an exercise shows only when no position is chosen."""
_POSITION_OF = {posture: name for name, postures in POSITIONS.items() for posture in postures}
NO_EQUIPMENT = "-"
"""The equipment filter's value for the exercises that need none (no equipment's key is a lone dash)."""


@dataclass(frozen=True)
class Thumbnail:
    """A list's picture of an exercise: its address in the site ('assets/figures/bridges.svg', 'images/x.jpg') and
    what it shows, in the exercise's words."""

    src: str
    alt: str


def position(exercise: Exercise) -> str | None:
    """The position the exercise starts in, from its figure's posture: 'standing', 'sitting', 'lying', or None (no
    figure, or a posture that is none of these)."""
    return _POSITION_OF.get(exercise.figure.posture) if exercise.figure else None


def thumbnail(exercise: Exercise) -> Thumbnail | None:
    """The exercise's first photo, else its figure's start pose (thumbnail_files writes it), else None."""
    if exercise.image is not None:
        return Thumbnail(exercise.image.src, exercise.image.alt)
    if exercise.figure is not None:
        return Thumbnail(figure_file(exercise.slug), exercise.figure.alt)
    return None


def start_pose_svg(figure: Figure, link_colour: str) -> str:
    """The figure's first pane alone (the start pose, with the arrow of the movement), as a standalone SVG file.

    Cut from the figure engine's own flat drawing, so the list shows exactly what the handout shows first. The
    picture's name is the <img>'s alt text on each page, in its language; the file itself is decoration-free."""
    ElementTree.register_namespace("", SVG)
    drawing = ElementTree.fromstring(str(figure_svg(figure, link_colour, animated=False)))
    pane = next(child for child in drawing if child.tag == f"{{{SVG}}}g")
    panel = pane.find(f"{{{SVG}}}rect")
    assert panel is not None, "the figure engine's pane has lost its panel"
    width, height = panel.get("width"), panel.get("height")
    svg = ElementTree.Element(f"{{{SVG}}}svg", {"viewBox": f"0 0 {width} {height}", "width": str(width),
                                                 "height": str(height)})
    svg.append(pane)
    return ElementTree.tostring(svg, encoding="unicode")


def thumbnail_files(library: Library) -> dict[str, str]:
    """Every figure's start pose as a file: {'assets/figures/<slug>.svg': SVG}, in the clinic's colour.

    Drawn from the library's own exercises (the figure is the same in every language; only its alt text, which the
    page writes, is translated). An exercise with a photo has no file: its list shows the photo."""
    colour = palette(library.clinic.color).link
    return {figure_file(e.slug): start_pose_svg(e.figure, colour)
            for e in library.exercises.values() if e.figure is not None and e.image is None}


def by_title(exercises: Iterable[Exercise]) -> list[Exercise]:
    """The exercises in title order, accents not counting: one list of every exercise, in the page's language."""
    return sorted(exercises, key=lambda e: title_order(e.title))


def equipment_key(thing: str) -> str:
    """One piece of equipment as a filter compares it: 'Dumbbells ' and 'dumbbells' are one."""
    return " ".join(thing.lower().split())


@dataclass(frozen=True)
class Choices:
    """What a list's filters offer, only what its exercises have: area slugs, positions (in POSITIONS' order), and
    equipment as (key, name), each in title order."""

    areas: tuple[str, ...]
    positions: tuple[str, ...]
    equipment: tuple[tuple[str, str], ...]
    none_needed: bool
    """Some exercise needs no equipment (the filter offers "No equipment")."""


def choices(exercises: Iterable[Exercise]) -> Choices:
    """The areas (slugs), positions and equipment the exercises have, for the filters above their list."""
    areas: set[str] = set()
    found: set[str] = set()
    equipment: dict[str, str] = {}
    none_needed = False
    for exercise in exercises:
        areas.update(area_slug(a) for a in exercise.area)
        found.add(position(exercise) or "")
        for thing in exercise.equipment:
            equipment.setdefault(equipment_key(thing), thing)
        none_needed = none_needed or not exercise.equipment
    return Choices(tuple(sorted(areas)), tuple(p for p in POSITIONS if p in found),
                   tuple(sorted(equipment.items(), key=lambda kv: title_order(kv[1]))), none_needed)
