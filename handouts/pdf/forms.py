"""Our own print SVGs (the pose figures, the rows of tick boxes) drawn once per process, as PDF Form XObjects.

WeasyPrint draws an SVG image node by node on every document, parsing each number of each path again (a figure of
two poses is about 400 numbers: 4 to 6 ms of one core, in each PDF that shows it; a program's PDF shows five or
more). An SVG that the build itself wrote, and marked `data-print="form"`, is instead turned here into PDF drawing
operators once per worker process, and handed to WeasyPrint through its image cache (`write_pdf(cache=...)`, keyed
by the image's URL) as an image whose PDF object is that Form XObject: every document then draws it with one `Do`.
Layout, tagging (the <img> stays a Figure with its alt text) and the picture are unchanged; tests compare the pixels
with WeasyPrint's own drawing of the same SVG.

Only the SVG this project writes is converted, and only the subset it uses (svg, g, path, rect, circle; translate,
rotate and scale; fill, stroke, stroke-width, stroke-linejoin, stroke-linecap as hex colours and numbers). Anything
else raises `Unsupported`, and the image is left to WeasyPrint: slower, never wrong.

The QR codes (one-bit PNG data URLs, handouts.render.qr) go through the same cache as `BitmapImage`s: WeasyPrint
would fetch each one, decode it, widen it to RGB and encode it as PNG twice, in every PDF (about 2.5 ms of one core a
code; a program shows one or two per exercise). Here a black-and-white or grey PNG without transparency is decoded
once per process and kept as the compressed rows of an Image XObject, drawn as WeasyPrint draws a PNG.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import math
import re
import struct
import zlib
from collections import OrderedDict
from typing import Any
from urllib.parse import unquote
from xml.etree import ElementTree

import pydyf  # type: ignore[import-untyped]
from PIL import Image

from ..render.svg_geometry import IDENTITY, PAINT, Matrix, Point, apply, arc_curves, geometry, matrix, multiply

__all__ = ["MARK", "BitmapImage", "FormImage", "Forms", "Unsupported", "bitmap_image", "form_image"]

MARK = 'data-print="form"'
"""On the root of an SVG the build writes for print: draw it as a Form XObject."""
IMAGE_URL = re.compile(r'src="(data:image/(?:svg\+xml,|png;base64,)[^"]*)"')
SVG_NS = "{http://www.w3.org/2000/svg}"
SHAPES = ("path", "rect", "circle")
QUIET = {"xmlns", "class", "role", "aria-label", "aria-hidden", "id", "data-print", "viewBox", "width", "height",
         "transform", "d", "x", "y", "rx", "cx", "cy", "r", *PAINT}
"""Attributes that change nothing here or are read below; any other attribute is Unsupported."""
JOINS = {"miter": 0, "round": 1, "bevel": 2}
CAPS = {"butt": 0, "round": 1, "square": 2}


class Unsupported(ValueError):
    """The SVG uses something this converter does not draw: leave it to WeasyPrint."""


class FormImage:
    """An image for WeasyPrint (the calls its RasterImage and SVGImage answer) whose PDF object is a Form XObject.

    `box` is the SVG's viewBox; `size` its width and height attributes in CSS pixels, when it has them. Drawn like
    WeasyPrint draws an SVG: scaled to fit the box it is given, keeping its proportions, centred (`xMidYMid meet`),
    clipped to the viewBox (the form's BBox).
    """

    def __init__(self, key: str, content: bytes, box: tuple[float, float, float, float],
                 size: tuple[float | None, float | None]):
        self.id = key
        self.content = content
        """The drawing operators, already Flate-compressed (once, not in every PDF)."""
        self.box = box
        self.size = size

    def get_intrinsic_size(self, image_resolution: float, font_size: float) -> tuple[Any, Any, float]:
        width, height = self.size
        ratio = self.box[2] / self.box[3]
        if width is None and height is not None:
            width = height * ratio
        elif height is None and width is not None:
            height = width / ratio
        return width, height, ratio

    def draw(self, stream: Any, concrete_width: float, concrete_height: float, style: Any) -> None:
        x, y, w, h = self.box
        if w <= 0 or h <= 0 or concrete_width <= 0 or concrete_height <= 0:
            return
        scale = min(concrete_width / w, concrete_height / h)
        name = stream.add_image(self, False, 1)
        stream.transform(scale, 0, 0, scale, (concrete_width - w * scale) / 2 - x * scale,
                         (concrete_height - h * scale) / 2 - y * scale)
        stream.draw_x_object(name)

    def get_x_object(self, interpolate: bool, dpi_ratio: float) -> pydyf.Stream:
        x, y, w, h = self.box
        return pydyf.Stream([self.content], pydyf.Dictionary({
            "Type": "/XObject", "Subtype": "/Form", "BBox": pydyf.Array((x, y, x + w, y + h)),
            "Resources": pydyf.Dictionary(), "Filter": "/FlateDecode",
        }))


def form_image(url: str) -> FormImage:
    """The Form XObject image of a `data:image/svg+xml,` URL whose SVG carries MARK; raise Unsupported otherwise."""
    if not url.startswith("data:image/svg+xml,"):
        raise Unsupported("not an SVG data URL")
    svg = unquote(url.split(",", 1)[1])
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError as err:
        raise Unsupported(f"not well-formed: {err}") from None
    if root.tag != f"{SVG_NS}svg" or root.get("data-print") != "form":
        raise Unsupported("not an SVG this build wrote for print")
    try:
        box = tuple(float(v) for v in root.get("viewBox", "").replace(",", " ").split())
    except ValueError:
        raise Unsupported("viewBox is not four numbers") from None
    if len(box) != 4:
        raise Unsupported("no viewBox")
    size = (_pixels(root.get("width")), _pixels(root.get("height")))
    _check_attributes(root)
    out = _Operators()
    out.raw("4 M")  # SVG's default miter limit; PDF's is 10
    _draw(root, IDENTITY, {}, out)
    key = hashlib.sha256(url.encode()).hexdigest()[:16]
    return FormImage(key, zlib.compress(out.bytes()), (box[0], box[1], box[2], box[3]), size)


class BitmapImage:
    """An image for WeasyPrint whose PDF object is a grey or one-bit Image XObject, its rows compressed once.

    Drawn as WeasyPrint draws a PNG (weasyprint.images.RasterImage): stretched to its box, interpolated unless
    `image-rendering` says otherwise. The build sets no `dpi` option, so an image is never resampled.
    """

    def __init__(self, key: str, rows: bytes, width: int, height: int, bits: int):
        self.id = key
        self.rows = rows
        """The PNG's IDAT data: Flate-compressed rows, each with its PNG filter byte (PDF's predictor 15)."""
        self.width, self.height, self.bits = width, height, bits

    def get_intrinsic_size(self, image_resolution: float, font_size: float) -> tuple[float, float, float]:
        return self.width / image_resolution, self.height / image_resolution, self.width / self.height

    def draw(self, stream: Any, concrete_width: float, concrete_height: float, style: Any) -> None:
        name = stream.add_image(self, style["image_rendering"] == "auto", 1)
        stream.transform(concrete_width, 0, 0, -concrete_height, 0, concrete_height)
        stream.draw_x_object(name)

    def get_x_object(self, interpolate: bool, dpi_ratio: float) -> pydyf.Stream:
        return pydyf.Stream([self.rows], pydyf.Dictionary({
            "Type": "/XObject", "Subtype": "/Image", "Width": self.width, "Height": self.height,
            "ColorSpace": "/DeviceGray", "BitsPerComponent": self.bits,
            "Interpolate": "true" if interpolate else "false", "Filter": "/FlateDecode",
            "DecodeParms": pydyf.Dictionary({"Predictor": 15, "Columns": self.width, "BitsPerComponent": self.bits}),
        }))


def bitmap_image(url: str) -> BitmapImage:
    """The image of a `data:image/png;base64,` URL of a one-bit or grey PNG; raise Unsupported for any other."""
    if not url.startswith("data:image/png;base64,"):
        raise Unsupported("not a PNG data URL")
    try:
        image = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1], validate=True)))
        image.load()
    except (ValueError, OSError) as err:
        raise Unsupported(f"not a readable PNG: {err}") from None
    if image.format != "PNG" or image.mode not in ("1", "L") or "transparency" in image.info:
        raise Unsupported(f"a {image.mode} PNG: only black-and-white and grey ones without transparency")
    if image.width <= 0 or image.height <= 0:
        raise Unsupported("an empty PNG")
    key = hashlib.sha256(url.encode()).hexdigest()[:16]
    return BitmapImage(key, _png_rows(image), image.width, image.height, 1 if image.mode == "1" else 8)


def _png_rows(image: Image.Image) -> bytes:
    """The IDAT data of `image` saved as a (non-interlaced) PNG by Pillow."""
    out = io.BytesIO()
    image.save(out, format="PNG")
    data, at, rows = out.getvalue(), 8, []
    while at < len(data):
        (length,), kind = struct.unpack("!I", data[at:at + 4]), data[at + 4:at + 8]
        if kind == b"IDAT":
            rows.append(data[at + 8:at + 8 + length])
        at += 12 + length
    return b"".join(rows)


class Forms:
    """One process's converted images (our print SVGs, the QR codes), by URL (the most recently used few thousand)."""

    def __init__(self, limit: int = 4096):
        self.limit = limit
        self.found: OrderedDict[str, FormImage | BitmapImage | None] = OrderedDict()

    def cache_for(self, document: str) -> dict[str, Any]:
        """WeasyPrint's image cache for one HTML document: our print SVGs and QR codes in it, already drawn."""
        cache: dict[str, Any] = {}
        for match in IMAGE_URL.finditer(document):
            url = html.unescape(match.group(1))
            if url in self.found:
                self.found.move_to_end(url)
                image = self.found[url]
            else:
                try:
                    image = form_image(url) if url.startswith("data:image/svg") else bitmap_image(url)
                except Unsupported:
                    image = None
                self.found[url] = image
                if len(self.found) > self.limit:
                    self.found.popitem(last=False)
            if image is not None:
                cache[url] = image
        return cache


