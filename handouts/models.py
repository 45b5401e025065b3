"""The validated values every stage works with: frozen, typed, with no YAML left in them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace


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

    def with_changes(self, **changes: object) -> Dose:
        """This dose with some keys replaced (a program's or a patient's override)."""
        return replace(self, **changes)


@dataclass(frozen=True)
class Step:
    """One numbered step, with the line it sits on in its file."""

    text: str
    line: int


@dataclass(frozen=True)
class Image:
    src: str
    """Relative to `content/`."""
    alt: str
    caption: str | None = None


@dataclass(frozen=True)
class Exercise:
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
    image: Image | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    """The line of each front-matter key, for later checks that point at one."""


@dataclass(frozen=True)
class ProgramItem:
    """One exercise of a program, with the program's dose (its overrides applied)."""

    exercise: Exercise
    dose: Dose


@dataclass(frozen=True)
class Program:
    slug: str
    source: str
    title: str
    summary: str
    items: tuple[ProgramItem, ...]
    body: str
    body_line: int
    frequency: str | None = None
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)


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


@dataclass(frozen=True)
class Home:
    title: str
    body: str
    source: str


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

    def areas(self) -> dict[str, list[Exercise]]:
        """Body areas in alphabetical order, each with its exercises by title."""
        by_area: dict[str, list[Exercise]] = {}
        for exercise in self.exercises.values():
            for area in exercise.area:
                by_area.setdefault(area, []).append(exercise)
        return {
            area: sorted(exercises, key=lambda e: e.title.lower())
            for area, exercises in sorted(by_area.items(), key=lambda kv: kv[0].lower())
        }
