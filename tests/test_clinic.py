"""A clinic rebrands with one small file that INHERITs the project's: tested on clinics/example."""

from __future__ import annotations

import hashlib
import logging
import re
import subprocess
from contextlib import chdir
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
from pypdf import PdfReader

from handouts.content.load import load_library
from handouts.errors import ContentInvalid

from .conftest import ROOT, build_site, copy_project
from .test_pdf import figure_alts

CLINIC = "clinics/example/mkdocs.yml"


def shipped(config: str):
    with chdir(ROOT):
        return load_library(config).clinic


@pytest.fixture(scope="module")
def clinic_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("clinic") / "project")
    return build_site(project, pdfs=True, config=CLINIC)


def words(text: str) -> str:
    return " ".join(text.split())


def test_every_page_and_pdf_page_carries_the_clinic_not_the_default(clinic_site: Path):
    clinic, default = shipped(CLINIC), shipped("mkdocs.yml")
    assert clinic_site.parts[-3:] == ("clinics", "example", "site")
    pages = list(clinic_site.rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        text = words(re.sub(r"<[^>]+>", " ", page.read_text()).replace("&#39;", "'"))
        assert words(clinic.disclaimer) in text, page
        assert clinic.name in text, page
        assert default.name not in text, page
        assert words(default.disclaimer) not in text, page
    pdfs = list(clinic_site.rglob("*.pdf"))
    assert len(pdfs) == 24  # 10 exercises and 2 programs, normal and large print
    for pdf in pdfs:
        for number, page in enumerate(PdfReader(pdf).pages, 1):
            text = words(page.extract_text())
            assert words(clinic.disclaimer) in text, (pdf.name, number)
            assert clinic.name in text, (pdf.name, number)
            assert default.name not in text, (pdf.name, number)


def test_logo_colour_and_template_override(clinic_site: Path):
    home = (clinic_site / "index.html").read_text()
    assert '<meta name="theme-color" content="#2e7d32">' in home
    assert "--md-primary-fg-color: #2e7d32;" in home
    assert re.search(r'<img src="assets/clinic-logo\.svg" alt="Maple Grove Physiotherapy"', home)
    assert (clinic_site / "assets/clinic-logo.svg").read_bytes() == (ROOT / "clinics/example/logo.svg").read_bytes()
    assert "Open Monday to Friday, 8 am to 6 pm." in home  # clinics/example/templates/partials/contact.html
    data = (clinic_site / "pdf/programs/upper-back-pain.pdf").read_bytes()
    assert "Maple Grove Physiotherapy logo" in figure_alts(data)
    assert logo_green_pixels(clinic_site / "pdf/programs/upper-back-pain.pdf") > 50, "the logo is on page 1"
    page = PdfReader(clinic_site / "pdf/programs/upper-back-pain.pdf").pages[0]
    assert abs(float(page.mediabox.height) - 841.89) < 1, "A4, from extra.clinic.paper"


def logo_green_pixels(pdf: Path) -> int:
    """Pixels of the logo's green in the top-left corner of page 1, drawn by pdftoppm."""
    from PIL import Image

    png = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-l", "1", "-singlefile", str(pdf), str(png)], check=True)
    image = Image.open(f"{png}.png").convert("RGB")
    corner = image.crop((0, 0, image.width // 4, image.height // 8))
    green = (46, 125, 50)
    pixels = corner.get_flattened_data()
    return sum(1 for pixel in pixels if all(abs(a - b) < 12 for a, b in zip(pixel, green, strict=True)))


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (('"#2e7d32"', "green"), 17, "'color' must be a CSS hex colour"),
        (("logo: logo.svg", "logo: missing.svg"), 16, "'logo' names a file that does not exist: missing.svg"),
        (("logo: logo.svg", "logo: ../../mkdocs.yml"), 16, "'logo' must be a file in the same folder as this file"),
        ((r"disclaimer: >-\n(.*\n)*", 'disclaimer: ""\n'), 23, "'disclaimer' must not be empty"),
        (("site_url: https://", "site_url: ftp://"), 6, "'site_url' must start with https:// or http://"),
    ],
)
def test_bad_clinic_settings_name_the_line_and_keep_the_old_site(project: Path, change, line, message):
    site = build_site(project, config=CLINIC)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in site.rglob("*") if p.is_file()}
    config = project / CLINIC
    config.write_text(re.sub(change[0], change[1], config.read_text()))
    with chdir(project), pytest.raises(ContentInvalid) as caught:
        build_site(project, config=CLINIC)
    shown = [str(p).splitlines()[0] for p in caught.value.problems]
    assert any(s.startswith(f"{CLINIC}:{line}: ") and message in s for s in shown), shown
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in site.rglob("*") if p.is_file()} == before


def test_light_colour_warns_and_stays_readable(project: Path, caplog):
    config = project / CLINIC
    config.write_text(config.read_text().replace("#2e7d32", "#9e9e9e"))
    with caplog.at_level(logging.WARNING, logger="handouts"):
        site = build_site(project, config=CLINIC)
    assert any("WCAG AA" in r.getMessage() for r in caplog.records)
    home = (site / "index.html").read_text()
    primary = re.search(r"--md-primary-fg-color: (#[0-9a-f]{6});", home)[1]
    text = re.search(r"--md-primary-bg-color: (#[0-9a-f]{6});", home)[1]
    from handouts.render.brand import contrast

    assert contrast(primary, text) >= 4.5


def test_site_works_from_a_sub_path(browser, serve, clinic_site: Path):
    """Served under /clinic/, every page linked from the site loads, and so does every asset it asks for."""
    server = serve(clinic_site, prefix="/clinic/")
    context = browser.new_context()
    failures: list[str] = []
    page = context.new_page()
    page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failures.append(f"failed {r.url}"))
    to_visit, seen = [server.url], set()
    try:
        while to_visit:
            url = to_visit.pop()
            if url in seen:
                continue
            seen.add(url)
            if url.endswith(".pdf"):  # fetched, not opened: headless Chromium's PDF viewer is an extension
                response = context.request.get(url)
                if response.status != 200 or not response.body().startswith(b"%PDF"):
                    failures.append(f"{response.status} {url}")
                continue
            page.goto(url)
            page.wait_for_load_state("networkidle")
            for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
                target = urldefrag(urljoin(url, href))[0]
                if target.startswith(server.url) and target not in seen:
                    to_visit.append(target)
    finally:
        context.close()
    assert failures == []
    assert any(u.endswith("/clinic/exercises/open-books/") for u in seen)
    assert sum(u.endswith(".pdf") for u in seen) == 24


def test_a_clinic_that_keeps_the_projects_disclaimer_is_warned(project: Path, capsys):
    from handouts.cli import main

    config = project / CLINIC
    config.write_text(re.sub(r"    disclaimer: >-\n(.*\n)*", "", config.read_text()))
    with chdir(project):
        assert main(["-f", CLINIC, "check"]) == 0
        err = capsys.readouterr().err
        assert f"{CLINIC}:14: warning: extra.clinic.disclaimer comes from mkdocs.yml: set your clinic's own" in err
        assert main(["-f", CLINIC, "check", "--strict"]) == 1
