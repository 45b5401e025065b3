"""The validated values every stage works with: frozen, typed, with no YAML left in them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal


def area_name(area: str) -> str:
    """A body area as the content stores it: lower case, single spaces ('Upper  Back' -> 'upper back')."""
    return " ".join(area.split()).lower()


def area_slug(area: str) -> str:
    """'Upper back' -> 'upper-back': the body area's URL, and what makes two spellings one area."""
    return re.sub(r"[^a-z0-9]+", "-", area.lower()).strip("-") or "area"


@dataclass(frozen=True)
class Dose:
    """How much of an exercise to do; every field is checked before a Dose exists."""

    reps: int
    sets: int = 1
    hold: int | None = None
    """Seconds to hold; the low end when the hold is a range."""
    hold_max: int | None = None
    """The high end of a hold range; None when the hold is one number."""
    rest: int = 0
    sides: str | None = None
    tempo: int = 3

    @property
    def has_range(self) -> bool:
        return self.hold_max is not None

    def with_changes(self, **changes: Any) -> Dose:
        """This dose with some keys replaced (a program's or a patient's override)."""
        return replace(self, **changes)


@dataclass(frozen=True)
class Step:
    """One numbered step, with the line it sits on in its file."""

    text: str
    line: int


@dataclass(frozen=True)
class Guidance:
    """`source:`: the public clinical guidance an exercise's or a program's facts come from."""

    title: str
    url: str


@dataclass(frozen=True)
class Review:
    """`reviewed:`: who checked a page's words, and on which day."""

    by: str
    on: date
    line: int = 0
    """The line of `reviewed:` in its file, for warnings."""

    def long_date(self, lang: str = "en") -> str:
        """The day in the page's language, as CLDR writes it: 'November 20, 2026', '20 de noviembre de 2026'."""
        from babel.dates import format_date

        return str(format_date(self.on, format="long", locale=lang))


@dataclass(frozen=True)
class Image:
    src: str
    """Relative to `content/`."""
    alt: str
    caption: str | None = None
    line: int = 0
    """The line of the picture's `src` (or of `image:`), for checks that point at one picture."""


@dataclass(frozen=True)
class Prop:
    """One thing drawn with a figure's body (handouts.figures.PROPS): where it is, and what a band or strap joins."""

    name: str
    place: str | None = None
    """Where it is ('front', 'behind', 'under', 'right hand'…); None for the prop's usual place."""
    anchor: str | None = None
    """A band's or strap's fixed end: 'front', 'behind' (a door, a post) or a body point ('right foot')."""
    to: str | None = None
    """The body point a band or strap pulls on ('right hand')."""


@dataclass(frozen=True)
class Figure:
    """`figure:` of an exercise: a body drawn from joint angles (handouts.render.figures draws it; the web animates
    it)."""

    view: str
    posture: str
    poses: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    """Each key pose by name, in order, with its joint angles ('right knee', 90)."""
    alt: str
    caption: str
    props: tuple[Prop | str, ...] = ()
    """Each prop, a Prop or just its name ('mat')."""
    highlight: tuple[str, ...] = ()
    arrow: str | None = None
    """The body point the movement arrow follows; None for the one that moves furthest, 'none' for no arrow."""
    facing: str = "right"
    """The way the body faces in the side and top views: 'right' or 'left' (the mirror image)."""


@dataclass(frozen=True)
class HostedVideo:
    """A YouTube or Vimeo video, reduced to the checked ID and the addresses the site builds from it."""

    service: str
    """'YouTube' or 'Vimeo', as a patient reads it."""
    id: str
    player: str
    """The privacy-enhanced player's address (youtube-nocookie.com; player.vimeo.com with dnt=1), played on request."""
    page: str
    """The video's own page on its host, for a link out."""


@dataclass(frozen=True)
class VideoFile:
    """A video file in content/ with its WebVTT captions, whose text is the transcript."""

    src: str
    """Relative to `content/`, like the captions."""
    captions: str
    type: str
    """The file's MIME type, e.g. video/mp4."""
    transcript: tuple[str, ...]


class Translatable:
    """Exercises, programs and the home page: their words may come from a translation
    (handouts.content.translations)."""

    translated: bool
    reviewed: Review | None

    untranslated: tuple[str, ...]

    @property
    def awaiting_review(self) -> bool:
        """A translation no clinician has reviewed yet: its pages say so."""
        return self.translated and self.reviewed is None


