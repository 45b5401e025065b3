"""Works offline and installs: the manifest, its icons and the service worker, and the site opened with no signal."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
from pathlib import Path

from PIL import Image

from handouts.brand import palette
from handouts.models import Clinic
from handouts.offline import icon, manifest, precached, short_name, site_version

from .conftest import build_site, fetch_when_ready

PAGES = ["", "programs/", "programs/upper-back-pain/", "exercises/", "exercises/open-books/", "areas/upper-back/"]


def worker_settings(site: Path) -> dict:
    """What the build wrote on sw.js's first line: its list of files and its version."""
    first = (site / "sw.js").read_text().splitlines()[0]
    assert first.startswith("self.OFFLINE = ") and first.endswith(";"), first
    return json.loads(first.removeprefix("self.OFFLINE = ").removesuffix(";"))


def test_manifest_names_the_clinic_and_every_page_links_it(built_site: Path):
    data = json.loads((built_site / "manifest.webmanifest").read_text())
    assert data["name"] == "Home Exercise Handouts"
    assert data["display"] == "standalone"
    assert data["scope"] == data["id"] == "./"  # relative: the site works under a sub-path
    assert data["start_url"] == "my-program/?start"  # the program kept on the phone, or the home page (test_my_program)
    assert data["theme_color"] == "#1f5f8b" and data["lang"] == "en"
    assert {i["sizes"] for i in data["icons"]} == {"192x192", "512x512"}
    assert any(i.get("purpose") == "maskable" for i in data["icons"])
    for entry in data["icons"]:
        with Image.open(built_site / entry["src"]) as image:
            assert image.format == "PNG" and f"{image.width}x{image.height}" == entry["sizes"]
    assert "//" not in json.dumps(data)  # nothing from another host
    for page in built_site.rglob("*.html"):
        text = page.read_text()
        link = re.search(r'<link rel="manifest" href="([^"]+)">', text)
        assert link, page
        if page.name != "404.html":  # the 404 page's addresses start at the server's root
            assert (page.parent / link[1]).resolve() == (built_site / "manifest.webmanifest").resolve(), page
        assert text.count('<meta name="handout-offline"') == 1, page


def test_chromium_reads_the_manifest_and_could_install_the_site(browser, serve, built_site: Path):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(serve(built_site, prefix="/clinic/").url + "exercises/open-books/")
        cdp = context.new_cdp_session(page)
        assert cdp.send("Page.getAppManifest")["errors"] == []
        problems = [e["errorId"] for e in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]]
        assert problems == ["in-incognito"]  # a test's browser context is a private window, and nothing else
    finally:
        context.close()


def test_short_name_and_icons():
    assert short_name("Maple Grove Physiotherapy") == "Maple Grove"
    assert short_name("Physio") == "Physio"
    assert short_name("Home Exercise Handouts") == "Home Exercise Handouts"  # no two words fit: the phone shortens
    colours = palette("#2e7d32")
    data = json.loads(manifest(Clinic(name="Maple Grove Physiotherapy", disclaimer="d", safety="s"), colours))
    assert data["short_name"] == "Maple Grove"
    font = Path(__file__).parent.parent / "templates/assets/fonts/atkinson-hyperlegible-latin-700-normal.ttf"
    png = icon(192, colours, "Maple Grove", font)
    with Image.open(io.BytesIO(png)) as image:
        corner, centre = image.getpixel((2, 2)), image.convert("L").crop((48, 48, 144, 144))
        assert corner == (0x2E, 0x7D, 0x32)  # the clinic's colour, to the edges (a maskable icon)
        assert centre.getextrema()[1] > 200  # white letters in the middle
    assert icon(192, colours, "Maple Grove", font) == png  # the same bytes every build


def test_a_png_logo_takes_the_place_of_the_letters(tmp_path: Path):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (64, 32), (200, 0, 0)).save(logo)
    with Image.open(io.BytesIO(icon(512, palette("#1f5f8b"), "Maple Grove", logo=logo))) as image:
        assert image.size == (512, 512)
        assert image.getpixel((256, 256)) == (200, 0, 0)  # the logo, in the middle, inside the maskable safe zone
        assert image.getpixel((256, 90)) == (0x1F, 0x5F, 0x8B)  # the clinic's colour around it


