"""The PDF sandbox: content may load files inside the project, and nothing else (no other file, no network).

Each attack is written into an exercise's Markdown, as a clinician (or a copied web page) might.
"""

from __future__ import annotations

import http.server
import io
import os
import shutil
import threading
from pathlib import Path

import pypdf
import pytest
from pdfua import validate

from handouts.content.load import load_library
from handouts.errors import BuildError
from handouts.pdf import writer as pdf
from handouts.pdf.render import Refused

from .conftest import ROOT
from .test_pdf import figure_alts

ATTACK = "content/exercises/attack.md"
EXERCISE = """---
title: Wall push
summary: Push gently against a wall.
area: [shoulder]
dose:
  reps: 10
---

1. Stand facing a wall.
2. Push gently.

{extra}
"""
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#1f5f8b"/></svg>'
)


@pytest.fixture(autouse=True)
def sandbox_alone(monkeypatch):
    """`check` refuses these attacks in content (handouts.content.untrusted, handouts.render.links); the sandbox is
    the second
    wall and must hold alone, so here the content checks are switched off."""
    monkeypatch.setattr("handouts.content.load.refused_html", lambda *args: [])
    monkeypatch.setattr("handouts.content.load.check_links", lambda *args: [])


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A project with one exercise, a logo beside mkdocs.yml, and a secret file outside it."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "templates", project / "templates")
    config = (ROOT / "mkdocs.yml").read_text().replace("    paper: letter", "    paper: a4\n    logo: logo.svg")
    (project / "mkdocs.yml").write_text(config)
    (project / "logo.svg").write_text(LOGO)
    (project / "content" / "exercises").mkdir(parents=True)
    (project / "content" / "images").mkdir()
    (project / "content" / "index.md").write_text("# Welcome\n")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.svg").write_text(LOGO.replace("#1f5f8b", "#ff0000"))
    (tmp_path / "outside" / "secret.css").write_text("body { color: red }")
    return project


def build(project: Path, extra: str) -> tuple[Path, pdf.PdfStats]:
    (project / ATTACK).write_text(EXERCISE.format(extra=extra))
    library = load_library(project / "mkdocs.yml", project)
    out = project.parent / "out"
    stats = pdf.write_pdfs(
        library, out, template_dirs=[project / "templates"],
        allowed_roots=[project / "content", project / "templates", project],
        cache_dir=project / ".cache" / "handouts" / "pdf", content_dir=project / "content", progress=False,
    )
    return out, stats


def assert_refused(project: Path, extra: str, url_part: str) -> None:
    with pytest.raises(BuildError) as raised:
        build(project, extra)
    message = str(raised.value)
    assert message.startswith(f"{ATTACK}: refused to load ") and url_part in message, message
    assert not list((project.parent / "out").rglob("*.pdf")), "nothing is written when a handout is refused"


def test_a_harmless_exercise_with_an_image_and_the_logo_renders(tiny):
    (tiny / "content" / "images" / "wall.svg").write_text(LOGO)
    out, stats = build(tiny, '<img src="images/wall.svg" alt="A person pushing against a wall">')
    assert stats.rendered == 2
    data = (out / "exercises" / "attack.pdf").read_bytes()
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    assert round(float(page.mediabox.width)) == 595  # A4 from the clinic's `paper`
    assert validate(str(out / "exercises" / "attack.pdf")).findings == ()
    alts = " | ".join(figure_alts(data))
    assert b"A person pushing against a wall" in data or "A person pushing" in alts
    assert "Home Exercise Handouts logo" in alts


def test_an_attachment_of_etc_passwd_is_refused(tiny):
    assert_refused(tiny, '<link rel="attachment" href="file:///etc/passwd">', "file:///etc/passwd")


def test_an_attachment_link_in_the_text_is_refused(tiny):
    assert_refused(tiny, '<a rel="attachment" href="file:///etc/passwd">notes</a>', "file:///etc/passwd")


def test_an_image_outside_the_project_is_refused(tiny):
    secret = (tiny.parent / "outside" / "secret.svg").as_uri()
    assert_refused(tiny, f'<img src="{secret}" alt="x">', "secret.svg")


def test_a_markdown_image_with_dot_dot_is_refused(tiny):
    # From content/exercises/attack.md, three levels up is the folder beside the project.
    assert_refused(tiny, "![x](../../../outside/secret.svg)", "secret.svg")


def test_a_css_import_outside_the_project_is_refused(tiny):
    secret = (tiny.parent / "outside" / "secret.css").as_uri()
    assert_refused(tiny, f'<style>@import url("{secret}");</style>', "secret.css")


def test_a_symlink_out_of_content_is_refused(tiny):
    os.symlink(tiny.parent / "outside" / "secret.svg", tiny / "content" / "images" / "link.svg")
    assert_refused(tiny, '<img src="images/link.svg" alt="x">', "link.svg")


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        type(self).requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/svg+xml")
        self.end_headers()
        self.wfile.write(LOGO.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def recorder():
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_a_web_image_is_refused_without_a_request(tiny, recorder):
    url = f"http://127.0.0.1:{recorder.server_address[1]}/pixel.svg"
    assert_refused(tiny, f'<img src="{url}" alt="x">\n\n![y]({url}?md)', url)
    assert _Recorder.requests == []


def test_every_refused_file_is_reported_at_once(tiny):
    second = EXERCISE.format(extra='<img src="file:///etc/hostname" alt="x">').replace("Wall push", "Wall slide")
    (tiny / "content" / "exercises" / "second.md").write_text(second)
    with pytest.raises(BuildError) as raised:
        build(tiny, '<link rel="attachment" href="file:///etc/passwd">')
    assert str(raised.value).splitlines() == [
        f"{ATTACK}: refused to load file:///etc/passwd: /etc/passwd is outside the project's folders",
        "content/exercises/second.md: refused to load file:///etc/hostname: "
        "/etc/hostname is outside the project's folders",
    ]


def test_a_program_names_the_exercise_at_fault_or_itself(tiny):
    walls = tiny / "content" / "programs" / "walls.md"
    walls.parent.mkdir()
    program = "---\ntitle: Walls\nsummary: Wall exercises.\nexercises: [attack]\n---\n\n{body}\n"
    walls.write_text(program.format(body="Do these daily."))
    assert_refused(tiny, '<img src="file:///etc/passwd" alt="x">', "/etc/passwd")  # the exercise, not the program
    walls.write_text(program.format(body="![x](file:///etc/passwd)"))
    with pytest.raises(BuildError) as raised:
        build(tiny, "")
    assert str(raised.value).startswith("content/programs/walls.md: refused to load file:///etc/passwd")


def test_render_pdf_from_memory_is_sandboxed_too(tiny):
    html = '<html lang="en"><title>t</title><body><link rel="attachment" href="file:///etc/passwd"></body></html>'
    with pytest.raises(Refused, match="/etc/passwd"):
        roots = [tiny / "content", tiny / "templates"]
        pdf.render_pdf(html, tiny / "content", template_dirs=[tiny / "templates"], allowed_roots=roots)
