"""Works offline and installs: the manifest, its icons and the service worker, and the site opened with no signal."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from handouts.i18n.words import BROWSER, word
from handouts.model.values import Clinic
from handouts.render.brand import palette
from handouts.site.offline import NETWORK_WAIT, icon, manifest, precached, short_name, site_version

from .conftest import axe_violations, build_site, copy_project, fetch_when_ready

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
    assert len(gzip.compress(script)) < 5_500  # 2.4 KB before pages came from the network first


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


# -- Online, the current build; offline, the saved copy, which says so; a page left open says it has changed. ------

QUAD_SETS = "exercises/quad-sets/"
OLD_DOSE, NEW_DOSE = "Repeat 10 times on each side.", "Repeat 14 times on each side."
EVERY = 15 * 60_000
"""How often an open page looks for a new build (assets/offline.js), in ms."""


def new_dose(project: Path) -> Path:
    """The clinic changes quad sets from 10 to 14 reps and publishes the site again; returns the site."""
    path = project / "content/exercises/quad-sets.md"
    text = path.read_text()
    assert "  reps: 10\n" in text
    path.write_text(text.replace("  reps: 10\n", "  reps: 14\n", 1))
    return build_site(project)


def controlled(context, url: str, clock: bool = False):
    """A patient's first visit, online: the page once the worker controls it (its copy of the site complete)."""
    page = context.new_page()
    if clock:
        page.clock.install()
    page.goto(url)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    return page


def shown_dose(page, where: str = "#dose") -> str:
    """The dose sentence of quad sets, on its page (#dose) or on a program's (#quad-sets)."""
    return page.locator(f"{where} .handout-dose__sentence").inner_text()


def b(key: str) -> str:
    """A fixed sentence of the browser's words, in English, as the page shows it."""
    return BROWSER[key]


@contextmanager
def stalled(server) -> Iterator[None]:
    """While inside, the server takes every request and answers none (one bar of signal, no data)."""
    gate, handler = threading.Event(), server.httpd.RequestHandlerClass

    def waiting(*args, **kwargs):
        gate.wait(60)
        return handler(*args, **kwargs)

    server.httpd.RequestHandlerClass = waiting
    try:
        yield
    finally:
        server.httpd.RequestHandlerClass = handler
        gate.set()


def test_one_reload_after_a_new_build_shows_the_new_dose_and_the_timer_runs_it(browser, serve, project: Path):
    site = build_site(project)
    server = serve(site)
    old = f"handouts {server.url} {worker_settings(site)['version']}"
    context = browser.new_context()
    errors: list[str] = []
    context.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page = controlled(context, server.url + QUAD_SETS, clock=True)
        assert OLD_DOSE in shown_dose(page)
        new_dose(project)
        assert list(copies(page)) == [old]  # the phone still holds the old build's copy
        page.reload()
        assert NEW_DOSE in shown_dose(page)
        assert page.locator(".handout-saved-copy, .handout-changed").count() == 0
        page.get_by_role("button", name="Start", exact=True).first.click()
        page.clock.run_for(6_000)  # 5 s to get ready
        assert page.locator(".exercise-timer__info").first.inner_text().startswith("Rep 1 of 14")
        # What else carries a dose comes from the network first too: the sheet builder's list of exercises.
        exercises = page.evaluate("u => fetch(u).then(r => r.json())", server.url + "sheet/exercises.json")
        assert next(e["dose"] for e in exercises["exercises"] if e["slug"] == "quad-sets").startswith("reps=14&")
        assert errors == []
    finally:
        context.close()


def saved_on(text: str, lang: str, days: list[datetime]) -> bool:
    """Does the note say the copy was saved on one of these days, as the browser writes a date in the language?"""
    months = {"en": "January February March April May June July August September October November December",
              "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre"}
    names = months[lang].split()
    written = [f"on {names[d.month - 1]} {d.day}, {d.year} at " if lang == "en" else
               f"el {d.day} de {names[d.month - 1]} de {d.year} a las " for d in days]
    return any(w in text for w in written) and bool(re.search(r"\d{1,2}:\d{2}( [AP]M)?\.$", text))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_offline_a_reload_shows_the_saved_copy_and_says_from_when(browser, serve, tmp_path: Path, lang: str):
    project = copy_project(tmp_path / "project")  # in English and Spanish
    site = build_site(project)
    server = serve(site)
    prefix = "" if lang == "en" else "es/"
    context = browser.new_context()
    try:
        before = datetime.now()
        page = controlled(context, server.url + prefix + QUAD_SETS)
        after = datetime.now()
        assert page.locator(".handout-saved-copy").count() == 0  # online: the current page, no note
        context.set_offline(True)
        page.reload()
        note = page.locator(".handout-saved-copy")
        sentence = word("offline.saved", lang, date="")
        assert note.inner_text().startswith(sentence.split("{date}")[0][:20]), note.inner_text()
        assert saved_on(note.inner_text(), lang, [before, after]), note.inner_text()
        assert note.get_attribute("role") == "note" and axe_violations(page, ".handout-saved-copy") == []
        assert page.locator("h1").is_visible() and page.locator(".handout-disclaimer").is_visible()
        # A page material's instant loading brings in from the copy says so too; one from the network does not.
        page.locator(".md-content a[href$='areas/knee/']").first.click()
        page.wait_for_url("**/areas/knee/")
        assert page.locator(".handout-saved-copy").count() == 1
        context.set_offline(False)
        page.reload()
        assert page.locator(".handout-saved-copy").count() == 0
    finally:
        context.close()


