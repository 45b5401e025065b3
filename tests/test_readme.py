"""The README documents every key, its examples are valid content, and its pictures exist."""

from __future__ import annotations

import re
from contextlib import chdir
from pathlib import Path

import pytest

from handouts.content.load import load_library
from handouts.model import schema

from .conftest import ROOT, copy_project, english_only

README = (ROOT / "README.md").read_text()


@pytest.mark.parametrize(
    "model",
    [schema.ExerciseSchema, schema.DoseSchema, schema.ImageSchema, schema.VideoFileSchema, schema.FigureSchema,
     schema.ProgramSchema, schema.ProgramItemSchema, schema.HomeSchema, schema.ClinicSchema, schema.ReadabilitySchema],
)
def test_every_key_is_documented(model):
    for key in model.model_fields:
        assert f"`{key}`" in README, f"{model.__name__}.{key} is not in README.md"


def example(after: str) -> str:
    """The first fenced block after a heading that contains `after`."""
    start = README.index(after)
    match = re.search(r"```(?:markdown|yaml)\n(.*?)```", README[start:], re.S)
    return match[1]


def test_the_examples_are_valid_content(tmp_path: Path):
    project = copy_project(tmp_path / "project")
    english_only(project)  # the README's examples replace English pages; their translations would no longer match
    exercise = example("### An exercise")
    program = example("### A program")
    (project / "content/exercises/open-books.md").write_text(exercise)
    (project / "content/programs/upper-back-pain.md").write_text(program)
    (project / "content/images").mkdir()
    (project / "content/images/open-books.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    with chdir(project):
        library = load_library()
    assert library.exercises["open-books"].image.caption == "Open the top arm like the cover of a book."
    assert library.exercises["open-books"].cautions == ("Stop if you feel pain in your back or shoulder.",)
    assert library.warnings == ()
    assert library.programs["upper-back-pain"].items[2].dose.reps == 8


def test_pictures_exist():
    for path in re.findall(r"\]\((docs/images/[^)]+)\)", README):
        assert (ROOT / path).is_file(), path


def test_quick_start_is_two_commands_and_ci_runs_the_test_one():
    quick = README[README.index("## Quick start"):README.index("## Commands")]
    commands = re.search(r"```sh\n(.*?)```", quick, re.S)[1].strip().splitlines()
    assert [c.split("#")[0].strip() for c in commands] == ["make build", "make test"]
    assert "make test" in (ROOT / ".ci/run").read_text()
