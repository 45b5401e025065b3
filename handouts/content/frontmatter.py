"""Read one Markdown file's front matter with line numbers, and check it against a schema.

mkdocs reads front matter with PyYAML (YAML 1.1, `no` is False, `1:30` is 90) and silently
drops what it cannot parse; here handouts.content.yaml12 reads YAML 1.2 and keeps every key's line.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import Problem
from ..model.values import Step
from . import yaml12
from .yaml12 import Map, Seq

FENCE_RE = re.compile(r"^(---|\.\.\.)\s*$")
SECONDS_KEYS = {"hold", "rest", "tempo"}
CURLY_QUOTES = "“”‘’„‚«»"
"""Quotes a word processor puts in; YAML reads them as letters, not as quotes."""
CURLY_HINT = 'replace the curly quotes “ ” with straight quotes " or remove them'
CURLY_START_RE = re.compile(rf"(?:^|[:\[{{,-])\s*[{CURLY_QUOTES}]")
EMPTY_HINTS = {
    "reps": "give a whole number, like 10",
    "sets": "give a whole number, like 2",
    "hold": "give the seconds to hold, like 5 or 15-30",
    "rest": "give a number of seconds, like 5",
    "tempo": "give a number of seconds, like 3",
    "sides": "write 'each'",
    "dose": "give its keys on the lines below, like '  reps: 10'",
    "image": "give its 'src' and 'alt' on the lines below",
    "video": "give a YouTube or Vimeo address, or its 'src' and 'captions' on the lines below",
    "exercises": "list the exercises on the lines below, one '  - slug' each",
}
"""What to write after a key left empty; other keys get a general hint."""
UNION_TAGS = ("slug", "item", "one", "list", "address", "file", "per-language")
"""The schema's names for each form a key may take (handouts.model.schema): in an error's location, not keys."""


class Invalid(Exception):
    """A problem that stops reading this one file."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


@dataclass(frozen=True)
class Document:
    """A file split into its YAML (with positions) and its Markdown body."""

    path: str
    lines: tuple[str, ...]
    meta: Map
    body: str
    body_line: int

    def problem(self, line: int, message: str) -> Problem:
        """A problem at a line of this file, quoting that line."""
        excerpt = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return Problem(self.path, line, message, excerpt)

    def line_of(self, *loc: object) -> int:
        """The file line of a key path such as ('dose', 'reps'); the nearest parent if missing."""
        return line_in(self.meta, loc, offset=2, default=1)


def line_in(node: Any, loc: tuple[object, ...], offset: int, default: int) -> int:
    """Walk parsed YAML by a pydantic-style location; return the deepest line found."""
    line = default
    for part in loc:
        if isinstance(node, Map) and isinstance(part, str) and part in node:
            line = node.lines[part] + offset
            node = node[part]
        elif isinstance(node, Seq) and isinstance(part, int) and part < len(node):
            line = node.lines[part] + offset
            node = node[part]
        elif isinstance(part, str) and part in UNION_TAGS:
            continue  # a discriminator tag, not a key
        else:
            break
    return line


