"""One way to turn content into HTML, shared by the site (mkdocs) and the PDFs (WeasyPrint)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import markdown
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markdown.extensions.toc import slugify as toc_slugify
from markupsafe import Markup

from .dose import dose_sentence, hold_words, rest_sentence
from .schema import dose_limits

# mkdocs.yml's markdown_extensions after mkdocs adds its defaults (a test keeps the two in step).
MARKDOWN_EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "admonition"]


def markdown_html(text: str, level: int = 1, prefix: str = "") -> Markup:
    """Content Markdown as HTML (raw HTML in it is kept; the PDF sandbox guards what it may load).

    Placed under a heading of `level`, its `## Tips` becomes a heading one level below that one, and
    `prefix` keeps heading ids unique when several exercises share a page.
    """
    def slugify(value: str, separator: str) -> str:
        return prefix + toc_slugify(value, separator)

    configs = {"toc": {"baselevel": level, "slugify": slugify}}
    return Markup(markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, extension_configs=configs,
                                    output_format="html"))


def area_slug(area: str) -> str:
    """'Upper back' -> 'upper-back': the body area's URL."""
    return re.sub(r"[^a-z0-9]+", "-", area.lower()).strip("-") or "area"


FILTERS = {
    "dose_sentence": dose_sentence,
    "hold_words": hold_words,
    "rest_sentence": rest_sentence,
    "markdown": markdown_html,
    "area_slug": area_slug,
}


def add_filters(env: Environment) -> Environment:
    """The project's filters, on any Jinja environment (mkdocs' own one included), and the dose bounds."""
    env.filters.update(FILTERS)
    env.globals["dose_limits"] = json.dumps(dose_limits(), separators=(",", ":"))
    return env


def jinja_env(template_dirs: Iterable[Path]) -> Environment:
    """The print templates' environment: autoescaped, strict about undefined names.

    `template_dirs` is searched in order, so a clinic's folder placed first overrides the project's.
    """
    loader = ChoiceLoader([FileSystemLoader(str(d)) for d in template_dirs])
    env = Environment(loader=loader, autoescape=select_autoescape(default=True), undefined=StrictUndefined)
    return add_filters(env)
