"""The words of the interface in each language: one gettext catalog per language, read with Babel.

English is the source language: the words are written in English where they are used (the templates' `_("…")`,
handouts/i18n/words.py's keyed BROWSER and PAGES), and `handouts/locale/<lang>/LC_MESSAGES/handouts.po` holds each other
language's translation of every one of them. A browser word's key (`timer.start`) is its message context
(`msgctxt`), so the same English in two places can be translated two ways. A missing or empty translation falls
back to the English; `tests/test_i18n_words.py` fails when a catalog lacks a string the templates or scripts use.

Plural forms come from CLDR, as Babel has them: `plural_category(lang, n)` is 'one', 'few', 'many' or 'other', the
same category the browser's `Intl.PluralRules(lang)` gives (a test compares them). A sentence with a count is a
whole sentence per category, never one glued from words (see `handouts.i18n.words.plural_key`).

The API the site, the PDFs and the tests use:

    LANGUAGES            ("en", "es"): every language the interface is written in
    DEFAULT_LANGUAGE     "en"
    translations(lang)   babel.support.Translations for the language (read once, cached)
    gettext(lang)        a function: English text -> the language's text
    pgettext(lang)       a function: (context, English text) -> the language's text
    plural_category(lang, n)  CLDR's plural category of n in the language
    install(env, lang)   Jinja's i18n extension (newstyle gettext) with the language's catalog, on any environment
    interface_messages(root)   every (context, English) the templates and words.py use, with where (babel.cfg)
    catalog_problems(lang, messages)  what the language's catalog lacks or gets wrong, one line each

To add a language: copy `locale/es/LC_MESSAGES/handouts.po` to `locale/<code>/…`, translate every msgstr, and add
the code to LANGUAGES (README, "Languages").
"""

from __future__ import annotations

import ast
import functools
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from babel import Locale
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

__all__ = [
    "DEFAULT_LANGUAGE", "DOMAIN", "LANGUAGES", "LOCALE_DIR", "catalog_path", "catalog_problems", "extract_words",
    "gettext", "install", "interface_messages", "pgettext", "placeholders", "plural_category", "translations",
]

LANGUAGES: tuple[str, ...] = ("en", "es")
"""Every language the interface is written in; English is the source, the others have a catalog each."""
DEFAULT_LANGUAGE = "en"
"""The language of a page or PDF that names none."""
DOMAIN = "handouts"
"""The catalogs' gettext domain: locale/<lang>/LC_MESSAGES/handouts.po."""
LOCALE_DIR = Path(__file__).parent.parent / "locale"
"""Where the catalogs are (inside the package, so an installed copy carries them)."""


def _checked(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}': the interface is written in {', '.join(LANGUAGES)}")
    return lang


