"""`build()`, the one build path of `python build.py` and `handouts build`, and `serve()`, the live preview: the
engine with the `handouts` plugin."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

from .. import pipeline
from ..errors import BuildError, ContentInvalid, disk_error
from .engine import ProblemsFound, QuietErrors, engine_logger
from .plugin import HandoutsPlugin

LOGGER = logging.getLogger("handouts")


def build(
    config_file: Path | str = "mkdocs.yml", *, pdfs: bool = True, strict: bool = False, assemble: bool = False,
) -> pipeline.BuildStats:
    """Build the site and the PDFs exactly as `mkdocs build` does: mkdocs with the `handouts` plugin.

    With `assemble`, every PDF comes from the cache (the shards' caches put together: `handouts build --shard`) and
    none is rendered; a PDF missing from it stops the build, naming it.

    Raises ContentInvalid (every problem, with its file and line) or BuildError; the last good site stays.
    """
    started = time.perf_counter()
    plugin: HandoutsPlugin | None = None
    quiet = QuietErrors()  # each error is raised to the caller, who prints it once, in our words
    engine_logger("commands.build").addFilter(quiet)
    try:
        try:
            config = load_config(config_file=str(config_file), strict=strict)
        except ConfigurationError as err:
            raise BuildError(f"{config_file}: {err}") from None
        found = config.plugins.get("handouts")
        if not isinstance(found, HandoutsPlugin):
            raise BuildError(f"{config_file}: add the handouts plugin: 'plugins: [search, handouts]'")
        plugin = found
        # mkdocs keeps one instance of the plugin per process (its plugin cache), and only its command line calls
        # on_startup: say that this is a build, whatever the instance did before (a preview in the same process).
        plugin.on_startup(command="build", dirty=False)
        plugin.announce = False
        plugin.config.pdfs = plugin.config.pdfs and pdfs
        plugin.render_pdfs = not assemble
        mkdocs_build(config)
    except Abort as err:
        cause = err.__context__
        if isinstance(cause, ProblemsFound):
            raise ContentInvalid(cause.problems) from None
        raise BuildError(str(cause or err)) from None
    except MkDocsException as err:
        raise BuildError(str(err)) from None
    except OSError as err:  # a folder mkdocs could not write, a full disk: the plugin has kept the last site
        if plugin is not None and plugin.staging and plugin.site_dir and err.filename:
            err.filename = str(err.filename).replace(str(plugin.staging), str(plugin.site_dir))
        kept = plugin.kept_message() if plugin is not None else None
        raise disk_error(err, kept or "the last good site was kept") from None
    finally:
        engine_logger("commands.build").removeFilter(quiet)
    stats = plugin.stats
    assert stats is not None
    stats.seconds["total"] = time.perf_counter() - started
    made = stats.pdfs_rendered + stats.pdfs_reused
    LOGGER.info("Built %d pages and %d PDFs (%d re-rendered) into %s in %.1f s", stats.pages, made,
                stats.pdfs_rendered, config.site_dir, stats.seconds["total"])
    return stats


def serve(config_file: Path, dev_addr: str, quiet: bool = False) -> int:
    """mkdocs' live preview with the plugin: it reloads on edits, and shows problems as a page until fixed."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    pipeline.validate(config_file)  # fail early, with path:line problems, before the server starts
    if not quiet:
        logging.getLogger("mkdocs.livereload").setLevel(logging.INFO)  # "Serving on http://127.0.0.1:8000/"
    # Dirty: the site folder is kept between rebuilds, and the plugin has mkdocs write only what an edit changed.
    mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, build_type="dirty")
    return 0
