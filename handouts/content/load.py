"""Find every content file, read it, validate it, and return the Library; or list every problem."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import cast
from urllib.parse import urlsplit

from ..errors import ContentInvalid, Problem
from ..incremental import Kept, file_key, tree_stamp
from ..model.dose import NEUTRAL, prescribe, prescribed
from ..model.schedule import understood
from ..model.schema import (
    SLUG_RE,
    ClinicSchema,
    ExerciseSchema,
    FigureSchema,
    HomeSchema,
    ImageSchema,
    ProgramSchema,
    SourceSchema,
)
from ..model.values import (
    Clinic,
    Exercise,
    Figure,
    Guidance,
    Home,
    HostedVideo,
    Image,
    Library,
    Program,
    Translations,
    VideoFile,
    area_name,
)
from ..model.video import hosted
from ..render.brand import palette
from ..render.figures import check_figure, read_props
from .config import ProjectConfig, Setting, read_config, shown_path
from .dose_words import key_lines, numbers_in_words
from .frontmatter import (
    Document,
    Invalid,
    find_steps,
    in_curly_quotes,
    plain,
    problems_at,
    read_document,
    read_text,
    validate,
)
from .links import check_links
from .translations import (
    Originals,
    area_names,
    clinic_texts,
    is_translation,
    read_translations,
    review_of,
    site_languages,
)
from .untrusted import refused_html, refused_svg
from .video_files import CAPTION_TYPES, VIDEO_TYPES, check_file, transcript
from .yaml12 import Seq


def load_library(config_file: Path | str | ProjectConfig = "mkdocs.yml", root: Path | None = None) -> Library:
    """Read and validate the clinic settings and every content file; raise ContentInvalid listing all problems."""
    library, problems = read_library(config_file, root)
    if problems:
        raise ContentInvalid(problems, library.warnings)
    return library


def read_library(
    config_file: Path | str | ProjectConfig = "mkdocs.yml", root: Path | None = None, kept: Kept | None = None
) -> tuple[Library, list[Problem]]:
    """Every file that is valid, and every problem in the others, so one run can report them all.

    The Library holds only what validated. ContentInvalid is raised only when nothing can be read:
    the configuration file itself is broken, or the content folder is missing. With `kept` (a preview's,
    handouts.incremental), an exercise file whose bytes are unchanged gives the result it gave last time.
    """
    if isinstance(config_file, ProjectConfig):
        config, root = config_file, config_file.root
    else:
        root = root or Path.cwd()
        try:
            config = read_config(Path(config_file), root)
        except Invalid as err:
            raise ContentInvalid([err.problem]) from None
    problems: list[Problem] = []
    warnings: list[Problem] = []
    languages, problems = site_languages(config)
    clinic = load_clinic(config, problems, warnings, languages)
    content_dir = config.path_setting("docs_dir", default="docs")
    if content_dir is None or not content_dir.is_dir():
        raise ContentInvalid(problems + [Problem(config.files[0].shown, 0, f"content folder not found: {content_dir}")])
    shown = lambda p: shown_path(p, root)  # noqa: E731
    load_exercises = lambda d, s: load_exercise(d, s, content_dir)  # noqa: E731
    if kept is not None:  # a picture or a page that came or went may change any file's result
        kept.start(tree_stamp([content_dir], skip_suffix=".md"))
    exercises, broken = _load_all(content_dir / "exercises", shown, problems, warnings, load_exercises, kept)
    load_programs = lambda d, s: load_program(d, s, exercises, broken)  # noqa: E731
    programs, broken_programs = _load_all(content_dir / "programs", shown, problems, warnings, load_programs)
    named = {slug: p.source for slug, p in programs.items()} | broken_programs
    for slug in sorted(named.keys() & (exercises.keys() | broken.keys())):
        problems.append(Problem(named[slug], 1, f"'{slug}' is also an exercise's name; rename one file"))
    home = load_home(content_dir / "index.md", shown(content_dir / "index.md"), clinic, problems)
    for picture in sorted(content_dir.rglob("*.svg")):  # copied to the site as they are: no scripts in them
        try:
            problems += refused_svg(read_text(picture, shown(picture)), shown(picture))
        except Invalid as err:
            problems.append(err.problem)
    for page in sorted(set(content_dir.rglob("*.md")) - set(content_dir.glob("exercises/**/*.md"))
                       - set(content_dir.glob("programs/**/*.md"))):
        if page != content_dir / "index.md" and not is_translation(page):
            load_home(page, shown(page), clinic, problems)
    broken_files = frozenset(broken.values()) | frozenset(broken_programs.values())
    originals = Originals(exercises, programs, home, broken_files)
    translations, found = read_translations(content_dir, shown, originals, languages)
    problems += found
    translations[languages[0]] = Translations(exercises, programs, home)
    problems += numbers_in_words(exercises, translations)  # the dose line is the one place for a dose
    areas, found, unused = area_names(config, exercises)
    problems += found
    warnings += unused
    site, site_name = config.lookup("site_url"), config.lookup("site_name")
    return Library(
        clinic=clinic,
        exercises=dict(sorted(exercises.items(), key=lambda kv: kv[1].title.lower())),
        programs=dict(sorted(programs.items(), key=lambda kv: kv[1].title.lower())),
        home=cast(Home, home),  # None only with a problem that says why, and then nothing is built
        site_name=str(site_name.value) if site_name else clinic.name,
        site_url=str(site.value).rstrip("/") if site and site.value else None,
        warnings=tuple(warnings), languages=languages, lang=languages[0], translations=translations,
        area_names=areas,
    ), problems


def _load_all(
    folder: Path, shown, problems: list[Problem], warnings: list[Problem], load, kept: Kept | None = None
) -> tuple[dict, dict]:
    """Load every `*.md` under a folder, keyed by slug (the file name), flagging duplicates.

    Returns the valid items by slug, and the file of each slug whose file has problems. A file with
    a bad or duplicate name is still read, so its own problems are listed in the same run. With `kept`, a
    file's result depends on its bytes alone (an exercise's does; a program's also on the exercises).
    """
    found: dict = {}
    broken: dict[str, str] = {}
    for path in sorted(p for p in folder.rglob("*.md") if not is_translation(p)) if folder.is_dir() else []:
        slug, where = path.stem, shown(path)
        usable = True
        if not SLUG_RE.match(slug):
            message = f"file name '{path.name}' must be lowercase words joined by '-', like open-books.md"
            problems.append(Problem(where, 0, message))
            usable = False
        elif slug in found or slug in broken:
            first = found[slug].source if slug in found else broken[slug]
            problems.append(Problem(where, 1, f"the name '{slug}' is already used by {first}; rename one file"))
            usable = False
        read = functools.partial(_load_one, path, folder, where, load)
        item, noted = kept.get(("file", file_key(path), where), read) if kept is not None else read()
        warnings.extend(noted)
        if isinstance(item, list):
            problems.extend(item)
            if usable:
                broken[slug] = where
        elif usable:
            found[slug] = item
    return found, broken


def _load_one(path: Path, folder: Path, where: str, load) -> tuple[object, list[Problem]]:
    """One file's value (or its problems), and its warnings."""
    warnings: list[Problem] = []
    try:
        doc = read_document(path, where)
        warnings.extend(split_sentence_warnings(doc))
        if folder.name == "programs":
            warnings.extend(frequency_warnings(doc))
        item = load(doc, path.stem)
    except Invalid as err:
        item = [err.problem]
    if not isinstance(item, list):  # relative pictures and links start in the file's own folder
        item = replace(item, folder=path.parent.relative_to(folder.parent).as_posix())
        item = check_links(item.body, item.body_line, item.folder, folder.parent, where) or item
    return item, warnings


