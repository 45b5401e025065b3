"""How heavy the exercise list (/exercises/) is: its HTML, and everything it loads with its pictures, gzipped.

    .venv/bin/python -m bench.list_weight                 the shipped content, and 2,000 synthetic exercises
    .venv/bin/python -m bench.list_weight --exercises 500

Builds each site (English only, no PDFs) in a temporary folder and reads back /exercises/: its HTML, and the small
pictures it names (assets/figures/<slug>.svg or a photo), each gzipped at level 6 as a web server sends them. The
pictures load lazily, so a phone fetches only those that scroll into view; "all pictures" is the most a page costs.
The style sheets and scripts every page shares are left out: a browser has them already. docs/speed.md has the numbers.
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import write_content  # noqa: E402


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def weigh(site: Path) -> dict[str, float]:
    """The list page's numbers: exercises, HTML bytes (raw and gzipped), pictures' bytes gzipped, per exercise."""
    html = (site / "exercises" / "index.html").read_bytes()
    listing = html.split(b'class="handout-list handout-list--pictures"', 1)[1]
    sources = re.findall(rb'<img class="handout-list__picture" src="([^"]+)"', listing)
    pictures = sum(gz((site / "exercises" / src.decode()).resolve().read_bytes()) for src in sources)
    n = listing.split(b"</ul>", 1)[0].count(b"<li ")
    return {"exercises": n, "html": len(html), "html_gz": gz(html), "pictures_gz": pictures,
            "total_gz": gz(html) + pictures, "per_exercise_gz": (gz(html) + pictures) / max(n, 1)}


def build(project: Path) -> Path:
    from contextlib import chdir

    from handouts.pipeline import paths_for
    from handouts.site.build import build as build_site

    with chdir(project):
        build_site("mkdocs.yml", pdfs=False)
        return paths_for(Path("mkdocs.yml")).site_dir


def project_copy(dest: Path) -> Path:
    for name in ("content", "templates", "clinics"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("site", ".cache"))
    text = (ROOT / "mkdocs.yml").read_text().replace("\n  languages: [en, es]\n", "\n  languages: [en]\n", 1)
    (dest / "mkdocs.yml").write_text(text)
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercises", type=int, default=2000, help="synthetic exercises (default 2000)")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        shipped = project_copy(Path(tmp) / "shipped")
        rows.append(("shipped", weigh(build(shipped))))
        synthetic = project_copy(Path(tmp) / "synthetic")
        for folder in ("exercises", "programs"):
            shutil.rmtree(synthetic / "content" / folder, ignore_errors=True)
        for index in synthetic.glob("content/index.*.md"):
            index.unlink()
        write_content(synthetic / "content", exercises=args.exercises, programs=10)
        rows.append(("synthetic", weigh(build(synthetic))))
    print(f"{'content':<10} {'exercises':>9} {'HTML':>10} {'HTML gz':>9} {'pictures gz':>12} {'total gz':>10} "
          f"{'per exercise':>13}")
    for name, w in rows:
        print(f"{name:<10} {w['exercises']:>9} {w['html']:>10,} {w['html_gz']:>9,} {w['pictures_gz']:>12,} "
              f"{w['total_gz']:>10,} {w['per_exercise_gz']:>13,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
