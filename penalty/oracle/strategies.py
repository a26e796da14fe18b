"""Hypothesis strategies for a rulebook's facts (test-only: imports hypothesis, a test extra).

Values come from the same plan as the benches (penalty.oracle.sampling): every literal a condition compares a
fact with, its neighbours and the bounds, mixed with uniform draws, so that each tier boundary is crossed often.
"""
from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from penalty.oracle.sampling import FactPlan, bounds_of, fact_plan


def value_strategy(plan: FactPlan):
    fact = plan.fact
    special = st.sampled_from(plan.special)
    if fact.type in ("enum", "boolean"):
        return special
    low, high = bounds_of(fact)
    if fact.type == "date":
        uniform = st.dates(low, high)
    elif fact.type == "number":
        uniform = st.decimals(low, high, places=plan.places, allow_nan=False, allow_infinity=False).map(
            lambda d: d if d != 0 else Decimal(0))  # Hypothesis may give -0; facts never hold -0
    else:
        uniform = st.integers(low, high)
    return st.one_of(special, uniform)


def facts_for(rb, violation_id: str):
    """Normalised facts (as parse_case gives them) for one violation: every fact its rules read."""
    return st.fixed_dictionaries({n: value_strategy(p) for n, p in fact_plan(rb, violation_id).items()})


_CASES: dict = {}


def cases_for(rb):
    """(violation id, facts) for any violation of the rulebook. Built once per rulebook content (a test draws
    from it in every example; on a book of 300 violations building it costs ~0.1 s, and Hypothesis prepares a
    new strategy object again on its first draw)."""
    made = _CASES.get(rb.fingerprint)
    if made is None:
        made = _CASES[rb.fingerprint] = st.one_of([facts_for(rb, v.id).map(lambda f, vid=v.id: (vid, f))
                                                   for v in rb.violations])
    return made
