"""The sheet builder (/sheet/) and the personal program page (/my-program/), in a real Chromium.

A clinician starts from a program, changes doses, types a name and prints (page.pdf, read back page by page); the
personal link opens in a fresh browser and its program runs with those doses on Playwright's clock; damaged links
are refused with a message and nothing else; no request leaves the site. The PDF sheet of `build.py handout` for the
same input shows the same exercises with the same dose sentences.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import subprocess
from contextlib import chdir
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import expect

from bench.synthetic import write_content
from handouts.cli import main
from handouts.content.load import load_library
from handouts.i18n.words import page_words
from handouts.model.dose import dose_sentence, hold_sentence, rest_sentence
from handouts.model.linkcodec import Reading, dose_text, read_personal
from handouts.model.schema import dose_limits
from handouts.model.values import Dose
from handouts.patient.builder import exercise_index, index_json
from handouts.site.offline import precached

from .conftest import ROOT, axe_violations, build_site, copy_project
from .test_player import SPY
from .test_prescription import PROGRAM
from .test_timer import watch

ASSETS = ROOT / "templates" / "assets"
NAME = "Ada <b>Lovelace</b> & O'Brien"
DISCLAIMER_END = "please contact your healthcare provider."
# Back on track, started from its program; then child's pose at 5 repeats of 20 to 40 seconds, and open books moved
# to the end: the order and the dose sentences printed, and run by the personal link's player.
EXPECTED = [
    ("Child's pose", "Hold for 20 to 40 seconds, then relax. Repeat 5 times."),
    ("Shoulder rolls", "Repeat 10 times."),
    ("Open books", "Repeat 6 times on each side."),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("sheet") / "project")
    (project / "content" / "programs" / "back-on-track.md").write_text(PROGRAM)
    return build_site(project)


@pytest.fixture
def open_page(browser, serve, site):
    """open_page(path, **context options) -> (page, problems); requests that would leave the site are refused."""
    contexts = []
    server = serve(site)

    def start(path: str = "sheet/", clock: bool = False, **options):
        context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
        contexts.append(context)
        page = context.new_page()
        problems: list[str] = []
        watch(context, page, problems)
        page.add_init_script(SPY + "window.__printed = 0; window.print = () => { window.__printed++; };")
        if clock:
            page.clock.install(time=0)
        page.goto(path if path.startswith("http") else server.url + path)
        if clock:
            page.clock.pause_at(1000)
        return page, problems

    yield start
    for context in contexts:
        context.close()


def group(page, title: str):
    return page.get_by_role("group", name=title, exact=True)


def make_sheet(page) -> None:
    """Start from the program, change child's pose, move open books to the end, type the patient's details."""
    page.get_by_label("Start from a program", exact=True).select_option(label="Back on track")
    pose = group(page, "Child's pose")
    pose.get_by_label("Reps", exact=True).fill("5")
    pose.get_by_label("Hold (seconds)", exact=True).fill("20")
    assert pose.get_by_label("Up to (seconds)", exact=True).input_value() == "40"
    books = group(page, "Open books")
    books.get_by_role("button", name="Move down", exact=True).focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # the focus stays on the button, which moved with its exercise
    page.get_by_label("Patient's name", exact=True).fill(NAME)
    page.get_by_label("Clinician", exact=True).fill("Sam Lee, PT")
    page.get_by_label("Notes", exact=True).fill("Do these after your walk.")
    page.get_by_label("Date", exact=True).fill("2026-11-24")


def pdf_pages(data: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(data)).pages]


def printed(page, **options) -> bytes:
    """Press Print, wait for the sheet to be ready (window.print, stubbed, is called), and print it to PDF."""
    before = page.evaluate("window.__printed")
    page.get_by_role("button", name="Print", exact=True).click()
    page.wait_for_function("n => window.__printed > n", arg=before)
    return page.pdf(prefer_css_page_size=True, **options)


def link(page) -> str:
    anchor = page.get_by_role("link", name="Personal link", exact=True)
    page.wait_for_function("() => document.querySelector('.sheet-link__url').href.includes('#p=')")
    return anchor.get_attribute("href")


def decoded(url: str) -> Reading:
    """The personal link the page wrote, read by Python (handouts.model.linkcodec): the same specification."""
    return read_personal(url[url.index("#"):])


# -- the page ------------------------------------------------------------------------------------------------------


def test_pick_search_filter_and_doses_follow_the_schema(open_page):
    page, problems = open_page()
    page.get_by_label("Find an exercise", exact=True).fill("dumbbells")
    assert page.locator(".sheet-exercises label").all_inner_texts() == ["Bent-over rows with dumbbells"]
    page.get_by_label("Find an exercise", exact=True).fill("")
    page.get_by_label("Body area", exact=True).select_option(label="Upper back")
    page.get_by_label("Open books", exact=True).check()
    books = group(page, "Open books")
    assert books.locator(".sheet-item__sentence").inner_text() == "Repeat 10 times on each side."
    assert books.get_by_label("Each side", exact=True).is_checked()
    limits = dose_limits()
    for label, key in (("Reps", "reps"), ("Sets", "sets"), ("Hold (seconds)", "hold"), ("Rest (seconds)", "rest")):
        field = books.get_by_label(label, exact=True)
        assert [field.get_attribute("min"), field.get_attribute("max")] == [str(n) for n in limits[key]], label
    books.get_by_label("Reps", exact=True).fill("101")
    assert books.get_by_label("Reps", exact=True).get_attribute("aria-invalid") == "true"
    assert books.get_by_role("alert").inner_text() == "Reps must be a whole number from 1 to 100."
    page.get_by_role("button", name="Print", exact=True).click()
    assert page.locator(".sheet-status").inner_text() == "Fix the doses marked above before you print."
    assert page.evaluate("window.__printed") == 0
    books.get_by_label("Reps", exact=True).fill("8")
    books.get_by_label("Each side", exact=True).uncheck()
    books.get_by_label("Sets", exact=True).fill("2")
    assert books.locator(".sheet-item__sentence").inner_text() == "Repeat 8 times. Do 2 sets."
    page.get_by_label("Open books", exact=True).uncheck()
    assert page.locator(".sheet-item").count() == 0
    assert problems == []


@pytest.mark.parametrize("lang", ["en", "es"])
def test_counts_are_said_by_the_languages_plural_rule(open_page, lang):
    """'1 exercise found.', '2 exercises on the sheet.': the catalog's sentence for the count's CLDR category."""
    words = page_words(lang)
    page, problems = open_page("sheet/" if lang == "en" else f"{lang}/sheet/")
    page.locator(".sheet-exercises input").first.wait_for()
    found, count = page.locator(".sheet-found"), page.locator(".sheet-count")
    titles = page.locator(".sheet-exercises label")
    assert found.inner_text() == words["sheet.found"].format(n=titles.count()) and titles.count() > 2
    assert count.inner_text() == words["sheet.countNone"]
    page.locator(".sheet-exercises input").nth(0).check()
    assert count.inner_text() == words["sheet.countOne"]
    page.locator(".sheet-exercises input").nth(1).check()
    assert count.inner_text() == words["sheet.count"].format(n=2)
    page.locator("#sheet-search").fill(max(titles.all_inner_texts(), key=len))
    assert (titles.count(), found.inner_text()) == (1, words["sheet.foundOne"])
    page.locator("#sheet-search").fill("zzqzz")
    assert (titles.count(), found.inner_text()) == (0, words["sheet.foundNone"])
    assert problems == []


def test_the_sheet_prints_with_the_disclaimer_on_every_page_and_the_name_as_text(open_page, site, tmp_path):
    page, problems = open_page()
    make_sheet(page)
    titles = page.locator(".sheet-item legend").all_inner_texts()
    assert titles == [t for t, _ in EXPECTED]
    assert [s for s in page.locator(".sheet-item__sentence").all_inner_texts()] == [s for _, s in EXPECTED]
    data = printed(page)
    pages = pdf_pages(data)
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        assert text.count("Important: This handout is for information only.") == 1, number
        assert DISCLAIMER_END in text and f"Page {number} of {len(pages)}" in text, number
    text = " ".join(pages)
    assert f"For: {NAME}" in text and "From: Sam Lee, PT" in text and "Date: 24 November 2026" in text
    assert "Notes: Do these after your walk." in text
    assert re.findall(r"(Child's pose|Shoulder rolls|Open books) [A-Z]", text)[:3] == [t for t, _ in EXPECTED]
    for _, sentence in EXPECTED:
        assert text.count(sentence) == 1, sentence
    assert "Hold each repeat for 20 to 40 seconds. Rest 5 seconds between repeats." in text
    assert "Your week" in text and "Pain, 0 to 10" in text
    assert "Make a sheet" not in text and "Move up" not in text and "Personal link" not in text
    assert page.evaluate("document.querySelectorAll('.sheet-print b').length") == 0, "the name is text, never HTML"
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert [round(float(x)) for x in reader.pages[0].mediabox[2:]] == [612, 792], "letter"
    assert_below_the_text(data)
    (tmp_path / "sheet.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(tmp_path / "sheet.pdf"), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page*.png"))) == len(pages)
    page.get_by_label("Paper", exact=True).select_option("a4")
    page.get_by_label("Large print", exact=True).check()
    large = printed(page)
    first = pypdf.PdfReader(io.BytesIO(large)).pages[0]
    assert [round(float(x)) for x in first.mediabox[2:]] == [595, 842], "A4"
    assert all("Important:" in t for t in pdf_pages(large))
    assert problems == []


DISCLAIMER = ("Important: This handout is for information only. The publisher makes no guarantee that it is accurate, "
              "complete, or suitable for making medical decisions. For all health-related issues, please contact your "
              "healthcare provider.")


def assert_below_the_text(data: bytes, disclaimer: str = DISCLAIMER) -> None:
    """On each page, the disclaimer's lines lie below every other line of text: nothing overlaps."""
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages, 1):
        lines: list[tuple[float, str]] = []

        def visit(text, cm, tm, font, size, lines=lines):
            if text.strip():
                lines.append((tm[5] * cm[3] + cm[5], text))

        page.extract_text(visitor_text=visit)
        foot = [y for y, t in lines if t.strip() in disclaimer or re.fullmatch(r"Page \d+ of \d+", t.strip())]
        body = [y for y, t in lines if y not in foot]
        assert foot and body, number
        assert max(foot) < min(body), f"page {number}: the disclaimer runs into the text"


