"""Every printable output shows its pictures, in a real Chromium: the sheet builder's print (/sheet/), the personal
program a sheet's link opens (/my-program/#p=…), `build.py handout -o sheet.html`, and a site page printed.

Each is looked at as paper shows it (print media): every <img> on the page has loaded (complete, with a natural
width: a broken one shows its alt text instead), and every figure is drawn: a screenshot of it holds the clinic's
colour, which neither a blank box nor an alt text in black has. The checks are about every image and every figure
on the page, so they cover what a page adds later. The `data:` URLs the build writes are checked as values too.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image

from handouts.content.load import load_library
from handouts.render.figures import figure_data_uri
from handouts.render.svg_geometry import svg_data_url

from .conftest import ROOT, copy_project, run_main, visit
from .test_timer import watch

IMAGES = """async () => {
  const images = [...document.images];
  await Promise.all(images.map(i => i.decode().catch(() => null)));  // settled: loaded or broken
  return images.map(i => ({alt: i.alt, src: i.getAttribute("src") || "", loaded: i.complete && i.naturalWidth > 0}));
}"""
FIGURES = "figure.pose-figure, figure.handout-figure"
"""A figure on paper: the drawing (an <img> of the build's SVG on paper, the SVG itself on a site page) or a photo."""
COLOURED = 0.03
"""A drawn figure's share of coloured pixels is at least this (child's pose, the palest shipped one, has 5.5%);
an alt text with its broken-image icon has under 0.5%, an empty box none."""


def images(page) -> list[dict]:
    """Every <img> on the page once it has settled: its alt text, the start of its address and whether it loaded."""
    return page.evaluate(IMAGES)


def broken(page) -> list[str]:
    """The alt text and address of each <img> that did not load (a browser shows the alt text instead)."""
    return [f"{i['alt']!r} ({i['src'][:60]}…)" for i in images(page) if not i["loaded"]]


def coloured_share(png: bytes) -> float:
    """The share of a screenshot's pixels in a colour (not white, grey or black): the figure's clinic colour."""
    rgb = Image.open(io.BytesIO(png)).convert("RGB").tobytes()
    pixels = [rgb[i:i + 3] for i in range(0, len(rgb), 3)]
    return sum(1 for p in pixels if max(p) - min(p) > 40) / len(pixels)


def assert_figures_drawn(page, scope: str = "body") -> int:
    """Every figure inside `scope` is drawn on paper; returns how many there are."""
    figures = page.locator(scope).locator(FIGURES)
    for n in range(figures.count()):
        figure = figures.nth(n)
        share = coloured_share(figure.locator("img, svg").first.screenshot())  # the picture, not its caption
        assert share >= COLOURED, f"figure {n + 1} ({figure.inner_text()[:60]!r}) is not drawn: {share:.1%} coloured"
    return figures.count()


def assert_printed_with_pictures(page, scope: str = "body") -> int:
    """The page as paper shows it: no image broken, every figure drawn. Returns how many figures it has."""
    page.emulate_media(media="print")
    assert broken(page) == []
    return assert_figures_drawn(page, scope)


# -- the data: URLs, as values -------------------------------------------------------------------------------------


def test_an_svg_data_url_keeps_every_character_of_its_picture():
    svg = '<svg fill="#1f5f8b" data-x="50% ? & é \' &lt;"><path d="M0 0L1 1"/></svg>'
    url = svg_data_url(svg)
    parts = urlsplit(url)
    assert parts.scheme == "data" and parts.fragment == "" and parts.query == ""
    body = url.removeprefix("data:image/svg+xml,")
    assert unquote(body) == svg
    assert not re.search(r"[#?\"'<>&]|%(?![0-9A-F]{2})", body), body  # a `%` only ever starts an escape


def test_every_printed_figure_and_every_data_url_of_the_built_site_is_whole(built_site):
    """A `#` left in a data: URL starts its fragment: the browser draws the picture only up to it."""
    library = load_library(ROOT / "mkdocs.yml", ROOT)
    for slug, exercise in library.exercises.items():
        url = figure_data_uri(exercise.figure, "#1f5f8b")
        assert "#" not in url and unquote(url).count("#") >= 1, slug  # its colours are there, encoded
    written = 0
    for path in [*built_site.rglob("*.html"), *built_site.rglob("*.htm")]:
        for url in re.findall(r"""\b(?:src|href)=["'](data:[^"']*)""", path.read_text()):
            assert "#" not in url, f"{path.relative_to(built_site)}: {url[:80]}"
            written += 1
    assert written > 20  # the printed figures and rows of tick boxes are there


# -- in Chromium ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def html_sheets(tmp_path_factory) -> Path:
    """`build.py handout -o` a program's sheet and one exercise's (its rows of tick boxes printed too)."""
    project = copy_project(tmp_path_factory.mktemp("html-sheets") / "project")
    for args in (["upper-back-pain", "-o", "program.html"], ["quad-sets", "-o", "quad-sets.html"],
                 ["knee-pain", "--lang", "es", "-o", "es.html"]):
        result = run_main(project, "-q", "handout", *args)
        assert result.returncode == 0, result.stderr
    return project


@pytest.mark.parametrize("name, figures", [("program.html", 5), ("quad-sets.html", 1), ("es.html", 5)])
def test_handout_html_sheet_shows_every_picture_on_paper(browser, html_sheets, name, figures):
    context, page, _, errors = visit(browser, (html_sheets / name).as_uri())
    try:
        assert broken(page) == [], "on screen"
        assert assert_printed_with_pictures(page) == figures
        if name == "quad-sets.html":
            assert [i["alt"] for i in images(page)].count("10 boxes") == 2  # its two sets
        assert errors == []
    finally:
        context.close()


def open_page(browser, url: str, problems: list[str]):
    """A new context at desktop size on `url`, its errors and any request leaving the site in `problems`; the
    browser's print dialog stubbed (counted in window.__printed)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watch(context, page, problems)
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed++; };")
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page


def test_the_sheet_builders_print_and_its_personal_link_show_every_picture(browser, serve, built_site):
    problems: list[str] = []
    context, page = open_page(browser, serve(built_site).url + "sheet/", problems)
    try:
        page.get_by_label("Start from a program", exact=True).select_option(label="Exercise Program for Knee Pain")
        page.get_by_role("button", name="Print", exact=True).click()
        page.wait_for_function("() => window.__printed > 0")
        page.wait_for_function("() => document.querySelector('.sheet-link__url').href.includes('#p=')")
        personal = page.locator(".sheet-link__url").get_attribute("href")
        assert assert_printed_with_pictures(page, ".sheet-print") == 5
        assert "QR code for the personal link" in [i["alt"] for i in images(page)]
    finally:
        context.close()
    # The personal program page, as the patient opens it from the sheet: whatever pictures it shows.
    context, page, _, errors = visit(browser, personal, viewport={"width": 390, "height": 844})
    try:
        page.locator(".handout-personal__program").wait_for()
        assert broken(page) == [], "on screen"
        assert_printed_with_pictures(page, ".handout-personal")
        assert errors == [] and problems == []
    finally:
        context.close()


@pytest.mark.parametrize("path, figures", [("exercises/quad-sets/", 1), ("programs/knee-pain/", 5)])
def test_a_site_page_printed_shows_every_picture(browser, serve, built_site, path, figures):
    problems: list[str] = []
    context, page = open_page(browser, serve(built_site).url + path, problems)
    try:
        assert assert_printed_with_pictures(page) == figures
        assert problems == []
    finally:
        context.close()
