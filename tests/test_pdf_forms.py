"""Our print SVGs drawn once per process as PDF Form XObjects, and the QR codes read once per process
(handouts.pdf.forms): the same picture, one `Do` a PDF."""

from __future__ import annotations

import base64
import io
import random
import subprocess
from pathlib import Path
from urllib.parse import quote

import pypdf
import pytest
import segno
import weasyprint
from PIL import Image

from bench.synthetic import FIGURES, write_content
from handouts.content.load import load_library
from handouts.model.dose import prescribe
from handouts.model.values import Figure
from handouts.pdf.forms import Forms, Unsupported, bitmap_image, form_image
from handouts.pdf.render import Renderer
from handouts.pdf.writer import find_stylesheets, handout_html
from handouts.render import figures

from .conftest import ROOT, copy_project
from .test_figures import _differs as differs
from .test_figures import forget_figures

MARKED = '<svg xmlns="http://www.w3.org/2000/svg" data-print="form" viewBox="0 0 40 20">'



@pytest.fixture(scope="module")
def library():
    return load_library(ROOT / "mkdocs.yml")


def url(svg: str) -> str:
    return "data:image/svg+xml," + quote(svg)


def pages(pdf: bytes, tmp_path: Path, name: str) -> list[Image.Image]:
    (tmp_path / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "100", "-png", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)], check=True)
    return [Image.open(p).convert("RGB") for p in sorted(tmp_path.glob(f"{name}-*.png"))]



def form_xobjects(pdf: bytes) -> list[pypdf.generic.DictionaryObject]:
    found = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for ref in (page["/Resources"].get("/XObject") or {}).values():
            obj = ref.get_object()
            if obj["/Subtype"] == "/Form" and "/Group" not in obj:  # WeasyPrint's own forms are transparency groups
                found.append(obj)
    return found


def test_every_shipped_and_benchmark_figure_is_drawn_as_a_form(library, tmp_path):
    """Nothing the build draws falls back to WeasyPrint's slower SVG drawing: every shipped figure, every kind of
    figure the benchmark generates, and the rows of tick boxes convert."""
    project = copy_project(tmp_path / "project")
    write_content(project / "content", 60, 2)
    generated = load_library(project / "mkdocs.yml")
    kinds = {(e.figure.view, e.figure.posture) for e in generated.exercises.values()}
    assert len(kinds) == len(FIGURES)
    for exercise in [*library.exercises.values(), *generated.exercises.values()]:
        image = form_image(figures.figure_data_uri(exercise.figure, "#1f5f8b"))
        width, height, ratio = image.get_intrinsic_size(1, 16)
        assert image.content and width is None and height is None and 0.3 < ratio < 4, exercise.slug
    boxes = ('<svg xmlns="http://www.w3.org/2000/svg" data-print="form" width="36" height="9" viewBox="0 0 36 9">'
             '<path fill="none" stroke="#000" stroke-linejoin="round" d="M0.5 0.5H8.5V8.5H0.5Z"/></svg>')
    assert form_image(url(boxes)).get_intrinsic_size(1, 16) == (36, 9, 4)


def test_a_printed_figure_is_the_same_picture_as_weasyprint_draws_it(library, tmp_path):
    """WeasyPrint's own drawing of each SVG is the reference: the pages differ only in anti-aliasing (a rotated
    ellipse, an arc or a curve drawn wrong would move many pixels)."""
    config = ROOT / "mkdocs.yml"
    from handouts.pipeline import paths_for

    paths = paths_for(config)
    renderer = Renderer(find_stylesheets(paths.template_dirs), [paths.content_dir, *paths.template_dirs])
    base = paths.content_dir.as_uri() + "/"
    program = library.programs["upper-back-pain"]
    items = list(program.items)
    for name, html in (
        ("program", handout_html(library, items, template_dirs=paths.template_dirs, title=program.title,
                                 frequency=program.frequency, log_grid=True, program=program)),
        ("single", handout_html(library, [items[2]], template_dirs=paths.template_dirs)),
        ("knee", handout_html(library, [prescribe(e) for e in library.exercises.values() if "knee" in e.area],
                              template_dirs=paths.template_dirs, title="Knee")),
    ):
        ours, _ = renderer.render(html, base)
        theirs = weasyprint.HTML(string=html, base_url=base, url_fetcher=renderer.fetcher).write_pdf(
            stylesheets=renderer.stylesheets, font_config=renderer.font_config, pdf_variant="pdf/ua-1")
        assert len(form_xobjects(ours)) >= (3 if name != "single" else 2), name  # figures and tick boxes
        assert not form_xobjects(theirs)
        mine, reference = pages(ours, tmp_path, f"{name}-ours"), pages(theirs, tmp_path, f"{name}-theirs")
        assert len(mine) == len(reference), name
        for page, (a, b) in enumerate(zip(mine, reference, strict=True), 1):
            mean, off = differs(a, b)
            assert mean < 0.2 and off < 0.001, (name, page, mean, off)