PROSE_LISTS = ("cautions",)
"""Lists of sentences, where `[a, b]` quietly splits a sentence at its commas (short names like area are fine)."""


def split_sentence_warnings(doc: Document) -> list[Problem]:
    """Warn when a prose list written `[...]` has an item starting in lower case: a sentence cut at a comma."""
    found = []
    for key in PROSE_LISTS:
        items = doc.meta.get(key)
        if not isinstance(items, Seq) or not items.flow:
            continue
        cut = [i for i in range(1, len(items)) if isinstance(items[i], str) and items[i][:1].islower()]
        if cut:
            message = (f"'{key}' item {cut[0] + 1} ('{items[cut[0]]}') starts in lower case: is it the end of a "
                       f"sentence cut at a comma? In [...] every comma starts a new item. Write the {key} as a "
                       "block list, one '- ' line each, or put the sentence in quotes")
            found.append(doc.problem(doc.line_of(key, cut[0]), message))
    return found


def frequency_warnings(doc: Document) -> list[Problem]:
    """Warn when the reminders and the printed log cannot tell how often a program's `frequency` means."""
    frequency = doc.meta.get("frequency")
    if not isinstance(frequency, str) or not frequency.strip() or understood(frequency):
        return []
    message = (f"'frequency: {frequency}' is printed as written, but the calendar reminder and the weekly log "
               "use once a day: write how many times a day or a week, like 'twice a day' or '3 times a week'")
    return [doc.problem(doc.line_of("frequency"), message)]


