"""Find every content file, read it, validate it, and return the Library; or list every problem."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from urllib.parse import urlsplit

from .brand import palette
from .config import ProjectConfig, read_config, shown_path
from .dose import NEUTRAL, prescribed
from .errors import ContentInvalid, Problem
from .frontmatter import Document, Invalid, problems_at, read_document, validate
from .models import Clinic, Exercise, Home, Image, Library, Program, ProgramItem, Step
from .schema import SLUG_RE, ClinicSchema, ExerciseSchema, HomeSchema, ProgramSchema

STEP_RE = re.compile(r"^(\d+)[.)]\s+(.*\S)\s*$")


def load_library(config_file: Path | str = "mkdocs.yml", root: Path | None = None) -> Library:
    """Read and validate the clinic settings and every content file; raise ContentInvalid listing all problems."""
    root = root or Path.cwd()
    try:
        config = read_config(Path(config_file), root)
    except Invalid as err:
        raise ContentInvalid([err.problem]) from None
    problems: list[Problem] = []
    warnings: list[Problem] = []
    clinic = load_clinic(config, problems, warnings)
    content_dir = config.path_setting("docs_dir", default="docs")
    if content_dir is None or not content_dir.is_dir():
        raise ContentInvalid(problems + [Problem(config.files[0].shown, 0, f"content folder not found: {content_dir}")])
    shown = lambda p: shown_path(p, root)  # noqa: E731
    exercises = _load_all(content_dir / "exercises", shown, problems, lambda d, s: load_exercise(d, s, content_dir))
    programs = _load_all(content_dir / "programs", shown, problems, lambda d, s: load_program(d, s, exercises))
    for slug in exercises.keys() & programs.keys():
        problems.append(Problem(programs[slug].source, 1, f"'{slug}' is also an exercise's name; rename one file"))
    home = load_home(content_dir / "index.md", shown(content_dir / "index.md"), clinic, problems)
    for page in sorted(content_dir.glob("*.md")):
        if page.name != "index.md":
            load_home(page, shown(page), clinic, problems)
    if problems:
        raise ContentInvalid(problems)
    site = config.lookup("site_url")
    return Library(
        clinic=clinic,
        exercises=dict(sorted(exercises.items(), key=lambda kv: kv[1].title.lower())),
        programs=dict(sorted(programs.items(), key=lambda kv: kv[1].title.lower())),
        home=home,
        site_name=str(config.lookup("site_name").value) if config.lookup("site_name") else clinic.name,
        site_url=str(site.value).rstrip("/") if site and site.value else None,
        warnings=tuple(warnings),
    )


def _load_all(folder: Path, shown, problems: list[Problem], load) -> dict:
    """Load every `*.md` under a folder, keyed by slug (the file name), flagging duplicates."""
    found: dict = {}
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
        slug, where = path.stem, shown(path)
        if not SLUG_RE.match(slug):
            message = f"file name '{path.name}' must be lowercase words joined by '-', like open-books.md"
            problems.append(Problem(where, 0, message))
            continue
        if slug in found:
            message = f"the name '{slug}' is already used by {found[slug].source}; rename one file"
            problems.append(Problem(where, 1, message))
            continue
        try:
            item = load(read_document(path, where), slug)
        except Invalid as err:
            problems.append(err.problem)
            continue
        if isinstance(item, list):
            problems.extend(item)
        else:
            found[slug] = item
    return found


def load_exercise(doc: Document, slug: str, content_dir: Path) -> Exercise | list[Problem]:
    """One exercise from its document, or the problems in it."""
    schema, problems = validate(ExerciseSchema, doc.meta, problems_at(doc))
    steps = find_steps(doc.body, doc.body_line)
    if not steps:
        message = "no numbered steps: write the steps as a list, '1. Lie on your side…'"
        problems.append(doc.problem(doc.body_line, message))
    image = None
    if schema is not None and schema.image is not None:
        error = check_image_src(schema.image.src, content_dir)
        if error:
            problems.append(doc.problem(doc.line_of("image", "src"), error))
        image = Image(schema.image.src, schema.image.alt, schema.image.caption)
    if problems:
        return problems
    return Exercise(
        slug=slug, source=doc.path, title=schema.title.strip(), summary=schema.summary.strip(),
        area=tuple(a.strip() for a in schema.area), dose=prescribed(NEUTRAL, schema.dose), steps=steps,
        body=doc.body, body_line=doc.body_line, equipment=tuple(schema.equipment), tags=tuple(schema.tags),
        cautions=tuple(schema.cautions), frequency=schema.frequency, image=image,
        lines={str(k): doc.line_of(str(k)) for k in doc.meta},
    )


def find_steps(body: str, first_line: int) -> tuple[Step, ...]:
    """The first numbered list of the body, one Step per item, continuation lines joined."""
    steps: list[Step] = []
    for number, text in enumerate(body.split("\n")):
        match = STEP_RE.match(text)
        if match:
            steps.append(Step(match[2], first_line + number))
        elif steps and text.startswith((" ", "\t")) and text.strip():
            steps[-1] = Step(f"{steps[-1].text} {text.strip()}", steps[-1].line)
        elif steps and text.strip():
            break
    return tuple(steps)


def check_image_src(src: str, content_dir: Path) -> str | None:
    """Why an image path is refused, or None: it must name an existing file inside content/."""
    if urlsplit(src).scheme or src.startswith("//"):
        return f"'src' must be a file inside content/, not a web address: {src}"
    if Path(src).is_absolute() or src.startswith(("/", "\\")):
        return f"'src' must be relative to content/, like images/open-books.svg, not {src}"
    target = (content_dir / src).resolve()
    if not target.is_relative_to(content_dir.resolve()):
        return f"'src' points outside content/: {src}"
    if not target.is_file():
        return f"'src' names a file that does not exist: content/{src}"
    return None


def load_program(doc: Document, slug: str, exercises: dict[str, Exercise]) -> Program | list[Problem]:
    """One program, its exercises resolved and their doses overridden."""
    schema, problems = validate(ProgramSchema, doc.meta, problems_at(doc))
    if schema is None:
        return problems
    items = []
    for index, entry in enumerate(schema.exercises):
        name = entry if isinstance(entry, str) else entry.exercise
        exercise = exercises.get(name.strip())
        if exercise is None:
            line = doc.line_of("exercises", index)
            problems.append(doc.problem(line, unknown_exercise(name, exercises)))
            continue
        override = None if isinstance(entry, str) else entry.dose
        items.append(ProgramItem(exercise, prescribed(exercise.dose, override)))
    if problems:
        return problems
    return Program(
        slug=slug, source=doc.path, title=schema.title.strip(), summary=schema.summary.strip(),
        items=tuple(items), body=doc.body, body_line=doc.body_line, frequency=schema.frequency,
        lines={str(k): doc.line_of(str(k)) for k in doc.meta},
    )


def unknown_exercise(name: str, exercises: dict[str, Exercise]) -> str:
    close = difflib.get_close_matches(name, list(exercises), n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"no exercise named '{name}' in content/exercises/{hint}"


def load_home(path: Path, shown: str, clinic: Clinic, problems: list[Problem]) -> Home | None:
    """The home page (or another plain page): optional front matter with a title."""
    if not path.is_file():
        problems.append(Problem(shown, 0, "the home page is missing; create it with a short welcome"))
        return None
    try:
        doc = read_document(path, shown, required=False)
    except Invalid as err:
        problems.append(err.problem)
        return None
    schema, found = validate(HomeSchema, doc.meta, problems_at(doc))
    problems.extend(found)
    title = schema.title if schema and schema.title else clinic.name
    return Home(title=title, body=doc.body, source=shown)


def load_clinic(config: ProjectConfig, problems: list[Problem], warnings: list[Problem]) -> Clinic:
    """`extra.clinic` across the INHERIT chain, validated; a logo must be a file beside its config.

    Warns when a clinic's file inherits another's name or disclaimer, and when its colour needs help to read.
    """
    schema, found, settings = config.validate_section(ClinicSchema, "extra", "clinic")
    problems.extend(found)
    if schema is None:
        return Clinic(name="", disclaimer="", safety="")
    own = config.files[0]
    for key in ("name", "disclaimer"):
        if len(config.files) > 1 and settings[key].file is not own:
            line = own.line_of(("extra", "clinic")) if "extra" in own.data else 1
            message = f"extra.clinic.{key} comes from {settings[key].file.shown}: set your clinic's own"
            warnings.append(Problem(own.shown, line, message, own.excerpt(line)))
    colour = palette(schema.color).warning
    if colour:
        where = settings.get("color")
        warnings.append(where.problem(colour) if where else Problem(own.shown, 1, colour))
    logo = None
    if schema.logo:
        setting = settings["logo"]
        logo_path = (setting.folder / schema.logo).resolve()
        if urlsplit(schema.logo).scheme or not logo_path.is_relative_to(setting.folder):
            problems.append(setting.problem("'logo' must be a file in the same folder as this file, or below it"))
        elif not logo_path.is_file():
            problems.append(setting.problem(f"'logo' names a file that does not exist: {schema.logo}"))
        else:
            logo = str(logo_path)
    site_url = config.lookup("site_url")
    if site_url and site_url.value and urlsplit(str(site_url.value)).scheme not in ("http", "https"):
        problems.append(site_url.problem("'site_url' must start with https:// or http://"))
    fields = schema.model_dump()
    fields.update(logo=logo, disclaimer=schema.disclaimer.strip(), name=schema.name.strip())
    return Clinic(**fields)
