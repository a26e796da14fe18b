"""Legal adjustments (Administrative Penalty Law arts. 30-33 and local rules) applied to a grade.

Precedence (documented in docs/rulebook-format.md). The law's mandatory leniency must never be undone by a local
aggravating rule, whatever order the rules are written in:
1. `grade:` effects fix the grade. If several apply, the LIGHTEST fixed grade wins (不予处罚 under art. 30 beats a
   local "fix at 从重"); the others are recorded as superseded, and so is every other effect.
2. Otherwise floors (`at_least`) and `step`s apply first, in rulebook order (the violation's own adjustments, then
   included blocks, then the rulebook's); caps (`at_most`, e.g. "shall 从轻") apply last, so a cap always holds.
3. `recommend:` effects move the recommended point within the band; the last one in order wins.
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
    if fixing:
        chosen = min(fixing, key=lambda a: rank[a.value])  # min() keeps the first of equals: rulebook order
        for a in adjustments:
            outcomes.append((a, "applied" if a is chosen else "superseded"))
        return chosen.value, None, outcomes
    current = rank[grade_id]
    recommend = None
    for a in adjustments:
        if a.effect == "at_least":
            current = max(current, rank[a.value])
        elif a.effect == "step":
            current = max(0, min(len(grades) - 1, current + a.value))
        elif a.effect == "recommend":
            recommend = a.value
    for a in adjustments:
        if a.effect == "at_most":
            current = min(current, rank[a.value])
    outcomes = [(a, "applied") for a in adjustments]
    return by_rank[current], recommend, outcomes
