"""What a clinician may write in front matter and in `extra.clinic`: one declarative schema.

Every field has a default (or is required) and a one-line description; the README's
table of keys is checked against these descriptions by the tests.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
)

from .video import hosted

MAX_SECONDS = 600
HOLD_RE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEX_COLOR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def _one_or_many(value: object) -> object:
    """A single text where a list is expected is a one-item list (`area: upper back`)."""
    return [value] if isinstance(value, str) else value


def _hold(value: object) -> object:
    """`hold: 5` or `hold: 15-30`, returned as (low, high) seconds."""
    if isinstance(value, bool):
        raise ValueError("must be a number of seconds, like 5, or a range, like 15-30")
    if isinstance(value, int):
        if value < 1:
            raise ValueError("must be at least 1 second")
        if value > MAX_SECONDS:
            raise ValueError(f"must be at most {MAX_SECONDS} seconds")
        return (value, value)
    match = HOLD_RE.match(value) if isinstance(value, str) else None
    if not match:
        raise ValueError("must be a number of seconds, like 5, or a range, like 15-30")
    low = int(match[1])
    high = int(match[2]) if match[2] else low
    if low < 1:
        raise ValueError("must be at least 1 second")
    if high > MAX_SECONDS:
        raise ValueError(f"must be at most {MAX_SECONDS} seconds")
    if match[2] and low >= high:
        raise ValueError(f"range {low}-{high} must go from the shorter time to the longer, like 15-30")
    return (low, high)


Text = Annotated[str, Field(min_length=1, pattern=r"\S")]
TextList = Annotated[list[Text], BeforeValidator(_one_or_many)]
Hold = Annotated[tuple[int, int], BeforeValidator(_hold)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class DoseSchema(_Strict):
    """`dose:` of an exercise."""

    reps: int = Field(ge=1, le=100, description="Times to repeat, a whole number (required).")
    sets: int = Field(1, ge=1, le=10, description="Rounds of all the reps (default 1).")
    hold: Hold | None = Field(
        None, description="Seconds to hold each rep: a whole number like 5, or a range like 15-30."
    )
    rest: int | None = Field(
        None, ge=0, le=MAX_SECONDS,
        description="Seconds to rest between reps (default 5 with a hold, 0 without).",
    )
    sides: Literal["each"] | None = Field(
        None, description="`each`: do all the reps on one side, then on the other. Leave out for none."
    )
    tempo: int = Field(
        3, ge=1, le=60, description="Seconds per rep when there is no hold, for the timer (default 3)."
    )


class DoseOverrideSchema(_Strict):
    """`dose:` of one exercise in a program: only the keys that change."""

    reps: int | None = Field(None, ge=1, le=100)
    sets: int | None = Field(None, ge=1, le=10)
    hold: Hold | None = None
    rest: int | None = Field(None, ge=0, le=MAX_SECONDS)
    sides: Literal["each"] | None = None
    tempo: int | None = Field(None, ge=1, le=60)


def dose_limits() -> dict[str, list[int]]:
    """The bounds of each number in a dose, from DoseSchema, for the browser: {'reps': [1, 100], ...}.

    The timer checks a dose from a link against these, so the bounds are written once, here.
    """
    limits = {"hold": [1, MAX_SECONDS]}
    for name, field in DoseSchema.model_fields.items():
        low = next((m.ge for m in field.metadata if getattr(m, "ge", None) is not None), None)
        high = next((m.le for m in field.metadata if getattr(m, "le", None) is not None), None)
        if low is not None and high is not None:
            limits[name] = [low, high]
    return limits


class ImageSchema(_Strict):
    """`image:` of an exercise, or one item of its list."""

    src: Text = Field(description="Picture file, relative to `content/` (e.g. `images/open-books.svg`).")
    alt: Text = Field(description="What the picture shows, for people who cannot see it (required).")
    caption: Text | None = Field(None, description="A short caption printed under the picture.")


MAX_PICTURES = 4


def _pictures(value: list) -> list:
    """A list of pictures is the start and the end (and a step or two between), side by side."""
    if len(value) < 2:
        raise ValueError("as a list needs at least 2 pictures, the start and the end; for one picture write its "
                         "src, alt and caption under 'image:' with no '- '")
    if len(value) > MAX_PICTURES:
        raise ValueError(f"may list at most {MAX_PICTURES} pictures: they are shown side by side")
    return value


Pictures = Annotated[list[ImageSchema], AfterValidator(_pictures)]
Images = Annotated[
    Annotated[ImageSchema, Tag("one")] | Annotated[Pictures, Tag("list")],
    Discriminator(lambda v: "list" if isinstance(v, list) else "one"),
]


class VideoFileSchema(_Strict):
    """`video:` of an exercise, as a video file in `content/`."""

    src: Text = Field(description="Video file (MP4 or WebM), relative to `content/`, e.g. `videos/open-books.mp4`.")
    captions: Text = Field(
        description="Its captions, a WebVTT (`.vtt`) file in `content/` (required: the page shows their text too)."
    )


def _address(value: str) -> str:
    hosted(value)  # raises ValueError with what to write instead
    return value


Video = Annotated[
    Annotated[Annotated[Text, AfterValidator(_address)], Tag("address")] | Annotated[VideoFileSchema, Tag("file")],
    Discriminator(lambda v: "address" if isinstance(v, str) else "file"),
]


def _review_date(value: object) -> date:
    """`on: 2026-11-20`: a real date, written YYYY-MM-DD, not in the future."""
    text = value.isoformat() if isinstance(value, date) else value
    if not isinstance(text, str) or not re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", text):
        raise ValueError("must be a date written YYYY-MM-DD, like 2026-11-20")
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"'{text.strip()}' is not a real date: write it YYYY-MM-DD, like 2026-11-20") from None
    if day > date.today():
        raise ValueError(f"{day.isoformat()} is in the future: write the day the review was done")
    return day


ReviewDate = Annotated[date, BeforeValidator(_review_date)]


class ReviewSchema(_Strict):
    """`reviewed:` of an exercise, a program or a translation: who checked it, and when."""

    by: Text = Field(description='Who reviewed it, with their role, e.g. "Ana Ruiz, PT" (required).')
    on: ReviewDate = Field(description="The day of the review, written YYYY-MM-DD (required; not in the future).")


def _web_address(value: str) -> str:
    if not value.strip().startswith(("https://", "http://")):
        raise ValueError("must be the guidance's web address, starting https://")
    return value.strip()


class SourceSchema(_Strict):
    """`source:` where an exercise's or a program's facts come from: public clinical guidance a reviewer can open."""

    title: Text = Field(description='The guidance\'s title and publisher, e.g. "Exercises for neck problems (NHS '
                                    'inform)" (required).')
    url: Annotated[Text, AfterValidator(_web_address)] = Field(description="Its web address, https://… (required).")


View = Literal["side", "front", "back", "top"]
Posture = Literal["standing", "sitting", "supine", "prone", "side-lying", "kneeling", "quadruped", "long-sitting",
                  "half-kneeling"]
Facing = Literal["right", "left"]
BodyPoint = Literal[
    "none", "head", "right shoulder", "left shoulder", "right elbow", "left elbow", "right hand", "left hand",
    "right hip", "left hip", "right knee", "left knee", "right foot", "left foot",
]
PropItem = object
"""A prop as written: its name, `{name: place}` or `{band: {anchor: …, to: …}}`; handouts.figures.read_props knows
the names, their places and a band's ends, and `check` says what is wrong at its line."""