def test_a_network_that_does_not_answer_gives_the_saved_copy_after_the_wait(browser, serve, project: Path):
    assert 3 <= NETWORK_WAIT <= 4 and worker_settings(build_site(project))["wait"] == NETWORK_WAIT * 1000
    server = serve(project / "site")
    context = browser.new_context()
    try:
        page = controlled(context, server.url + QUAD_SETS)
        new_dose(project)
        with stalled(server):
            page.reload(timeout=3 * NETWORK_WAIT * 1000)
            assert OLD_DOSE in shown_dose(page)  # what the phone has, and it says so
            assert page.locator(".handout-saved-copy").inner_text().startswith("No connection: this is the copy")
        page.reload()
        assert NEW_DOSE in shown_dose(page) and page.locator(".handout-saved-copy").count() == 0
    finally:
        context.close()


def test_a_page_left_open_says_it_has_changed_and_a_tap_shows_the_new_dose(browser, serve, project: Path):
    server = serve(build_site(project))
    context = browser.new_context()
    try:
        page = controlled(context, server.url + QUAD_SETS, clock=True)
        page.reload()  # served by the worker this time (the first visit was not)
        page.evaluate("() => { window.leftOpen = true; }")
        other = controlled(context, server.url + "exercises/open-books/", clock=True)  # not changed by the build
        assert other.evaluate("() => document.documentElement.dataset.handoutPage") is None  # it has not looked yet
        new_dose(project)
        page.clock.run_for(EVERY)  # the page looks for a new build now and then while it is shown
        bar = page.locator(".handout-changed")
        bar.wait_for()
        assert bar.get_attribute("role") == "status" and bar.locator("p").inner_text() == b("offline.changed")
        assert OLD_DOSE in shown_dose(page) and page.evaluate("() => window.leftOpen")  # not reloaded by itself
        other.wait_for_function("() => document.documentElement.dataset.handoutPage === 'current'")
        assert other.locator(".handout-changed").count() == 0
        assert axe_violations(page, ".handout-changed") == []
        # Its scripts are the old build's: a link now loads the whole page, the new build's scripts with it.
        other.evaluate("() => { window.leftOpen = true; }")
        with other.expect_event("load"):  # a new document, not material's instant loading
            other.locator(".md-content a[href$='areas/upper-back/']").first.click()
        assert other.evaluate("() => window.leftOpen") is None
        with page.expect_event("load"):  # a new document (material's history updates count as navigations)
            page.get_by_role("button", name=b("offline.update"), exact=True).click()
        assert NEW_DOSE in shown_dose(page) and page.locator(".handout-changed").count() == 0
        assert page.evaluate("() => window.leftOpen") is None
    finally:
        context.close()


@pytest.mark.parametrize(("path", "dose", "start", "stop"), [
    (QUAD_SETS, "#dose", "Start", "Reset"),
    ("programs/knee-pain/", "#quad-sets", b("player.start"), b("player.stop")),
])
def test_the_notice_never_reloads_a_running_timer_or_program(browser, serve, project: Path, path, dose, start, stop):
    server = serve(build_site(project))
    context = browser.new_context()
    try:
        page = controlled(context, server.url + path, clock=True)
        page.evaluate("() => { window.leftOpen = true; }")
        page.get_by_role("button", name=start, exact=True).first.click()
        page.clock.run_for(7_000)
        new_dose(project)
        page.evaluate("() => document.dispatchEvent(new Event('visibilitychange'))")  # the patient looks at it again
        bar = page.locator(".handout-changed")
        bar.wait_for()
        assert bar.locator("p").inner_text() == b("offline.changedBusy")
        update = page.get_by_role("button", name=b("offline.update"), exact=True)
        assert update.count() == 0
        bar.click()  # a tap on the notice does nothing while the timer runs
        page.clock.run_for(20_000)
        assert page.evaluate("() => window.leftOpen") and page.locator(".exercise-timer[data-status=running]").count()
        assert OLD_DOSE in shown_dose(page, dose)
        page.get_by_role("button", name=stop, exact=True).first.click()
        assert bar.locator("p").inner_text() == b("offline.changed")
        with page.expect_event("load"):
            update.click()
        assert NEW_DOSE in shown_dose(page, dose)
        timer = "() => HandoutTimer.parseDose(document.querySelector('.exercise-timer[data-slug=quad-sets]')).reps"
        assert page.evaluate(timer) == 14
    finally:
        context.close()
