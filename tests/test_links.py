"""Relative pictures and links in Markdown bodies: relative to their file, and found on the site, in PDFs and sheets."""

from __future__ import annotations

import posixpath
import re
from contextlib import chdir
from pathlib import Path

import pytest

from handouts.cli import main
from handouts.render.links import rewrite

from .conftest import build_site
from .test_content import problems
from .test_pdf import figure_alts

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30"/></svg>'


@pytest.mark.parametrize(
    ("url", "folder", "page", "expected"),
    [
        ("../images/a.svg", "exercises", "exercises/open-books/", "../../images/a.svg"),
        ("../images/a.svg", "exercises", "programs/upper-back-pain/", "../../images/a.svg"),
        ("../images/a.svg", "exercises", None, "images/a.svg"),  # print: relative to content/
        ("../../images/a.svg", "exercises/back", None, "images/a.svg"),
        ("childs-pose.md", "exercises", "programs/upper-back-pain/", "../../exercises/childs-pose/"),
        ("back/childs-pose.md#tips", "exercises", "exercises/open-books/", "../childs-pose/#tips"),
        ("../index.md", "programs", "programs/upper-back-pain/", "../../"),
        ("childs-pose.md", "exercises", None, "https://clinic.example/exercises/childs-pose/"),
        ("https://example.org/a.png", "exercises", None, "https://example.org/a.png"),
        ("#tips", "exercises", "exercises/open-books/", "#tips"),
        ("mailto:desk@clinic.example", "exercises", None, "mailto:desk@clinic.example"),
    ],
)
def test_an_address_is_relative_to_its_file_wherever_the_body_lands(url, folder, page, expected):
    assert rewrite(url, folder, page, "https://clinic.example") == expected


def test_a_page_link_in_print_without_a_site_url_is_plain_text():
    assert rewrite("childs-pose.md", "exercises", None, None) is None


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("1. Lie down.\n\n![Open books](images/open-books.svg)\n", 3,
         "the picture 'images/open-books.svg' names a file that does not exist: content/exercises/images/"
         "open-books.svg. Addresses are relative to this file: write ../images/open-books.svg"),
        ("1. Lie down.\n2. See [the other one](child-pose.md).\n", 2,
         "the link 'child-pose.md' names a file that does not exist: content/exercises/child-pose.md. "
         "Addresses are relative to this file"),
        ("1. Lie down.\n\n![x](../../../etc/passwd.svg)\n", 3, "the picture '../../../etc/passwd.svg' points outside"),
    ],
)
def test_a_body_address_that_names_no_file_is_refused_at_its_line(project: Path, body, line, message):
    """`line` counts from the body's first line (1), wherever the front matter ends."""
    (project / "content/images").mkdir()
    (project / "content/images/open-books.svg").write_text(SVG)
    path = project / "content/exercises/open-books.md"
    text = path.read_text()
    path.write_text(text[: text.index("1. ")] + body)
    line += text[: text.index("1. ")].count("\n")
    found = problems(project)
    assert any(p.startswith(f"content/exercises/open-books.md:{line}: {message}") for p in found), found
    # The program that lists it says where the problem is, not that the exercise is missing.
    assert not any("no exercise named" in p for p in found)


def resolves(site: Path, page: str, html: str, attribute: str = "src") -> list[str]:
    """Each relative address of an attribute in a page's HTML, as a file in the site (asserted to exist)."""
    found = []
    for url in re.findall(rf'{attribute}="([^"#:]+)"', html):
        target = posixpath.normpath(posixpath.join(page, url))
        path = site / target / ("index.html" if url.endswith("/") else "")
        assert path.is_file(), (page, url)
        found.append(target)
    return found


def test_one_picture_and_one_link_work_on_the_site_in_pdfs_and_on_the_sheet(project: Path):
    (project / "content/images").mkdir()
    (project / "content/images/open-books.svg").write_text(SVG)
    (project / "content/exercises/back").mkdir()
    old = project / "content/exercises/open-books.md"
    new = project / "content/exercises/back/open-books.md"
    new.write_text(old.read_text() + "\n![Lying on your side, knees bent](../../images/open-books.svg)\n\n"
                   "Next, try [child's pose](../childs-pose.md).\n")
    old.unlink()
    site = build_site(project, pdfs=True)
    for page in ("exercises/open-books/", "programs/upper-back-pain/"):
        content = (site / page / "index.html").read_text().split('class="md-content"')[1]
        assert "images/open-books.svg" in resolves(site, page, content)
        assert "exercises/childs-pose" in resolves(site, page, content, "href")
    for pdf in ("exercises/open-books.pdf", "programs/upper-back-pain.pdf"):
        assert "Lying on your side, knees bent" in figure_alts((site / "pdf" / pdf).read_bytes()), pdf
    with chdir(project):
        assert main(["-q", "handout", "upper-back-pain", "-o", "sheet.html"]) == 0
    sheet = (project / "sheet.html").read_text()
    assert 'alt="Lying on your side, knees bent"' in sheet
    assert re.search(r'<img alt="Lying on your side, knees bent" src="data:image/svg\+xml;base64,[^"]+"', sheet)