def _two_poses(value: dict) -> dict:
    if len(value) < 2:
        raise ValueError("must have at least 2 key poses, like start and end")
    return value


class FigureSchema(_Strict):
    """`figure:` of an exercise: a body drawn from joint angles (handouts/render/figures.py checks the joints)."""

    view: View = Field("side", description="Where we look from: `side` (default), `front`, `back` or `top`.")
    posture: Posture = Field(description="The base posture, e.g. `standing`, `supine`, `kneeling` (required).")
    poses: Annotated[dict[Text, dict[str, int]], AfterValidator(_two_poses)] = Field(
        description="Two or more key poses in order, e.g. `start` and `end`: joint angles in degrees (required)."
    )
    facing: Facing = Field(
        "right", description="The way the body faces in the side and top views: `right` (default) or `left`."
    )
    props: Annotated[list[PropItem], BeforeValidator(_one_or_many)] = Field(
        [], description="Things drawn with the body, each a name or a name and its place, e.g. "
        "`[step, {wall: front}, {band: {anchor: front, to: right hand}}]`."
    )
    highlight: Annotated[list[Text], BeforeValidator(_one_or_many)] = Field(
        [], description="The working body parts, drawn in a second colour, e.g. `[upper back]` or `[right calf]`."
    )
    arrow: BodyPoint | None = Field(
        None, description="The body point the movement arrow follows, e.g. `right hand` (default: the one that "
        "moves most); `none` for no arrow."
    )
    alt: Text = Field(description="What the figure shows, for people who cannot see it (required).")
    caption: Text = Field(description="A short caption printed under the figure: what to notice (required).")


