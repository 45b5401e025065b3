"""`handouts new FOLDER`: a clinic's own repository, ready for `properdocs build` (like `mkdocs new`).

It holds the shipped exercises and program, a mkdocs.yml with the clinic's settings to fill in (and properdocs.yml
pointing at it), a placeholder logo, a GitHub Pages workflow, and what that workflow installs, pinned so that the
clinic's site builds the same on any day: the installer and every dependency with their hashes (this package's own
locks), and this package by its git commit or released version. Nothing of this project is copied but the content:
the templates, fonts and code come from the installed package, through `plugins: [search, handouts]`.

`handouts upgrade` gives a clinic the locks of the package now installed and says what changed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import HandoutsError

CONTENT = (Path(__file__).parent.parent / "starter_content").resolve()
"""The shipped content, in the package (in the repository: content/)."""
DISTRIBUTION = "exercise-handouts"
LOCKS = (Path(__file__).parent.parent / "locks").resolve()
"""This package's hashed locks (in the repository: requirements-installer.lock and requirements.lock)."""
LOCK_FILES = ("requirements-installer.lock", "requirements.lock")
PROJECT_FILE = "requirements.txt"
PROJECT_HEADER = """\
# This package, exactly: installed after requirements.lock, with --no-deps (every dependency is in the lock).
# A git commit names one tree of files as surely as a hash; `handouts upgrade` moves it (README, "Upgrade").
"""
REPOSITORY_HINT = (
    "give the workflow something it can install: --install 'exercise-handouts @ "
    "git+https://github.com/<owner>/exercise-handouts@<commit>' (the project's repository and a commit pushed there)"
)

MKDOCS_YML = """\
# {plain}: the exercise handouts site. Build with `properdocs build` (site and PDFs in site/), preview with
# `properdocs serve`. (`mkdocs build` builds the same site; ProperDocs is the maintained engine.)
# Every key under extra.clinic is explained in the exercise-handouts README.
site_name: {name}
# site_url: https://exercises.example.org/   # set it: the PDFs' QR codes open the timers there
docs_dir: content
site_dir: site

theme:
  name: material
  language: en
  features:
    - navigation.instant
    - navigation.top
  # custom_dir: templates   # a file here replaces the handouts template of the same name

plugins:
  - search:
      pipeline: [stopWordFilter, stemmer]   # "shoulders" finds "shoulder" (README, "How search stems")
  - handouts

extra:
  generator: false
  clinic:
    name: {name}
    logo: logo.svg
    color: "#1f5f8b"
    paper: letter
    # phone: 555-0100
    # email: desk@example.org
    # address: 1 Main Street
    disclaimer: >-
      {plain} gives you this handout for your own home exercise program only. It does not replace a visit with
      your physical therapist. If an exercise hurts, or you feel unwell, stop and call us or your doctor.
"""

LOGO_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" width="240" height="60" viewBox="0 0 240 60" role="img">
  <title>{name}</title>
  <rect x="2" y="2" width="56" height="56" rx="12" fill="#1f5f8b"/>
  <path d="M18 30h24M30 18v24" stroke="#fff" stroke-width="6" stroke-linecap="round"/>
  <text x="70" y="38" font-family="sans-serif" font-size="20" fill="#1f2933">{short}</text>
</svg>
"""

WORKFLOW = Path(__file__).with_name("pages.yml")
"""The clinic's publishing workflow (.github/workflows/pages.yml), with the PDFs shared out across machines from a
size on (handouts build --shard, --assemble)."""

GITIGNORE = "site/\n.cache/\n"


PROPERDOCS_YML = """\
# ProperDocs reads this file first; the site's settings are in mkdocs.yml, which both engines build the same.
INHERIT: mkdocs.yml
"""


def install_spec() -> str:
    """How this copy of the package was installed (PEP 610), as a requirement the clinic's workflow can repeat on
    any day: a git URL at its commit, or a version from an index. A copy from a local folder or file, which no
    workflow can reach, raises with what to give instead, unless its folder is a git checkout with a remote."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        raise HandoutsError(f"{DISTRIBUTION} is not installed: {REPOSITORY_HINT}") from None
    origin = json.loads(dist.read_text("direct_url.json") or "{}")
    url = origin.get("url", "")
    vcs = origin.get("vcs_info")
    if vcs and url:
        return f"{DISTRIBUTION} @ {vcs['vcs']}+{url}@{vcs['commit_id']}"  # the commit, never a branch that moves
    if not url:  # from an index: a version the index has
        return f"{DISTRIBUTION}=={dist.version}"
    folder = Path(unquote(urlsplit(url).path))
    remote = _git(folder, "remote", "get-url", "origin") if folder.is_dir() else None
    if remote and not remote.startswith(("/", ".", "file:")):
        commit = _git(folder, "rev-parse", "HEAD")
        return f"{DISTRIBUTION} @ git+{remote}@{commit}"
    raise HandoutsError(f"this copy of {DISTRIBUTION} was installed from {folder}, which a publishing workflow "
                        f"cannot reach: {REPOSITORY_HINT}")


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else None


