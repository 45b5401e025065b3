"""The benchmark's peer: what a clinic would otherwise run for one PDF per page.

That is mkdocs-material with mkdocs-pdf-export-plugin, which renders every page of the site to its own PDF with
WeasyPrint as mkdocs writes the page. It runs in its own virtual environment (`.cache/bench-peer-venv`), made on
first use from the hashed pins in `bench/peer-requirements.txt` (why those versions: `peer-requirements.in`) and
reused after. It builds the same generated exercise Markdown as a plain mkdocs-material site, once without the
plugin and once with it, so its cost per PDF is the difference of the two walls over the PDFs it wrote.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from tools import pinned_venv

ROOT = Path(__file__).resolve().parent.parent
PEER_VENV = ROOT / ".cache" / "bench-peer-venv"
PEER_REQUIREMENTS = ROOT / "bench" / "peer-requirements.txt"
PEER_EXERCISES = 100
"""How many exercises the peer renders by default (an even sample of the generated ones): it is slow."""
ROUNDS = 3
"""The peer's builds, and ours of its sample, are measured this many times in turn; each keeps its lowest."""

Run = Callable[[list[str], Path], tuple[float, int, str]]
"""bench/run.py's `run`: wall seconds, peak memory and stdout of one command, which must succeed."""


def peer_python(venv: Path = PEER_VENV, requirements: Path = PEER_REQUIREMENTS) -> Path:
    """The peer's Python, installing it first when `venv` does not hold exactly `requirements` yet."""
    python = venv / "bin" / "python"
    pins = requirements.read_bytes() + pinned_venv.INSTALLER_LOCK.read_bytes()
    stamp = venv / f".installed-{hashlib.sha1(pins).hexdigest()[:12]}"
    if python.exists() and stamp.exists():
        return python
    print(f"Installing the peer (mkdocs-pdf-export-plugin) into {venv} ...", file=sys.stderr)
    try:  # clear: nothing left over from older pins
        pinned_venv.create(venv, [requirements], clear=True)
    except pinned_venv.InstallError as error:
        raise SystemExit(f"error: could not install the peer into {venv}:\n{error}") from None
    stamp.touch()
    return python


def peer_docs(exercises: Path, docs: Path, count: int) -> list[Path]:
    """Copy an even sample of `count` exercises (their Markdown as generated, no translations) into `docs`."""
    pages = sorted(p for p in exercises.rglob("*.md") if len(p.suffixes) == 1)
    sample = pages[:: max(1, len(pages) // count)][:count]
    docs.mkdir(parents=True)
    for page in sample:
        shutil.copyfile(page, docs / page.name)
    return [docs / page.name for page in sample]


def peer_mkdocs_config(folder: Path, pdf: bool) -> Path:
    """Plain mkdocs-material over `folder/docs` in a flat nav; with `pdf`, mkdocs-pdf-export-plugin as a clinic
    would set it for speed: one PDF per page beside it (`combined: false`, the plugin's default, said out loud),
    print media, WeasyPrint's warnings off (`verbose: false`).

    Without `pdf` it is the same site with no PDFs, in its own folder: the difference of the two walls is the PDFs'.
    """
    pages = sorted(p.name for p in (folder / "docs").glob("*.md"))
    plugins: list = ["search"]
    if pdf:
        plugins.append({"pdf-export": {"combined": False, "media_type": "print", "verbose": False}})
    config = {
        "site_name": "Peer", "docs_dir": "docs", "site_dir": "pdf-site" if pdf else "site",
        "theme": {"name": "material", "font": False},  # font: false, or material asks Google for its fonts
        "plugins": plugins, "nav": pages,
    }
    path = folder / ("peer-pdf.yml" if pdf else "peer-site.yml")
    path.write_text(json.dumps(config, indent=1) + "\n")  # JSON is YAML
    return path


def measure_peer(project: Path, exercises: int, run: Run, python: Path | None = None,
                 rounds: int = ROUNDS, beside: Callable[[], object] | None = None) -> dict:
    """The peer's figures on an even sample of `exercises` of `project`'s generated exercises, built beside it: the
    lowest of `rounds` rounds of the two builds taken in turn (this machine's timings vary by a tenth and more, and
    for minutes at a time). `beside` is called after each round: a measurement to take in turn with the peer's
    (ours on its sample, bench/run.py), so a slow spell of the machine falls on both."""
    python = python or peer_python()
    folder = project.parent / "peer"
    pages = peer_docs(project / "content" / "exercises", folder / "docs", exercises)
    mkdocs = [str(python), "-m", "mkdocs", "build", "-q", "-f"]
    site_walls, pdf_walls = [], []
    for _ in range(rounds):
        site_walls.append(run([*mkdocs, str(peer_mkdocs_config(folder, pdf=False))], folder)[0])
        shutil.rmtree(folder / "pdf-site", ignore_errors=True)  # this round's PDFs only
        wall, _, out = run([*mkdocs, str(peer_mkdocs_config(folder, pdf=True))], folder)
        pdf_walls.append(wall)
        # The plugin prints a failed page to stderr and goes on; a run that wrote fewer PDFs is not a measurement.
        pdfs = list((folder / "pdf-site").rglob("*.pdf"))
        if len(pdfs) != len(pages):
            raise SystemExit(f"error: the peer wrote {len(pdfs)} PDFs for {len(pages)} pages:\n{out.strip()}")
        if beside is not None:
            beside()
    site_wall, pdf_wall = min(site_walls), min(pdf_walls)
    return {
        "peer_pdfs": len(pages), "peer_site_s": round(site_wall, 2), "peer_build_s": round(pdf_wall, 2),
        "peer_ms_per_pdf": round(1000 * (pdf_wall - site_wall) / len(pages), 1),
    }


def peer_ratios(peer: dict, ms_per_pdf: float) -> dict:
    """The peer's figures with how many times slower per PDF it is than ours: than our average over every handout
    (programs of several pages among them), and, when measured, than ours on the peer's own sample of exercises
    (`ours_on_peer_sample_ms_per_pdf`: the same pages, one PDF each, as the peer makes them)."""
    if not peer:
        return {}
    ratios = {"ratio_peer_to_ours": round(peer["peer_ms_per_pdf"] / ms_per_pdf, 2)}
    if peer.get("ours_on_peer_sample_ms_per_pdf"):
        ratios["ratio_peer_to_ours_same_exercises"] = round(
            peer["peer_ms_per_pdf"] / peer["ours_on_peer_sample_ms_per_pdf"], 2)
    return {**peer, **ratios}
