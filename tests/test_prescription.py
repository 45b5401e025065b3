"""The prescription arrives intact: a program's doses reach the patient's sheet, its QR codes and the timer.

A program that changes doses is built into a site and PDFs; a sheet is made from it with a patient's change on
top. The QR codes are read back from the printed pages with zbarimg, as a phone would, and opened in Chromium.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from contextlib import chdir
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from handouts.cli import main
from handouts.content.load import load_library
from handouts.i18n.words import BROWSER
from handouts.model.dose import NEUTRAL, dose_sentence, prescribed
from handouts.model.linkcodec import dose_text, timer_fragment
from handouts.model.schema import DoseOverrideSchema, dose_limits
from handouts.model.values import Dose

from .conftest import build_site, copy_project

PROGRAM = """---
title: Back on track
summary: Three exercises for a stiff upper back.
frequency: Once a day, in the morning
exercises:
  - exercise: open-books
    dose: {reps: 6}
  - exercise: childs-pose
    dose: {hold: 20-40}
  - shoulder-rolls
---

Do these slowly after a warm shower.
"""
# What the program prescribes, then the patient's --dose childs-pose:reps=5 on top, and its timer link.
SHEET_DOSES = {
    "open-books": ("Repeat 6 times on each side.", "#timer?v=2&reps=6&sides=each&tempo=4&c=4ed2dcf8"),
    "childs-pose": ("Hold for 20 to 40 seconds, then relax. Repeat 5 times.",
                    "#timer?v=2&reps=5&hold=20-40&rest=5&c=025dc6f2"),
    "shoulder-rolls": ("Repeat 10 times.", "#timer?v=2&reps=10&c=a6c2421d"),
}


def with_program(project: Path, site_url: str) -> Path:
    (project / "content" / "programs" / "back-on-track.md").write_text(PROGRAM)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_name:", f"site_url: {site_url}\nsite_name:", 1))
    return project


def pages_text(pdf: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]


def qr_codes(pdf: Path, folder: Path) -> list[str]:
    """Every QR code on every page, decoded from the rendered page as a phone's camera would."""
    if not shutil.which("zbarimg"):
        pytest.fail("zbarimg not found: run `make test` (it installs zbar-tools)")
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(folder / "page")], check=True)
    found = []
    for image in sorted(folder.glob("page*.png")):
        out = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True)
        found += out.stdout.split()
    return found


# -- the one function ---------------------------------------------------------------------------------------


def test_one_function_layers_a_programs_then_a_patients_changes():
    base = prescribed(NEUTRAL, DoseOverrideSchema(reps=10))
    assert base == Dose(reps=10)
    with_hold = prescribed(base, DoseOverrideSchema(hold="15-30"))
    assert (with_hold.hold, with_hold.hold_max, with_hold.rest) == (15, 30, 5)  # a new hold brings a rest
    patient = prescribed(with_hold, DoseOverrideSchema(reps=4, rest=0))
    assert (patient.reps, patient.hold, patient.hold_max, patient.rest) == (4, 15, 30, 0)
    assert prescribed(patient) == patient and prescribed(patient, None) == patient


@pytest.mark.parametrize(
    ("dose", "text"),
    [
        (Dose(reps=10), "reps=10"),
        (Dose(reps=3, hold=15, hold_max=30, rest=5), "reps=3&hold=15-30&rest=5"),
        (Dose(reps=8, sets=2, hold=5, rest=0, sides="each", tempo=6), "reps=8&sets=2&hold=5&sides=each&tempo=6"),
    ],
)
def test_the_link_carries_every_key_that_is_not_plain(dose: Dose, text: str):
    assert dose_text(dose) == text
    assert timer_fragment("open-books", dose).startswith(f"timer?v=2&{text}&c=")


# -- the patient's sheet --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sheet(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("sheet")
    project = with_program(copy_project(folder / "project"), "https://clinic.example/hep/")
    with chdir(project):
        code = main(["-q", "handout", "back-on-track", "-o", "sheet.pdf", "--dose", "childs-pose:reps=5"])
    assert code == 0
    return project / "sheet.pdf", folder


def test_a_sheet_from_a_program_keeps_its_title_intro_frequency_and_doses(sheet):
    pdf, _ = sheet
    text = " ".join(pages_text(pdf))
    assert "Back on track" in text and "Three exercises for a stiff upper back." in text
    assert "Do these slowly after a warm shower." in text and "Once a day, in the morning" in text
    assert "Your home exercises" not in text
    for sentence, _ in SHEET_DOSES.values():
        assert text.count(sentence) == 1, sentence
    assert "Repeat 10 times on each side." not in text  # open books' own dose, changed by the program
    assert "Hold for 15 to 30 seconds" not in text  # child's pose's own hold, changed by the program


def test_each_qr_code_on_the_sheet_opens_the_dose_printed_beside_it(sheet):
    pdf, folder = sheet
    expected = {f"https://clinic.example/hep/exercises/{slug}/{link}" for slug, (_, link) in SHEET_DOSES.items()}
    assert set(qr_codes(pdf, folder)) == expected
    printed = "".join("".join(pages_text(pdf)).split())
    assert all(url in printed for url in expected)  # the address under each code, for typing it in


# -- in the browser -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_with_pdfs(tmp_path_factory):
    """The program built with PDFs, its site_url the address of a local server that serves it."""
    from .conftest import Server

    folder = tmp_path_factory.mktemp("qrsite")
    server = Server(folder / "project" / "site")
    project = with_program(copy_project(folder / "project"), server.url)
    build_site(project, pdfs=True)
    yield project / "site", server, folder
    server.close()


