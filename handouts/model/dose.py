"""The dose: one function decides it in every context, one function puts it in words (handouts.model.linkcodec puts it
in a link).

`prescribed` is the only place a dose is worked out: an exercise's own dose (from its file), a program's
changes to it, and a patient's changes on a personal sheet are applied by it, in that order. The site, the
PDFs, the patient sheet and the timer link all print and time what it returns.

Every function that puts a dose in words takes `lang` ("en" unless given; handouts.i18n.catalog.LANGUAGES):
`dose_sentence(dose, lang="es")`, `hold_sentence`, `rest_sentence`, `hold_words`, `seconds`.
"""

from __future__ import annotations

import dataclasses
import json

from pydantic import BaseModel

from ..i18n.catalog import DEFAULT_LANGUAGE
from ..i18n.words import plural_key, word
from .values import Dose, Exercise, Prescription, ShownIn

DEFAULT_REST_WITH_HOLD = 5
"""Seconds of rest between held repeats when the clinician gives none."""
NEUTRAL = Dose(reps=1)
"""What an unset key means: one set, no hold, no rest, no sides, 3 seconds a move. A link leaves these out."""


def browser_dose() -> str:
    """NEUTRAL as JSON, for the page (templates/main.html): the browser's dose codec (assets/linkcodec.js) reads
    its plain values from there, so they are written once, here."""
    return json.dumps(dataclasses.asdict(NEUTRAL), separators=(",", ":"))


def prescribed(dose: Dose, *changes: BaseModel | None) -> Dose:
    """`dose` with each set of changes applied in turn: the one function that decides a dose.

    Each change is a validated DoseSchema or DoseOverrideSchema; only the keys the clinician wrote count.
    An exercise's own dose is `prescribed(NEUTRAL, its dose)`; a program's is `prescribed(exercise.dose,
    the program's changes)`; a patient's sheet applies the patient's changes on top of that. A hold given
    where there was none brings the default rest with it, unless a rest is given too.
    """
    for change in changes:
        if change is None:
            continue
        values = change.model_dump(exclude_unset=True)
        if "hold" in values:
            low, high = values.pop("hold")
            values.update(hold=low, hold_max=high if high != low else None)
            if "rest" not in values and dose.hold is None:
                values["rest"] = DEFAULT_REST_WITH_HOLD
        if values.get("rest", 0) is None:  # an exercise's `rest` left out: the default for its hold
            values["rest"] = DEFAULT_REST_WITH_HOLD if values.get("hold", dose.hold) is not None else 0
        dose = dose.with_changes(**values)
    return dose


def seconds(n: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """'1 second', '5 seconds' (in the language)."""
    return word(plural_key("hold.seconds", n, lang), lang, n=n)


def hold_words(dose: Dose, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """'15 to 30 seconds', '5 seconds', or None without a hold."""
    if dose.hold is None:
        return None
    if dose.hold_max is not None:
        return word("hold.range", lang, low=dose.hold, high=dose.hold_max)
    return seconds(dose.hold, lang)


def dose_sentence(dose: Dose, lang: str = DEFAULT_LANGUAGE) -> str:
    """'Hold for 15 to 30 seconds, then relax. Repeat 3 times.' / 'Repeat 10 times on each side.'

    Whole sentences per case, in the language ('Repita 10 veces de cada lado.'), never glued from words; the
    count's sentence is chosen by CLDR's plural rules (handouts.i18n.words.plural_key). Its sentences are the browser's
    (handouts/i18n/words.py), so templates/assets/timer.js (`doseSentence`) says the same for a dose from a link, in
    the page's language; a test compares the two.
    """
    parts = []
    if dose.hold is not None:
        if dose.hold_max is not None:
            parts.append(word("dose.holdRange", lang, low=dose.hold, high=dose.hold_max))
        else:
            parts.append(word(plural_key("dose.hold", dose.hold, lang), lang, n=dose.hold))
    each = "Sides" if dose.sides == "each" else ""
    parts.append(word(("dose.repeat" if dose.reps > 1 else "dose.once") + each, lang, n=dose.reps))
    if dose.sets > 1:
        parts.append(word("dose.sets", lang, n=dose.sets))
    return " ".join(parts)


def hold_sentence(dose: Dose, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """'Hold each repeat for 15 to 30 seconds.' on paper beside the tick boxes, or None without a hold.

    From the browser's words, so a sheet printed from the browser (assets/sheet.js, `printDose`) says the same.
    """
    if dose.hold is None:
        return None
    if dose.hold_max is not None:
        return word("print.holdEachRange", lang, low=dose.hold, high=dose.hold_max)
    return word(plural_key("print.holdEach", dose.hold, lang), lang, n=dose.hold)


def rest_sentence(dose: Dose, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """'Rest 5 seconds between repeats.', or None when there is no rest (from the browser's words, as above)."""
    if dose.rest <= 0 or (dose.reps <= 1 and dose.sets <= 1 and dose.sides != "each"):
        return None
    return word(plural_key("print.rest", dose.rest, lang), lang, n=dose.rest)


def prescribe(exercise: Exercise, *changes: BaseModel | None, shown_in: ShownIn = "exercise", line: int = 0,
              dose: Dose | None = None) -> Prescription:
    """The Prescription every output shows: `exercise` with its dose (or `dose`, a program's for it) and each set
    of changes applied in turn (`prescribed`), shown in an exercise's own handout, a program or a sheet."""
    return Prescription(exercise, prescribed(exercise.dose if dose is None else dose, *changes), shown_in, line)
