"""What the site needs of the theme and of search, whatever a clinic's mkdocs.yml says: our templates before
material's (a clinic's before ours), no web fonts, our colours, style sheets and scripts, the Markdown extensions
the content uses, search in every language of the site, and our search worker, which stems words as typed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..errors import BuildError
from . import search
from .engine import material_dir, search_plugin

ASSETS = {"extra_css": ["assets/fonts.css", "assets/site.css", "assets/timer.css", "assets/player.css",
                        "assets/log.css", "assets/video.css", "assets/sheet.css", "assets/figure.css",
                        "assets/language.css", "assets/choose.css"],
          "extra_javascript": ["assets/dom.js", "assets/words.js", "assets/linkcodec.js", "assets/timer.js",
                               "assets/player.js", "assets/log.js", "assets/offline.js", "assets/video.js",
                               "assets/figure.js", "assets/language.js", "assets/choose.js",
                               "assets/skip.js"]}
"""The project's own style sheets and scripts, from its templates folder; a clinic need not list them. The scripts in
the order they load: the shared modules first (the page, the words, the dose and its links), then each capability."""
MARKDOWN = {"attr_list": {}, "admonition": {}, "toc": {"permalink": False}}
"""Markdown extensions the content format needs (handouts.render.templates uses the same set for the PDFs)."""


def apply_theme(config: MkDocsConfig, template_dirs: Sequence[Path]) -> None:
    """A clinic's templates, then the project's, then material's; no web fonts; our colours and assets."""
    theme_dirs = [Path(d).resolve() for d in config.theme.dirs]
    ours = [d for d in template_dirs if d not in theme_dirs]
    custom = [d for d in theme_dirs if not d.is_relative_to(material_dir())]
    config.theme.dirs = [str(d) for d in custom + ours] + [
        d for d in config.theme.dirs if Path(d).resolve() not in custom
    ]
    config.theme["font"] = False  # the fonts are ours, served by the site: no request to another host
    config.theme["palette"] = {"primary": "custom", "accent": "custom"}
    for key, assets in ASSETS.items():  # first, so that a clinic's own style sheet comes after ours
        listed = [str(a) for a in config[key]]
        config[key][0:0] = [a for a in assets if a not in listed]
    for name, options in MARKDOWN.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
            config.mdx_configs.setdefault(name, options)


def search_languages(config: MkDocsConfig, languages: Mapping[str, object]) -> None:
    """Search in every language of the site (`extra.languages`), with lunr's support for each: the search
    plugin's `lang` gains them, so a clinic names its languages once."""
    options = getattr(search_plugin(config), "config", None)
    if options is None or len(languages) < 2:
        return
    listed = options.get("lang")
    missing = [lang for lang in languages if lang not in (listed or [])]
    if isinstance(listed, list):
        listed.extend(missing)  # in place: material's search index holds this very list since its on_config
    else:
        options["lang"] = missing


def add_search_worker(files: Files, config: MkDocsConfig) -> None:
    """Our search worker (handouts.site.search), from the templates, with the name of material's worker it loads."""
    ours = files.get_file_from_path(search.WORKER)
    if ours is None or ours.abs_src_path is None:
        raise BuildError(f"{search.WORKER}: not in the templates (it is the site's search worker)")
    files.remove(ours)
    source = Path(ours.abs_src_path).read_text(encoding="utf-8")
    files.append(File.generated(config, search.WORKER,
                                content=search.worker(source, search.material_worker(material_dir()))))
