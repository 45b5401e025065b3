"""The PDFs' print layout: one page per exercise, pictures sized to fit, the disclaimer once on every page and never
alone, no text under 14 pt in large print, and the web page's order. The shipped project plus what a clinic adds:
a long exercise with a landscape picture, a short one with a portrait picture, and a program of both."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from markupsafe import Markup

from handouts.content.load import load_library
from handouts.model.dose import prescribe
from handouts.pdf import writer as pdf

from .conftest import write
from .test_pdf import build, copy_shipped, pages_text, pdfs_in, tag_tree, tagged_text, words

LANDSCAPE = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">
  <rect width="400" height="300" fill="#f4f7fa"/><rect x="300" y="10" width="14" height="280" fill="#b8c4ce"/>
  <g fill="none" stroke="#1f5f8b" stroke-width="8" stroke-linecap="round" stroke-linejoin="round">
    <circle cx="270" cy="62" r="24"/><path d="M270 86V190L250 285M270 190L290 285M270 110L225 80L215 30M270 110
    L240 150L250 200"/></g></svg>
"""
PORTRAIT = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 400">
  <rect width="300" height="400" fill="#f4f7fa"/>
  <g fill="none" stroke="#1f5f8b" stroke-width="8" stroke-linecap="round"><circle cx="150" cy="70" r="30"/>
    <path d="M150 100V250L120 380M150 250L180 380M150 130L90 200M150 130L210 200"/></g></svg>
"""
LONG_ALT = "A person stands with their back against a wall and raises both arms up along the wall."
LONG = f"""---
title: Wall angels
summary: Stand against a wall and slide your arms up and down to open your chest and upper back.
area: [upper back]
equipment: [a wall]
cautions:
  - Stop if you feel pain, numbness or tingling in your arms or hands.
  - Do not arch your lower back to reach higher; keep it close to the wall.
  - Breathe out slowly as you slide your arms up, and never hold your breath.
image:
  src: images/wall-angels.svg
  alt: {LONG_ALT}
  caption: Keep your head, upper back and bottom against the wall.
dose:
  reps: 10
  sets: 2
  hold: 3
---

1. Stand with your back against a wall and your feet a small step away from it, about as wide as your hips.
2. Press your head, your upper back and your bottom gently against the wall, and keep your knees a little soft.
3. Raise your arms out to the sides and bend your elbows, so your hands are level with your ears.
4. Press the backs of your arms and hands against the wall, as much as you comfortably can without pain.
5. Slowly slide your arms up the wall, as high as you can while your arms and back stay against it.
6. Hold for a moment at the top, then slowly slide your arms back down until your elbows are at shoulder height.
7. Rest for a few seconds between repeats, keep breathing slowly, and then do the next repeat in the same way.
"""
SHORT_ALT = "A person stands in a doorway with their forearms on the frame."
SHORT = f"""---
title: Doorway stretch
summary: Stretch the front of your chest and shoulders in a doorway.
area: [upper back]
image:
  src: images/doorway.svg
  alt: {SHORT_ALT}
dose:
  reps: 3
  hold: 20
---

1. Stand in a doorway and put your forearms on the door frame, elbows at shoulder height.
2. Step one foot forward slowly until you feel a stretch across your chest.
3. Hold the stretch, then step back and relax.
"""
PROGRAM = """---
title: Open your chest
summary: Two exercises to open your chest and upper back.
exercises: [wall-angels, doorway-stretch]
---

Do these two exercises every day.
"""
PX_PER_INCH = 96
"""WeasyPrint writes a figure's tagged /BBox in CSS pixels."""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    project = copy_shipped(tmp_path_factory.mktemp("print") / "project")
    return write(project, {
        "content/images/wall-angels.svg": LANDSCAPE, "content/images/doorway.svg": PORTRAIT,
        "content/exercises/wall-angels.md": LONG, "content/exercises/doorway-stretch.md": SHORT,
        "content/programs/open-your-chest.md": PROGRAM,
    })


