"""The condition language: a small, safe expression language that legal staff can read.

    goods_value >= 10000 and not first_offence
    14 <= age < 18
    zone in ['restricted', 'sensitive']

Grammar (no arithmetic, no calls, no attribute access; nothing here can run code):

    expr    := or
    or      := and ('or' and)*
    and     := unary ('and' unary)*
    unary   := 'not' unary | compare
    compare := atom (CMP atom)*                  chained: a < b <= c means a < b and b <= c
             | atom ['not'] 'in' '[' atom (',' atom)* ']'
    atom    := NAME | NUMBER | STRING | 'true' | 'false' | '(' expr ')'

A condition is parsed once into the AST below, then bound to the rulebook's facts (types checked, literals
converted to the fact's exact domain: money to minor units, numbers to Decimal). The same bound AST is evaluated
per case, compiled for durable-rules and columns, analysed by the checker and rendered in plain words.
"""
from __future__ import annotations

import operator
import re
from decimal import Decimal
from typing import Callable

from penalty.record import Record

# ---------------------------------------------------------------- AST

class Name(Record):
    name: str
    offset: int


class Literal(Record):
    value: object  # Decimal | str | bool ; after binding: int | Decimal | str | bool | date
    offset: int
    text: str


class Compare(Record):
    """left op1 right1 op2 right2 ... (a chain)."""
    operands: tuple
    ops: tuple


class In(Record):
    operand: object
    values: tuple  # of Literal
    negated: bool


class And(Record):
    items: tuple


class Or(Record):
    items: tuple


class Not(Record):
    item: object


class ConditionSyntaxError(Exception):
    def __init__(self, code: str, offset: int, **args):
        super().__init__(code)
        self.code, self.offset, self.args_ = code, offset, args


# ---------------------------------------------------------------- lexer

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<num>\d+(?:\.\d+)?)
    | (?P<str>'[^']*'|"[^"]*")
    | (?P<op><=|>=|==|!=|<|>|\(|\)|\[|\]|,)
    | (?P<name>[^\W\d]\w*)
    )""",
    re.VERBOSE | re.UNICODE,
)
KEYWORDS = {"and", "or", "not", "in", "true", "false"}
COMPARATORS = ("<=", ">=", "==", "!=", "<", ">")
MAX_LENGTH = 2000  # a condition longer than this is a mistake, not a rule
MAX_DEPTH = 50


def _tokens(text: str):
    out, i, n = [], 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        m = _TOKEN.match(text, i)
        if not m or m.end() == i:
            raise ConditionSyntaxError("cond.bad_char", i, char=text[i])
        kind = m.lastgroup
        start = m.start(kind)
        out.append((kind, m.group(kind), start))
        i = m.end()
    out.append(("end", "", n))
    return out


# ---------------------------------------------------------------- parser

class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.toks = _tokens(text)
        self.i = 0
        self.depth = 0

    def peek(self):
        return self.toks[self.i]

    def take(self):
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def is_word(self, word):
        kind, val, _ = self.peek()
        return kind == "name" and val == word

    def expect_op(self, op):
        kind, val, off = self.take()
        if kind != "op" or val != op:
            raise ConditionSyntaxError("cond.expected", off, expected=op, found=val or "end")

    def parse(self):
        node = self.or_()
        kind, val, off = self.peek()
        if kind != "end":
            raise ConditionSyntaxError("cond.trailing", off, found=val)
        return node

    def or_(self):
        items = [self.and_()]
        while self.is_word("or"):
            self.take()
            items.append(self.and_())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_(self):
        items = [self.unary()]
        while self.is_word("and"):
            self.take()
            items.append(self.unary())
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self):
        if self.is_word("not") and not (self.toks[self.i + 1][0] == "name" and self.toks[self.i + 1][1] == "in"):
            self.take()
            return Not(self.unary())
        return self.compare()

    def compare(self):
        left = self.atom()
        kind, val, off = self.peek()
        if self.is_word("in") or (self.is_word("not") and self.toks[self.i + 1][1] == "in"):
            negated = self.take()[1] == "not"
            if negated:
                self.take()
            self.expect_op("[")
            values = [self.literal()]
            while self.peek()[:2] == ("op", ","):
                self.take()
                values.append(self.literal())
            self.expect_op("]")
            return In(left, tuple(values), negated)
        operands, ops = [left], []
        while kind == "op" and val in COMPARATORS:
            self.take()
            ops.append(val)
            operands.append(self.atom())
            kind, val, off = self.peek()
        if not ops:
            return left
        return Compare(tuple(operands), tuple(ops))

    def literal(self):
        node = self.atom()
        if not isinstance(node, Literal):
            raise ConditionSyntaxError("cond.list_literal", getattr(node, "offset", 0))
        return node

    def atom(self):
        kind, val, off = self.take()
        if kind == "num":
            return Literal(Decimal(val), off, val)
        if kind == "str":
            return Literal(val[1:-1], off, val)
        if kind == "name":
            if val == "true":
                return Literal(True, off, val)
            if val == "false":
                return Literal(False, off, val)
            if val in KEYWORDS:
                raise ConditionSyntaxError("cond.unexpected", off, found=val)
            return Name(val, off)
        if kind == "op" and val == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise ConditionSyntaxError("cond.too_deep", off, limit=MAX_DEPTH)
            node = self.or_()
            self.expect_op(")")
            self.depth -= 1
            return node
        raise ConditionSyntaxError("cond.unexpected", off, found=val or "end")


def parse(text: str):
    """Text -> AST. Raises ConditionSyntaxError with an offset into the text."""
    if not isinstance(text, str) or not text.strip():
        raise ConditionSyntaxError("cond.empty", 0)
    if len(text) > MAX_LENGTH:
        raise ConditionSyntaxError("cond.too_long", MAX_LENGTH, limit=MAX_LENGTH)
    return _Parser(text).parse()


# ---------------------------------------------------------------- walking

# Every walk over a condition that only visits its nodes goes through `nodes`; code that builds something per kind
# of node (binding, compiling, rendering, translating) still dispatches on the kind, each in its own module.

def children(node) -> tuple:
    """The sub-nodes of a condition node, in source order: a comparison's operands, an `in`'s operand and
    values, the items of and/or, the item of not. Names and literals have none."""
    if isinstance(node, Compare):
        return node.operands
    if isinstance(node, In):
        return (node.operand, *node.values)
    if isinstance(node, (And, Or)):
        return node.items
    if isinstance(node, Not):
        return (node.item,)
    return ()


def nodes(node):
    """Every node of a condition, depth first in source order, each before its sub-nodes: the one walker."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(children(n)))


