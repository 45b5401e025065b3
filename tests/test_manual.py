"""The manual (docs/*.md, built by manual.yml): it builds strictly with the project's engine and theme, every link in it
and in the README leads to a file and a heading that exist, it asks no other host for anything, and what it says about
the content format is what the code accepts."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from contextlib import chdir
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from markdown.extensions.toc import slugify

from handouts.content.load import load_library
from handouts.model import schema

from .conftest import ENV, ROOT, copy_project, english_only

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
DOCUMENTS = [*PAGES, ROOT / "README.md"]


def properdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess:
    """`properdocs build --strict`: a link or an anchor that leads nowhere is a warning, and a warning fails."""
    return subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=config.parent, capture_output=True, text=True, env=ENV, timeout=300,
    )


@pytest.fixture(scope="module")
def manual(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("manual") / "site"
    result = properdocs_build(ROOT / "manual.yml", site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


def test_the_manual_builds_strictly_with_the_theme_and_without_the_handouts_plugin(manual: Path):
    config = yaml.safe_load((ROOT / "manual.yml").read_text())
    assert config["theme"]["name"] == "material" and config["theme"]["font"] is False
    assert "handouts" not in [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    for page in PAGES:  # every page is in the navigation too: strict fails on a page left out of it
        assert (manual / page.with_suffix(".html").name).is_file(), f"{page.name} was not built"


def test_a_broken_link_or_anchor_fails_the_strict_build(tmp_path: Path):
    """The strict build is what CI relies on: it must fail on a page that links to nothing."""
    shutil.copy(ROOT / "manual.yml", tmp_path / "manual.yml")
    shutil.copytree(DOCS, tmp_path / "docs", ignore=shutil.ignore_patterns("__pycache__"))
    for broken, said in [("[the dose](doses.md)", "doses.md"),
                         ("[the dose](dose.md#no-such-heading)", "no-such-heading")]:
        page = tmp_path / "docs/content.md"
        page.write_text(page.read_text() + f"\nSee {broken}.\n")
        result = properdocs_build(tmp_path / "manual.yml", tmp_path / "site")
        assert result.returncode != 0 and said in result.stderr, result.stderr
        page.write_text(page.read_text().replace(f"\nSee {broken}.\n", ""))


class _Loads(HTMLParser):
    """Every address a page loads by itself (not the links a reader follows)."""

    ATTRIBUTES = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src", "video": "src",
                  "audio": "src", "embed": "src", "object": "data", "track": "src"}

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = self.ATTRIBUTES.get(tag)
        self.loads += [value for name, value in attrs if value and (name == wanted or name == "srcset")]


def test_the_manual_asks_no_other_host_for_anything(manual: Path):
    """No web fonts, no CDN script, no repository badge: like the handouts site, the manual is the site's own files."""
    elsewhere = []
    for page in manual.rglob("*.html"):
        parser = _Loads()
        parser.feed(page.read_text())
        elsewhere += [f"{page.name}: {url}" for url in parser.loads if urlsplit(url).netloc or urlsplit(url).scheme
                      in ("http", "https")]
    for sheet in manual.rglob("*.css"):
        elsewhere += [f"{sheet.name}: {url}" for url in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)",
                                                                    sheet.read_text())]
        elsewhere += [f"{sheet.name}: @import" for _ in re.findall(r"@import\s+(?:url\()?['\"]?(?:https?:)?//",
                                                                  sheet.read_text())]
    assert not elsewhere, elsewhere
    assert any(manual.glob("assets/stylesheets/*.css")), "the theme's own style sheets were not built"


# Links, as GitHub and the built manual show them.

def without_fences(markdown: str) -> str:
    """Markdown without its fenced code blocks, whose `#` lines are comments and whose brackets are examples."""
    return re.sub(r"^```.*?^```", "", markdown, flags=re.S | re.M)


def prose(markdown: str) -> str:
    """Markdown without its fenced code blocks and code spans, whose brackets are examples, not links."""
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", without_fences(markdown), flags=re.S)


def links(markdown: str) -> list[str]:
    """Every link and picture address: Markdown's `[..](to)` and `![..](to)`, and HTML's href and src."""
    text = prose(markdown)
    found = re.findall(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)", text)
    found += re.findall(r"""<(?:a|img|source)\b[^>]*?\b(?:href|src)=["']([^"']+)["']""", text)
    return found


