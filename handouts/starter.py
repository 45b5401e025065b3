"""`handouts new FOLDER`: a clinic's own repository, ready for `mkdocs build` (like `mkdocs new`).

It holds the shipped exercises and program, a mkdocs.yml with the clinic's settings to fill in, a placeholder logo
and a GitHub Pages workflow. Nothing of this project is copied but the content: the templates, fonts and code come
from the installed package, through `plugins: [search, handouts]`.
"""

from __future__ import annotations

import json
import shutil
from importlib import metadata
from pathlib import Path

from .errors import HandoutsError

CONTENT = (Path(__file__).parent / "starter_content").resolve()
"""The shipped content, in the package (in the repository: content/)."""
DISTRIBUTION = "exercise-handouts"

MKDOCS_YML = """\
# {plain}: the exercise handouts site. Build with `mkdocs build` (site and PDFs in site/), preview with `mkdocs serve`.
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

WORKFLOW = """\
# Build the handout site and its PDFs, then publish site/ to GitHub Pages.
# Turn it on in the repository's Settings -> Pages -> Source: "GitHub Actions".
name: Publish handouts

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
          cache: pip
      - name: The packages WeasyPrint needs to draw text
        run: sudo apt-get update && sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
      - run: pip install -r requirements.txt
      - name: Keep rendered PDFs between runs (only changed handouts are drawn again)
        uses: actions/cache@v4
        with:
          path: .cache/handouts
          key: handouts-${{{{ hashFiles('requirements.txt', 'mkdocs.yml', 'content/**', 'templates/**') }}}}
          restore-keys: handouts-
      - run: mkdocs build
      - uses: actions/upload-pages-artifact@v3
        with:
          path: site

  deploy:
    needs: build
    runs-on: ubuntu-24.04
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

GITIGNORE = "site/\n.cache/\n"


def install_spec() -> str:
    """How this copy of the package was installed (PEP 610), as a pip requirement the workflow can repeat."""
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return DISTRIBUTION
    origin = json.loads(dist.read_text("direct_url.json") or "{}")
    vcs = origin.get("vcs_info")
    if vcs and origin.get("url"):
        commit = vcs.get("requested_revision") or vcs.get("commit_id")
        return f"{DISTRIBUTION} @ {vcs['vcs']}+{origin['url']}" + (f"@{commit}" if commit else "")
    return f"{DISTRIBUTION}=={dist.version}"


def new_clinic(folder: Path, name: str = "Our Clinic", install: str | None = None) -> Path:
    """Write a starter clinic folder; refuse a folder that exists, so nothing a clinic wrote is overwritten."""
    folder = Path(folder)
    if folder.exists():
        raise HandoutsError(f"{folder} already exists: give the name of a new folder")
    if not folder.parent.resolve().is_dir():
        raise HandoutsError(f"{folder.parent} does not exist")
    name = " ".join(name.split()) or "Our Clinic"
    quoted = json.dumps(name)  # YAML 1.2 reads a JSON string as it is: a name with ':' or '#' stays whole
    shutil.copytree(CONTENT, folder / "content")
    (folder / "mkdocs.yml").write_text(MKDOCS_YML.format(name=quoted, plain=name))
    short = name if len(name) <= 18 else name[:17] + "…"
    from markupsafe import escape

    (folder / "logo.svg").write_text(LOGO_SVG.format(name=escape(name), short=escape(short)))
    workflows = folder / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "pages.yml").write_text(WORKFLOW.format())
    (folder / "requirements.txt").write_text(
        "# What the publishing workflow installs: the handouts plugin, with mkdocs, material and WeasyPrint.\n"
        f"{install or install_spec()}\n"
    )
    (folder / ".gitignore").write_text(GITIGNORE)
    return folder
