"""Realistic synthetic content for tests and the benchmark: varied doses, 150-300 words, programs of 3-8."""

from __future__ import annotations

import random
from pathlib import Path

AREAS = ["upper back", "lower back", "neck", "shoulders", "hips", "knees", "ankles", "wrists"]
EQUIPMENT = [[], [], ["chair"], ["towel"], ["dumbbells"], ["resistance band"], ["wall"]]
VERBS = ["Lift", "Lower", "Turn", "Bend", "Press", "Reach", "Hold", "Squeeze", "Slide", "Roll", "Push", "Pull"]
PARTS = ["your arm", "your leg", "your head", "your shoulders", "your knee", "your foot", "your hands", "your hips"]
ENDS = [
    "slowly and with control.", "as far as is comfortable.", "while you breathe out.", "and keep your back straight.",
    "without holding your breath.", "until you feel a gentle stretch.", "back to where you started.",
]
TIPS = [
    "Move slowly. A little discomfort is normal, but stop if it hurts.",
    "Keep breathing the whole time. Do not hold your breath.",
    "Use a mirror to check that you stay straight.",
    "If it feels too easy, ask your therapist how to make it harder.",
]


FIGURES = [  # every synthetic exercise carries a figure, so the benchmark counts drawing them
    ("side", "standing", "[floor]", "{}", "{hip: 70, knee: 20, ankle: 15, shoulder: 65}"),
    ("side", "supine", "[mat]", "{}", "{right hip: 50, right knee: 100}"),
    ("side", "sitting", "[chair]", "{}", "{right knee: 0}"),
    ("back", "standing", "[]", "{}", "{scapula retraction: 25}"),
    ("side", "kneeling", "[mat]", "{knee: 155, hip: 80}", "{knee: 155, hip: 140, shoulder: 150}"),
    ("top", "side-lying", "[mat, towel roll]", "{hip: 70, knee: 90, shoulder: 90}",
     "{hip: 70, knee: 90, shoulder: 90, right shoulder horizontal abduction: 170}"),
]


def figure(rng: random.Random) -> str:
    view, posture, props, start, end = rng.choice(FIGURES)
    angle = rng.choice([0, 5, 10])
    end = end.replace("}", f", neck: {angle}}}") if end != "{}" else f"{{neck: {angle}}}"
    return (f"figure:\n  view: {view}\n  posture: {posture}\n  props: {props}\n  poses:\n"
            f"    start: {start}\n    end: {end}\n"
            "  alt: A person doing the exercise.\n  caption: Move slowly and keep breathing.\n")


def dose(rng: random.Random) -> str:
    lines = [f"  reps: {rng.choice([5, 8, 10, 12, 15])}"]
    shape = rng.random()
    if shape < 0.35:
        lines.append(f"  hold: {rng.choice([3, 5, 10])}")
    elif shape < 0.55:
        low = rng.choice([10, 15, 20])
        lines.append(f"  hold: {low}-{low * 2}")
    if rng.random() < 0.3:
        lines.append("  sides: each")
    if rng.random() < 0.3:
        lines.append(f"  sets: {rng.choice([2, 3])}")
    return "\n".join(lines)


def exercise(rng: random.Random, number: int, figures: bool = True) -> str:
    steps = [f"{i}. {rng.choice(VERBS)} {rng.choice(PARTS)} {rng.choice(ENDS)}" for i in range(1, rng.randint(4, 7))]
    words = sum(len(s.split()) for s in steps)
    tips = []
    while words < rng.randint(150, 300):
        tips.append(rng.choice(TIPS))
        words += len(tips[-1].split())
    equipment = rng.choice(EQUIPMENT)
    area = rng.sample(AREAS, rng.choice([1, 1, 2]))
    drawn = figure(rng)  # drawn either way, so the same seed gives the same exercises with or without figures
    return (
        f"---\ntitle: Exercise {number}\nsummary: A gentle exercise for your {area[0]}.\n"
        f"area: [{', '.join(area)}]\n" + (f"equipment: [{', '.join(equipment)}]\n" if equipment else "")
        + f"dose:\n{dose(rng)}\n" + (drawn if figures else "") + "---\n\n" + "\n".join(steps)
        + "\n\n## Tips\n\n" + " ".join(tips) + "\n"
    )


def program(rng: random.Random, number: int, slugs: list[str]) -> str:
    chosen = rng.sample(slugs, min(len(slugs), rng.randint(3, 8)))
    items = "\n".join(f"  - {slug}" for slug in chosen)
    return (
        f"---\ntitle: Program {number}\nsummary: A set of home exercises.\nexercises:\n{items}\n---\n\n"
        "Start each exercise slowly. A little discomfort is normal, but stop any exercise that causes pain.\n"
    )


def write_content(content: Path, exercises: int, programs: int, seed: int = 1, figures: bool = True) -> None:
    """Fill content/ with `exercises` exercises and `programs` programs (replacing what is there).

    Without `figures`, the same exercises have no figure (the benchmark's --without-figures: what figures cost).
    """
    rng = random.Random(seed)
    for folder in ("exercises", "programs"):
        (content / folder).mkdir(parents=True, exist_ok=True)
        for old in (content / folder).glob("*.md"):
            old.unlink()
    slugs = [f"exercise-{n:04d}" for n in range(1, exercises + 1)]
    for number, slug in enumerate(slugs, 1):
        (content / "exercises" / f"{slug}.md").write_text(exercise(rng, number, figures))
    for number in range(1, programs + 1):
        (content / "programs" / f"program-{number:03d}.md").write_text(program(rng, number, slugs))
    if not (content / "index.md").exists():
        (content / "index.md").write_text("Welcome.\n")
