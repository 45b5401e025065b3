"""The benchmark's peer (bench/peer.py) without the network: its sample, its configs, its pins, its arithmetic.

The peer itself (mkdocs-pdf-export-plugin from PyPI) is installed and run only by `bench/run.py` on a real run;
CI's benchmark test passes --no-peer.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config

from bench.peer import measure_peer, peer_docs, peer_mkdocs_config, peer_python, peer_ratios
from bench.synthetic import write_content

from .conftest import ROOT


def pins(path: Path) -> dict[str, str]:
    """name -> version of every `name==version` line of a requirements file."""
    found = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s\\]+)", path.read_text(), re.MULTILINE)
    return {name.lower(): version for name, version in found}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_content(tmp_path / "project" / "content", 12, 2)
    (tmp_path / "project/content/exercises/exercise-0003.es.md").write_text("---\ntitle: Ejercicio\n---\n\nUno.\n")
    return tmp_path / "project"


def test_the_peer_gets_an_even_sample_of_the_same_markdown(project: Path, tmp_path: Path):
    docs = tmp_path / "peer" / "docs"
    pages = peer_docs(project / "content/exercises", docs, 4)
    assert [p.name for p in pages] == [f"exercise-{n:04d}.md" for n in (1, 4, 7, 10)]  # every third, no .es.md
    assert sorted(docs.iterdir()) == pages
    for page in pages:
        assert page.read_text() == (project / "content/exercises" / page.name).read_text()
    more = peer_docs(project / "content/exercises", tmp_path / "all" / "docs", 100)
    assert len(more) == 12


def test_the_peer_config_is_plain_material_and_only_adds_the_pdf_plugin(project: Path, tmp_path: Path):
    folder = tmp_path / "peer"
    peer_docs(project / "content/exercises", folder / "docs", 3)
    site = peer_mkdocs_config(folder, pdf=False)
    pdf = peer_mkdocs_config(folder, pdf=True)
    plain, with_pdf = yaml.safe_load(site.read_text()), yaml.safe_load(pdf.read_text())

    assert with_pdf.pop("plugins") == ["search", {"pdf-export": {"combined": False, "media_type": "print",
                                                                "verbose": False}}]
    assert plain.pop("plugins") == ["search"]
    assert (plain.pop("site_dir"), with_pdf.pop("site_dir")) == ("site", "pdf-site")
    assert plain == with_pdf
    assert plain["theme"] == {"name": "material", "font": False}  # no request for Google's fonts

    # mkdocs itself accepts the plain one (the PDF one needs the plugin, which only the peer's venv has).
    config = load_config(str(site))
    assert config["theme"].name == "material"
    assert [str(item) for item in config["nav"]] == ["exercise-0001.md", "exercise-0005.md", "exercise-0009.md"]
    assert Path(config["docs_dir"]) == folder / "docs" and Path(config["site_dir"]) == folder / "site"


def test_the_peer_is_pinned_to_our_versions():
    """The peer's lock holds our WeasyPrint, mkdocs and material, and the versions requirements.lock has."""
    peer, ours = pins(ROOT / "bench/peer-requirements.txt"), pins(ROOT / "requirements.lock")
    wanted = pins(ROOT / "bench/peer-requirements.in")
    assert wanted["mkdocs-pdf-export-plugin"] == "0.5.10"
    assert {name: peer.get(name) for name in wanted} == wanted
    assert {name: peer[name] for name in peer.keys() & ours.keys()} == {name: ours[name] for name in
                                                                          peer.keys() & ours.keys()}
    assert {"weasyprint", "mkdocs", "mkdocs-material", "beautifulsoup4"} <= peer.keys()
    assert "--hash=sha256:" in (ROOT / "bench/peer-requirements.txt").read_text()


def test_a_ready_peer_venv_is_reused_and_a_failed_install_says_so(tmp_path: Path):
    requirements = tmp_path / "peer-requirements.txt"
    requirements.write_text("./no-such-package-folder\n")
    venv = tmp_path / "venv"
    with pytest.raises(SystemExit, match=f"could not install the peer into {venv}"):
        peer_python(venv, requirements)
    assert (venv / "bin/python").exists() and not list(venv.glob(".installed-*"))

    requirements.write_text("# nothing to install\n")
    python = peer_python(venv, requirements)
    [stamp] = venv.glob(".installed-*")
    (venv / "kept").touch()  # a second install would --clear the folder
    assert peer_python(venv, requirements) == python and list(venv.glob(".installed-*")) == [stamp]
    assert (venv / "kept").exists()

    requirements.write_text("# other pins\n")  # new pins: a fresh venv
    peer_python(venv, requirements)
    assert not (venv / "kept").exists() and len(list(venv.glob(".installed-*"))) == 1


def fake_run(walls: dict[str, float], written: int):
    """bench/run.py's `run` for mkdocs-pdf-export-plugin: `written` PDFs from the PDF config, the given walls."""

    def run(args: list[str], cwd: Path) -> tuple[float, int, str]:
        config = Path(args[-1]).name
        if config == "peer-pdf.yml":
            for page in sorted((cwd / "docs").glob("*.md"))[:written]:
                (cwd / "pdf-site" / page.stem).mkdir(parents=True)
                (cwd / "pdf-site" / page.stem / f"{page.stem}.pdf").write_bytes(b"%PDF-1.7\n")
        return walls[config], 0, f"Converting {written} files to PDF took 1.0s\n"

    return run


def test_the_peer_costs_the_difference_of_the_two_builds_per_pdf(project: Path):
    run = fake_run({"peer-site.yml": 1.5, "peer-pdf.yml": 9.5}, written=4)
    peer = measure_peer(project, 4, run, python=Path("/peer/bin/python"))
    assert peer == {"peer_pdfs": 4, "peer_site_s": 1.5, "peer_build_s": 9.5, "peer_ms_per_pdf": 2000.0}
    assert peer_ratios(peer, 80.0) == {**peer, "ratio_peer_to_ours": 25.0}
    sampled = {**peer, "ours_on_peer_sample_ms_per_pdf": 40.0}
    assert peer_ratios(sampled, 80.0) == {**sampled, "ratio_peer_to_ours": 25.0,
                                          "ratio_peer_to_ours_same_exercises": 50.0}
    assert peer_ratios({}, 80.0) == {}


def test_each_side_keeps_its_lowest_round_taken_in_turn_with_ours(project: Path):
    walls = iter([2.0, 10.0, 1.5, 9.5, 1.8, 11.0])  # site, PDFs; round by round
    calls = []

    writes_pdfs = fake_run({"peer-site.yml": 0.0, "peer-pdf.yml": 0.0}, written=4)

    def run(args: list[str], cwd: Path) -> tuple[float, int, str]:
        calls.append(Path(args[-1]).name)
        writes_pdfs(args, cwd)
        return next(walls), 0, ""

    peer = measure_peer(project, 4, run, python=Path("/peer/bin/python"), beside=lambda: calls.append("ours"))
    assert calls == ["peer-site.yml", "peer-pdf.yml", "ours"] * 3
    assert peer == {"peer_pdfs": 4, "peer_site_s": 1.5, "peer_build_s": 9.5, "peer_ms_per_pdf": 2000.0}


def test_a_peer_that_skipped_pages_is_not_a_measurement(project: Path):
    run = fake_run({"peer-site.yml": 1.0, "peer-pdf.yml": 2.0}, written=3)
    with pytest.raises(SystemExit, match="the peer wrote 3 PDFs for 4 pages"):
        measure_peer(project, 4, run, python=Path("/peer/bin/python"))