def github_slug(heading: str) -> str:
    """GitHub's anchor: lower case, punctuation dropped (letters of any script kept), each space a hyphen."""
    text = heading.strip().lower()
    text = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LN")
    return text.replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    """The anchors both GitHub and the built manual give this file's headings (a link must work in both)."""
    headings = [re.sub(r"[`*]", "", h) for h in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", without_fences(markdown), re.M)]
    return {github_slug(h) for h in headings} & {slugify(h, "-") for h in headings}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_picture_leads_somewhere(document: Path):
    broken = []
    for address in links(document.read_text()):
        parts = urlsplit(address)
        if parts.scheme or parts.netloc:
            continue  # another website (or mailto:): not this repository's to check
        target = (document.parent / unquote(parts.path)).resolve() if parts.path else document
        if not target.exists():
            broken.append(f"{address}: no file {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
        elif parts.fragment and (target.suffix != ".md" or parts.fragment not in anchors(target.read_text())):
            broken.append(f"{address}: no heading #{parts.fragment} in {target.relative_to(ROOT)}")
    assert not broken, f"{document.relative_to(ROOT)}: " + "; ".join(broken)


def test_the_link_reader_sees_what_it_must():
    """The checker reads links and anchors as both renderers do, and skips code, where brackets are examples."""
    markdown = ("# Build, check and preview\n## The patient's own program\n### An exercise: `a/b.md`\n"
                "See [x](dose.md#the-dose-line), ![p](images/a.png) and <img src=\"images/b.png\" alt=\"\">.\n"
                "`[not a link](nowhere.md)`\n```\n[nor this](nowhere.md)\n```\n")
    assert links(markdown) == ["dose.md#the-dose-line", "images/a.png", "images/b.png"]
    assert anchors(markdown) == {"build-check-and-preview", "the-patients-own-program",
                                 "an-exercise-abmd"}


# What the manual says about the content format is what the code accepts (these were the README's checks).

DOCUMENTED = {
    "exercises.md": [schema.ExerciseSchema, schema.ImageSchema],
    "dose.md": [schema.DoseSchema],
    "videos.md": [schema.VideoFileSchema],
    "figures.md": [schema.FigureSchema],
    "programs.md": [schema.ProgramSchema, schema.ProgramItemSchema, schema.HomeSchema],
    "reviews.md": [schema.ReviewSchema],
    "clinic.md": [schema.ClinicSchema],
    "readability.md": [schema.ReadabilitySchema, schema.ReadingEaseSchema],
}


@pytest.mark.parametrize(("page", "model"), [(page, model) for page, models in DOCUMENTED.items() for model in models],
                         ids=lambda x: getattr(x, "__name__", x))
def test_every_key_is_documented_in_its_page(page: str, model):
    text = (DOCS / page).read_text()
    missing = [key for key in model.model_fields if f"`{key}`" not in text]
    assert not missing, f"{model.__name__}: {missing} not in docs/{page}"


def example(page: str) -> str:
    """The first fenced Markdown block of a page of the manual: its example file."""
    return re.search(r"```markdown\n(.*?)```", (DOCS / page).read_text(), re.S)[1]


def test_the_examples_are_valid_content(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    english_only(project)  # the manual's examples replace English pages; their translations would no longer match
    (project / "content/exercises/open-books.md").write_text(example("exercises.md"))
    (project / "content/programs/upper-back-pain.md").write_text(example("programs.md"))
    (project / "content/images").mkdir()
    (project / "content/images/open-books.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    with chdir(project):
        library = load_library()
    assert library.exercises["open-books"].image.caption == "Open the top arm like the cover of a book."
    assert library.exercises["open-books"].cautions == ("Stop if you feel pain in your back or shoulder.",)
    assert library.warnings == ()
    assert library.programs["upper-back-pain"].items[2].dose.reps == 8


def test_the_architecture_page_names_every_module_of_the_package():
    """The package layout in docs/architecture.md is what `ls handouts/` shows: every module and sub-package."""
    text = (DOCS / "architecture.md").read_text()
    package = ROOT / "handouts"
    missing = [f"{path.relative_to(package)}" for path in sorted(package.rglob("*.py"))
               if path.name != "__init__.py" and "__pycache__" not in path.parts
               and not any(part in ("templates", "starter_content") for part in path.relative_to(package).parts)
               and f"{path.name}`" not in text]
    missing += [f"{folder.name}/" for folder in sorted(package.iterdir())
                if (folder / "__init__.py").is_file() and f"{folder.name}/" not in text]
    assert not missing, f"docs/architecture.md does not name {missing}"