def _pixels(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return float(value.removesuffix("px"))
    except ValueError:
        raise Unsupported(f"size {value!r} is not in pixels") from None


def _check_attributes(node: Any) -> None:
    for el in node.iter():
        tag = el.tag.removeprefix(SVG_NS)
        if tag not in ("svg", "g", *SHAPES):
            raise Unsupported(f"<{tag}>")
        extra = [k for k in el.attrib if k not in QUIET and not k.startswith("data-")]
        if extra:
            raise Unsupported(f"<{tag}> with {', '.join(extra)}")


class _Operators:
    """PDF content stream operators, written with few digits and no repeated state."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.state: dict[str, str] = {}

    def raw(self, op: str) -> None:
        self.parts.append(op)

    def set(self, name: str, op: str) -> None:
        if self.state.get(name) != op:
            self.state[name] = op
            self.parts.append(op)

    def bytes(self) -> bytes:
        return "\n".join(self.parts).encode("ascii")


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _rgb(colour: str) -> str:
    c = colour.strip().lower()
    if re.fullmatch(r"#[0-9a-f]{3}", c):
        c = "#" + "".join(ch * 2 for ch in c[1:])
    if not re.fullmatch(r"#[0-9a-f]{6}", c):
        raise Unsupported(f"colour {colour!r}")
    return " ".join(_num(int(c[i:i + 2], 16) / 255) for i in (1, 3, 5))


def _draw(node: Any, m: Matrix, paint: dict[str, str], out: _Operators) -> None:
    """Each shape under `node`, in painting order, with its transforms and inherited paint applied."""
    for el in node:
        try:
            here = multiply(m, matrix(el.get("transform", "")))
        except ValueError as err:
            raise Unsupported(str(err)) from None
        inherited = {**paint, **{k: el.get(k) for k in PAINT if el.get(k) is not None}}
        if el.tag.endswith("}g"):
            _draw(el, here, inherited, out)
            continue
        try:
            segments = geometry(el)
        except (KeyError, ValueError) as err:
            raise Unsupported(f"shape: {err}") from None
        _shape(segments, here, inherited, out)


def _shape(segments: list[tuple], m: Matrix, paint: dict[str, str], out: _Operators) -> None:
    fill, stroke = paint.get("fill", "#000"), paint.get("stroke", "none")
    if fill == "none" and stroke == "none":
        return
    path = _path(segments, m)
    if not path:
        return
    if fill != "none":
        out.set("fill", f"{_rgb(fill)} rg")
    if stroke != "none":
        out.set("stroke", f"{_rgb(stroke)} RG")
        try:
            width = float(paint.get("stroke-width", "1")) * math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))
        except ValueError:
            raise Unsupported(f"stroke-width {paint['stroke-width']!r}") from None
        join, cap = paint.get("stroke-linejoin", "miter"), paint.get("stroke-linecap", "butt")
        if join not in JOINS or cap not in CAPS:
            raise Unsupported(f"stroke-linejoin {join!r} or stroke-linecap {cap!r}")
        out.set("width", f"{_num(width)} w")
        out.set("join", f"{JOINS[join]} j")
        out.set("cap", f"{CAPS[cap]} J")
    out.raw(path)
    out.raw("B" if fill != "none" and stroke != "none" else "f" if fill != "none" else "S")


def _path(segments: list[tuple], m: Matrix) -> str:
    """Path construction operators for our segments (M L Q A Z, absolute), moved by `m`; curves become cubics."""
    ops: list[str] = []
    here: Point = (0.0, 0.0)
    start: Point = here

    def pt(p: Point) -> str:
        x, y = apply(m, p)
        return f"{_num(x)} {_num(y)}"

    for seg in segments:
        kind = seg[0]
        if kind == "M":
            ops.append(f"{pt(seg[1])} m")
            here = start = seg[1]
        elif kind == "L":
            ops.append(f"{pt(seg[1])} l")
            here = seg[1]
        elif kind == "Q":
            (qx, qy), (x, y) = seg[1], seg[2]
            c1 = (here[0] + 2 / 3 * (qx - here[0]), here[1] + 2 / 3 * (qy - here[1]))
            c2 = (x + 2 / 3 * (qx - x), y + 2 / 3 * (qy - y))
            ops.append(f"{pt(c1)} {pt(c2)} {pt((x, y))} c")
            here = (x, y)
        elif kind == "C":
            ops.append(f"{pt(seg[1])} {pt(seg[2])} {pt(seg[3])} c")
            here = seg[3]
        elif kind == "A":
            for curve in _rotated_arc(here, seg[1:]):
                ops.append(f"{pt(curve[1])} {pt(curve[2])} {pt(curve[3])} c")
            here = seg[6]
        elif kind == "Z":
            ops.append("h")
            here = start
        else:
            raise Unsupported(f"path command {kind!r}")
    return " ".join(ops)


def _rotated_arc(p0: Point, arc: tuple) -> list[tuple]:
    """An SVG arc (rx, ry, rotation, large, sweep, end) as cubic curves, its x axis turned by `rotation` degrees."""
    rx, ry, rotation, large, sweep, end = arc
    if not rx or not ry:
        return [("C", p0, end, end)]
    turn = math.radians(float(rotation)) if rx != ry else 0.0
    if not turn:
        return arc_curves(p0, (abs(rx), abs(ry), 0, large, sweep, end))
    c, s = math.cos(turn), math.sin(turn)

    def unturn(p: Point) -> Point:
        return (c * p[0] + s * p[1], -s * p[0] + c * p[1])

    def returned(p: Point) -> Point:
        return (c * p[0] - s * p[1], s * p[0] + c * p[1])

    curves = arc_curves(unturn(p0), (abs(rx), abs(ry), 0, large, sweep, unturn(end)))
    return [(kind, *(returned(p) for p in points)) for kind, *points in curves]