def read_text(path: Path, shown: str) -> str:
    """The file's text: UTF-8 (a BOM is fine), any line ending; never empty."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise Invalid(Problem(shown, line, "is not UTF-8 text; save it as UTF-8")) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise Invalid(Problem(shown, 1, "the file is empty"))
    return text


def parse_yaml(text: str, shown: str, offset: int, lines: tuple[str, ...]) -> Any:
    """Parse YAML text whose first line is file line `offset`; errors name the file line."""
    try:
        return yaml12.load(text)
    except yaml12.MarkedError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + offset if mark else offset
        what = (err.problem or err.context or "is not valid YAML").strip()
        for candidate in dict.fromkeys(m.line + offset for m in (err.problem_mark, err.context_mark) if m):
            hint = yaml_hint(lines[candidate - 1] if 0 < candidate <= len(lines) else "")
            if hint:
                line, what = candidate, hint
                break
        excerpt = lines[line - 1] if 0 < line <= len(lines) else ""
        raise Invalid(Problem(shown, line, f"front matter is not valid YAML: {what}", excerpt)) from None
    except yaml12.Error as err:
        raise Invalid(Problem(shown, offset, f"front matter is not valid YAML: {err}")) from None


def yaml_hint(line: str) -> str | None:
    """What a clinician can fix on a line YAML refused: a tab, or curly quotes; None if neither is there."""
    if "\t" in line[: len(line) - len(line.lstrip())]:
        return "this line starts with a tab; YAML needs spaces: replace the tab with 2 spaces"
    if "\t" in line:
        return "this line has a tab; YAML needs spaces: replace the tab with a space"
    if CURLY_START_RE.search(line):  # a value that opens with one; an apostrophe inside a word is not why
        return f"this line has curly quotes, which YAML does not read as quotes: {CURLY_HINT}"
    return None


def in_curly_quotes(value: object) -> bool:
    """A value wholly wrapped in curly quotes (“each”, ‘Open books’); an apostrophe inside prose is fine."""
    return isinstance(value, str) and len(value) >= 2 and value[0] in CURLY_QUOTES and value[-1] in CURLY_QUOTES


def read_document(path: Path, shown: str, required: bool = True) -> Document:
    """Split a Markdown file into front matter and body; `required` front matter or none."""
    text = read_text(path, shown)
    lines = tuple(text.split("\n"))
    if not FENCE_RE.match(lines[0]) or lines[0].startswith("..."):
        if required:
            raise Invalid(Problem(shown, 1, "must start with front matter: a line '---', the keys, then '---'"))
        return Document(shown, lines, Map(), text, 1)
    end = next((i for i in range(1, len(lines)) if FENCE_RE.match(lines[i])), None)
    if end is None:
        raise Invalid(Problem(shown, 1, "front matter is never closed: add a line '---' after the keys"))
    meta = parse_yaml("\n".join(lines[1:end]), shown, 2, lines)
    if meta is None:
        meta = Map()
    if not isinstance(meta, Map):
        raise Invalid(Problem(shown, 2, "front matter must be keys and values, like 'title: Open books'", lines[1]))
    return Document(shown, lines, meta, "\n".join(lines[end + 1 :]), end + 2)


def plain(value: Any) -> Any:
    """Parsed YAML as plain dicts and lists, so strict validation sees true types."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


Schema = TypeVar("Schema", bound=BaseModel)


def validate(schema: type[Schema], data: Any, where: Any) -> tuple[Schema | None, list[Problem]]:
    """Validate data; turn each pydantic error into a plain-words problem at its line.

    `where(loc) -> (line, excerpt)` locates an error in the file. An empty value or one wrapped in
    curly quotes is an error of its own, never "not given": the schema's errors under it are dropped.
    """
    data = plain(data)
    blanks = unreadable_values(schema, data)
    problems = []
    for loc, message in blanks:
        line, path, excerpt = where(loc)
        problems.append(Problem(path, line, message, excerpt))
    try:
        model = schema.model_validate(data)
    except ValidationError as err:
        model = None
        for error in without_echoes(err.errors()):
            loc = tuple(p for p in error["loc"] if p not in UNION_TAGS)
            if any(loc[: len(blank)] == blank for blank, _ in blanks):
                continue
            line, path, excerpt = where(loc)
            message = explain(error, loc, schema)
            if _has_curly_quotes(error, loc):
                message += f"; it has curly quotes: {CURLY_HINT}"
            problems.append(Problem(path, line, message, excerpt))
    return (None if problems else model), problems


def unreadable_values(schema: type[BaseModel], data: Any, loc: tuple = ()) -> list[tuple[tuple, str]]:
    """Every key or list item left empty (YAML's null) or wrapped in curly quotes, with what to write instead.

    An empty key the schema does not know is left to the schema ("unknown key"), which names it better.
    """
    found: list[tuple[tuple, str]] = []
    entries = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in entries:
        here = (*loc, key)
        if value is None:
            field = _field_at(schema, here)
            if field is not None:
                found.append((here, _empty(here, field.is_required())))
        elif in_curly_quotes(value):
            found.append((here, f"{_key(here)} is wrapped in curly quotes: {CURLY_HINT}"))
        else:
            found += unreadable_values(schema, value, here)
    return found


def _field_at(schema: type[BaseModel], loc: tuple[object, ...]) -> Any:
    """The schema's field at a location such as ('exercises', 2, 'dose', 'hold'); None for an unknown key."""
    model: Any = schema
    field = None
    for part in loc:
        if isinstance(part, int):
            continue  # an item of the list the field above holds
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return None
        field = fields[part]
        model = _model_in(field.annotation)
    return field


def _empty(loc: tuple[object, ...], required: bool) -> str:
    if isinstance(loc[-1], int):
        what = "write an exercise's name" if loc[-2] == "exercises" else "write the item after the '-'"
        return f"{_key(loc)} is empty: {what}, or delete the line"
    hint = EMPTY_HINTS.get(str(loc[-1]), "write its value after the colon")
    return f"{_key(loc)} is empty: {hint}" + ("" if required else ", or delete the line")


