"""Where a PDF's time goes: the handouts of a synthetic library rendered one after another in this process.

    python bench/profile_pdfs.py [--exercises 100] [--programs 20] [--every 4] [--top 20] [--sort tottime]

Generates the benchmark's synthetic content (bench/synthetic.py, with figures) in a temporary folder, renders every
`--every`th handout (programs and exercises, normal and large print) through the build's own renderer
(handouts.pdf.render.Renderer: the sandbox, the shared fonts and stylesheets, the figures as Form XObjects), prints
the CPU
milliseconds per PDF by kind, then profiles the same renders with cProfile and prints its top entries.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import english_project  # noqa: E402
from handouts.content.load import load_library  # noqa: E402
from handouts.pdf.render import Renderer  # noqa: E402
from handouts.pdf.writer import find_stylesheets, library_handouts  # noqa: E402
from handouts.pipeline import paths_for  # noqa: E402


def kind(path: str) -> str:
    return ("program" if path.startswith("programs/") else "exercise") + (" large" if "-large" in path else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercises", type=int, default=100)
    parser.add_argument("--programs", type=int, default=20)
    parser.add_argument("--every", type=int, default=4, help="render every Nth handout")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--sort", default="tottime", choices=("tottime", "cumulative"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="handouts-profile-") as tmp:
        config = english_project(Path(tmp) / "project", args.exercises, args.programs) / "mkdocs.yml"
        library, paths = load_library(config), paths_for(config)
        handouts = library_handouts(library, paths.template_dirs)[::args.every]
        renderer = Renderer(find_stylesheets(paths.template_dirs), [paths.content_dir, *paths.template_dirs])
        base = paths.content_dir.as_uri() + "/"
        renderer.render(handouts[0].html, base)  # fonts and stylesheets loaded, as in a warm worker
        spent: dict[str, list[float]] = {}
        for handout in handouts:
            started = time.process_time()
            renderer.render(handout.html, base)
            spent.setdefault(kind(handout.path), []).append(time.process_time() - started)
        total = sum(sum(v) for v in spent.values())
        print(f"{len(handouts)} PDFs, {1000 * total / len(handouts):.1f} ms of CPU each on average")
        for name, times in sorted(spent.items()):
            print(f"  {name:15s} {len(times):4d}  {1000 * sum(times) / len(times):6.1f} ms each")
        profile = cProfile.Profile()
        profile.enable()
        for handout in handouts:
            renderer.render(handout.html, base)
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
        print(out.getvalue().replace(str(Path(sys.prefix)), "<venv>"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