def catalog_path(lang: str) -> Path:
    """The .po file of a language other than English."""
    return LOCALE_DIR / _checked(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(lang: str = DEFAULT_LANGUAGE) -> Translations:
    """The language's translations, read from its .po once (English: none, so every text stays itself).

    The .po is compiled in memory, so there is no .mo file to forget to rebuild; an entry with an empty msgstr is
    left out, so it reads as its English until it is translated.
    """
    if _checked(lang) == DEFAULT_LANGUAGE:
        return Translations(domain=DOMAIN)
    with catalog_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def gettext(lang: str = DEFAULT_LANGUAGE) -> Callable[[str], str]:
    """The language's gettext: `gettext("es")("Steps")` is 'Pasos'."""
    return translations(lang).gettext


def pgettext(lang: str = DEFAULT_LANGUAGE) -> Callable[[str, str], str]:
    """The language's pgettext: `pgettext("es")("timer.start", "Start")` is 'Empezar'."""
    catalog = translations(lang)
    return lambda context, message: str(catalog.pgettext(context, message))


@functools.cache
def plural_category(lang: str, n: int) -> str:
    """CLDR's plural category of `n` in the language ('one', 'many', 'other', …), from Babel's CLDR data."""
    return Locale.parse(_checked(lang)).plural_form(n)


def install(env: Any, lang: str = DEFAULT_LANGUAGE) -> Any:
    """Jinja's i18n extension on `env`, with the language's catalog: `{{ _("Steps") }}`, `{{ pgettext(…) }}`.

    Newstyle gettext: `_("Exercises for the %(area)s", area=…)` formats the value in, escaped where the template
    autoescapes, and a missing value is an error, not a silent blank.
    """
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.install_gettext_translations(translations(lang), newstyle=True)
    env.globals["page_lang"] = lang
    return env


def extract_words(fileobj: Any, keywords: Any, comment_tags: Any, options: dict) -> Iterator[tuple]:
    """Babel extractor for handouts/i18n/words.py: each entry of its word dicts as `pgettext(key, English)`, at its
    line.

    Registered in babel.cfg (`[handouts.i18n.catalog.extract_words: handouts/i18n/words.py]`), so
    `pybabel extract -F babel.cfg` and the catalog test find the browser's words with the templates' own.
    """
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        value = node.value if isinstance(node, ast.AnnAssign | ast.Assign) else None
        if not isinstance(value, ast.Dict):
            continue
        for key, text in zip(value.keys, value.values, strict=True):
            if isinstance(key, ast.Constant) and isinstance(text, ast.Constant) and isinstance(text.value, str):
                yield key.lineno, "pgettext", (key.value, text.value), []


Messages = dict[tuple[str | None, str | tuple[str, str]], list[str]]
"""(context, English) -> where it is used ('templates/exercise.html:13'); a plural's English is (singular, plural)."""
PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)[sd]")
"""A value put into a sentence: `{n}` (handouts/i18n/words.py, the scripts) or `%(name)s` (the templates' `_()`)."""


def interface_messages(root: Path) -> Messages:
    """Every word of the interface, found where babel.cfg in `root` says (the templates, handouts/i18n/words.py)."""
    with (root / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: Messages = {}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
    for path, line, message, _comments, context in extract_from_dir(
            str(root), method_map, options_map, keywords=keywords, strip_comment_tags=True):
        english: str | tuple[str, str] | None = message if isinstance(message, str) else None
        if isinstance(message, tuple) and len(message) == 2 and all(isinstance(m, str) for m in message):
            english = (message[0], message[1])  # ngettext: singular and plural
        if english is not None:
            found.setdefault((context, english), []).append(f"{Path(path).as_posix()}:{line}")
    return found


def placeholders(text: str) -> set[str]:
    """The values a sentence takes: {'{n}'}, {'%(title)s'}."""
    return set(PLACEHOLDER.findall(text))


def catalog_problems(lang: str, messages: Messages) -> list[str]:
    """What the language's catalog lacks or gets wrong: a message with no translation (or an empty one), or a
    translation whose placeholders differ from its English; each line names the message and where it is used."""
    with catalog_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN)
    problems = []
    for (context, english), where in sorted(messages.items(), key=lambda m: m[1][0]):
        singular = english[0] if isinstance(english, tuple) else english
        entry = catalog.get(singular, context=context)
        label = f"{singular!r}" + (f" (msgctxt {context!r})" if context else "")
        translated = None if entry is None else entry.string
        forms = list(translated) if isinstance(translated, tuple) else [translated] if translated else []
        if not forms or not all(forms) or isinstance(english, tuple) != isinstance(translated, tuple):
            problems.append(f"{catalog_path(lang).name} ({lang}): no translation of {label}, used at {where[0]}")
            continue
        wanted = placeholders(english[-1] if isinstance(english, tuple) else english)
        for form in forms:
            if placeholders(str(form)) != wanted:
                problems.append(
                    f"{catalog_path(lang).name} ({lang}): the translation of {label} has "
                    f"{sorted(placeholders(str(form)))}, the English {sorted(wanted)} (used at {where[0]})")
    return problems
