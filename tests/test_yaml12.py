"""YAML 1.2 values with lines, read by libyaml: what mkdocs' YAML 1.1 reading gets wrong, here right."""

from __future__ import annotations

import pytest

from handouts.content import yaml12


def test_core_schema_not_yaml_1_1():
    data = yaml12.load("a: no\nb: 1:30\nc: yes\nd: off\ne: 010\nf: 0o10\ng: 0x1F\nh: 1.5\ni: ~\nj: true\nk: '5'\n")
    assert data == {"a": "no", "b": "1:30", "c": "yes", "d": "off", "e": 10, "f": 8, "g": 31, "h": 1.5,
                    "i": None, "j": True, "k": "5"}
    assert type(data["e"]) is int and type(data["k"]) is str


def test_every_key_and_item_knows_its_line():
    data = yaml12.load("title: x\ndose:\n  reps: 10\nexercises:\n  - a\n  - {exercise: b}\n")
    assert data.lines == {"title": 0, "dose": 1, "exercises": 3}
    assert data["dose"].lines == {"reps": 2}
    assert data["exercises"].lines == [4, 5]
    assert data["exercises"][1].lines == {"exercise": 5}


def test_a_key_written_twice_is_an_error_at_the_second():
    with pytest.raises(yaml12.MarkedError) as caught:
        yaml12.load("reps: 10\nhold: 5\nreps: 12\n")
    assert caught.value.problem_mark.line == 2 and "'reps' is written twice" in caught.value.problem


def test_empty_document_is_none():
    assert yaml12.load("") is None