def load_exercise(doc: Document, slug: str, content_dir: Path) -> Exercise | list[Problem]:
    """One exercise from its document, or the problems in it."""
    schema, problems = validate(ExerciseSchema, doc.meta, problems_at(doc))
    problems += refused_html(doc.body, doc.path, doc.body_line)
    steps = find_steps(doc.body, doc.body_line)
    if not steps:
        message = "no numbered steps: write the steps as a list, '1. Lie on your side…'"
        problems.append(doc.problem(doc.body_line, message))
    problems += check_images(doc, content_dir)
    video, video_problems = read_video(doc, content_dir)
    problems += video_problems
    problems += figure_problems(doc)
    if problems or schema is None:  # no schema without a problem saying why
        return problems
    return Exercise(
        slug=slug, source=doc.path, title=schema.title.strip(), summary=schema.summary.strip(),
        area=tuple(dict.fromkeys(map(area_name, schema.area))), dose=prescribed(NEUTRAL, schema.dose), steps=steps,
        body=doc.body, body_line=doc.body_line, equipment=tuple(schema.equipment), tags=tuple(schema.tags),
        cautions=tuple(schema.cautions), frequency=schema.frequency, images=images_of(doc, schema.image),
        video=video, figure=figure_of(schema.figure),
        lines=key_lines(doc), reviewed=review_of(doc, schema.reviewed), guidance=guidance_of(schema.source),
    )


def figure_problems(doc: Document) -> list[Problem]:
    """What `figure:` says that its schema cannot check, each at its own line: unknown joints and angles out of a
    joint's range, unknown props, places and body parts, and what the view cannot show (handouts.render.figures)."""
    return [doc.problem(doc.line_of("figure", *loc), message)
            for loc, message in check_figure(plain(doc.meta.get("figure")))]


def figure_of(schema: FigureSchema | None) -> Figure | None:
    """The validated `figure:` as a value; the joint, prop and body part names as written ('Left  Knee' is 'left
    knee')."""
    if schema is None:
        return None
    poses = tuple((name.strip(), tuple((" ".join(k.lower().split()), v) for k, v in joints.items()))
                  for name, joints in schema.poses.items())
    highlight = (" ".join(h.lower().split()) for h in schema.highlight)
    return Figure(view=schema.view, posture=schema.posture, poses=poses, alt=schema.alt.strip(),
                  caption=schema.caption.strip(), props=read_props(list(schema.props))[0],
                  highlight=tuple(dict.fromkeys(highlight)), arrow=schema.arrow, facing=schema.facing)


def written_images(doc: Document) -> list[tuple[object, tuple]]:
    """Each picture under `image:` as written, with its location: one mapping, or a list of them."""
    written = doc.meta.get("image")
    if isinstance(written, list):
        return [(item, ("image", index)) for index, item in enumerate(written)]
    return [(written, ("image",))] if written is not None else []


