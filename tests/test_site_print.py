"""Any site page printed from the browser (Ctrl+P) keeps the clinic's disclaimer at the foot of every page.

Material leaves its footer off paper; main.html prints the disclaimer and "Page N of M" in each page's bottom margin
(@page margin boxes, Chromium 131+), so it is on every page and never over the text. The screen's controls (the
player, the timers, the settings, the reminder) stay off paper. Read back with pypdf, page by page, and as PNGs.
"""

from __future__ import annotations

import io
import re
import subprocess

import pypdf
import pytest

from .conftest import build_site, copy_project, english_only
from .test_sheet import DISCLAIMER, assert_below_the_text
from .test_timer import watch

# A clinic's disclaimer with what could break out of a CSS string or a <style> element.
TRICKY = 'Not medical advice: "ask first" \\ </style><script>alert(1)</script> — ça va.'


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    shipped = copy_project(tmp_path_factory.mktemp("print") / "project")
    english_only(shipped)  # the English pages print here; the Spanish ones print in test_spanish_site.py
    shipped = build_site(shipped)
    project = copy_project(tmp_path_factory.mktemp("tricky") / "project")
    config = english_only(project)  # one disclaimer, in the one language
    text = config.read_text()
    start = text.index("    disclaimer:\n")
    config.write_text(text[:start] + f"    disclaimer: '{TRICKY}'\n")
    return shipped, build_site(project)


def printed(browser, serve, site, path: str) -> tuple[list[str], bytes, list[str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    watch(context, page, problems)
    page.goto(serve(site).url + path)
    page.locator(".handout-player__start, .exercise-timer__button").first.wait_for()
    data = page.pdf(format="Letter")
    context.close()
    pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(data)).pages]
    return pages, data, problems


def test_a_printed_program_page_has_the_disclaimer_on_every_page_below_the_text(browser, serve, sites, tmp_path):
    pages, data, problems = printed(browser, serve, sites[0], "programs/upper-back-pain/")
    assert len(pages) >= 3, "a page long enough to need several sheets of paper"
    for number, text in enumerate(pages, 1):
        assert text.count("Important: This handout is for information only.") == 1, number
        assert "please contact your healthcare provider." in text and f"Page {number} of {len(pages)}" in text
    assert_below_the_text(data)
    everything = " ".join(pages)
    for screen_only in ("Start the whole program", "Voice and timer settings", "Add to my calendar", "Skip",
                        "Print this program (PDF)", "Ready to start"):
        assert screen_only not in everything, screen_only
    assert "Shoulder rolls" in everything and "Repeat 10 times." in everything
    pdf = tmp_path / "program.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page*.png"))) == len(pages)
    assert problems == []


def test_an_exercise_page_prints_the_disclaimer_too(browser, serve, sites):
    pages, data, problems = printed(browser, serve, sites[0], "exercises/childs-pose/")
    assert all(DISCLAIMER in text for text in pages)
    assert_below_the_text(data)
    assert problems == []


def test_the_clinics_own_words_print_as_written(browser, serve, sites):
    pages, data, problems = printed(browser, serve, sites[1], "exercises/open-books/")
    html = (sites[1] / "exercises" / "open-books" / "index.html").read_text()
    style = re.search(r'<style media="print">(.*?)</style>', html, re.S)[1]
    assert "<" not in style and '\\"' not in style, "nothing in the text can end the string or the style"
    for text in pages:
        assert f"Important: {TRICKY}" in text
    assert problems == []
