"""The links a patient follows, checked: written and read by one specification, here and in the browser.

templates/assets/linkcodec.js is the same specification in JavaScript; tests/vectors/links.json holds the examples
both run (pytest, and node's test runner). Version 2 (README "The timer link" and "Make a sheet in the browser"):

    timer link      exercises/<slug>/#timer?v=2&<dose>&c=<check>
    personal link   my-program/#p=2/<slug>:<dose>/<slug>:<dose>[/n=<name>]/c=<check>

- <dose> is the dose text, 'reps=6&sides=each&tempo=4': the keys in this order, each left out at its plain value
  (handouts.model.dose.NEUTRAL): reps, sets, hold ('5' or '15-30'), rest, sides ('each'), tempo; whole numbers with no
  leading zero, within the content schema's bounds.
- <name> is the patient's name (only when the clinician asks), UTF-8, every byte but A-Z a-z 0-9 - . _ ~ written
  %XX (upper-case hex).
- <check> is the CRC-32 (zlib.crc32) of the text before '&c=' (a personal link: before '/c='), in 8 lower-case hex
  digits. A timer link's check also covers the exercise's slug ('<slug>#timer?v=2&<dose>'), so a dose cannot move
  to another exercise's page.

A link is read only when it is exactly the text the writer writes for what it reads back, so one changed, added or
lost character anywhere, or a cut, gives DAMAGED, never another dose: a check covers the text, and the exact
text's rule leaves no second spelling of a value.

Version 1, printed before links carried a check, is read and never written: a timer link without 'v=' and 'c='
('#timer?reps=6&sides=each', its keys in any order) and a personal link '#p=<base64url(deflate-raw(JSON))>',
which only the page decodes. Both read as LEGACY, and the pages say so: the patient compares with the paper.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, unquote

from .dose import NEUTRAL
from .schema import dose_limits
from .values import Dose

__all__ = [
    "VERSION", "Reading", "check_code", "dose_text", "personal_fragment", "read_dose", "read_personal",
    "read_timer", "timer_fragment",
]

VERSION = 2
"""The version the writers write; the readers also read version 1, as LEGACY."""
MAX_EXERCISES = 100
MAX_NAME = 200
"""Characters of a patient's name, at most."""
MAX_LINK = 8000
"""Characters of a personal link's fragment, at most (version 1's limit too)."""
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_SLUG = 100
KEYS = ("reps", "sets", "hold", "rest", "sides", "tempo")
"""The dose text's keys, in the order the writer writes them."""
LEGACY_CODE = re.compile(r"p=([A-Za-z0-9_-]{16,8000})")
"""A version 1 personal link: base64url, long enough to hold any program (and never a cut version 2 link)."""

Limits = Mapping[str, Sequence[int]]
Status = Literal["none", "ok", "legacy", "damaged"]


@dataclass(frozen=True)
class Reading:
    """What a link's fragment holds: `status` 'none' (no link), 'ok', 'legacy' (version 1) or 'damaged'.

    A timer link gives `dose`; a personal link `exercises` ((slug, Dose) in order) and `name`, or, for version 1,
    its `code` (base64url), which only the page decodes."""

    status: Status
    dose: Dose | None = None
    exercises: tuple[tuple[str, Dose], ...] = ()
    name: str | None = None
    code: str | None = None


NONE = Reading("none")
DAMAGED = Reading("damaged")


def check_code(text: str) -> str:
    """The check of a link's text: its CRC-32 (of its UTF-8), 8 lower-case hex digits."""
    return format(zlib.crc32(text.encode("utf-8")), "08x")


def dose_text(dose: Dose) -> str:
    """The dose as a link carries it, 'reps=6&hold=15-30&rest=5': keys at their plain value left out."""
    parts = [f"reps={dose.reps}"]
    if dose.sets != NEUTRAL.sets:
        parts.append(f"sets={dose.sets}")
    if dose.hold is not None:
        parts.append(f"hold={dose.hold}-{dose.hold_max}" if dose.hold_max is not None else f"hold={dose.hold}")
    if dose.rest != NEUTRAL.rest:
        parts.append(f"rest={dose.rest}")
    if dose.sides:
        parts.append(f"sides={dose.sides}")
    if dose.tempo != NEUTRAL.tempo:
        parts.append(f"tempo={dose.tempo}")
    return "&".join(parts)


def read_dose(text: str, limits: Limits | None = None) -> Dose | None:
    """The dose of a dose text written exactly as dose_text writes it and within `limits`, or None."""
    dose = _loose_dose(text, limits or dose_limits())
    return dose if dose is not None and dose_text(dose) == text else None


