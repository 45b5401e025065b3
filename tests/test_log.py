"""The patient's log (templates/assets/log.js), the calendar reminder and the printed weekly log.

The browser tests use the built site in a real Chromium, on Playwright's clock set to a fixed evening in Vancouver
(the next day already in UTC), so "today" is the phone's local date. Nothing may be asked of another host.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pypdf
import pytest

from handouts.content.load import load_library
from handouts.model.dose import prescribe
from handouts.model.schedule import Schedule, schedule
from handouts.model.values import Dose
from handouts.pdf import writer as pdf
from handouts.render.templates import jinja_env

from .conftest import ROOT, axe_violations, run_main, write
from .test_pdf import figure_alts, pages_text, tagged_text
from .test_print_layout import text_runs
from .test_timer import watch

ZONE = "America/Vancouver"
NOW = datetime(2026, 3, 4, 23, 30, tzinfo=ZoneInfo(ZONE))
"""A Wednesday, 23:30 on the phone: already Thursday 07:30 in UTC."""
TODAY = "2026-03-04"
LOADED = timedelta(seconds=30)
"""The virtual clock runs while a page loads, then stops here (well after any load) for the test's steps."""
PROGRAM = "programs/upper-back-pain/"
TITLE = "Exercise Program for Upper Back Pain"
SLUGS = ["shoulder-rolls", "childs-pose", "open-books", "scapular-squeezes", "bent-over-rows"]

# -- How often: handouts.model.schedule ------------------------------------------------------------------------


@pytest.mark.parametrize("frequency, expected", [
    (None, Schedule()),
    ("once a day", Schedule()),
    ("every day", Schedule()),
    ("Twice a day", Schedule(per_day=2)),
    ("2 times a day", Schedule(per_day=2)),
    ("3 times per day, after meals", Schedule(per_day=3)),
    ("10 times a day", Schedule(per_day=4)),
    ("3 times a week", Schedule(days=("MO", "WE", "FR"))),
    ("once a week", Schedule(days=("MO",))),
    ("7 times a week", Schedule()),
    ("when it hurts", Schedule()),
])
def test_schedule_from_the_frequency_in_words(frequency, expected):
    assert schedule(frequency) == expected


def test_the_program_page_carries_the_schedule_for_the_calendar():
    library = load_library(ROOT / "mkdocs.yml", ROOT)
    program = library.programs["upper-back-pain"]
    env = jinja_env([ROOT / "templates"])
    reminder = env.get_template("partials/reminder.html")
    twice = reminder.render(program=dataclasses.replace(program, frequency="twice a day"))
    assert 'data-per-day="2"' in twice and 'data-days=""' in twice and "12 hours later" in twice
    weekly = reminder.render(program=dataclasses.replace(program, frequency="3 times a week"))
    assert 'data-days="MO,WE,FR"' in weekly and "every Monday, Wednesday and Friday" in " ".join(weekly.split())
    assert 'for="handout-reminder-time"' in twice and 'type="time"' in twice


# -- In the browser ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(built_site, tmp_path_factory) -> Path:
    return shutil.copytree(built_site, tmp_path_factory.mktemp("log") / "site")


