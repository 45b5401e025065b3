"""Errors a clinic can cause outside its content: a broken template override, a folder that can't be written, a full
disk. Each ends with a message naming the file, exit 1 and no traceback, and the last good site stays as it was."""

from __future__ import annotations

import errno
import hashlib
from contextlib import chdir
from pathlib import Path

import pytest

from handouts.cli import main

CLINIC = "clinics/example/mkdocs.yml"
OVERRIDE = "clinics/example/templates/partials/contact.html"


def fingerprint(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run(project: Path, capsys, *args: str) -> tuple[int, str]:
    with chdir(project):
        code = main(["-q", *args])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("template", "line", "message"),
    [
        ("<p>{{ clinic.phone }}</p>\n{% if clinic.email %}\n<p>x</p>\n", 2,
         "template error: Unexpected end of template. Jinja was looking for the following tags: 'elif' or 'else' or "
         "'endif'."),
        ("<p>{{ clinic.phone }}</p>\n<p>{{ clinic.fax.number }}</p>\n", 2,
         "template error: 'handouts.model.values.Clinic object' has no attribute 'fax'"),
        ("<p>{{ clinic.phone | no_such_filter }}</p>\n", 1, "template error: No filter named 'no_such_filter'."),
    ],
)
def test_a_broken_template_override_names_its_file_and_line(project: Path, capsys, template, line, message):
    assert run(project, capsys, "-f", CLINIC, "build")[0] == 0
    site = project / "clinics" / "example" / "site"
    before = fingerprint(site)
    (project / OVERRIDE).write_text(template)
    code, err = run(project, capsys, "-f", CLINIC, "build")
    assert code == 1
    assert "Traceback" not in err
    first = err.splitlines()[0]
    assert first.startswith(f"{OVERRIDE}:{line}: {message}"), err
    assert err.splitlines()[-1] == "1 problem found; nothing was built."
    assert fingerprint(site) == before


def test_a_broken_override_of_a_sheet_names_its_file(project: Path, capsys):
    (project / OVERRIDE).write_text("{% for x in %}\n")
    code, err = run(project, capsys, "-f", CLINIC, "handout", "childs-pose", "-o", "sheet.pdf")
    assert code == 1 and "Traceback" not in err
    assert err.startswith(f"{OVERRIDE}:1: template error: ")
    assert not (project / "sheet.pdf").exists()


def test_a_site_folder_that_cannot_be_written_is_named(project: Path, capsys):
    (project / "blocked").write_text("a file where a folder should be")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("site_dir: site", "site_dir: blocked/site"))
    code, err = run(project, capsys, "build")
    assert code == 1 and "Traceback" not in err
    # The PDFs start rendering before the pages are written (their one warning: no site_url here), and stop.
    *before, last = err.strip().splitlines()
    blocked = project / "blocked" / "site"
    assert last == f"error: could not write {blocked}: Not a directory; the last good site/ was kept"
    assert before in ([], ["site_url is not set in mkdocs.yml: the PDFs have no QR code linking to the timers"])


def test_a_full_disk_while_writing_pdfs_keeps_the_last_good_site(project: Path, capsys, monkeypatch):
    assert run(project, capsys, "build")[0] == 0
    site = project / "site"
    before = fingerprint(site)
    real = Path.write_bytes

    def full_disk(self: Path, data: bytes) -> int:
        if ".pdf" in self.name:  # the PDF, or the partial file it is written to first
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    (project / "content" / "exercises" / "childs-pose.md").write_text(
        (project / "content" / "exercises" / "childs-pose.md").read_text().replace("reps: 3", "reps: 4"))
    code, err = run(project, capsys, "build")
    assert code == 1 and "Traceback" not in err
    last = err.splitlines()[-1]
    # A PDF is written into the cache first (the site's copy is a link to it).
    assert last.startswith(f"error: could not write {project}/.cache/handouts/pdf/") and last.endswith(
        ".pdf: the disk is full; the last good site/ was kept")
    assert "the last good site/ was kept" in err
    assert fingerprint(site) == before
    assert not [p for p in project.iterdir() if p.name.startswith((".site.", ".site-"))]
