"""Regenerate the pictures of the README and the manual: `python docs/screenshots.py` (after `make build`).

Serves the built sites on 127.0.0.1 and photographs pages in headless Chromium (Debian's);
turns PDFs into PNGs with pdftoppm. Builds the example clinic and a sample patient sheet itself.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "images"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 960}
PAGES = {
    "home": ("", DESKTOP),
    "program": ("programs/upper-back-pain/", DESKTOP),
    "exercise": ("exercises/childs-pose/", {"width": 1280, "height": 1500}),
    "exercise-phone": ("exercises/open-books/", {"width": 390, "height": 844}),
    # A sheet's QR code (a version 2 link, with its check): the page runs the dose printed on the sheet, and says so.
    "from-sheet-phone": ("exercises/open-books/#timer?v=2&reps=6&sides=each&tempo=4&c=4ed2dcf8",
                         {"width": 390, "height": 844}),
}
SPANISH = {"spanish-phone": ("es/exercises/open-books/", {"width": 390, "height": 844})}
"""The site in Spanish (the shipped mkdocs.yml builds it under /es/), on a phone."""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def photograph(site: Path, shots: dict[str, tuple[str, dict]], with_timer: bool = True) -> None:
    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, (path, viewport) in shots.items():
            page = browser.new_page(viewport=viewport)
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            if "#timer?" in path:  # show the dose and its note, not the timer the link scrolls to
                page.evaluate("window.scrollTo(0, 0)")
            page.wait_for_timeout(400)
            page.screenshot(path=str(OUT / f"{name}.png"))
            page.close()
        if with_timer:
            timer(browser, base)
            player(browser, base)
            sheet(browser, base)
        browser.close()
    server.shutdown()


def timer(browser, base: str) -> None:
    """The timer of scapular squeezes, started and photographed in its first hold."""
    page = browser.new_page(viewport={"width": 900, "height": 900})
    page.goto(base + "exercises/scapular-squeezes/")
    page.wait_for_load_state("networkidle")
    page.locator("#timer").get_by_role("button", name="Start").click()
    page.wait_for_timeout(7200)  # 5 s to get ready, then 2 s into the hold
    page.locator(".handout-timer").screenshot(path=str(OUT / "timer.png"))
    page.close()


def player(browser, base: str) -> None:
    """The program player on a phone, in the first hold of exercise 2 (child's pose), on a virtual clock."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.clock.install(time=0)
    page.goto(base + "programs/upper-back-pain/")
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Start the whole program").click()
    page.clock.run_for((5 + 30) * 1000 + 5_000 + 5_000 + 6_000)  # shoulder rolls, "Next", get ready, 6 s of hold
    page.screenshot(path=str(OUT / "player-phone.png"))
    page.close()


def hosted_video(tmp: Path) -> None:
    """A YouTube video's still on a phone: a copy of the project whose open books has a `video:` (the shipped content
    has none: there is no licensed video to ship). Nothing leaves this machine: the page asks YouTube for nothing."""
    from handouts.site.build import build

    project = tmp / "video"
    for name in ("content", "templates", "mkdocs.yml"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, project / name)
    page = project / "content/exercises/open-books.md"
    page.write_text(page.read_text().replace("\n---\n", "\nvideo: https://youtu.be/dQw4w9WgXcQ\n---\n", 1))
    with contextlib.chdir(project):
        build("mkdocs.yml", pdfs=False)
    photograph(project / "site", {"video-phone": ("exercises/open-books/#video", {"width": 390, "height": 844})},
               with_timer=False)


def sheet(browser, base: str) -> None:
    """The sheet builder on a desktop: a program chosen and the list of exercises to pick from, from the top."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(base + "sheet/")
    page.get_by_label("Start from a program", exact=True).select_option(label="Exercise Program for Upper Back Pain")
    page.get_by_role("group", name="Child's pose", exact=True).get_by_label("Reps", exact=True).fill("5")
    page.get_by_label("Patient's name", exact=True).fill("Ada Lovelace")
    page.locator(".sheet-link__qr").wait_for()
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(400)  # the header's title fades back to the site's name
    page.screenshot(path=str(OUT / "sheet.png"))
    page.close()
    # Then two exercises chosen by hand: their dose fields, the patient's details and the personal link's QR code.
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(base + "sheet/")
    page.get_by_label("Child's pose", exact=True).check()
    page.get_by_label("Open books", exact=True).check()
    page.get_by_role("group", name="Open books", exact=True).get_by_label("Reps", exact=True).fill("8")
    page.get_by_label("Patient's name", exact=True).fill("Ada Lovelace")
    page.get_by_label("Clinician", exact=True).fill("Sam Lee, PT")
    page.locator(".sheet-link__qr").wait_for()
    page.evaluate("document.activeElement.blur()")
    # One view as tall as the page, so the sticky header stays at its top, out of the picture.
    page.set_viewport_size({"width": 1280, "height": page.evaluate("document.documentElement.scrollHeight")})
    page.wait_for_timeout(300)
    top, bottom = page.evaluate("[...['.sheet-chosen', '.sheet-link'].map(s => document.querySelector(s)"
                                ".getBoundingClientRect())].map((box, i) => (i ? box.bottom : box.top) + scrollY)")
    page.screenshot(path=str(OUT / "sheet-doses.png"), clip={"x": 0, "y": top - 16, "width": 1280,
                                                            "height": bottom - top + 32})
    page.close()


def side_by_side(left: Path, right: Path, out: Path) -> None:
    a, b = Image.open(left), Image.open(right)
    gap = 24
    both = Image.new("RGB", (a.width + b.width + gap, max(a.height, b.height)), "white")
    both.paste(a, (0, 0))
    both.paste(b, (a.width + gap, 0))
    both.save(out)


def pdf_page(pdf: Path, out: Path, dpi: int = 60) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-l", "1", "-singlefile", str(pdf), str(out.with_suffix(""))],
                   check=True)


def main() -> None:
    python = sys.executable
    photograph(ROOT / "site", PAGES)
    pdf_page(ROOT / "site/pdf/programs/upper-back-pain.pdf", OUT / "program-pdf.png")
    pdf_page(ROOT / "site/pdf/programs/upper-back-pain-large.pdf", OUT / "program-pdf-large.png")
    subprocess.run([python, "build.py", "-q", "-f", "clinics/example/mkdocs.yml"], cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory() as tmp:
        photograph(ROOT / "clinics/example/site", {"clinic": ("", DESKTOP)}, with_timer=False)
        photograph(ROOT / "site", SPANISH, with_timer=False)
        side_by_side(OUT / "home.png", OUT / "clinic.png", OUT / "rebrand.png")
        (OUT / "clinic.png").unlink()
        sheet = Path(tmp) / "sheet.pdf"
        subprocess.run(
            [python, "build.py", "-q", "-f", "clinics/example/mkdocs.yml", "handout", "scapular-squeezes",
             "open-books", "-o", str(sheet), "--patient", "Ada Lovelace", "--clinician", "Sam Lee, PT",
             "--notes", "Do these after your morning walk.", "--dose", "open-books:reps=8", "--date", "2026-11-24"],
            cwd=ROOT, check=True,
        )
        pdf_page(sheet, OUT / "patient-sheet.png")
        hosted_video(Path(tmp))


if __name__ == "__main__":
    main()
