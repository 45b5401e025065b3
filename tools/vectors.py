"""Write tests/vectors/browser.json: what the build gives the browser and what Python says with it, for the browser's
scripts to say the same under node (tests/js/). pytest checks the file is what this writes today
(tests/test_vectors.py), so a change to a word, a plural rule or the plain dose shows up in both halves at once.

    .venv/bin/python -m tools.vectors        rewrite the file after such a change

Each language has its browser words (handouts/i18n/words.py), the CLDR plural category of each count the pages show
(whole numbers; halves too, to check the rule beyond them) as Babel has it, and the dose in words for a grid of doses
(handouts/model/dose.py: dose_sentence, and hold_sentence and rest_sentence as the paper prints them).
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from handouts.i18n.catalog import LANGUAGES, plural_category
from handouts.i18n.words import browser_words
from handouts.model.dose import NEUTRAL, dose_sentence, hold_sentence, rest_sentence
from handouts.model.values import Dose

PATH = Path(__file__).resolve().parent.parent / "tests" / "vectors" / "browser.json"
COUNTS: list[float] = [*range(201), 0.5, 1.5, 2.5, 1_000_000]
"""0 to 200 (every count a page shows: seconds, reps, sets, exercises, minutes), halves, and a million (Spanish
'many')."""
WIDTH = 240
"""Characters of a line the file keeps whole."""
ABOUT = ("Written by tools/vectors.py from Python (handouts.dose.NEUTRAL, handouts/i18n/words.py, Babel's CLDR plural "
         "rules, handouts.model.dose's sentences): rewrite it with `.venv/bin/python -m tools.vectors`, never by hand. "
         "'plain' is the dose a key left out means. For each language: its browser words, the plural category of "
         "each count, and each dose of a grid with its sentence (dose_sentence) and what the paper prints beside the "
         "tick boxes (hold_sentence and rest_sentence). node runs assets/words.js, linkcodec.js and timer.js against "
         "it (tests/js/); pytest checks it is what Python writes today (tests/test_vectors.py).")


def doses() -> list[Dose]:
    """Every shape of dose the sentences tell apart: one rep or more, one set or more, no hold, 1 s, 5 s or a range,
    no rest, 1 s or 5 s, on each side or not."""
    return [
        dataclasses.replace(NEUTRAL, reps=reps, sets=sets, hold=hold, hold_max=top, rest=rest, sides=sides)
        for reps in (1, 2, 12) for sets in (1, 3) for hold, top in ((None, None), (1, None), (5, None), (15, 30))
        for rest in (0, 1, 5) for sides in (None, "each")
    ]


def language(lang: str) -> dict[str, Any]:
    """The vectors of one language."""
    sentences = []
    for dose in doses():
        paper = [s for s in (hold_sentence(dose, lang), rest_sentence(dose, lang)) if s]
        sentences.append({"dose": dataclasses.asdict(dose), "sentence": dose_sentence(dose, lang),
                          "paper": " ".join(paper)})
    return {"words": json.loads(browser_words(lang)),
            "plurals": [[n, plural_category(lang, n)] for n in COUNTS],  # type: ignore[arg-type]
            "doses": sentences}


def vectors() -> dict[str, Any]:
    """The whole file's content."""
    return {"about": ABOUT, "plain": dataclasses.asdict(NEUTRAL),
            "languages": {lang: language(lang) for lang in LANGUAGES}}


def text() -> str:
    """The file as it is written: each list's or object's entry on a line of its own unless it is short, so that a
    diff shows which word or sentence changed."""
    return _pretty(vectors(), "") + "\n"


def _pretty(value: Any, indent: str) -> str:
    flat = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if not isinstance(value, (dict, list)) or len(indent) + len(flat) <= WIDTH:
        return flat
    inner = indent + " "
    if isinstance(value, list):
        items = [inner + _pretty(item, inner) for item in value]
        return "[\n" + ",\n".join(items) + "\n" + indent + "]"
    items = [f"{inner}{json.dumps(key, ensure_ascii=False)}: {_pretty(value[key], inner)}" for key in sorted(value)]
    return "{\n" + ",\n".join(items) + "\n" + indent + "}"


def main(argv: list[str] | None = None) -> int:
    """Rewrite the file; print whether it changed."""
    before = PATH.read_text(encoding="utf-8") if PATH.exists() else ""
    after = text()
    PATH.write_text(after, encoding="utf-8")
    print(f"{PATH.relative_to(Path.cwd()) if PATH.is_relative_to(Path.cwd()) else PATH}: "
          + ("unchanged" if before == after else "written"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