def test_the_browser_sheet_and_build_py_handout_print_the_same_exercises_and_doses(open_page, site):
    project = site.parent
    with chdir(project):
        assert main(["-q", "handout", "back-on-track", "-o", "cli.pdf", "--dose", "childs-pose:reps=5,hold=20-40",
                     "--patient", NAME]) == 0
    cli = " ".join(pdf_pages((project / "cli.pdf").read_bytes()))
    page, problems = open_page()
    page.get_by_label("Start from a program", exact=True).select_option(label="Back on track")
    group(page, "Child's pose").get_by_label("Reps", exact=True).fill("5")
    group(page, "Child's pose").get_by_label("Hold (seconds)", exact=True).fill("20")
    browser = " ".join(pdf_pages(printed(page)))
    library = load_library(project / "mkdocs.yml", project)
    summaries = [item.exercise.summary for item in library.programs["back-on-track"].items]
    for text in (browser, cli):
        at = [text.index(summary) for summary in summaries]
        assert at == sorted(at), "the program's order"
    for item in library.programs["back-on-track"].items:
        dose = item.dose if item.exercise.slug != "childs-pose" else Dose(reps=5, hold=20, hold_max=40, rest=5)
        for words in (dose_sentence(dose), hold_sentence(dose), rest_sentence(dose)):
            if words:
                assert words in browser and words in cli, words
    # The same heading: the program's title, summary, introduction and frequency, in the same place.
    heading = ["Back on track", "Three exercises for a stiff upper back.", "Do these slowly after a warm shower.",
               "How often: Once a day, in the morning"]
    for text in (browser, cli):
        at = [text.index(words) for words in heading]
        assert at == sorted(at) and text.index("Date: ") < at[0] < text.index(summaries[0]), text[:400]
        assert "Your home exercises" not in text
    # With an exercise of the program taken off, it is the clinician's own list: a plain title, as for exercises
    # named one by one (`build.py handout open-books childs-pose`).
    page.get_by_label("Shoulder rolls", exact=True).uncheck()
    plain = " ".join(pdf_pages(printed(page)))
    with chdir(project):
        assert main(["-q", "handout", "open-books", "childs-pose", "-o", "plain.pdf", "--force"]) == 0
    for text in (plain, " ".join(pdf_pages((project / "plain.pdf").read_bytes()))):
        assert "Your home exercises" in text and "Back on track" not in text and "How often" not in text
    # Added exercises keep the program's heading (`build.py handout back-on-track bridges`).
    page.get_by_label("Shoulder rolls", exact=True).check()
    page.get_by_label("Bridges", exact=True).check()
    added = " ".join(pdf_pages(printed(page)))
    assert all(words in added for words in heading) and "Your home exercises" not in added
    assert problems == []


