"""A personalised sheet for one patient: `python build.py handout ITEM... -o FILE`.

The patient's name is health information. It goes into the one output file and nowhere else:
no cache, no temporary file, no log line. The PDF is rendered from memory.
"""

from __future__ import annotations

import base64
import calendar
import difflib
import mimetypes
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypedDict
from urllib.parse import urljoin

from babel.dates import format_date
from markupsafe import Markup
from pydantic import ValidationError

from ..content.frontmatter import explain
from ..content.load import load_library
from ..errors import ContentInvalid, HandoutsError, disk_error
from ..i18n.catalog import DEFAULT_LANGUAGE, gettext
from ..model.dose import prescribe
from ..model.schema import DoseOverrideSchema
from ..model.values import Dose, Exercise, Library, Prescription, Program
from ..render.templates import template_problem

DOSE_KEYS = tuple(DoseOverrideSchema.model_fields)


class SheetError(HandoutsError):
    """A mistake in the handout command's arguments: nothing is written."""


@dataclass(frozen=True)
class Sheet:
    """What the clinician asked for, checked."""

    items: tuple[Prescription, ...]
    patient: str | None = None
    clinician: str | None = None
    notes: str | None = None
    day: date = field(default_factory=date.today)


@dataclass(frozen=True)
class Chosen:
    """The exercises a sheet shows, each with its dose, and the program that heads it (when one was named)."""

    items: tuple[Prescription, ...]
    program: Program | None = None
    """The one program among the items: its title, summary, introduction and frequency head the sheet."""


