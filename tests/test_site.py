"""The website, built from the shipped content and looked at in a real Chromium."""

from __future__ import annotations

import hashlib
import html
import re
import subprocess
import sys
from contextlib import chdir
from pathlib import Path

import pytest

from bench.synthetic import write_content
from handouts.content.load import load_library
from handouts.errors import ContentInvalid

from .conftest import ENV, ROOT, axe_violations, build_site, copy_project, visit

PAGES = {
    "home": "",
    "program": "programs/upper-back-pain/",
    "exercise": "exercises/open-books/",
    "area": "areas/upper-back/",
    "404": "404.html",
}


def disclaimer() -> str:
    with chdir(ROOT):
        return load_library().clinic.disclaimer


@pytest.mark.parametrize("name", PAGES)
def test_page_in_chromium(browser, serve, built_site: Path, name: str):
    server = serve(built_site)
    context, page, requests, errors = visit(browser, server.url + PAGES[name])
    try:
        footer = page.locator(".handout-disclaimer")
        assert footer.is_visible()
        assert " ".join(disclaimer().split()) in " ".join(footer.inner_text().split())
        assert page.locator("html").get_attribute("lang") == "en"
        assert [u for u in requests if not u.startswith("http://127.0.0.1:")] == []
        assert errors == []
        assert axe_violations(page) == []
        sizes = page.evaluate(
            "[...document.querySelectorAll('article p, article li, .handout-footer p')]"
            ".map(e => parseFloat(getComputedStyle(e).fontSize))"
        )
        assert sizes and min(sizes) >= 18
    finally:
        context.close()


def test_urls(built_site: Path):
    for path in (
        "index.html", "404.html", "programs/upper-back-pain/index.html", "programs/index.html",
        "exercises/index.html", "areas/upper-back/index.html", "search/search_index.json",
        *(f"exercises/{slug}/index.html" for slug in ("shoulder-rolls", "childs-pose", "open-books",
                                                     "scapular-squeezes", "bent-over-rows")),
    ):
        assert (built_site / path).is_file(), path


def test_every_html_file_has_the_disclaimer(built_site: Path):
    pages = list(built_site.rglob("*.html"))
    assert len(pages) >= 10
    text = html.escape(disclaimer(), quote=False)
    assert [p for p in pages if text not in p.read_text()] == []


def test_program_page_shows_each_exercise_in_order_with_its_dose(built_site: Path):
    page = (built_site / "programs/upper-back-pain/index.html").read_text()
    expected = [
        ("Shoulder rolls", "Repeat 10 times."),
        ("Child&#39;s pose", "Hold for 15 to 30 seconds, then relax. Repeat 3 times."),
        ("Open books", "Repeat 10 times on each side."),
        ("Scapular squeezes", "Hold for 5 seconds, then relax. Repeat 10 times."),
        ("Bent-over rows with dumbbells", "Repeat 10 times."),
    ]
    position = 0
    for title, dose in expected:
        position = page.index(title, position)
        position = page.index(dose, position)
    assert 'href="../../exercises/open-books/"' in page
    assert 'href="../../pdf/programs/upper-back-pain.pdf"' in page
    assert "stop any exercise that causes pain" in page


def test_exercise_page_links_its_pdf_and_has_a_place_for_the_timer(built_site: Path):
    page = (built_site / "exercises/childs-pose/index.html").read_text()
    assert 'href="../../pdf/exercises/childs-pose.pdf"' in page
    assert 'href="../../pdf/exercises/childs-pose-large.pdf"' in page
    assert page.count('class="handout-timer"') == 1
    assert "Hold for 15 to 30 seconds, then relax. Repeat 3 times." in page


def test_no_page_names_another_host(built_site: Path):
    for path in built_site.rglob("*.html"):
        text = path.read_text()
        for needle in ("fonts.googleapis", "fonts.gstatic", "cdn.", "googletagmanager", "google-analytics"):
            assert needle not in text, (path, needle)


def test_clinic_text_is_escaped(project: Path):
    mkdocs = project / "mkdocs.yml"
    text = mkdocs.read_text().replace("name: Home Exercise Handouts", "name: A & B <Physio>")
    mkdocs.write_text(text.replace("This handout is for", """We're "A & B": this handout is for"""))
    site = build_site(project, pdfs=True)
    assert "A &amp; B &lt;Physio&gt;" in (site / "index.html").read_text()
    assert "We&#39;re &#34;A &amp; B&#34;: this handout is for" in (site / "index.html").read_text()


