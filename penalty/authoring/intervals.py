"""Exact analysis of bound conditions over the facts' declared domains (no sampling).

Every condition compares one fact with literals (`goods_value >= 10000`, `zone in ['a', 'b']`). The literals
cut each fact's domain into *atoms*: the cut points themselves and the open stretches between them (for enums,
each named value, plus one atom for all values no condition names). Every condition has the same truth value on
the whole of an atom, so evaluating it at one representative value per atom is exact, and the product of the
atoms of the facts a table reads is a finite, complete list of the situations that table can meet.

Money is whole minor units, integers and dates are whole numbers too: a stretch (a, b) holds a value only
when b - a >= 2. Plain numbers are continuous.

Limits (documented in docs/authoring.md): a table whose conditions compare two facts with each other cannot be
cut this way and is reported as not analysed; a table whose product exceeds MAX_COMBINATIONS is reported too,
never sampled.
"""
from __future__ import annotations

import datetime as _dt
import itertools
from dataclasses import dataclass
from decimal import Decimal

from penalty.rulebook import conditions as C

MAX_COMBINATIONS = 200_000


class NotAnalysable(Exception):
    """A condition compares two facts with each other: the atoms would not be exact."""

    def __init__(self, a: str, b: str):
        super().__init__(a, b)
        self.a, self.b = a, b


@dataclass(frozen=True)
class Atom:
    lo: object  # None: unbounded below (ordered facts); for enums: the frozenset of values
    lo_incl: bool
    hi: object
    hi_incl: bool
    rep: object  # a value of the fact's domain inside the atom


@dataclass(frozen=True)
class Dimension:
    fact: object  # FactDef
    atoms: tuple

    @property
    def name(self) -> str:
        return self.fact.name

    @property
    def ordered(self) -> bool:
        return self.fact.type not in ("enum", "boolean")


def literals_by_fact(asts) -> dict:
    """name -> literal values compared with it (C.literals_by_fact). Raises NotAnalysable on fact-to-fact comparisons."""
    asts = list(asts)
    for ast in asts:
        for n in C.nodes(ast):
            named = [o.name for o in n.operands if isinstance(o, C.Name)] if isinstance(n, C.Compare) else []
            if len(set(named)) > 1:
                raise NotAnalysable(named[0], next(x for x in named if x != named[0]))
    return C.literals_by_fact(asts)


def _ordinal(v):
    return v.toordinal() if isinstance(v, _dt.date) else v


def _from_ordinal(v):
    return _dt.date.fromordinal(min(max(int(v), 1), _dt.date.max.toordinal()))


def dimension(fact, literals) -> Dimension:
    if fact.type == "boolean":
        return Dimension(fact, (Atom(frozenset([True]), True, None, True, True),
                                Atom(frozenset([False]), True, None, True, False)))
    if fact.type == "enum":
        named = [v for v in fact.values if v in literals]
        rest = [v for v in fact.values if v not in literals]
        atoms = [Atom(frozenset([v]), True, None, True, v) for v in named]
        if rest:
            atoms.append(Atom(frozenset(rest), True, None, True, rest[0]))
        return Dimension(fact, tuple(atoms))
    discrete = fact.type in ("money", "integer", "date")
    is_date = fact.type == "date"
    lo_b, hi_b = fact.min, fact.max
    pts = {_ordinal(x) for x in literals}
    pts = {p for p in pts if (lo_b is None or p >= lo_b) and (hi_b is None or p <= hi_b)}
    pts |= {b for b in (lo_b, hi_b) if b is not None}
    pts = sorted(pts)
    one = 1 if discrete else Decimal(1)
    atoms = []

    def add(lo, lo_incl, hi, hi_incl, rep):
        atoms.append(Atom(lo, lo_incl, hi, hi_incl, _from_ordinal(rep) if is_date else rep))
    if not pts:
        add(None, False, None, False, 0)
    else:
        if lo_b is None:
            add(None, False, pts[0], False, pts[0] - one)
        for i, p in enumerate(pts):
            add(p, True, p, True, p)
            if i + 1 < len(pts):
                q = pts[i + 1]
                if not discrete:
                    add(p, False, q, False, (Decimal(p) + Decimal(q)) / 2)
                elif q - p >= 2:
                    add(p, False, q, False, p + 1)
        if hi_b is None:
            add(pts[-1], False, None, False, pts[-1] + one)
    return Dimension(fact, tuple(atoms))


