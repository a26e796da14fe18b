"""Legal adjustments (Administrative Penalty Law arts. 30-33 and local rules) applied to a grade.

Precedence, documented in docs/rulebook-format.md:
1. A `grade:` effect fixes the grade (e.g. 不予处罚). If several apply, the first in rulebook order wins (the
   violation's own adjustments come before the rulebook's, which come before included blocks); the others are
   recorded as superseded.
2. Otherwise the caps, floors and steps apply one after another in rulebook order.
3. `recommend:` effects move the recommended point within the band; the last one applied wins.
"shall" adjustments are applied; each applicable "may" adjustment is offered as an alternative result computed
with all the "shall" ones plus that one.
"""
from __future__ import annotations


def apply_adjustments(grade_id: str, adjustments, grades) -> tuple:
    """-> (grade id, recommend override or None, [(adjustment, outcome)]). outcome: applied | superseded."""
    outcomes = []
    if not adjustments:
        return grade_id, None, outcomes
    rank = {g.id: g.rank for g in grades}
    by_rank = {g.rank: g.id for g in grades}
    fixing = [a for a in adjustments if a.effect == "grade"]
    recommend = None
    if fixing:
        chosen = fixing[0]
        for a in adjustments:
            outcomes.append((a, "applied" if a is chosen else "superseded"))
        return chosen.value, None, outcomes
    current = rank[grade_id]
    for a in adjustments:
        if a.effect == "at_most":
            current = min(current, rank[a.value])
        elif a.effect == "at_least":
            current = max(current, rank[a.value])
        elif a.effect == "step":
            current = max(0, min(len(grades) - 1, current + a.value))
        elif a.effect == "recommend":
            recommend = a.value
        outcomes.append((a, "applied"))
    return by_rank[current], recommend, outcomes