def test_worker_lists_the_files_of_the_build_but_not_the_pdfs(project: Path):
    site = build_site(project, pdfs=True)
    settings = worker_settings(site)
    files = settings["files"]
    assert files == precached(site) and re.fullmatch(r"[0-9a-f]{16}", settings["version"])
    for address in files:
        assert not re.match(r"[a-z]+:|/", address), address  # relative to the site: no other host, any sub-path
        path = site / address / "index.html" if address.endswith("/") else site / address
        assert path.is_file(), address
    pages = {str(p.parent.relative_to(site)) + "/" for p in site.rglob("index.html")}
    assert {"./" if p == "./" else p for p in pages} <= set(files)
    for needed in ("./", "exercises/open-books/", "search/search_index.json", "assets/timer.js", "assets/offline.js",
                   "assets/fonts/atkinson-hyperlegible-latin-400-normal.woff2", "manifest.webmanifest",
                   "assets/icons/icon-192.png"):
        assert needed in files, needed
    assert any(f.startswith("assets/javascripts/bundle.") for f in files)
    assert any(f.startswith("assets/javascripts/workers/search.") for f in files)
    assert list(site.glob("pdf/**/*.pdf"))
    assert [f for f in files if f.startswith(("pdf/", "print/")) or f.endswith((".map", ".ttf", ".gz"))] == []
    assert [f for f in files if "lunr" in f] == []  # English search needs none of lunr's other languages


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file()}


def test_same_content_gives_the_same_site_and_new_content_a_new_version(project: Path):
    site = build_site(project)
    first, version = digest(site), worker_settings(site)["version"]
    assert digest(build_site(project)) == first  # byte for byte, sw.js and the icons too
    path = project / "content/exercises/open-books.md"
    path.write_text(path.read_text().replace("reps: 10", "reps: 12"))
    assert worker_settings(build_site(project))["version"] != version


def test_version_is_a_hash_of_the_content_not_of_the_day(project: Path):
    site = build_site(project)
    before = site_version(site)
    (site / "sitemap.xml").write_text("<urlset/>")  # its dates change every day: left out
    assert site_version(site) == before
    (site / "assets/site.css").write_text("body{}")
    assert site_version(site) != before


def test_offline_false_and_the_preview_write_a_worker_that_removes_itself(project: Path, preview):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - handouts\n", "  - handouts:\n      offline: false\n"))
    site = build_site(project)
    assert worker_settings(site) == {}
    assert "handout-offline" not in (site / "index.html").read_text()
    assert (site / "manifest.webmanifest").is_file()  # it still installs
    config.write_text(config.read_text().replace("      offline: false\n", ""))
    url = preview(project).url
    assert "handout-offline" not in fetch_when_ready(url)
    assert fetch_when_ready(url + "sw.js").startswith("self.OFFLINE = {};")