@pytest.fixture(scope="module")
def built(project, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("print-out")
    build(project, out / "pdf", out / "cache")
    return pdfs_in(out / "pdf")


def text_runs(data: bytes) -> list[tuple[int, float, str, str]]:
    """(page, size in points, font, text) of every run of text drawn, however the page scales it."""
    runs = []
    for number, page in enumerate(pypdf.PdfReader(io.BytesIO(data)).pages, 1):

        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                # The text matrix times the page's matrix: the vertical scale of a glyph, in points.
                b, d = tm[1] * cm[0] + tm[3] * cm[2], tm[1] * cm[1] + tm[3] * cm[3]
                runs.append((number, round(size * (b * b + d * d) ** 0.5, 2), str(font["/BaseFont"]), text))

        page.extract_text(visitor_text=visit)
    return runs


def test_a_one_exercise_handout_fits_one_page(built):
    singles = {name: data for name, data in built.items() if name.startswith("exercises/") and "-large" not in name}
    assert {"exercises/wall-angels.pdf", "exercises/doorway-stretch.pdf"} <= set(singles)
    for name, data in singles.items():
        assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 1, name


def figure_boxes(data: bytes, alt: str) -> list[tuple[float, float]]:
    """Width and height in inches of each tagged figure with this alt text."""
    boxes = []
    for node, _ in tag_tree(pypdf.PdfReader(io.BytesIO(data))):
        if not isinstance(node, int) and node.get("/S") == "/Figure" and str(node.get("/Alt")) == alt:
            x1, y1, x2, y2 = (float(v) for v in node["/A"]["/BBox"])
            boxes.append(((x2 - x1) / PX_PER_INCH, (y2 - y1) / PX_PER_INCH))
    return boxes


@pytest.mark.parametrize(("variant", "most"), [("", (2.2, 1.8)), ("-large", (3.4, 2.8))])
def test_a_picture_is_at_most_2_2_by_1_8_inches_and_keeps_its_shape(built, variant, most):
    """2.2 by 1.8 inches at most; in large print 3.4 by 2.8 (at least 1.5 times as large)."""
    [(width, height)] = figure_boxes(built[f"exercises/wall-angels{variant}.pdf"], LONG_ALT)
    assert (width, height) == (pytest.approx(most[0], abs=0.01), pytest.approx(most[0] * 3 / 4, abs=0.01))
    [(width, height)] = figure_boxes(built[f"exercises/doorway-stretch{variant}.pdf"], SHORT_ALT)
    assert width <= most[0] + 0.01 and height == pytest.approx(most[1], abs=0.01)  # drawn inside, 3:4, by object-fit
    program = built[f"programs/open-your-chest{variant}.pdf"]
    assert len(figure_boxes(program, LONG_ALT)) == len(figure_boxes(program, SHORT_ALT)) == 1


def test_every_page_has_text_besides_the_disclaimer_and_page_number(built):
    for name, data in built.items():
        pages = pages_text(data)
        for number, text in enumerate(pages, 1):
            rest = re.sub(rf"Important: .*provider\.|Page {number} of {len(pages)}", "", text)
            assert len(rest.split()) > 10, f"{name} page {number}: {rest!r}"


def test_the_disclaimer_never_gets_a_page_of_its_own_however_full_the_last_page_is(project):
    """A sheet pushed down 20 pt at a time, past the point where it needs a second page."""
    library = load_library(project / "mkdocs.yml", project)
    rolls = library.exercises["shoulder-rolls"]
    folders = {"template_dirs": [project / "templates"]}
    page_counts = set()
    for height in range(140, 640, 20):  # from 140: the exercise has a figure beside its steps
        spacer = Markup(f'<div style="height: {height}pt"></div>')
        html = pdf.handout_html(library, [prescribe(rolls)], title="Your exercises", header=spacer, **folders)
        data = pdf.render_pdf(
            html, project / "content", allowed_roots=[project / "content", project / "templates"], **folders
        )
        pages = pages_text(data)
        page_counts.add(len(pages))
        assert [text.count("Important:") for text in pages] == [1] * len(pages), height
        assert "Tick a box for each repeat." in pages[-1], height  # the last page ends the exercise
    assert page_counts == {1, 2}


def test_text_is_at_least_14_pt_in_large_print_and_11_pt_in_normal_print(built):
    for name, data in built.items():
        smallest = 14 if "-large" in name else 11
        small = [(page, size, text) for page, size, _, text in text_runs(data) if size < smallest - 0.01]
        assert not small, (name, small[:5])


def test_the_footer_is_11_pt_or_14_pt_in_large_print(built):
    for name, data in built.items():
        sizes = {size for _, size, _, text in text_runs(data) if re.search(r"Important:|Page \d+ of \d+", text)}
        assert sizes == {14.0 if "-large" in name else 11.0}, name


def test_summaries_are_upright(project, built):
    library = load_library(project / "mkdocs.yml", project)
    summaries = [item.summary for item in [*library.exercises.values(), *library.programs.values()]]
    for name, data in built.items():
        runs = [(font, words(text)) for _, _, font, text in text_runs(data) if len(text.split()) >= 3]
        in_summaries = [font for font, text in runs if any(text in summary for summary in summaries)]
        assert in_summaries and not any("Italic" in font for font in in_summaries), name


def in_order(text: str, *parts: str) -> bool:
    """Whether each part is found in the text after the one before it."""
    position = 0
    for part in parts:
        position = text.find(part, position)
        if position < 0:
            return False
    return True


def test_print_follows_the_web_page_order_summary_dose_picture_steps_cautions_timer(project, built):
    """As a screen reader reads the tagged PDF, for one exercise and for each exercise of a program."""
    library = load_library(project / "mkdocs.yml", project)
    for variant in ("", "-large"):
        for slug in ("wall-angels", "open-books"):
            exercise = library.exercises[slug]
            text = " ".join(tagged_text(built[f"exercises/{slug}{variant}.pdf"]))
            picture = exercise.image.alt if exercise.image else ""
            assert in_order(text, exercise.summary, "Repeat 10 times", "Stay safe:", picture,
                            f"1. {exercise.steps[0].text}", "Tick a box for each repeat."), (slug, variant)
        text = " ".join(tagged_text(built[f"programs/open-your-chest{variant}.pdf"]))
        # A program's exercises point at its weekly log, which ends the handout (tests/test_log.py).
        log = "tick today in the weekly log"
        assert in_order(text, "Stay safe:", "Wall angels", "upper back.", "Hold for 3 seconds", LONG_ALT,
                        "1. Stand with your back", "Take care", log, "Doorway stretch", "doorway.",
                        "Hold for 20 seconds", SHORT_ALT, "1. Stand in a doorway", log,
                        "Your week", "Wall angels", "Doorway stretch", "Pain, 0 to 10")
        assert in_order(" ".join(tagged_text(built[f"exercises/wall-angels{variant}.pdf"])), "Take care", "Tick")


# -- large print draws its figures larger; a program's first page is not left mostly empty (issue 23) --------------


def _times(a: list[float], b: list[float]) -> list[float]:
    """The product of two PDF matrices [a b c d e f]: `a` applied first."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def drawn_figures(data: bytes) -> dict[str, list[tuple[int, float, float]]]:
    """(page, width, height in inches) of what each tagged figure draws, by its alt text: the extent of what the
    page's content stream paints in the figure's marked content (an XObject's box, a path's points, each through
    every transformation), not the box the figure sits in."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    points: dict[tuple[int, int], list[tuple[float, float]]] = {}
    path_points = {b"m": 2, b"l": 2, b"c": 6, b"v": 4, b"y": 4}
    for number, page in enumerate(reader.pages):
        matrix, saved, marked = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], [], []
        xobjects = page["/Resources"].get("/XObject", {})
        for operands, op in pypdf.generic.ContentStream(page.get_contents(), reader).operations:
            if op == b"q":
                saved.append(matrix)
            elif op == b"Q":
                matrix = saved.pop()
            elif op == b"cm":
                matrix = _times([float(v) for v in operands], matrix)
            elif op in (b"BDC", b"BMC"):
                props = operands[1] if op == b"BDC" else None
                marked.append(props.get("/MCID") if isinstance(props, pypdf.generic.DictionaryObject) else None)
            elif op == b"EMC":
                marked.pop()
            if not any(m is not None for m in marked) or op not in (b"Do", b"re", *path_points):
                continue
            place, corners = matrix, []
            if op == b"Do":
                xobject = xobjects[operands[0]].get_object()
                box = [0.0, 0.0, 1.0, 1.0]  # an image is drawn on the unit square
                if xobject["/Subtype"] == "/Form":
                    box = [float(v) for v in xobject["/BBox"]]
                    place = _times([float(v) for v in xobject.get("/Matrix", [1, 0, 0, 1, 0, 0])], matrix)
                corners = [(x, y) for x in box[::2] for y in box[1::2]]
            elif op == b"re":
                x, y, w, h = (float(v) for v in operands)
                corners = [(x, y), (x + w, y + h)]
            else:
                numbers = [float(v) for v in operands]
                corners = list(zip(numbers[::2], numbers[1::2], strict=True))
            mcid = int(next(m for m in reversed(marked) if m is not None))
            points.setdefault((number, mcid), []).extend(
                (x * place[0] + y * place[2] + place[4], x * place[1] + y * place[3] + place[5]) for x, y in corners)
    painted = {key: ((max(x for x, _ in p) - min(x for x, _ in p)) / 72, (max(y for _, y in p) - min(y for _, y in p))
                     / 72) for key, p in points.items()}
    found: dict[str, list[tuple[int, float, float]]] = {}
    for node, page in tag_tree(reader, first_page=0):
        if isinstance(node, int) or node.get("/S") != "/Figure":
            continue
        kids = node["/K"] if isinstance(node["/K"], list) else [node["/K"]]
        for kid in kids:
            kid = kid.get_object()
            mcid = kid if isinstance(kid, int) else kid["/MCID"]
            found.setdefault(str(node["/Alt"]), []).append((page, *painted[(page, int(mcid))]))
    return found


