"""Administrative Penalty Law art. 37 (从旧兼从轻): which of two versions applies, written once.

`rule` states the choice as an ordered list of (test, version, reason): the first test that holds decides.
It is written against a tiny set of operations (`o`), so that the same definition is run by both engines:
`PYTHON` (one case: `penalty.time.choose`, used by calc and replay) and a polars backend
(`penalty.review.versioned`, one column per input, used by the review).

The inputs are, for the act-time version (a_*) and the decision-date version (d_*): whether it lists none of the
case's violations (`*_un`, it then weighs 0 – 0), and the case's summed maximum and minimum under it (`*h`, `*l`).
"Lighter" is the lower maximum, then, with equal maxima, the lower minimum; with equal ranges the act-time version
applies (从旧).
"""
from __future__ import annotations

import operator
from types import SimpleNamespace

ACT, DECISION = "act", "decision"

# every reason `rule` can give, in a fixed order (the review's Enum column; calc's `time.reason`)
REASONS = ("time.no_decision_date", "time.same_version", "time.act_not_listed", "time.equal_act_applies",
           "time.decision_removed", "time.decision_lower_max", "time.decision_lower_min", "time.act_lighter")


def rule(o, a_un, d_un, ah, al, dh, dl):
    """The choice, first match wins. `o` gives and_/or_/not_/lt/eq/true for the backend's booleans."""
    lower_max = o.lt(dh, ah)
    lower_min = o.and_(o.eq(dh, ah), o.lt(dl, al))
    return (
        # added to the benchmark after the act: only the decision-date version grades it (the statute applied
        # all along; this is not "no penalty" by omission)
        (o.and_(a_un, o.not_(d_un)), DECISION, "time.act_not_listed"),
        (o.and_(o.eq(dh, ah), o.eq(dl, al)), ACT, "time.equal_act_applies"),
        # removed from the benchmark by the decision date: 0 – 0 is lighter than any penalty
        (o.and_(o.and_(d_un, o.not_(a_un)), o.or_(lower_max, lower_min)), DECISION, "time.decision_removed"),
        (lower_max, DECISION, "time.decision_lower_max"),
        (lower_min, DECISION, "time.decision_lower_min"),
        (o.true, ACT, "time.act_lighter"),
    )


# Plain Python values (bools; amounts as ints or money.UNBOUNDED, which compares above every int).
PYTHON = SimpleNamespace(and_=lambda x, y: bool(x) and bool(y), or_=lambda x, y: bool(x) or bool(y),
                         not_=operator.not_, lt=operator.lt, eq=operator.eq, true=True)


def choose(a_un: bool, d_un: bool, ah, al, dh, dl) -> tuple[str, str]:
    """(ACT or DECISION, reason) for one case."""
    for test, version, reason in rule(PYTHON, a_un, d_un, ah, al, dh, dl):
        if test:
            return version, reason
    raise AssertionError("the last test of art. 37's rule always holds")
