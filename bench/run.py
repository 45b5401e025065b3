"""The build's cost as the library grows, against plain mkdocs and bare WeasyPrint.

    python bench/run.py [--exercises 500] [--programs 100] [--json FILE] [--shards 2 4] [--no-pdf-gap]
                        [--peer-exercises 100 | --no-peer | --peer-only]

Generates synthetic content in English and Spanish (every exercise and program translated; every page and PDF made
in both) in a temporary folder, then measures in one run: the cold build (validation, site, PDFs; peak memory (PSS)
of the process tree); the site-only stage (the same build without PDFs), a build with nothing changed and a build
after editing one exercise (the lowest of three rounds taken in turn, with the PDF cache warm, as a clinic's
publishing workflow keeps it), and their ratios to the site-only stage; the PDFs shared out (`handouts build --shard
K/N`) over 2 and 4 machines, each shard a checkout of its own with a cold cache run alone on this machine's cores
(one CI machine each), then `handouts build --assemble` from their caches put together: the slowest shard plus the
assembly against the cold build, and whether the assembled site is the single build's byte for byte; the time until
a running preview (`build.py serve`) shows an edited exercise; a 5-exercise patient sheet; the anchor (plain `mkdocs
build` with mkdocs-material and a flat nav of the same pages) and the floor (bare WeasyPrint rendering the same
handout HTML sequentially in one process with one FontConfiguration; at most about 600 of them, evenly sampled, so
the floor is compared per PDF); and the peer a clinic would otherwise pick for a PDF per page (mkdocs-material with
mkdocs-pdf-export-plugin, bench/peer.py: its ms per PDF on --peer-exercises of the same exercises, and its ratio to
our average over every handout and to ours on its own sample, each measured as a build with PDFs less the same build
without, the lowest of three rounds of each, the peer's and ours taken in turn; --no-peer skips it, --peer-only
measures it alone into an earlier --json file's runs; --warm-only does the same for the warm builds).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.peer import PEER_EXERCISES, measure_peer, peer_ratios  # noqa: E402
from bench.synthetic import write_content  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SITE_URL = "https://exercises.example.org/"
FLOOR_SAMPLE = 600
"""The floor renders at most about this many handouts, evenly sampled; its figure is per PDF."""

BUILD = """
import json, sys
from dataclasses import asdict
from handouts.site.build import build
print(json.dumps(asdict(build(sys.argv[1], pdfs=sys.argv[2] != "site-only", assemble=sys.argv[2] == "assemble"))))
"""

SHARD = """
import json, sys
from dataclasses import asdict
from handouts.pdf.cache import Shard
from handouts.pipeline import shard_pdfs
print(json.dumps(asdict(shard_pdfs(sys.argv[1], Shard.parse(sys.argv[2])))))
"""

FLOOR = """
import json, sys, time
from pathlib import Path
import weasyprint
from weasyprint.text.fonts import FontConfiguration
from handouts.content.load import load_library
from handouts.pdf.writer import find_stylesheets, library_handouts
from handouts.pipeline import paths_for
config = Path(sys.argv[1])
library, paths = load_library(config), paths_for(config)
handouts = library_handouts(library, paths.template_dirs)
step = max(1, len(handouts) // int(sys.argv[2]))  # an even sample keeps a 2,000-exercise run short
handouts = handouts[::step]
fonts = FontConfiguration()
css = [weasyprint.CSS(filename=str(p), font_config=fonts) for p in find_stylesheets(paths.template_dirs)]
base = paths.content_dir.as_uri() + "/"
sizes, start = [], time.perf_counter()
for handout in handouts:
    pdf = weasyprint.HTML(string=handout.html, base_url=base).write_pdf(stylesheets=css, font_config=fonts)
    sizes.append(len(pdf))
print(json.dumps({"seconds": time.perf_counter() - start, "pdfs": len(handouts), "sizes": sizes}))
"""


def tree_rss(pid: int) -> int:
    """Memory of a process and all its descendants, in bytes: the sum of their PSS (Linux /proc).

    PSS shares each page among the processes that map it, so forked workers are not counted twice.
    """
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            total += int(next(line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:"))) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run(args: list[str], cwd: Path) -> tuple[float, int, str]:
    """Wall seconds, peak RSS of the process tree, and stdout of one command."""
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{err}")
    return seconds, peak, out


def flat_mkdocs_config(project: Path) -> Path:
    """Plain mkdocs-material over the same English pages, every page in one flat nav, no hooks.

    English only: mkdocs writes the whole flat nav into every page, so its time grows with the square of the pages,
    and 4,400 of them would take the benchmark ten minutes to say what 2,200 say. Compared per page."""
    pages = sorted(p for p in (project / "content").rglob("*.md") if len(p.suffixes) == 1)
    nav = "\n".join(f"  - '{p.relative_to(project / 'content').as_posix()}'" for p in pages)
    config = project / "flat.yml"
    config.write_text(
        "site_name: Flat\ndocs_dir: content\nsite_dir: flat-site\ntheme:\n  name: material\n  font: false\n"
        f"plugins:\n  - search\nnav:\n{nav}\n"
    )
    return config


def write_spanish(project: Path) -> Path:
    """Turn Spanish on (`extra.languages`, the clinic's words in both) and translate every exercise and program.

    Each translation has the words an `<slug>.es.md` holds (title, summary, the figure's words, the same number of
    steps), in plain Spanish, so the build reads, checks, renders and prints the library twice.
    """
    import yaml

    clinic = {"disclaimer": {"en": "This handout is for information only. Ask your healthcare provider.",
                             "es": "Esta hoja es solo informativa. Consulte a su proveedor de salud."},
              "safety": {"en": "Start each exercise slowly. Stop if it hurts.",
                         "es": "Empiece cada ejercicio despacio. Pare si le duele."}}
    config = project / "spanish.yml"
    config.write_text(json.dumps({"INHERIT": "mkdocs.yml", "extra": {"languages": ["en", "es"], "clinic": clinic}}))
    for path in sorted((project / "content").rglob("*.md")):
        if path.name == "index.md" or path.stem.endswith(".es"):
            continue
        _, front, body = path.read_text().split("---\n", 2)
        meta = yaml.safe_load(front)
        words: dict = {"title": f"Ejercicio {path.stem}", "summary": "Un ejercicio suave para hacer en casa."}
        if "figure" in meta:
            words["figure"] = {"alt": "Una persona que mueve el cuerpo despacio.", "caption": "Muévase despacio."}
        steps = sum(1 for line in body.splitlines() if line[:1].isdigit())
        text = "\n".join(f"{n}. Mueva el cuerpo despacio y con calma." for n in range(1, steps + 1))
        if "## Tips" in body:
            text += "\n\n## Consejos\n\nHaga cada paso con calma. Pare si le duele.\n"
        text = text or "Haga cada ejercicio con calma."
        front_es = yaml.safe_dump(words, allow_unicode=True, sort_keys=False)
        path.with_name(f"{path.stem}.es.md").write_text(f"---\n{front_es}---\n\n{text}\n")
    return config


def english_project(project: Path, exercises: int, programs: int, figures: bool = True) -> Path:
    """A project folder with the shipped templates and settings, an address (SITE_URL) and synthetic content, in
    English only (the shipped site is in English and Spanish; write_spanish turns Spanish on)."""
    project.mkdir()
    shutil.copytree(ROOT / "templates", project / "templates")
    shipped = (ROOT / "mkdocs.yml").read_text().replace("\n  languages: [en, es]\n", "\n  languages: [en]\n", 1)
    # An address, as a published clinic's site has: its handouts carry the QR codes that open the timers.
    (project / "mkdocs.yml").write_text(f"site_url: {SITE_URL}\n{shipped}")
    write_content(project / "content", exercises, programs, figures=figures)
    (project / "content" / "index.md").write_text("Welcome to your exercises.\n")
    return project


def site_digests(site: Path) -> dict[str, str]:
    """Every file of a built site and the sha256 of its bytes."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


WARM_ROUNDS = 3
"""Rounds of the warm builds (the site alone, nothing changed, one edit), taken in turn; the lowest of each kept.
This machine's page building varies by a quarter from one build to the next: in turn, each kind meets the same."""


def measure_warm(project: Path, config: str) -> dict:
    """The site alone, a build with nothing changed and a build after editing one exercise, with the cache warm,
    round by round in turn (WARM_ROUNDS), and their ratios to the site alone."""
    build = [sys.executable, "-c", BUILD, config]
    found: dict[str, list[tuple[float, dict]]] = {"site-only": [], "unchanged": [], "one edit": []}
    for number in range(WARM_ROUNDS):
        for kind in found:
            if kind == "one edit":
                edited = project / f"content/exercises/exercise-{number + 1:04d}.md"
                edited.write_text(re.sub(r"(?m)^title: (.*)$", r"title: \1 (edited)", edited.read_text(), count=1))
            wall, _, out = run([*build, "site-only" if kind == "site-only" else "full"], project)
            found[kind].append((wall, json.loads(out)))
    (site_wall, _), (again_wall, again), (edit_wall, edited_stats) = (
        min(found[kind], key=lambda item: item[0]) for kind in found)
    return {
        "site_only_build_s": round(site_wall, 2),
        "unchanged_build_s": round(again_wall, 2), "unchanged_pdfs_rendered": again["pdfs_rendered"],
        "unchanged_pdf_stage_s": round(again["seconds"]["pdf"], 2),
        "one_edit_build_s": round(edit_wall, 2), "one_edit_pdfs_rendered": edited_stats["pdfs_rendered"],
        "ratio_unchanged_to_site_only": round(again_wall / site_wall, 3),
        "ratio_one_edit_to_site_only": round(edit_wall / site_wall, 3),
    }


def measure_warm_only(exercises: int, programs: int) -> dict:
    """measure_warm alone (`--warm-only`), after the cold build it needs: the same library as `measure` makes."""
    with tempfile.TemporaryDirectory(prefix="handouts-bench-") as tmp:
        project = english_project(Path(tmp) / "project", exercises, programs)
        (project / "handouts").symlink_to(ROOT / "handouts")
        config = write_spanish(project).name
        run([sys.executable, "-c", BUILD, config, "full"], project)
        return measure_warm(project, config)


def measure_shards(project: Path, config: str, count: int, built: dict[str, str]) -> dict:
    """The PDFs over `count` machines: each shard in a checkout of its own with an empty cache, run alone (with this
    machine's cores, as one CI machine), then the assembly from their caches in another checkout."""
    machines = project.parent / f"machines-{count}"
    leave_out = shutil.ignore_patterns("site", ".cache", "flat-site")
    python = [sys.executable, "-c"]
    walls, rendered = [], 0
    for number in range(1, count + 1):
        checkout = machines / f"shard-{number}"
        shutil.copytree(project, checkout, symlinks=True, ignore=leave_out)
        wall, _, out = run([*python, SHARD, config, f"{number}/{count}"], checkout)
        walls.append(wall)
        rendered += json.loads(out)["rendered"]
    assembler = machines / "assemble"
    shutil.copytree(project, assembler, symlinks=True, ignore=leave_out)
    cache = assembler / ".cache/handouts/pdf"
    cache.mkdir(parents=True)
    for number in range(1, count + 1):  # what the workflow's download of every shard's artifact does
        for entry in (machines / f"shard-{number}" / ".cache/handouts/shard").iterdir():
            shutil.copyfile(entry, cache / entry.name)
    assemble_wall, _, out = run([*python, BUILD, config, "assemble"], assembler)
    assembled = json.loads(out)
    identical = site_digests(assembler / "site") == built
    shutil.rmtree(machines)
    return {
        "shards_s": [round(wall, 2) for wall in walls], "pdfs_rendered": rendered,
        "assemble_s": round(assemble_wall, 2), "assemble_pdfs_rendered": assembled["pdfs_rendered"],
        "critical_path_s": round(max(walls) + assemble_wall, 2), "identical_to_single_build": identical,
    }


class OursOnSample:
    """Our ms per PDF on the peer's own sample, measured as the peer is: the same exercises (their files as
    generated), English, no programs; a cold build with PDFs less the same build without them, over the PDFs it
    made (each exercise's handout in normal and large print); each the lowest of its rounds. A round at a time
    (`one_round`), taken in turn with the peer's (measure_peer's `beside`)."""

    def __init__(self, project: Path, sample: Path):
        self.project, self.sample = project, sample
        self.folder = project.parent / "ours-on-peer-sample"
        self.walls: dict[str, list[float]] = {"site-only": [], "full": []}
        self.pdfs = 0

    def one_round(self) -> None:
        ours = self.folder
        if not ours.exists():  # the sample is written by the peer's first round
            (ours / "content" / "programs").mkdir(parents=True)
            shutil.copytree(self.project / "templates", ours / "templates")
            shutil.copyfile(self.project / "mkdocs.yml", ours / "mkdocs.yml")
            (ours / "handouts").symlink_to(ROOT / "handouts")
            (ours / "content" / "index.md").write_text("Welcome to your exercises.\n")
            shutil.copytree(self.sample, ours / "content" / "exercises")
        for kind, found in self.walls.items():
            for cold in (ours / "site", ours / ".cache"):  # every round cold: no PDF in the cache yet
                shutil.rmtree(cold, ignore_errors=True)
            wall, _, out = run([sys.executable, "-c", BUILD, "mkdocs.yml", kind], ours)
            found.append(wall)
            if kind == "full":
                self.pdfs = json.loads(out)["pdfs_rendered"]

    def ms_per_pdf(self) -> float:
        return round(1000 * (min(self.walls["full"]) - min(self.walls["site-only"])) / max(self.pdfs, 1), 1)


def peer_and_ours(project: Path, peer_exercises: int) -> dict:
    """The peer's figures (bench/peer.py) and ours on its sample, their rounds taken in turn."""
    ours = OursOnSample(project, project.parent / "peer" / "docs")
    peer = measure_peer(project, peer_exercises, run, beside=ours.one_round)
    return {**peer, "ours_on_peer_sample_ms_per_pdf": ours.ms_per_pdf()}


def measure_peer_only(exercises: int, programs: int, peer_exercises: int) -> dict:
    """The peer, and ours on its sample, alone (`--peer-only`): the same library as `measure` generates."""
    with tempfile.TemporaryDirectory(prefix="handouts-bench-") as tmp:
        project = english_project(Path(tmp) / "project", exercises, programs)
        return peer_and_ours(project, peer_exercises)


def measure(exercises: int, programs: int, figures: bool = True, peer_exercises: int = 0,
            shards: Sequence[int] = (2, 4)) -> dict:
    with tempfile.TemporaryDirectory(prefix="handouts-bench-") as tmp:
        project = english_project(Path(tmp) / "project", exercises, programs, figures)
        (project / "handouts").symlink_to(ROOT / "handouts")
        config = write_spanish(project).name  # the library in English and Spanish: every page and PDF twice
        python = [sys.executable, "-c"]

        wall, peak, out = run([*python, BUILD, config, "full"], project)
        full = json.loads(out)
        warm = measure_warm(project, config)
        built = site_digests(project / "site")  # the single build, for the shards' assembly to match
        sharded = {str(count): measure_shards(project, config, count, built) for count in shards}
        serve_edit = serve_edit_visible(project, "exercise-0003", config)  # the cache is warm, as in a preview

        slugs = sorted(p.stem for p in (project / "content/exercises").glob("*.md") if len(p.suffixes) == 1)[:5]
        sheet_wall, _, _ = run(
            [sys.executable, str(ROOT / "build.py"), "-q", "handout", *slugs, "-o", "sheet.pdf", "--patient", "A"],
            project,
        )

        flat_config = flat_mkdocs_config(project)
        flat_wall, _, _ = run([str(Path(sys.executable).parent / "mkdocs"), "build", "-q", "-f", str(flat_config)],
                              project)
        flat_pages = sum(1 for _ in (project / "flat-site").rglob("index.html"))  # one a page (and no 404 page)
        floor_wall, _, out = run([*python, FLOOR, "mkdocs.yml", str(FLOOR_SAMPLE)], project)
        floor = json.loads(out)
        peer = peer_and_ours(project, peer_exercises) if peer_exercises else {}
        pdf_sizes = [p.stat().st_size for p in (project / "site/pdf/exercises").glob("*.pdf")]
        one_page = sorted(pdf_sizes)[len(pdf_sizes) // 2] if pdf_sizes else 0

    pdfs = full["pdfs_rendered"] + full["pdfs_reused"]
    seconds = full["seconds"]
    ms_per_pdf = 1000 * seconds["pdf"] / max(pdfs, 1)
    return {
        "exercises": exercises, "programs": programs, "languages": 2, "pages": full["pages"], "pdfs": pdfs,
        "full_build_s": round(wall, 2), "validate_s": round(seconds["validate"], 2),
        "site_s": round(seconds["site"], 2), "pdf_s": round(seconds["pdf"], 2),
        "ms_per_pdf": round(ms_per_pdf, 1), "peak_pss_mb": round(peak / 2**20),
        **warm,
        "shards": {
            count: {**figures, "speedup": round(wall / figures["critical_path_s"], 2)}
            for count, figures in sharded.items()
        },
        "serve_edit_visible_s": round(serve_edit, 2),
        "patient_sheet_5_s": round(sheet_wall, 2),
        "flat_mkdocs_s": round(flat_wall, 2),
        "floor_pdfs": floor["pdfs"],
        "floor_ms_per_pdf": round(1000 * floor["seconds"] / max(floor["pdfs"], 1), 1),
        "median_exercise_pdf_kb": round(one_page / 1024, 1),
        "flat_mkdocs_pages": flat_pages,
        "ratio_site_to_flat_mkdocs_per_page": round((seconds["site"] / full["pages"]) / (flat_wall / flat_pages), 3),
        "ratio_pdf_to_floor": round(ms_per_pdf / (1000 * floor["seconds"] / max(floor["pdfs"], 1)), 3),
        "ratio_one_edit_to_full": round(warm["one_edit_build_s"] / wall, 3),
        **peer_ratios(peer, ms_per_pdf),
    }


def serve_edit_visible(project: Path, slug: str = "exercise-0001", config: str = "mkdocs.yml",
                       timeout: float = 900) -> float:
    """Seconds from saving a new title in one exercise to the running preview (`python build.py serve -f config` on
    a free port) serving its page with that title, polled over HTTP; the preview is started and stopped here."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/exercises/{slug}/"
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "-q", "serve", "-f", config,
                                "-a", f"127.0.0.1:{port}"],
                               cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            return ""

    def wait_for(text: str) -> float:
        deadline = time.monotonic() + timeout
        while text not in page():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the preview never served {url} with {text!r}")
            time.sleep(0.02)
        return time.perf_counter()

    try:
        source = project / "content/exercises" / f"{slug}.md"
        wait_for("<html")
        title = f"Edited {time.time_ns()}"
        text = re.sub(r"(?m)^title: .*$", f"title: {title}", source.read_text(), count=1)
        saved = time.perf_counter()
        source.write_text(text)
        return wait_for(title) - saved
    finally:
        process.terminate()
        process.wait(timeout=60)


def table(rows: list[dict]) -> str:
    keys = list(rows[0])
    width = max(len(k) for k in keys)
    lines = [f"{'':{width}}  " + "  ".join(f"{r['exercises']}/{r['programs']:<8}" for r in rows)]
    for key in keys:
        lines.append(f"{key:{width}}  " + "  ".join(f"{json.dumps(r[key])!s:<12}" for r in rows))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--exercises", type=int, nargs="+", default=[500], help="one or more sizes")
    parser.add_argument("--programs", type=int, nargs="+", default=[100])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--without-figures", action="store_true",
                        help="the same exercises without their drawn figures (what drawing them costs)")
    parser.add_argument("--peer-exercises", type=int, default=PEER_EXERCISES, metavar="N",
                        help="the peer (mkdocs-pdf-export-plugin, bench/peer.py) renders this many of the exercises")
    parser.add_argument("--no-peer", action="store_true", help="skip the peer (and its install on first use)")
    parser.add_argument("--warm-only", action="store_true",
                        help="measure only the warm builds (after a cold one), into the runs of the --json file given")
    parser.add_argument("--peer-only", action="store_true",
                        help="measure only the peer (and ours on its sample), into the runs of the --json file given")
    parser.add_argument("--no-pdf-gap", dest="pdf_gap", action="store_false",
                        help="skip the per-PDF table (bench/pdf_gap.py, about 90 s)")
    parser.add_argument("--shards", type=int, nargs="*", default=[2, 4], metavar="N",
                        help="share the PDFs out over N machines, for each N given (none: --shards)")
    args = parser.parse_args(argv)
    if len(args.programs) not in (1, len(args.exercises)):
        parser.error("give one --programs, or one per --exercises")
    if (args.peer_only or args.warm_only) and (not args.json or not args.json.is_file()):
        parser.error("--peer-only and --warm-only need an earlier --json file to add to")
    if args.peer_only and args.no_peer:
        parser.error("--peer-only measures the peer: leave out --no-peer")
    if args.peer_exercises < 1:
        parser.error("--peer-exercises must be at least 1 (to skip the peer: --no-peer)")
    peer = 0 if args.no_peer else args.peer_exercises
    programs = args.programs * len(args.exercises) if len(args.programs) == 1 else args.programs
    rows: list[dict] = []
    result: dict = {"machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]}, "runs": rows}
    if args.peer_only or args.warm_only:  # again, into the runs of an earlier --json of the same sizes
        result = json.loads(args.json.read_text())
        for exercises, count in zip(args.exercises, programs, strict=True):
            row = next(r for r in result["runs"] if r["exercises"] == exercises and r["programs"] == count)
            if args.warm_only:
                row.update(measure_warm_only(exercises, count))
                row["ratio_one_edit_to_full"] = round(row["one_edit_build_s"] / row["full_build_s"], 3)
            if args.peer_only:
                row.update(peer_ratios(measure_peer_only(exercises, count, args.peer_exercises), row["ms_per_pdf"]))
            print(table([row]), flush=True)
            args.json.write_text(json.dumps(result, indent=2) + "\n")
        return 0
    for exercises, count in zip(args.exercises, programs, strict=True):
        rows.append(measure(exercises, count, not args.without_figures, peer, args.shards))
        print(table(rows[-1:]), flush=True)
        if args.json:  # after each size: a long run that is stopped keeps what it measured
            args.json.write_text(json.dumps(result, indent=2) + "\n")
    if len(rows) == 2:
        result["ratio_t_large_to_t_small"] = round(rows[1]["full_build_s"] / rows[0]["full_build_s"], 2)
        print(f"t({rows[1]['exercises']})/t({rows[0]['exercises']}) = {result['ratio_t_large_to_t_small']}")
    if args.pdf_gap:  # the per-PDF table (bench/pdf_gap.py), with the one measured before this round's changes
        with tempfile.TemporaryDirectory(prefix="handouts-gap-") as tmp:
            subprocess.run([sys.executable, str(ROOT / "bench/pdf_gap.py"), "--json", f"{tmp}/gap.json"], check=True,
                           stdout=subprocess.DEVNULL, env=ENV)
            after = json.loads(Path(tmp, "gap.json").read_text())
        before = json.loads((ROOT / "bench/pdf_gap-before.json").read_text())
        result["per_pdf"] = {"before": before, "after": after}
        for kind in after["handouts"]:
            was = next(h for h in before["handouts"] if h["kind"] == kind["kind"])
            print(f"per PDF, {kind['kind']}: {was['cpu_ms']:.1f} -> {kind['cpu_ms']:.1f} ms of CPU "
                  f"(plain-text floor {kind['floor_ms']:.1f} ms)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
