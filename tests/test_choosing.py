"""Choosing exercises by their pictures: the exercise list, the area pages and the sheet builder's picker, in Chromium.

Each list shows one picture per exercise (its figure's start pose, a file the build writes once, or its first
photo), which loads, with the exercise's alt text; each filter (body area, position, equipment) narrows the list to
exactly the exercises the library says, and the count says how many in the page's words; axe finds nothing; without
JavaScript every exercise shows and no filter does. The values are checked in memory first.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from handouts.content.load import load_library
from handouts.i18n.words import plural_key, word
from handouts.model.values import Exercise, Library, area_slug
from handouts.render.choosing import (
    NO_EQUIPMENT,
    POSITIONS,
    by_title,
    choices,
    equipment_key,
    position,
    start_pose_svg,
    thumbnail,
    thumbnail_files,
)
from handouts.render.figures import figure_svg

from .conftest import axe_violations, build_site, copy_project, write
from .test_timer import watch

PHOTO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 30"><rect width="40" height="30" fill="#ccd"/>'
         '<circle cx="20" cy="15" r="8" fill="#357"/></svg>')
PHOTO_ALT = "A photo of a person sitting tall, squeezing the shoulder blades."
PHOTO_ALT_ES = "Una foto de una persona sentada que junta los omóplatos."


def with_photo(project: Path) -> Path:
    """The shipped project, with one exercise shown by a clinic's own photo (`image:`) besides its figure."""
    folder = project / "content" / "exercises"
    write(project / "content", {"images/squeeze.svg": PHOTO})
    for path, image in ((folder / "scapular-squeezes.md", f"  src: images/squeeze.svg\n  alt: {PHOTO_ALT}"),
                        (folder / "scapular-squeezes.es.md", f"  alt: {PHOTO_ALT_ES}")):
        text = path.read_text()
        path.write_text(text.replace("\nfigure:\n", f"\nimage:\n{image}\nfigure:\n", 1))
    return project


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return with_photo(copy_project(tmp_path_factory.mktemp("choosing") / "project"))


@pytest.fixture(scope="module")
def site(project) -> Path:
    return build_site(project)


@pytest.fixture(scope="module")
def library(project) -> Library:
    return load_library(project / "mkdocs.yml", project)


# -- values ----------------------------------------------------------------------------------------------------------


def test_a_picture_is_the_first_photo_else_the_figures_start_pose(library):
    squeezes = library.exercises["scapular-squeezes"]
    assert thumbnail(squeezes) is not None and thumbnail(squeezes).src == "images/squeeze.svg"
    assert thumbnail(squeezes).alt == PHOTO_ALT
    bridges = library.exercises["bridges"]
    assert thumbnail(bridges).src == "assets/figures/bridges.svg" and thumbnail(bridges).alt == bridges.figure.alt
    files = thumbnail_files(library)
    assert "assets/figures/scapular-squeezes.svg" not in files  # its list shows the photo
    assert set(files) == {f"assets/figures/{e.slug}.svg" for e in library.exercises.values()
                          if e.figure and not e.image}


def test_the_start_pose_is_the_first_pane_of_the_engines_own_drawing(library):
    figure = library.exercises["bridges"].figure
    small = start_pose_svg(figure, "#1f5f8b")
    whole = str(figure_svg(figure, "#1f5f8b", animated=False))
    assert small.count('class="pf-pane"') == 1 and whole.count('class="pf-pane"') == 2
    pane = small[small.index('<g class="pf-pane"'):small.rindex("</g>") + 4]
    first = whole[whole.index('<g class="pf-pane"'):]
    assert first.startswith(pane.split(">", 1)[0])  # the same pane, placed the same way
    width, height = small.split('viewBox="0 0 ', 1)[1].split('"', 1)[0].split()
    assert float(width) > 0 and float(height) > 0 and len(small) < 8000


def exercise(**fields) -> Exercise:
    from handouts.model.values import Dose, Figure

    figure = fields.pop("posture", None)
    base = dict(slug="x", source="x.md", title="X", summary="S.", area=("knee",), dose=Dose(reps=5), steps=(),
                body="", body_line=1)
    if figure:
        base["figure"] = Figure(view="side", posture=figure, poses=(("start", ()), ("end", ())), alt="A.",
                                caption="C.")
    return Exercise(**{**base, **fields})


