"""Relative pictures and links in Markdown bodies: one rule for the site, the PDFs and the patient's sheet.

An address in a body is relative to the Markdown file that holds it, as in mkdocs, GitHub and any Markdown
editor's preview: in content/exercises/open-books.md, `../images/open-books.svg` is content/images/open-books.svg
and `childs-pose.md` is the child's pose page. The same body is shown on its own page, inside every program page
that lists it, in PDFs and on sheets, so each address is rewritten for where it lands: relative to the page on the
site, relative to content/ in print (the PDFs' base), and a page link becomes the page's address on the site.
`check_links` (handouts.content.links) refuses, with the file and line, an address that names no file in content/.
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from urllib.parse import quote, unquote, urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..model.urls import page_url

ATTRIBUTES = ("src", "href")


def is_relative(url: str) -> bool:
    """A path inside the project ('../images/a.svg', 'open-books.md#tips'); not '#tips', '/x' or 'https://…'."""
    parts = urlsplit(url)
    return bool(parts.path) and not parts.scheme and not parts.netloc and not url.startswith(("/", "\\"))


def content_path(url: str, folder: str) -> str:
    """A relative address in a file in `folder` (relative to content/) as a path relative to content/."""
    return posixpath.normpath(posixpath.join(folder, unquote(urlsplit(url).path)))


def rewrite(url: str, folder: str, page: str | None, site_url: str | None) -> str | None:
    """Where a body's address points once the body is placed on `page` (a site page's URL) or, when page is None,
    in print. None means "no link" (a page link in print without a site_url). Other addresses are kept."""
    if not is_relative(url):
        return url
    fragment = urlsplit(url).fragment
    target = content_path(url, folder)
    if target.endswith(".md"):
        target = page_url(target)
        if page is None:
            return f"{site_url.rstrip('/')}/{target}" + (f"#{fragment}" if fragment else "") if site_url else None
    elif page is None:
        return quote(target)
    start = posixpath.dirname(page) if not page.endswith("/") else page.rstrip("/")
    relative = posixpath.relpath(target or ".", start or ".")
    if target.endswith("/") or not target:
        relative = relative.rstrip("/") + "/" if relative != "." else "./"
    return quote(relative) + (f"#{fragment}" if fragment else "")


class _Rewrite(Treeprocessor):
    def __init__(self, md: Markdown, folder: str, page: str | None, site_url: str | None):
        super().__init__(md)
        self.folder, self.page, self.site_url = folder, page, site_url

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            for attribute in ATTRIBUTES:
                value = element.get(attribute)
                if value is None:
                    continue
                new = rewrite(value, self.folder, self.page, self.site_url)
                if new is None:
                    del element.attrib[attribute]
                else:
                    element.set(attribute, new)


class ContentLinks(Extension):
    """The Markdown extension that rewrites a body's relative addresses (see the module's docstring)."""

    def __init__(self, folder: str, page: str | None = None, site_url: str | None = None):
        super().__init__()
        self.folder, self.page, self.site_url = folder, page, site_url

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        md.treeprocessors.register(_Rewrite(md, self.folder, self.page, self.site_url), "handouts-links", 1)
