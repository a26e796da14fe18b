"""Shared helpers for the review tests: rulebooks to check, random facts, the engine-vs-columns comparison."""
from __future__ import annotations

import datetime as _dt
import random
from decimal import Decimal
from pathlib import Path

import pytest

from penalty.engine.facts import facts_read_by
from penalty.rulebook.bundled import bundled_names, resolve
from penalty.rulebook.conditions import Compare, In, Literal
from penalty.rulebook.load import load_rulebook

HERE = Path(__file__).parent
STRESS = sorted((HERE / "rulebooks").glob("*.yaml"))


def all_rulebook_paths():
    """Every bundled rulebook (more are being added) plus the stress rulebooks of this folder."""
    return [resolve(n) for n in bundled_names()] + STRESS


def boundary_values(rb, name):
    """Literals the rulebook compares this fact with, and their neighbours: where off-by-one bugs live."""
    out = set()

    def walk(n):
        if isinstance(n, Compare):
            for o in n.operands:
                walk(o)
        elif isinstance(n, In):
            pass
        elif isinstance(n, Literal):
            if isinstance(n.value, int) and not isinstance(n.value, bool):
                out.update({n.value - 1, n.value, n.value + 1})
        elif hasattr(n, "items"):
            for i in n.items:
                walk(i)
        elif hasattr(n, "item"):
            walk(n.item)
    from penalty.review.columnar import conditions_of
    for v in rb.violations:
        for c in conditions_of(v):
            if name in c.facts:
                walk(c.ast)
    return sorted(out)


def fact_value(rb, fact, rnd: random.Random):
    t = fact.type
    if t == "boolean":
        return rnd.random() < 0.5
    if t == "enum":
        return rnd.choice(list(fact.values))
    if t == "date":
        return _dt.date(2018, 1, 1) + _dt.timedelta(days=rnd.randint(0, 3000))
    lo = int(fact.min) if fact.min is not None else 0
    hi = int(fact.max) if fact.max is not None else (10 ** 17 if t == "money" else 10 ** 6)
    r = rnd.random()
    special = [x for x in boundary_values(rb, fact.name) if lo <= x <= hi]
    if r < 0.35 and special:
        v = rnd.choice(special)
    elif r < 0.5:
        v = rnd.choice([lo, min(lo + 1, hi), hi, min(lo + 3, hi)])
    elif r < 0.8:
        v = rnd.randint(lo, min(hi, lo + 10 ** rnd.randint(1, 8)))
    else:
        v = rnd.randint(lo, hi)
    if t == "number":
        return (Decimal(v) + Decimal(rnd.randint(0, 999)) / 1000).min(Decimal(hi))
    return int(v)


def random_items(rb, n, seed):
    rnd = random.Random(seed)
    items = []
    for _ in range(n):
        v = rnd.choice(rb.violations)
        facts = {}
        for name in facts_read_by(v):
            f = rb.facts[name]
            if f.default is not None and rnd.random() < 0.4:
                facts[name] = f.default
            else:
                facts[name] = fact_value(rb, f, rnd)
        items.append((v.id, dict(sorted(facts.items()))))
    return items


def compare(rb, items):
    """Columnar result == reference engine on every row; returns the engine stats."""
    from penalty.review.columnar import OUT_COLS, Stats, evaluate, frame_from_facts, reference_row
    stats = Stats()
    out = evaluate(rb, frame_from_facts(rb, items), stats)
    assert out.height == len(items)
    for (vid, facts), row in zip(items, out.select(OUT_COLS).iter_rows(named=True)):
        ref = reference_row(rb, rb.violation(vid), facts)
        got = {k: row[k] for k in ref}
        assert got == ref, f"{vid} {facts}: {row['path']}"
    return stats


@pytest.fixture(scope="session")
def cn():
    return load_rulebook(resolve("cn-env-food"))
