"""Make a virtual environment from hashed locks only: the one way every venv of this project is made.

The Makefile's .venv, the tests' clean venv (tests/test_plugin.py) and the benchmark's peer (bench/peer.py) all
come from `create()`, so what the tests install is what a new user's `make build` installs:

1. `python -m venv`, which starts with the pip the system Python bundles (23.2.1 on Debian's 3.11);
2. the installer lock (requirements-installer.lock: pip and setuptools, pinned with hashes, no dependencies);
   that bundled pip can install a lock with no extras, and the pip it installs reads extras in
   --require-hashes mode correctly whatever newer releases the index holds;
3. each given lock with --require-hashes;
4. optionally this project, editable, with --no-deps and without build isolation: its build backend is the
   setuptools of step 2, so nothing in set-up resolves "the newest" of anything.

Usage: python3 tools/pinned_venv.py VENV LOCK [LOCK ...] [--editable DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER_LOCK = ROOT / "requirements-installer.lock"
QUIET = ["-q", "--disable-pip-version-check"]


class InstallError(Exception):
    """A step of making the venv failed; the message names the step and carries pip's own words."""


def _run(step: list[str], env: Mapping[str, str] | None) -> None:
    done = subprocess.run(step, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise InstallError(f"{' '.join(step)}\n{(done.stderr or done.stdout).strip()}")


def create(venv: Path, locks: Sequence[Path], *, editable: Path | None = None,
           pip_args: Sequence[str] = (), clear: bool = False, python: str = sys.executable,
           env: Mapping[str, str] | None = None, installer_lock: Path = INSTALLER_LOCK) -> Path:
    """Make (or top up) `venv` from the installer lock, then `locks`, then `editable`; return its python.

    `pip_args` go to every pip call (a test passes `--no-index --find-links <wheelhouse>`).
    """
    venv_python = venv / "bin" / "python"
    if clear or not venv_python.exists():
        _run([python, "-m", "venv", *(["--clear"] if clear else []), str(venv)], env)
    pip = [str(venv_python), "-m", "pip", "install", *QUIET, *pip_args]
    _run([*pip, "--require-hashes", "--no-deps", "-r", str(installer_lock)], env)
    for lock in locks:
        _run([*pip, "--require-hashes", "-r", str(lock)], env)
    if editable is not None:
        _run([*pip, "--no-deps", "--no-build-isolation", "-e", str(editable)], env)
    return venv_python


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("venv", type=Path)
    parser.add_argument("locks", type=Path, nargs="+")
    parser.add_argument("--editable", type=Path, help="install this project folder, editable, without its deps")
    args = parser.parse_args(argv)
    try:
        create(args.venv, args.locks, editable=args.editable)
    except InstallError as error:
        print(f"error: could not install into {args.venv}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
