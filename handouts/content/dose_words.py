"""Numbers of a dose written in an exercise's words, refused: the dose line is the one place a dose is written.

The dose is printed beside the steps ("Hold for 3 seconds, then relax. Repeat 10 times."), and it is changed where no
`check` runs: by a program, by `handout --dose`, by the sheet builder (/sheet/) and by a personal program link
(/my-program/#p=...). A step that says "Repeat 10 times" would then print beside a sheet's "Repeat 8 times", even
when it agrees with the exercise's own dose today. So `check` (and every build) refuses every number of repetitions,
sets or seconds (hold, rest, tempo) in an exercise's steps, its other text (tips) and its captions, in English and in
its translations, at path:line: one the dose says differently, and one it says the same.

A program's dose is not checked against the words any more: a number in them that a program could contradict is
refused at the exercise whatever the program says, so a check at the program could only repeat that problem.

What counts (`said`): a number (digits or words, "8-12", "15 to 30", "entre 8 y 12") with a unit of repetitions
("times", "reps", "x10", "veces", "repeticiones"), sets ("sets", "3x10", "series") or time ("5s", "5 sec", "1 minute",
"segundos"), and a number after "hold"/"repeat" ("hold for 5,", "repite 10."). A time is a hold, a rest, or (said
with neither) any of its times, a tempo too. Other numbers are not dose: "2 inches", "90 degrees", "step 2", "1 towel",
"3 times a day" (how often), "breathe in for 4 seconds".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..errors import Problem
from ..model.dose import dose_sentence
from ..model.values import Dose, Exercise, Translations
from .frontmatter import Document

__all__ = ["Said", "differs", "key_lines", "numbers_in_words", "said"]

_ONES = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
         "seventeen eighteen nineteen").split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_UNOS = ("uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciséis diecisiete "
         "dieciocho diecinueve veinte veintiuno veintidós veintitrés veinticuatro veinticinco veintiséis veintisiete "
         "veintiocho veintinueve").split()
_DECENAS = {"treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60}
WORDS: dict[str, int] = {w: n for n, w in enumerate(_ONES, 1)} | {w: n for n, w in enumerate(_UNOS, 1)}
WORDS |= {w.translate(str.maketrans("éó", "eo")): n for w, n in WORDS.items()} | _TENS | _DECENAS
"""Numbers written as words, English and Spanish (Spanish also without its accents: 'veintidos')."""
_NAMED = frozenset(WORDS) | {"twice"}

_word = "|".join(sorted(WORDS, key=len, reverse=True))
_ones = "|".join(_ONES[:9])
_unos = "|".join(_UNOS[:9])
NUMBER = (rf"(?:\d+(?:[.,]\d+)?|\b(?:(?:{'|'.join(_TENS)})(?:[-\s](?:{_ones}))?|(?:{'|'.join(_DECENAS)})"
          rf"(?:\s+y\s+(?:{_unos}))?|{_word})\b)")
"""One number, in digits or words ('twenty-five', 'treinta y cinco'), or a decimal ('1.5', '2,5': never a dose)."""
QTY = rf"(?<![\w.,])(?P<qty>(?:between\s+|entre\s+)?{NUMBER}(?:\s*(?:-|–|—|to|and|or|a|o|y|hasta)\s*{NUMBER})?)"
"""A number or a range of two: '10', '8-12', '15 to 30', 'de 8 a 12', 'between 8 and 12'."""

REPS = r"times|time|reps?|repetitions?|repeats?|veces|repeticiones|repetici[oó]n"
SETS = r"sets?|rounds?|series|serie|tandas?|rondas?"
SECONDS = r"seconds?|secs?|s|segundos?|segs?"
MINUTES = r"minutes?|mins?|minutos?"
UNITS = {"reps": REPS, "sets": SETS, "seconds": SECONDS, "minutes": MINUTES}
PERIOD = (r"(?!\s+(?:(?:a|an|per|each|every|al|por|cada|a\s+la|en\s+el)\s+)?(?:day|days|week|weeks|hour|morning|"
          r"evening|night|d[ií]a|d[ií]as|semana|semanas|hora|ma[ñn]ana|tarde|noche)\b|\s+(?:daily|weekly|diari\w*))")
"""Not how often: '3 times a day', '2 veces al día', 'twice daily' are the frequency, not repetitions."""
END = r"(?=\s*(?:[,.;:!?)]|$)|\s+(?:then|and|before|y|e|luego|antes)\b)"
"""A number that ends its phrase: 'hold for 5, then relax', not 'hold 2 dumbbells'."""
NOT_DOSE = re.compile(r"\b(?:steps?|pasos?|number|n[uú]mero|page|p[aá]gina|level|nivel)\s*$", re.I)
"""A number named by the word before it is not a dose: 'go back to step 2', 'el paso 3'."""

HOLD_WORDS = (r"hold|holding|held|stay|staying|squeeze|squeezing|stretch|stretching|mant[eé]n\w*|mantener|"
              r"manteniendo|sost[eé]n\w*|sosteng\w*|sostener|aguant\w*|qu[eé]d\w*|estir\w*|apriet\w*|apret\w*")
REST_WORDS = r"rest|resting|relax|relaxing|break|recover|descans\w*|rel[aá]j\w*"
OTHER_TIMES = (r"breathe?|breathing|inhale|exhale|wait|respir\w*|inspir\w*|espir\w*|esper\w*|"
               r"(?:tom|solt|suelt)\w*\s+(?:el\s+)?aire")
"""A time said about these is not the dose's: 'breathe in for 4 seconds', 'wait 30 seconds before you stand'."""
CONTEXT = re.compile(rf"\b(?:(?P<hold>{HOLD_WORDS})|(?P<rest>{REST_WORDS})|(?P<other>{OTHER_TIMES}))\b", re.I)
AFTER = re.compile(r"\s*-?\s*(?:of\s+|de\s+)?(?:(?P<hold>hold|stretch|squeeze)|(?P<rest>rest|break|descanso))\b",
                   re.I)
