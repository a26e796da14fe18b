"""YAML -> plain data that remembers where every value came from.

PyYAML keeps the last of two duplicate keys and turns `1.5` into a float; a rulebook must do neither. This loader
(safe: only the standard tags) raises on duplicate keys, reads decimals as `Decimal` from their exact text, and
returns mappings and sequences that carry source positions so that every later error can name file:line:column.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

import yaml

from penalty.record import Record

try:  # libyaml is ~10x faster and keeps the same marks
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python PyYAML
    _Base = yaml.SafeLoader


class Pos(Record):
    file: str
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class Map(dict):
    """A mapping with the position of itself, of each key and of each value."""

    pos: Pos
    key_pos: dict
    value_pos: dict


class Seq(list):
    """A sequence with the position of itself and of each item."""

    pos: Pos
    item_pos: list


class YamlProblem(Exception):
    def __init__(self, code: str, pos: Pos | None, **args):
        super().__init__(code)
        self.code = code
        self.pos = pos
        self.args_ = args


def _pos(name: str, mark) -> Pos:
    return Pos(name, mark.line + 1, mark.column + 1)


class _Loader(_Base):
    source_name = "<rulebook>"


def _construct_mapping(loader: _Loader, node, deep=False):
    if not isinstance(node, yaml.MappingNode):
        raise YamlProblem("yaml.not_mapping", _pos(loader.source_name, node.start_mark))
    loader.flatten_mapping(node)  # resolves `<<` merge keys the safe way
    result = Map()
    result.pos = _pos(loader.source_name, node.start_mark)
    result.key_pos, result.value_pos = {}, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (Map, Seq)):
            raise YamlProblem("yaml.complex_key", _pos(loader.source_name, key_node.start_mark))
        if isinstance(key, (int, Decimal)) and not isinstance(key, bool):
            key = str(key_node.value)  # numbers as keys (offense levels, grid columns) are names
        elif not isinstance(key, str):
            key = str(key_node.value)
        if key in result:
            raise YamlProblem("yaml.duplicate_key", _pos(loader.source_name, key_node.start_mark),
                              key=key, first=result.key_pos[key])
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_pos[key] = _pos(loader.source_name, key_node.start_mark)
        result.value_pos[key] = _pos(loader.source_name, value_node.start_mark)
    return result


def _construct_sequence(loader: _Loader, node, deep=False):
    result = Seq(loader.construct_object(child, deep=True) for child in node.value)
    result.pos = _pos(loader.source_name, node.start_mark)
    result.item_pos = [_pos(loader.source_name, child.start_mark) for child in node.value]
    return result


def _construct_decimal(loader: _Loader, node):
    text = str(node.value).replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise YamlProblem("yaml.non_finite", _pos(loader.source_name, node.start_mark), text=node.value)
    return value


def _construct_timestamp(loader: _Loader, node):
    # Dates are facts and effective periods; a time of day has no meaning in a rulebook, keep the text.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:  # 2025-13-45 looks like a date but is none: keep the text for a clear error downstream
        return str(node.value)


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def parse_yaml(text: str, name: str):
    """Parse one YAML document into Map/Seq/scalars. Raises YamlProblem with a position."""
    loader = _Loader(text)
    loader.source_name = name
    try:
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            return loader.construct_document(node)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            pos = _pos(name, mark) if mark is not None else None
            raise YamlProblem("yaml.syntax", pos, problem=str(exc.problem or exc.context or "").strip()) from None
        except yaml.YAMLError as exc:
            raise YamlProblem("yaml.syntax", None, problem=str(exc).strip()) from None
    finally:
        loader.dispose()


def position_of(container, key) -> Pos | None:
    """Where the value under `key` (a mapping key or sequence index) was written."""
    if isinstance(container, Map):
        return container.value_pos.get(key, container.pos)
    if isinstance(container, Seq):
        if isinstance(key, int) and 0 <= key < len(container.item_pos):
            return container.item_pos[key]
        return container.pos
    return None