@dataclass(frozen=True)
class Table:
    """The atoms of every fact a group of conditions reads, and which conditions hold on each combination."""
    dims: tuple
    rows: dict  # combo (tuple of atom indices) -> tuple of indices of the conditions that hold

    def where(self, pred) -> list:
        return [combo for combo, matched in self.rows.items() if pred(matched)]


def size_of(conditions, facts) -> tuple:
    """(dims, number of combinations) for these conditions, or raises NotAnalysable."""
    lits = literals_by_fact([c.ast for c in conditions])
    dims = tuple(dimension(facts[n], lits[n]) for n in sorted(lits))
    total = 1
    for d in dims:
        total *= len(d.atoms)
    return dims, total


def evaluate(conditions, facts, limit: int = MAX_COMBINATIONS):
    """Table of truth values, or (None, size) when the product is above the limit. Raises NotAnalysable."""
    dims, total = size_of(conditions, facts)
    if total > limit:
        return None, total
    names = [d.name for d in dims]
    fns = [c.fn for c in conditions]
    rows = {}
    for combo in itertools.product(*(range(len(d.atoms)) for d in dims)):
        env = {n: dims[k].atoms[i].rep for k, (n, i) in enumerate(zip(names, combo))}
        rows[combo] = tuple(j for j, fn in enumerate(fns) if fn(env))
    return Table(dims, rows), total


# ---------------------------------------------------------------- describing a set of combinations

def merge(combos, dims) -> list:
    """Combinations -> fewer regions (tuples of frozensets of atom indices) with exactly the same union."""
    regions = {tuple(frozenset([i]) for i in c) for c in combos}
    for d in reversed(range(len(dims))):
        grouped: dict = {}
        for r in regions:
            key = r[:d] + r[d + 1:]
            grouped.setdefault(key, set()).update(r[d])
        regions = {k[:d] + (frozenset(v),) + k[d:] for k, v in grouped.items()}
    return sorted(regions, key=lambda r: tuple(sorted(s) for s in r))


def describe(region, dims, text_of) -> str:
    """A region in the condition language, e.g. `goods_value in [10000, 20000) and zone == 'general'`.

    `text_of(fact, value)` writes one value of a fact as the author would (major units for money).
    """
    parts = []
    for d, atoms in zip(dims, region):
        if len(atoms) == len(d.atoms):
            continue  # any value
        parts.append(_describe_dim(d, sorted(atoms), text_of))
    return " and ".join(parts) if parts else "every combination"


def _describe_dim(d: Dimension, idx, text_of) -> str:
    name = d.name
    if not d.ordered:
        values = [v for i in idx for v in _enum_order(d, d.atoms[i].lo)]
        if d.fact.type == "boolean":
            return f"{name} == {'true' if values[0] else 'false'}" if len(values) == 1 else f"{name} is any value"
        if len(values) == 1:
            return f"{name} == '{values[0]}'"
        return f"{name} in [{', '.join(repr(v) for v in values)}]"
    spans = []
    for i in idx:
        if spans and spans[-1][1] == i - 1:
            spans[-1][1] = i
        else:
            spans.append([i, i])
    texts = []
    for s, e in spans:
        lo, hi = d.atoms[s], d.atoms[e]
        texts.append(_interval(name, lo.lo, lo.lo_incl, hi.hi, hi.hi_incl, d, text_of))
    return texts[0] if len(texts) == 1 else "(" + " or ".join(texts) + ")"


def _enum_order(d, values):
    return [v for v in d.fact.values if v in values] if d.fact.type == "enum" else sorted(values, reverse=True)


def _interval(name, lo, lo_incl, hi, hi_incl, d, text_of) -> str:
    t = d.fact.type

    def v(x):
        return text_of(d.fact, _from_ordinal(x) if t == "date" else x)
    if t in ("integer", "date"):  # whole numbers read best closed: [2, 3], >= 4
        if lo is not None and not lo_incl:
            lo, lo_incl = lo + 1, True
        if hi is not None and not hi_incl:
            hi, hi_incl = hi - 1, True
    if lo is not None and hi is not None and lo == hi:
        return f"{name} == {v(lo)}"
    if lo is None and hi is None:
        return f"{name} is any value"
    if lo is None:
        return f"{name} {'<=' if hi_incl else '<'} {v(hi)}"
    if hi is None:
        return f"{name} {'>=' if lo_incl else '>'} {v(lo)}"
    return f"{name} in {'[' if lo_incl else '('}{v(lo)}, {v(hi)}{']' if hi_incl else ')'}"
