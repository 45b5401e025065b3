"""Figures drawn from pose data (handouts/render/figures.py): the front-matter format and its errors, the SVG,
the pages and PDFs that carry it, and the figure moving with the timer in Chromium on Playwright's clock."""

from __future__ import annotations

import gzip
import io
import re
import time
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from markupsafe import escape

from handouts.content.load import load_library
from handouts.errors import ContentInvalid
from handouts.model.dose import prescribe
from handouts.model.values import Prop
from handouts.render import figures

from .conftest import ROOT, build_site, copy_project
from .test_pdf import build, copy_shipped, pdfs_in
from .test_print_layout import figure_boxes

ASSETS = ROOT / "templates" / "assets"
SHIPPED = sorted(p.stem for p in (ROOT / "content" / "exercises").glob("*.md"))
GOOD = """---
title: Heel slides
summary: Bend and straighten your knee while you lie on your back.
area: [knee]
dose:
  reps: 10
figure:
  view: side
  posture: supine
  props: [mat]
  poses:
    start: {}
    end:
      right hip: 50
      right knee: 100
  alt: A person lying on their back, sliding one heel towards the bottom.
  caption: Slide your heel towards you, then back.
---

1. Lie on your back with your legs straight.
2. Slide one heel towards your bottom, then back.
"""


def forget_figures() -> None:
    """Draw every figure again (the drawing and its print URL are each kept once made)."""
    figures.figure_svg.cache_clear()
    figures.figure_data_uri.cache_clear()


@pytest.fixture(scope="module")
def library():
    return load_library(ROOT / "mkdocs.yml", ROOT)


def built_exercises(site: Path, library) -> list:
    """The shipped exercises a test site holds (the test library's ten; test_library.py builds the whole library)."""
    shown = [(slug, exercise) for slug, exercise in library.exercises.items() if (site / "exercises" / slug).is_dir()]
    assert len(shown) >= 10
    return shown


def problems_in(tmp_path: Path, text: str) -> list[str]:
    project = copy_project(tmp_path / "project")
    (project / "content/exercises/leg-slides.md").write_text(text)
    with pytest.raises(ContentInvalid) as err:
        load_library(project / "mkdocs.yml", project)
    return [str(p) for p in err.value.problems]


# -- the format and its errors ---------------------------------------------------------------------------------


