"""The command line: `python build.py [build|check|serve|handout|new] [-f mkdocs.yml]` (installed: `handouts`)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .errors import ContentInvalid, HandoutsError
from .pdf.cache import Shard

LOGGER = logging.getLogger("handouts")


def _common(default: object) -> argparse.ArgumentParser:
    """Options accepted before or after the command; after it, only when given (SUPPRESS)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-f", "--config-file", type=Path, default=default, metavar="MKDOCS_YML",
        help="the site's configuration (default: mkdocs.yml); a clinic's own file works too",
    )
    flag = default if default is argparse.SUPPRESS else False
    common.add_argument("-q", "--quiet", action="store_true", default=flag, help="print only warnings and errors")
    common.add_argument("-v", "--verbose", action="store_true", default=flag,
                        help="print what each step does, and the engine's and libraries' own messages")
    return common


def _shard(text: str) -> Shard:
    try:
        return Shard.parse(text)
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None


def parser() -> argparse.ArgumentParser:
    common = _common(argparse.SUPPRESS)
    main = argparse.ArgumentParser(
        parents=[_common(None)],
        description="Build the exercise handout website and PDFs from content/.",
    )
    commands = main.add_subparsers(dest="command", metavar="COMMAND")
    build_cmd = commands.add_parser(
        "build", parents=[common], help="validate, then build the site and PDFs into site/ (default)")
    machines = build_cmd.add_mutually_exclusive_group()
    machines.add_argument(
        "--shard", metavar="K/N", type=_shard,
        help="render only share K of N of the PDFs, into the PDF cache (no site): one machine of N; see --assemble")
    machines.add_argument(
        "--assemble", action="store_true",
        help="build the site with every PDF taken from the cache (the shards' caches put together); render none")
    check_cmd = commands.add_parser(
        "check", parents=[common], help="validate the content and settings and score its reading level; change nothing"
    )
    check_cmd.add_argument(
        "--report", action="store_true",
        help="print each page's reading grade, words, steps and warnings, then its review and translation",
    )
    check_cmd.add_argument("--strict", action="store_true", help="treat readability warnings as errors (exit 1)")
    handout = commands.add_parser(
        "handout", parents=[common], help="one patient's sheet: chosen exercises, their doses, notes",
        description="Make a personalised sheet for one patient. The name goes into the output file only.",
    )
    handout.add_argument("items", nargs="+", metavar="ITEM", help="exercise or program slugs, in order")
    handout.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="sheet.pdf or sheet.html")
    handout.add_argument("--patient", metavar="NAME", help="the patient's name, printed on the first page")
    handout.add_argument("--clinician", metavar="NAME", help="your name")
    handout.add_argument("--notes", metavar="TEXT", help="a note for the patient")
    handout.add_argument(
        "--dose", action="append", default=[], metavar="SLUG:KEY=VALUE,...",
        help="change one exercise's dose, e.g. open-books:reps=8,sets=2 (keys: reps, sets, hold, rest, sides, tempo)",
    )
    handout.add_argument("--paper", choices=["letter", "a4"], help="paper size (default: the clinic's)")
    handout.add_argument("--large", action="store_true", help="large print (18 pt)")
    handout.add_argument("--date", metavar="YYYY-MM-DD", help="the date printed on the sheet (default: today)")
    handout.add_argument("--force", action="store_true", help="replace FILE if it exists")
    handout.add_argument("--lang", default="en", metavar="LANG",
                         help="the sheet's language, one of the site's (extra.languages); default en")
    serve = commands.add_parser("serve", parents=[common], help="live preview that reloads on edits")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT")
    new = commands.add_parser(
        "new", help="write a starter clinic folder: content, mkdocs.yml, a logo, a publishing workflow",
        description="Write a new clinic's own folder (a repository of its own), ready for `properdocs build`.",
    )
    new.add_argument("folder", type=Path, metavar="FOLDER", help="the folder to create (it must not exist)")
    new.add_argument("--name", default="Our Clinic", help="the clinic's name (default: %(default)s)")
    new.add_argument("--install", metavar="SPEC",
                     help="what the publishing workflow installs: a pip requirement for this package, e.g. "
                          "'exercise-handouts @ git+https://github.com/<owner>/exercise-handouts@<commit>' "
                          "(default: where this copy was installed from, if a workflow can reach it)")
    upgrade = commands.add_parser(
        "upgrade", help="give a clinic's folder the locks of the handouts package installed now; say what changed",
        description="Run in a clinic's folder after installing a newer exercise-handouts: rewrites "
                    "requirements-installer.lock, requirements.lock and requirements.txt, and lists each change.",
    )
    upgrade.add_argument("folder", type=Path, nargs="?", default=Path("."), metavar="FOLDER",
                         help="the clinic's folder (default: here)")
    upgrade.add_argument("--install", metavar="SPEC", help="the package requirement to write (default: this copy)")
    return main


