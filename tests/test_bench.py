"""The benchmark still runs (at a tiny size: its figures are not asserted, only that it measures).

Without its peer (--no-peer): installing mkdocs-pdf-export-plugin from PyPI is no part of CI; tests/test_bench_peer.py
tests the peer's code without the network.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_bench_runs_and_writes_json(tmp_path: Path):
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench/run.py"), "--exercises", "6", "--programs", "2", "--json", str(out),
         "--no-peer"],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    [run] = json.loads(out.read_text())["runs"]
    assert run["exercises"] == 6 and run["pdfs"] == 2 * 2 * (6 + 2)  # two languages, two sizes
    assert run["unchanged_pdfs_rendered"] == 0 and run["serve_edit_visible_s"] > 0
    assert 0 < run["one_edit_pdfs_rendered"] < run["pdfs"]
    assert run["site_only_build_s"] > 0 and run["ratio_unchanged_to_site_only"] > 0
    assert run["floor_pdfs"] == run["pdfs"] // 2 and run["flat_mkdocs_s"] > 0  # the floor: the English handouts
    assert "ratio_pdf_to_floor" in result.stdout
    for count in ("2", "4"):  # every PDF rendered once over the machines, none by the assembly, the same site
        shards = run["shards"][count]
        assert len(shards["shards_s"]) == int(count) and shards["pdfs_rendered"] == run["pdfs"]
        assert shards["assemble_pdfs_rendered"] == 0 and shards["identical_to_single_build"] is True
        assert shards["speedup"] > 0
    assert not any(key.startswith(("peer", "ratio_peer")) for key in run)


def test_the_pdf_profile_runs_and_names_weasyprint():
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench/profile_pdfs.py"), "--exercises", "4", "--programs", "1", "--every", "2",
         "--top", "5"],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "PDFs, " in result.stdout and "ms of CPU each" in result.stdout and "exercise" in result.stdout
    assert "weasyprint" in result.stdout and "function calls" in result.stdout


def test_the_plain_text_floor_runs():
    result = subprocess.run([sys.executable, str(ROOT / "bench/plain_text.py"), "--words", "0", "50", "--repeat", "2"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "   50 words" in result.stdout and "tagged (pdf/ua-1)" in result.stdout
