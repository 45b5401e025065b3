"""The layout shows the design: the import graph of the package has no cycles (between modules, and between its
sub-packages), mkdocs is imported only in site/ and WeasyPrint only in pdf/, and each sub-package stays in its room:
the core (model, content, checks, render) never reaches up into the outputs (pdf, patient, site)."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "handouts"
LAYERS = ["i18n", "model", "render", "content", "checks", "pdf", "pipeline", "patient", "site", "cli"]
"""Each may import only those before it (and errors, incremental, which import nothing of ours)."""
BASE = {"errors", "incremental"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every handouts module `path` imports, at the top or inside a function (absolute names)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("handouts"):
                for alias in node.names:  # `from . import offline` names a module
                    candidate = f"{target}.{alias.name}"
                    found.add(candidate if (ROOT / (candidate.replace(".", "/") + ".py")).exists() else target)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("handouts"))
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(p): imports(p) - {module_name(p)} for p in PACKAGE.rglob("*.py")}


def third_party(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return names


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph, or None (depth-first search)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if not state.get(nxt) and (found := visit(nxt)):
                return found
        state[node] = 2
        stack.pop()
        return None

    for node in sorted(edges):
        if not state.get(node) and (found := visit(node)):
            return found
    return None


def room(module: str) -> str:
    """The sub-package (or top-level module) a module lives in: 'handouts.model.dose' -> 'model'."""
    return module.split(".")[1] if module.count(".") else "__init__"


def test_no_module_imports_itself_round_a_cycle():
    assert cycle(graph()) is None


def test_the_sub_packages_import_each_other_in_one_direction():
    rooms: dict[str, set[str]] = {}
    for module, targets in graph().items():
        rooms.setdefault(room(module), set()).update(room(t) for t in targets if room(t) != room(module))
    assert cycle(rooms) is None
    for here, there in rooms.items():
        if here in LAYERS:
            allowed = set(LAYERS[: LAYERS.index(here)]) | BASE | {"__init__"}
            assert there <= allowed, f"{here} imports {sorted(there - allowed)}, which come after it"


def test_mkdocs_only_in_site_and_weasyprint_only_in_pdf():
    for path in PACKAGE.rglob("*.py"):
        found, where = third_party(path), room(module_name(path))
        if "mkdocs" in found or "material" in found:
            assert where == "site", path
        if "weasyprint" in found or "pydyf" in found:
            assert where == "pdf", path


def test_the_checker_finds_a_cycle():
    assert cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert cycle({"a": {"b"}, "b": set()}) is None
