"""Legal adjustments (Administrative Penalty Law arts. 30-33 and local rules) applied to a grade.

Precedence (documented in docs/rulebook-format.md). The law's mandatory leniency must never be undone by a local
aggravating rule, whatever order the rules are written in:
1. `grade:` effects fix the grade. If several apply, the LIGHTEST fixed grade wins (不予处罚 under art. 30 beats a
   local "fix at 从重"); the others are recorded as superseded, and so is every other effect.
2. Otherwise floors (`at_least`) and `step`s apply first, in rulebook order (the violation's own adjustments, then
   included blocks, then the rulebook's); caps (`at_most`, e.g. "shall 从轻") apply last, so a cap always holds.
3. `recommend:` effects move the recommended point within the band; the last one in order wins.
4. Tier adjustments as data (Jiangmen arts. 5-6, Guangdong arts. 12 and 14): `tier:` takes the situation or grid
   row N places heavier before the grade is read (shall only); `within:` keeps a part of the band and `scale:`
   multiplies its ends, in rulebook order, before the recommended point; they do not change the grade.
"shall" adjustments are applied; each applicable "may" adjustment is offered as an alternative result computed
with all the "shall" ones plus that one.
"""
from __future__ import annotations


BAND_EFFECTS = ("within", "scale")  # effects on the band's amounts (assess._money), in rulebook order
_NOT_GRADE = ("recommend", "tier", *BAND_EFFECTS)


def moves_grade(outcomes) -> bool:
    """Whether an applied adjustment moved or capped the grade (then a table band is kept inside its share)."""
    return any(o == "applied" and a.effect not in _NOT_GRADE for a, o in outcomes)


def band_parts(outcomes) -> tuple:
    """The applied `within` / `scale` effects, in order: ((effect, (low %, high %)), ...)."""
    return tuple((a.effect, a.value) for a, o in outcomes if o == "applied" and a.effect in BAND_EFFECTS)


def tier_shift(shall) -> int:
    """Places the applicable "shall" `tier:` effects move the model's tier; none when a `grade:` fix supersedes."""
    if any(a.effect == "grade" for a in shall):
        return 0
    return sum(a.value for a in shall if a.effect == "tier")


def apply_adjustments(grade_id: str, adjustments, grades) -> tuple:
    """-> (grade id, recommend override or None, [(adjustment, outcome)]). outcome: applied | superseded."""
    outcomes = []
    if not adjustments:
        return grade_id, None, outcomes
    rank = {g.id: g.rank for g in grades}
    by_rank = {g.rank: g.id for g in grades}
    kinds = {g.id: g.kind for g in grades}
    fixing = [a for a in adjustments if a.effect == "grade"]
    if fixing:
        chosen = min(fixing, key=lambda a: rank[a.value])  # min() keeps the first of equals: rulebook order
        for a in adjustments:
            outcomes.append((a, "applied" if a is chosen else "superseded"))
        if kinds[grade_id] == "warning" and kinds[chosen.value] == "below_minimum":
            return grade_id, None, outcomes  # 减轻 under a warning: the warning is already lighter than any fine
        return chosen.value, None, outcomes
    # `step`s move along the grades a fine can take: a warning grade only from itself (the statute of this
    # violation offers it; the loader allows no adjustment to name it)
    ladder = [g.rank for g in grades if g.kind != "warning" or g.id == grade_id]
    current = rank[grade_id]
    recommend = None
    for a in adjustments:
        if a.effect == "at_least":
            current = max(current, rank[a.value])
        elif a.effect == "step":
            at = ladder.index(current) if current in ladder else 0
            current = ladder[max(0, min(len(ladder) - 1, at + a.value))]
        elif a.effect == "recommend":
            recommend = a.value
    for a in adjustments:
        if a.effect == "at_most":
            current = min(current, rank[a.value])
    outcomes = [(a, "applied") for a in adjustments]
    return by_rank[current], recommend, outcomes
