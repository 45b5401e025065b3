"""How often, from a program's `frequency` in words: the one rule the calendar reminders and the printed log share.

"twice a day" gives 2 reminders a day and 2 boxes a day on paper; "3 times a week" gives reminders on Monday,
Wednesday and Friday. Anything else, or no frequency, means once a day. The build writes the result into the
program page (templates/partials/reminder.html), so the browser never reads the words again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..i18n.catalog import DEFAULT_LANGUAGE
from ..i18n.words import plural_key, word

__all__ = ["Schedule", "frequency_words", "schedule", "understood"]

NUMBERS = {"once": 1, "one": 1, "twice": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
MAX_PER_DAY = 4
"""More reminders a day than this would be spread closer than every 4 hours: a frequency above it counts as 4."""
WEEK_DAYS = {1: ("MO",), 2: ("MO", "TH"), 3: ("MO", "WE", "FR"), 4: ("MO", "TU", "TH", "FR"),
             5: ("MO", "TU", "WE", "TH", "FR"), 6: ("MO", "TU", "WE", "TH", "FR", "SA")}
"""The days of an "N times a week" program, spread over the week (iCalendar's day codes, RFC 5545 BYDAY)."""
HOW_OFTEN = re.compile(
    r"\b(?P<count>\d+|once|one|twice|two|three|four|five|six|seven)\s*(?:times?|x)?\s*(?:a|per|each|every)\s+"
    r"(?P<unit>day|week)\b"
)
DAILY = re.compile(r"\b(daily|every day|each day)\b")
"""Words for once a day, which is also what a frequency the schedule cannot read comes to."""
WHOLE = re.compile(rf"^\s*(?:{HOW_OFTEN.pattern}|{DAILY.pattern})\s*\.?\s*$")
"""A frequency that is nothing but how often ("twice a day."), so another language can say all of it."""


@dataclass(frozen=True)
class Schedule:
    """When to do a program: how many times on each of its days, and which days (none listed: every day)."""

    per_day: int = 1
    days: tuple[str, ...] = ()

    @property
    def days_attr(self) -> str:
        """The days as a data attribute: "MO,WE,FR", or "" for every day."""
        return ",".join(self.days)


def schedule(frequency: str | None) -> Schedule:
    """The schedule a frequency in words asks for: "twice a day", "2 times a day", "3 times a week", "daily"."""
    found = how_often(frequency or "")
    if found is None:
        return Schedule()
    count, unit = found
    if unit == "day":
        return Schedule(per_day=min(count, MAX_PER_DAY))
    return Schedule(days=WEEK_DAYS.get(count, ()))


def understood(frequency: str) -> bool:
    """Whether `schedule` finds how many times a day or a week in these words (if not, it means once a day)."""
    return how_often(frequency) is not None or DAILY.search(frequency.lower()) is not None


def how_often(frequency: str) -> tuple[int, str] | None:
    """(times, "day" or "week") from words like "2 times a day", or None."""
    found = HOW_OFTEN.search(frequency.lower())
    if not found:
        return None
    word = found["count"]
    count = int(word) if word.isdigit() else NUMBERS[word]
    return (count, found["unit"]) if count >= 1 else None


def frequency_words(frequency: str | None, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """The frequency as a page in `lang` says it: English as the clinician wrote it; another language, when the
    words are only how often ("twice a day", "3 times a week", "daily"), as that language's whole sentence for the
    count (handouts.i18n.words, `frequency.day` and its CLDR plural forms: "2 veces al día"); otherwise None, for the
    caller to print the original words (and `check` to list them as untranslated)."""
    if not frequency or lang == DEFAULT_LANGUAGE:
        return frequency
    found = WHOLE.match(frequency.lower())
    if found is None:
        return None
    count, unit = how_often(frequency) or (1, "day")  # "daily", "every day"
    return word(plural_key(f"frequency.{unit}", count, lang), lang, n=count)