@dataclass(frozen=True)
class Exercise(Translatable):
    slug: str
    source: str
    """The file, relative to the project root, for error messages."""
    title: str
    summary: str
    area: tuple[str, ...]
    dose: Dose
    steps: tuple[Step, ...]
    body: str
    """The Markdown after the front matter: the steps and any further sections."""
    body_line: int
    """The line of the file on which `body` starts."""
    equipment: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    cautions: tuple[str, ...] = ()
    frequency: str | None = None
    images: tuple[Image, ...] = ()
    """`image:`, one picture or several (the start and the end), in order."""
    video: HostedVideo | VideoFile | None = None
    figure: Figure | None = None
    """`figure:`, the body drawn from its key poses (handouts.render.figures)."""
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    """The line of each front-matter key, for later checks that point at one."""
    folder: str = "exercises"
    """The file's folder in content/: relative pictures and links in `body` start there (handouts.render.links)."""
    reviewed: Review | None = None
    """Who checked these words and when (a translation's own review, not its original's)."""
    guidance: Guidance | None = None
    """`source:`, where its facts come from (a translation shows its original's)."""
    lang: str = "en"
    """The language its words are in (handouts.i18n.catalog.LANGUAGES)."""
    translated: bool = False
    """True when the words come from a translation (`<slug>.<lang>.md`); the dose always comes from the original."""
    frequency_text: str | None = None
    """A translation's own words for `frequency`, which its pages show; the schedule always reads `frequency`."""
    untranslated: tuple[str, ...] = ()
    """The keys whose words a translation has not given yet ('equipment', 'frequency', 'video'): its pages show
    the original's words for them, marked in the original's language, and `check` lists each."""

    @property
    def image(self) -> Image | None:
        """The first picture, or None."""
        return self.images[0] if self.images else None


ShownIn = Literal["exercise", "program", "sheet"]


@dataclass(frozen=True)
class Prescription:
    """An exercise with the dose to follow, and where it is shown: the one value every output receives whole.

    An exercise's own page and PDF show `prescribe(exercise)`; a program's page and PDF its items, each with the
    program's changes; a patient's sheet (the handout command, the sheet builder's data, the personal link) the
    patient's changes on top. Made only by handouts.model.dose.prescribe, the one function that decides a dose.
    Its words (the exercise's) are in `exercise.lang`; the timer and personal links carry `dose` (linkcodec).
    """

    exercise: Exercise
    dose: Dose
    shown_in: ShownIn = "exercise"
    line: int = field(default=0, compare=False)
    """The line of the exercise under a program's `exercises:`, for messages."""

    @property
    def slug(self) -> str:
        return self.exercise.slug

    @property
    def lang(self) -> str:
        """The language of the words shown with the dose: the exercise's."""
        return self.exercise.lang


@dataclass(frozen=True)
class Program(Translatable):
    slug: str
    source: str
    title: str
    summary: str
    items: tuple[Prescription, ...]
    body: str
    body_line: int
    frequency: str | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    folder: str = "programs"
    """The file's folder in content/: relative pictures and links in `body` start there (handouts.render.links)."""
    reviewed: Review | None = None
    guidance: Guidance | None = None
    """`source:`, where its facts come from."""
    lang: str = "en"
    translated: bool = False
    frequency_text: str | None = None
    """A translation's own words for `frequency`, which its pages show; the schedule always reads `frequency`."""
    untranslated: tuple[str, ...] = ()
    """The keys whose words a translation has not given yet ('frequency'), as for an exercise."""


@dataclass(frozen=True)
class Clinic:
    name: str
    disclaimer: str
    safety: str
    color: str = "#1f5f8b"
    paper: str = "letter"
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    url: str | None = None
    logo: str | None = None
    """Absolute path of the logo file, checked to exist."""
    review_every_months: int = 24
    texts: dict[str, tuple[str, str]] = field(default_factory=dict, compare=False, repr=False)
    """(disclaimer, safety) per language of the site; `disclaimer` and `safety` are the current language's."""

    def in_language(self, lang: str) -> Clinic:
        """The clinic with its disclaimer and safety text in `lang` (checked to exist when the site was read)."""
        disclaimer, safety = self.texts.get(lang, (self.disclaimer, self.safety))
        return replace(self, disclaimer=disclaimer, safety=safety)


@dataclass(frozen=True)
class Home(Translatable):
    title: str
    body: str
    source: str
    reviewed: Review | None = None
    lang: str = "en"
    translated: bool = False
    untranslated: tuple[str, ...] = ()


