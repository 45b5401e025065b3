"""Translations of the content: `<slug>.<lang>.md` beside its original, holding only the words.

A translation has every word a patient reads: the title, summary, cautions, equipment, the alt text and captions of
the pictures and the figure, a video file's captions, a frequency the interface cannot say, an optional `reviewed:`,
and the body (the steps, one for one). Everything else (the dose, the figure's poses, the areas, the picture and
video files, a program's list of exercises) comes from the original and may not be written again, so a translation
can never carry another dose. `Library.in_language` (handouts.model.values) puts the
words read here on the originals' values.

Also here: which languages a site is built in (`extra.languages`), the clinic's disclaimer and safety text per
language, and what `check` says about reviews and untranslated pages.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from babel import Locale
from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag

from ..errors import Problem
from ..i18n.catalog import DEFAULT_LANGUAGE, LANGUAGES
from ..model.schedule import frequency_words
from ..model.schema import (
    AreaNamesSchema,
    ExerciseSchema,
    FigureSchema,
    ImageSchema,
    ProgramSchema,
    ReviewSchema,
    Text,
    TextList,
    VideoFileSchema,
)
from ..model.urls import is_translation, split_name
from ..model.values import Exercise, Home, Library, Program, Review, Translations, VideoFile, area_name, area_slug
from .config import ProjectConfig
from .dose_words import key_lines
from .frontmatter import Document, Invalid, find_steps, problems_at, read_document, validate
from .links import check_links
from .untrusted import refused_html
from .video_files import CAPTION_TYPES, check_file, transcript

__all__ = [
    "area_names", "audit", "clinic_texts", "read_translations", "review_of", "review_table", "site_languages",
    "split_name", "untranslated_words",
]

def language_name(lang: str) -> str:
    """'es' -> 'Spanish', as a clinician reads it in a message (Babel's CLDR names)."""
    return str(Locale.parse(lang).get_display_name(DEFAULT_LANGUAGE) or lang)


# -- what a translation may hold ------------------------------------------------------------------------------


class _Words(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class PictureWords(_Words):
    """The words of one picture of the original: its alt text and caption."""

    alt: Text
    caption: Text | None = None


class FigureWords(_Words):
    """The words of the original's figure."""

    alt: Text
    caption: Text


class VideoWords(_Words):
    """The words of the original's video file: its captions in this language, a WebVTT file in content/."""

    captions: Text


PicturesWords = Annotated[
    Annotated[PictureWords, Tag("one")] | Annotated[list[PictureWords], Tag("list")],
    Discriminator(lambda v: "list" if isinstance(v, list) else "one"),
]


class ExerciseWords(_Words):
    """Front matter of `content/exercises/<slug>.<lang>.md`."""

    title: Text
    summary: Text
    cautions: TextList = Field(default_factory=list)
    equipment: TextList | None = None
    frequency: Text | None = None
    image: PicturesWords | None = None
    figure: FigureWords | None = None
    video: VideoWords | None = None
    reviewed: ReviewSchema | None = None


class ProgramWords(_Words):
    """Front matter of `content/programs/<slug>.<lang>.md`: no `exercises:`, the list is the original's."""

    title: Text
    summary: Text
    frequency: Text | None = None
    reviewed: ReviewSchema | None = None


class PageWords(_Words):
    """Front matter of a translated home page or plain page (optional)."""

    title: Text | None = None
    reviewed: ReviewSchema | None = None


ORIGINAL_KEYS: dict[type[_Words], type[BaseModel]] = {
    ExerciseWords: ExerciseSchema, ProgramWords: ProgramSchema, PictureWords: ImageSchema, FigureWords: FigureSchema,
    VideoWords: VideoFileSchema,
}
"""Each translation schema and its original's: a key only the original has comes from the original."""
EXERCISE_PARTS: dict[str, type[_Words]] = {"image": PictureWords, "figure": FigureWords, "video": VideoWords}
"""The keys of an exercise's translation that hold words of their own, checked the same way."""


def carried_keys(doc: Document, words: type[_Words], original: str) -> tuple[dict[str, Any], list[Problem]]:
    """The front matter without the keys that come from the original, and a problem at each such key's line."""
    problems: list[Problem] = []

    def strip(node: Any, schema: type[_Words], loc: tuple) -> Any:
        if not isinstance(node, dict):
            return node
        kept = {}
        own = ORIGINAL_KEYS.get(schema)
        for key, value in node.items():
            if own is not None and key in own.model_fields and key not in schema.model_fields:
                message = (f"'{key}' comes from the original, {original}: a translation holds only the words "
                           "(title, summary, cautions, equipment, alt texts, captions, reviewed and the steps); "
                           "delete this line")
                problems.append(doc.problem(doc.line_of(*loc, key), message))
                continue
            if schema is ExerciseWords and key == "video" and isinstance(value, str):
                message = (f"'video' comes from the original, {original}: a translation gives only a video file's "
                           "captions in its language, as video: {captions: videos/name.es.vtt}; delete this line")
                problems.append(doc.problem(doc.line_of(*loc, key), message))
                continue
            inner = EXERCISE_PARTS.get(key) if schema is ExerciseWords else None
            if inner is not None and isinstance(value, list):
                kept[key] = [strip(item, inner, (*loc, key, i)) for i, item in enumerate(value)]
            elif inner is not None:
                kept[key] = strip(value, inner, (*loc, key))
            else:
                kept[key] = value
        return kept

    return strip(dict(doc.meta), words, ()), problems


def review_of(doc: Document, written: ReviewSchema | None) -> Review | None:
    """The validated `reviewed:` as a value, with its line."""
    if written is None:
        return None
    return Review(by=written.by.strip(), on=written.on, line=doc.line_of("reviewed"))


# -- reading them ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Originals:
    """What the English loader read: the valid originals, and the files of those with problems."""

    exercises: dict[str, Exercise]
    programs: dict[str, Program]
    home: Home | None
    broken: frozenset[str]
    """The shown paths of original files that have problems: their translations wait for them."""


def read_translations(
    content_dir: Path, shown: Callable[[Path], str], originals: Originals, languages: tuple[str, ...]
) -> tuple[dict[str, Translations], list[Problem]]:
    """Every `<slug>.<lang>.md` in content/ in a language of the site, checked against its original; the problems.

    A translation into a language the site is not built in (not in `extra.languages`) is not read: it is not part
    of this site, and an edit of its original does not stop an English-only build. Its name is still checked.
    """
    problems: list[Problem] = []
    found: dict[str, Translations] = {}
    for path in sorted(content_dir.rglob("*.md")):
        slug, lang = split_name(path)
        if lang is None:
            continue
        refused = misnamed(path, slug, lang, shown, checked=lang in languages)
        if refused is not None:
            problems.append(refused)
            continue
        if lang not in languages:
            continue
        try:
            read = translate_file(path, slug, lang, content_dir, shown, originals)
        except Invalid as err:
            read = [err.problem]
        if isinstance(read, list):
            problems.extend(read)
            continue
        words = found.setdefault(lang, Translations())
        if isinstance(read, Exercise):
            words.exercises[slug] = read
        elif isinstance(read, Program):
            words.programs[slug] = read
        elif read is not None and path == content_dir / f"index.{lang}.md":
            found[lang] = replace(words, home=read)
    return found, problems


def misnamed(path: Path, slug: str, lang: str, shown: Callable[[Path], str], checked: bool = True) -> Problem | None:
    """Why a translation's file name is refused: English, an unknown language, or (when `checked`, in a language
    the site is built in) no original beside it."""
    where, original = shown(path), path.with_name(f"{slug}.md")
    if lang == DEFAULT_LANGUAGE:
        return Problem(where, 0, f"'{path.name}': the originals are in {language_name(lang)}; name this file {slug}.md")
    if lang not in LANGUAGES:
        close = difflib.get_close_matches(lang.lower(), LANGUAGES, n=1)
        hint = f"; did you mean {slug}.{close[0]}.md?" if close else ""
        return Problem(where, 0, f"'{lang}' in '{path.name}' is not a language of this project "
                                 f"({', '.join(LANGUAGES)}): a translation is named <slug>.<language>.md{hint}")
    if checked and not original.is_file():
        siblings = [p.name for p in path.parent.glob("*.md") if not is_translation(p)]
        close = difflib.get_close_matches(f"{slug}.md", siblings, n=1)
        hint = f" (did you mean {close[0].removesuffix('.md')}.{lang}.md?)" if close else ""
        return Problem(where, 0, f"a translation without its original: {shown(original)} does not exist; a "
                                 f"translation sits beside the file it translates, with its name and .{lang} before "
                                 f".md{hint}")
    return None


def translate_file(
    path: Path, slug: str, lang: str, content_dir: Path, shown: Callable[[Path], str], originals: Originals
) -> Exercise | Program | Home | list[Problem] | None:
    """One translation read and checked against its original; None when the original itself has problems."""
    where, original_where = shown(path), shown(path.with_name(f"{slug}.md"))
    if original_where in originals.broken:
        return None  # the original's own problems are listed; its translation is checked once it is valid
    if path.relative_to(content_dir).parts[0] not in ("exercises", "programs"):
        home = originals.home if path == content_dir / f"index.{lang}.md" else None
        titled = home is not None and "title" in read_document(path.with_name("index.md"), original_where,
                                                               required=False).meta
        return translate_page(read_document(path, where, required=False), home, lang, titled)
    exercise = next((e for e in originals.exercises.values() if e.source == original_where), None)
    program = next((p for p in originals.programs.values() if p.source == original_where), None)
    doc = read_document(path, where)
    read: Exercise | Program | list[Problem]
    if exercise is not None:
        read = translate_exercise(doc, exercise, lang, content_dir)
    elif program is not None:
        read = translate_program(doc, program, lang)
    else:
        return None  # an original with a bad or duplicate name: its own problem says so
    if isinstance(read, list):
        return read
    return check_links(read.body, read.body_line, read.folder, content_dir, where) or read


def translate_exercise(
    doc: Document, original: Exercise, lang: str, content_dir: Path | None = None
) -> Exercise | list[Problem]:
    """The original exercise with the translation's words, or the problems in the translation.

    Equipment, a frequency the interface cannot say and a video file's captions may be left out: the pages show
    the original's words for them, and `untranslated` names them for `check`."""

    data, problems = carried_keys(doc, ExerciseWords, original.source)
    schema, found = validate(ExerciseWords, data, problems_at(doc))
    problems += found + refused_html(doc.body, doc.path, doc.body_line)
    steps = find_steps(doc.body, doc.body_line)
    if len(steps) != len(original.steps):
        # at the first step too many, or at the last one written (a step is missing after it)
        line = steps[min(len(steps) - 1, len(original.steps))].line if steps else doc.body_line
        problems.append(doc.problem(line, f"{_count(len(steps), 'numbered step')}, but the original, "
                                          f"{original.source}, has {len(original.steps)}: translate each step, "
                                          "one for one, in the same order"))
    if schema is None:
        return problems
    if len(schema.cautions) != len(original.cautions):
        problems.append(doc.problem(doc.line_of("cautions") if "cautions" in doc.meta else 1,
                                    f"{_count(len(schema.cautions), 'caution')}, but the original has "
                                    f"{len(original.cautions)}: translate each one, one for one"))
    images, image_problems = _picture_words(doc, schema, original)
    problems += image_problems
    figure = original.figure
    if (schema.figure is None) != (original.figure is None):
        problems.append(doc.problem(doc.line_of("figure") if schema.figure else 1,
                                    "the original has a figure: add 'figure:' with its alt and caption translated"
                                    if schema.figure is None else "the original has no figure: delete 'figure:'"))
    elif figure is not None and schema.figure is not None:
        figure = replace(figure, alt=schema.figure.alt.strip(), caption=schema.figure.caption.strip())
    equipment, untranslated = _equipment_words(doc, schema.equipment, original, problems)
    frequency = _frequency_words(doc, schema.frequency, original.frequency, original.source, lang, problems)
    video = _video_words(doc, schema.video, original, content_dir, problems)
    untranslated += ("frequency",) * (original.frequency is not None and frequency is None
                                      and frequency_words(original.frequency, lang) is None)
    untranslated += ("video",) * (video is None and isinstance(original.video, VideoFile))
    if problems:
        return problems
    return replace(
        original, source=doc.path, title=schema.title.strip(), summary=schema.summary.strip(),
        cautions=tuple(c.strip() for c in schema.cautions), images=images, figure=figure, steps=steps,
        body=doc.body, body_line=doc.body_line, lines=key_lines(doc),
        reviewed=review_of(doc, schema.reviewed), lang=lang, translated=True, equipment=equipment,
        frequency_text=frequency, video=video or original.video, untranslated=untranslated,
    )


def _equipment_words(doc: Document, written: list[str] | None, original: Exercise,
                     problems: list[Problem]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The translated equipment, one for one, and ('equipment',) when it is still the original's."""
    if written is None:
        return original.equipment, ("equipment",) * bool(original.equipment)
    line = doc.line_of("equipment")
    if not original.equipment:
        problems.append(doc.problem(line, f"the original, {original.source}, needs no equipment: delete "
                                          "'equipment:'"))
    elif len(written) != len(original.equipment):
        problems.append(doc.problem(line, f"{_count(len(written), 'thing')} under 'equipment', but the original "
                                          f"has {len(original.equipment)} ({', '.join(original.equipment)}): "
                                          "translate each one, one for one, in the same order"))
    return tuple(thing.strip() for thing in written), ()


def _frequency_words(doc: Document, written: str | None, original: str | None, source: str, lang: str,
                     problems: list[Problem]) -> str | None:
    """A translation's own words for how often, where the interface cannot say the original's in `lang`.

    A frequency that is only how often ("twice a day") is said from the catalog, so its number can never differ
    from the original's, which the reminders and the printed log read."""
    if written is None:
        return None
    line = doc.line_of("frequency")
    if original is None:
        problems.append(doc.problem(line, f"the original, {source}, has no frequency: delete this line"))
    elif (said := frequency_words(original, lang)) is not None:
        problems.append(doc.problem(line, f"'frequency' comes from the original, {source}: '{original}' is said "
                                          f"in {language_name(lang)} from the interface's words (\"{said}\"), with "
                                          "the original's number; delete this line"))
    return written.strip()


def _video_words(doc: Document, written: VideoWords | None, original: Exercise, content_dir: Path | None,
                 problems: list[Problem]) -> VideoFile | None:
    """The original's video file with the translation's captions (their words are the page's transcript)."""
    if written is None:
        return None
    video = original.video
    if not isinstance(video, VideoFile):
        what = f"a {video.service} video, whose captions its player shows" if video else "no video"
        problems.append(doc.problem(doc.line_of("video"), f"the original, {original.source}, has {what}: delete "
                                                          "'video:'"))
        return None
    src, line = written.captions.strip(), doc.line_of("video", "captions")
    folder = content_dir or Path(".")
    error = check_file("captions", src, folder, CAPTION_TYPES)
    if error is None:
        try:
            return replace(video, captions=src, transcript=transcript(folder / src, f"content/{src}"))
        except ValueError as err:
            error = str(err)
    problems.append(doc.problem(line, error))
    return None


def _picture_words(doc: Document, schema: ExerciseWords, original: Exercise) -> tuple[tuple, list[Problem]]:
    """The original's pictures with the translated alt texts and captions, one for one."""
    written = schema.image if isinstance(schema.image, list) else [schema.image] if schema.image else []
    if len(written) != len(original.images):
        if not original.images:
            return (), [doc.problem(doc.line_of("image"), "the original has no picture: delete 'image:'")]
        line = doc.line_of("image") if "image" in doc.meta else 1
        message = (f"the original has {_count(len(original.images), 'picture')[4:]}: give the alt text and caption "
                   f"of each under 'image:', one for one" if written else
                   "the original has a picture: add 'image:' with its alt text (and caption) translated")
        return (), [doc.problem(line, message)]
    images, problems = [], []
    for index, (words, picture) in enumerate(zip(written, original.images, strict=True)):
        loc = ("image", index) if isinstance(schema.image, list) else ("image",)
        if (words.caption is None) != (picture.caption is None):
            message = ("the original's picture has a caption: translate it here" if words.caption is None
                       else "the original's picture has no caption: delete this caption")
            problems.append(doc.problem(doc.line_of(*loc, "caption"), message))
        images.append(replace(picture, alt=words.alt.strip(),
                              caption=words.caption.strip() if words.caption else None, line=doc.line_of(*loc)))
    return tuple(images), problems


def translate_program(doc: Document, original: Program, lang: str) -> Program | list[Problem]:
    """The original program (its exercises and doses) with the translation's words."""
    data, problems = carried_keys(doc, ProgramWords, original.source)
    schema, found = validate(ProgramWords, data, problems_at(doc))
    problems += found + refused_html(doc.body, doc.path, doc.body_line)
    if schema is None:
        return problems
    frequency = _frequency_words(doc, schema.frequency, original.frequency, original.source, lang, problems)
    if problems:
        return problems
    untranslated = ("frequency",) * (original.frequency is not None and frequency is None
                                     and frequency_words(original.frequency, lang) is None)
    return replace(
        original, source=doc.path, title=schema.title.strip(), summary=schema.summary.strip(), body=doc.body,
        body_line=doc.body_line, lines={str(k): doc.line_of(str(k)) for k in doc.meta},
        reviewed=review_of(doc, schema.reviewed), lang=lang, translated=True, frequency_text=frequency,
        untranslated=untranslated,
    )


def translate_page(doc: Document, original: Home | None, lang: str, titled: bool = False) -> Home | list[Problem]:
    """The home page (or another plain page) in `lang`; its title defaults to the original's (`titled`: the
    original wrote one, so a translation without its own leaves it untranslated)."""
    schema, problems = validate(PageWords, dict(doc.meta), problems_at(doc))
    problems += refused_html(doc.body, doc.path, doc.body_line)
    if problems or schema is None:
        return problems
    title = schema.title.strip() if schema.title else original.title if original else ""
    return Home(title=title, body=doc.body, source=doc.path, reviewed=review_of(doc, schema.reviewed), lang=lang,
                translated=True, untranslated=("title",) * (titled and schema.title is None))


def _count(n: int, thing: str) -> str:
    return f"has {n} {thing}{'s' if n != 1 else ''}"


# -- the site's languages and the clinic's texts in each -------------------------------------------------------


def site_languages(config: ProjectConfig) -> tuple[tuple[str, ...], list[Problem]]:
    """`extra.languages: [en, es]`, the originals' language first; ("en",) when it is not set."""
    setting = config.lookup("extra", "languages")
    if setting is None:
        return (DEFAULT_LANGUAGE,), []
    value = setting.value
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        return (DEFAULT_LANGUAGE,), [setting.problem(f"'languages' must be a list of language codes, like "
                                                     f"[{', '.join(LANGUAGES)}]")]
    problems = []
    languages = tuple(dict.fromkeys(v.strip() for v in value))
    for index, lang in enumerate(value):
        if lang.strip() not in LANGUAGES:
            line = setting.file.line_of(("extra", "languages", index))
            problems.append(Problem(setting.file.shown, line, f"'{lang}' is not a language of this project: the "
                                    f"interface is written in {', '.join(LANGUAGES)}", setting.file.excerpt(line)))
    if len(languages) != len(value):
        problems.append(setting.problem("'languages' lists a language twice"))
    if languages[0] != DEFAULT_LANGUAGE:
        problems.append(setting.problem(f"'languages' must start with '{DEFAULT_LANGUAGE}', the language of the "
                                        "originals in content/"))
    if problems:
        return (DEFAULT_LANGUAGE,), problems
    return languages, []


def clinic_texts(schema: Any, settings: dict, languages: tuple[str, ...], section: Problem) -> tuple[
        dict[str, tuple[str, str]], list[Problem]]:
    """(disclaimer, safety) for each language of the site; a problem at the line of each one missing.

    A plain text is the only language's on a one-language site; on a site with more, each key is written per
    language, `disclaimer: {en: …, es: …}`. `section` locates `extra.clinic` for a key that is not written.
    """
    texts: dict[str, list[str]] = {lang: [] for lang in languages}
    problems = []
    several = len(languages) > 1
    for key in ("disclaimer", "safety"):
        value, setting = getattr(schema, key), settings.get(key)
        shape = "{" + ", ".join(f"{lang}: …" for lang in languages) + "}"
        if isinstance(value, str):
            if several:
                message = (f"the site is built in {', '.join(languages)}: write '{key}' in each language, "
                           f"{key}: {shape}")
                problems.append(setting.problem(message) if setting else
                                replace(section, message=f"extra.clinic.{key} is not set: " + message))
            for lang in languages:
                texts[lang].append(value.strip())
            continue
        if setting is None:  # a mapping is always written somewhere
            continue
        for lang in value:
            if lang not in LANGUAGES:
                line = setting.file.line_of(("extra", "clinic", key, lang))
                problems.append(Problem(setting.file.shown, line, f"'{lang}' is not a language of this project "
                                        f"({', '.join(LANGUAGES)})", setting.file.excerpt(line)))
        for lang in languages:
            if lang in value:
                texts[lang].append(value[lang].strip())
            else:
                problems.append(setting.problem(f"'{key}' has no text in {language_name(lang)} ({lang}): add "
                                                f"'{lang}: …' (the site is built in {', '.join(languages)})"))
                texts[lang].append("")
    return {lang: (pair[0], pair[1]) for lang, pair in texts.items()}, problems


def area_names(config: ProjectConfig, exercises: dict[str, Exercise]) -> tuple[
        dict[str, dict[str, str]], list[Problem], list[Problem]]:
    """`extra.areas: {upper back: {es: Parte alta de la espalda}}`: ({area slug: {language: name}}, problems,
    warnings), validated.

    An area is the clinic's content key, so its other names live in the site's settings beside the disclaimer,
    not in any one exercise's translation. An area no exercise has is a warning at its line, not an error: a
    clinic whose file INHERITs these settings may not have every area, and a misspelt one gets a hint.
    """
    section = config.lookup("extra", "areas")
    if section is None:
        return {}, [], []
    if not isinstance(section.value, dict):
        return {}, [section.problem("'areas' must be each area and its names, like "
                                    "'areas: {knee: {es: Rodilla}}'")], []
    known = {area_slug(area): area_name(area) for exercise in exercises.values() for area in exercise.area}
    names: dict[str, dict[str, str]] = {}
    problems, warnings = [], []
    for area, setting in config.merged("extra", "areas").items():
        slug = area_slug(area)
        if slug not in known:
            close = difflib.get_close_matches(area_name(area), sorted(known.values()), n=1)
            hint = (f" (did you mean '{close[0]}'?)" if close
                    else f" (the areas are: {', '.join(sorted(known.values()))})")
            warnings.append(setting.problem(f"no exercise has the area '{area}', so its names are not used{hint}"))
            continue
        if not isinstance(setting.value, dict):
            problems.append(setting.problem(f"write the names of '{area}' per language, like "
                                            f"'{area}: {{es: …}}'"))
            continue
        schema, found, _ = config.validate_section(AreaNamesSchema, "extra", "areas", area)
        problems += found
        if schema is not None:
            names[slug] = {lang: " ".join(str(name).split()) for lang, name in schema.model_dump().items() if name}
    return names, problems, warnings


# -- what check says: reviews and untranslated pages -----------------------------------------------------------


def months_between(earlier: date, later: date) -> int:
    """Whole months from one day to another (2024-11-20 to 2026-11-19 is 23)."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def _pages(library: Library) -> list[Exercise | Program]:
    return sorted([*library.exercises.values(), *library.programs.values()], key=lambda p: p.source)


def audit(library: Library, today: date | None = None) -> list[Problem]:
    """Warnings for `check`: each page with no review or an old one, in every language; each untranslated page."""
    today = today or date.today()
    every = library.clinic.review_every_months
    found = []
    for lang in library.languages:
        words = library.in_language(lang)
        for page in _pages(words):
            if lang != library.languages[0] and not page.translated:
                target = Path(page.source).with_name(f"{Path(page.source).stem}.{lang}.md").as_posix()
                found.append(Problem(page.source, 1, f"not translated into {language_name(lang)}: add {target}; "
                                     f"until then the {language_name(lang)} site shows it in English, with a note"))
            elif page.reviewed is None:
                what = f"the {language_name(lang)} translation is" if page.translated else "it is"
                found.append(Problem(page.source, 1, f"no clinical review: {what} not marked as checked; once a "
                                     'clinician has, add reviewed: {by: "Name, PT", on: YYYY-MM-DD}'))
            elif months_between(page.reviewed.on, today) >= every:
                found.append(Problem(page.source, page.reviewed.line,
                                     f"last reviewed on {page.reviewed.on.isoformat()} by {page.reviewed.by}, "
                                     f"{every} months or more ago (extra.clinic.review_every_months): have it "
                                     "checked again and update 'reviewed:'"))
        if lang != library.languages[0]:
            found += untranslated_words(words)
        home = words.home
        if lang != library.languages[0] and not home.translated and home.source:
            target = Path(home.source).with_name(f"{Path(home.source).stem}.{lang}.md").as_posix()
            found.append(Problem(home.source, 1, f"not translated into {language_name(lang)}: add {target}"))
    return found


def untranslated_words(library: Library) -> list[Problem]:
    """What a translated library's pages still print in English: each body area with no name in its language
    (`extra.areas`), and each word a translation has not given yet (its equipment, a frequency the interface
    cannot say, a video file's captions), at the end of that translation's front matter, where it would go."""
    lang, found = library.lang, []
    for area, exercises in library.areas().items():
        if lang not in library.area_names.get(area_slug(area), {}):
            found.append(Problem(exercises[0].source, 1, f"the area '{area}' has no {language_name(lang)} name, so "
                                 f"{language_name(lang)} pages show it in English: add it in mkdocs.yml, "
                                 f"extra.areas: {{{area}: {{{lang}: …}}}}"))
    for page in _pages(library):
        found += [Problem(page.source, page.body_line - 1, _missing_words(page, key, language_name(lang), lang))
                  for key in page.untranslated]
    home = library.home
    if "title" in home.untranslated:
        found.append(Problem(home.source, 1, f"no 'title' in {language_name(lang)}: the {language_name(lang)} home "
                             f"page shows the original's, '{home.title}', in English; add 'title: …' to its front "
                             "matter"))
    return found


def _missing_words(page: Exercise | Program, key: str, language: str, lang: str) -> str:
    """What `check` says of one key a translation lacks, and what to add."""
    if key == "equipment" and isinstance(page, Exercise):
        return (f"no 'equipment' in {language}: {language} pages say what is needed in English "
                f"({', '.join(page.equipment)}); add 'equipment: […]' above this line, each thing translated, "
                "one for one")
    if key == "frequency":
        return (f"no 'frequency' in {language}: {language} pages print the original's '{page.frequency}' in English; "
                f"add 'frequency: …' in {language} above this line (a frequency that is just how often, like "
                "'twice a day', is said in every language without it)")
    return (f"no captions in {language} for the video: {language} pages show its English captions; add 'video: "
            f"{{captions: videos/….{lang}.vtt}}' above this line, a WebVTT file with the captions in {language}")


def review_table(library: Library) -> str:
    """`check --report`'s table: each page in each language, who reviewed it and when, and whether translated."""
    rows = [("language", "page", "reviewed by", "on", "translated")]
    for lang in library.languages:
        for page in _pages(library.in_language(lang)):
            state = "original" if lang == library.languages[0] else "yes" if page.translated else "no"
            if page.translated and page.reviewed is None:
                state = "yes, awaiting review"
            review = page.reviewed
            rows.append((lang, page.source, review.by if review else "-", review.on.isoformat() if review else "-",
                         state))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    return "\n".join("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows)
