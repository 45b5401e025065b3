"""The site's Content-Security-Policy: a page loads and runs only what the site itself serves.

Content is checked before it is published (handouts.content.untrusted); the policy is the browser's half of the same
promise, so anything the check misses still cannot load from another website or run.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
from collections.abc import Iterable

import tinyhtml5

__all__ = ["content_security_policy"]

FRAME_ORIGIN_RE = re.compile(r"^https://[a-z0-9.-]+$")
"""A frame origin as the policy writes it: https and a host, nothing that could end the directive."""

JAVASCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}

DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",  # and the hash of each inline script the theme writes, added per page
    # Inline styles cannot load anything (img-src and font-src are 'self'), and content may use style="…";
    # the theme's colours are an inline <style> too.
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",  # material draws its icons from data: SVGs in its style sheet
    "font-src": "'self'",
    "media-src": "'self'",
    "connect-src": "'self'",  # instant navigation and the search index
    "worker-src": "'self'",  # the search worker
    "manifest-src": "'self'",
    "frame-src": "'none'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'none'",  # the search box is a form that is never sent
}


def content_security_policy(inline_scripts: str, frames: Iterable[str] = (), live_reload: bool = False) -> str:
    """The policy for one page, given the HTML of the inline scripts the theme writes into it.

    Each of those scripts is allowed by its hash, so it runs and no other inline script does. With `live_reload`
    (`python build.py serve`) inline scripts may run: mkdocs adds one to each page it serves, different every
    time. `frames` are the origins this page may show in a frame: the privacy-enhanced player of the page's video
    (handouts.model.video.frame_sources), and none on every other page. frame-ancestors and report-uri are left out: a
    <meta> policy may not set them.
    """
    directives = dict(DIRECTIVES)
    origins = [f for f in frames if FRAME_ORIGIN_RE.match(f)]
    if origins:
        directives["frame-src"] = " ".join(dict.fromkeys(origins))
    hashes = [f"'sha256-{digest}'" for digest in script_hashes(inline_scripts)]
    allowed = ["'unsafe-inline'"] if live_reload else list(dict.fromkeys(hashes))  # a hash turns unsafe-inline off
    directives["script-src"] = " ".join(["'self'", *allowed])
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def script_hashes(html: str) -> list[str]:
    """The base64 SHA-256 of each inline script in some HTML, as a browser hashes it (data blocks skipped)."""
    root = tinyhtml5.parse(io.StringIO(html))
    digests = []
    for script in root.iter("{http://www.w3.org/1999/xhtml}script"):
        if "src" in script.attrib or script.get("type", "").strip().lower() not in JAVASCRIPT_TYPES:
            continue
        digest = hashlib.sha256((script.text or "").encode()).digest()
        digests.append(base64.b64encode(digest).decode())
    return digests
