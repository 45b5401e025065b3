"""Set-up holds still while the index moves: every venv installs the pinned installer, then the hashed lock.

The failure this guards against (2026-12-07): the pip that `python3 -m venv` bundles (23.2.1) refused the lock
("all requirements must have their versions pinned with ==") for a dependency requested with an extra,
`fonttools[woff]`, once the index held a newer fonttools than the lock's. Here a local wheelhouse plays the index:
it holds the locked release and a newer one of a package that another asks for with an extra, and the install runs
offline from it, exactly as the Makefile runs it (tools/pinned_venv.py).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tools import pinned_venv

from .conftest import ROOT

pytestmark = pytest.mark.xdist_group("setup")


def wheel(folder: Path, name: str, version: str, requires: list[str] = (), extras: list[str] = ()) -> Path:
    """A minimal, valid pure-Python wheel of `name` with one module that reports its own version."""
    dist = f"{name}-{version}.dist-info"
    files = {
        f"{name}.py": f"VERSION = {version!r}\n",
        f"{dist}/METADATA": "\n".join(["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
                                        *(f"Provides-Extra: {e}" for e in extras),
                                        *(f"Requires-Dist: {r}" for r in requires)]) + "\n",
        f"{dist}/WHEEL": "Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = []
    for path, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(text.encode())}")
    files[f"{dist}/RECORD"] = "\n".join([*record, f"{dist}/RECORD,,"]) + "\n"
    path = folder / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for name_in_zip, text in files.items():
            archive.writestr(name_in_zip, text)
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory) -> tuple[Path, Path]:
    """(wheelhouse, lock): the installer's own pinned wheels, and a small tree where `leafy` asks for
    `rooty[fast]>=1.0`; the lock pins rooty 1.0 while the wheelhouse also holds rooty 2.0."""
    house = tmp_path_factory.mktemp("wheelhouse")
    # The installer lock's own files, checked against its hashes as they are fetched (the one step online).
    fetched = subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary", ":all:",
                              "--require-hashes", "-r", str(pinned_venv.INSTALLER_LOCK), "-d", str(house)],
                             capture_output=True, text=True)
    assert fetched.returncode == 0, fetched.stderr
    leafy = wheel(house, "leafy", "1.0", requires=["rooty[fast]>=1.0"])
    rooty = wheel(house, "rooty", "1.0", requires=['stemmy>=1.0; extra == "fast"'], extras=["fast"])
    wheel(house, "rooty", "2.0", requires=['stemmy>=1.0; extra == "fast"'], extras=["fast"])
    stemmy = wheel(house, "stemmy", "1.0")
    lock = house / "requirements.lock"
    lock.write_text("".join(f"{w.name.split('-')[0]}=={w.name.split('-')[1]} --hash=sha256:{sha256(w)}\n"
                            for w in (leafy, rooty, stemmy)))
    return house, lock


def installed(python: Path) -> dict[str, str]:
    out = subprocess.run([str(python), "-m", "pip", "list", "--format", "json"], capture_output=True, text=True,
                         check=True).stdout
    return {p["name"]: p["version"] for p in json.loads(out)}


def test_the_lock_installs_the_locked_release_offline_though_the_index_holds_a_newer_one(wheelhouse, tmp_path):
    house, lock = wheelhouse
    offline = ["--no-index", "--find-links", str(house)]
    python = pinned_venv.create(tmp_path / "venv", [lock], pip_args=offline)
    versions = installed(python)
    assert versions["rooty"] == "1.0" and versions["leafy"] == "1.0" and versions["stemmy"] == "1.0"
    pin = next(line for line in pinned_venv.INSTALLER_LOCK.read_text().splitlines() if line.startswith("pip=="))
    assert versions["pip"] == pin.split("==")[1].split()[0]


def test_a_lock_that_does_not_pin_with_hashes_is_refused(wheelhouse, tmp_path):
    house, lock = wheelhouse
    unpinned = tmp_path / "unpinned.lock"
    unpinned.write_text(lock.read_text().replace("rooty==1.0", "rooty>=1.0"))
    with pytest.raises(pinned_venv.InstallError, match="rooty"):
        pinned_venv.create(tmp_path / "venv", [unpinned], pip_args=["--no-index", "--find-links", str(house)])


def test_the_makefile_and_the_tests_make_their_venvs_the_same_way():
    makefile = (ROOT / "Makefile").read_text()
    assert "tools/pinned_venv.py $(VENV) requirements-dev.lock --editable ." in makefile
    assert "requirements-installer.lock" in makefile
    for path in ("tests/test_plugin.py", "bench/peer.py"):
        text = (ROOT / path).read_text()
        assert "pinned_venv.create(" in text and "-m\", \"venv\"" not in text, path
    # The build backend pyproject.toml names is the one the installer lock pins.
    [backend] = re.findall(r'^requires = \["(setuptools==[0-9.]+)"\]$', (ROOT / "pyproject.toml").read_text(), re.M)
    assert f"{backend} \\" in pinned_venv.INSTALLER_LOCK.read_text().splitlines()


def test_the_pip_a_new_venv_bundles_is_what_broke_and_is_replaced_first(wheelhouse, tmp_path):
    """Without the installer step, the bundled pip meets the same wheelhouse: on this machine's Python (pip 23.2)
    it refuses the lock, which is why the installer lock comes first."""
    house, lock = wheelhouse
    subprocess.run([sys.executable, "-m", "venv", str(tmp_path / "bare")], check=True)
    python = tmp_path / "bare/bin/python"
    bundled = installed(python)["pip"]
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-index", "--find-links", str(house),
                           "--require-hashes", "-r", str(lock)], capture_output=True, text=True)
    if int(bundled.split(".")[0]) < 24:
        assert done.returncode != 0 and "pinned with ==" in done.stderr, done.stderr
    pinned_venv.create(tmp_path / "bare", [lock], pip_args=["--no-index", "--find-links", str(house)])
    assert installed(python)["rooty"] == "1.0"
