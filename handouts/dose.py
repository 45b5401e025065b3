"""The dose in plain words: one function, used by the site, the PDFs and the patient sheet."""

from __future__ import annotations

from .models import Dose


def seconds(n: int) -> str:
    return "1 second" if n == 1 else f"{n} seconds"


def times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def hold_words(dose: Dose) -> str | None:
    """'15 to 30 seconds', '5 seconds', or None without a hold."""
    if dose.hold is None:
        return None
    if dose.hold_max is not None:
        return f"{dose.hold} to {dose.hold_max} seconds"
    return seconds(dose.hold)


def dose_sentence(dose: Dose) -> str:
    """'Hold for 15 to 30 seconds, then relax. Repeat 3 times.' / 'Repeat 10 times on each side.'"""
    parts = []
    if dose.hold is not None:
        parts.append(f"Hold for {hold_words(dose)}, then relax.")
    side = " on each side" if dose.sides == "each" else ""
    parts.append(f"Repeat {times(dose.reps)}{side}." if dose.reps > 1 else f"Do this once{side}.")
    if dose.sets > 1:
        parts.append(f"Do {dose.sets} sets.")
    return " ".join(parts)


def rest_sentence(dose: Dose) -> str | None:
    """'Rest 5 seconds between repeats.', or None when there is no rest."""
    if dose.rest <= 0 or (dose.reps <= 1 and dose.sets <= 1 and dose.sides != "each"):
        return None
    return f"Rest {seconds(dose.rest)} between repeats."
