"""`python build.py handout`: one patient's sheet, read back as a patient and a privacy officer would.

`main()` runs in this process, except for the privacy test: it gives a real process a TMPDIR and HOME of its own.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from .conftest import copy_project, run_build_py, run_main

NAME = "Zebedee Quillfeather"
DISCLAIMER_START = "This handout is for information only."


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return run_main(project, "handout", *args)


def pages_text(pdf: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]


@pytest.fixture(scope="module")
def sheet(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    project = copy_project(tmp_path_factory.mktemp("sheet") / "project")
    result = run(
        project, "open-books", "upper-back-pain", "-o", "sheet.pdf", "--patient", NAME, "--clinician", "Sam Lee, PT",
        "--notes", "Walk first, then do these.", "--dose", "open-books:reps=8,sets=2", "--date", "2026-11-24",
    )
    return project / "sheet.pdf", result


def test_sheet_has_patient_notes_doses_and_disclaimer_on_every_page(sheet):
    pdf, result = sheet
    assert result.returncode == 0, result.stderr
    pages = pages_text(pdf)
    assert f"For: {NAME}" in pages[0] and "Date: 24 November 2026" in pages[0]
    assert "From: Sam Lee, PT" in pages[0] and "Notes: Walk first, then do these." in pages[0]
    for number, text in enumerate(pages, 1):
        assert DISCLAIMER_START in text, number
        assert f"Page {number} of {len(pages)}" in text
    text = " ".join(pages)
    # Order kept: open books first (named first), then the program's others; open books only once.
    titles = ["Open books", "Shoulder rolls", "Child's pose", "Scapular squeezes", "Bent-over rows with dumbbells"]
    positions = [text.index(t) for t in titles]
    assert positions == sorted(positions)
    assert text.count("Repeat 8 times on each side. Do 2 sets.") == 1
    assert "Repeat 10 times on each side." not in text
    assert "Hold for 15 to 30 seconds, then relax. Repeat 3 times." in text
    assert NAME not in result.stderr + result.stdout


def test_names_and_notes_are_printed_literally(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    attack = '<img src="file:///etc/passwd"> **bold** <b>x</b>'
    result = run(project, "childs-pose", "-o", "s.pdf", "--patient", attack, "--notes", "[link](http://127.0.0.1/)")
    assert result.returncode == 0, result.stderr
    reader = PdfReader(project / "s.pdf")
    text = " ".join(reader.pages[0].extract_text().split())
    assert attack in text and "[link](http://127.0.0.1/)" in text
    assert "root:x:0:0" not in text
    assert not reader.attachments


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["child-pose"], "no exercise or program named 'child-pose' (did you mean 'childs-pose'?)"),
        (["childs-pose", "--dose", "childs-pose"], "write it as SLUG:key=value"),
        (["childs-pose", "--dose", "childs-pose:reps=0"], "'reps' must be at least 1"),
        (["childs-pose", "--dose", "childs-pose:reps=ten"], "'reps' must be a whole number"),
        (["childs-pose", "--dose", "childs-pose:hold=30-15"], "range 30-15 must go from the shorter time"),
        (["childs-pose", "--dose", "childs-pose:rep=3"], "unknown key 'rep' (did you mean 'reps'?)"),
        (["childs-pose", "--dose", "childs-pose:sides=both"], "'sides' must be 'each'"),
        (["childs-pose", "--dose", "open-books:reps=3"], "'open-books' is not on this sheet"),
        (["childs-pose", "--date", "2026-02-30"], "must be a real date written YYYY-MM-DD"),
        (["childs-pose", "--date", "24/11/2026"], "must be a real date written YYYY-MM-DD"),
    ],
)
def test_bad_input_is_named_and_nothing_is_written(tmp_path: Path, args: list[str], message: str):
    project = copy_project(tmp_path / "project")
    result = run(project, *args, "-o", "s.pdf", "--patient", NAME)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr and NAME not in result.stderr
    assert not (project / "s.pdf").exists()


def test_output_folder_must_exist_and_file_is_kept_without_force(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    result = run(project, "childs-pose", "-o", "missing/s.pdf")
    assert result.returncode == 1 and "the folder missing does not exist" in result.stderr
    (project / "s.pdf").write_bytes(b"earlier sheet")
    result = run(project, "childs-pose", "-o", "s.pdf")
    assert result.returncode == 1 and "already exists; add --force" in result.stderr
    assert (project / "s.pdf").read_bytes() == b"earlier sheet"
    assert run(project, "childs-pose", "-o", "s.pdf", "--force").returncode == 0
    assert (project / "s.pdf").read_bytes().startswith(b"%PDF")
    assert run(project, "childs-pose", "-o", "s.txt").returncode == 1


def word_height(pdf: Path, word: str) -> float:
    """The height of a word on page 1 (pdftotext's bounding boxes): it grows with the font size."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True)
    box = re.search(rf'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">{word}</word>', out.stdout)
    return float(box[2]) - float(box[1])


def test_paper_and_large_print(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    assert run(project, "childs-pose", "-o", "letter.pdf").returncode == 0
    assert run(project, "childs-pose", "-o", "a4.pdf", "--paper", "a4").returncode == 0
    assert run(project, "childs-pose", "-o", "large.pdf", "--large").returncode == 0
    letter, a4 = (PdfReader(project / f).pages[0].mediabox for f in ("letter.pdf", "a4.pdf"))
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)
    ratio = word_height(project / "large.pdf", "Kneel") / word_height(project / "letter.pdf", "Kneel")
    assert ratio == pytest.approx(18 / 14, rel=0.05)


def test_html_sheet_is_self_contained_and_prints_from_chromium(tmp_path: Path, browser):
    project = copy_project(tmp_path / "project")
    result = run(project, "upper-back-pain", "-o", "sheet.html", "--patient", NAME)
    assert result.returncode == 0, result.stderr
    html = (project / "sheet.html").read_text()
    assert not re.search(r"""(src|href)=["'](file:|https?:|/)""", html.replace('href="tel:', "").replace(
        'href="mailto:', ""))
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((project / "sheet.html").as_uri())
    page.wait_for_load_state("networkidle")
    assert [u for u in requests if not u.startswith(("data:", (project / "sheet.html").as_uri()))] == []
    assert page.evaluate("document.fonts.check('16px \"Atkinson Hyperlegible\"')")
    (tmp_path / "printed.pdf").write_bytes(page.pdf(format="Letter", display_header_footer=False))
    context.close()
    pages = pages_text(tmp_path / "printed.pdf")
    assert NAME in pages[0]
    for number, text in enumerate(pages, 1):
        assert DISCLAIMER_START in text, number
        assert f"Page {number} of {len(pages)}" in text, number


def test_patient_name_goes_nowhere_but_the_output(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    temp, home = tmp_path / "tmp", tmp_path / "home"
    temp.mkdir()
    home.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    for target in ("sheet.pdf", "sheet.html"):
        result = run_build_py(project, "handout", "upper-back-pain", "-o", str(out / target), "--patient", NAME,
                              "--notes", NAME,
                              env={"TMPDIR": str(temp), "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")})
        assert result.returncode == 0, result.stderr
        assert NAME not in result.stdout + result.stderr
    assert NAME in (out / "sheet.html").read_text()
    needles = [NAME.encode(), NAME.encode("utf-16-be"), NAME.encode("utf-16-le")]
    for folder in (project, temp, home):
        for path in folder.rglob("*"):
            if path.is_file() and not path.is_symlink():
                data = path.read_bytes()
                assert not any(n in data for n in needles), path
    assert not (project / "site").exists() and list(temp.iterdir()) == []
