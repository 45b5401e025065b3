"""SVG geometry for print: transforms as matrices, our own path data as segments, arcs as cubic curves.

The print figures (handouts.render.figures) bake every transform into their coordinates, and handouts.pdf.forms turns
the
build's own SVGs into PDF drawing operators; both read SVG through these. Only what the build writes is read:
absolute path commands, translate, rotate and scale; anything else raises ValueError. An SVG the build prints as an
<img> travels as one kind of `data:` URL, written by `svg_data_url` (pdf_forms reads it back).
"""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import quote

__all__ = ["IDENTITY", "PAINT", "Matrix", "Point", "apply", "arc_curves", "ellipse", "geometry", "matrix", "multiply",
           "rect", "segments", "svg_data_url"]

Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]
PAINT = ("fill", "stroke", "stroke-width", "stroke-linejoin", "stroke-linecap")
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)
URL_SAFE = " ,:;=/()"
"""What an SVG's `data:` URL leaves as it is: characters a URL parser keeps as they are in a `data:` URL and that
mean nothing in an HTML attribute (spaces too: the path data's many spaces would each be three characters).
Everything else is percent-encoded: `#` (a URL's fragment: a browser would cut the picture at its first colour), `%`,
`?`, quotes and angle brackets (no HTML entities for a parser to decode one by one). Percent-encoding, not base64:
about 15% longer than the SVG instead of a third, and still readable text."""


def svg_data_url(svg: str) -> str:
    """An SVG as the `data:` URL of an <img> (the printed figures, the tick boxes): the one way the build writes it."""
    return "data:image/svg+xml," + quote(svg, safe=URL_SAFE)


def multiply(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e,
            b * e2 + d * f2 + f)


def matrix(transform: str) -> Matrix:
    """An SVG transform list of translate, rotate and scale as one matrix."""
    m = IDENTITY
    for name, args in re.findall(r"(\w+)\(([^)]*)\)", transform):
        v = [float(x) for x in args.replace(",", " ").split()]
        if name == "translate":
            step: Matrix = (1, 0, 0, 1, v[0], v[1] if len(v) > 1 else 0)
        elif name == "rotate":
            c, s = math.cos(math.radians(v[0])), math.sin(math.radians(v[0]))
            step = (c, s, -s, c, 0, 0)
        elif name == "scale":
            step = (v[0], 0, 0, v[1] if len(v) > 1 else v[0], 0, 0)
        else:
            raise ValueError(f"figure transform {name!r} is not drawn on paper")
        m = multiply(m, step)
    return m


def apply(m: Matrix, p: Point) -> Point:
    return (m[0] * p[0] + m[2] * p[1] + m[4], m[1] * p[0] + m[3] * p[1] + m[5])


def arc_curves(p0: Point, arc: tuple) -> list[tuple]:
    """An SVG elliptical arc (rx, ry, rotation 0, large, sweep, end) as cubic Béziers (SVG 1.1, F.6.5)."""
    (x0, y0), (rx, ry, _, large, sweep, (x, y)) = p0, arc
    dx, dy = (x0 - x) / 2, (y0 - y) / 2
    grow = math.sqrt(max(1.0, dx * dx / (rx * rx) + dy * dy / (ry * ry)))
    rx, ry = rx * grow, ry * grow
    num = max(0.0, rx * rx * ry * ry - rx * rx * dy * dy - ry * ry * dx * dx)
    k = math.sqrt(num / (rx * rx * dy * dy + ry * ry * dx * dx)) * (-1 if large == sweep else 1)
    cx, cy = k * rx * dy / ry + (x0 + x) / 2, -k * ry * dx / rx + (y0 + y) / 2
    t0 = math.atan2((y0 - cy) / ry, (x0 - cx) / rx)
    delta = math.atan2((y - cy) / ry, (x - cx) / rx) - t0
    if sweep and delta < 0:
        delta += 2 * math.pi
    elif not sweep and delta > 0:
        delta -= 2 * math.pi
    parts = max(1, math.ceil(abs(delta) / (math.pi / 2) - 1e-9))
    step = delta / parts
    h = 4 / 3 * math.tan(step / 4)
    out = []
    for i in range(parts):
        a, b = t0 + i * step, t0 + (i + 1) * step
        p, q = (cx + rx * math.cos(a), cy + ry * math.sin(a)), (cx + rx * math.cos(b), cy + ry * math.sin(b))
        out.append(("C", (p[0] - h * rx * math.sin(a), p[1] + h * ry * math.cos(a)),
                    (q[0] + h * rx * math.sin(b), q[1] - h * ry * math.cos(b)), q))
    return out


def segments(d: str) -> list[tuple]:
    """Our own absolute path data (M L H V Q C A Z) as ('M', p), ('L', p), ('Q', c, p), ('C', c1, c2, p),
    ('A', rx, ry, rot, large, sweep, p) and ('Z',): every command ends at its last item."""
    tokens = re.findall(r"[A-Za-z]|-?\d*\.?\d+(?:e-?\d+)?", d)
    out: list[tuple] = []
    i, cmd, x, y = 0, "", 0.0, 0.0

    def take(n: int) -> list[float]:
        nonlocal i
        i += n
        return [float(t) for t in tokens[i - n:i]]

    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
        if cmd in "ML":
            x, y = take(2)
            out.append((cmd, (x, y)))
            cmd = "L"
        elif cmd in "HV":
            x, y = (take(1)[0], y) if cmd == "H" else (x, take(1)[0])
            out.append(("L", (x, y)))
        elif cmd == "Q":
            qx, qy, x, y = take(4)
            out.append(("Q", (qx, qy), (x, y)))
        elif cmd == "C":
            ax, ay, bx, by, x, y = take(6)
            out.append(("C", (ax, ay), (bx, by), (x, y)))
        elif cmd == "A":
            rx, ry, rot, large, sweep, x, y = take(7)
            out.append(("A", rx, ry, rot, int(large), int(sweep), (x, y)))
        elif cmd == "Z":
            out.append(("Z",))
        else:
            raise ValueError(f"path command {cmd!r} in a figure")
    return out


def ellipse(cx: float, cy: float, r: float) -> list[tuple]:
    return [("M", (cx - r, cy)), ("A", r, r, 0, 1, 0, (cx + r, cy)), ("A", r, r, 0, 1, 0, (cx - r, cy)), ("Z",)]


def rect(x: float, y: float, w: float, h: float, r: float) -> list[tuple]:
    if not r:
        return [("M", (x, y)), ("L", (x + w, y)), ("L", (x + w, y + h)), ("L", (x, y + h)), ("Z",)]
    def a(p: Point) -> tuple:
        return ("A", r, r, 0, 0, 1, p)
    return [("M", (x + r, y)), ("L", (x + w - r, y)), a((x + w, y + r)), ("L", (x + w, y + h - r)),
            a((x + w - r, y + h)), ("L", (x + r, y + h)), a((x, y + h - r)), ("L", (x, y + r)), a((x + r, y)), ("Z",)]


def geometry(el: Any) -> list[tuple]:
    tag, attrs = el.tag.rsplit("}", 1)[-1], el.attrib
    f = {k: float(v) for k, v in attrs.items() if k in ("x", "y", "width", "height", "rx", "cx", "cy", "r")}
    if tag == "path":
        return segments(attrs["d"])
    if tag == "circle":
        return ellipse(f.get("cx", 0), f.get("cy", 0), f["r"])
    if tag == "rect":
        return rect(f.get("x", 0), f.get("y", 0), f["width"], f["height"], f.get("rx", 0))
    raise ValueError(f"<{tag}> in a figure")