def test_the_personal_rows_are_written_once_for_both_sheets():
    """`build.py handout` and /sheet/ print For / Date / From / Notes from one partial; values are text only."""
    from datetime import date

    from handouts.patient.sheet import Sheet, patient_header

    header = str(patient_header(Sheet(items=(), patient=NAME, notes="Twice\na day", day=date(2026, 11, 24)),
                                [ROOT / "templates"]))
    assert "<strong>For:</strong> <span>Ada &lt;b&gt;Lovelace&lt;/b&gt; &amp; O&#39;Brien</span>" in header
    assert "<strong>Date:</strong> <span>24 November 2026</span>" in header
    assert re.search(r'data-print="clinician" hidden>', header), "no clinician: the row is hidden"
    page = (ROOT / "templates" / "sheet.html").read_text()
    assert 'include "partials/sheet-personal.html"' in page and "For:" not in page
    assert "For:" not in (ROOT / "handouts" / "patient" / "sheet.py").read_text()


def test_keyboard_drag_clear_and_drafts_keep_no_name(open_page):
    page, problems = open_page()
    for title in ("Shoulder rolls", "Open books", "Child's pose"):
        page.get_by_label(title, exact=True).check()
    group(page, "Child's pose").get_by_role("button", name="Move up", exact=True).click()
    assert page.locator(".sheet-item legend").all_inner_texts() == ["Shoulder rolls", "Child's pose", "Open books"]
    assert page.evaluate("document.activeElement.textContent") == "Move up"
    assert "Child's pose is number 2 now." in page.locator(".sheet-count").inner_text()
    group(page, "Shoulder rolls").evaluate("e => scrollBy(0, e.getBoundingClientRect().top - 100)")  # both in view
    group(page, "Child's pose").locator("legend").drag_to(group(page, "Shoulder rolls").locator("legend"))
    assert page.locator(".sheet-item legend").all_inner_texts() == ["Child's pose", "Shoulder rolls", "Open books"]
    group(page, "Open books").get_by_role("button", name="Move up", exact=True).click()
    group(page, "Open books").get_by_role("button", name="Move up", exact=True).click()
    assert page.locator(".sheet-item legend").all_inner_texts()[0] == "Open books"
    group(page, "Open books").get_by_label("Reps", exact=True).fill("7")
    page.get_by_label("Patient's name", exact=True).fill(NAME)
    page.get_by_label("Notes", exact=True).fill("Walk first.")
    page.get_by_role("button", name="Save draft", exact=True).click()
    kept = page.evaluate("localStorage.getItem('handout-sheet-draft')")
    assert "Ada" not in kept and "Lovelace" not in kept
    assert "Open books" not in kept and json.loads(kept)["items"][0][0] == "open-books"
    page.reload()
    expect(page.locator(".sheet-item legend").first).to_have_text("Open books")  # once the index has loaded
    assert group(page, "Open books").get_by_label("Reps", exact=True).input_value() == "7"
    assert page.get_by_label("Patient's name", exact=True).input_value() == ""
    assert page.get_by_label("Notes", exact=True).input_value() == "Walk first."
    page.locator(".handout-sheet").get_by_role("button", name="Clear", exact=True).click()  # not search's
    assert page.locator(".sheet-item").count() == 0 and page.get_by_label("Notes", exact=True).input_value() == ""
    assert page.evaluate("localStorage.length") == 0
    assert page.get_by_label("Open books", exact=True).is_checked() is False
    assert problems == []


