"""The command line as a clinician runs it: exit codes, messages, and no traceback.

`main()` runs in this process; one test runs a real `python build.py` process, for what only a process shows.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import ROOT, run_build_py, run_main

BAD = Path(__file__).parent / "fixtures" / "bad"


def test_check_prints_a_summary_and_exits_0(project: Path):
    result = run_main(project, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("10 exercises, 2 programs: OK")


def test_check_lists_every_problem_and_exits_1_without_traceback(project: Path):
    for name in ("reps-word.md", "hold-backwards.md"):
        shutil.copy(BAD / name, project / "content" / "exercises" / name)
    result = run_build_py(project, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert "content/exercises/hold-backwards.md:7: 'hold' range 30-15 must go from the shorter time" in lines[0]
    assert lines[1].strip() == "hold: 30-15"
    assert lines[2] == "content/exercises/reps-word.md:6: 'reps' must be a whole number"
    assert lines[-1] == "2 problems found."


def test_help_lists_the_commands():
    result = run_main(ROOT, "--help")
    assert result.returncode == 0
    for command in ("build", "check", "serve"):
        assert command in result.stdout


def test_unknown_command_is_a_usage_error():
    result = run_main(ROOT, "publish")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_missing_config_file_is_named(tmp_path: Path):
    result = run_main(tmp_path, "-f", "nowhere.yml", "check")
    assert result.returncode == 1
    assert result.stderr.startswith("nowhere.yml: configuration file not found")
    assert "Traceback" not in result.stderr
