"""YAML 1.2 with the line of every key and item, read by libyaml (PyYAML's C parser).

mkdocs reads front matter as YAML 1.1, where `no` is False and `1:30` is 90. Here libyaml only
parses; the values are resolved with YAML 1.2's core schema, so `no` and `1:30` stay text.
"""

from __future__ import annotations

import re
from typing import Any, cast

import yaml

PLAIN = "!plain"
"""The tag given to plain (unquoted) scalars, resolved below by YAML 1.2 rules."""
NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
TRUE_RE, FALSE_RE = re.compile(r"^(?:true|True|TRUE)$"), re.compile(r"^(?:false|False|FALSE)$")
INT_RE = re.compile(r"^[-+]?[0-9]+$")
OCT_RE, HEX_RE = re.compile(r"^0o[0-7]+$"), re.compile(r"^0x[0-9a-fA-F]+$")
FLOAT_RE = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
SPECIAL_FLOATS = {".inf": float("inf"), "+.inf": float("inf"), "-.inf": float("-inf"), ".nan": float("nan")}

Error = yaml.YAMLError
MarkedError = yaml.MarkedYAMLError


class Map(dict):
    """A mapping that knows the line (0-based) of each key."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lines: dict[Any, int] = {}


class Seq(list):
    """A sequence that knows the line (0-based) of each item, and whether it was written `[a, b]`."""

    def __init__(self, *args: Any):
        super().__init__(*args)
        self.lines: list[int] = []
        self.flow = False


class DuplicateKey(yaml.MarkedYAMLError):
    pass


class _Loader(yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader):  # type: ignore[misc]
    def resolve(self, kind, value, implicit):  # noqa: ANN001, ANN201
        if kind is yaml.ScalarNode and implicit[0]:
            return PLAIN
        return super().resolve(kind, value, implicit)


def scalar(node: yaml.ScalarNode) -> Any:
    """A scalar's value: plain ones by the YAML 1.2 core schema, quoted ones as text."""
    value = node.value
    if node.tag != PLAIN:
        return value  # quoted, or an explicit tag (e.g. !ENV): text; the schema decides
    if NULL_RE.match(value):
        return None
    if TRUE_RE.match(value):
        return True
    if FALSE_RE.match(value):
        return False
    if INT_RE.match(value):
        return int(value)
    if OCT_RE.match(value):
        return int(value[2:], 8)
    if HEX_RE.match(value):
        return int(value[2:], 16)
    if FLOAT_RE.match(value):
        return float(value)
    return SPECIAL_FLOATS.get(value.lower(), value)


def build(node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        result = Map()
        for key_node, value_node in node.value:
            key = build(key_node)
            if not isinstance(key, str | int | float | bool | None):
                mark = key_node.start_mark
                raise yaml.MarkedYAMLError(problem="a key must be a single word or phrase", problem_mark=mark)
            if key in result:
                raise DuplicateKey(problem=f"'{key}' is written twice", problem_mark=key_node.start_mark)
            result[key] = build(value_node)
            result.lines[key] = key_node.start_mark.line
        return result
    if isinstance(node, yaml.SequenceNode):
        items = Seq(build(item) for item in node.value)
        items.lines = [item.start_mark.line for item in node.value]
        items.flow = bool(node.flow_style)
        return items
    return scalar(cast(yaml.ScalarNode, node))  # compose() makes no other kind of node


def load(text: str) -> Any:
    """One YAML document as Map / Seq / plain values; raise yaml.YAMLError with the position."""
    node = yaml.compose(text, Loader=_Loader)
    return None if node is None else build(node)