def _has_curly_quotes(error: ErrorDetails, loc: tuple[object, ...]) -> bool:
    """Whether the refused value (or the unknown key) has curly quotes in it, which is likely why."""
    if error["type"] == "extra_forbidden":
        return any(quote in str(loc[-1]) for quote in CURLY_QUOTES)
    value = error.get("input")
    return isinstance(value, str) and any(quote in value for quote in CURLY_QUOTES)


def without_echoes(errors: list[ErrorDetails]) -> list[ErrorDetails]:
    """Drop "'reps' is required" when the same mapping has a misspelt 'rep': one mistake, one message."""
    typos = {(e["loc"][:-1], str(e["loc"][-1])) for e in errors if e["type"] == "extra_forbidden"}

    def echoed(error: ErrorDetails) -> bool:
        parent, name = error["loc"][:-1], str(error["loc"][-1])
        return error["type"] == "missing" and any(
            p == parent and difflib.get_close_matches(t, [name], n=1) for p, t in typos
        )

    return [e for e in errors if not echoed(e)]


def _key(loc: tuple[object, ...]) -> str:
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return "front matter"
    key = names[-1]
    if isinstance(loc[-1], int):
        return f"item {loc[-1] + 1} of '{key}'"
    return f"'{key}'"


def _allowed_keys(schema: type[BaseModel], loc: tuple[object, ...]) -> list[str]:
    """The keys allowed where an unknown key was found, for a did-you-mean."""
    model: Any = schema
    for part in loc[:-1]:
        field = model.model_fields.get(part) if isinstance(part, str) and hasattr(model, "model_fields") else None
        if field is None:
            continue
        model = _model_in(field.annotation)
        if model is None:
            return []
    return list(model.model_fields) if hasattr(model, "model_fields") else []


def _model_in(annotation: Any) -> Any:
    """The BaseModel inside an annotation such as `X | None` or `list[str | X]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or getattr(annotation, "__metadata__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    return _model_in(origin) if origin not in (None, annotation) else None


def explain(error: ErrorDetails, loc: tuple[object, ...], schema: type[BaseModel]) -> str:
    """One pydantic error in words a clinician understands."""
    kind, ctx, key = error["type"], error.get("ctx", {}), _key(loc)
    last = loc[-1] if loc else ""
    unit = " seconds" if last in SECONDS_KEYS else ""
    if kind == "missing":
        return f"{key} is required"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(schema, loc)
        close = difflib.get_close_matches(str(last), allowed, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (allowed here: {', '.join(allowed)})"
        return f"unknown key '{last}'{hint}"
    if kind in ("int_type", "int_from_float", "int_parsing"):
        return f"{key} must be a whole number"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{key} must be at least {ctx.get('ge', ctx.get('gt'))}{unit}"
    if kind in ("less_than_equal", "less_than"):
        return f"{key} must be at most {ctx.get('le', ctx.get('lt'))}{unit}"
    if kind == "string_pattern_mismatch" and last == "color":
        return f"{key} must be a CSS hex colour, like #1f5f8b"
    if kind in ("string_too_short", "string_pattern_mismatch"):
        return f"{key} must not be empty"
    if kind == "string_type":
        return f"{key} must be text"
    if kind == "list_type":
        return f"{key} must be a list, like [upper back, neck]"
    if kind == "too_short":
        return f"{key} must list at least one item"
    if kind == "literal_error":
        return f"{key} must be {ctx.get('expected', 'one of the allowed values')}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{key} must be keys and values, like 'reps: 10'"
    if kind == "value_error":
        return f"{key} {ctx['error']}"
    return f"{key}: {error['msg']}"


def problems_at(doc: Document):
    """A `where` function for `validate` on a document's front matter."""

    def where(loc: tuple[object, ...]) -> tuple[int, str, str]:
        line = doc.line_of(*loc)
        return line, doc.path, doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""

    return where


STEP_RE = re.compile(r"^(\d+)[.)]\s+(.*\S)\s*$")
"""A numbered step: '1. Lie on your side' or '1) …'."""


def find_steps(body: str, first_line: int) -> tuple[Step, ...]:
    """The first numbered list of the body, one Step per item, continuation lines joined."""
    steps: list[Step] = []
    for number, text in enumerate(body.split("\n")):
        match = STEP_RE.match(text)
        if match:
            steps.append(Step(match[2], first_line + number))
        elif steps and text.startswith((" ", "\t")) and text.strip():
            steps[-1] = Step(f"{steps[-1].text} {text.strip()}", steps[-1].line)
        elif steps and text.strip():
            break
    return tuple(steps)