def test_page_size_does_not_grow_with_the_library(tmp_path: Path):
    sizes = []
    for count in (20, 200):
        project = copy_project(tmp_path / str(count))
        write_content(project / "content", exercises=count, programs=count // 10)
        site = build_site(project)
        sizes.append((site / "exercises/exercise-0001/index.html").stat().st_size)
    assert abs(sizes[1] - sizes[0]) / sizes[0] < 0.10, sizes


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


def test_failed_build_leaves_the_site_as_it_was(project: Path):
    site = build_site(project)
    before = digest(site)
    path = project / "content/exercises/open-books.md"
    path.write_text(path.read_text().replace("reps: 10", "reps: ten"))
    with pytest.raises(ContentInvalid):
        build_site(project)
    assert digest(site) == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []


def test_plain_mkdocs_build_works(project: Path):
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run(
        [str(mkdocs), "build", "-q", "-d", "out"], cwd=project, capture_output=True, text=True, env=ENV
    )
    assert result.returncode == 0, result.stderr
    assert "Repeat 10 times on each side." in (project / "out/exercises/open-books/index.html").read_text()
    pdfs = list((project / "out/pdf").rglob("*.pdf"))
    assert len(pdfs) == 24, "plain mkdocs build (and gh-deploy) make the PDFs"


def test_plain_mkdocs_build_stops_on_bad_content(project: Path):
    path = project / "content/exercises/open-books.md"
    path.write_text(path.read_text().replace("reps: 10", "reps: 0"))
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run(
        [str(mkdocs), "build", "-q", "-d", "out"], cwd=project, capture_output=True, text=True, env=ENV
    )
    assert result.returncode == 1
    assert "content/exercises/open-books.md:6: 'reps' must be at least 1" in result.stderr
    assert "Traceback" not in result.stderr


def test_templates_and_markdown_extensions_agree():
    from mkdocs.config import load_config

    from handouts.render.templates import MARKDOWN_EXTENSIONS

    config = load_config(str(ROOT / "mkdocs.yml"))
    assert list(config.markdown_extensions) == MARKDOWN_EXTENSIONS


def test_exercise_image_is_shown_with_its_alt_and_caption(project: Path):
    (project / "content/images").mkdir()
    (project / "content/images/open-books.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4"/>')
    path = project / "content/exercises/open-books.md"
    image = "image:\n  src: images/open-books.svg\n  alt: A person lying on their side.\n  caption: Open like a book.\n"
    path.write_text(path.read_text().replace("dose:\n", image + "dose:\n"))
    site = build_site(project)
    page = (site / "exercises/open-books/index.html").read_text()
    assert '<img src="../../images/open-books.svg" alt="A person lying on their side.">' in page
    assert "<figcaption>Open like a book.</figcaption>" in page
    assert (site / "images/open-books.svg").is_file()


def test_exercises_in_subfolders_keep_their_short_url(project: Path):
    (project / "content/exercises/back").mkdir()
    (project / "content/exercises/open-books.md").rename(project / "content/exercises/back/open-books.md")
    site = build_site(project)
    page = site / "exercises/open-books/index.html"
    assert "Repeat 10 times on each side." in page.read_text()
    assert not (site / "exercises/back").exists()
    assert 'href="../../exercises/open-books/"' in (site / "programs/upper-back-pain/index.html").read_text()


def test_an_area_written_several_ways_is_one_nav_entry_and_one_page(project: Path):
    def area(slug: str, written: str) -> None:
        path = project / f"content/exercises/{slug}.md"
        path.write_text(path.read_text().replace("area: [upper back]", written))

    area("open-books", "area: [upper back, neck]")
    area("shoulder-rolls", "area: Neck")
    area("childs-pose", "area: [Upper  Back]")
    site = build_site(project)
    nav = re.findall(r'<a href="(areas/[^"]*)" class="md-nav__link">\s*<span class="md-ellipsis">\s*([^<]*?)\s*<',
                     re.sub(r"\s+", " ", (site / "index.html").read_text()))
    assert nav == [("areas/knee/", "Knee"), ("areas/neck/", "Neck"), ("areas/upper-back/", "Upper back")]
    assert sorted(p.name for p in (site / "areas").iterdir()) == ["knee", "neck", "upper-back"]

    def listed(page: str) -> list[str]:
        listing = (site / page).read_text().split('class="handout-list', 1)[1].split("</ul>", 1)[0]
        return re.findall(r'<a href="\.\./\.\./exercises/([^/]+)/">', listing)

    assert listed("areas/neck/index.html") == ["open-books", "shoulder-rolls"]
    assert listed("areas/upper-back/index.html") == ["bent-over-rows", "childs-pose", "open-books", "scapular-squeezes"]