def test_a_wrong_drawing_would_be_caught(tmp_path):
    """The comparison above can fail: an ellipse turned the wrong way (its rotation ignored) is seen."""
    svg = (f'{MARKED}<path d="M20 4A8 3 60 1 1 20 16A8 3 60 1 1 20 4Z" fill="#1f5f8b"/></svg>').replace(
        'viewBox="0 0 40 20"', 'viewBox="0 0 40 20" width="400" height="200"')
    unturned = svg.replace(" 60 ", " 0 ")
    html = '<img src="{}">'
    theirs = weasyprint.HTML(string=html.format(url(svg))).write_pdf()
    ours = weasyprint.HTML(string=html.format(url(svg))).write_pdf(cache=Forms().cache_for(html.format(url(svg))))
    wrong_src = url(unturned)
    wrong = weasyprint.HTML(string=html.format(url(svg))).write_pdf(
        cache={url(svg): form_image(wrong_src)})
    [a], [b], [c] = pages(ours, tmp_path, "ours"), pages(theirs, tmp_path, "theirs"), pages(wrong, tmp_path, "wrong")
    assert differs(a, b)[1] < 0.001
    assert differs(c, b)[1] > 0.002


@pytest.mark.parametrize("svg, why", [
    ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><path d="M0 0L4 4"/></svg>', "not an SVG this build"),
    (f'{MARKED}<text x="1" y="1">Hi</text></svg>', "<text>"),
    (f'{MARKED}<path d="M0 0L4 4" opacity="0.5"/></svg>', "opacity"),
    (f'{MARKED}<path d="M0 0L4 4" fill="red"/></svg>', "colour 'red'"),
    (f'{MARKED}<path d="M0 0l4 4"/></svg>', "path command"),
    (f'{MARKED}<g transform="skewX(10)"><path d="M0 0L4 4"/></g></svg>', "skewX"),
    (f'{MARKED}<style>path{{fill:red}}</style></svg>', "<style>"),
])
def test_anything_else_is_left_to_weasyprint(svg, why):
    """Content SVGs, and anything outside the subset this build writes, are drawn by WeasyPrint as before."""
    with pytest.raises(Unsupported, match=why):
        form_image(url(svg))
    assert Forms().cache_for(f'<img src="{url(svg)}">') == {}


def test_a_marked_svg_in_the_html_is_found_once_per_process():
    forms = Forms(limit=2)
    svgs = [f'{MARKED}<rect x="{n}" y="1" width="2" height="2" fill="#000"/></svg>' for n in range(3)]
    html = "".join(f'<img src="{url(s)}" alt="">' for s in svgs)
    first = forms.cache_for(html)
    assert len(first) == 3 and len(forms.found) == 2  # the oldest is forgotten beyond the limit
    again = forms.cache_for(f'<img src="{url(svgs[2])}">')
    assert again[url(svgs[2])] is first[url(svgs[2])]


def test_the_same_figure_gives_the_same_bytes():
    rng = random.Random(3)
    figure = Figure(view="side", posture="standing", props=("floor",),
                    poses=(("start", ()), ("end", (("hip", rng.choice([60, 70])), ("knee", 20)))),
                    alt="A person bending forward.", caption="Bend.")
    a = form_image(figures.figure_data_uri(figure, "#1f5f8b"))
    forget_figures()
    b = form_image(figures.figure_data_uri(figure, "#1f5f8b"))
    assert a.content == b.content and a.id == b.id


def png_url(image: Image.Image) -> str:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def test_a_qr_code_is_read_once_per_process_and_printed_as_weasyprint_prints_it(tmp_path):
    """The QR codes (one-bit PNGs) come from the cache as Image XObjects: the same pixels, pixelated or smoothed
    as the stylesheet says, and the same bytes on every render."""
    qr = segno.make("https://clinic.example/timer/#ex=bridge&r=10", error="m", micro=False)
    src = qr.png_data_uri(scale=8, border=2, dark="#000000", light="#ffffff")
    html = (f'<img src="{src}" alt="QR" style="width: 2.6cm; image-rendering: pixelated">'
            f'<img src="{src}" alt="QR" style="width: 1in">')
    forms = Forms()
    cache = forms.cache_for(html)
    assert [type(image).__name__ for image in cache.values()] == ["BitmapImage"]
    assert forms.cache_for(html)[src] is cache[src]
    ours = weasyprint.HTML(string=html).write_pdf(cache=cache)
    assert ours == weasyprint.HTML(string=html).write_pdf(cache=forms.cache_for(html))
    theirs = weasyprint.HTML(string=html).write_pdf()
    [a], [b] = pages(ours, tmp_path, "ours"), pages(theirs, tmp_path, "theirs")
    assert differs(a, b)[1] < 0.001
    assert len(ours) < len(theirs)  # one bit a pixel, not three bytes


@pytest.mark.parametrize("mode, why", [("RGB", "a RGB PNG"), ("P", "a P PNG"), ("LA", "a LA PNG")])
def test_a_colour_or_transparent_png_is_left_to_weasyprint(mode, why):
    src = png_url(Image.new(mode, (4, 4)))
    with pytest.raises(Unsupported, match=why):
        bitmap_image(src)
    assert Forms().cache_for(f'<img src="{src}">') == {}