"""A time named by what follows it: 'a 5-second hold', '30 seconds rest', '5 segundos de descanso'."""

PHRASES: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, re.compile(pattern, re.I)) for kind, pattern in (
    ("sets x reps", r"(?<![\w.,])(?P<qty>\d+\s*[x×]\s*\d+)(?!\w|[.,]\d)"),
    ("unit", rf"{QTY}\s*-?\s*(?P<unit>{'|'.join(f'(?P<{k}>{v})' for k, v in UNITS.items())})(?!\w){PERIOD}"),
    ("reps", r"(?<![\w.,])[x×]\s*(?P<qty>\d+)(?!\w|[.,]\d)"),
    ("reps", r"(?<![\w.,])(?P<qty>\d+)\s*[x×](?![\w×])"),
    ("reps", rf"\b(?P<qty>twice){PERIOD}"),
    ("hold", rf"\b(?:count(?:ing)?\s+(?:to|of)|cuent[ea]\s+hasta|contando\s+hasta)\s+{QTY}"),
    ("hold", rf"\b(?:{HOLD_WORDS})(?:\s+(?![\d])[^\W\d]+){{0,3}}?\s+(?:for\s+|por\s+|durante\s+)?"
             rf"(?:a\s+count\s+of\s+)?{QTY}{END}"),
    ("reps", rf"\b(?:repeat|repite|repita|repetir|do|haga|haz)(?:\s+(?!steps?\b|pasos?\b)[^\W\d]+){{0,2}}?\s+"
             rf"{QTY}{END}"),
    ("reps", rf"{QTY}\s+(?:on\s+|per\s+|for\s+)?(?:each|every|both)\s+(?:side|leg|arm)s?\b"),
    ("reps", rf"{QTY}\s+(?:por|de\s+cada|en\s+cada|con\s+cada|a\s+cada)\s+(?:lado|pierna|brazo)\b"),
    ("reps", rf"\b(?:{SETS})\s+(?:of|de)\s+{QTY}(?!\s*-?\s*(?:{SECONDS}|{MINUTES})\b){END}"),
))
"""Each way a number of the dose is written, first the most telling: a number is read by the first that finds it."""


@dataclass(frozen=True)
class Said:
    """One number of a dose in a text: what it counts, its value (a range when low < high), and the words."""

    kind: str
    """'reps', 'sets', 'hold', 'rest', or 'seconds' (a time said with neither hold nor rest)."""
    low: float
    high: float
    words: str
    start: int
    """Where the words start in the text."""