@pytest.fixture
def phone(browser, serve, site):
    """phone(path, entries=None) -> page: the site at phone size on the virtual clock, with a log already kept."""
    contexts, problems = [], []

    def open_page(path: str, entries: list | None = None, pause: bool = True, now: datetime = NOW):
        server = serve(site)
        # material turns a click into an instant page change only for pages in sitemap.xml, with their port.
        pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
        locs = "".join(f"<url><loc>{server.url}{'' if p == '.' else p + '/'}</loc></url>" for p in pages)
        write(site, {"sitemap.xml": f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'})
        context = browser.new_context(viewport={"width": 390, "height": 844}, timezone_id=ZONE, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        watch(context, page, problems)
        page.problems = problems
        page.clock.install(time=now)
        if entries is not None:
            page.add_init_script(f"localStorage.getItem('handout-log') || localStorage.setItem('handout-log', "
                                 f"{json.dumps(json.dumps(entries))})")
        page.goto(server.url + path)
        page.base = server.url
        if pause:
            page.clock.pause_at(now + LOADED)
        return page

    yield open_page
    for context in contexts:
        context.close()


def kept(page) -> list[dict]:
    return page.evaluate("JSON.parse(localStorage.getItem('handout-log') || '[]')")


def week_said(page) -> list[str]:
    return page.locator(".handout-week__day .handout-sr").all_inner_texts()


def entry(day: str, kind: str, slug: str, title: str, **more) -> dict:
    return {"date": day, "at": len(slug) + int(day[-2:]), "kind": kind, "slug": slug, "title": title, **more}


def test_finishing_an_exercise_timer_records_it_with_todays_local_date_and_the_pain(phone):
    page = phone("exercises/scapular-squeezes/")
    assert page.locator(".handout-pain").count() == 0
    page.locator("#timer").get_by_role("button", name="Start").click()
    page.clock.run_for(200_000)
    assert page.locator("#timer").get_attribute("data-status") == "done"
    [done] = kept(page)
    assert (done["date"], done["kind"], done["slug"], done["title"]) == (TODAY, "exercise", "scapular-squeezes",
                                                                          "Scapular squeezes")
    assert "pain" not in done
    question = page.locator(".handout-pain")
    assert question.is_visible() and "Scapular squeezes is in your log for today" in question.inner_text()
    assert page.evaluate("document.querySelector('#timer').nextElementSibling.className") == "handout-pain"
    radios = question.get_by_role("radio")
    assert radios.count() == 11
    assert question.get_by_role("group", name=re.compile("How much pain")).is_visible()
    radios.nth(4).check()  # the label "4"
    assert kept(page)[0]["pain"] == 4
    assert question.get_by_role("status").inner_text() == "Pain 4 out of 10 is in your log."
    radios.nth(4).focus()  # and by keyboard: the arrow keys move along the scale
    page.keyboard.press("ArrowRight")
    assert kept(page)[0]["pain"] == 5
    page.clock.resume()  # axe waits on timers of its own
    assert axe_violations(page) == []
    assert page.problems == []


def test_the_program_page_shows_this_weeks_days_in_words(phone):
    entries = [entry("2026-03-02", "program", "upper-back-pain", TITLE),
               entry("2026-03-03", "exercise", "open-books", "Open books"),
               entry("2026-02-27", "program", "upper-back-pain", TITLE)]  # last week: not shown
    entries += [entry(TODAY, "exercise", slug, slug) for slug in SLUGS]  # every exercise, one by one
    page = phone(PROGRAM, entries)
    assert page.get_by_role("heading", name="This week").is_visible()
    assert week_said(page) == ["Monday: done", "Tuesday: some exercises done", "Wednesday: done", "Thursday: not done",
                               "Friday: not done", "Saturday: not done", "Sunday: not done"]
    days = page.locator(".handout-week__day")
    assert days.nth(2).get_attribute("aria-current") == "date"
    assert days.nth(0).locator("[aria-hidden=true]").inner_text().split() == ["Mon", "✓"]
    page.clock.resume()
    assert axe_violations(page) == []
    assert page.problems == []


def test_the_whole_program_done_is_recorded_and_asks_about_pain_in_the_week(phone):
    page = phone(PROGRAM, [])
    assert week_said(page)[2] == "Wednesday: not done"
    # The player runs each exercise with detail.program, then says the program is done.
    page.evaluate("""() => {
      for (const slug of ['shoulder-rolls', 'childs-pose']) document.dispatchEvent(new CustomEvent('handout:done',
        {detail: {exercise: slug, title: slug, program: 'upper-back-pain'}}));
    }""")
    assert page.locator(".handout-pain").count() == 0 and week_said(page)[2] == "Wednesday: some exercises done"
    page.evaluate(f"""() => document.dispatchEvent(new CustomEvent('handout:program-done',
        {{detail: {{program: 'upper-back-pain', title: {TITLE!r}}}}}))""")
    assert [(e["kind"], e["slug"], e["date"]) for e in kept(page)] == [
        ("exercise", "shoulder-rolls", TODAY), ("exercise", "childs-pose", TODAY),
        ("program", "upper-back-pain", TODAY)]
    assert week_said(page)[2] == "Wednesday: done"
    question = page.locator(".handout-week .handout-pain")
    assert question.is_visible() and f"{TITLE} is in your log" in question.inner_text()
    question.get_by_role("radio").nth(0).check()
    assert kept(page)[-1]["pain"] == 0
    assert page.problems == []


def test_my_log_lists_the_last_weeks_prints_on_one_page_and_clears(phone):
    entries = [entry("2026-03-03", "exercise", "open-books", "Open books", pain=2),
               entry("2026-03-03", "exercise", "open-books", "Open books"),
               entry("2026-03-02", "program", "upper-back-pain", TITLE, pain=3),
               entry("2026-03-02", "exercise", "childs-pose", "Child's pose", program="upper-back-pain"),
               entry("2026-01-05", "exercise", "shoulder-rolls", "Shoulder rolls")]  # more than 4 weeks ago
    entries += [entry(f"2026-02-{day:02}", "exercise", "childs-pose", "Child's pose", pain=day % 11)
                for day in range(9, 29)]  # a busy month: every day
    entries += [entry("2026-03-01", "exercise", "open-books", "Open books"), entry(TODAY, "exercise", "x", "X")]
    page = phone("log/", entries)
    assert page.get_by_role("heading", name="My log", level=1).is_visible()
    rows = page.locator(".handout-log tbody tr")
    assert rows.count() == 24, "every day of the last 4 weeks, Monday to Wednesday"
    assert rows.nth(0).locator("th, td").all_inner_texts() == ["Wed, Mar 4", "X", "Not noted"]
    assert rows.nth(1).locator("th, td").all_inner_texts() == ["Tue, Mar 3", "Open books (2 times)", "2"]
    assert rows.nth(2).locator("th, td").all_inner_texts() == ["Mon, Mar 2", TITLE, "3"]
    assert "Shoulder rolls" not in page.locator(".handout-log").inner_text()
    assert page.locator(".md-nav--primary a.md-nav__link", has_text="My log").get_attribute("href").endswith("/log/")
    page.clock.resume()
    assert axe_violations(page) == []

    printed = pypdf.PdfReader(io.BytesIO(page.pdf(format="Letter")))
    text = " ".join(printed.pages[0].extract_text().split())
    assert len(printed.pages) == 1, "the printed log is one page"
    assert "Open books (2 times)" in text and "Mon, Feb 9" in text and "Name:" in text
    assert text.count("Important:") == 1 and "healthcare provider" in text
    assert "Clear my log" not in text and "Print my log" not in text

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Clear my log").click()
    assert len(kept(page)) == len(entries)
    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Clear my log").click()
    assert "cannot be undone" in messages[0]
    assert kept(page) == [] and rows.count() == 0
    assert page.get_by_text("Nothing in your log yet.").is_visible()
    assert page.get_by_role("status").inner_text() == "Your log is empty now."
    assert page.problems == []


def test_a_full_four_weeks_still_prints_on_one_page(phone):
    """On a Sunday, four whole weeks with two exercises every day: 28 rows."""
    sunday = datetime(2026, 3, 8, 20, 0, tzinfo=ZoneInfo(ZONE))
    entries = [entry((sunday - timedelta(days=n)).date().isoformat(), "exercise", slug, title, pain=n % 11)
               for n in range(28) for slug, title in [("bent-over-rows", "Bent-over rows with dumbbells"),
                                                       ("scapular-squeezes", "Scapular squeezes")]]
    page = phone("log/", entries, now=sunday)
    assert page.locator(".handout-log tbody tr").count() == 28
    for paper in ("Letter", "A4"):
        printed = pypdf.PdfReader(io.BytesIO(page.pdf(format=paper)))
        assert len(printed.pages) == 1, paper
        text = " ".join(printed.pages[0].extract_text().split())
        assert "Mon, Feb 9" in text and "Sun, Mar 8" in text and text.count("Important:") == 1
    assert page.problems == []


def test_the_log_follows_materials_instant_navigation(phone):
    page = phone(PROGRAM, [entry(TODAY, "exercise", "open-books", "Open books")], pause=False)
    page.evaluate("window.__sameDocument = true")
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="See my log").click()
    page.wait_for_function("() => location.pathname.endsWith('/log/')")
    page.wait_for_function("() => document.querySelector('.handout-log:not([hidden]) tbody tr')")
    assert page.evaluate("window.__sameDocument === true"), "material's instant navigation did not happen"
    assert page.locator(".handout-log tbody tr").count() == 1
    page.go_back()
    page.wait_for_function("() => document.querySelector('.handout-week:not([hidden]) li')")
    assert week_said(page)[2] == "Wednesday: some exercises done"
    assert page.problems == []


def test_add_to_my_calendar_downloads_a_valid_daily_reminder(phone):
    page = phone(PROGRAM, [])
    reminder = page.locator(".handout-reminder")
    assert reminder.get_by_role("heading", name="Add to my calendar").is_visible()
    reminder.get_by_label("Time of the reminder").fill("07:45")
    with page.expect_download() as caught:
        reminder.get_by_role("button", name="Add to my calendar").click()
    download = caught.value
    assert download.suggested_filename == "upper-back-pain.ics"
    data = Path(download.path()).read_bytes()
    assert "upper-back-pain.ics" in reminder.get_by_role("status").inner_text()
    check_ics(data)
    [event] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert event["DTSTART"].dt == datetime(2026, 3, 4, 7, 45) and event["DTSTART"].dt.tzinfo is None  # floating
    assert event["RRULE"] == {"FREQ": ["DAILY"]}
    assert str(event["SUMMARY"]) == TITLE
    assert str(event["URL"]) == page.base + PROGRAM and page.base + PROGRAM in str(event["DESCRIPTION"])
    assert event["DTSTAMP"].dt == (NOW + LOADED).astimezone(ZoneInfo("UTC"))
    assert event.walk("VALARM")
    page.clock.resume()
    assert axe_violations(page, ".handout-reminder") == []
    assert page.problems == []


def check_ics(data: bytes) -> None:
    """RFC 5545's form: CRLF line endings only, no line longer than 75 octets, one calendar."""
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), max(data.split(b"\r\n"), key=len)
    assert data.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")


def test_ics_twice_a_day_weekly_days_and_long_text(phone):
    page = phone(PROGRAM, [])
    assert page.evaluate("HandoutLog.times('08:00', 2)") == ["08:00", "20:00"]
    assert page.evaluate("HandoutLog.times('21:30', 3)") == ["21:30", "03:30", "09:30"]
    title = "Übungen für den Rücken; Schultern, Nacken — ein sehr langer Titel, der gefaltet werden muss 😀"
    plan = {"title": title, "slug": "x", "url": "https://clinic.example/programs/x/", "times": ["08:00", "20:00"],
            "days": []}
    data = page.evaluate("plan => HandoutLog.ics({...plan, now: new Date()})", plan).encode()
    check_ics(data)
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert [e["DTSTART"].dt.time().isoformat() for e in events] == ["08:00:00", "20:00:00"]
    assert all(str(e["SUMMARY"]) == title for e in events) and len({str(e["UID"]) for e in events}) == 2
    weekly = page.evaluate("plan => HandoutLog.ics({...plan, now: new Date(), times: ['09:00'], days: ['MO', 'FR']})",
                           plan).encode()
    [event] = icalendar.Calendar.from_ical(weekly).walk("VEVENT")
    assert event["RRULE"] == {"FREQ": ["WEEKLY"], "BYDAY": ["MO", "FR"]}
    assert event["DTSTART"].dt == datetime(2026, 3, 6, 9, 0)  # the first Friday from Wednesday
    assert page.problems == []


def test_the_log_script_stays_small_and_asks_no_host():
    import gzip

    text = (ROOT / "templates" / "assets" / "log.js").read_text()
    assert "http://" not in text and "https://" not in text and "fetch(" not in text and "XMLHttpRequest" not in text
    assert len(gzip.compress(text.encode(), 9)) <= 3_800, "the log and the calendar file"


# -- On paper: the weekly log in a program's PDF -------------------------------------------------------------


@pytest.fixture(scope="module")
def library():
    found = load_library(ROOT / "mkdocs.yml", ROOT)
    return dataclasses.replace(found, site_url="https://clinic.example/handouts")


def program_pdf(library, large: bool = False, frequency: str | None = None) -> bytes:
    program = library.programs["upper-back-pain"]
    html = pdf.handout_html(
        library, list(program.items), template_dirs=[ROOT / "templates"],
        title=program.title, summary=program.summary, intro=program.body, frequency=frequency, large=large,
        log_grid=True,
    )
    return pdf.render_pdf(html, ROOT / "content", template_dirs=[ROOT / "templates"],
                          allowed_roots=[ROOT / "content", ROOT / "templates"])


def table_cells(data: bytes) -> list[tuple[str, str | None, tuple[str, ...]]]:
    """(role, /ID, /Headers) of each element of the tag tree's tables: the table, its caption and its cells."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    found = []

    def walk(node, in_table=False):
        node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            for kid in node:
                walk(kid, in_table)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            role = node.get("/S")
            in_table = in_table or role == "/Table"
            if in_table and role in ("/Table", "/Caption", "/TH", "/TD"):
                attributes = node.get("/A", {})
                found.append((str(role), str(node["/ID"]) if "/ID" in node else None,
                              tuple(str(h) for h in attributes.get("/Headers", ()))))
            if "/K" in node:
                walk(node["/K"], in_table)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize("large", [False, True])
def test_the_program_pdf_ends_with_a_tagged_weekly_log(library, large):
    data = program_pdf(library, large)
    pages = pages_text(data)
    last = pages[-1]
    assert "Your week" in last and "Week starting on Monday:" in last
    assert re.search(r"Exercise Mon Tue Wed Thu Fri Sat Sun", last)
    titles = [item.exercise.title for item in library.programs["upper-back-pain"].items]
    assert all(title in " ".join(pages) for title in titles)
    grid = last[last.index("Exercise Mon"):]
    positions = [grid.index(title) for title in titles]
    assert positions == sorted(positions) and "Pain, 0 to 10" in grid
    # No session's tick boxes: each exercise points at the weekly log instead, and keeps its QR code.
    assert "Tick a box for each repeat" not in " ".join(pages)
    assert " ".join(pages).count("tick today in the weekly log on the last page") == len(titles)
    assert " ".join(pages).count("Scan for the timer") == len(titles)
    cells = table_cells(data)
    roles = [role for role, _, _ in cells]
    assert roles.count("/Table") == 1 and roles.count("/Caption") == 1
    assert roles.count("/TH") == 8 + len(titles) + 1 and roles.count("/TD") == 7 * (len(titles) + 1)
    # Each box is linked to its exercise (or the pain row) and its day, so a screen reader names both.
    header_ids = {id_ for role, id_, _ in cells if role == "/TH"}
    assert all(len(headers) == 2 and set(headers) <= header_ids for role, _, headers in cells if role == "/TD")
    read = " ".join(tagged_text(data))
    assert "This week's exercises, one row each, and your pain each day" in read
    for number, text in enumerate(pages, 1):
        assert text.count("Important:") == 1 and f"Page {number} of {len(pages)}" in text
    if large:
        small = [(page, size, text) for page, size, _, text in text_runs(data) if size < 13.99]
        assert not small, small[:5]


def test_twice_a_day_gives_two_boxes_a_day(library):
    data = program_pdf(library, frequency="twice a day")
    assert "Do this program 2 times a day." in pages_text(data)[-1]
    assert figure_alts(data).count("2 boxes") == 7 * len(library.programs["upper-back-pain"].items)


def test_a_one_exercise_pdf_keeps_its_tick_boxes(library):
    books = library.exercises["open-books"]
    html = pdf.handout_html(library, [prescribe(books)], template_dirs=[ROOT / "templates"])
    assert "Tick a box for each repeat." in html and "log-grid" not in html


def test_a_sheet_from_a_program_has_the_weekly_log_and_one_of_exercises_does_not(tmp_path):
    from_program = run_main(ROOT, "handout", "upper-back-pain", "-o", str(tmp_path / "program.pdf"),
                            "--date", "2026-03-04")
    assert from_program.returncode == 0, from_program.stderr
    text = " ".join(pages_text((tmp_path / "program.pdf").read_bytes()))
    assert "Your week" in text and "Tick a box for each repeat" not in text
    loose = run_main(ROOT, "handout", "open-books", "childs-pose", "-o", str(tmp_path / "loose.pdf"),
                     "--date", "2026-03-04")
    assert loose.returncode == 0, loose.stderr
    text = " ".join(pages_text((tmp_path / "loose.pdf").read_bytes()))
    assert "Your week" not in text and text.count("Tick a box for each repeat") == 2


def test_the_grid_lists_the_handouts_exercises_in_order():
    library = load_library(ROOT / "mkdocs.yml", ROOT)
    rolls, books = library.exercises["shoulder-rolls"], library.exercises["open-books"]
    html = pdf.handout_html(library, [prescribe(books, dose=Dose(reps=3)), prescribe(rolls)],
                            template_dirs=[ROOT / "templates"], title="Your exercises", log_grid=True)
    grid = html[html.index('class="log-grid"'):]
    assert grid.index("Open books") < grid.index("Shoulder rolls")
    assert grid.count('<th scope="row"') == 3 and grid.count('scope="col"') == 8
