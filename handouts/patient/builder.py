"""What the browser's sheet builder (/sheet/) and the personal program page (/my-program/) read, made at build time.

- `exercise_index`: every exercise (slug, title, areas, equipment, tags, its dose, its first step, its small picture
  with its alt text and the position it starts in, handouts.render.choosing) and every program
  (its exercises with the doses it prescribes), with the dose bounds of the content schema. The pages check every
  value of a personal link against these bounds and this list.
- `print_parts`: each exercise's printable block, rendered by the very print templates the PDFs use
  (print/exercise.html), the weekly log grid (print/log-grid.html), and each program's heading (its title, summary,
  introduction and frequency, handouts.patient.sheet.sheet_heading, as `build.py handout <program>` prints them). The
  sheet
  page fetches the parts it needs and puts in only the dose, the name and the notes, as text. It heads the sheet
  with a program's heading while the sheet was started from that one program and still holds all its exercises
  (others may be added, as `build.py handout <program> <exercise>` allows), and with the plain title otherwise.
- `program_parts`: each exercise as a program page shows it under its heading (partials/program-exercise.html:
  summary, dose box, picture or drawn figure, steps, cautions), with no dose. The personal program page fetches the
  parts its link names and writes the link's dose into each, as text; the link holds only slugs and doses.

A dose travels as a link's dose text ('reps=6&sides=each&tempo=4', handouts.model.linkcodec.dose_text), which the
browser reads back with the same specification (assets/linkcodec.js). This module never imports mkdocs.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment

from ..i18n.catalog import DEFAULT_LANGUAGE
from ..incremental import Kept
from ..model.linkcodec import dose_text
from ..model.schedule import schedule
from ..model.schema import dose_limits
from ..model.urls import CLINICIANS, INDEX, PAGE, PARTS, PERSONAL, PERSONAL_PARTS, localized
from ..model.urls import prefix as language_folder
from ..model.values import Dose, Exercise, Library, title_order
from ..render.brand import palette
from ..render.choosing import position, thumbnail
from ..render.templates import jinja_env, markdown_html
from .sheet import sheet_heading

__all__ = ["CLINICIANS", "INDEX", "PAGE", "PARTS", "PERSONAL", "PERSONAL_PARTS", "exercise_index", "print_parts",
           "program_parts"]

NO_PROGRAM = "_none"
"""The plain heading's part: no slug has an underscore."""


def link_dose(dose: Dose) -> str:
    """A dose as the index and the personal link carry it: 'reps=6&sides=each&tempo=4'."""
    return dose_text(dose)


def exercise_index(library: Library) -> dict[str, Any]:
    """The exercises and programs the browser pages choose from, as JSON-ready values, smallest first.

    Areas are numbers into one list of their names in the library's language (Library.area_title); an empty list
    of equipment or tags is left out.
    """
    areas = sorted({library.area_title(a) for e in library.exercises.values() for a in e.area}, key=title_order)
    exercises = []
    for exercise in sorted(library.exercises.values(), key=lambda e: e.title.lower()):
        item: dict[str, Any] = {"slug": exercise.slug, "title": exercise.title,
                                "areas": sorted({areas.index(library.area_title(a)) for a in exercise.area}),
                                "dose": link_dose(exercise.dose)}
        if exercise.equipment:
            item["equipment"] = list(exercise.equipment)
        if exercise.tags:
            item["tags"] = list(exercise.tags)
        if exercise.steps:
            item["step"] = _plain(exercise.steps[0].text)
        picture = thumbnail(exercise)
        if picture is not None:
            item["picture"] = picture.src  # relative to the site's root: the picture every language shares
            item["alt"] = picture.alt
        if position(exercise):
            item["position"] = position(exercise)
        exercises.append(item)
    programs = []
    for program in library.programs.values():
        entry: dict[str, Any] = {"slug": program.slug, "title": program.title,
                                 "exercises": [[i.exercise.slug, link_dose(i.dose)] for i in program.items]}
        if program.frequency:
            entry["frequency"] = program.frequency
            entry["perDay"] = schedule(program.frequency).per_day
        programs.append(entry)
    return {"limits": dose_limits(), "areas": areas, "exercises": exercises, "programs": programs}


def index_json(library: Library) -> str:
    """The index as the file the pages fetch: compact JSON."""
    return json.dumps(exercise_index(library), ensure_ascii=False, separators=(",", ":"))


@lru_cache(maxsize=16384)  # a preview rebuilds the index on every save: a step converted once is kept
def _plain(markdown: str) -> str:
    """A step's Markdown as the plain text the player says (as partials/timer.html's data-step)."""
    from markupsafe import Markup

    return Markup(markdown_html(markdown)).striptags()