# -- the personal link ---------------------------------------------------------------------------------------------


def test_the_personal_link_runs_the_program_with_those_doses_and_holds_no_name(open_page, browser, tmp_path):
    page, problems = open_page()
    make_sheet(page)
    url = link(page)
    reading = decoded(url)
    assert "Ada" not in url and reading.name is None, "no name by default"
    assert reading.status == "ok" and [(slug, dose_text(d)) for slug, d in reading.exercises] == [
        ("childs-pose", "reps=5&hold=20-40&rest=5"), ("shoulder-rolls", "reps=10"),
        ("open-books", "reps=6&sides=each&tempo=4")]
    # The QR code, read as a phone's camera would, is the link.
    page.locator(".sheet-link__qr").screenshot(path=str(tmp_path / "qr.png"))
    read = subprocess.run(["zbarimg", "--quiet", "--raw", str(tmp_path / "qr.png")], capture_output=True, text=True)
    assert read.stdout.strip() == url
    patient, trouble = open_page(url, clock=True, viewport={"width": 390, "height": 844})
    patient.get_by_role("button", name="Start the whole program").wait_for()
    assert patient.locator(".handout-personal__list h3").all_inner_texts() == [
        f"{n}. {t}" for n, (t, _) in enumerate(EXPECTED, 1)]
    assert patient.locator(".handout-personal__list .handout-dose__sentence").all_inner_texts() == [
        s for _, s in EXPECTED]
    assert patient.locator(".handout-personal__for").is_hidden()
    href = patient.get_by_role("link", name="Child's pose").get_attribute("href")
    assert href.endswith("exercises/childs-pose/#timer?v=2&reps=5&hold=20-40&rest=5&c=025dc6f2")
    patient.get_by_role("button", name="Start the whole program").click()
    patient.clock.run_for(20 * 60_000)
    events = patient.evaluate("window.__events")
    starts = [e for e in events if e[0] == "start"]
    assert [e[1] for e in starts] == ["timer-childs-pose", "timer-shoulder-rolls", "timer-open-books"]
    holds = [p for p in starts[0][3] if p[0] == "hold"]
    assert holds == [["hold", 40]] * 5, "5 repeats of 20 to 40 seconds"
    assert len([p for p in starts[2][3] if p[0] == "move"]) == 12 and starts[2][3][1] == ["move", 4]
    said = patient.evaluate("window.__spoken")
    assert said[0] == "Child's pose. Kneel on the floor and sit back on your heels." and said[-1] == \
        "You have done the whole program. Well done!"
    assert trouble == []
    # With the box ticked, and only then, the name travels in the link, and the page shows it as text.
    page.get_by_label("Put the patient's name in the link", exact=True).check()
    page.wait_for_function("u => document.querySelector('.sheet-link__url').href !== u", arg=url)
    named = link(page)
    assert decoded(named).name == NAME
    patient, trouble = open_page(named)
    patient.locator(".handout-personal__for").wait_for()
    assert patient.locator(".handout-personal__for").inner_text() == f"For: {NAME}"
    assert patient.evaluate("document.querySelectorAll('.handout-personal__for span *').length") == 0
    assert problems == [] and trouble == []


