"""YAML -> plain data that remembers where every value came from.

PyYAML keeps the last of two duplicate keys and turns `1.5` into a float; a rulebook must do neither. This loader
(safe: only the standard tags) raises on duplicate keys, reads decimals as `Decimal` from their exact text, and
returns mappings and sequences that carry source positions so that every later error can name file:line:column.

Numbers and booleans are resolved by the project's rules (penalty.values), not YAML 1.1's: `010000` (octal to
YAML 1.1), `0x2710`, `2:46:40` (base 60), `1.0e+5`, `1_000` are refused with their position and how to write
them; `on`/`off` are text. The same rules hold for rulebooks, case files, blocks and review mappings.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

import yaml

from penalty import values


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

    def __init__(self, loader, name, text=""):
        self.loader, self.name, self.nodes, self.text = loader, name, 0, text
        self.pos_cache = {}

    def pos(self, mark) -> Pos:
        key = (mark.line, mark.column)
        p = self.pos_cache.get(key)
        if p is None:
            p = self.pos_cache[key] = Pos(self.name, mark.line + 1, mark.column + 1)
        return p

    def scalar(self, node):
        """A scalar node -> its value; a value its tag cannot hold (`!!int x`, `!!bool`) is a problem, not a crash."""
        if node.tag not in _SCALAR_TAGS:
            raise YamlProblem("yaml.bad_tag", self.pos(node.start_mark), tag=node.tag, value=node.value)
        try:
            return self.loader.construct_object(node)
        except (YamlProblem, yaml.MarkedYAMLError):
            raise
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, ArithmeticError):
            raise YamlProblem("yaml.bad_tag_value", self.pos(node.start_mark), tag=node.tag.rsplit(":", 1)[-1],
                              value=node.value) from None

    def comma_split(self, before, node):
        """`{goods_value: 12,000}` / `[20,000, 200,000]`: in flow style the comma ends the value, so 12,000 is
        read as 12 and a key or item 000. Said plainly, at the number, instead of "no fact '000'"."""
        if not (before is not None and isinstance(before, yaml.ScalarNode) and before.style in ("", None)
                and isinstance(node, yaml.ScalarNode) and node.style in ("", None) and _GROUP.fullmatch(node.value)
                and _INT_TEXT.fullmatch(before.value)):
            return
        i = node.start_mark.index
        if 0 < i <= len(self.text) and self.text[i - 1] == ",":
            raise YamlProblem("yaml.comma_in_number", self.pos(before.start_mark), text=f"{before.value},{node.value}")

    def build(self, node, depth=0):
        self.nodes += 1
        if depth > MAX_DEPTH or self.nodes > MAX_NODES:
            raise YamlProblem("yaml.too_deep" if depth > MAX_DEPTH else "yaml.too_many_nodes", self.pos(node.start_mark),
                              limit=MAX_DEPTH if depth > MAX_DEPTH else MAX_NODES)
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                return node.value
            return self.scalar(node)  # numbers, booleans, dates, null
        if isinstance(node, yaml.SequenceNode):
            if node.flow_style:
                for before, child in zip([None, *node.value], node.value):
                    self.comma_split(before, child)
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
        previous = None
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem("yaml.complex_key", self.pos(key_node.start_mark))
            if node.flow_style and value_node.tag == _NULL and not value_node.value:
                self.comma_split(previous, key_node)
            previous = value_node
            key = key_node.value if key_node.tag in (_STR, _NUMBER_FORM) else self.scalar(key_node)
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


# ---------------------------------------------------------------- numbers and booleans by the project's rules
_INT, _FLOAT, _BOOL, _NULL = ("tag:yaml.org,2002:" + t for t in ("int", "float", "bool", "null"))
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NUMBER_FORM = "tag:penalty,2024:refused-number"  # plain text YAML 1.1 would read as a number in a refused form
_SCALAR_TAGS = frozenset((_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, _NUMBER_FORM))
_INT_TEXT = re.compile(r"-?(?:0|[1-9][0-9]*)")  # no leading `+`, as in a case value or a cell (penalty.values)
_FLOAT_TEXT = re.compile(r"-?(?:(?:0|[1-9][0-9]*)\.[0-9]*|\.[0-9]+)")
_NON_FINITE = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_BOOL_WORDS = {"true": True, "false": False, "yes": True, "no": False}
_GROUP = re.compile(r"[0-9]{3}(?:\.[0-9]*)?")
_DIGITS = list("-+0123456789")


def _strict_resolvers(base) -> dict:
    """YAML 1.1's implicit resolvers without its int, float and bool rules (octal, base 60, on/off, ...)."""
    return {first: [(tag, rx) for tag, rx in rules if tag not in (_INT, _FLOAT, _BOOL)]
            for first, rules in base.yaml_implicit_resolvers.items()}