def test_large_print_draws_every_figure_at_least_one_and_a_half_times_as_large(project, built):
    library = load_library(project / "mkdocs.yml", project)
    measured = 0
    for slug, exercise in library.exercises.items():
        alt = exercise.image.alt if exercise.image else exercise.figure.alt
        [(_, width, height)] = drawn_figures(built[f"exercises/{slug}.pdf"])[alt]
        [(_, large_width, large_height)] = drawn_figures(built[f"exercises/{slug}-large.pdf"])[alt]
        assert 0.5 < width <= 2.21 and 0.5 < height <= 1.81, slug  # normal print: beside the steps
        assert large_width >= 1.5 * width - 0.005 and large_height >= 1.5 * height - 0.005, (
            slug, (width, height), (large_width, large_height))
        measured += 1
    assert measured == len(library.exercises) == 12  # the shipped figures, and the clinic's two pictures
    for variant in ("", "-large"):  # and so in a program
        figures = drawn_figures(built[f"programs/open-your-chest{variant}.pdf"])
        assert [size for _, *size in figures[LONG_ALT]] == [
            [w for _, *w in drawn_figures(built[f"exercises/wall-angels{variant}.pdf"])[LONG_ALT]][0]]


def exercise_pages(data: bytes, titles: list[str]) -> list[tuple[int, int]]:
    """For each exercise of a program handout, in order: the page its heading is on, and the page its timer's QR
    code is on (read as assistive technology reads the tagged PDF)."""
    pages = tagged_text(data)
    found = []
    for title in titles:
        heading = next(n for n, text in enumerate(pages) if re.search(rf"{re.escape(title)} [A-Z]", text))
        qr = next(n for n, text in enumerate(pages) if f"open the timer for {title} with" in text)
        found.append((heading, qr))
    return found


def test_a_programs_first_exercise_starts_on_its_first_page_and_the_others_stay_whole(project, built):
    library = load_library(project / "mkdocs.yml", project)
    for slug in ("upper-back-pain", "knee-pain"):
        program = library.programs[slug]
        first = program.items[0].exercise
        normal = exercise_pages(built[f"programs/{slug}.pdf"], [i.exercise.title for i in program.items])
        assert normal[0][0] == 0, slug  # its title on page 1, under the introduction
        page_one = tagged_text(built[f"programs/{slug}.pdf"])[0]
        assert all(f"{n}. {step.text}" in page_one for n, step in enumerate(first.steps, 1))  # what to do, whole
        assert all(heading == qr for heading, qr in normal[1:]), (slug, normal)  # never split
        large = exercise_pages(built[f"programs/{slug}-large.pdf"], [i.exercise.title for i in program.items])
        assert all(heading == qr for heading, qr in large[1:]), (slug, large)
        # In large print what to do does not fit under the introduction: the first exercise starts on page 2,
        # whole, and leaves nothing of itself (not even its rule) on page 1.
        assert large[0] == (1, 1), (slug, large)
        assert first.summary not in tagged_text(built[f"programs/{slug}-large.pdf"])[0]