BAD = [
    {"v": 1, "e": [["open-books", "reps=0"]]},
    {"v": 1, "e": [["open-books", "reps=6&hold=30-15"]]},
    {"v": 1, "e": [["open-books", "reps=6&rest=601"]]},
    {"v": 1, "e": [["open-books", "reps=6"]], "x": 1},
    {"v": 2, "e": [["open-books", "reps=6"]]},
    {"v": 1, "e": [["open-books", "reps=6"], ["open-books", "reps=7"]]},
    {"v": 1, "e": [["Open Books", "reps=6"]]},
    {"v": 1, "e": [["<img src=x onerror=alert(1)>", "reps=6"]]},
    {"v": 1, "e": [["open-books", "reps=6<script>"]]},
    {"v": 1, "e": [["open-books"]]},
    {"v": 1, "e": ["open-books"]},
    {"v": 1, "e": []},
    {"v": 1, "e": [["open-books", "reps=6"]], "n": 5},
    [1, 2],
    "text",
]


def test_a_tampered_link_is_refused_with_a_clear_message_and_nothing_from_it(open_page):
    page, problems = open_page("my-program/")
    page.locator(".handout-personal__message p").wait_for()
    base = page.url.split("#")[0]
    raw = ["#p=", "#p=!!!", "#p=AAAA", "#q=abc", "#p=" + "A" * 9000]
    raw += ["#p=" + page.evaluate(
        """d => new Response(new Blob([JSON.stringify(d)]).stream().pipeThrough(new CompressionStream('deflate-raw')))
              .arrayBuffer().then(b => btoa(String.fromCharCode(...new Uint8Array(b))).replace(/\\+/g, '-')
              .replace(/\\//g, '_').replace(/=+$/, ''))""", bad) for bad in BAD]
    bomb = "#p=" + page.evaluate("""() => new Response(new Blob(['{"v":1,"e":[],"pad":"' + 'x'.repeat(200000) + '"}'])
        .stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer()
        .then(b => btoa(String.fromCharCode(...new Uint8Array(b))).replace(/\\+/g, '-').replace(/\\//g, '_')
        .replace(/=+$/, ''))""")
    assert len(bomb) < 2000
    for number, fragment in enumerate([*raw, bomb]):
        page.goto(f"{base}?{number}{fragment}")  # a new page each time, not a move within one
        message = page.locator(".handout-personal__message")
        message.locator("p").first.wait_for()
        assert message.inner_text() in (
            "This link is damaged or incomplete, so it cannot show a program. Ask your clinic for a new link.",
        ), fragment[:60]
        assert page.locator(".handout-personal__program").is_hidden()
        assert page.locator(".handout-personal__list li").count() == 0
        assert page.evaluate("window.__alerted") is None
    assert problems == []


