"""One way to turn content into HTML, shared by the site (mkdocs) and the PDFs (WeasyPrint).

`jinja_env(template_dirs, lang="en")` and `add_filters(env, lang="en")` give an environment in one language of
handouts.i18n.catalog.LANGUAGES: templates say `{{ _("Steps") }}` (newstyle gettext, so `_("… %(name)s", name=…)` is
escaped), the dose filters speak the language, and `words`/`browser_words` are the language's.
"""

from __future__ import annotations

import functools
import json
import re
import threading
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import markdown
from babel.dates import get_day_names
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

from ..errors import Problem
from ..i18n.catalog import DEFAULT_LANGUAGE, install
from ..i18n.words import browser_words, page_words, word
from ..model.dose import browser_dose, dose_sentence, hold_sentence, hold_words, rest_sentence
from ..model.schedule import frequency_words, schedule
from ..model.schema import dose_limits
from ..model.values import area_slug
from .choosing import by_title, choices, equipment_key, position, thumbnail
from .figures import figure_data_uri, figure_svg
from .links import ContentLinks
from .svg_geometry import svg_data_url

# mkdocs.yml's markdown_extensions after mkdocs adds its defaults (a test keeps the two in step).
MARKDOWN_EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "admonition"]


def markdown_html(
    text: str, level: int = 1, prefix: str = "", folder: str | None = None, page: str | None = None,
    site_url: str | None = None,
) -> Markup:
    """Content Markdown as HTML (raw HTML in it was checked by handouts.content.untrusted when the file was read).

    Placed under a heading of `level`, its `## Tips` becomes a heading one level below that one, and
    `prefix` keeps heading ids unique when several exercises share a page. With `folder` (the file's folder
    in content/), relative pictures and links are rewritten for `page` (a site page's URL) or, without
    one, for print (handouts.render.links).
    """
    if folder is None:  # no links to rewrite: a converter made once (per thread: one is not thread-safe)
        return Markup(_converter(level, prefix).reset().convert(text))
    configs = {"toc": {"baselevel": level, "slugify": _slugify(prefix)}}
    extensions: list = [*MARKDOWN_EXTENSIONS, ContentLinks(folder, page, site_url)]
    return Markup(markdown.markdown(text, extensions=extensions, extension_configs=configs, output_format="html"))


_CONVERTERS = threading.local()


def _slugify(prefix: str) -> Callable[[str, str], str]:
    """Heading ids as toc makes them, after `prefix` (unique when several exercises share a page)."""
    def slugify(value: str, separator: str) -> str:
        return prefix + toc_slugify(value, separator)

    return slugify


def _converter(level: int, prefix: str) -> markdown.Markdown:
    """A Markdown converter for headings under `level` with ids after `prefix`, kept for this thread."""
    kept = _CONVERTERS.__dict__.setdefault("kept", {})
    if (level, prefix) not in kept:
        kept[(level, prefix)] = markdown.Markdown(
            extensions=list(MARKDOWN_EXTENSIONS),
            extension_configs={"toc": {"baselevel": level, "slugify": _slugify(prefix)}}, output_format="html")
    converter: markdown.Markdown = kept[(level, prefix)]
    return converter


def css_string(text: str, lead: str = "") -> Markup:
    """Text (after `lead`, the interface's words before it) as a quoted CSS string, safe inside a <style> element:
    '"Important: …"'.

    Every character but letters, digits, spaces and plain punctuation is a CSS escape, so no quote, backslash, line
    break or `</style>` in a clinic's text can end the string or the element.
    """
    safe = set(" .,;:!?()'-")
    quoted = "".join(c if (c.isascii() and c.isalnum()) or c in safe else f"\\{ord(c):x} " for c in str(lead) + text)
    return Markup(f'"{quoted}"')


def css_counters(sentence: str) -> Markup:
    """A whole translated sentence with CSS counters in it, as CSS `content`: 'Page {page} of {pages}' is
    '"Page " counter(page) " of " counter(pages)', so a translation may put the numbers where its language does."""
    parts = re.split(r"\{(page|pages)\}", str(sentence))
    tokens = [f"counter({part})" if i % 2 else css_string(part) for i, part in enumerate(parts) if i % 2 or part]
    return Markup(" ".join(tokens))


ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
"""iCalendar's day codes (RFC 5545), Monday first, as handouts.model.schedule gives them."""


def week_days(lang: str = DEFAULT_LANGUAGE) -> list[tuple[str, str]]:
    """Monday to Sunday in the language, short and long, from CLDR: [('Mon', 'Monday'), …]."""
    short, long = (get_day_names(width, locale=lang) for width in ("abbreviated", "wide"))
    return [(short[day], long[day]) for day in range(7)]