def names(node) -> list[str]:
    """Facts a condition reads, in order of first use."""
    return list(dict.fromkeys(n.name for n in nodes(node) if isinstance(n, Name)))


def literals_by_fact(asts) -> dict[str, list]:
    """{fact: the literal values compared with it, in order of first use, without repeats} over conditions.
    Every fact read is a key, with [] when no literal is compared with it (a boolean fact; a fact compared
    only with another fact). In a comparison naming two facts, its literals count for both."""
    out: dict[str, dict] = {}
    for ast in asts:
        for n in nodes(ast):
            if isinstance(n, Name):
                out.setdefault(n.name, {})
            elif isinstance(n, (Compare, In)):
                operands = n.operands if isinstance(n, Compare) else (n.operand, *n.values)
                for fact in (o.name for o in operands if isinstance(o, Name)):
                    bucket = out.setdefault(fact, {})
                    bucket.update((o.value, None) for o in operands if isinstance(o, Literal))
    return {name: list(values) for name, values in out.items()}


# ---------------------------------------------------------------- binding (types) and evaluation

class ConditionTypeError(Exception):
    def __init__(self, code: str, offset: int, **args):
        super().__init__(code)
        self.code, self.offset, self.args_ = code, offset, args


def bind(node, facts: dict, convert: Callable):
    """Check every name and literal against the fact declarations, and convert literals to the fact's exact domain.

    `facts` maps name -> FactDef; `convert(fact_def, literal_value) -> value` raises ValueError(code) when a
    literal does not fit (e.g. an enum value that does not exist).
    """
    def fact_of(n):
        if isinstance(n, Name):
            if n.name not in facts:
                raise ConditionTypeError("cond.unknown_fact", n.offset, name=n.name, known=sorted(facts))
            return facts[n.name]
        return None

    def lit(fact, literal: Literal):
        try:
            return Literal(convert(fact, literal.value), literal.offset, literal.text)
        except ValueError as exc:
            raise ConditionTypeError(str(exc), literal.offset, fact=fact.name, value=literal.text,
                                     type=fact.type, values=", ".join(fact.values or ())) from None

    def walk(n):
        if isinstance(n, Name):
            f = fact_of(n)
            if f.type != "boolean":
                raise ConditionTypeError("cond.not_boolean", n.offset, name=n.name, type=f.type)
            return n
        if isinstance(n, Literal):
            if not isinstance(n.value, bool):
                raise ConditionTypeError("cond.literal_alone", n.offset, value=n.text)
            return n
        if isinstance(n, Compare):
            operands = list(n.operands)
            fs = [fact_of(o) for o in operands]
            if not any(fs):
                raise ConditionTypeError("cond.no_fact", operands[0].offset)
            for i, o in enumerate(operands):
                if fs[i] is None:
                    neighbour = next(f for f in (fs[i - 1] if i else None, fs[i + 1] if i + 1 < len(fs) else None,
                                                 *fs) if f)
                    operands[i] = lit(neighbour, o)
            typed = [f for f in fs if f]
            for f in typed[1:]:
                if f.type != typed[0].type:
                    raise ConditionTypeError("cond.mixed_types", n.operands[0].offset, a=typed[0].name,
                                             b=f.name, ta=typed[0].type, tb=f.type)
            if typed[0].type in ("enum", "boolean") and any(op not in ("==", "!=") for op in n.ops):
                raise ConditionTypeError("cond.unordered", n.operands[0].offset, name=typed[0].name,
                                         type=typed[0].type)
            return Compare(tuple(operands), n.ops)
        if isinstance(n, In):
            f = fact_of(n.operand)
            if f is None:
                raise ConditionTypeError("cond.no_fact", n.operand.offset)
            return In(n.operand, tuple(lit(f, v) for v in n.values), n.negated)
        if isinstance(n, And):
            return And(tuple(walk(i) for i in n.items))
        if isinstance(n, Or):
            return Or(tuple(walk(i) for i in n.items))
        if isinstance(n, Not):
            return Not(walk(n.item))
        raise TypeError(n)
    return walk(node)