def test_one_unknown_exercise_is_named_in_a_sentence_of_its_own(open_page):
    page, problems = open_page("my-program/")
    page.locator(".handout-personal__message p").wait_for()
    code = page.evaluate("() => HandoutLink.encode({exercises: [['wall-slides', 'reps=8'], ['open-books', 'reps=4']]})")
    page.goto(page.url.split("#")[0] + "#p=" + code)
    page.get_by_role("button", name="Start the whole program").wait_for()
    assert page.locator(".handout-personal__message").inner_text() == (
        "This exercise is not on this site, so it is left out: wall-slides.")
    assert problems == []


def test_unknown_exercises_are_named_and_skipped(open_page):
    page, problems = open_page("my-program/")
    page.locator(".handout-personal__message p").wait_for()
    code = page.evaluate("""() => HandoutLink.encode({exercises: [['wall-slides', 'reps=8'], ['open-books',
        'reps=4&sides=each'], ['neck-rolls', 'reps=2']], name: '<img src=x onerror=window.__alerted=1>'})""")
    page.goto(page.url.split("#")[0] + "#p=" + code)
    page.get_by_role("button", name="Start the whole program").wait_for()
    assert page.locator(".handout-personal__message").inner_text() == (
        "These exercises are not on this site, so they are left out: wall-slides, neck-rolls.")
    assert page.locator(".handout-personal__list h3").all_inner_texts() == ["1. Open books"]
    assert page.locator(".handout-dose__sentence").inner_text() == "Repeat 4 times on each side."
    assert page.locator(".handout-personal__for").inner_text() == "For: <img src=x onerror=window.__alerted=1>"
    assert page.evaluate("window.__alerted") is None and page.locator(".handout-personal__for span *").count() == 0
    assert problems == []


# -- the same words and bounds as Python, size, privacy, accessibility ------------------------------------------