_Loader.yaml_implicit_resolvers = _strict_resolvers(_Base)
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO)$"),
                              list("tTfFyYnN"))
_Loader.add_implicit_resolver(_INT, re.compile(f"^{_INT_TEXT.pattern}$"), _DIGITS)
_Loader.add_implicit_resolver(_FLOAT, re.compile(f"^(?:{_FLOAT_TEXT.pattern}|{_NON_FINITE.pattern})$"), [*_DIGITS, "."])
_Loader.add_implicit_resolver(_NUMBER_FORM, re.compile(f"^(?:{values.REFUSED_NUMBER_FORMS.pattern})$"), [*_DIGITS, "."])


def _number_problem(loader: _Loader, node, code: str | None = None) -> YamlProblem:
    code = code or values.number_form_problem(node.value) or "number.not_number"
    pos = _pos(loader.source_name, node.start_mark)
    if code == "number.not_number":
        return YamlProblem("yaml.bad_tag_value", pos, tag=node.tag.rsplit(":", 1)[-1], value=node.value)
    return YamlProblem("yaml." + code.split(".", 1)[1], pos, text=node.value, digits=values.MAX_DIGITS)


def _construct_int(loader: _Loader, node):
    text = str(node.value)
    if not _INT_TEXT.fullmatch(text):
        raise _number_problem(loader, node)
    if values.digit_count(text) > values.MAX_DIGITS:  # before int(): 5,000 digits exceed Python's own limit
        raise _number_problem(loader, node, "number.too_many_digits")
    return int(text)


def _construct_decimal(loader: _Loader, node):
    text = str(node.value)
    if _NON_FINITE.fullmatch(text) or text.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        raise YamlProblem("yaml.non_finite", _pos(loader.source_name, node.start_mark), text=node.value)
    if not (_FLOAT_TEXT.fullmatch(text) or _INT_TEXT.fullmatch(text)):
        raise _number_problem(loader, node)  # `!!float x`, `!!float 010.5`
    if values.digit_count(text) > values.MAX_DIGITS:
        raise _number_problem(loader, node, "number.too_many_digits")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimal text
        raise YamlProblem("yaml.non_finite", _pos(loader.source_name, node.start_mark), text=node.value) from None


def _construct_bool(loader: _Loader, node):
    word = str(node.value).lower()
    if word not in _BOOL_WORDS:
        raise YamlProblem("yaml.bad_tag_value", _pos(loader.source_name, node.start_mark), tag="bool", value=node.value)
    return _BOOL_WORDS[word]


def _construct_refused_number(loader: _Loader, node):
    raise _number_problem(loader, node)


def _construct_timestamp(loader: _Loader, node):
    # Dates are facts and effective periods; a time of day has no meaning in a rulebook, keep the text.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:  # 2025-13-45 looks like a date but is none: keep the text for a clear error downstream
        return str(node.value)
    except (AttributeError, TypeError):  # `!!timestamp x`: not written as a date at all
        raise YamlProblem("yaml.bad_tag_value", _pos(loader.source_name, node.start_mark), tag="timestamp",
                          value=node.value) from None


_Loader.add_constructor(_INT, _construct_int)
_Loader.add_constructor(_FLOAT, _construct_decimal)
_Loader.add_constructor(_BOOL, _construct_bool)
_Loader.add_constructor(_NUMBER_FORM, _construct_refused_number)
_Loader.add_constructor(_TIMESTAMP, _construct_timestamp)


def parse_yaml(text: str, name: str):
    """Parse one YAML document into Map/Seq/scalars. Raises YamlProblem with a position."""
    loader = _Loader(text)
    loader.source_name = name
    try:
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            return _Builder(loader, name, text).build(node)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            pos = _pos(name, mark) if mark is not None else None
            likely = _likely_cause(text, name, mark)
            if likely is not None:
                raise likely from None
            raise YamlProblem("yaml.syntax", pos, problem=str(exc.problem or exc.context or "").strip()) from None
        except yaml.reader.ReaderError as exc:  # a NUL or control character: name its line and column
            raise YamlProblem("yaml.control_character", _reader_pos(text, name, exc),
                              character=f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)) from None
        except yaml.YAMLError as exc:
            raise YamlProblem("yaml.syntax", None, problem=str(exc).strip()) from None
    finally:
        loader.dispose()


def _reader_pos(text: str, name: str, exc) -> Pos:
    """The reader reports a byte offset into the UTF-8 text (libyaml) or a character offset (pure Python)."""
    offset = exc.position
    if _Base is not yaml.SafeLoader:
        offset = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
    before = text[:offset]
    return Pos(name, before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1)


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