class ExerciseSchema(_Strict):
    """Front matter of `content/exercises/<slug>.md`."""

    title: Text = Field(description="The exercise's name (required).")
    summary: Text = Field(description="One plain sentence: what it does (required).")
    area: Annotated[TextList, Field(min_length=1)] = Field(
        description="Body areas, e.g. `[upper back]` (required; one index page per area)."
    )
    dose: DoseSchema = Field(description="How much to do (required; keys below).")
    equipment: TextList = Field([], description="Things needed, e.g. `[dumbbells]` (default none).")
    tags: TextList = Field([], description="Free keywords for search.")
    cautions: TextList = Field([], description="Short safety sentences shown beside the steps.")
    frequency: Text | None = Field(None, description='How often, e.g. "2 times a day".')
    image: Images | None = Field(
        None, description="A picture (keys below), or a list of 2 to 4 shown side by side: the start and the end."
    )
    video: Video | None = Field(
        None, description="A YouTube or Vimeo address, or `{src: videos/x.mp4, captions: videos/x.vtt}` (below)."
    )
    figure: FigureSchema | None = Field(None, description="A figure drawn from joint angles (keys below).")
    reviewed: ReviewSchema | None = Field(
        None, description='Who checked it and when: `{by: "Ana Ruiz, PT", on: 2026-11-20}` (see Reviews).'
    )
    source: SourceSchema | None = Field(
        None, description="Where its facts come from: `{title: ..., url: https://...}`, public clinical guidance the "
                          "reviewer checks it against (see Reviews)."
    )


class ProgramItemSchema(_Strict):
    """One item of a program's `exercises:` written as a mapping."""

    exercise: Text = Field(description="The exercise's slug.")
    dose: DoseOverrideSchema = Field(
        default_factory=DoseOverrideSchema, description="Only the dose keys that change here."
    )


ProgramEntry = Annotated[
    Annotated[Text, Tag("slug")] | Annotated[ProgramItemSchema, Tag("item")],
    Discriminator(lambda v: "slug" if isinstance(v, str) else "item"),
]


class ProgramSchema(_Strict):
    """Front matter of `content/programs/<slug>.md`."""

    title: Text = Field(description="The program's name (required).")
    summary: Text = Field(description="One plain sentence: who it is for (required).")
    exercises: Annotated[list[ProgramEntry], Field(min_length=1)] = Field(
        description="Exercise slugs in order, or `{exercise: slug, dose: {reps: 8}}` (required)."
    )
    frequency: Text | None = Field(None, description='How often to do the program, e.g. "once a day".')
    reviewed: ReviewSchema | None = Field(
        None, description='Who checked it and when: `{by: "Ana Ruiz, PT", on: 2026-11-20}` (see Reviews).'
    )
    source: SourceSchema | None = Field(
        None, description="Where its facts come from: `{title: ..., url: https://...}`, public clinical guidance the "
                          "reviewer checks it against (see Reviews)."
    )


class HomeSchema(_Strict):
    """Front matter of `content/index.md` (optional)."""

    title: Text | None = Field(None, description="The home page's heading (default: the clinic's name).")


PerLanguage = Annotated[
    Annotated[Text, Tag("one")] | Annotated[dict[str, Text], Tag("per-language")],
    Discriminator(lambda v: "per-language" if isinstance(v, dict) else "one"),
]
"""One text, or one per language of the site: `{en: …, es: …}` (handouts.content.translations.clinic_texts)."""


class ClinicSchema(_Strict):
    """`extra.clinic:` in `mkdocs.yml`: the clinic's brand, on every page and PDF."""

    name: Text = Field(description="The clinic's name (required).")
    disclaimer: PerLanguage = Field(
        description="The medical disclaimer, on every page and PDF page (required); per language on a site with "
        "more than one: `{en: …, es: …}`."
    )
    safety: PerLanguage = Field(
        "Start each exercise slowly. A little discomfort is normal, but stop any exercise that causes pain.",
        description="Safety advice shown with every exercise and program; per language like `disclaimer`.",
    )
    review_every_months: int = Field(
        24, ge=1, le=120, description="`check` warns when a page's review is older than this (default 24)."
    )
    phone: Text | None = Field(None, description="Phone number shown in the footer and on PDFs.")
    email: Text | None = Field(None, description="Email address shown in the footer and on PDFs.")
    address: Text | None = Field(None, description="Postal address shown in the footer and on PDFs.")
    url: Text | None = Field(None, description="The clinic's own website.")
    logo: Text | None = Field(None, description="Logo file (SVG or PNG), relative to the `mkdocs.yml`.")
    color: Annotated[str, Field(pattern=HEX_COLOR_RE.pattern)] = Field(
        "#1f5f8b", description="Brand colour as a CSS hex colour, e.g. `#1f5f8b`."
    )
    paper: Literal["letter", "a4"] = Field("letter", description="PDF paper size: `letter` or `a4`.")