def write_requirements(folder: Path, spec: str) -> None:
    """The locks a clinic's workflow installs (this package's own), and the package itself by `spec`."""
    if "\n" in spec or not spec.strip():
        raise HandoutsError("--install takes one requirement, e.g. 'exercise-handouts @ git+https://...@<commit>'")
    for name in LOCK_FILES:
        shutil.copyfile(LOCKS / name, folder / name)
    (folder / PROJECT_FILE).write_text(PROJECT_HEADER + spec.strip() + "\n")


def new_clinic(folder: Path, name: str = "Our Clinic", install: str | None = None) -> Path:
    """Write a starter clinic folder; refuse a folder that exists, so nothing a clinic wrote is overwritten."""
    folder = Path(folder)
    if folder.exists():
        raise HandoutsError(f"{folder} already exists: give the name of a new folder")
    if not folder.parent.resolve().is_dir():
        raise HandoutsError(f"{folder.parent} does not exist")
    spec = install or install_spec()  # before writing anything: a folder is made whole or not at all
    name = " ".join(name.split()) or "Our Clinic"
    quoted = json.dumps(name)  # YAML 1.2 reads a JSON string as it is: a name with ':' or '#' stays whole
    shutil.copytree(CONTENT, folder / "content")
    (folder / "mkdocs.yml").write_text(MKDOCS_YML.format(name=quoted, plain=name))
    short = name if len(name) <= 18 else name[:17] + "…"
    from markupsafe import escape

    (folder / "logo.svg").write_text(LOGO_SVG.format(name=escape(name), short=escape(short)))
    workflows = folder / ".github" / "workflows"
    workflows.mkdir(parents=True)
    shutil.copyfile(WORKFLOW, workflows / "pages.yml")
    write_requirements(folder, spec)
    (folder / "properdocs.yml").write_text(PROPERDOCS_YML)
    (folder / ".gitignore").write_text(GITIGNORE)
    return folder


def pins(text: str) -> dict[str, str]:
    """{name: version} of a lock's `name==version` lines."""
    return {m[1].lower(): m[2] for m in re.finditer(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", text, re.M)}


def project_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip() and not line.startswith("#")), "")


def upgrade(folder: Path, install: str | None = None) -> list[str]:
    """Give a clinic's folder the locks of the package installed now (and `install`, or this copy, as the package
    to install); return what changed, one line each: the package, then each dependency added, moved or removed."""
    folder = Path(folder)
    if not (folder / PROJECT_FILE).is_file():
        raise HandoutsError(f"{folder / PROJECT_FILE} not found: run `handouts upgrade` in a clinic's folder "
                            "(made by `handouts new`)")
    spec = install or install_spec()
    before = {name: (folder / name).read_text() if (folder / name).is_file() else "" for name in LOCK_FILES}
    old_spec = project_line((folder / PROJECT_FILE).read_text())
    write_requirements(folder, spec)
    changes = [f"{DISTRIBUTION}: {old_spec or '(none)'} -> {spec}"] if old_spec != spec.strip() else []
    for name in LOCK_FILES:
        old, new = pins(before[name]), pins((folder / name).read_text())
        for package in sorted(old.keys() | new.keys()):
            if package not in new:
                changes.append(f"{package} {old[package]} removed")
            elif package not in old:
                changes.append(f"{package} {new[package]} added")
            elif old[package] != new[package]:
                changes.append(f"{package} {old[package]} -> {new[package]}")
    return changes