def resolve_items(library: Library, names: Sequence[str]) -> Chosen:
    """Exercise and program slugs to exercises in order, each once, with the dose its program prescribes."""
    chosen: dict[str, Dose] = {}
    exercises: dict[str, Exercise] = {}
    programs: list[Program] = []
    problems = []
    for name in names:
        if name in library.exercises:
            exercise = library.exercises[name]
            exercises.setdefault(name, exercise)
            chosen.setdefault(name, exercise.dose)
        elif name in library.programs:
            programs.append(library.programs[name])
            for item in library.programs[name].items:
                exercises.setdefault(item.exercise.slug, item.exercise)
                chosen.setdefault(item.exercise.slug, item.dose)
        else:
            close = difflib.get_close_matches(name, [*library.exercises, *library.programs], n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(f"no exercise or program named '{name}'{hint}")
    if problems:
        raise SheetError("; ".join(problems))
    program = programs[0] if len(programs) == 1 else None
    return Chosen(tuple(prescribe(exercises[slug], dose=dose, shown_in="sheet") for slug, dose in chosen.items()),
                  program)


def parse_dose(text: str) -> tuple[str, dict[str, object]]:
    """'open-books:reps=8,hold=10-20' -> ('open-books', {'reps': 8, 'hold': '10-20'}), checked by the schema."""
    slug, colon, changes = text.partition(":")
    if not colon or not slug.strip() or not changes.strip():
        raise SheetError(f"--dose {text!r}: write it as SLUG:key=value,… e.g. open-books:reps=8,hold=10")
    raw: dict[str, object] = {}
    for part in changes.split(","):
        key, equals, value = (s.strip() for s in part.partition("="))
        if not equals or not key or not value:
            raise SheetError(f"--dose {text!r}: {part.strip()!r} must be key=value, e.g. reps=8")
        if key in raw:
            raise SheetError(f"--dose {text!r}: '{key}' is given twice")
        raw[key] = int(value) if value.isdigit() and key != "sides" else value
    try:
        DoseOverrideSchema.model_validate(raw)
    except ValidationError as err:
        messages = [explain(e, tuple(e["loc"]), DoseOverrideSchema) for e in err.errors()]
        raise SheetError(f"--dose {text!r}: " + "; ".join(messages)) from None
    return slug.strip(), raw


def apply_doses(items: Sequence[Prescription], doses: Sequence[str]) -> list[Prescription]:
    """Each exercise with its dose, a --dose's changes applied on top of the program's (or the exercise's)."""
    changes: dict[str, dict[str, object]] = {}
    slugs = [item.slug for item in items]
    for text in doses:
        slug, change = parse_dose(text)
        if slug not in slugs:
            raise SheetError(f"--dose {text!r}: '{slug}' is not on this sheet (it has: {', '.join(slugs)})")
        changes.setdefault(slug, {}).update(change)
    # The same rules as a program's dose override (each part was checked above, so this validates).
    overrides = {slug: DoseOverrideSchema.model_validate(change) for slug, change in changes.items()}
    return [prescribe(item.exercise, overrides.get(item.slug), dose=item.dose, shown_in="sheet") for item in items]


def parse_date(text: str | None) -> date:
    """The sheet's date: --date YYYY-MM-DD, or today."""
    if text is None:
        return date.today()
    message = f"--date {text!r} must be a real date written YYYY-MM-DD, e.g. 2026-11-24"
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise SheetError(message)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SheetError(message) from None


def check_output(path: Path, force: bool) -> str:
    """The output's kind ('pdf' or 'html'); refuse a missing folder or, without --force, an existing file."""
    kind = path.suffix.lower().lstrip(".")
    if kind not in ("pdf", "html"):
        raise SheetError(f"-o {path}: the file name must end in .pdf or .html")
    if not path.parent.resolve().is_dir():
        raise SheetError(f"-o {path}: the folder {path.parent} does not exist")
    if path.exists() and not force:
        raise SheetError(f"-o {path}: the file already exists; add --force to replace it")
    return kind


def long_date(day: date) -> str:
    """'24 November 2026': no locale, no ambiguity between day and month."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def patient_header(sheet: Sheet, template_dirs: Sequence[Path], lang: str = "en") -> Markup:
    """The personal block above the title, as the sheet builder prints it (partials/sheet-personal.html); every
    value escaped, so names and notes print literally."""
    from ..render.templates import jinja_env

    day = long_date(sheet.day) if lang == "en" else format_date(sheet.day, format="long", locale=lang)
    personal = {"patient": sheet.patient, "date": day, "clinician": sheet.clinician,
                "notes": sheet.notes}
    template = jinja_env(template_dirs, lang=lang).get_template("partials/sheet-personal.html")
    return Markup(template.render(personal=personal).strip())


class Heading(TypedDict, total=False):
    """The keywords of handout_html that head a sheet."""

    title: str
    summary: str | None
    intro: str | None
    intro_folder: str
    frequency: str | None
    program: Program | None


def sheet_heading(program: Program | None, lang: str = DEFAULT_LANGUAGE) -> Heading:
    """The sheet's title, summary, introduction and frequency: its program's, or a plain title in `lang`.

    The frequency stays the clinician's words, which the log grid's schedule reads; the templates say it in the
    page's language (the `frequency_words` filter, handouts.model.schedule)."""
    _ = gettext(lang)
    if program is None:
        return {"title": _("Your home exercises"), "summary": None, "intro": None, "frequency": None}
    return {"title": program.title, "summary": program.summary, "intro": program.body, "intro_folder": program.folder,
            "frequency": program.frequency, "program": program}


# -- a single self-contained HTML file -------------------------------------------------------------------

URL_RE = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
SRC_RE = re.compile(r"""(<img\b[^>]*?\bsrc=)(["'])(.*?)\2""", re.IGNORECASE)


def data_url(fetcher, url: str) -> str:
    """A file the sandbox allows, as a data: URL (the fetcher refuses anything else)."""
    if url.startswith("data:"):
        return url
    response = fetcher.fetch(url)
    body = response.read()
    kind = mimetypes.guess_type(url)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(body).decode()}"


