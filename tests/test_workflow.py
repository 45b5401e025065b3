"""The clinic's publishing workflow (handouts/site/pages.yml, written by `handouts new`): one machine below a size, a
matrix of shards above it, and the site assembled from their caches. GitHub Actions cannot run here: the tests run
the workflow's own planning script and check that its jobs hand each other the folders the commands use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from handouts.content.config import project_paths, read_config
from handouts.pdf.writer import SHARE_FOLDER
from handouts.site.starter import WORKFLOW

from .conftest import ROOT

JOBS = yaml.safe_load(WORKFLOW.read_text())["jobs"]


def step(job: str, text: str) -> dict:
    """The one step of `job` whose `run` or `uses` holds `text`."""
    found = [s for s in JOBS[job]["steps"] if text in s.get("run", "") or text in s.get("uses", "")]
    assert len(found) == 1, f"{job}: {len(found)} steps with {text!r}"
    return found[0]


def plan(content_root: Path, output: Path, shards: str = "auto") -> tuple[int, list[int], str]:
    """Run the plan job's script in a checkout; its outputs (written to `output`, as GitHub's file) and what it
    printed."""
    script = JOBS["plan"]["steps"][-1]["run"]
    env = {**os.environ, "GITHUB_OUTPUT": str(output), "PDF_SHARDS": shards,
           "SHARD_FROM": str(yaml.safe_load(WORKFLOW.read_text())["env"]["SHARD_FROM"])}
    done = subprocess.run([sys.executable, "-c", script], cwd=content_root, env=env, capture_output=True, text=True,
                          check=True)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return int(outputs["shards"]), json.loads(outputs["matrix"]), done.stdout


def library(root: Path, exercises: int, programs: int, languages: tuple[str, ...] = ("es",)) -> Path:
    for folder, count in (("exercises", exercises), ("programs", programs)):
        (root / "content" / folder).mkdir(parents=True)
        (root / "content" / folder / "index.md").write_text("")
        for n in range(count):
            for suffix in ("", *(f".{lang}" for lang in languages)):
                (root / "content" / folder / f"{folder[:-1]}-{n:04d}{suffix}.md").write_text("")
    return root


def test_the_starter_library_builds_on_one_machine(tmp_path):
    shards, matrix, said = plan(ROOT, tmp_path / "github_output")
    exercises = sum(1 for p in (ROOT / "content/exercises").glob("*.md") if p.name.count(".") == 1
                    and p.name != "index.md")
    programs = sum(1 for p in (ROOT / "content/programs").glob("*.md") if p.name.count(".") == 1
                   and p.name != "index.md")
    assert said == f"{2 * 2 * (exercises + programs)} PDFs: 1 machine(s)\n"  # two languages, two sizes
    assert (shards, matrix) == (1, [1])


@pytest.mark.parametrize(("exercises", "languages", "expected"), [
    (900, ("es",), 1),  # 2 x 2 x 990 = 3,960 PDFs
    (1000, ("es",), 2),  # 4,400
    (2000, ("es",), 3),  # 8,800
    (2000, ("es", "fr", "de", "pt"), 6),  # 22,000
    (2000, ("es", "fr", "de", "pt", "it", "nl", "pl"), 8),  # 35,200: at most 8
])
def test_a_large_library_is_shared_out_from_the_size_measured(tmp_path, exercises, languages, expected):
    shards, matrix, _ = plan(library(tmp_path / "checkout", exercises, exercises // 10, languages),
                             tmp_path / "github_output")
    assert shards == expected and matrix == list(range(1, expected + 1))


def test_the_clinic_can_choose_the_number(tmp_path):
    assert plan(library(tmp_path / "checkout", 10, 1), tmp_path / "out", shards="4")[:2] == (4, [1, 2, 3, 4])


def test_the_jobs_hand_each_other_the_folders_the_commands_use():
    cache = project_paths(read_config(ROOT / "mkdocs.yml")).cache_dir.relative_to(ROOT).as_posix()
    assert JOBS["pdfs"]["if"] == "needs.plan.outputs.shards != '1'"
    assert JOBS["pdfs"]["strategy"]["matrix"]["shard"] == "${{ fromJSON(needs.plan.outputs.matrix) }}"
    assert step("pdfs", "--shard")["run"] == (
        "handouts build --shard ${{ matrix.shard }}/${{ needs.plan.outputs.shards }}")
    upload = step("pdfs", "actions/upload-artifact")["with"]
    assert upload["path"] == f"{cache}/{SHARE_FOLDER}" and upload["name"] == "pdf-shard-${{ matrix.shard }}"
    download = step("build", "actions/download-artifact")
    assert download["with"] == {"pattern": "pdf-shard-*", "path": f"{cache}/pdf", "merge-multiple": True}
    assert step("build", "--assemble")["if"] == download["if"] == "needs.plan.outputs.shards != '1'"
    assert step("build", "properdocs build")["if"] == "needs.plan.outputs.shards == '1'"
    # The build runs when the shards succeeded or were skipped (one machine), never after a failed shard.
    assert JOBS["build"]["needs"] == ["plan", "pdfs"] and "needs.pdfs.result != 'failure'" in JOBS["build"]["if"]
    for job in ("pdfs", "build"):  # the same pinned install and the same cache on every machine
        assert [s.get("run") for s in JOBS[job]["steps"] if "pip install" in s.get("run", "")] == [
            s.get("run") for s in JOBS["build"]["steps"] if "pip install" in s.get("run", "")]
    assert step("pdfs", "actions/cache/restore")["with"] == step("build", "actions/cache@")["with"]