@pytest.mark.parametrize(("posture", "expected"), [
    ("standing", "standing"), ("sitting", "sitting"), ("long-sitting", "sitting"), ("supine", "lying"),
    ("prone", "lying"), ("side-lying", "lying"), ("kneeling", None), ("quadruped", None), ("half-kneeling", None),
    (None, None),
])
def test_the_position_comes_from_the_figures_posture(posture, expected):
    assert position(exercise(posture=posture)) == expected


def test_the_filters_offer_only_what_the_exercises_have():
    offered = choices([exercise(posture="supine", equipment=("Dumbbells ",), area=("Upper back",)),
                       exercise(posture="kneeling", equipment=("a chair", "dumbbells")), exercise()])
    assert offered.areas == ("knee", "upper-back") and offered.positions == ("lying",)
    assert offered.equipment == (("a chair", "a chair"), ("dumbbells", "Dumbbells ")) and offered.none_needed
    assert not choices([exercise(equipment=("mat",))]).none_needed


# -- in Chromium -----------------------------------------------------------------------------------------------------


def expected_count(n: int, lang: str = "en") -> str:
    return word(plural_key("choose.shown", n, lang), lang, n=n) if n else word("choose.shownNone", lang)


def pictures(page, selector: str) -> list[dict]:
    """Each visible entry's picture: whether it loaded, its alt text, and its entry's title."""
    page.evaluate("""sel => Promise.all([...document.querySelectorAll(sel + ' img')].map(i => {
        i.loading = 'eager'; return i.decode().catch(() => null); }))""", selector)
    return page.evaluate("""sel => [...document.querySelectorAll(sel + ' > li')].filter(li => !li.hidden)
        .map(li => { const imgs = li.querySelectorAll('img');
          return {count: imgs.length, loaded: imgs.length === 1 && imgs[0].complete && imgs[0].naturalWidth > 0,
                  alt: imgs.length ? imgs[0].alt : null, title: (li.querySelector('a, label') || {}).textContent,
                  box: imgs.length ? [imgs[0].getAttribute('width'), imgs[0].getAttribute('height')] : null}; })""",
                         selector)


def alt_of(e: Exercise) -> str:
    return e.image.alt if e.image else e.figure.alt  # type: ignore[union-attr]


def shown_titles(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('.handout-list--pictures > li')]"
                         ".filter(li => !li.hidden && li.offsetParent).map(li => li.querySelector('a').textContent)")


def list_pages(library: Library) -> list[tuple[str, list[Exercise]]]:
    return [("exercises/", by_title(library.exercises.values())),
            *[(f"areas/{area_slug(area)}/", exercises) for area, exercises in library.areas().items()]]


def test_every_list_shows_one_picture_per_exercise_that_loads_with_its_alt_text(browser, serve, site, library):
    server = serve(site)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    problems: list[str] = []
    watch(context, page, problems)
    for path, exercises in list_pages(library):
        page.goto(server.url + path)
        shown = pictures(page, ".handout-list--pictures")
        assert [s["title"] for s in shown] == [e.title for e in exercises], path
        assert all(s["count"] == 1 and s["loaded"] and s["box"] == ["112", "84"] for s in shown), (path, shown)
        assert [s["alt"] for s in shown] == [alt_of(e) for e in exercises], path
        assert page.locator(".handout-choose__count").text_content() == expected_count(len(exercises))
        assert axe_violations(page) == [], path
    assert problems == []
    html = (site / "exercises" / "index.html").read_text()
    assert "<svg" not in html.split('class="handout-list handout-list--pictures"', 1)[1].split("</ul>", 1)[0]
    context.close()


def visible_options(page, label: str) -> list[tuple[str, str]]:
    return page.get_by_label(label, exact=True).evaluate(
        "s => [...s.options].filter(o => o.value).map(o => [o.value, o.textContent])")