def day_names(codes: Iterable[str], lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """iCalendar's day codes as the days' names: ['MO', 'TH'] -> ['Monday', 'Thursday']."""
    names = week_days(lang)
    return [names[ICAL_DAYS.index(code)][1] for code in codes]


def and_list(items: Iterable[str], lang: str = DEFAULT_LANGUAGE) -> str:
    """'Monday, Wednesday and Friday', the last two joined as the language's catalog says (`list.and`)."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return word("list.and", lang, first=", ".join(items[:-1]), last=items[-1])


def words_lang(words: Any, key: str | None = None, lang: str = DEFAULT_LANGUAGE) -> str:
    """The language of an exercise's, a program's or the home page's own words (of one front-matter `key` of
    theirs, when given): the original's where a translation has not given them yet (models.Translatable)."""
    if key is not None and key in getattr(words, "untranslated", ()):
        return DEFAULT_LANGUAGE
    return str(getattr(words, "lang", lang))


def lang_attribute(words: Any, key: str | None = None, lang: str = DEFAULT_LANGUAGE) -> Markup:
    """` lang="en"` for an element that shows an exercise's, a program's or the home page's own words (or one
    front-matter `key`'s) when they are not in the page's language `lang` (no one has translated them yet), so
    that a screen reader, and a PDF's tags, read them in their own language; nothing when they are the page's."""
    own = words_lang(words, key, lang)
    return Markup(' lang="%s"') % own if own != lang else Markup("")


def how_often(item: Any, lang: str = DEFAULT_LANGUAGE) -> str | None:
    """An exercise's or a program's frequency as its page in `lang` says it: a translation's own words, else the
    interface's sentence for one that is just how often ("2 veces al día"), else as the clinician wrote it."""
    frequency = getattr(item, "frequency", None)
    return getattr(item, "frequency_text", None) or frequency_words(frequency, lang) or frequency


FILTERS: dict[str, Callable[..., Any]] = {
    "dose_sentence": dose_sentence,
    "hold_words": hold_words,
    "hold_sentence": hold_sentence,
    "rest_sentence": rest_sentence,
    "markdown": markdown_html,
    "area_slug": area_slug,
    "schedule": schedule,
    "frequency_words": lambda frequency, lang=DEFAULT_LANGUAGE: frequency_words(frequency, lang) or frequency,
    "css_string": css_string,
    "css_counters": css_counters,
    "day_names": day_names,
    "and_list": and_list,
    "pose_figure": figure_svg,
    "pose_figure_src": figure_data_uri,
    "svg_data_url": svg_data_url,
    "lang_attribute": lang_attribute,
    "words_lang": words_lang,
    "how_often": how_often,
    "thumbnail": thumbnail,
    "position": position,
    "choices": choices,
    "by_title": by_title,
    "equipment_key": equipment_key,
}


LANGUAGE_FILTERS = ("dose_sentence", "hold_words", "hold_sentence", "rest_sentence", "day_names", "and_list",
                    "frequency_words", "lang_attribute", "words_lang", "how_often")
"""The filters that put words on the page: each says them in the environment's language."""


def add_filters(env: Environment, lang: str = DEFAULT_LANGUAGE) -> Environment:
    """The project's filters, on any Jinja environment (mkdocs' own one included), and the dose bounds; the
    interface's words in `lang`: Jinja's i18n (`_`, `pgettext`), the dose filters, and `words` and
    `browser_words` (handouts.i18n.words); `browser_dose`, the plain dose for the browser (handouts.model.dose)."""
    env.filters.update(FILTERS)
    for name in LANGUAGE_FILTERS:
        env.filters[name] = functools.partial(FILTERS[name], lang=lang)
    env.globals["dose_limits"] = json.dumps(dose_limits(), separators=(",", ":"))
    env.globals["browser_dose"] = Markup(browser_dose())
    env.globals.update(words=page_words(lang), browser_words=browser_words(lang), week_days=week_days(lang))
    install(env, lang)
    return env


def jinja_env(template_dirs: Iterable[Path], lang: str = DEFAULT_LANGUAGE) -> Environment:
    """The print templates' environment: autoescaped, strict about undefined names, in the language `lang`.

    `template_dirs` is searched in order, so a clinic's folder placed first overrides the project's.
    """
    loader = ChoiceLoader([FileSystemLoader(str(d)) for d in template_dirs])
    env = Environment(loader=loader, autoescape=select_autoescape(default=True), undefined=StrictUndefined)
    return add_filters(env, lang)


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
