"""PDFs shared out across machines: `handouts build --shard K/N` on each, `handouts build --assemble` on the last.

Each "machine" here is a checkout of its own in another folder, run as its own process; the shards run at the same
time. The assembled site must be the single build's, byte for byte, and the assembly must render nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import copy_project

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
pytestmark = pytest.mark.xdist_group("shards")  # the machines are built once, on one worker


def handouts(folder: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([str(Path(sys.executable).parent / "handouts"), *args], cwd=folder, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finished(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    return out + err


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def checkouts(tmp_path_factory) -> dict[str, Path]:
    """One project, checked out four times: the single build's machine, two shards' and the assembling one's."""
    root = tmp_path_factory.mktemp("machines")
    first = copy_project(root / "single")
    found = {"single": first}
    for name in ("shard-1", "shard-2", "assemble"):
        found[name] = root / name / "checkout"  # another depth of folder: keys must not name a machine's paths
        shutil.copytree(first, found[name])
    return found


@pytest.fixture(scope="module")
def shards_said(checkouts) -> list[str]:
    """The single build and both shards, run at the same time in processes of their own; what each shard said.

    A fixture, not the first test's work, so each test that reads their folders finds them built whatever runs first.
    """
    single = handouts(checkouts["single"], "-q", "build")
    shards = [handouts(checkouts[f"shard-{k}"], "build", "--shard", f"{k}/2") for k in (1, 2)]
    said = [finished(process) for process in shards]
    finished(single)
    return said


def test_two_shards_in_parallel_then_the_assembly_give_the_single_builds_site_byte_for_byte(checkouts, shards_said):
    made = [int(re.search(r"Shard \d/2: (\d+) PDFs", text)[1]) for text in shards_said]  # type: ignore[index]
    shares = [sorted(p.name for p in (checkouts[f"shard-{k}"] / ".cache/handouts/shard").glob("*.pdf")) for k in (1, 2)]
    assert all(shares) and not set(shares[0]) & set(shares[1])  # each PDF made once, on one machine
    assert [len(share) for share in shares] == made
    assert not (checkouts["shard-1"] / "site").exists()  # a shard writes no site

    cache = checkouts["assemble"] / ".cache/handouts/pdf"  # what the workflow's download of both artifacts does
    cache.mkdir(parents=True)
    for k in (1, 2):
        for entry in (checkouts[f"shard-{k}"] / ".cache/handouts/shard").iterdir():
            shutil.copy(entry, cache / entry.name)
    said = finished(handouts(checkouts["assemble"], "build", "--assemble"))
    assert "(0 re-rendered)" in said
    single_site, assembled = files(checkouts["single"] / "site"), files(checkouts["assemble"] / "site")
    assert sorted(assembled) == sorted(single_site)
    assert sum(1 for name in assembled if name.endswith(".pdf")) == sum(made) == 2 * 2 * 12
    different = [name for name in single_site if single_site[name] != assembled[name]]
    assert different == []


def test_an_assembly_missing_a_shard_names_what_is_missing_and_keeps_the_last_site(checkouts, shards_said, tmp_path):
    project = tmp_path / "checkout"
    shutil.copytree(checkouts["single"], project)
    cache = project / ".cache/handouts"
    shutil.rmtree(cache)
    shutil.copytree(checkouts["shard-1"] / ".cache/handouts/shard", cache / "pdf")
    before = files(project / "site")
    process = handouts(project, "build", "--assemble")
    _, err = process.communicate(timeout=600)
    assert process.returncode == 1 and "Traceback" not in err
    assert "PDF(s) are not in the cache" in err and "handouts build --shard K/N" in err
    assert files(project / "site") == before


def test_a_shard_that_is_not_one_says_what_to_write(checkouts):
    process = handouts(checkouts["single"], "build", "--shard", "3/2")
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2 and "'3/2' is not a shard: write K/N" in err


def test_a_build_with_nothing_to_render_never_loads_weasyprint(checkouts, tmp_path):
    project = tmp_path / "checkout"
    shutil.copytree(checkouts["single"], project)
    finished(handouts(project, "-q", "build"))  # every PDF in the cache (if it was not yet)
    probe = ("import sys; from handouts.site.build import build; stats = build('mkdocs.yml'); "
             "print(stats.pdfs_rendered, stats.pdfs_reused, 'weasyprint' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], cwd=project, env=ENV, capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["0", str(2 * 2 * 12), "False"]