def test_each_filter_narrows_the_list_and_the_count_says_so(browser, serve, site, library):
    server = serve(site)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server.url + "exercises/")
    everything = by_title(library.exercises.values())
    rules = {
        "Body area": lambda e, v: v in {area_slug(a) for a in e.area},
        "Position": lambda e, v: position(e) == v,
        "Equipment": lambda e, v: (not e.equipment) if v == NO_EQUIPMENT
        else v in {equipment_key(t) for t in e.equipment},
    }
    tried = 0
    for label, rule in rules.items():
        options = visible_options(page, label)
        assert options, label
        for value, _name in options:
            page.get_by_label(label, exact=True).select_option(value)
            expected = [e.title for e in everything if rule(e, value)]
            assert expected, (label, value)  # only what some exercise has is offered
            assert shown_titles(page) == expected, (label, value)
            assert page.get_by_role("status").text_content() == expected_count(len(expected))
            tried += 1
        page.get_by_label(label, exact=True).select_option("")
        assert len(shown_titles(page)) == len(everything)
    assert tried >= 2 + len(POSITIONS)
    # Two filters at once, and none left: the count says no exercise matches.
    page.get_by_label("Position", exact=True).select_option("lying")
    page.get_by_label("Equipment", exact=True).select_option("dumbbells")
    assert shown_titles(page) == [] and page.get_by_role("status").text_content() == expected_count(0)
    assert axe_violations(page) == []
    # The keyboard alone: the filters are labelled selects, reached with Tab.
    page.get_by_label("Equipment", exact=True).select_option("")
    page.get_by_label("Body area", exact=True).focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "choose-position"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    context.close()


def test_without_javascript_every_exercise_shows_and_no_filter(browser, serve, site, library):
    server = serve(site)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url + "exercises/")
    assert not page.locator("form.handout-choose").is_visible()
    assert len(shown_titles(page)) == len(library.exercises)
    context.close()


def test_the_spanish_list_says_its_count_in_spanish(browser, serve, site, library):
    spanish = library.in_language("es")
    server = serve(site)
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.url + "es/exercises/")
    shown = pictures(page, ".handout-list--pictures")
    assert [s["alt"] for s in shown] == [alt_of(e) for e in by_title(spanish.exercises.values())]
    assert all(s["loaded"] for s in shown)
    assert page.get_by_role("status").text_content() == expected_count(len(spanish.exercises), "es")
    page.get_by_label("Posición", exact=True).select_option("standing")
    standing = [e for e in spanish.exercises.values() if position(e) == "standing"]
    assert page.get_by_role("status").text_content() == expected_count(len(standing), "es")
    context.close()


def test_the_pickers_pictures_and_filters(browser, serve, site, library):
    server = serve(site)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    problems: list[str] = []
    watch(context, page, problems)
    page.goto(server.url + "sheet/")
    page.locator(".sheet-exercises li").first.wait_for()
    everything = sorted(library.exercises.values(), key=lambda e: e.title.lower())
    shown = pictures(page, ".sheet-exercises")
    assert [s["title"] for s in shown] == [e.title for e in everything]
    assert all(s["count"] == 1 and s["loaded"] for s in shown), shown
    assert [s["alt"] for s in shown] == [alt_of(e) for e in everything]
    for value in [v for v, _ in visible_options(page, "Position")]:
        page.get_by_label("Position", exact=True).select_option(value)
        expected = [e.title for e in everything if position(e) == value]
        assert [s["title"] for s in pictures(page, ".sheet-exercises")] == expected, value
        found = page.locator(".sheet-found").text_content()
        assert found == word(plural_key("sheet.found", len(expected)), n=len(expected)), value
    page.get_by_label("Position", exact=True).select_option("")
    page.get_by_label("Equipment", exact=True).select_option(NO_EQUIPMENT)
    assert [s["title"] for s in pictures(page, ".sheet-exercises")] == [e.title for e in everything
                                                                       if not e.equipment]
    assert axe_violations(page, ".sheet-pick") == []
    assert problems == []
    context.close()


def test_the_index_carries_each_picture_and_position(site, library):
    index = json.loads((site / "sheet" / "exercises.json").read_text())
    for item in index["exercises"]:
        e = library.exercises[item["slug"]]
        assert item["picture"] == thumbnail(e).src and item["alt"] == alt_of(e)  # type: ignore[union-attr]
        assert item.get("position") == position(e)
        assert (site / item["picture"]).is_file()
    assert len(gzip.compress((site / "exercises" / "index.html").read_bytes())) < 40_000
