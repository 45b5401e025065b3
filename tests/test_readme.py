"""The README fits on a screen and starts with the two commands CI runs. What it used to check about the content
format (every key documented, the examples valid) is checked where that text now lives: tests/test_manual.py, which
also follows every link and picture of the README."""

from __future__ import annotations

import re

from .conftest import ROOT

README = (ROOT / "README.md").read_text()


def test_the_readme_fits_on_one_screen_and_points_into_the_manual():
    assert len(README.splitlines()) < 200, "README.md is 200 lines or more: move the details into docs/"
    for part in ("docs/content.md", "docs/rebrand.md", "docs/architecture.md"):  # the manual's three parts
        assert f"]({part}" in README, part


def test_quick_start_is_two_commands_and_ci_runs_the_test_one():
    quick = README[README.index("## Quick start"):]
    quick = quick[:quick.index("\n## ", 1)]
    commands = re.search(r"```sh\n(.*?)```", quick, re.S)[1].strip().splitlines()
    assert [c.split("#")[0].strip() for c in commands] == ["make build", "make test"]
    assert "make test" in (ROOT / ".ci/run").read_text()
    targets = re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), re.M)
    assert {"build", "test", "manual"} <= set(targets)