@dataclass(frozen=True)
class Translations:
    """One language's translations, each already carrying its original's dose, figure poses and files."""

    exercises: dict[str, Exercise] = field(default_factory=dict)
    programs: dict[str, Program] = field(default_factory=dict)
    """Each with its translated words; `items` are the original's until Library.in_language links them."""
    home: Home | None = None


def title_order(title: str) -> str:
    """Sort key for titles in any language: accents do not count ('Élevación' sorts with 'E')."""
    return "".join(c for c in unicodedata.normalize("NFKD", title.lower()) if not unicodedata.combining(c))


@dataclass(frozen=True)
class Library:
    """Everything a build needs, read and validated before anything is written."""

    clinic: Clinic
    exercises: dict[str, Exercise]
    programs: dict[str, Program]
    home: Home
    site_name: str = ""
    site_url: str | None = None
    warnings: tuple = ()
    """Problems worth a warning that do not stop the build (handouts.errors.Problem)."""
    languages: tuple[str, ...] = ("en",)
    """The languages the site is built in (`extra.languages`), the original's first."""
    lang: str = "en"
    """The language of this library's words."""
    translations: dict[str, Translations] = field(default_factory=dict, compare=False, repr=False)
    """Each other language's translations, read and checked with the originals."""
    area_names: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, repr=False)
    """Each body area's names in the other languages, {area slug: {language: name}} (`extra.areas`)."""

    def area_title(self, area: str) -> str:
        """A body area as this library's pages name it: 'Rodilla' in Spanish when `extra.areas` says so, else the
        English capitalised ('Upper back'); its address (area_slug) is the same in every language."""
        return self.area_names.get(area_slug(area), {}).get(self.lang) or area_name(area).capitalize()

    def in_language(self, lang: str) -> Library:
        """The same exercises and programs with the same doses, with `lang`'s words where a translation exists.

        Every Dose is the original's object (handouts.model.dose.prescribed ran once, on the originals); an item with no
        translation keeps its English words (`lang` 'en', `translated` False), so its page can say so. The clinic's
        disclaimer and safety text are `lang`'s. Raises ValueError for a language the site is not built in.
        """
        if lang == self.lang:
            return self
        if lang not in self.languages:
            raise ValueError(f"'{lang}' is not one of this site's languages ({', '.join(self.languages)})")
        original = self.translations.get(self.languages[0])  # the originals, kept by handouts.content.load
        if original is None:
            if self.lang != self.languages[0]:
                raise ValueError("this library has lost its originals")  # only a hand-made Library can
            original = Translations(self.exercises, self.programs, self.home)
        words = self.translations.get(lang, Translations())
        exercises = {slug: words.exercises.get(slug, exercise) for slug, exercise in original.exercises.items()}
        programs = {}
        for slug, program in original.programs.items():
            items = tuple(replace(item, exercise=exercises[item.exercise.slug]) for item in program.items)
            programs[slug] = replace(words.programs.get(slug, program), items=items)
        return replace(
            self, lang=lang, clinic=self.clinic.in_language(lang), home=words.home or original.home or self.home,
            exercises=dict(sorted(exercises.items(), key=lambda kv: title_order(kv[1].title))),
            programs=dict(sorted(programs.items(), key=lambda kv: title_order(kv[1].title))),
        )

    def areas(self) -> dict[str, list[Exercise]]:
        """Body areas in alphabetical order, each with its exercises by title.

        'Neck', 'neck' and 'upper-back', 'Upper  back' are one area each: areas are the same when their
        URLs are (area_slug). Each is named by area_name of the first spelling in title order; pages
        show it capitalised ('Upper back').
        """
        found: dict[str, list[Exercise]] | None = self.__dict__.get("_areas")
        if found is None:  # made once: a library never changes (pages and lists ask for it thousands of times)
            found = self._areas()
            object.__setattr__(self, "_areas", found)
        return found

    def _areas(self) -> dict[str, list[Exercise]]:
        names: dict[str, str] = {}
        by_slug: dict[str, list[Exercise]] = {}
        for exercise in sorted(self.exercises.values(), key=lambda e: e.title.lower()):
            for area in exercise.area:
                slug = area_slug(area)
                names.setdefault(slug, area_name(area))
                group = by_slug.setdefault(slug, [])
                if not group or group[-1] is not exercise:
                    group.append(exercise)
        order = {slug: title_order(self.area_title(name)) for slug, name in names.items()}  # by the language's names
        return {names[slug]: by_slug[slug] for slug in sorted(by_slug, key=order.__getitem__)}