def check_images(doc: Document, content_dir: Path) -> list[Problem]:
    """Each picture's `src`, checked even when another key is wrong: it must be a file inside content/."""
    problems = []
    for item, loc in written_images(doc):
        src = item.get("src") if isinstance(item, dict) else None
        if isinstance(src, str) and src.strip() and not in_curly_quotes(src):
            error = check_image_src(src, content_dir)
            if error:
                problems.append(doc.problem(doc.line_of(*loc, "src"), error))
    return problems


def images_of(doc: Document, written: ImageSchema | list[ImageSchema] | None) -> tuple[Image, ...]:
    """The validated pictures, in order, each with its line."""
    pictures = written if isinstance(written, list) else [written] if written is not None else []
    where = [loc for _, loc in written_images(doc)]
    return tuple(Image(p.src, p.alt, p.caption, doc.line_of(*loc)) for p, loc in zip(pictures, where, strict=True))


def read_video(doc: Document, content_dir: Path) -> tuple[HostedVideo | VideoFile | None, list[Problem]]:
    """`video:` as a hosted video, or a file with its captions read. The schema checks an address and says why
    it is refused; a file's `src` and `captions` are checked here, even when another key is wrong."""
    written = doc.meta.get("video")
    if isinstance(written, str):
        try:
            return hosted(written), []
        except ValueError:
            return None, []  # the schema's problem
    if not isinstance(written, dict):
        return None, []
    problems: list[Problem] = []
    found: dict[str, str] = {}
    words: tuple[str, ...] = ()
    for key, suffixes in (("src", VIDEO_TYPES), ("captions", CAPTION_TYPES)):
        value = written.get(key)
        if not isinstance(value, str) or not value.strip() or in_curly_quotes(value):
            continue  # none, or the schema's problem
        error = check_file(key, value.strip(), content_dir, suffixes)
        if error is None and key == "captions":
            try:
                words = transcript(content_dir / value.strip(), f"content/{value.strip()}")
            except ValueError as err:
                error = str(err)
        if error:
            problems.append(doc.problem(doc.line_of("video", key), error))
        found[key] = value.strip()
    if problems or set(found) != {"src", "captions"} or not words:
        return None, problems
    return VideoFile(found["src"], found["captions"], VIDEO_TYPES[Path(found["src"]).suffix.lower()], words), []


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


def load_program(
    doc: Document, slug: str, exercises: dict[str, Exercise], broken: dict[str, str] | None = None
) -> Program | list[Problem]:
    """One program, its exercises resolved and their doses overridden.

    `broken` maps the name of each exercise whose own file has problems to that file.
    """
    schema, problems = validate(ProgramSchema, doc.meta, problems_at(doc))
    problems += missing_exercises(doc, exercises, broken or {})
    problems += refused_html(doc.body, doc.path, doc.body_line)
    if schema is None:
        return problems
    items = []
    for index, entry in enumerate(schema.exercises):
        name = entry if isinstance(entry, str) else entry.exercise
        exercise = exercises.get(name.strip())
        if exercise is None:
            continue  # named by missing_exercises
        override = None if isinstance(entry, str) else entry.dose
        items.append(prescribe(exercise, override, shown_in="program", line=doc.line_of("exercises", index)))
    if problems:
        return problems
    return Program(
        slug=slug, source=doc.path, title=schema.title.strip(), summary=schema.summary.strip(),
        items=tuple(items), body=doc.body, body_line=doc.body_line, frequency=schema.frequency,
        lines={str(k): doc.line_of(str(k)) for k in doc.meta}, reviewed=review_of(doc, schema.reviewed),
        guidance=guidance_of(schema.source),
    )