def self_contained(
    html: str, stylesheets: Sequence[Path], base_url: str, fetcher, disclaimer: str, large: bool = False,
    lang: str = DEFAULT_LANGUAGE,
) -> str:
    """The print HTML with its stylesheets, fonts and images inlined, and page footers a browser prints, in `lang`
    (the same catalog words as the PDFs' footer, print/handout.html)."""
    from ..render.templates import css_counters, css_string

    _ = gettext(lang)
    css = []
    for sheet in stylesheets:
        text = sheet.read_text(encoding="utf-8")

        def inline(match: re.Match[str], sheet: Path = sheet) -> str:
            return f"url({data_url(fetcher, urljoin(sheet.as_uri(), match[2]))})"

        css.append(URL_RE.sub(inline, text))
    important = css_string(" ".join(disclaimer.split()), lead=_("Important:") + " ")
    pages = css_counters(_("Page {page} of {pages}"))
    size = "14pt" if large else "11pt"  # as the PDFs' footer: never under 11 pt, or 14 pt in large print
    css.append(
        # The PDF fixes the disclaimer in each page's margin; a browser shows it once at the end on screen, and
        # prints it in the page margin boxes instead (Chromium 131+).
        '.page-footer { position: static; margin-top: 14pt; padding-right: 0; }\n'
        '@media print { .page-footer { display: none; } }\n'
        f'@page {{ @bottom-left {{ content: {important}; font-size: {size}; width: 80%; }}\n'
        f'  @bottom-right {{ content: {pages}; font-size: {size}; }} }}\n'
    )
    html = SRC_RE.sub(lambda m: f"{m[1]}{m[2]}{data_url(fetcher, urljoin(base_url, m[3]))}{m[2]}", html)
    style = "<style>\n" + "\n".join(css) + "\n</style>\n"
    return html.replace("</head>", style + "</head>", 1)


# -- the command -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Request:
    """The handout command's arguments, as typed."""

    items: Sequence[str]
    output: Path
    patient: str | None = None
    clinician: str | None = None
    notes: str | None = None
    doses: Sequence[str] = ()
    paper: str | None = None
    large: bool = False
    day: str | None = None
    force: bool = False
    lang: str = "en"
    """The sheet's language: its words from the translations and the catalog; its doses are always the same."""


def make_sheet(request: Request, config_file: Path) -> Path:
    """Check everything, render the sheet in memory, then write the one output file."""
    from dataclasses import replace

    from ..pipeline import language_libraries, paths_for

    kind = check_output(request.output, request.force)
    library = load_library(config_file)  # the readability gate is the build's: a sheet does not wait for it
    if request.lang not in library.languages:
        raise SheetError(f"--lang {request.lang}: the site is built in {', '.join(library.languages)} "
                         "(extra.languages in mkdocs.yml)")
    # The same doses (Library.in_language), the language's words, and its pages' address for the QR codes and links
    # (site_url + "es/"): the one place the site's PDFs get theirs too.
    library = language_libraries(library)[request.lang]
    chosen = resolve_items(library, request.items)
    sheet = Sheet(
        items=tuple(apply_doses(chosen.items, request.doses)),
        patient=(request.patient or "").strip() or None, clinician=(request.clinician or "").strip() or None,
        notes=(request.notes or "").strip() or None, day=parse_date(request.day),
    )
    if request.paper:
        library = replace(library, clinic=replace(library.clinic, paper=request.paper))
    paths = paths_for(config_file)
    try:
        data = render_sheet(library, sheet, chosen, request, paths, kind)
        with open(request.output, "wb" if request.force else "xb") as out:
            out.write(data)
    except OSError as err:
        raise disk_error(err) from None
    except Exception as err:
        problem = template_problem(err)  # a mistake in a (clinic's) template: its file and line
        if problem is None:
            raise
        raise ContentInvalid([problem]) from None
    return request.output


def render_sheet(library: Library, sheet: Sheet, chosen: Chosen, request: Request, paths, kind: str) -> bytes:
    """The sheet as PDF or self-contained HTML bytes, rendered in memory."""
    from ..pdf.render import SandboxFetcher
    from ..pdf.writer import find_stylesheets, handout_html, render_pdf
    from ..pipeline import allowed_roots

    roots = allowed_roots(library, paths)
    html = handout_html(
        library, list(sheet.items), template_dirs=paths.template_dirs,
        header=patient_header(sheet, paths.template_dirs, library.lang),
        large=request.large, log_grid=chosen.program is not None, **sheet_heading(chosen.program, library.lang),
    )
    if kind == "pdf":
        return render_pdf(html, paths.content_dir, template_dirs=paths.template_dirs, allowed_roots=roots)
    stylesheets = find_stylesheets(paths.template_dirs)
    fetcher = SandboxFetcher(roots)
    base = paths.content_dir.resolve().as_uri() + "/"
    return self_contained(html, stylesheets, base, fetcher, library.clinic.disclaimer, request.large,
                          library.lang).encode("utf-8")
