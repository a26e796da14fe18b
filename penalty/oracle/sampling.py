"""Test data for a violation, drawn from the rulebook's own fact declarations and condition literals.

Conditions change their answer only at their literals, so the values worth trying for a number-like fact are
its bounds and every literal it is compared with, each with its neighbours (L-1, L, L+1, in the fact's own
step: 1 minor unit, 1, 10^-k, one day), plus anything in between. Used by the Hypothesis strategies
(penalty.oracle.strategies) and by the benches (a seeded `random.Random`, no Hypothesis needed).
"""
from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass
from decimal import Decimal

from penalty.engine.facts import facts_read_by
from penalty.oracle.durable import _places
from penalty.rulebook.conditions import literals_by_fact
from penalty.oracle.sites import rulebook_sites

DATE_LOW, DATE_HIGH = _dt.date(1990, 1, 1), _dt.date(2060, 12, 31)
INT_SPAN = 10 ** 12  # unbounded integer / money facts are drawn within ±this (well inside durable's range)


def literals_for(rb, violation_id: str) -> dict:
    """{fact: sorted distinct literals compared with it} over every condition of the violation."""
    out: dict = {}
    for _, cond in rulebook_sites(rb)[violation_id]:
        for name, values in literals_by_fact([cond.ast]).items():
            out.setdefault(name, set()).update(values)
    return {k: sorted(v) for k, v in out.items()}


def step_of(fact, literals) -> object:
    if fact.type == "number":
        k = max([0, *(_places(x) for x in (*literals, fact.min, fact.max, fact.default) if x is not None)])
        return Decimal(1).scaleb(-k)
    if fact.type == "date":
        return _dt.timedelta(days=1)
    return 1


def bounds_of(fact):
    """(low, high) in the fact's domain; declared bounds first, else a wide default."""
    if fact.type == "date":
        return (fact.min or DATE_LOW, fact.max or DATE_HIGH)
    low = fact.min if fact.min is not None else (0 if fact.type == "money" else -INT_SPAN)
    high = fact.max if fact.max is not None else INT_SPAN
    if fact.type == "number":
        return Decimal(low), Decimal(high)
    return low, high


def interesting(fact, literals) -> list:
    """Bounds, and each literal with its neighbours, kept within bounds; sorted, distinct."""
    if fact.type == "enum":
        return list(fact.values)
    if fact.type == "boolean":
        return [False, True]
    low, high = bounds_of(fact)
    step = step_of(fact, literals)
    out = {low, high}
    for lit in literals:
        for v in (lit - step, lit, lit + step):
            if low <= v <= high:
                out.add(v)
    return sorted(out)


@dataclass(frozen=True)
class FactPlan:
    fact: object  # FactDef
    special: list  # `interesting` values
    places: int  # decimal places of uniform draws (numbers only): two finer than any literal, to test between


def fact_plan(rb, violation_id: str) -> dict:
    """{fact name: FactPlan} for every fact the violation reads."""
    v = rb.violation(violation_id)
    lits = literals_for(rb, violation_id)
    out = {}
    for n in facts_read_by(v):
        fd, mine = rb.facts[n], lits.get(n, ())
        step = step_of(fd, mine)
        places = -step.as_tuple().exponent + 2 if isinstance(step, Decimal) else 0
        out[n] = FactPlan(fd, interesting(fd, mine), places)
    return out


def random_value(plan: FactPlan, rng: random.Random):
    """Half the time a special value, else uniform within the bounds."""
    fact = plan.fact
    if fact.type in ("enum", "boolean") or rng.random() < 0.5:
        return rng.choice(plan.special)
    low, high = bounds_of(fact)
    if fact.type == "date":
        return low + _dt.timedelta(days=rng.randint(0, (high - low).days))
    if fact.type == "number":
        step = Decimal(1).scaleb(-plan.places)
        return low + step * rng.randint(0, int((high - low) / step))
    return rng.randint(low, high)


def random_cases(rb, n: int, seed: int = 0) -> list:
    """n (violation id, facts) pairs, violations in turn, values from `random_value`. Deterministic per seed."""
    rng = random.Random(seed)
    plans = [(v.id, fact_plan(rb, v.id)) for v in rb.violations]
    out = []
    for i in range(n):
        vid, plan = plans[i % len(plans)]
        out.append((vid, {name: random_value(p, rng) for name, p in plan.items()}))
    return out
