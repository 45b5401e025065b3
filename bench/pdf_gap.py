"""The per-PDF gap, item by item: one exercise handout and one program handout against WeasyPrint's plain-text floor.

    python bench/pdf_gap.py [--exercises 40] [--programs 8] [--repeat 12] [--rounds 3] [--json FILE]

Builds the benchmark's synthetic library (bench/synthetic.py, with figures; a site address, so the handouts carry
their QR codes as a published clinic's do), takes the normal-print exercise handout and program handout of median
size, and renders each through the build's own renderer (handouts.pdf.render.Renderer: the sandbox, the shared fonts
and stylesheets, the figures as Form XObjects), warm, many times. Then:

- items: WeasyPrint's stages timed by wrapping them (CPU time, each stage's own time without the stages inside it),
  so the items add up to the whole render; cProfile's cumulative time for the same functions beside them;
- variants: the same handout rendered with one thing taken away or changed (no tags, no "Page N of M", no
  disclaimer, another font, the PDF options), lowest of `--rounds`, to show what each thing costs as a whole;
- the floor: WeasyPrint's plain, unstyled text (bench/plain_text.py) of the same number of words, tagged.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import inspect
import json
import pstats
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pydyf  # noqa: E402
import weasyprint  # noqa: E402
import weasyprint.document  # noqa: E402
import weasyprint.layout  # noqa: E402
import weasyprint.layout.page  # noqa: E402
import weasyprint.pdf  # noqa: E402
import weasyprint.pdf.stream  # noqa: E402

from bench.plain_text import document as plain_document  # noqa: E402
from bench.run import english_project  # noqa: E402
from handouts.content.load import load_library  # noqa: E402
from handouts.pdf import forms  # noqa: E402
from handouts.pdf.pool import collector_held  # noqa: E402
from handouts.pdf.render import Renderer  # noqa: E402
from handouts.pdf.writer import PDF_OPTIONS, find_stylesheets, library_handouts  # noqa: E402
from handouts.pipeline import paths_for  # noqa: E402

SITE_URL = "https://clinic.example/"

# (label, owner, attribute, what it buys us). Each is timed for its own time, without the items called inside it.
ITEMS = [
    ("HTML parsed", weasyprint.HTML, "__init__", "the handout's HTML as a tree"),
    (
        "our figures looked up (Form XObjects)",
        forms.Forms,
        "cache_for",
        "each pose figure and row of boxes drawn once per process, not per PDF",
    ),
    (
        "cascade: selectors matched",
        weasyprint.document,
        "get_all_computed_styles",
        "our print stylesheets and the handout's <style> applied to each element",
    ),
    ("boxes built", weasyprint.document, "build_formatting_structure", "the CSS box tree, ::after, lists"),
    (
        "images read (QR codes, figures)",
        weasyprint.document,
        "original_get_image_from_uri",
        "the QR codes' PNGs decoded; our figures come from the cache",
    ),
    (
        "layout: pages (every pass)",
        weasyprint.layout,
        "make_all_pages",
        "line breaking, floats, page breaks; a second pass when a page needs counter(pages)",
    ),
    ("layout: pages (every pass)", weasyprint.layout.page, "remake_page", ""),
    (
        "layout: the disclaimer on each page",
        weasyprint.layout,
        "layout_fixed_boxes",
        "the disclaimer (a fixed box) laid out again on every page, as tagged text",
    ),
    ("layout: margin boxes (Page N of M)", weasyprint.layout, "make_margin_boxes", "the footer's page numbers"),
    ("layout: the rest", weasyprint.layout, "layout_document", "counters, bookmarks, backgrounds"),
    ("drawing (content streams)", weasyprint.document.Page, "paint", "text, borders, images as PDF operators"),
    (
        "fonts: faces read into each PDF",
        weasyprint.pdf.stream,
        "Font",
        "each font used, read and measured once per PDF (WeasyPrint keeps no Font between documents)",
    ),
    (
        "fonts: subset and embedded",
        weasyprint.pdf,
        "build_fonts_dictionary",
        "only the glyphs used, with widths and ToUnicode (copy and search work)",
    ),
    ("image XObjects written", weasyprint.pdf, "_use_references", "the QR codes' and figures' PDF objects"),
    (
        "tag tree (PDF/UA-1)",
        weasyprint.pdf,
        "add_tags",
        "headings, lists, figures with alt text: what a screen reader reads",
    ),
    ("PDF/UA metadata (XMP)", weasyprint.document.DocumentMetadata, "include_in_pdf", "the PDF/UA-1 claim"),
    ("PDF assembled (pages, links, info)", weasyprint.document, "generate_pdf", "page objects, links, title"),
    ("writing (pydyf, Flate compression)", pydyf.PDF, "write", "the bytes, compressed"),
]
REST = "the rest (render glue)"
GC = "Python's garbage collector"
"""Timed on its own (gc.callbacks): a collection falls in whichever stage happens to allocate at the time."""

FOOTER_CONTENT = '"Page " counter(page) " of " counter(pages)'
VARIANTS: dict[str, tuple[str, dict]] = {
    # name: (extra CSS after ours, write_pdf options that replace ours)
    "as built": ("", {}),
    "untagged (no PDF/UA-1)": ("", {"pdf_variant": None}),
    'no "Page N of M"': ("@page { @bottom-right { content: none } }", {}),
    '"Page N" only (no counter(pages))': ('@page { @bottom-right { content: "Page " counter(page) } }', {}),
    "no disclaimer on each page": (".page-footer { display: none }", {}),
    "one system font (DejaVu Sans)": ("html { font-family: 'DejaVu Sans' }", {}),
    "full fonts (no subsetting)": ("", {"full_fonts": True}),
    "hinting kept": ("", {"hinting": True}),
    "uncompressed PDF": ("", {"uncompressed_pdf": True}),
    "figures drawn by WeasyPrint (no Form XObjects)": ("", {"_no_forms": True}),
    "QR codes read by WeasyPrint in each PDF": ("", {"_no_qr": True}),
    "no print stylesheets at all": ("", {"_no_stylesheets": True}),
}


class Stages:
    """CPU time of each item, its own time only: a stage inside another is taken out of the outer one."""

    def __init__(self) -> None:
        self.spent: defaultdict[str, float] = defaultdict(float)
        self.functions: Counter[str] = Counter()
        """Calls of each wrapped function, by its name."""
        self._inner: list[float] = []
        self._collecting = 0.0
        self._undo: list[tuple[object, str, object]] = []

    def _run(self, label: str, call: Callable, *args, **kwargs):
        self._inner.append(0.0)
        started = time.process_time()
        try:
            return call(*args, **kwargs)
        finally:
            total = time.process_time() - started
            self.spent[label] += total - self._inner.pop()
            if self._inner:
                self._inner[-1] += total

    def collected(self, phase: str, info: dict) -> None:
        """gc.callbacks: a collection's time is its own item, taken out of the stage it interrupted."""
        if phase == "start":
            self._collecting = time.process_time()
            return
        spent = time.process_time() - self._collecting
        self.spent[GC] += spent
        if self._inner:
            self._inner[-1] += spent

    def _steps(self, label: str, generator: Iterator) -> Iterator:
        while True:
            try:
                yield self._run(label, next, generator)
            except StopIteration:
                return

    def wrap(self, owner: object, name: str, label: str) -> None:
        original = inspect.getattr_static(owner, name)
        function = getattr(owner, name)

        @functools.wraps(function)
        def timed(*args, **kwargs):
            self.functions[name] += 1
            result = self._run(label, function, *args, **kwargs)
            return self._steps(label, result) if inspect.isgenerator(result) else result

        setattr(owner, name, timed)
        self._undo.append((owner, name, original))

    def unwrap(self) -> None:
        for owner, name, original in reversed(self._undo):
            setattr(owner, name, original)
        self._undo.clear()


