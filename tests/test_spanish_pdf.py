"""The PDFs in Spanish, beside the English ones: read back page by page, their QR codes, the cache and the check.

One build with PDFs of the upper back program and its five exercises in English and Spanish (the knee program is
left out to keep it short), with a site_url so that the handouts carry QR codes.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
import pytest
from markupsafe import escape

from handouts.errors import BuildError
from handouts.model.dose import dose_sentence, prescribe
from handouts.model.linkcodec import timer_fragment
from handouts.pdf.cache import Inputs, PdfCache
from handouts.pipeline import check_disclaimer, language_libraries, validate
from tests.conftest import build_site, copy_project
from tests.test_spanish_site import CONFIG

SITE_URL = "https://clinic.example/handouts/"
KNEE = ("heel-slides", "quad-sets", "straight-leg-raises", "bridges", "seated-knee-extensions")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, dict]:
    """(project, site, libraries) of the upper back program in both languages, with its PDFs."""
    project = copy_project(tmp_path_factory.mktemp("spanish-pdf") / "project")
    content = project / "content"
    for path in [content / "programs" / "knee-pain.md", *(content / "exercises" / f"{s}.md" for s in KNEE)]:
        path.unlink()
        path.with_suffix(".es.md").unlink(missing_ok=True)
    config = project / CONFIG
    config.write_text(config.read_text().replace("\nsite_dir: site\n", f"\nsite_dir: site\nsite_url: {SITE_URL}\n", 1))
    site = build_site(project, pdfs=True, config=CONFIG)
    return project, site, language_libraries(validate(config, gate=False)[0])


def spanish_disclaimer(libraries: dict) -> str:
    return " ".join(libraries["es"].clinic.disclaimer.split())


def pages(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages]


@pytest.mark.parametrize("suffix", ["", "-large"])
def test_a_spanish_exercise_pdf_page_by_page(built, suffix: str):
    _, site, libraries = built
    books, disclaimer = libraries["es"].exercises["open-books"], spanish_disclaimer(libraries)
    spanish = pages(site / f"es/pdf/exercises/open-books{suffix}.pdf")
    english = pages(site / f"pdf/exercises/open-books{suffix}.pdf")
    assert spanish and all(disclaimer in page for page in spanish)
    assert dose_sentence(books.dose, "es") in spanish[0] and books.title in spanish[0]
    assert not any(disclaimer in page for page in english)
    assert dose_sentence(books.dose, "en") in english[0]
    # The QR code's address, printed under it, opens the Spanish page's timer with this very dose.
    link = f"{SITE_URL}es/exercises/open-books/#{timer_fragment('open-books', books.dose)}"
    assert link in "".join(spanish).replace(" ", "")
    assert f"{SITE_URL}exercises/open-books/#" in "".join(english).replace(" ", "")


@pytest.mark.parametrize("suffix", ["", "-large"])
def test_a_spanish_program_pdf_has_the_programs_doses_and_the_disclaimer_on_every_page(built, suffix: str):
    _, site, libraries = built
    program = libraries["es"].programs["upper-back-pain"]
    text = pages(site / f"es/pdf/programs/upper-back-pain{suffix}.pdf")
    assert len(text) > 1 and all(spanish_disclaimer(libraries) in page for page in text)
    whole = " ".join(text)
    for item, original in zip(program.items, libraries["en"].programs["upper-back-pain"].items, strict=True):
        assert item.dose is original.dose
        assert dose_sentence(item.dose, "es") in whole, item.exercise.slug


def test_spanish_pages_link_to_the_spanish_pdfs(built):
    _, site, _ = built
    html = (site / "es/exercises/open-books/index.html").read_text()
    assert 'href="../../pdf/exercises/open-books.pdf"' in html  # from /es/exercises/open-books/: /es/pdf/…
    assert 'href="../../pdf/exercises/open-books-large.pdf"' in html
    assert (site / "es/pdf/exercises/open-books.pdf").is_file() and (site / "es/pdf/programs").is_dir()
    assert sorted(p.relative_to(site / "es").as_posix() for p in (site / "es/pdf").rglob("*.pdf")) == sorted(
        p.relative_to(site).as_posix() for p in (site / "pdf").rglob("*.pdf"))


def test_the_cache_keys_include_the_language(built, tmp_path):
    project, _, _ = built
    _, _, libraries = built
    cache = PdfCache(tmp_path, Inputs("renderer", "templates", "code", "libraries"), project)
    exercise = next(iter(libraries["en"].exercises.values()))
    keys = {lang: cache.key(("exercise", exercise, False), clinic=libraries["en"].clinic, site_url=None, lang=lang,
                            content_dir=project / "content") for lang in ("en", "es")}
    assert keys["en"] != keys["es"]
    entries = list((project / ".cache/handouts/pdf").glob("*.pdf"))
    assert len(entries) == 2 * 2 * (1 + 5)  # both languages, normal and large, a program and five exercises


def test_the_disclaimer_check_wants_each_languages_own(built, tmp_path):
    """A Spanish page with only the English disclaimer stops the build; so does an English one with the Spanish."""
    _, site, libraries = built
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("*.pdf"))
    assert check_disclaimer(copy, libraries["en"], libraries) == len(list(copy.rglob("*.html")))
    page = copy / "es/exercises/open-books/index.html"
    english, spanish = (escape(libraries[lang].clinic.disclaimer) for lang in ("en", "es"))
    page.write_text(page.read_text().replace(spanish, english))
    with pytest.raises(BuildError, match="es/exercises/open-books/index.html"):
        check_disclaimer(copy, libraries["en"], libraries)
    page.write_text(page.read_text().replace(english, spanish))
    home = copy / "index.html"
    home.write_text(home.read_text().replace(english, spanish))
    with pytest.raises(BuildError, match=r"missing from 1 page\(s\): index.html"):
        check_disclaimer(copy, libraries["en"], libraries)


def test_a_spanish_pdf_of_an_untranslated_exercise_marks_its_english_words(tmp_path):
    """The Spanish handout of an exercise no one has translated: its own words (title, summary, figure, steps,
    cautions) carry lang="en", the dose sentence and the rest the document's Spanish. WeasyPrint (70) writes the
    document's language into the PDF (the catalog's /Lang) but no /Lang on a structure element, so the marking
    reaches the tagged PDF only through the document's language (README, "The site in Spanish")."""
    import re

    from handouts.pdf.writer import handout_html, render_pdf

    project = copy_project(tmp_path / "project")
    (project / "content" / "exercises" / "bridges.es.md").unlink()
    spanish = language_libraries(validate(project / CONFIG, gate=False)[0])["es"]
    bridges = spanish.exercises["bridges"]
    assert not bridges.translated and bridges.lang == "en"
    templates = [project / "templates"]
    html = handout_html(spanish, [prescribe(bridges)], template_dirs=templates)
    assert html.lstrip().splitlines()[1].startswith('<html lang="es"')
    marked = re.findall(r'<(h1|p|img|figcaption|div|ul)\b([^>]*?) lang="en"', html)
    assert [(tag, re.sub(r'\s*src="[^"]*"', "", attrs).strip()) for tag, attrs in marked] == [
        ("h1", ""), ("p", 'class="summary"'), ("img", f'alt="{escape(bridges.figure.alt)}"'), ("figcaption", ""),
        ("div", 'class="exercise__steps"'), ("ul", "")]
    sentence = re.search(r'<p class="handout-dose__sentence"[^>]*>', html)
    assert sentence is not None and "lang=" not in sentence[0]
    pdf = pypdf.PdfReader(io.BytesIO(render_pdf(html, project / "content", template_dirs=templates,
                                                allowed_roots=[project / "content", *templates])))
    assert pdf.trailer["/Root"]["/Lang"] == "es"
    text = " ".join(pdf.pages[0].extract_text().split())
    assert bridges.title in text and dose_sentence(bridges.dose, "es") in text
