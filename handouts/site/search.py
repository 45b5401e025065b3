"""Search that stems: the site's own search worker, which loads material's and stems words as they are typed.

Material's worker adds a `*` to every word typed, and lunr runs no pipeline (so no stemmer) on such a word, while
the index holds only stems. Our worker (templates/assets/javascripts/workers/handouts-search.js) loads material's
with importScripts and also searches each typed word as its stem ("hombros*" -> "hombr*"). Material's worker has a
hashed name that changes with every material release, so the build reads it from material's own base.html, and a
material whose base.html names none stops the build. This module never imports mkdocs.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from ..errors import BuildError

__all__ = ["WORKER", "material_worker", "worker"]

WORKER = "assets/javascripts/workers/handouts-search.js"
"""Our worker, in material's workers folder: material's worker, which it loads, looks for lunr's language files
relative to the worker the page started (../lunr/)."""
MATERIAL_WORKER_RE = re.compile(r'"search":\s*"(assets/javascripts/workers/search\.[0-9a-f]+\.min\.js)"')
"""How material's base.html names its search worker in the page's configuration (`"search": "…" | url`)."""


def material_worker(material: Path) -> str:
    """The address of material's search worker in a site, as material's base.html names it (checked to exist):
    'assets/javascripts/workers/search.a7633da7.min.js'."""
    base = material / "templates" / "base.html"
    found = MATERIAL_WORKER_RE.findall(base.read_text(encoding="utf-8")) if base.is_file() else []
    if len(found) != 1 or not (material / "templates" / found[0]).is_file():
        raise BuildError(
            f"{base}: cannot find material's search worker (a `\"search\": \"assets/javascripts/workers/"
            f"search.….min.js\"` naming one file); this version of mkdocs-material is not supported")
    return str(found[0])


def worker(source: str, material: str) -> str:
    """Our worker's code, with the name of material's worker (beside it) on its first line, as it loads it."""
    settings = {"material": posixpath.relpath(material, posixpath.dirname(WORKER))}
    return f"self.HANDOUTS_SEARCH = {json.dumps(settings, separators=(',', ':'))};\n{source}"