_CMP = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
        "!=": operator.ne}


def compile_predicate(node) -> Callable[[dict], bool]:
    """Bound AST -> a closure over a facts dict. Built once per rulebook; no eval.

    The common shapes (a fact against a literal, two-part and/or, a boolean fact) get closures without
    intermediate calls: conditions run for every tier of every case, so this is the engine's inner loop.
    """
    if isinstance(node, Name):
        key = node.name
        return lambda f: f[key] is True
    if isinstance(node, Literal):
        v = node.value
        return lambda f: v
    if isinstance(node, Compare):
        ops = [_CMP[op] for op in node.ops]
        if len(ops) == 1:
            a, b = node.operands
            fn = ops[0]
            if isinstance(a, Name) and isinstance(b, Literal):
                key, value = a.name, b.value
                return lambda f: fn(f[key], value)
            if isinstance(a, Literal) and isinstance(b, Name):
                key, value = b.name, a.value
                return lambda f: fn(value, f[key])
            ga, gb = _getter(a), _getter(b)
            return lambda f: fn(ga(f), gb(f))
        getters = [_getter(o) for o in node.operands]

        def chain(f):
            left = getters[0](f)
            for fn, g in zip(ops, getters[1:]):
                right = g(f)
                if not fn(left, right):
                    return False
                left = right
            return True
        return chain
    if isinstance(node, In):
        g = _getter(node.operand)
        values = frozenset(v.value for v in node.values)
        if node.negated:
            return lambda f: g(f) not in values
        return lambda f: g(f) in values
    if isinstance(node, (And, Or)):
        return _fold([compile_predicate(i) for i in node.items], isinstance(node, And))
    if isinstance(node, Not):
        if isinstance(node.item, Name):
            key = node.item.name
            return lambda f: f[key] is not True
        inner = compile_predicate(node.item)
        return lambda f: not inner(f)
    raise TypeError(node)


def _fold(parts, conjunction: bool):
    """a and b and c -> and2(a, and2(b, c)): nested two-part closures beat all()/any() over a generator."""
    if len(parts) == 1:
        only = parts[0]
        return lambda f: bool(only(f))
    head, rest = parts[0], _fold(parts[1:], conjunction)
    if conjunction:
        return lambda f: bool(head(f) and rest(f))
    return lambda f: bool(head(f) or rest(f))


def _getter(operand):
    if isinstance(operand, Name):
        key = operand.name
        return lambda f: f[key]
    value = operand.value
    return lambda f: value


# ---------------------------------------------------------------- plain words

_WORDS = {
    "en": {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "is", "!=": "is not", "and": "and", "or": "or",
           "not": "not", "in": "is one of", "not in": "is none of", True: "yes", False: "no"},
    "zh": {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "为", "!=": "不为", "and": "且", "or": "或",
           "not": "非", "in": "为以下之一：", "not in": "不为以下任一：", True: "是", False: "否"},
}


def render(node, lang: str, label: Callable[[str], str], value_text: Callable[[str, object], str]) -> str:
    """Plain words for the catalogue and explanations, e.g. 货值金额 ≥ 10,000元 且 非 首次违法."""
    w = _WORDS.get(lang, _WORDS["en"])
    sep = "" if lang == "zh" else " "

    def operand(o, fact_name):
        if isinstance(o, Name):
            return label(o.name)
        return value_text(fact_name, o.value)

    def walk(n, top=False):
        if isinstance(n, Name):
            return label(n.name)
        if isinstance(n, Literal):
            return w[n.value]
        if isinstance(n, Compare):
            fact = next(o.name for o in n.operands if isinstance(o, Name))
            parts = [operand(n.operands[0], fact)]
            for op, o in zip(n.ops, n.operands[1:]):
                parts += [w[op], operand(o, fact)]
            return " ".join(parts)
        if isinstance(n, In):
            fact = n.operand.name
            vals = "、" if lang == "zh" else ", "
            return f"{label(fact)} {w['not in' if n.negated else 'in']}{sep}" + vals.join(
                value_text(fact, v.value) for v in n.values)
        if isinstance(n, (And, Or)):
            joiner = f" {w['and' if isinstance(n, And) else 'or']} "
            text = joiner.join(walk(i) for i in n.items)
            return text if top else f"({text})"
        if isinstance(n, Not):
            return f"{w['not']} {walk(n.item)}"
        raise TypeError(n)
    return walk(node, top=True)