def describe(schema: type[BaseModel]) -> dict[str, str]:
    """Each key of a schema with its one-line description (for the README and `--help`)."""
    return {name: field.description or "" for name, field in schema.model_fields.items()}


DEFAULT_JARGON = (
    "scapula", "lumbar", "thoracic", "cervical", "flexion", "extension", "abduction", "adduction",
    "retraction", "protraction", "dorsiflexion", "plantarflexion", "supine", "prone", "lateral",
    "anterior", "posterior", "bilateral", "isometric", "proprioception",
)


class ReadingEaseSchema(_Strict):
    """`extra.readability.es:` the gate for Spanish pages, on the Szigriszt-Pazos reading ease (0 to 100, higher is
    easier) read on the INFLESZ scale, made for health texts in Spanish: below 40 very hard, 40-55 rather hard,
    55-65 normal, 65-80 rather easy, above 80 very easy."""

    warn_below: float = Field(
        65, ge=0, le=100,
        description="Warn when a page's reading ease is below this (default 65: INFLESZ 'rather easy', for patients).",
    )
    fail_below: float = Field(
        55, ge=0, le=100,
        description="Fail the check when a page, or one sentence of 16 words or more, reads below this ease "
        "(default 55: INFLESZ 'rather hard').",
    )

    @field_validator("fail_below")
    @classmethod
    def _not_above_warning(cls, value: float, info: ValidationInfo) -> float:
        warn = info.data.get("warn_below")
        if warn is not None and value > warn:
            raise ValueError(f"must be at most 'warn_below' ({warn:g})")
        return value


class ReadabilitySchema(_Strict):
    """`extra.readability:` in `mkdocs.yml`: the health-literacy gate of `build.py check`.

    The grade keys are for English pages (Flesch-Kincaid); a page in another language is held to its own
    formula's limits, under its language's code (`es:`, ReadingEaseSchema).
    """

    warn_above: float = Field(
        6, ge=1, le=20, description="Warn when a page reads above this Flesch-Kincaid grade (default 6)."
    )
    fail_above: float = Field(
        8, ge=1, le=20,
        description="Fail the check when a page, or one sentence of 16 words or more, reads above this grade "
        "(default 8).",
    )
    max_steps: int = Field(7, ge=1, le=50, description="Warn when an exercise has more steps than this (default 7).")
    max_step_words: int = Field(
        25, ge=5, le=200, description="Warn when one step is longer than this many words (default 25)."
    )
    jargon: TextList = Field(
        list(DEFAULT_JARGON),
        description="Words to explain in plain words, like `scapula (shoulder blade)`; a word also "
        "covers its longer forms (`scapula` covers `scapular`). Replaces the default list.",
    )
    es: ReadingEaseSchema = Field(
        default_factory=ReadingEaseSchema,
        description="Spanish pages: `warn_below` and `fail_below` on the Szigriszt-Pazos reading ease (INFLESZ "
        "scale; defaults 65 and 55).",
    )

    @field_validator("fail_above")
    @classmethod
    def _not_below_warning(cls, value: float, info: ValidationInfo) -> float:
        warn = info.data.get("warn_above")
        if warn is not None and value < warn:
            raise ValueError(f"must be at least 'warn_above' ({warn:g})")
        return value


class AreaNamesSchema(_Strict):
    """`extra.areas.<area>:` in `mkdocs.yml`: one body area's name in the site's other languages.

    The English name is the area itself, as the exercises write it (`area: [upper back]`), and stays the area's
    key and its pages' address (`/areas/upper-back/`, `/es/areas/upper-back/`) in every language.
    """

    es: Text | None = Field(
        None, description="The area's name on Spanish pages and PDFs, e.g. `Rodilla` (default: its English name, "
        "and `check` lists it as untranslated).",
    )