def test_a_good_figure_is_read_with_its_poses_in_order(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content/exercises/leg-slides.md").write_text(GOOD)
    figure = load_library(project / "mkdocs.yml", project).exercises["leg-slides"].figure
    assert figure.view == "side" and figure.posture == "supine" and figure.props == (Prop("mat"),)
    assert figure.facing == "right"
    assert figure.poses == (("start", ()), ("end", (("right hip", 50), ("right knee", 100))))


@pytest.mark.parametrize("bad, message", [
    ("right kne: 100", "unknown joint 'right kne' (did you mean 'right knee'?)"),
    ("right knee: 200", "'right knee' must be from 0 to 160 degrees, not 200"),
    ("right knee: 99.5", "must be a whole number"),
])
def test_a_wrong_joint_or_angle_is_reported_at_its_line(tmp_path, bad, message):
    [problem] = problems_in(tmp_path, GOOD.replace("right knee: 100", bad))
    line = 15
    assert problem.startswith(f"content/exercises/leg-slides.md:{line}: ") and message in problem


@pytest.mark.parametrize("old, new, line, words", [
    ("props: [mat]", "props: [mat, yoga ball]", 10, "unknown prop 'yoga ball' (did you mean 'ball'?)"),
    ("posture: supine", "posture: lying", 9, "'posture' must be 'standing', 'sitting'"),
    ("view: side", "view: above", 8, "'view' must be 'side', 'front', 'back' or 'top'"),
    ("    start: {}\n", "", 11, "'poses' must have at least 2 key poses, like start and end"),
    ("  alt: A person lying on their back, sliding one heel towards the bottom.\n", "", 7, "'alt' is required"),
])
def test_unknown_props_postures_and_views_are_reported_at_their_line(tmp_path, old, new, line, words):
    [problem] = problems_in(tmp_path, GOOD.replace(old, new))
    assert problem.startswith(f"content/exercises/leg-slides.md:{line}: "), problem
    assert words in problem, problem


def test_joint_names_and_ranges():
    assert figures.joint_name("Left  Knee") == ("knee", "left")
    assert figures.joint_name("trunk") == ("trunk", None)
    assert figures.joint_name("left trunk") is None  # the trunk has no sides
    assert figures.check_poses({"end": {"neck": 80}}) == [
        (("poses", "end", "neck"), "'neck' must be from -60 to 70 degrees, not 80")]


def test_the_schema_and_the_drawing_know_the_same_names():
    from typing import get_args

    from handouts.model.schema import BodyPoint, Facing, Posture, View
    assert get_args(View) == figures.VIEWS and get_args(Posture) == figures.POSTURES
    assert get_args(Facing) == figures.FACINGS
    assert {p.split()[-1] for p in get_args(BodyPoint)} - {"none"} == set(figures.POINTS)


# -- the drawing ---------------------------------------------------------------------------------------------------


def test_every_shipped_figure_is_small_named_and_coloured_from_the_clinic(library):
    assert len([e for e in library.exercises.values() if e.figure]) >= 10
    for exercise in library.exercises.values():
        svg = str(figures.figure_svg(exercise.figure, "#1f5f8b"))
        assert len(svg.encode()) <= 8 * 1024, (exercise.slug, len(svg))
        assert 'role="img"' in svg and f'aria-label="{escape(exercise.figure.alt)}"' in svg
        assert "#1f5f8b" in svg and "<path d=" in svg and "<line" not in svg  # filled shapes, not sticks
        assert svg.count('class="pf-pane"') == 2
        other = str(figures.figure_svg(exercise.figure, "#8b1f3a"))
        assert "#8b1f3a" in other and "#1f5f8b" not in other


def test_the_drawing_is_deterministic_and_its_poses_differ(library):
    for exercise in library.exercises.values():
        forget_figures()
        first = str(figures.figure_svg(exercise.figure, "#1f5f8b"))
        forget_figures()
        assert str(figures.figure_svg(exercise.figure, "#1f5f8b")) == first
        start, end = re.findall(r'<g class="pf-pane".*?(?=<g class="pf-pane"|$)', first, re.S)
        moved = re.findall(r'data-i="\d+"[^>]*transform="([^"]+)"', start) != re.findall(
            r'data-i="\d+"[^>]*transform="([^"]+)"', end)
        assert moved, exercise.slug


def test_every_movement_arrow_stays_in_its_panel_above_the_floor(library):
    """An arrow drawn under the floor line (child's pose's was) or out of its panel is a movement nobody can do."""
    for exercise in library.exercises.values():
        svg = str(figures.figure_svg(exercise.figure, "#1f5f8b", animated=False))
        pane = re.search(r'<g class="pf-pane"[^>]*><rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" '
                         r'height="([\d.]+)".*?(?=<g class="pf-pane"|$)', svg, re.S)
        x, y, w, h = (float(v) for v in pane.groups())
        above = figures.layout(exercise.figure.view, exercise.figure.posture)[1]
        arrows = re.findall(r'<path d="(M[^"]+)" fill="none" stroke="#1a1a1a"', pane.group(0))
        for d in arrows:
            numbers = [float(v) for v in re.findall(r"-?[\d.]+", d)]
            for px, py in zip(numbers[::2], numbers[1::2], strict=True):
                assert x <= px <= x + w and y <= py <= y + h, (exercise.slug, px, py)
                assert above or py < -2, (exercise.slug, "under the floor", py)


def test_scapular_squeezes_show_the_blades_meeting_with_arrows_towards_the_spine(library):
    figure = library.exercises["scapular-squeezes"].figure
    posed = figures.pose(figure)
    names = [seg.name for seg in posed.skeleton]
    blades = [names.index("right blade"), names.index("left blade")]
    gap = [abs(world[blades[0]][0] - world[blades[1]][0]) for world in (posed.worlds[0], posed.worlds[-1])]
    assert gap[0] - gap[1] >= 7, gap  # seen from behind, each blade slides about its own width towards the spine
    svg = str(figures.figure_svg(figure, "#1f5f8b"))  # paper draws the same picture in fewer paths (test below)
    start = svg.split('class="pf-pane"')[1]
    heads = re.findall(r'<path d="M([-\d.]+) [-\d.]+L[^"]+Z" fill="#fff"/>', start)
    assert len(heads) == 2 and min(map(float, heads)) < posed.worlds[0][1][0] < max(map(float, heads))


def test_from_above_a_lying_body_stays_where_it_lies_on_its_mat_and_pillow(library):
    figure = library.exercises["open-books"].figure
    posed = figures.pose(figure)
    assert len({root[1] for root in posed.roots}) == 1, "the trunk does not jump when the arm moves"
    svg = str(figures.figure_svg(figure, "#1f5f8b"))  # paper draws the same picture in fewer paths (test below)
    assert svg.count('rx="4" fill="#fff"') == 2, "a pillow under the head in each pose"


def test_rendering_a_figure_is_fast(library):
    """The per-figure cost behind the build budget (15% of a 500-exercise build): printed for the report."""
    shipped = [e.figure for e in library.exercises.values()]
    started = time.perf_counter()
    for _ in range(5):
        forget_figures()
        for figure in shipped:
            figures.figure_svg(figure, "#1f5f8b")
            figures.figure_data_uri(figure, "#1f5f8b")
    each = (time.perf_counter() - started) / (5 * len(shipped)) * 1000
    print(f"\n{each:.2f} ms per figure (web and print)")
    assert each < 100  # generous: two other builds share these cores; about 11 ms on a quiet machine


def test_the_figure_script_is_small_and_has_no_words():
    size = len(gzip.compress((ASSETS / "figure.js").read_bytes(), 9))
    assert size <= 4 * 1024, size
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", (ASSETS / "figure.js").read_text(), flags=re.S)
    strings = set(re.findall(r'"([^"\\]*)"', code)) - {"use strict"}
    assert not [s for s in strings if re.search(r"[A-Za-z]{2,} [a-z]{2,}", s)]


# -- the printed figure: the same picture, cheap for WeasyPrint to draw --------------------------------------------


def test_the_printed_figure_is_a_few_flat_paths(library):
    """WeasyPrint pays per SVG node (cascade, transform, graphical state) and per number: on paper each pane is its
    panel and a few <path>s in the pane's own frame, with no nested group and no transform inside it."""
    for slug, exercise in library.exercises.items():
        web = str(figures.figure_svg(exercise.figure, "#1f5f8b"))
        paper = str(figures.figure_svg(exercise.figure, "#1f5f8b", animated=False))
        assert 'role="img"' in paper and f'aria-label="{escape(exercise.figure.alt)}"' in paper
        assert "data-pose" not in paper, slug
        assert "#1f5f8b" in paper and "var(" not in paper, slug  # literal clinic colours: no page CSS reaches it
        panes = re.findall(r'<g class="pf-pane" transform="translate\([-\d. ]+\)">(.*?)</g>', paper)
        assert len(panes) == 2 and paper.count("<g") == 2, slug
        for pane in panes:
            tags = re.findall(r"<(\w+)", pane)
            assert tags[0] == "rect" and set(tags[1:]) == {"path"} and "transform" not in pane, (slug, tags)
            assert len(tags) <= 22, (slug, len(tags))
        nodes = len(re.findall(r"<(?!/)", paper))
        assert nodes <= len(re.findall(r"<(?!/)", web)) / 1.7, (slug, nodes)
        assert not re.search(r"\d\.\d\d", paper), slug  # coordinates to a tenth of a unit (1/1000 of a body)


def _picture(page, svg: str):
    """The SVG as an <img> 800 CSS px wide in Chromium, as Pillow pixels."""
    from urllib.parse import quote

    from PIL import Image

    page.set_content('<body style="margin:0;background:#fff"><img id="f" style="width:800px;display:block" '
                     f'src="data:image/svg+xml,{quote(svg)}"></body>')
    page.wait_for_function("() => document.getElementById('f').complete")
    return Image.open(io.BytesIO(page.locator("#f").screenshot())).convert("RGB")


def _differs(a, b) -> tuple[float, float]:
    """How far two pictures differ: the mean difference (0-255) and the share of pixels off by more than a quarter."""
    from PIL import ImageChops

    hist = ImageChops.difference(a, b).convert("L").histogram()
    total = sum(hist)
    return sum(i * n for i, n in enumerate(hist)) / total, sum(hist[64:]) / total


def test_the_printed_figure_draws_the_same_picture_as_the_web_figure(browser, library, monkeypatch):
    """The web figure (unchanged, all groups and transforms) is the reference: Chromium draws both, and they differ
    only in anti-aliasing along edges moved by rounding (under 1% of pixels). Merging shapes without minding their
    overlaps (one path paints all fills before all outlines, so a limb's outline would show through the next) is
    caught by the same measure."""
    page = browser.new_page(viewport={"width": 800, "height": 1400})
    try:
        for slug, exercise in sorted(library.exercises.items()):
            web = _picture(page, str(figures.figure_svg(exercise.figure, "#1f5f8b")))
            paper = _picture(page, str(figures.figure_svg(exercise.figure, "#1f5f8b", animated=False)))
            assert web.size == paper.size, slug
            mean, off = _differs(web, paper)
            assert mean < 1.5 and off < 0.01, (slug, mean, off)
        figure = library.exercises["bridges"].figure
        web = _picture(page, str(figures.figure_svg(figure, "#1f5f8b")))
        forget_figures()
        monkeypatch.setattr(figures._Shape, "touches", lambda self, other: False)
        careless = _picture(page, str(figures.figure_svg(figure, "#1f5f8b", animated=False)))
        mean, off = _differs(web, careless)
        assert mean >= 1.5 or off >= 0.01, (mean, off)
    finally:
        forget_figures()
        page.close()


def test_the_printed_figure_is_the_same_on_every_build(library):
    for exercise in library.exercises.values():
        forget_figures()
        first = figures.figure_data_uri(exercise.figure, "#1f5f8b")
        forget_figures()
        assert figures.figure_data_uri(exercise.figure, "#1f5f8b") == first
        assert not re.search(r"[\"'<>]", first), "quotes and brackets escaped: no entities for the HTML parser"


# -- pages and PDFs ------------------------------------------------------------------------------------------------


def test_every_exercise_page_and_program_page_carries_its_figure(built_site, library):
    for slug, exercise in built_exercises(built_site, library):
        html = (built_site / "exercises" / slug / "index.html").read_text()
        [svg] = re.findall(r'<svg[^>]*class="pose-figure__svg".*?</svg>', html, re.S)
        assert f'aria-label="{exercise.figure.alt}"' in svg and "data-pose=" in svg
        assert f"<figcaption>{exercise.figure.caption}</figcaption>" in html.replace("&#39;", "'")
        assert html.index("pose-figure") < html.index(">Steps</h2>")
    program = (built_site / "programs" / "knee-pain" / "index.html").read_text()
    assert program.count('class="pose-figure__svg"') == 5


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    project = copy_shipped(tmp_path_factory.mktemp("figure-pdfs") / "project")
    out = tmp_path_factory.mktemp("figure-pdfs-out")
    build(project, out / "pdf", out / "cache")
    return pdfs_in(out / "pdf")


def test_every_exercise_pdf_has_its_figure_tagged_with_its_alt_text_on_one_page(pdfs, library):
    """Normal print on one page; large print, whose figure is 1.5 times as large, on at most two."""
    built = {slug for slug in library.exercises if f"exercises/{slug}.pdf" in pdfs}
    assert len(built) >= 10  # the test library's (the whole library's figures: test_library.py)
    for slug, exercise in ((s, e) for s, e in library.exercises.items() if s in built):
        for variant, most in (("", 1), ("-large", 2)):
            data = pdfs[f"exercises/{slug}{variant}.pdf"]
            assert len(pypdf.PdfReader(io.BytesIO(data)).pages) <= most, (slug, variant)
            assert len(figure_boxes(data, exercise.figure.alt)) == 1, (slug, variant)
    program = pdfs["programs/knee-pain.pdf"]
    assert all(figure_boxes(program, e.figure.alt) for e in library.programs["knee-pain"].items
               for e in [e.exercise])


def test_an_exercise_without_a_figure_still_builds(tmp_path):
    project = copy_project(tmp_path / "project")
    for path in project.glob("content/exercises/bridges*.md"):  # the exercise and its translations
        path.write_text(re.sub(r"figure:\n(?:  .*\n)+", "", path.read_text()))
    site = build_site(project)
    html = (site / "exercises" / "bridges" / "index.html").read_text()
    assert "pose-figure" not in html and "Lift your hips" not in html
    assert "pose-figure__svg" in (site / "exercises" / "quad-sets" / "index.html").read_text()


PHOTO = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200" viewBox="0 0 300 200">'
         '<rect width="300" height="200" fill="#ccc"/></svg>')


