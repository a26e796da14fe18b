"""What a condition means for each fact it reads: an exact set of values, so a diff can say
`count_2y: [4, ∞) -> [3, ∞)` instead of showing two texts.

Exact, not sampled: a condition over one ordered fact compares it with constants only, so its truth can change
only at those constants; evaluating the compiled predicate at each constant and once inside each gap between
them gives the set exactly. Enums and booleans are enumerated. A conjunction is split fact by fact; anything
else (two facts in one comparison, an `or` across facts, dates) is left as text.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from penalty.rulebook import conditions as C

ORDERED = ("money", "number", "integer")


def fact_sets(cond, facts: dict) -> dict | None:
    """{fact name: set} for a bound Condition, or None when it is not a conjunction of one-fact parts."""
    if cond is None:
        return None
    items = cond.ast.items if isinstance(cond.ast, C.And) else (cond.ast,)
    groups: dict = {}
    for item in items:
        names = C.names(item)
        if len(set(names)) != 1:
            return None
        groups.setdefault(names[0], []).append(item)
    out = {}
    for name, parts in groups.items():
        fact = facts.get(name)
        if fact is None:
            return None
        ast = parts[0] if len(parts) == 1 else C.And(tuple(parts))
        s = _one_fact_set(name, fact, C.compile_predicate(ast), ast)
        if s is None:
            return None
        out[name] = s
    return out


def _one_fact_set(name, fact, fn, ast):
    if fact.type == "boolean":
        return {"kind": "values", "values": [v for v in (False, True) if fn({name: v})]}
    if fact.type == "enum":
        return {"kind": "values", "values": [v for v in fact.values if fn({name: v})]}
    if fact.type not in ORDERED:
        return None
    points: list[Any] = sorted({n.value for n in C.nodes(ast) if isinstance(n, C.Literal)})  # type: ignore[type-var]
    probes = []  # (value, is_point)
    if not points:
        return {"kind": "intervals", "intervals": [[None, False, None, False]] if fn({name: Decimal(0)}) else []}
    probes.append((points[0] - 1, False))
    for a, b in zip(points, points[1:]):
        probes += [(a, True), ((Decimal(a) + Decimal(b)) / 2, False)]
    probes += [(points[-1], True), (points[-1] + 1, False)]
    # walk left to right building maximal intervals of truth
    intervals = []
    cur = None
    bounds = [None] + points + [None]  # gap i lies between bounds[i] and bounds[i+1]
    gap = 0
    for value, is_point in probes:
        truth = fn({name: value})
        if is_point:
            lo = hi = value
            lo_c = hi_c = True
        else:
            lo, hi = bounds[gap], bounds[gap + 1]
            lo_c = hi_c = False
            gap += 1
        if truth:
            if cur is None:
                cur = [lo, lo_c, hi, hi_c]
            else:
                cur[2], cur[3] = hi, hi_c
        elif cur is not None:
            intervals.append(cur)
            cur = None
    if cur is not None:
        intervals.append(cur)
    return {"kind": "intervals", "intervals": _clip(intervals, fact)}


def _clip(intervals, fact):
    out = []
    for lo, lo_c, hi, hi_c in intervals:
        if fact.min is not None and (lo is None or lo < fact.min):
            lo, lo_c = fact.min, True
        if fact.max is not None and (hi is None or hi > fact.max):
            hi, hi_c = fact.max, True
        if fact.type == "integer":
            if lo is not None and not lo_c:
                lo, lo_c = int(lo) + 1, True
            if hi is not None and not hi_c:
                hi, hi_c = int(hi) - 1 if hi == int(hi) else int(hi), True
        if lo is not None and hi is not None and (lo > hi or (lo == hi and not (lo_c and hi_c))):
            continue
        out.append([lo, lo_c, hi, hi_c])
    return out


def set_text(s: dict, value_text, lang: str) -> str:
    """[20,000元, 40,000元) / {delaying, falsifying} / ∅."""
    if s["kind"] == "values":
        return "{" + ", ".join(value_text(v) for v in s["values"]) + "}" if s["values"] else "∅"
    parts = []
    for lo, lo_c, hi, hi_c in s["intervals"]:
        if lo is not None and lo == hi:
            parts.append(value_text(lo))
            continue
        left = ("[" if lo_c else "(") + (value_text(lo) if lo is not None else "−∞")
        right = (value_text(hi) if hi is not None else "∞") + ("]" if hi_c else ")")
        parts.append(f"{left}, {right}")
    return " ∪ ".join(parts) or "∅"