@contextmanager
def timed_stages() -> Iterator[Stages]:
    stages = Stages()
    for label, owner, name, _ in ITEMS:
        stages.wrap(owner, name, label)
    gc.callbacks.append(stages.collected)
    try:
        yield stages
    finally:
        gc.callbacks.remove(stages.collected)
        stages.unwrap()


def words_in(html: str) -> int:
    """The words a reader sees in the handout's body (alt texts and the footer counted once)."""
    body = re.sub(r"(?s).*?<body[^>]*>|</body>.*", "", html)
    text = re.sub(r"(?s)<[^>]+>", " ", body)
    return len(re.findall(r"\w+", text))


class Bench:
    """One handout rendered through the build's renderer, and its variants."""

    def __init__(self, renderer: Renderer, html: str, base: str):
        self.renderer, self.html, self.base = renderer, html, base
        self.extra: dict[str, weasyprint.CSS] = {}

    def render_variant(self, css: str, options: dict) -> bytes:
        """Renderer.render, with extra CSS after ours and some options changed (for the variants only)."""
        r = self.renderer
        if css and css not in self.extra:
            self.extra[css] = weasyprint.CSS(string=css, font_config=r.font_config, url_fetcher=r.fetcher)
        stylesheets = [] if options.get("_no_stylesheets") else list(r.stylesheets)
        if css:
            stylesheets.append(self.extra[css])
        cache = {} if options.get("_no_forms") else r.forms.cache_for(self.html)
        if options.get("_no_qr"):
            cache = {url: image for url, image in cache.items() if not url.startswith("data:image/png")}
        chosen = {**PDF_OPTIONS, **{k: v for k, v in options.items() if not k.startswith("_")}}
        document = weasyprint.HTML(string=self.html, base_url=self.base, url_fetcher=r.fetcher)
        with collector_held():  # as a build's worker renders
            return document.write_pdf(stylesheets=stylesheets, font_config=r.font_config, cache=cache, **chosen)

    def cost(self, call: Callable[[], object], repeat: int, rounds: int) -> float:
        """CPU ms per PDF, the lowest of `rounds` averages of `repeat` renders, after one render to warm up."""
        call()
        best = float("inf")
        for _ in range(rounds):
            started = time.process_time()
            for _ in range(repeat):
                call()
            best = min(best, (time.process_time() - started) / repeat)
        return 1000 * best

    def built(self) -> bytes:
        """The handout as a build's worker renders it (handouts.pdf.writer._render_job)."""
        with collector_held():
            return self.renderer.render(self.html, self.base)[0]


