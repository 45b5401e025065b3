"""Raw HTML in content that the site will not publish: programs, frames, forms, and files from another website.

Clinicians paste things into content: a video's embed code, a snippet from a web page. The site promises that its
pages run only the site's own code and ask no other host for anything, so a body is read the way the site will
show it, and each element or attribute that would break that promise is a Problem at its line of the file.

The body is turned into HTML by the site's own Markdown set-up, so code blocks and `code` spans are text, exactly
as on the page. That HTML is read by tinyhtml5, which follows the WHATWG parsing rules browsers follow (it is
WeasyPrint's HTML parser, so the PDFs read content the same way). Regular expressions do not read HTML the way a
browser does: `<IMG SRC=x ONERROR=…>`, entities in an address (`&#106;avascript:`) and `<svg><script>` slip past
them. Styles are read by tinycss2, WeasyPrint's CSS parser, for the same reason: `\\75 rl(` is `url(`.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

import tinycss2
import tinyhtml5

from ..errors import Problem
from ..model.video import hosted
from ..render.templates import markdown_html

__all__ = ["refused_html", "refused_svg"]

FAR = "pages may only load files from this site, not from another website"
VIDEO = "link to the video instead: [Watch the video]({address})"
HOSTED = "put the video in the front matter instead: 'video: {address}' (the page loads it only when played)"
FRAME = "a YouTube or Vimeo video goes in the front matter as 'video: <its address>'; for another website, "
FRAMES = {"iframe", "frame", "embed", "object"}
PICTURE = "save the picture in content/images/ and show it with ![what it shows](images/{name})"

# Elements refused whatever their attributes, and why, in words for the clinician who pasted them.
REFUSED = {
    "script": "pages may not run programs from the content; remove it",
    **dict.fromkeys(
        ("iframe", "frame", "frameset", "object", "embed", "applet", "portal", "fencedframe"),
        f"pages may not load anything from another website; {VIDEO}",
    ),
    **dict.fromkeys(("form", "input", "button", "textarea", "select"), "handouts have no forms or buttons; remove it"),
    "style": "the site's look comes from its own style sheets; remove it",
    **dict.fromkeys(("link", "meta", "base"), "it changes where the page loads things from; remove it"),
}
LINK_ATTRIBUTES = {"href", "action", "formaction"}
LINK_ELEMENTS = {"a", "area"}  # elsewhere (svg <use>, <image>, <feImage>) href loads a file
SCRIPT_SCHEMES = {"javascript", "vbscript", "data"}
# Attributes whose addresses the browser fetches as the page loads (ping: when a link is clicked).
FILE_ATTRIBUTES = {
    "src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc", "manifest", "ping", "codebase", "archive",
}
CSS_LOADERS = {"url", "src", "image", "image-set", "-webkit-image-set", "cross-fade", "element", "-moz-element"}
XLINK = "{http://www.w3.org/1999/xlink}"
C0_AND_SPACE = "".join(map(chr, range(0x21)))


@dataclass(frozen=True)
class Finding:
    """One refused thing in the HTML, before its line is known."""

    key: tuple
    """What it is, to count it again in the body with one line taken out."""
    message: str
    clues: tuple[str, ...]
    """Text a line holding it shows (`<iframe`, `onerror`, the address): those lines are tried first."""


def refused_html(body: str, path: str, first_line: int) -> list[Problem]:
    """One Problem for each thing in a Markdown body that the site will not publish, at its line of the file.

    `first_line` is the file line the body starts on. A thing's line is the one whose removal takes the thing
    away, so a code block that quotes the same HTML a few lines above is never blamed for it.
    """
    found = findings(body)
    lines = body.split("\n")
    counts: dict[int, Counter] = {}

    def without(index: int) -> Counter:
        if index not in counts:
            rest = findings("\n".join(lines[:index] + [""] + lines[index + 1 :]))
            counts[index] = Counter(f.key for f in rest)
        return counts[index]

    problems = []
    for key, count in Counter(f.key for f in found).items():
        finding = next(f for f in found if f.key == key)
        for index in lines_of(finding, count, lines, without):
            problems.append(Problem(path, first_line + index, finding.message, lines[index]))
    return sorted(problems, key=lambda p: p.line)


def refused_svg(text: str, path: str) -> list[Problem]:
    """One Problem for each thing in an SVG picture in content/ that the site will not publish.

    The site copies pictures as they are, and a browser opening an SVG file runs its scripts on the site's own
    address, where no page's Content-Security-Policy applies. An SVG is read as the browser reads it in a page.
    """
    lines = text.split("\n")
    problems = []
    for finding in svg_findings(text):
        line = next((i for i, row in enumerate(lines) if any(c.lower() in row.lower() for c in finding.clues)), 0)
        problems.append(Problem(path, line + 1, finding.message.replace("raw HTML", "in a picture,"), lines[line]))
    return problems


def svg_findings(text: str) -> list[Finding]:
    root = tinyhtml5.parse(io.StringIO(text))
    found: list[Finding] = []
    for element in root.iter():
        if isinstance(element.tag, str):
            found += element_findings(element.tag.rpartition("}")[2], dict(element.attrib))
    return found


def lines_of(finding: Finding, count: int, lines: list[str], without) -> list[int]:
    """The body lines (from 0) of the `count` copies of a finding: the lines whose removal takes one away."""
    shows = [i for i, text in enumerate(lines) if any(clue.lower() in text.lower() for clue in finding.clues)]
    others = [i for i, text in enumerate(lines) if i not in shows and text.strip()]
    found: list[int] = []
    for index in shows + others:
        gone = count - without(index)[finding.key]
        found += [index] * max(0, min(gone, count - len(found)))
        if len(found) == count:
            return found
    # Only taking out two lines together removes it (a reference image and its address): name the first clue.
    return found + [(shows or [0])[0]] * (count - len(found))


def findings(body: str) -> list[Finding]:
    """What the body's HTML holds that the site refuses, in the order of the page."""
    if not any(mark in body for mark in "<[{"):
        return []  # only raw HTML, links and images, and {: attribute lists } make elements with attributes
    # A file-like object, because tinyhtml5.parse reads a short string that names a file as that file.
    root = tinyhtml5.parse(io.StringIO(str(markdown_html(body))))
    found: list[Finding] = []
    for element in root.iter():
        if isinstance(element.tag, str):
            found += element_findings(element.tag.rpartition("}")[2], dict(element.attrib))
    return found