def print_parts(
    library: Library, template_dirs: Sequence[Path], lang: str = DEFAULT_LANGUAGE, kept: Kept | None = None
) -> dict[str, str]:
    """Every exercise's printable block and the weekly log grids, as {path in the site: HTML}.

    Rendered by the PDFs' templates with the exercise's own dose, no QR code (the sheet prints one for the whole
    program) and no tick boxes (the sheet's weekly log has them); addresses are made relative to /sheet/. In
    `lang`, for /<lang>/sheet/ (handouts.model.urls), whose pictures are the root's: one folder further up. With
    `kept` (a preview's, handouts.incremental), an exercise's block is rendered again only for a new Exercise value.
    """
    env = _sheet_env(template_dirs, lang)
    parts = {}
    exercise = env.get_template("print/exercise.html")
    colors = palette(library.clinic.color)  # the figures are drawn in the clinic's colours, as in the PDFs
    for item in library.exercises.values():
        def block(item: Exercise = item) -> str:
            return exercise.render(exercise=item, item=item, dose=item.dose, qr=None, single=False,
                                   site_url=library.site_url, log_grid=True, colors=colors)

        key = ("print part", lang, library.site_url, library.clinic.color)
        parts[f"{PARTS}/{item.slug}.htm"] = kept.of(item, key, block) if kept is not None else block()
    heading = env.get_template("partials/sheet-heading.html")
    for slug, program in [(NO_PROGRAM, None), *library.programs.items()]:
        parts[f"{PARTS}/heading/{slug}.htm"] = heading.render(heading=sheet_heading(program, lang),
                                                                 site_url=library.site_url)
    grid = env.get_template("print/log-grid.html")
    row = [{"exercise": {"slug": "", "title": ""}, "dose": None}]  # one row, which the page copies for each exercise
    plans = {1: schedule(None)}
    for program in library.programs.values():
        plans.setdefault(schedule(program.frequency).per_day, schedule(program.frequency))
    for boxes, plan in sorted(plans.items()):
        parts[f"{PARTS}/log-grid-{boxes}.htm"] = grid.render(entries=row, plan=plan)
    return parts


def program_parts(
    library: Library, template_dirs: Sequence[Path], lang: str = DEFAULT_LANGUAGE, kept: Kept | None = None
) -> dict[str, str]:
    """Every exercise as a program page shows it, for the personal program page: {path in the site: HTML}.

    The program page's own partial (partials/program-exercise.html) with no dose: the page writes the link's dose
    in. Addresses are made for /my-program/ (or /<lang>/my-program/), where the page shows the part. With `kept` (a
    preview's), an exercise's block is rendered again only for a new Exercise value.
    """
    page = f"{language_folder(lang)}my-program/"
    env = jinja_env(template_dirs, lang)
    env.filters["url"] = lambda path: _address(path, page, lang)
    env.globals.update(colours=palette(library.clinic.color), page={"url": page})
    block = env.get_template("partials/program-exercise.html")
    parts = {}
    for item in library.exercises.values():
        def render(item: Exercise = item) -> str:
            return block.render(item=item, dose=None)

        key = ("program part", lang, library.clinic.color)
        parts[f"{PERSONAL_PARTS}/{item.slug}.htm"] = kept.of(item, key, render) if kept is not None else render()
    return parts


def _address(path: str, page: str, lang: str) -> str:
    """A site-relative address as the page `page` links to it, in `lang`: 'assets/x.png' from 'es/my-program/' is
    '../../assets/x.png' (mkdocs' `url` filter, with the plugin's language rule, handouts.model.urls.localized)."""
    target = localized(str(path), lang)
    if "://" in target or target.startswith(("/", "#", "mailto:", "tel:", "data:")):
        return target
    relative = posixpath.relpath(target or ".", page.rstrip("/") or ".")
    return relative + "/" if target.endswith("/") or not target else relative


def _sheet_env(template_dirs: Sequence[Path], lang: str = DEFAULT_LANGUAGE) -> Environment:
    """The print templates' environment, with addresses for a part shown on /sheet/ instead of on paper."""
    env = jinja_env(template_dirs, lang)
    up = "../" * (1 + language_folder(lang).count("/"))
    env.filters["url"] = lambda path: f"{up}{path}"  # partials/figure.html: the picture, from /sheet/

    def markdown(text: str, level: int = 1, prefix: str = "", folder: str | None = None, page: str | None = None,
                 site_url: str | None = None) -> str:
        return markdown_html(text, level, prefix, folder, page or f"{language_folder(lang)}sheet/", site_url)

    env.filters["markdown"] = markdown
    return env
