"""Search that stems (handouts/site/search.py, templates/assets/javascripts/workers/handouts-search.js): material's
search
worker, found in the installed material, loaded by ours; an English-only site in Chromium. The two-language site's
search is tested in test_spanish_site.py, on its build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handouts.errors import BuildError
from handouts.site.engine import material_dir
from handouts.site.search import WORKER, material_worker, worker


def test_material_names_its_search_worker_and_it_is_there():
    """The installed material's worker, read from its base.html: a material that renames or drops it fails here
    (and stops the build), never a site whose search silently stops working."""
    name = material_worker(material_dir())
    assert name.startswith("assets/javascripts/workers/search.") and name.endswith(".min.js")
    assert (material_dir() / "templates" / name).is_file()
    assert Path(WORKER).parent == Path(name).parent  # beside it: material's worker finds ../lunr/ from ours too


def test_a_material_without_its_search_worker_stops_the_build(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "base.html").write_text('"search": "assets/javascripts/workers/search.0123abcd.min.js" | url,')
    with pytest.raises(BuildError, match=r"base.html: cannot find material's search worker"):
        material_worker(tmp_path)  # named, but not there
    (templates / "base.html").write_text('"search": "assets/javascripts/workers/search.min.js" | url,')
    with pytest.raises(BuildError, match="cannot find"):
        material_worker(tmp_path)
    with pytest.raises(BuildError, match="cannot find"):
        material_worker(tmp_path / "nowhere")


def test_our_worker_names_materials_beside_it():
    code = worker("importScripts(self.HANDOUTS_SEARCH.material);\n",
                  "assets/javascripts/workers/search.a7633da7.min.js")
    first, rest = code.split("\n", 1)
    assert json.loads(first.removeprefix("self.HANDOUTS_SEARCH = ").rstrip(";")) == {
        "material": "search.a7633da7.min.js"}
    assert rest == "importScripts(self.HANDOUTS_SEARCH.material);\n"


def test_an_english_site_stems_too(browser, serve, built_site):
    """English only (lunr's English stemmer, no multi-language support): words longer than their stems find their
    pages as they are typed: "shoulders" finds Shoulder rolls and "knees" the knee program, as their singulars do."""
    assert json.loads((built_site / "search/search_index.json").read_text())["config"]["lang"] == ["en"]
    server = serve(built_site)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(server.url)
        page.locator("label[for=__search]").first.click()
        box = page.locator(".md-search__input")
        rolls, knees = "/exercises/shoulder-rolls/", "/programs/knee-pain/"
        wanted = {"shoulder": rolls, "shoulders": rolls, "rolls": rolls, "knees": knees, "knee": knees}
        for typed, path in wanted.items():
            box.fill("")
            box.press("End")
            page.locator(".md-search-result__link").first.wait_for(state="detached")
            box.fill(typed)
            box.press("End")
            # Waits (retrying) until the results show the page: material renders them as the worker answers.
            page.wait_for_function(
                "path => [...document.querySelectorAll('.md-search-result__link')]"
                ".some(a => new URL(a.href).pathname === path)", arg=path)
        assert errors == []
    finally:
        context.close()
