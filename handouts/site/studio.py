"""The figure studio: a page of the preview only (/studio/) where a clinician poses a figure with labelled sliders
and copies the `figure:` front matter it writes; and the preview server's answer to that page, /_studio/figure,
which reads, checks and draws a figure with the very code `check` and the build use (content.load, the FigureSchema,
render.figures.figure_svg), so the studio's drawing and its problems are the build's. A published build has neither.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from ..content.frontmatter import Document, Invalid, parse_yaml, plain, problems_at, read_document, validate
from ..content.load import figure_of, figure_problems
from ..errors import Problem
from ..model.schema import FigureSchema
from ..model.values import Clinic, Library
from ..render.brand import palette
from ..render.figures import FACINGS, JOINTS, PLACES, POSTURES, STARTING_POSES, TIED, VIEWS, figure_svg, starting_figure

__all__ = ["ANSWER", "PAGE", "answer", "front_matter", "page_file_text", "read_figure", "settings", "wsgi_app"]

PAGE = "studio.md"
"""The studio's page (/studio/), added to a preview only."""
ANSWER = "_studio/figure"
"""Where the studio asks, under the preview's root: ?yaml=<front matter>, ?state=<JSON figure>, ?pose=<starting
pose's name> or ?exercise=<slug>; the answer is JSON: the front matter, the SVG, the problems, the figure's keys."""
SHOWN = "figure"
"""The name a problem gives the studio's text (check names the file)."""
KEYS = ("view", "posture", "facing", "props", "poses", "highlight", "arrow", "alt", "caption")
"""The keys of `figure:` in the order the studio writes them (as docs/figures.md does)."""
PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .,'()/-]*$")
"""A value written as it is; anything else is written in double quotes (YAML reads a JSON string as one)."""


def page_file_text() -> str:
    """The studio page's Markdown: its template does the rest; search leaves it out."""
    return ("---\ntemplate: studio.html\nsearch:\n  exclude: true\nhide: [navigation, toc]\n---\n"
            "# Figure studio\n")


def settings() -> str:
    """What the studio's controls offer, from the engine's own tables, as the JSON its page carries (in an attribute:
    material's instant loading runs every <script> of a page's content, a JSON one too)."""
    joints = [[name, low, high, sided] for name, (low, high, sided) in JOINTS.items()]
    return json.dumps({"joints": joints, "poses": [name for name, _ in STARTING_POSES], "views": VIEWS,
                       "postures": POSTURES, "facings": FACINGS, "props": PLACES, "tied": TIED})


def _scalar(value: Any, in_flow: bool = False) -> str:
    text = str(value)
    plain = PLAIN.match(text) and not text.endswith(" ") and not (in_flow and "," in text)
    return text if isinstance(value, int) or plain else json.dumps(text)


def _flow(value: Any, in_flow: bool = False) -> str:
    """A value as one line of YAML flow style: `[chair, {wall: front}]`, `{hip: 50, knee: 100}`."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_scalar(k, True)}: {_flow(v, True)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow(v, True) for v in value) + "]"
    return _scalar(value, in_flow)


def _both_sides(joints: Any) -> Any:
    """`{right knee: 90, left knee: 90}` as `{knee: 90}`: a joint without a side sets both (docs/figures.md)."""
    if not isinstance(joints, Mapping):
        return joints
    out = dict(joints)
    for key, value in joints.items():
        words = " ".join(str(key).lower().split())
        if not words.startswith("right "):
            continue
        joint, left = words[len("right "):], "left " + words[len("right "):]
        lefts = [k for k in out if " ".join(str(k).lower().split()) == left]
        if lefts and out[lefts[0]] == value and joint not in out:
            out = {(joint if k == key else k): v for k, v in out.items() if k != lefts[0]}
    return out


def front_matter(figure: Mapping[str, Any]) -> str:
    """A figure's keys as the `figure:` front matter the docs show: one line a key, one line a pose."""
    lines = ["figure:"]
    for key in KEYS:
        value = figure.get(key)
        if value in (None, [], "") or (key == "facing" and value == "right"):
            continue
        if key == "poses" and isinstance(value, Mapping):
            lines.append("  poses:")
            lines += [f"    {_scalar(name)}: {_flow(_both_sides(joints))}" for name, joints in value.items()]
        else:
            lines.append(f"  {key}: {_flow(value)}")
    return "\n".join(lines) + "\n"


