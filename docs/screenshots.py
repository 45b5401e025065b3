"""Regenerate the README's pictures: `python docs/screenshots.py [SITE_DIR]` (after `make build`).

Serves the built site on 127.0.0.1 and photographs pages in headless Chromium (Debian's).
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PAGES = {
    "home": ("", {"width": 1100, "height": 900}),
    "program": ("programs/upper-back-pain/", {"width": 1100, "height": 1100}),
    "exercise": ("exercises/childs-pose/", {"width": 1100, "height": 1200}),
    "exercise-phone": ("exercises/open-books/", {"width": 390, "height": 844}),
}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main(site: Path, out: Path, names: list[str]) -> None:
    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name in names:
            path, viewport = PAGES[name]
            page = browser.new_page(viewport=viewport)
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(400)
            page.screenshot(path=str(out / f"{name}.png"))
            page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    site = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "docs" / "images"
    main(site, out, sys.argv[3:] or list(PAGES))