def measure(name: str, bench: Bench, repeat: int, rounds: int) -> dict:
    pdf = bench.built()
    pages = len(
        weasyprint.HTML(string=bench.html, base_url=bench.base, url_fetcher=bench.renderer.fetcher)
        .render(stylesheets=bench.renderer.stylesheets, font_config=bench.renderer.font_config)
        .pages
    )

    # The variants round by round, each in turn, the lowest round of each kept: a busy machine slows them all alike.
    calls = {"as built": bench.built}
    for variant, (css, options) in VARIANTS.items():
        if variant != "as built":
            calls[variant] = functools.partial(bench.render_variant, css, options)
    for call in calls.values():
        call()
    variants = dict.fromkeys(calls, float("inf"))
    for _ in range(rounds):
        for variant, call in calls.items():
            started = time.process_time()
            for _ in range(repeat):
                call()
            variants[variant] = min(variants[variant], 1000 * (time.process_time() - started) / repeat)
    total = variants["as built"]

    samples = []  # the items in each round; the round with the lowest total is kept
    with timed_stages() as stages:
        bench.built()
        for _ in range(rounds):
            stages.spent.clear()
            stages.functions.clear()
            started = time.process_time()
            for _ in range(repeat):
                bench.built()
            whole = time.process_time() - started
            samples.append((whole, dict(stages.spent), dict(stages.functions)))
    whole, spent, functions = min(samples, key=lambda s: s[0])
    items = {label: 1000 * spent.get(label, 0.0) / repeat for label in [*dict.fromkeys(i[0] for i in ITEMS), GC]}
    items[REST] = max(0.0, 1000 * whole / repeat - sum(items.values()))

    profile = cProfile.Profile()
    profiled = max(2, repeat // 3)
    profile.enable()
    for _ in range(profiled):
        bench.built()
    profile.disable()
    cumulative = cprofile_cumulative(pstats.Stats(profile), profiled)

    words = words_in(bench.html)
    floor_html = plain_document(words)
    fonts = bench.renderer.font_config
    floor = bench.cost(
        lambda: weasyprint.HTML(string=floor_html).write_pdf(font_config=fonts, **PDF_OPTIONS), repeat, rounds
    )
    floor_pages = len(weasyprint.HTML(string=floor_html).render(font_config=fonts).pages)
    return {
        "handout": name,
        "words": words,
        "pages": pages,
        "bytes": len(pdf),
        "cpu_ms": total,
        "timed_total_ms": 1000 * whole / repeat,
        "layout_passes": functions.get("make_all_pages", 0) / repeat,
        "pages_laid_out": functions.get("remake_page", 0) / repeat,
        "items_ms": items,
        "cprofile_cumulative_ms": cumulative,
        "variants_ms": variants,
        "floor_ms": floor,
        "floor_pages": floor_pages,
    }


def cprofile_cumulative(stats: pstats.Stats, renders: int) -> dict[str, float]:
    """cProfile's cumulative ms per PDF for each item's function (cProfile's own overhead included)."""
    found: dict[str, float] = {}
    entries = stats.stats  # type: ignore[attr-defined]
    for label, owner, name, _ in ITEMS:
        function = getattr(owner, name)
        code = getattr(function.__init__ if inspect.isclass(function) else function, "__code__", None)
        if code is None:
            continue
        entry = entries.get((code.co_filename, code.co_firstlineno, code.co_name))
        if entry is not None:
            found[f"{label} ({name})"] = 1000 * entry[3] / renders
    return found


def pick(handouts: list, prefix: str):
    """The normal-print handout of median HTML size among those whose path starts with `prefix`."""
    chosen = sorted(
        (h for h in handouts if h.path.startswith(prefix) and "-large" not in h.path), key=lambda h: len(h.html)
    )
    return chosen[len(chosen) // 2]


def report(results: list[dict]) -> str:
    lines = []
    for r in results:
        lines.append(
            f"\n{r['handout']}: {r['words']} words, {r['pages']} page(s), {r['bytes']:,} bytes; "
            f"{r['cpu_ms']:.1f} ms of CPU per PDF (items timed: {r['timed_total_ms']:.1f} ms)"
        )
        lines.append(
            f"  plain-text floor, {r['words']} words tagged: {r['floor_ms']:.1f} ms "
            f"({r['floor_pages']} page(s)); the gap: {r['cpu_ms'] - r['floor_ms']:.1f} ms"
        )
        lines.append(f"  layout passes: {r['layout_passes']:.0f}, pages laid out: {r['pages_laid_out']:.0f}")
        lines.append(f"  {'item':48s} {'ms CPU':>7s} {'share':>6s}  what it buys us")
        whole = sum(r["items_ms"].values())
        buys = {label: why for label, _, _, why in ITEMS if why} | {GC: "freeing the box trees' cycles"}
        for label, ms in sorted(r["items_ms"].items(), key=lambda kv: -kv[1]):
            lines.append(f"  {label:48s} {ms:7.1f} {100 * ms / whole:5.1f}%  {buys.get(label, '')}")
        lines.append("  cProfile, cumulative ms per PDF (its overhead included):")
        for label, ms in sorted(r["cprofile_cumulative_ms"].items(), key=lambda kv: -kv[1]):
            lines.append(f"    {label:60s} {ms:7.1f}")
        base = r["variants_ms"]["as built"]
        lines.append(f"  {'variant':48s} {'ms CPU':>7s} {'change':>7s}")
        for variant, ms in r["variants_ms"].items():
            lines.append(f"  {variant:48s} {ms:7.1f} {ms - base:+7.1f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercises", type=int, default=40)
    parser.add_argument("--programs", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=12, help="renders per round of the exercise handout")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the lowest is kept")
    parser.add_argument("--site-url", default=SITE_URL, help="'' for handouts without QR codes")
    parser.add_argument("--json", type=Path, help="save the figures to this file")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="handouts-gap-") as tmp:
        project = english_project(Path(tmp) / "project", args.exercises, args.programs)
        settings = project / "mkdocs.yml"  # english_project gives it bench.run.SITE_URL: this one, or none
        kept = "".join(line for line in settings.read_text().splitlines(True) if not line.startswith("site_url:"))
        settings.write_text((f"site_url: {args.site_url}\n" if args.site_url else "") + kept)
        config = project / "mkdocs.yml"
        library, paths = load_library(config), paths_for(config)
        handouts = library_handouts(library, paths.template_dirs)
        renderer = Renderer(find_stylesheets(paths.template_dirs), [paths.content_dir, *paths.template_dirs])
        base = paths.content_dir.as_uri() + "/"
        results = []
        for name, prefix, repeat in (
            ("exercise", "exercises/", args.repeat),
            ("program", "programs/", max(3, args.repeat // 4)),
        ):
            handout = pick(handouts, prefix)
            result = measure(
                f"{name} handout ({handout.path})", Bench(renderer, handout.html, base), repeat, args.rounds
            )
            results.append({"kind": name, **result})
    empty = plain_document(0)
    fonts = renderer.font_config
    page_floor = Bench(renderer, empty, "").cost(
        lambda: weasyprint.HTML(string=empty).write_pdf(font_config=fonts, **PDF_OPTIONS), 20, args.rounds
    )
    print(f"weasyprint {weasyprint.__version__}, pydyf {pydyf.__version__}: CPU ms per PDF, warm, one process")
    print(f"an empty tagged page: {page_floor:.1f} ms")
    print(report(results))
    print(f"\n({time.perf_counter() - started:.0f} s)")
    if args.json:
        figures = {"weasyprint": weasyprint.__version__, "empty_page_ms": page_floor, "handouts": results}
        args.json.write_text(json.dumps(figures, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