def test_the_program_pdfs_qr_code_runs_the_printed_dose_in_the_browser(site_with_pdfs, browser):
    site, server, folder = site_with_pdfs
    scans = qr_codes(site / "pdf" / "programs" / "back-on-track.pdf", folder)
    url = next(u for u in scans if "/exercises/open-books/" in u)
    assert url == f"{server.url}exercises/open-books/#timer?v=2&reps=6&sides=each&tempo=4&c=4ed2dcf8"
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.clock.install()
    page.goto(url)
    timer = page.locator("#timer")
    timer.get_by_role("button", name="Start").wait_for()
    assert page.locator("#dose .handout-dose__sentence").inner_text() == "Repeat 6 times on each side."
    assert "dose from your sheet" in page.locator("#dose").inner_text()
    phases = page.evaluate("HandoutTimer.instances()[0].list.filter(p => p.type === 'move').length")
    assert phases == 12  # 6 on the right, 6 on the left
    timer.get_by_role("button", name="Start").click()
    page.clock.run_for(5_000 + 4_000 * 6 + 10_000 + 1_000)  # get ready, 6 moves, switch sides, into the next
    assert "Rep 1 of 6" in timer.inner_text() and "Left side" in timer.inner_text()
    # The usual dose is one link away.
    page.get_by_role("link", name="Show the usual dose").click()
    expect(page.locator("#dose")).to_contain_text("Repeat 10 times on each side.")
    assert page.evaluate("HandoutTimer.instances()[0].list.filter(p => p.type === 'move').length") == 20
    assert errors == []
    page.close()


DAMAGED = BROWSER["dose.damaged"]
BAD_LINKS = [
    "#timer?reps=0", "#timer?reps=101", "#timer?reps=6&reps=7", "#timer?reps=6&sets=11", "#timer?reps=6&hold=30-15",
    "#timer?reps=6&hold=20-20", "#timer?reps=6&hold=601", "#timer?reps=6&rest=-1", "#timer?reps=6&sides=both",
    "#timer?reps=six", "#timer?reps=6&colour=red", "#timer?hold=5", "#timer?reps=6&tempo=0", "#timer?reps=1e2",
    "#timer?reps=6&hold=5&", "#timer?reps=%36", "#timer?reps=6;alert(1)", "#timer?",
]


def test_a_bad_link_is_refused_runs_nothing_and_leaves_the_usual_dose_one_tap_away(site_with_pdfs, browser):
    site, server, _ = site_with_pdfs
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for fragment in BAD_LINKS:
        page.goto(f"{server.url}exercises/open-books/{fragment}")
        expect(page.locator("#dose .handout-dose__from-sheet")).to_have_text(
            f"{DAMAGED} Show the usual dose")
        assert page.locator("#dose .handout-dose__sentence").is_hidden(), fragment
        assert page.locator("#timer").is_hidden(), fragment
        assert page.evaluate("HandoutTimer.instances().every(t => t.status === 'idle')"), fragment
    page.get_by_role("link", name="Show the usual dose").click()
    page.locator("#timer").get_by_role("button", name="Start").wait_for()
    assert page.locator("#dose .handout-dose__sentence").inner_text() == "Repeat 10 times on each side."
    assert page.locator(".handout-dose__from-sheet").count() == 0
    assert page.evaluate("HandoutTimer.instances()[0].list.filter(p => p.type === 'move').length") == 20
    assert errors == []
    page.close()


def test_the_browser_checks_links_against_the_schemas_own_bounds_and_words_doses_as_python_does(
    site_with_pdfs, browser
):
    site, server, _ = site_with_pdfs
    page = browser.new_page()
    page.goto(f"{server.url}exercises/open-books/")
    page.locator("#timer").get_by_role("button", name="Start").wait_for()
    assert json.loads(page.locator("#timer").get_attribute("data-limits")) == dose_limits()
    doses = [
        Dose(reps=reps, sets=sets, hold=hold, hold_max=top, rest=rest, sides=sides, tempo=tempo)
        for reps in (1, 2, 100) for sets in (1, 3) for hold, top in ((None, None), (1, None), (5, None), (15, 30))
        for rest in (0, 5) for sides in (None, "each") for tempo in (3, 60)
    ]
    read = page.evaluate(
        """(links) => links.map(l => {
            const limits = JSON.parse(document.querySelector('#timer').dataset.limits);
            const d = HandoutLinkCodec.readTimer('#' + l, 'open-books', limits).dose;
            return [d, HandoutTimer.doseSentence(d)];
        })""",
        [timer_fragment("open-books", d) for d in doses],
    )
    for dose, (parsed, sentence) in zip(doses, read, strict=True):
        assert Dose(**parsed) == dose
        assert sentence == dose_sentence(dose)
    page.close()


def test_the_site_prints_the_programs_doses_and_the_check_passes(site_with_pdfs):
    site, _, _ = site_with_pdfs
    html = (site / "programs" / "back-on-track" / "index.html").read_text()
    sentences = re.findall(r'class="handout-dose__sentence">([^<]*)<', html)
    assert sentences == ["Repeat 6 times on each side.", "Hold for 20 to 40 seconds, then relax. Repeat 3 times.",
                         "Repeat 10 times."]
    library = load_library(site.parent / "mkdocs.yml", site.parent)
    assert [dose_sentence(i.dose) for i in library.programs["back-on-track"].items] == sentences
