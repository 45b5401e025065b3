"""The examples Python and the browser's scripts share (tests/vectors/; node runs the scripts against them, tests/js/):
the file of what Python says is what Python says today, each example of the timer's phases does exactly its dose, and
the scripts keep the dose's text and plain values in one place and choose a count's sentence by the catalog's rules."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from handouts.i18n.words import BROWSER
from handouts.model.dose import NEUTRAL
from handouts.model.schema import dose_limits
from handouts.model.values import Dose
from tools import vectors

from .conftest import ROOT

ASSETS = ROOT / "templates" / "assets"
PHASES = json.loads((ROOT / "tests" / "vectors" / "phases.json").read_text(encoding="utf-8"))["cases"]


def test_the_browser_examples_are_what_python_says_today():
    written = vectors.PATH.read_text(encoding="utf-8")
    assert written == vectors.text(), "run .venv/bin/python -m tools.vectors and commit tests/vectors/browser.json"
    assert json.loads(written)["plain"] == dataclasses.asdict(NEUTRAL)


def case_id(case: dict) -> str:
    return "&".join(f"{k}={v}" for k, v in {**case["dose"], **case["options"]}.items())


@pytest.mark.parametrize("case", PHASES, ids=case_id)
def test_each_example_of_the_timers_phases_does_exactly_its_dose(case):
    dose = Dose(**{**dataclasses.asdict(NEUTRAL), **case["dose"]})
    for key, (low, high) in dose_limits().items():
        assert getattr(dose, key) is None or low <= getattr(dose, key) <= high, key
    phases, options = case["phases"], case["options"]
    assert phases[0]["type"] == "ready" and phases[-1]["type"] == "done"
    if "ready" in options:
        assert phases[0]["seconds"] == options["ready"]
    sides = ["right", "left"] if dose.sides == "each" else [None]
    work = [p for p in phases if p["type"] in ("hold", "move")]
    assert [(p["set"], p["side"], p["rep"]) for p in work] == [
        (s, side, rep) for s in range(1, dose.sets + 1) for side in sides for rep in range(1, dose.reps + 1)
    ], "every rep of every set, on each side, in order"
    ranged = dose.hold_max is not None and options.get("hold") != "short"
    for p in work:
        if dose.hold is None:
            assert (p["type"], p["seconds"]) == ("move", dose.tempo)
        else:
            assert (p["type"], p["seconds"]) == ("hold", dose.hold_max if ranged else dose.hold)
            assert p.get("at") == (dose.hold if ranged else None)
    at = [phases.index(p) for p in work]
    for before, after in zip(at, at[1:], strict=False):
        between = phases[before + 1:after]
        a, b = phases[before], phases[after]
        if a["set"] != b["set"]:  # a break between sets, at least the dose's rest
            assert [p["type"] for p in between] == ["rest"] and between[0]["seconds"] >= dose.rest
        elif a["side"] != b["side"]:
            assert [p["type"] for p in between] == ["switch"]
        else:  # the dose's rest between reps
            assert [(p["type"], p["seconds"]) for p in between] == ([("rest", dose.rest)] if dose.rest else [])
    assert phases[1:at[0]] == [] and phases[at[-1] + 1:-1] == []


def code(path) -> str:
    """A script without its comments."""
    return re.sub(r"/\*.*?\*/|(?<![:\"'\\])//[^\n]*", "", path.read_text(encoding="utf-8"), flags=re.S)


DOSE_TEXT = re.compile(r"""["'](?:reps|sets|hold|rest|sides|tempo)=|#?timer\?|\b(?:(?:reps|sets|tempo)\s*:\s*\d|"""
                       r"""(?:hold|hold_max|sides)\s*:\s*null|rest\s*:\s*0\b)""")
"""A dose's text written or read ('"reps="', '"#timer?"'), or a plain value restated ('tempo: 3', 'hold_max: null';
not the timer's sounds, whose keys are its phases: 'rest: 550')."""


def test_only_the_codec_writes_or_reads_a_doses_text_or_knows_its_plain_values():
    scripts = sorted([*ASSETS.glob("*.js"), ROOT / "templates" / "sw.js"])
    assert ASSETS / "linkcodec.js" in scripts and len(scripts) > 10
    found = {path.name: DOSE_TEXT.findall(code(path)) for path in scripts}
    assert {name for name, hits in found.items() if hits} == {"linkcodec.js"}, found


def test_no_script_chooses_a_counts_sentence_by_its_own_rule():
    """A sentence with a count comes from the catalog's plural rules (assets/words.js, pluralKey), never n === 1."""
    for path in ASSETS.glob("*.js"):
        text = code(path)
        assert not re.search(r"""[=!]==?\s*1\s*\?\s*["']""", text), path.name  # n === 1 ? "…One" : "…"
        assert not re.search(r"""["'][a-z]+\.\w*One["']""", text), path.name  # a singular's key named outright
    singular = [key for key in BROWSER if key.endswith("One")]
    assert singular and all(key.removesuffix("One") in BROWSER for key in singular), "each 'One' has its general key"
