"""The links a patient follows check themselves (handouts/model/linkcodec.py): Python writes and reads what the shared
examples say (tests/vectors/links.json, which node runs against assets/linkcodec.js too: tests/js/), and refuses
every link one character away from a good one, and every cut of it. The pages' half is test_link_pages.py."""

from __future__ import annotations

import json

import pytest
import segno

from handouts.model.linkcodec import (
    check_code,
    dose_text,
    personal_fragment,
    read_dose,
    read_personal,
    read_timer,
    timer_fragment,
)
from handouts.model.schema import dose_limits
from handouts.model.urls import timer_url
from handouts.model.values import Dose
from handouts.render.qr import timer_qr

from .conftest import ROOT

VECTORS = json.loads((ROOT / "tests" / "vectors" / "links.json").read_text(encoding="utf-8"))
LIMITS = VECTORS["limits"]


def dose(values: dict) -> Dose:
    return Dose(**values)


def mutants(text: str, alphabet: str = VECTORS["alphabet"]) -> set[str]:
    """Every text one character away from `text` (each character of `alphabet` put in its place or before it, or it
    left out) and every cut of it, as tests/js/linkcodec.test.js makes them."""
    out = set()
    for i in range(len(text) + 1):
        for ch in alphabet:
            if i < len(text):
                out.add(text[:i] + ch + text[i + 1:])
            out.add(text[:i] + ch + text[i:])
        if i < len(text):
            out.add(text[:i] + text[i + 1:])
        out.add(text[:i])
    out.discard(text)
    return out


def timer_mutants(slug: str, fragment: str) -> list[tuple[str, str]]:
    """(slug, hash) of every one-character change of '<slug>/#<fragment>' that is still an exercise page's address
    with a fragment (any other is another page, which never runs this dose), sorted."""
    found = []
    for text in sorted(mutants(f"{slug}/#{fragment}")):
        page, sep, rest = text.partition("/#")
        if sep:
            found.append((page, "#" + rest))
    return found


def test_the_examples_limits_are_the_schemas():
    assert LIMITS == dose_limits()


def test_the_check_is_zlibs_crc32():
    for text, code in VECTORS["check"]:
        assert check_code(text) == code


def test_doses_and_links_are_written_as_the_examples_say_and_read_back():
    for entry in VECTORS["doses"]:
        assert dose_text(dose(entry["dose"])) == entry["text"]
        assert read_dose(entry["text"], LIMITS) == dose(entry["dose"])
    for entry in VECTORS["timer"]:
        assert timer_fragment(entry["slug"], dose(entry["dose"])) == entry["fragment"]
        assert read_timer("#" + entry["fragment"], entry["slug"]).dose == dose(entry["dose"])
    for entry in VECTORS["personal"]:
        exercises = [(slug, dose(values)) for slug, values in entry["exercises"]]
        assert personal_fragment(exercises, entry["name"]) == entry["fragment"]
        reading = read_personal("#" + entry["fragment"])
        assert (reading.status, list(reading.exercises), reading.name) == ("ok", exercises, entry["name"])


def test_each_link_is_read_as_the_examples_say():
    for entry in VECTORS["read"]:
        if entry["kind"] == "timer":
            reading = read_timer(entry["hash"], entry["slug"], LIMITS)
        else:
            reading = read_personal(entry["hash"], LIMITS)
        assert reading.status == entry["status"], entry["hash"]
        assert reading.dose == (dose(entry["dose"]) if "dose" in entry else None)
        assert list(reading.exercises) == [(s, dose(v)) for s, v in entry.get("exercises", [])]
        assert reading.name == entry.get("name") and reading.code == entry.get("code")


def test_every_one_character_change_and_cut_of_a_timer_link_is_refused():
    count = 0
    for entry in VECTORS["timer"]:
        for slug, hash in timer_mutants(entry["slug"], entry["fragment"]):
            reading = read_timer(hash, slug, LIMITS)
            count += 1
            if reading.status == "none":  # cut before its '?': the page's own address, which shows its own dose
                assert "timer".startswith(hash[1:]), hash
                continue
            assert reading.status == "damaged", f"{slug}/{hash}"
    assert count > 40_000


def test_every_one_character_change_and_cut_of_a_personal_link_is_refused():
    count = 0
    for entry in VECTORS["personal"]:
        for text in mutants(entry["fragment"]):
            count += 1
            assert read_personal("#" + text, LIMITS).status == ("none" if text == "" else "damaged"), text
    assert count > 40_000


def test_a_dose_cannot_move_to_another_exercise():
    fragment = timer_fragment("quad-sets", Dose(reps=10, sets=2, hold=8, rest=4, sides="each"))
    assert read_timer("#" + fragment, "quad-sets").status == "ok"
    assert read_timer("#" + fragment, "heel-slides").status == "damaged"


def test_a_hand_typed_address_with_one_wrong_digit_is_refused():
    """reps=10 typed as reps=100 (within bounds) ran before links carried a check; now it is refused."""
    url = timer_url("https://clinic.example/", "quad-sets", Dose(reps=10, sets=2, hold=8, rest=4, sides="each"))
    assert url.startswith("https://clinic.example/exercises/quad-sets/#timer?v=2&reps=10&sets=2&hold=8&rest=4&")
    typed = url.replace("reps=10", "reps=100")
    assert read_timer(typed[typed.index("#"):], "quad-sets").status == "damaged"
    assert read_timer(url[url.index("#"):], "quad-sets").status == "ok"


@pytest.mark.parametrize("name", ["Ada Lovelace", "José Ñúñez-O'Brien & 李 🙂", "a" * 200])
def test_a_name_travels_whole(name: str):
    fragment = personal_fragment([("open-books", Dose(reps=6))], name)
    assert read_personal("#" + fragment).name == name
    assert fragment.isascii() and " " not in fragment


def test_the_qr_codes_stay_small():
    """The longest link the schema allows, at a long address, fits a version 9 code (53 modules: 0.45 mm a module
    with its border, in the inch the PDFs give it); version 1 links needed version 8. Measured for the shipped
    programs in README "The timer link"."""
    longest = Dose(reps=100, sets=10, hold=599, hold_max=600, rest=600, sides="each", tempo=60)
    url = timer_url("https://physio.example-clinic.org/home-exercises/", "scapular-squeezes", longest)
    assert segno.make(url, error="m", micro=False).version <= 9
    qr = timer_qr("https://clinic.example/", "open-books", "Open books", Dose(reps=6, sides="each", tempo=4))
    assert qr is not None
    assert qr["url"] == "https://clinic.example/exercises/open-books/#timer?v=2&reps=6&sides=each&tempo=4&c=4ed2dcf8"

