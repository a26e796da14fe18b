"""YAML -> plain data that remembers where every value came from.

PyYAML keeps the last of two duplicate keys and turns `1.5` into a float; a rulebook must do neither. This loader
(safe: only the standard tags) raises on duplicate keys, reads decimals as `Decimal` from their exact text, and
returns mappings and sequences that carry source positions so that every later error can name file:line:column.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import NamedTuple

import yaml


try:  # libyaml is ~10x faster and keeps the same marks
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python PyYAML
    _Base = yaml.SafeLoader


class Pos(NamedTuple):
    """Where a value was written. A named tuple: a rulebook has thousands, made while parsing."""
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
    quoted: set


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


MAX_DEPTH = 64  # an explicit limit: a rulebook nests a handful of levels; deeper is a mistake or an alias bomb
MAX_NODES = 500_000
_STR = "tag:yaml.org,2002:str"


class _Builder:
    """Nodes -> Map/Seq/scalars with positions, in one tight recursion (PyYAML's generic constructor is several
    times slower and knows no limits: a recursive alias or an alias bomb would hang it)."""

    def __init__(self, loader, name):
        self.loader, self.name, self.nodes = loader, name, 0
        self.pos_cache = {}

    def pos(self, mark) -> Pos:
        key = (mark.line, mark.column)
        p = self.pos_cache.get(key)
        if p is None:
            p = self.pos_cache[key] = Pos(self.name, mark.line + 1, mark.column + 1)
        return p

    def build(self, node, depth=0):
        self.nodes += 1
        if depth > MAX_DEPTH or self.nodes > MAX_NODES:
            raise YamlProblem("yaml.too_deep" if depth > MAX_DEPTH else "yaml.too_many_nodes", self.pos(node.start_mark),
                              limit=MAX_DEPTH if depth > MAX_DEPTH else MAX_NODES)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                return node.value
            return self.loader.construct_object(node)  # numbers, booleans, dates, null; unknown tags raise
        if isinstance(node, yaml.SequenceNode):
            result = Seq(self.build(child, depth + 1) for child in node.value)
            result.pos = self.pos(node.start_mark)
            result.item_pos = [self.pos(child.start_mark) for child in node.value]
            return result
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, depth)
        raise YamlProblem("yaml.syntax", self.pos(node.start_mark), problem=type(node).__name__)

    def mapping(self, node, depth):
        self.loader.flatten_mapping(node)  # resolves `<<` merge keys the safe way
        result = Map()
        result.pos = self.pos(node.start_mark)
        key_pos, value_pos, quoted = {}, {}, set()
        result.key_pos, result.value_pos, result.quoted = key_pos, value_pos, quoted
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem("yaml.complex_key", self.pos(key_node.start_mark))
            key = key_node.value if key_node.tag == _STR else self.loader.construct_object(key_node)
            if not isinstance(key, str):
                key = str(key_node.value)  # numbers as keys (offense levels, grid columns) are names
            if key in result:
                raise YamlProblem("yaml.duplicate_key", self.pos(key_node.start_mark), key=key, first=key_pos[key])
            result[key] = self.build(value_node, depth + 1)
            key_pos[key] = self.pos(key_node.start_mark)
            value_pos[key] = self.pos(value_node.start_mark)
            if isinstance(value_node, yaml.ScalarNode) and value_node.style in ("'", '"'):
                quoted.add(key)  # the text starts one column after the mark
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
            return _Builder(loader, name).build(node)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            pos = _pos(name, mark) if mark is not None else None
            likely = _likely_cause(text, name, mark)
            if likely is not None:
                raise likely from None
            raise YamlProblem("yaml.syntax", pos, problem=str(exc.problem or exc.context or "").strip()) from None
        except yaml.YAMLError as exc:
            raise YamlProblem("yaml.syntax", None, problem=str(exc).strip()) from None
    finally:
        loader.dispose()


def _likely_cause(text: str, name: str, mark):
    """The two mistakes behind most YAML errors typed on a Chinese keyboard, named plainly: a full-width colon
    (`key：value`), and tabs for indentation. PyYAML reports both confusingly, often on the following line."""
    if mark is None:
        return None
    lines = text.splitlines()
    for n in (mark.line, mark.line - 1):
        if 0 <= n < len(lines):
            line = lines[n]
            if "\t" in line[: len(line) - len(line.lstrip())]:
                return YamlProblem("yaml.tab", Pos(name, n + 1, line.index("\t") + 1))
            col = line.find("：")
            if col >= 0 and ":" not in line[:col]:
                return YamlProblem("yaml.fullwidth_colon", Pos(name, n + 1, col + 1))
    return None


def position_of(container, key) -> Pos | None:
    """Where the value under `key` (a mapping key or sequence index) was written."""
    if isinstance(container, Map):
        return container.value_pos.get(key, container.pos)
    if isinstance(container, Seq):
        if isinstance(key, int) and 0 <= key < len(container.item_pos):
            return container.item_pos[key]
        return container.pos
    return None
