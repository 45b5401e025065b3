"""Both engines: ProperDocs (maintained, what the starter and README lead with) and MkDocs 1.6.1 build, preview
and publish this repository the same, with the plugin's quiet output: no theme banner, no list of the pages the
menu leaves out by design, no temporary folder names."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from handouts.cli import main

from .conftest import ENV
from .test_plugin import NOISE, QUIET_ENV, SPEC, eventually, fetch, same_site

BIN = Path(sys.executable).parent


def engine(name: str, *args: str, cwd: Path, env: dict[str, str] = QUIET_ENV) -> subprocess.CompletedProcess:
    done = subprocess.run([str(BIN / name), *args], capture_output=True, text=True, env=env, cwd=cwd)
    assert done.returncode == 0, done.stderr
    return done


def noise(output: str) -> list[str]:
    return [line for line in output.splitlines() if any(n in line for n in NOISE)]


@pytest.mark.parametrize("config", ["mkdocs.yml", "clinics/example/mkdocs.yml"])
def test_properdocs_and_mkdocs_build_the_same_site(project: Path, config: str):
    config_args = [] if config == "mkdocs.yml" else ["-f", config]
    ours = engine("properdocs", "build", *config_args, "-d", str(project / "by-properdocs"), cwd=project)
    theirs = engine("mkdocs", "build", *config_args, "-d", str(project / "by-mkdocs"), cwd=project, env=ENV)
    for done in (ours, theirs):
        assert not noise(done.stderr), done.stderr
        assert re.search(r"handouts: \d+ pages and \d+ PDFs \(\d+ made, \d+ from the cache\) in ", done.stderr)
    assert "Building documentation to directory: " + str(project / "by-properdocs") in ours.stderr
    same_site(project / "by-properdocs", project / "by-mkdocs")


def test_properdocs_quiet_and_verbose_are_the_engines_own(project: Path):
    assert engine("properdocs", "build", "-q", cwd=project).stderr == ""  # as mkdocs -q: errors only
    verbose = engine("properdocs", "build", "-v", cwd=project).stderr
    assert "DEBUG" in verbose and "site_url is not set" in verbose and not noise(verbose)


def test_properdocs_gh_deploy_publishes_what_mkdocs_gh_deploy_does(project: Path, tmp_path: Path):
    git_env = {**QUIET_ENV, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    for step in (["init", "-q", "-b", "main"], ["remote", "add", "origin", str(remote)], ["add", "-A"],
                 ["commit", "-qm", "clinic"]):
        subprocess.run(["git", *step], cwd=project, env=git_env, check=True, capture_output=True)
    engine("properdocs", "gh-deploy", "--force", "--no-history", cwd=project, env=git_env)
    engine("mkdocs", "gh-deploy", "--force", "--no-history", "--remote-branch", "by-mkdocs", cwd=project,
           env={**git_env, "NO_MKDOCS_2_WARNING": "1"})

    def tree(branch: str) -> list[str]:
        listing = subprocess.run(["git", "ls-tree", "-r", "--name-only", branch], cwd=remote, text=True,
                                 capture_output=True, check=True).stdout.splitlines()
        return listing

    published = tree("gh-pages")
    assert "index.html" in published and "pdf/programs/upper-back-pain.pdf" in published
    assert published == tree("by-mkdocs")
    assert not [p for p in project.iterdir() if p.name.startswith(".site.")]


def test_properdocs_serve_previews_and_follows_an_edit(project: Path, preview):
    server = preview(project, [str(BIN / "properdocs"), "serve"])
    try:
        page = server.url + "exercises/open-books/"
        assert b"Repeat 10 times on each side." in fetch(page)[1]
        path = project / "content/exercises/open-books.md"
        path.write_text(path.read_text().replace("reps: 10", "reps: 12"))
        assert eventually(lambda: b"Repeat 12 times on each side." in fetch(page)[1])
    finally:
        err = server.close()
    assert "Traceback" not in err and "reaches end of life" not in err


def test_build_py_says_what_it_built_and_verbose_shows_the_engines_steps(project: Path):
    from .conftest import run_build_py

    done = run_build_py(project, "build")
    assert done.returncode == 0, done.stderr
    assert re.search(r"^Built \d+ pages and \d+ PDFs \(\d+ re-rendered\) into .*/site in [\d.]+ s$", done.stderr, re.M)
    assert not noise(done.stderr) and "Building documentation" not in done.stderr
    verbose = run_build_py(project, "-v", "build")
    assert verbose.returncode == 0 and "Building documentation to directory: " in verbose.stderr
    assert str(project / "site") in verbose.stderr and not noise(verbose.stderr)
    quiet = run_build_py(project, "-q", "build")
    assert "Built" not in quiet.stderr


def test_upgrade_moves_a_clinic_to_the_installed_locks_and_says_what_changed(tmp_path: Path, capsys):
    clinic = tmp_path / "clinic"
    old_spec = SPEC.replace("0123", "fedc")
    assert main(["new", str(clinic), "--install", old_spec]) == 0
    lock = clinic / "requirements.lock"
    lock.write_text(lock.read_text().replace("mkdocs==1.6.1", "mkdocs==1.6.0"))
    capsys.readouterr()
    assert main(["upgrade", str(clinic), "--install", SPEC]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"exercise-handouts: {old_spec} -> {SPEC}", "mkdocs 1.6.0 -> 1.6.1", "2 changes"]
    assert lock.read_text() == (Path(__file__).parent.parent / "requirements.lock").read_text()
    assert main(["upgrade", str(clinic), "--install", SPEC]) == 0
    assert capsys.readouterr().out == "Already up to date\n"
    assert main(["upgrade", str(tmp_path), "--install", SPEC]) == 1
    assert "run `handouts upgrade` in a clinic's folder" in capsys.readouterr().err


def test_the_starter_names_its_engine_and_never_an_unreachable_version(tmp_path: Path, capsys):
    assert main(["new", str(tmp_path / "a")]) == 1  # this checkout: an editable install with no remote
    err = capsys.readouterr().err
    assert "which a publishing workflow cannot reach" in err and "--install" in err
    assert not (tmp_path / "a").exists()
    assert os.path.exists(Path(__file__).parent.parent / "properdocs.yml")