@lru_cache(maxsize=65536)  # a preview checks every exercise on each save: a text read once is kept
def said(text: str) -> tuple[Said, ...]:
    """Every number of a dose in `text`, in order."""
    if not any(c.isdigit() for c in text) and not _NAMED.intersection(re.findall(r"[^\W\d_]+", text.lower())):
        return ()  # most words have no number in them: the patterns are not tried
    found: list[Said] = []
    read: list[tuple[int, int]] = []  # the words each number found was read from
    for kind, pattern in PHRASES:
        for match in pattern.finditer(text):
            if not any(start <= match.start("qty") < end for start, end in read) and not NOT_DOSE.search(
                    text, 0, match.start("qty")):
                read.append(match.span())
                found += _read(kind, match, text)
    return tuple(sorted(found, key=lambda one: one.start))


def _read(kind: str, match: re.Match[str], text: str) -> Iterator[Said]:
    """What one match says: one number, or two ('3x10': 3 sets of 10)."""
    qty, start, words = match["qty"], match.start("qty"), match.group(0).strip()
    numbers = [2] if qty.lower() == "twice" else [_value(n) for n in re.findall(NUMBER, qty, re.I)]
    low, high = numbers[0], numbers[-1]
    if kind == "sets x reps":
        yield Said("sets", low, low, words, start)
        yield Said("reps", high, high, words, start)
        return
    if kind == "unit":
        kind = next(k for k in UNITS if match[k])
        if kind in ("seconds", "minutes"):
            context = _time_context(text, start, match.end())
            if context == "other" or (kind == "minutes" and context == "seconds"):
                return  # not the dose's time (a minute said with neither hold nor rest: 'walk for 10 minutes')
            scale = 60 if kind == "minutes" else 1
            kind, low, high = context, low * scale, high * scale
    yield Said(kind, low, high, words, start)


def _value(number: str) -> float:
    """'12' -> 12, '1,5' -> 1.5, 'twenty-five' -> 25, 'treinta y cinco' -> 35."""
    if number[:1].isdigit():
        return float(number.replace(",", ".")) if not number.isdigit() else int(number)
    parts = re.split(r"[-\s]+(?:y\s+)?", number.lower())
    return sum(WORDS.get(p, 0) for p in parts)


def _time_context(text: str, start: int, end: int) -> str:
    """'hold', 'rest' or 'other' for a time by the nearest word that says which, in its clause; else 'seconds'."""
    after = AFTER.match(text, end)
    if after:
        return "hold" if after["hold"] else "rest"
    clause = re.split(r"[.;:!?,]", text[:start])[-1]
    words = list(CONTEXT.finditer(clause))
    if not words or len(clause[words[-1].end():].split()) > 6:
        return "seconds"
    last = words[-1]
    return "hold" if last["hold"] else "rest" if last["rest"] else "other"


def differs(one: Said, dose: Dose) -> bool:
    """Whether a number in the words says something else than `dose`."""
    hold = (dose.hold, dose.hold_max or dose.hold) if dose.hold is not None else None
    said_ = (one.low, one.high)
    if one.kind == "reps":
        return said_ != (dose.reps, dose.reps)
    if one.kind == "sets":
        return said_ != (dose.sets, dose.sets)
    if one.kind == "hold":
        return said_ != hold
    if one.kind == "rest":
        return said_ != (dose.rest, dose.rest)
    return said_ not in (hold, (dose.rest, dose.rest), (dose.tempo, dose.tempo))


# -- where an exercise says them ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """Words a patient reads beside the dose: `what` they are ('step 4'), the line each of their lines starts."""

    what: str
    text: str
    lines: tuple[tuple[int, int], ...]
    """(offset in text, line in the file), for each line the text joins."""

    def line_at(self, offset: int) -> int:
        return max((line for start, line in self.lines if start <= offset), default=self.lines[0][1])


LIST_MARK = re.compile(r"^\s*(?:\d+[.)]|[-*+]|#+)\s+")