def test_the_clinics_own_pictures_replace_the_drawing_but_it_still_moves_beside_the_timer(tmp_path):
    """`image:` and `figure:` together: the pictures take the picture slot, the PDF and the sheet; the drawing moves
    with the timer, beside it, on the exercise's page."""
    project = copy_project(tmp_path / "project")
    path = project / "content/exercises/bridges.md"
    (project / "content/images").mkdir(exist_ok=True)
    for name in ("bridge-start.svg", "bridge-end.svg"):
        (project / "content/images" / name).write_text(PHOTO)
    path.write_text(path.read_text().replace("figure:", "image:\n  - src: images/bridge-start.svg\n"
                                             "    alt: Our photo of the start.\n    caption: Start here.\n"
                                             "  - src: images/bridge-end.svg\n    alt: Our photo of the end.\n"
                                             "    caption: Lift.\nfigure:", 1))
    for translation in project.glob("content/exercises/bridges.*.md"):  # their pictures are another test's
        translation.unlink()
    site = build_site(project)
    html = (site / "exercises" / "bridges" / "index.html").read_text()
    steps, timer = html.index(">Steps<"), html.index('id="timer-heading"')
    assert html.index("Our photo of the start.") < steps and html.count("pose-figure__svg") == 1
    assert timer < html.index("pose-figure__svg") < html.index('id="timer"'), "the drawing moves beside the timer"
    part = (site / "sheet" / "parts" / "bridges.htm").read_text()
    assert "Our photo of the end." in part and "pose-figure" not in part
    from handouts.pdf.writer import handout_html

    bridges = load_library(project / "mkdocs.yml", project).exercises["bridges"]
    paper = handout_html(load_library(project / "mkdocs.yml", project), [prescribe(bridges)],
                         template_dirs=[project / "templates"])
    assert 'alt="Our photo of the end."' in paper and bridges.figure.alt not in paper
    quad = (site / "exercises" / "quad-sets" / "index.html").read_text()  # no pictures: the drawing in its slot
    assert quad.index("pose-figure__svg") < quad.index(">Steps<")