def missing_exercises(doc: Document, exercises: dict[str, Exercise], broken: dict[str, str]) -> list[Problem]:
    """A problem for each listed exercise that does not exist, or whose own file has problems.

    Read from the YAML as written, so the names are checked even when another key of the program is wrong.
    """
    listed = doc.meta.get("exercises")
    found = []
    for index, entry in enumerate(listed if isinstance(listed, list) else []):
        name = entry.get("exercise") if isinstance(entry, dict) else entry
        if not isinstance(name, str) or not name.strip() or in_curly_quotes(name) or name.strip() in exercises:
            continue  # fine, or the schema's problem
        if name.strip() in broken:
            message = f"'{name.strip()}' has problems, listed above under {broken[name.strip()]}"
        else:
            message = unknown_exercise(name, [*exercises, *broken])
        found.append(doc.problem(doc.line_of("exercises", index), message))
    return found


def unknown_exercise(name: str, exercises: Iterable[str]) -> str:
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
    problems.extend(refused_html(doc.body, shown, doc.body_line))
    title = schema.title if schema and schema.title else clinic.name
    return Home(title=title, body=doc.body, source=shown)


def load_clinic(
    config: ProjectConfig, problems: list[Problem], warnings: list[Problem], languages: tuple[str, ...] = ("en",)
) -> Clinic:
    """`extra.clinic` across the INHERIT chain, validated; a logo must be a file beside its config.

    The disclaimer and safety text are read in each of the site's `languages`
    (handouts.content.translations.clinic_texts).

    Warns when a clinic's file inherits another's name or disclaimer, and when its colour needs help to read.
    """
    schema, found, settings = config.validate_section(ClinicSchema, "extra", "clinic")
    problems.extend(found)
    logo = check_logo(settings.get("logo"), problems)  # checked even when another key is wrong
    site_url = config.lookup("site_url")
    if site_url and site_url.value and urlsplit(str(site_url.value)).scheme not in ("http", "https"):
        problems.append(site_url.problem("'site_url' must start with https:// or http://"))
    if schema is None:
        return Clinic(name="", disclaimer="", safety="")
    chain = list(config.files)
    while len(chain) > 1 and set(chain[0].data) == {"INHERIT"}:  # a pointer (properdocs.yml -> mkdocs.yml)
        chain.pop(0)
    own = chain[0]
    for key in ("name", "disclaimer"):
        if len(chain) > 1 and settings[key].file is not own:
            line = own.line_of(("extra", "clinic")) if "extra" in own.data else 1
            message = f"extra.clinic.{key} comes from {settings[key].file.shown}: set your clinic's own"
            warnings.append(Problem(own.shown, line, message, own.excerpt(line)))
    colour = palette(schema.color).warning
    if colour:
        where = settings.get("color")
        warnings.append(where.problem(colour) if where else Problem(own.shown, 1, colour))
    line = own.line_of(("extra", "clinic")) if "extra" in own.data else 1
    texts, found = clinic_texts(schema, settings, languages, Problem(own.shown, line, "", own.excerpt(line)))
    problems.extend(found)
    fields = schema.model_dump()
    disclaimer, safety = texts[languages[0]]
    fields.update(logo=logo, disclaimer=disclaimer, safety=safety, name=schema.name.strip(), texts=texts)
    return Clinic(**fields)


def check_logo(setting: Setting | None, problems: list[Problem]) -> str | None:
    """The logo's absolute path, if the setting names a file beside (or below) the file that sets it."""
    name = setting.value if setting is not None else None
    if setting is None or not isinstance(name, str) or not name.strip() or in_curly_quotes(name):
        return None  # none, or the schema's problem
    logo_path = (setting.folder / name).resolve()
    if urlsplit(name).scheme or not logo_path.is_relative_to(setting.folder):
        problems.append(setting.problem("'logo' must be a file in the same folder as this file, or below it"))
    elif not logo_path.is_file():
        problems.append(setting.problem(f"'logo' names a file that does not exist: {name}"))
    else:
        return str(logo_path)
    return None


def guidance_of(schema: SourceSchema | None) -> Guidance | None:
    """`source:` as a value."""
    return Guidance(schema.title.strip(), schema.url) if schema is not None else None