def timer_fragment(slug: str, dose: Dose) -> str:
    """A timer link's fragment, after '#': 'timer?v=2&reps=6&sides=each&c=…'."""
    body = f"timer?v={VERSION}&{dose_text(dose)}"
    return f"{body}&c={check_code(f'{slug}#{body}')}"


def personal_fragment(exercises: Sequence[tuple[str, Dose]], name: str | None = None) -> str:
    """A personal link's fragment, after '#': 'p=2/childs-pose:reps=5&hold=20-40&rest=5/…/c=…'."""
    fields = [f"p={VERSION}", *(f"{slug}:{dose_text(dose)}" for slug, dose in exercises)]
    if name:
        fields.append("n=" + quote(name, safe=""))
    body = "/".join(fields)
    return f"{body}/c={check_code(body)}"


def read_timer(hash: str, slug: str, limits: Limits | None = None) -> Reading:
    """What an exercise page's fragment (`location.hash`, '#…' or '') holds for the exercise `slug`.

    'none' for no link ('', '#timer', a heading's id: nothing with '=' or '?'); 'ok' for a version 2 link written
    for this exercise; 'legacy' for a version 1 link within bounds; 'damaged' for anything else.
    """
    fragment = hash.removeprefix("#")
    if "=" not in fragment and "?" not in fragment:
        return NONE
    limits = limits or dose_limits()
    if fragment.startswith("timer?v="):
        match = re.fullmatch(r"timer\?v=2&(.+)&c=[0-9a-f]{8}", fragment)
        dose = read_dose(match[1], limits) if match and _slug(slug) else None
        return Reading("ok", dose=dose) if dose and timer_fragment(slug, dose) == fragment else DAMAGED
    dose = _loose_dose(fragment.removeprefix("timer?"), limits) if fragment.startswith("timer?") else None
    return Reading("legacy", dose=dose) if dose else DAMAGED


def read_personal(hash: str, limits: Limits | None = None) -> Reading:
    """What the personal program page's fragment holds: 'none' (''), 'ok', 'legacy' (its `code`) or 'damaged'."""
    fragment = hash.removeprefix("#")
    if not fragment:
        return NONE
    if legacy := LEGACY_CODE.fullmatch(fragment):
        return Reading("legacy", code=legacy[1]) if len(legacy[1]) % 4 != 1 else DAMAGED
    match = re.fullmatch(r"p=2/(.+)/c=[0-9a-f]{8}", fragment)
    if not match or len(fragment) > MAX_LINK:
        return DAMAGED
    fields, name = match[1].split("/"), None
    if fields[-1].startswith("n="):
        name = _name(fields.pop()[2:])
        if name is None:
            return DAMAGED
    exercises = []
    for field in fields:
        slug, _, text = field.partition(":")
        dose = read_dose(text, limits) if _slug(slug) else None
        if dose is None:
            return DAMAGED
        exercises.append((slug, dose))
    slugs = [slug for slug, _ in exercises]
    if not 1 <= len(slugs) <= MAX_EXERCISES or len(set(slugs)) != len(slugs):
        return DAMAGED
    if personal_fragment(exercises, name) != fragment:
        return DAMAGED
    return Reading("ok", exercises=tuple(exercises), name=name)


def _slug(slug: str) -> bool:
    return len(slug) <= MAX_SLUG and SLUG.fullmatch(slug) is not None


def _name(text: str) -> str | None:
    """A name field's name: its %XX bytes as UTF-8, 1 to MAX_NAME characters; or None."""
    try:
        name = unquote(text, errors="strict")
    except UnicodeDecodeError:
        return None
    return name if 0 < len(name) <= MAX_NAME else None


def _loose_dose(text: str, limits: Limits) -> Dose | None:
    """A dose text as version 1 reads it: its keys in any order, each once, within `limits`; or None.

    Version 2 reads only what dose_text writes (read_dose); a key left out is NEUTRAL's value, never the
    exercise's own, so a link keeps its dose even if the site's content changes later."""
    values: dict[str, int | str | None] = {}
    for part in text.split("&"):
        key, equals, value = part.partition("=")
        if not equals or "=" in value or key not in KEYS or key in values:
            return None
        if key == "sides":
            if value != "each":
                return None
            values["sides"] = "each"
            continue
        number = re.fullmatch(r"([0-9]{1,4})(?:-([0-9]{1,4}))?" if key == "hold" else r"([0-9]{1,4})()", value)
        low, high = limits.get(key, (1, 0))
        if not number or not low <= int(number[1]) <= high:
            return None
        values[key] = int(number[1])
        if key == "hold":
            top = int(number[2]) if number[2] else None
            if top is not None and not int(number[1]) < top <= high:
                return None
            values["hold_max"] = top
    if "reps" not in values:
        return None
    return Dose(**values)  # type: ignore[arg-type]