def element_findings(tag: str, attributes: dict[str, str]) -> list[Finding]:
    """A refused element as one finding; otherwise one finding for each refused attribute."""
    key = ("element", tag, tuple(sorted(attributes.items())))
    if tag in REFUSED:
        address = attributes.get("src") or attributes.get("data") or ""
        address = address if urlsplit(address).scheme in ("http", "https") else "https://…"
        message = f"raw HTML <{tag}> is not allowed: {REFUSED[tag].format(address=address)}"
        if tag in FRAMES:
            message = frame_message(tag, address)
        return [Finding(key, message, (f"<{tag}",))]
    if tag in ("animate", "set") and attributes.get("attributeName", "").lower() in ("href", "xlink:href"):
        message = f"raw HTML <{tag}> of a link is not allowed: it can turn the link into a program; remove it"
        return [Finding(key, message, (f"<{tag}",))]
    found = []
    for raw_name, value in attributes.items():
        name = raw_name.replace(XLINK, "xlink:")
        problem = attribute_problem(tag, name.rpartition(":")[2].lower(), name, value)
        if problem:
            found.append(Finding(("attribute", tag, name, value), problem, (name, value.strip()[:40])))
    return found


def frame_message(tag: str, address: str) -> str:
    """A pasted embed code: a YouTube or Vimeo video has its own key, `video:`; anything else, a link out."""
    try:
        video = hosted(address)
    except ValueError:
        return f"raw HTML <{tag}> is not allowed: pages may not load anything from another website; {FRAME}" + (
            VIDEO.format(address=address))
    return f"raw HTML <{tag}> is not allowed: pages may not load anything from another website; " + (
        HOSTED.format(address=video.page))


def attribute_problem(tag: str, local: str, name: str, value: str) -> str | None:
    """Why an attribute is refused, or None."""
    if local.startswith("on"):
        return f"the attribute {name}= is not allowed: it runs a program on the page; remove it"
    if local == "style" and style_loads(value):
        return f"a style with url(…) is not allowed: {FAR}; {PICTURE.format(name='name.png')}"
    if local in LINK_ATTRIBUTES and scheme(value) in SCRIPT_SCHEMES:
        return (f"the link {shorten(value)} is not allowed: a link must go to a web page (https://…) "
                "or to a page of this site")
    loads = local in FILE_ATTRIBUTES or (local == "href" and tag not in LINK_ELEMENTS)
    far = [a for a in re.split(r"[\s,]+", value) if scheme(a) or normal(a).startswith("//")] if loads else []
    if not far:
        return None
    if tag in ("img", "image") or local == "srcset":
        file_name = urlsplit(normal(far[0])).path.rpartition("/")[2] or "name.png"
        fix = PICTURE.format(name=file_name if "." in file_name else "name.png")
        return f"the picture {shorten(far[0])} is not a file of this site: {FAR}; {fix}"
    if local == "ping":
        return f"ping={shorten(far[0])} is not allowed: it tells another website who clicked the link; remove it"
    fix = VIDEO.format(address=far[0]) if tag in ("video", "audio", "source") else "save the file in content/ instead"
    return f"{name}={shorten(far[0])} on <{tag}> is not allowed: {FAR}; {fix}"


def style_loads(css: str) -> bool:
    """Whether a style attribute asks for a file: url(…), image-set(…) and the like, however it is spelt."""
    def loads(tokens: list) -> bool:
        for token in tokens:
            if token.type == "url" or (token.type == "function" and token.lower_name in CSS_LOADERS):
                return True
            inside = (getattr(token, name, None) for name in ("arguments", "content", "value", "prelude"))
            if any(isinstance(part, list) and loads(part) for part in inside):
                return True
        return False

    return loads(tinycss2.parse_blocks_contents(css))


def normal(address: str) -> str:
    """An address as a browser reads it: tabs and newlines dropped, ends trimmed, backslashes as slashes."""
    return re.sub(r"[\t\n\r]", "", address).strip(C0_AND_SPACE).replace("\\", "/")


def scheme(address: str) -> str:
    """The address's scheme in lowercase (`javascript`, `https`), or '' for an address on this site."""
    try:
        return urlsplit(normal(address)).scheme
    except ValueError:
        return "invalid"


def shorten(address: str, limit: int = 60) -> str:
    return address if len(address) <= limit else address[: limit - 1] + "…"