def open_and_wait_for_the_copy(context, url: str):
    """Visit once, online; return the page once the worker controls it and its copy of the site is complete."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    return page


def copies(page) -> dict[str, int]:
    """The site's copies in the browser's Cache Storage: name -> number of files."""
    return page.evaluate("""async () => {
        const found = {};
        for (const name of await caches.keys()) found[name] = (await (await caches.open(name)).keys()).length;
        return found;
    }""")


def test_site_opens_offline_after_one_visit(browser, serve, project: Path):
    site = build_site(project, pdfs=True)
    settings = worker_settings(site)
    server = serve(site, prefix="/clinic/")  # under a sub-path, as on GitHub Pages
    context = browser.new_context()
    asked: list[str] = []
    errors: list[str] = []
    context.on("request", lambda r: asked.append(r.url))
    context.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page = open_and_wait_for_the_copy(context, server.url)
        name = f"handouts {server.url} {settings['version']}"
        assert copies(page) == {name: len(settings["files"])}
        pdf = "pdf/exercises/open-books.pdf"
        assert page.evaluate("u => fetch(u).then(r => r.status)", server.url + pdf) == 200  # opened once, online

        context.set_offline(True)
        for path in PAGES[1:] + ["exercises/childs-pose/index.html", "exercises/shoulder-rolls/?h=roll"]:
            page.goto(server.url + path)  # none of these was visited online
            assert page.locator(".handout-disclaimer").is_visible(), path
        assert page.evaluate("u => fetch(u).then(r => r.headers.get('content-type'))", server.url + pdf) is not None
        assert page.evaluate("u => fetch(u).then(() => 'loaded', () => 'no signal')",
                             server.url + "pdf/exercises/childs-pose.pdf") == "no signal"  # never opened
        assert errors == ["Failed to load resource: net::ERR_FAILED"]  # that PDF, and nothing else
        errors.clear()

        # A link followed by material's instant navigation, then search, with no signal.
        page.goto(server.url)
        page.locator(".md-content a[href$='programs/upper-back-pain/']").first.click()
        page.locator("h1", has_text="Exercise Program for Upper Back Pain").wait_for()
        page.locator(".md-search__input").click()
        page.locator(".md-search__input").press_sequentially("open books")
        page.locator(".md-search-result__link").first.wait_for()
        page.locator(".md-search__input").press("Enter")
        page.locator("h1", has_text="Open books").wait_for()

        # The timer runs offline, on Playwright's clock.
        timer = context.new_page()
        timer.clock.install(time=0)
        timer.goto(server.url + "exercises/scapular-squeezes/")
        timer.get_by_role("button", name="Start", exact=True).first.click()
        timer.clock.run_for(7_000)  # 5 s to get ready, then the hold
        assert timer.locator(".exercise-timer").first.get_attribute("data-phase") == "hold"
        assert errors == []
        assert [u for u in asked if not u.startswith(server.url)] == []  # nothing from another host
    finally:
        context.close()


def test_a_new_build_replaces_the_copy(browser, serve, project: Path):
    site = build_site(project)
    server = serve(site)
    context = browser.new_context()
    try:
        page = open_and_wait_for_the_copy(context, server.url)
        old = f"handouts {server.url} {worker_settings(site)['version']}"
        assert list(copies(page)) == [old]
        path = project / "content/exercises/open-books.md"
        path.write_text(path.read_text().replace("reps: 10", "reps: 12"))
        site = build_site(project)
        new = f"handouts {server.url} {worker_settings(site)['version']}"
        assert new != old
        page.evaluate("() => navigator.serviceWorker.getRegistration().then(r => r.update())")  # as a visit does
        page.evaluate("""async name => {  // the new worker copied the new site, took over and deleted the old copy
            const only = async () => JSON.stringify(await caches.keys()) === JSON.stringify([name]);
            while (!await only()) await new Promise(r => setTimeout(r, 50));
        }""", new)
        context.set_offline(True)
        page.goto(server.url + "exercises/open-books/")
        assert "Repeat 12 times on each side." in page.locator("#dose").inner_text()
    finally:
        context.close()


def test_worker_and_its_script_are_small(built_site: Path):
    script = (built_site / "assets/offline.js").read_bytes() + (built_site / "sw.js").read_bytes()
    assert len(gzip.compress(script)) < 3_000


def test_turning_it_off_removes_the_copy_from_phones_that_had_it(browser, serve, project: Path):
    site = build_site(project)
    server = serve(site)
    context = browser.new_context()
    try:
        page = open_and_wait_for_the_copy(context, server.url + "exercises/open-books/")
        assert len(copies(page)) == 1
        config = project / "mkdocs.yml"
        config.write_text(config.read_text().replace("  - handouts\n", "  - handouts:\n      offline: false\n"))
        build_site(project)
        with page.expect_navigation():  # the worker reloads the pages it served, from the server this time
            page.evaluate("() => navigator.serviceWorker.getRegistration().then(r => r.update())")
        page.wait_for_load_state()
        assert page.evaluate("() => navigator.serviceWorker.getRegistration().then(r => r === undefined)")
        assert copies(page) == {}
        assert page.evaluate("() => navigator.serviceWorker.controller") is None
    finally:
        context.close()