def passages(exercise: Exercise) -> list[Passage]:
    """The steps, the rest of the body (tips), the figure's caption and the pictures' captions."""
    steps = {step.line: n for n, step in enumerate(exercise.steps, 1)}
    found = [Passage(f"step {n}", step.text, ((0, step.line),)) for n, step in enumerate(exercise.steps, 1)]
    paragraph: list[tuple[int, str]] = []
    in_step = False
    for index, raw in enumerate([*exercise.body.split("\n"), ""]):
        number = exercise.body_line + index
        if number in steps or (in_step and (not raw.strip() or raw[:1] in " \t")):
            in_step = True  # a step, its continuation lines, and blank lines between steps: read as steps above
            continue
        in_step = False
        if raw.strip():
            paragraph.append((number, LIST_MARK.sub("", raw).strip()))
        elif paragraph:
            found.append(_joined("the text", paragraph))
            paragraph = []
    lines = exercise.lines
    if exercise.figure is not None:
        line = lines.get("figure.caption", lines.get("figure", 1))
        found.append(Passage("the figure's caption", exercise.figure.caption, ((0, line),)))
    for n, image in enumerate(exercise.images):
        if image.caption:
            what = "the picture's caption" if len(exercise.images) == 1 else f"the caption of picture {n + 1}"
            found.append(Passage(what, image.caption, ((0, lines.get(f"image.{n}.caption", image.line)),)))
    return found


def key_lines(doc: Document) -> dict[str, int]:
    """Exercise.lines: the line of each front-matter key, and of each caption ('figure.caption', 'image.0.caption')."""
    found = {str(k): doc.line_of(str(k)) for k in doc.meta}
    if isinstance(doc.meta.get("figure"), dict):
        found["figure.caption"] = doc.line_of("figure", "caption")
    images = doc.meta.get("image")
    for n, image in enumerate(images if isinstance(images, list) else [images] if images else []):
        if isinstance(image, dict) and "caption" in image:
            found[f"image.{n}.caption"] = doc.line_of("image", *([n] if isinstance(images, list) else []), "caption")
    return found


def _joined(what: str, lines: list[tuple[int, str]]) -> Passage:
    offsets, text = [], ""
    for number, line in lines:
        offsets.append((len(text), number))
        text += line + " "
    return Passage(what, text.strip(), tuple(offsets))


# -- the check -------------------------------------------------------------------------------------------------


def numbers_in_words(exercises: dict[str, Exercise], translations: dict[str, Translations]) -> list[Problem]:
    """Every number of a dose in an exercise's words, in each language: what its dose says differently, and what
    it says the same (which a program, `handout --dose` or a patient's sheet may change)."""
    problems: list[Problem] = []
    translated = [e for words in translations.values() for e in words.exercises.values() if e.translated]
    for exercise in [*exercises.values(), *translated]:
        original = exercises.get(exercise.slug, exercise)
        dose_line = f"{original.source}:{original.lines.get('dose', 1)}"
        for passage, line, quoted, differing in _numbers(exercise):
            the = _the(passage)
            if differing:
                message = (f"{passage.what} says {quoted}, but the dose line ({dose_line}) says "
                           f"\"{dose_sentence(exercise.dose, exercise.lang)}\", and both are printed: remove the "
                           f"number from {the}")
            else:
                message = (f"{passage.what} says {quoted}, which the dose line ({dose_line}) already says: a program "
                           f"or a patient's sheet may change the dose, and {the} would then say another number: "
                           f"remove the number from {the}")
            problems.append(Problem(exercise.source, line, message, passage.text))
    return problems


def _numbers(exercise: Exercise) -> Iterator[tuple[Passage, int, str, bool]]:
    """Each line of an exercise's words with numbers of a dose, those its dose says differently first, then those
    it says the same: the passage, the line, the numbers quoted ('"10 times" and "sets of 10"'), and which."""
    for passage in passages(exercise):
        words: dict[int, tuple[str, bool]] = {}  # by where they start: "3x10" is two numbers, differing if either
        for one in said(passage.text):
            quoted, differing = words.get(one.start, (one.words, False))
            words[one.start] = (quoted, differing or differs(one, exercise.dose))
        by_line: dict[tuple[int, bool], list[str]] = {}
        for start, (quoted, differing) in words.items():
            by_line.setdefault((passage.line_at(start), differing), []).append(f'"{quoted}"')
        for (line, differing), quoted_all in sorted(by_line.items(), key=lambda kv: (kv[0][0], not kv[0][1])):
            yield passage, line, " and ".join(quoted_all), differing


def _the(passage: Passage) -> str:
    """What to remove the number from: 'the step', 'the text', 'the caption'."""
    return "the step" if passage.what.startswith("step") else passage.what.replace("the figure's ", "the ")
