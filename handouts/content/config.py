"""Read `mkdocs.yml` (and the files it INHERITs) with line numbers, for the clinic settings.

mkdocs merges an `INHERIT:` chain key by key, the child winning; `lookup` follows the same
rule and also says which file, and which line, a value came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import Problem
from .frontmatter import Invalid, line_in, parse_yaml, read_text, validate
from .yaml12 import Map

MAX_INHERIT = 10


@dataclass(frozen=True)
class ConfigFile:
    path: Path
    shown: str
    data: Map
    lines: tuple[str, ...]

    def line_of(self, loc: tuple[object, ...]) -> int:
        return line_in(self.data, loc, offset=1, default=1)

    def excerpt(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""


@dataclass(frozen=True)
class Setting:
    """One value of the merged configuration and where it was written."""

    value: Any
    file: ConfigFile
    line: int

    def problem(self, message: str) -> Problem:
        """A problem at the line that wrote this setting."""
        return Problem(self.file.shown, self.line, message, self.file.excerpt(self.line))

    @property
    def folder(self) -> Path:
        """Relative paths in a setting are relative to the file that wrote it."""
        return self.file.path.parent


@dataclass(frozen=True)
class ProjectConfig:
    """The chain of configuration files, the one given first, the root last."""

    files: tuple[ConfigFile, ...]
    root: Path
    """The folder error messages are relative to (the current folder)."""

    @property
    def path(self) -> Path:
        return self.files[0].path

    def lookup(self, *keys: str) -> Setting | None:
        """The value at a key path, from the first file in the chain that sets it."""
        for file in self.files:
            node: Any = file.data
            for key in keys:
                if not isinstance(node, dict) or key not in node:
                    break
                node = node[key]
            else:
                return Setting(node, file, file.line_of(keys))
        return None

    def merged(self, *keys: str) -> dict[str, Setting]:
        """Every key under a mapping (such as extra.clinic) across the chain, the child winning."""
        found: dict[str, Setting] = {}
        for file in self.files:
            node: Any = file.data
            for key in keys:
                node = node.get(key) if isinstance(node, dict) else None
            if isinstance(node, dict):
                for name in node:
                    found.setdefault(str(name), Setting(node[name], file, file.line_of((*keys, name))))
        return found

    def validate_section(self, schema: type[BaseModel], *keys: str) -> tuple[Any, list[Problem], dict[str, Setting]]:
        """Validate a mapping such as extra.clinic against a schema; problems point at the line that set each key.

        Returns the validated model (None when invalid), the problems, and the settings it was read from.
        """
        settings = self.merged(*keys)
        main = self.files[0]

        def where(loc: tuple[object, ...]) -> tuple[int, str, str]:
            setting = settings.get(str(loc[0])) if loc else None
            if setting is None:
                line = main.line_of(keys)
                return line, main.shown, main.excerpt(line)
            line = setting.file.line_of((*keys, *loc))  # the item itself, in a list such as jargon
            return line, setting.file.shown, setting.file.excerpt(line)

        model, problems = validate(schema, {key: s.value for key, s in settings.items()}, where)
        return model, problems, settings

    def path_setting(self, *keys: str, default: str | None = None) -> Path | None:
        """A folder or file setting resolved against the file that wrote it."""
        setting = self.lookup(*keys)
        if setting is None:
            return (self.files[-1].path.parent / default).resolve() if default else None
        return (setting.folder / str(setting.value)).resolve()


TEMPLATES = (Path(__file__).parent.parent / "templates").resolve()
"""The project's templates, fonts and scripts, shipped in the package (in the repository: templates/)."""


@dataclass(frozen=True)
class Paths:
    """Where one configuration reads from and writes to, each path resolved against the file that set it."""

    config_file: Path
    site_dir: Path
    content_dir: Path
    template_dirs: tuple[Path, ...]
    """Searched in order: a clinic's own templates first (theme.custom_dir), then the project's (TEMPLATES)."""
    cache_dir: Path


def project_paths(config: ProjectConfig, cache_dir: str = ".cache/handouts") -> Paths:
    """The folders of a configuration chain (see Paths); `cache_dir` is relative to the first file's folder."""
    templates = []
    for file in config.files:
        theme = file.data.get("theme")
        if isinstance(theme, dict) and theme.get("custom_dir"):
            templates.append((file.path.parent / str(theme["custom_dir"])).resolve())
    templates.append(TEMPLATES)
    return Paths(
        config_file=config.path,
        site_dir=config.path_setting("site_dir", default="site") or config.path.parent / "site",
        content_dir=config.path_setting("docs_dir", default="docs") or config.path.parent / "docs",
        template_dirs=tuple(dict.fromkeys(templates)),
        cache_dir=(config.path.parent / cache_dir).resolve(),
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def shown_path(path: Path, root: Path) -> str:
    try:
        return _resolved(path).relative_to(_resolved(root)).as_posix()
    except ValueError:
        return str(path)


@lru_cache(maxsize=16384)
def _resolved(path: Path) -> Path:
    """A path with its links followed, kept: only messages show it, and a preview reads every file's each time."""
    return path.resolve()


def read_config(config_file: Path, root: Path | None = None) -> ProjectConfig:
    """Read a configuration file and every file it INHERITs; problems raise ContentInvalid."""
    root = root or Path.cwd()
    files: list[ConfigFile] = []
    path = config_file
    while True:
        shown = shown_path(path, root)
        if not path.is_file():
            raise Invalid(Problem(shown, 0, "configuration file not found"))
        text = read_text(path, shown)
        lines = tuple(text.split("\n"))
        data = parse_yaml(text, shown, 1, lines)
        if not isinstance(data, Map):
            raise Invalid(Problem(shown, 1, "must be keys and values, like 'site_name: My clinic'"))
        files.append(ConfigFile(path.resolve(), shown, data, lines))
        parent = data.get("INHERIT")
        if parent is None:
            break
        if len(files) >= MAX_INHERIT:
            raise Invalid(Problem(shown, files[-1].line_of(("INHERIT",)), "INHERIT goes round in a loop"))
        path = (path.parent / str(parent)).resolve()
    return ProjectConfig(tuple(files), root)
