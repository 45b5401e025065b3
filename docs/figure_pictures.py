"""The figure pictures of the manual (docs/figures.md): the gallery of every shipped figure, the starting poses to copy,
and four frames of one moving with its timer.

    .venv/bin/python docs/figure_pictures.py

Builds the shipped project in a temporary folder, then takes the pictures in headless Chromium at phone size
(390 x 844) on Playwright's clock, so the frames are the same on every run.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from handouts.content.load import figure_of, load_library  # noqa: E402
from handouts.model.schema import FigureSchema  # noqa: E402
from handouts.render.figures import STARTING_POSES, figure_svg, starting_figure  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, Server, build_site, copy_project  # noqa: E402

IMAGES = ROOT / "docs" / "images"
PHONE = {"width": 390, "height": 844}
SEQUENCE = "seated-knee-extensions"
"""Seated knee straightening (10 reps, hold 3 s, rest 5 s): the lower leg swings up, so every frame differs."""
FRAMES = [("1-ready", "Get ready", 1_500), ("2-moving", "Hold", 700), ("3-holding", "Hold", 2_500),
          ("4-resting", "Rest", 1_000)]
"""Each frame: its name, the timer's phase, and how long after that phase began (ms) it is taken: getting ready (the
start pose), over half way up as the hold begins, holding the end pose, and nearly back down as the rest begins.
Four different drawings."""


def gallery(page, folder: Path) -> None:
    library = load_library(ROOT / "mkdocs.yml", ROOT)
    cells = "".join(
        f"<div class='cell'><h2>{e.title}</h2>{figure_svg(e.figure, '#1f5f8b', animated=False)}</div>"
        for e in library.exercises.values() if e.figure)
    (folder / "gallery.html").write_text(
        "<!doctype html><meta charset='utf-8'><style>body{margin:0;font:16px sans-serif;display:grid;"
        "grid-template-columns:1fr 1fr;gap:8px;padding:8px;width:764px}h2{font-size:15px;margin:0 0 4px}"
        "svg{width:100%;height:auto;max-height:260px}</style>" + cells)
    page.set_viewport_size({"width": 780, "height": 800})
    page.goto((folder / "gallery.html").as_uri())
    page.screenshot(path=str(IMAGES / "figure-gallery.png"), full_page=True)


def first_pose(svg: str) -> str:
    """A figure's SVG cut to its first pane: the start pose alone (its size is in data-pose, as figure.js reads it)."""
    width, height = re.search(r"\]\],\[([\d.]+),([\d.]+),[-\d.]+\],", svg).groups()
    svg = re.sub(r'viewBox="[^"]+"', f'viewBox="0 0 {width} {height}"', svg, count=1)
    svg = re.sub(r'<path class="pf-next"[^>]*/>', "", svg)
    second = svg.index('<g class="pf-pane"', svg.index('<g class="pf-pane"') + 1)
    return svg[:second] + "</svg>"


def starting_poses(page, folder: Path) -> None:
    """Every starting pose of docs/figures.md, drawn alone with its name, four to a row."""
    cells = "".join(
        f"<div><h2>{name}</h2>"
        f"{first_pose(str(figure_svg(figure_of(FigureSchema.model_validate(starting_figure(name))), '#1f5f8b')))}"
        "</div>" for name, _ in STARTING_POSES)
    (folder / "starts.html").write_text(
        "<!doctype html><meta charset='utf-8'><style>body{margin:0;font:15px sans-serif;display:grid;"
        "grid-template-columns:repeat(4,1fr);gap:10px 8px;padding:8px;width:964px;align-items:end}"
        "h2{font-size:14px;font-weight:600;margin:0 0 4px}svg{width:100%;height:auto;max-height:210px;display:block}"
        "</style>" + cells)
    page.set_viewport_size({"width": 980, "height": 800})
    page.goto((folder / "starts.html").as_uri())
    page.screenshot(path=str(IMAGES / "figure-starting-poses.png"), full_page=True)


def sequence(browser, site: Path, folder: Path) -> None:
    """The figure and the timer's face at four moments. Chromium draws nothing while the clock is paused, so each
    moment's figure and timer are copied into a still page of the same phone width, which is then photographed."""
    server = Server(site)
    try:
        page = browser.new_page(viewport=PHONE)
        page.clock.install(time=0)
        page.goto(server.url + f"exercises/{SEQUENCE}/")
        page.clock.pause_at(1000)
        page.locator("#timer").get_by_role("button", name="Start", exact=True).click()
        shots, since, phase, ran = [], 0, None, 0
        for name, wanted, after in FRAMES:
            while phase != wanted or since < after:  # step the clock until this phase has run long enough
                if ran > 60_000:
                    raise SystemExit(f"the timer never showed {wanted!r} for {after} ms (last: {phase!r})")
                page.clock.run_for(100)
                ran += 100
                now = page.locator("#timer .exercise-timer__phase").text_content()
                since, phase = (since + 100, now) if now == phase else (0, now)
            figure = page.locator(".pose-figure").first.evaluate("f => f.outerHTML")
            face = page.locator("#timer").evaluate(
                "t => [t.querySelector('.exercise-timer__phase').textContent, t.querySelector('.exercise-timer__time')"
                ".textContent + ' ' + t.querySelector('.exercise-timer__unit').textContent]")
            shots.append((name, figure, face))
        page.close()
    finally:
        server.close()
    still = browser.new_page(viewport={"width": PHONE["width"], "height": 520})
    for name, figure, (phase, time) in shots:
        (folder / "frame.html").write_text(
            "<!doctype html><meta charset='utf-8'><style>body{margin:0;padding:12px;font:18px sans-serif}"
            ".pose-figure{margin:0}svg{display:block;width:100%;max-width:20rem;max-height:380px;margin:auto}"
            "figcaption{margin-top:6px}p{font-size:22px;font-weight:700;margin:8px 0 0}</style>"
            f"{figure}<p>{phase}: {time}</p>")
        still.goto((folder / "frame.html").as_uri())
        still.screenshot(path=str(IMAGES / f"figure-sequence-{name}.png"), full_page=True)
    still.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        site = build_site(copy_project(Path(tmp) / "project"))
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page()
        gallery(page, Path(tmp))
        starting_poses(page, Path(tmp))
        sequence(browser, site, Path(tmp))
        browser.close()


if __name__ == "__main__":
    main()
