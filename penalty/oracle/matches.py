"""Our side of the comparison: every condition of a violation, evaluated by the engine's compiled predicates."""
from __future__ import annotations

from penalty.oracle.sites import rulebook_sites


def matched_rules(rulebook, violation_id: str, facts: dict) -> frozenset:
    """Names of every site (see `sites`) whose condition holds for these normalised facts.

    Unlike the engine, which stops at the chosen tier or branch, this evaluates them all, so that the result can
    be compared with durable-rules rule for rule.
    """
    return frozenset(name for name, cond in rulebook_sites(rulebook)[violation_id] if cond.fn(facts))
