"""Talking to the engine (MkDocs or ProperDocs, whose modules answer `import mkdocs`): its loggers, its errors, its
plugins, and the preview's compiled templates."""

from __future__ import annotations

import functools
import logging
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from ..errors import ContentInvalid, HandoutsError, Problem, disk_error
from ..render.templates import template_problem

LOG = get_plugin_logger(__name__)


class ProblemsFound(PluginError):
    """The content, the settings or a template has problems; each names its file and line."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = list(problems)
        count = len(self.problems)
        listing = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{listing}\n{count} problem{'s' if count != 1 else ''} found; nothing was built.")


def reported(event: F) -> F:
    """Turn what a clinic can cause (content problems, a broken template, a full disk) into a PluginError.

    mkdocs prints a PluginError as one message and exits 1, with no traceback.
    """
    @functools.wraps(event)
    def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return event(self, *args, **kwargs)
        except PluginError:
            raise
        except ContentInvalid as err:
            raise ProblemsFound(err.problems) from None
        except OSError as err:
            if err.filename and self.staging and self.site_dir:  # name the site folder, not the staging one
                err.filename = str(err.filename).replace(str(self.staging), str(self.site_dir))
            raise PluginError(str(disk_error(err, self.kept_message()))) from None
        except HandoutsError as err:
            raise PluginError(str(err)) from None
        except Exception as err:
            problem = template_problem(err)
            if problem is None:
                raise
            raise ProblemsFound([problem]) from None

    return run  # type: ignore[return-value]


def strict_warnings() -> int:
    """The warnings mkdocs has counted so far in this build (it aborts on them in strict mode, after this plugin)."""
    from mkdocs.utils import CountHandler

    counters = [h for h in engine_logger().handlers if isinstance(h, CountHandler)]
    return sum(count for counter in counters for _, count in counter.get_counts())


class ToEngineLog(logging.Handler):
    """Hands the core's log records (logger "handouts") to the plugin's mkdocs logger."""

    def emit(self, record: logging.LogRecord) -> None:
        LOG.log(record.levelno, "%s", record.getMessage())


def search_plugin(config: MkDocsConfig) -> Any:
    """mkdocs-material's search plugin (or mkdocs' own), or None."""
    return config.plugins.get("material/search") or config.plugins.get("search")


def stop_on_sigterm() -> None:
    """A preview stopped by SIGTERM (a process manager, a test) shuts down as on Ctrl-C: its PDF workers are ended
    with it, rather than left to fail, each with a traceback, to hand back a PDF to a process that is gone."""
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, signal.default_int_handler)


def engine_logger(name: str = "") -> logging.Logger:
    """The engine's logger `name` ("commands.build"): `mkdocs.…` under MkDocs, `properdocs.…` under ProperDocs,
    whose modules answer `import mkdocs…` and log under their own names."""
    import mkdocs

    return logging.getLogger(".".join(filter(None, (mkdocs.__name__, name))))


class SiteFolderNamed(logging.Filter):
    """The engine says where it builds: the site folder, not the staging folder the plugin swaps in at the end."""

    def __init__(self, staging: Path, site: Path) -> None:
        super().__init__()
        self.staging, self.site = str(staging), str(site)

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and self.staging in record.msg:
            record.msg = record.msg.replace(self.staging, self.site)
        return True


def dirty_notice(record: logging.LogRecord) -> bool:
    """Drops mkdocs' warning that a dirty build's navigation may be wrong: with the plugin, it is not."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


class QuietErrors(logging.Filter):
    """mkdocs logs an error before raising it; build() raises it to its caller, which prints it once."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.ERROR


def with_lines(handle_exception: Callable) -> Callable:
    """Jinja's exception handler, re-raising a template's mistake as a problem at its file and line."""
    def handle(source: str | None = None) -> Any:
        try:
            return handle_exception(source)
        except ProblemsFound:
            raise  # an included template's mistake, already placed at its own line
        except Exception as err:
            problem = template_problem(err)
            if problem is None:
                raise
            raise ProblemsFound([problem]) from None

    return handle


@functools.lru_cache(maxsize=1)
def material_dir() -> Path:
    import material

    return Path(material.__file__).parent.resolve()


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory between a preview's rebuilds (mkdocs makes a new Jinja environment for
    each build, which would compile every template again). Jinja keys each by the template's name and checks the
    checksum of its source, so an edited template is compiled again."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.kept:
            bucket.bytecode_from_string(self.kept[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


F = TypeVar("F", bound=Callable[..., Any])