def read_figure(text: str, link_colour: str) -> dict[str, Any]:
    """The studio's text checked as `check` checks an exercise's `figure:`, and drawn as the build draws it.

    Returns {"yaml": the text, "svg": the drawing ("" with problems), "problems": [{"line", "message"}] with the
    line in the text, "figure": the keys as read (null when unreadable)}."""
    lines = ("---", *text.split("\n"), "---")  # the text as a file's front matter, so lines count as check's
    found: list[Problem] = []
    figure: Any = None
    svg = ""
    try:
        meta = parse_yaml(text, SHOWN, 2, lines)
    except Invalid as err:
        found.append(err.problem)
    else:
        doc = Document(SHOWN, lines, meta, "", len(lines) + 1)
        if not isinstance(meta, dict) or "figure" not in meta:
            found.append(doc.problem(2, "write the figure's keys under a first line 'figure:'"))
        else:
            found += [doc.problem(doc.line_of(key), f"the studio reads only 'figure:'; delete '{key}'")
                      for key in meta if key != "figure"]
            figure = plain(meta["figure"])
            where = problems_at(doc)
            schema, found_in_schema = validate(FigureSchema, meta["figure"], lambda loc: where(("figure", *loc)))
            found += found_in_schema + figure_problems(doc)
            if not found and schema is not None:
                drawn = figure_of(schema)
                svg = str(figure_svg(drawn, link_colour)) if drawn is not None else ""
    problems = [{"line": max(p.line - 1, 0), "message": p.message}
                for p in sorted(found, key=lambda p: (p.line, p.message))]
    return {"yaml": text, "svg": svg, "problems": problems, "figure": figure if isinstance(figure, dict) else None}


def exercise_figure(library: Library, root: Path, slug: str) -> str | None:
    """An exercise's `figure:` as its file writes it (comments and all), or None."""
    exercise = library.exercises.get(slug)
    if exercise is None or exercise.figure is None:
        return None
    try:
        doc = read_document(root / exercise.source, exercise.source)
    except (Invalid, OSError):
        return None
    first = doc.line_of("figure") - 1  # a 0-based index into doc.lines
    end = next((i for i in range(first + 1, len(doc.lines))
                if doc.lines[i].strip() == "---" or doc.lines[i][:1].strip() and not doc.lines[i].startswith("#")),
               len(doc.lines))
    return "\n".join(doc.lines[first:end]).rstrip() + "\n"


def answer(query: Mapping[str, str], library: Library | None, root: Path | None) -> dict[str, Any]:
    """The studio's question answered: the front matter for a starting pose, an exercise or the controls' state,
    or the text as written, each checked and drawn."""
    colour = palette(library.clinic.color if library is not None else Clinic.color).link
    if "pose" in query:
        names = dict(STARTING_POSES)
        text = front_matter(starting_figure(query["pose"])) if query["pose"] in names else "figure:\n"
    elif "exercise" in query:
        found = exercise_figure(library, root, query["exercise"]) if library and root else None
        text = found or "figure:\n"
    elif "state" in query:
        try:
            state = json.loads(query["state"])
        except ValueError:
            state = {}
        text = front_matter(state if isinstance(state, dict) else {})
    else:
        text = query.get("yaml", "")
    return read_figure(text, colour)


def wsgi_app(app: Callable[..., Iterable[bytes]],
             current: Callable[[], tuple[Library | None, Path | None]]) -> Callable:
    """The preview's WSGI app, answering the studio at …/_studio/figure and passing every other request on.
    `current()` gives the preview's latest library and project folder."""

    def studio(environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") != "GET" or not path.endswith("/" + ANSWER):
            return app(environ, start_response)
        query = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
        body = json.dumps(answer(query, *current())).encode()
        start_response("200 OK", [("Content-Type", "application/json; charset=utf-8"),
                                  ("Cache-Control", "no-store"), ("Content-Length", str(len(body)))])
        return [body]

    studio.studio = True  # type: ignore[attr-defined]  # a server is wrapped once, however often on_serve runs
    return studio