def test_the_sheet_words_doses_and_links_as_python_does(open_page):
    page, _ = open_page()
    page.locator(".sheet-exercises input").first.wait_for()
    doses = [Dose(reps=reps, sets=sets, hold=hold, hold_max=top, rest=rest, sides=sides, tempo=tempo)
             for reps in (1, 2) for sets in (1, 3) for hold, top in ((None, None), (1, None), (5, None), (15, 30))
             for rest in (0, 1, 5) for sides in (None, "each") for tempo in (3, 4)]
    read = page.evaluate("""ds => ds.map(d => [HandoutLinkCodec.doseText(d), HandoutWords.printDose(d),
        HandoutWords.doseSentence(d)])""", [d.__dict__ for d in doses])
    for dose, (text, paper, sentence) in zip(doses, read, strict=True):
        assert text == dose_text(dose)
        assert paper == " ".join(s for s in (hold_sentence(dose), rest_sentence(dose)) if s)
        assert sentence == dose_sentence(dose)
    fields = page.evaluate("""l => [{reps: '0'}, {reps: '5', hold: '30', hold_max: '20'}, {reps: '5', rest: '-1'},
        {reps: '5', sets: '11'}, {reps: '1e2'}, {reps: '5', hold: '601'}].map(f => HandoutSheet.readDose(
        Object.assign({sets: '1', rest: '0', hold: '', hold_max: ''}, f), l, 3).bad)""", dose_limits())
    assert fields == [["reps"], ["hold_max"], ["rest"], ["sets"], ["reps"], ["hold"]]


def test_the_index_is_small_and_the_page_script_fits_its_budget(tmp_path):
    project = copy_project(tmp_path / "project")
    write_content(project / "content", exercises=200, programs=10)
    library = load_library(project / "mkdocs.yml", project)
    per_ten = len(gzip.compress(index_json(library).encode(), 9)) / 20
    assert per_ten <= 2048, f"{per_ten:.0f} bytes gzipped per 10 exercises"
    index = exercise_index(library)
    assert index["limits"] == dose_limits() and len(index["exercises"]) == 200
    scripts = [ASSETS / "sheet.js", ASSETS / "linkcodec.js", ASSETS / "vendor" / "qrcode-generator" / "qrcode.js",
               ASSETS / "dom.js", ASSETS / "words.js"]  # and the shared modules it reads the page and words with
    size = sum(len(gzip.compress(path.read_bytes(), 9)) for path in scripts)
    assert size <= 25 * 1024, f"the sheet's scripts are {size} bytes gzipped"
    for path in [*scripts[:2], *scripts[3:], ASSETS / "personal.js"]:
        code = path.read_text()
        assert "https://" not in code and "XMLHttpRequest" not in code and "sendBeacon" not in code
    assert (ASSETS / "vendor" / "qrcode-generator" / "LICENSE").read_text().startswith("MIT License")


def test_the_pages_work_offline_and_carry_no_inline_script(site):
    files = precached(site)
    assert {"sheet/", "my-program/", "sheet/exercises.json", "sheet/parts/open-books.htm",
            "sheet/parts/log-grid-1.htm", "my-program/parts/open-books.htm", "assets/sheet.js", "assets/personal.js",
            "assets/vendor/qrcode-generator/qrcode.js"} <= set(files)
    for page in ("sheet/index.html", "my-program/index.html"):
        html = (site / page).read_text()
        scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
        assert len(scripts) == html.count('<script>'), page  # only material's own, allowed by their hashes
    # The sheet builder is a clinician's tool: the clinicians' page lists it, not the patient's menu
    # (test_my_program.py, test_the_menu_is_the_patients_and_the_footer_leads_clinicians_to_their_tools).
    assert re.search(r'<a href="\.\./sheet/">Make a sheet</a>', (site / "clinicians/index.html").read_text())


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}])
def test_axe_finds_nothing_and_the_focus_is_visible(open_page, viewport):
    page, problems = open_page(viewport=viewport)
    page.get_by_label("Start from a program", exact=True).select_option(label="Back on track")
    group(page, "Open books").get_by_label("Reps", exact=True).fill("0")
    link_ready = page.evaluate("document.querySelector('.sheet-link__ready').hidden")
    assert link_ready, "no link while a dose is wrong"
    assert axe_violations(page) == []
    page.get_by_label("Find an exercise", exact=True).focus()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    group(page, "Open books").get_by_label("Reps", exact=True).fill("6")
    url = link(page)
    personal, trouble = open_page(url, viewport=viewport)
    personal.get_by_role("button", name="Start the whole program").wait_for()
    assert axe_violations(personal) == []
    assert problems == [] and trouble == []