def test_a_figure_is_part_of_the_exercise_value(library):
    exercise = library.exercises["open-books"]
    assert replace(exercise, figure=None).figure is None and exercise.figure.view == "top"


# -- in the browser ------------------------------------------------------------------------------------------------


def drawing(page, selector: str = "svg.pose-figure__svg") -> str:
    """Every segment's transform in the figure's first pane: what a patient sees."""
    return page.locator(selector).first.evaluate(
        "s => [...s.querySelector('.pf-pane').querySelectorAll('[data-i]')].map(g => g.getAttribute('transform'))"
        ".join('|')")


def open_exercise(browser, serve, site: Path, slug: str, **options):
    context = browser.new_context(viewport={"width": 390, "height": 844}, **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.clock.install(time=0)
    page.goto(serve(site).url + f"exercises/{slug}/")
    page.clock.pause_at(1000)
    return context, page, errors


def test_the_figure_moves_with_the_timer(browser, serve, built_site):
    context, page, errors = open_exercise(browser, serve, built_site, "scapular-squeezes")
    try:
        svg = page.locator("svg.pose-figure__svg").first
        assert "pose-figure__svg--moving" in svg.get_attribute("class")
        assert page.locator(".pf-pane").nth(1).evaluate("p => getComputedStyle(p).display") == "none"
        idle = drawing(page)
        page.locator("#timer").get_by_role("button", name="Start", exact=True).click()
        page.clock.run_for(2_000)
        assert drawing(page) == idle, "get ready: the start pose"
        page.clock.run_for(5_000)  # 2 s into the first hold: eased into the end pose
        held = drawing(page)
        assert held != idle
        page.clock.run_for(2_500)  # still holding
        assert drawing(page) == held
        page.clock.run_for(2_000)  # 1.5 s into the rest: back at the start
        assert drawing(page) == idle
        page.locator("#timer").get_by_role("button", name="Pause", exact=True).click()
        page.clock.run_for(10_000)
        assert drawing(page) == idle
        assert errors == []
    finally:
        context.close()


def test_a_rep_without_a_hold_goes_there_and_back_and_the_other_side_is_mirrored(browser, serve, built_site):
    context, page, errors = open_exercise(browser, serve, built_site, "heel-slides")
    try:
        idle = drawing(page)
        flip = "svg.pose-figure__svg .pf-flip"
        page.locator("#timer").get_by_role("button", name="Start", exact=True).click()
        page.clock.run_for(5_000 + 1_000)  # 1 s into a 4 s rep
        going = drawing(page)
        page.clock.run_for(1_000)  # half way: the end pose
        middle = drawing(page)
        assert idle != going != middle
        page.clock.run_for(2_000)  # end of the rep: back at the start
        assert drawing(page) == idle
        assert not page.locator(flip).first.get_attribute("transform")
        page.clock.run_for(10 * 4_000 + 2_000)  # the switch to the left side
        assert "scale(-1 1)" in page.locator(flip).first.get_attribute("transform")
        assert errors == []
    finally:
        context.close()


def test_with_reduced_motion_both_poses_stay_side_by_side(browser, serve, built_site):
    context, page, errors = open_exercise(browser, serve, built_site, "bent-over-rows", reduced_motion="reduce")
    try:
        panes = page.locator("svg.pose-figure__svg .pf-pane")
        assert [panes.nth(i).evaluate("p => getComputedStyle(p).display") for i in (0, 1)] == ["inline", "inline"]
        before = drawing(page)
        page.locator("#timer").get_by_role("button", name="Start", exact=True).click()
        page.clock.run_for(6_000)
        assert drawing(page) == before and errors == []
    finally:
        context.close()


def test_in_the_program_player_the_playing_exercise_moves(browser, serve, built_site):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.clock.install(time=0)
        page.goto(serve(built_site).url + "programs/knee-pain/")
        page.clock.pause_at(1000)
        first = "#heel-slides svg.pose-figure__svg"
        idle = drawing(page, first)
        page.locator("#timer-heel-slides").get_by_role("button", name="Start", exact=True).click()
        page.clock.run_for(5_000 + 2_000)
        assert drawing(page, first) != idle
        assert drawing(page, "#bridges svg.pose-figure__svg") == drawing(page, "#bridges svg.pose-figure__svg")
    finally:
        context.close()
