"""One way to turn content into HTML, shared by the site (mkdocs) and the PDFs (WeasyPrint)."""

from __future__ import annotations

import json
import traceback
from collections.abc import Iterable
from pathlib import Path

import markdown
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateNotFound,
    TemplateSyntaxError,
    select_autoescape,
)
from markdown.extensions.toc import slugify as toc_slugify
from markupsafe import Markup

from .dose import dose_sentence, hold_sentence, hold_words, rest_sentence
from .errors import Problem
from .figures import figure_data_uri, figure_svg
from .links import ContentLinks
from .models import area_slug
from .schedule import schedule
from .schema import dose_limits

# mkdocs.yml's markdown_extensions after mkdocs adds its defaults (a test keeps the two in step).
MARKDOWN_EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "admonition"]


def markdown_html(
    text: str, level: int = 1, prefix: str = "", folder: str | None = None, page: str | None = None,
    site_url: str | None = None,
) -> Markup:
    """Content Markdown as HTML (raw HTML in it was checked by handouts.untrusted when the file was read).

    Placed under a heading of `level`, its `## Tips` becomes a heading one level below that one, and
    `prefix` keeps heading ids unique when several exercises share a page. With `folder` (the file's folder
    in content/), relative pictures and links are rewritten for `page` (a site page's URL) or, without
    one, for print (handouts.links).
    """
    def slugify(value: str, separator: str) -> str:
        return prefix + toc_slugify(value, separator)

    configs = {"toc": {"baselevel": level, "slugify": slugify}}
    extensions: list = list(MARKDOWN_EXTENSIONS)
    if folder is not None:
        extensions.append(ContentLinks(folder, page, site_url))
    return Markup(markdown.markdown(text, extensions=extensions, extension_configs=configs, output_format="html"))


def css_string(text: str) -> Markup:
    """Text as a quoted CSS string, safe inside a <style> element: '"Important: …"'.

    Every character but letters, digits, spaces and plain punctuation is a CSS escape, so no quote, backslash, line
    break or `</style>` in a clinic's text can end the string or the element.
    """
    safe = set(" .,;:!?()'-")
    quoted = "".join(c if (c.isascii() and c.isalnum()) or c in safe else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{quoted}"')


FILTERS = {
    "dose_sentence": dose_sentence,
    "hold_words": hold_words,
    "hold_sentence": hold_sentence,
    "rest_sentence": rest_sentence,
    "markdown": markdown_html,
    "area_slug": area_slug,
    "schedule": schedule,
    "css_string": css_string,
    "pose_figure": figure_svg,
    "pose_figure_src": figure_data_uri,
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


def template_problem(error: BaseException) -> Problem | None:
    """A mistake in a template (a clinic's override, say) as a Problem at its file and line; None if the error
    did not happen in a template. Jinja puts each template's file and line in the traceback of any error raised
    while rendering it, so an undefined name or a bad filter is found as well as a syntax error."""
    if isinstance(error, TemplateSyntaxError):
        path, line, message = error.filename or error.name or "a template", error.lineno, error.message
    else:
        frames = [f for f in traceback.extract_tb(error.__traceback__) if Path(f.filename).suffix == ".html"]
        if not frames:
            if isinstance(error, TemplateNotFound):
                return Problem("templates", 0, f"template error: no template named '{error.name}'")
            return None
        path, line, message = frames[-1].filename, frames[-1].lineno or 0, str(error)
    try:
        shown = Path(path).resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        shown = str(path)
    try:
        lines = Path(path).read_text(encoding="utf-8").split("\n")
        excerpt = lines[line - 1] if 0 < line <= len(lines) else ""
    except OSError:
        excerpt = ""
    return Problem(shown, line or 0, f"template error: {message}", excerpt)
