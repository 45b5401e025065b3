"""Every relative picture or link in a content file's body names a file inside content/ (the rule of addresses is
handouts.render.links: relative to the Markdown file that holds it, as in any Markdown editor)."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..errors import Problem
from ..render.links import ATTRIBUTES, content_path, is_relative
from ..render.templates import MARKDOWN_EXTENSIONS


class _Collect(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        # An attribute of our own on the Markdown object, which check_links reads back.
        self.md.handouts_links = [  # type: ignore[attr-defined]
            (element.tag, element.get(a)) for element in root.iter() for a in ATTRIBUTES if element.get(a)
        ]


class _Collector(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        md.treeprocessors.register(_Collect(md), "handouts-collect", 1)


def check_links(body: str, body_line: int, folder: str, content_dir: Path, source: str) -> list[Problem]:
    """Every relative picture or link in a body that names no file inside content/, at its line."""
    md = Markdown(extensions=[*MARKDOWN_EXTENSIONS, _Collector()])
    md.convert(body)
    lines = body.split("\n")
    root = content_dir.resolve()
    problems = []
    for tag, url in dict.fromkeys(getattr(md, "handouts_links", [])):
        if not is_relative(url):
            continue
        what = "picture" if tag == "img" else "link"
        line = next((n for n, text in enumerate(lines) if url in text), 0)
        target = (root / content_path(url, folder)).resolve()
        if not target.is_relative_to(root):
            message = f"the {what} '{url}' points outside content/"
        elif not target.is_file():
            message = f"the {what} '{url}' names a file that does not exist: {shown(target, root)}. " \
                      f"Addresses are relative to this file"
            written = (root / unquote(urlsplit(url).path)).resolve()
            if written.is_file() and written.is_relative_to(root):
                message += f": write {posixpath.relpath(written.relative_to(root).as_posix(), folder or '.')}"
        else:
            continue
        problems.append(Problem(source, body_line + line, message, lines[line]))
    return problems


def shown(path: Path, root: Path) -> str:
    return "content/" + path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