class _Plain(logging.Formatter):
    """The plugin's warnings as `path:line: warning: …` (mkdocs' own command adds 'handouts: '); others named."""

    def format(self, record: logging.LogRecord) -> str:
        if record.name.startswith(("handouts", "mkdocs.plugins.handouts", "mkdocs.livereload")):
            return record.getMessage().removeprefix("handouts: ")
        return f"{record.name}: {record.getMessage()}"


class _Stderr(logging.StreamHandler):
    """Writes to sys.stderr as it is when a message comes, so main() called in-process (tests) never logs to a
    stream that was swapped out and closed since."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:  # StreamHandler.__init__ sets it; ours is always sys.stderr
        pass


def setup_logging(quiet: bool, verbose: bool = False) -> None:
    """Our messages at INFO (WARNING with -q, DEBUG with -v); other libraries' (the engine, WeasyPrint, fontTools)
    at WARNING (INFO with -v), as `mkdocs build -q` and `-v` do."""
    handler = _Stderr()
    handler.setFormatter(_Plain())
    LOGGER.handlers[:] = [handler]
    LOGGER.setLevel(logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO)
    LOGGER.propagate = False
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if verbose and not quiet else logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    """Run one command; 0 on success, 1 when the content or the build failed, 2 for bad usage."""
    args = parser().parse_args(argv)
    setup_logging(quiet=args.quiet, verbose=args.verbose)
    config_file = args.config_file or Path("mkdocs.yml")
    command = args.command or "build"
    try:
        if command == "check":
            return check(config_file, report=args.report, strict=args.strict)
        if command == "handout":
            return handout(args, config_file)
        if command == "serve":
            from .site.build import serve

            return serve(config_file, args.dev_addr, quiet=args.quiet)
        if command == "new":
            from .site.starter import new_clinic

            written = new_clinic(args.folder, name=args.name, install=args.install)
            LOGGER.info("Wrote %s: build it with `cd %s && properdocs build`", written, written)
            return 0
        if command == "upgrade":
            from .site.starter import upgrade

            changes = upgrade(args.folder, install=args.install)
            for change in changes:
                print(change)
            print(f"{len(changes)} change{'s' * (len(changes) != 1)}" if changes else "Already up to date")
            return 0
        if getattr(args, "shard", None) is not None:
            from .pipeline import shard_pdfs

            stats = shard_pdfs(config_file, args.shard)
            LOGGER.info("Shard %s: %d PDFs (%d made, %d from the cache) in the PDF cache", args.shard,
                        stats.rendered + stats.reused, stats.rendered, stats.reused)
            return 0
        from .site.build import build

        build(config_file, assemble=getattr(args, "assemble", False))
        return 0
    except ContentInvalid as err:
        for warning in err.warnings:
            print(warning.as_warning(), file=sys.stderr)
        for problem in err.problems:
            print(problem, file=sys.stderr)
        count = len(err.problems)
        found = f"{count} problem{'s' if count != 1 else ''} found"
        # check never builds; a build that stops keeps the last good site as it was
        print(f"{found}." if command in ("check", "handout") else f"{found}; nothing was built.", file=sys.stderr)
        return 1
    except HandoutsError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def check(config_file: Path, report: bool = False, strict: bool = False) -> int:
    """Validate everything and run the health-literacy gate; warnings go to stderr, failures raise."""
    from .checks.readability import format_report
    from .content.translations import audit, review_table
    from .pipeline import validate, warnings

    library, result = validate(config_file, strict=strict)
    if report:
        print(format_report(result))
        print()
        print(review_table(library))
    # Reviews and translations are reminders for the clinic: warnings here, never a reason to stop a build.
    found = warnings(library, result) + audit(library)
    for warning in found:
        print(warning.as_warning(), file=sys.stderr)
    exercises, programs, warned = len(library.exercises), len(library.programs), len(found)
    print(f"{exercises} exercise{'s' * (exercises != 1)}, {programs} program{'s' * (programs != 1)}: OK, "
          f"{warned} warning{'s' * (warned != 1)}")
    return 0


def handout(args: argparse.Namespace, config_file: Path) -> int:
    from .patient.sheet import Request, make_sheet

    request = Request(
        items=args.items, output=args.output, patient=args.patient, clinician=args.clinician, notes=args.notes,
        doses=args.dose, paper=args.paper, large=args.large, day=args.date, force=args.force, lang=args.lang,
    )
    written = make_sheet(request, config_file)
    LOGGER.info("Wrote %s", written)  # the file's name only: never the patient's
    return 0


