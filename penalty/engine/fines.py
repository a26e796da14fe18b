"""Statutory fine forms and amount splitting: from the active form and a grade to a band in minor units."""
from __future__ import annotations

from decimal import Decimal, localcontext

from penalty.money import UNBOUNDED, Rounding

_EXACT = Rounding(1, "ceiling")  # statutory limits keep whole minor units, rounded inwards
_EXACT_DOWN = Rounding(1, "floor")


def statutory_range(form, facts: dict) -> tuple:
    """(low, high) in minor units for the active fine form."""
    if form.kind in ("range", "max", "min"):
        return form.low, form.high
    base = Decimal(facts[form.of])
    factor = Decimal(1) if form.kind == "multiple" else Decimal("0.01")
    low, high = _EXACT.apply(base * form.low * factor), _EXACT_DOWN.apply(base * form.high * factor)
    if low > high:  # a base so small that the range holds no whole minor unit
        from penalty.errors import CaseError, Problem
        raise CaseError([Problem("engine.range_below_unit", None, {"base": form.of})])
    return low, high


def _point(low: int, high, pct: Decimal, geometric: bool) -> Decimal:
    if geometric:
        with localcontext() as ctx:
            ctx.prec = 40
            return Decimal(low) * (Decimal(high) / Decimal(low)) ** (pct / 100)
    return Decimal(low) + (Decimal(high) - Decimal(low)) * pct / 100


def uses_geometric(split, low: int, high) -> bool:
    if high is UNBOUNDED or low <= 0:
        return False
    if split.method == "geometric":
        return True
    return split.geometric_from_ratio is not None and Decimal(high) / Decimal(low) >= split.geometric_from_ratio


def grade_band(grade, split, low: int, high) -> tuple:
    """The unrounded band (Decimal or UNBOUNDED ends) of a grade on the active statutory range, and a note code.

    no_penalty -> (0, 0). below_minimum (减轻) -> a share of the statutory minimum. Within the range: the grade's
    share, placed linearly or geometrically; when the law writes no maximum, multiples of the minimum.
    """
    if grade.kind == "no_penalty":
        return (Decimal(0), Decimal(0)), None
    if grade.kind == "below_minimum":
        lo_pct, hi_pct = split.below_minimum if split else (Decimal(0), Decimal(100))
        note = "engine.mitigated_zero_min" if low == 0 else None
        return (Decimal(low) * lo_pct / 100, Decimal(low) * hi_pct / 100), note
    if split is None:
        return (Decimal(low), high if high is UNBOUNDED else Decimal(high)), "engine.no_split"
    if high is UNBOUNDED:
        multiples = split.open_maximum.get(grade.id)
        if multiples is None:
            return (Decimal(low), UNBOUNDED), "engine.no_open_share"
        a, b = multiples
        return (Decimal(low) * a, UNBOUNDED if b is None else Decimal(low) * b), None
    share = split.shares.get(grade.id)
    if share is None:
        return (Decimal(low), Decimal(high)), "engine.no_share"
    geo = uses_geometric(split, low, high)
    note = "engine.geometric" if geo else None
    return (_point(low, high, share[0], geo), _point(low, high, share[1], geo)), note


def grade_at(split, grades, low: int, high, amount) -> str | None:
    """The within-range grade whose share holds `amount` (used when a table gives a band but no grade)."""
    if split is None or not split.shares or high is UNBOUNDED or amount is UNBOUNDED or high == low:
        return None
    geo = uses_geometric(split, low, high)
    if geo:
        with localcontext() as ctx:
            ctx.prec = 40
            pct = ((Decimal(amount) / low).ln() / (Decimal(high) / low).ln()) * 100 if amount > 0 else Decimal(0)
    else:
        pct = (Decimal(amount) - low) * 100 / (Decimal(high) - low)
    best = None
    for g in grades:
        share = split.shares.get(g.id)
        if share is None:
            continue
        lo_pct, hi_pct = share
        if lo_pct <= pct < hi_pct or (pct == hi_pct == 100) or (pct >= 100 and hi_pct == 100):
            best = g.id  # grades are ordered light -> heavy; on a shared end the heavier is kept
        elif pct == hi_pct and best is None:
            best = g.id
    return best


def recommend_point(how, low, high) -> object:
    """Where in a band the recommended amount sits, unrounded."""
    if high is UNBOUNDED:
        return low
    if how == "low":
        return low if type(low) is int else Decimal(low)
    if how == "high":
        return high if type(high) is int else Decimal(high)
    if how == "midpoint":
        if type(low) is int and type(high) is int and (low + high) % 2 == 0:
            return (low + high) // 2  # exact in whole minor units: no Decimal needed
        return (Decimal(low) + Decimal(high)) / 2
    return Decimal(low) + (Decimal(high) - Decimal(low)) * Decimal(how) / 100


# ---------------------------------------------------------------- band ends: which end includes the number

def declared_ends(rb, v, item=None):
    """The boundary words in force (boundaries.Ends): the table cell's or tier's own, else the violation's,
    else the rulebook's."""
    for holder in (item, v, rb):
        ends = getattr(holder, "ends", None)
        if ends is not None:
            return ends
    from penalty.rulebook.boundaries import KEYWORDS
    return KEYWORDS[rb.boundaries]


def holds(low, high, low_inc: bool, high_inc: bool, amount) -> bool:
    """Whether a band with these ends holds `amount` (a single amount always holds itself)."""
    if low == high:
        return amount == low
    above = amount > low or (low_inc and amount == low)
    below = high is UNBOUNDED or amount < high or (high_inc and amount == high)
    return above and below


def other_cells(rb, v, chosen) -> tuple:
    """(low, high, low_inc, high_inc) of every other band of the violation's table: the amounts that already
    have a cell of their own. Bands equal to the chosen one hold the same amounts and are left out."""
    m = v.model
    if m is None or m.kind not in ("grid", "situations"):
        return ()

    def make():
        items = m.cells.values() if m.kind == "grid" else m.items
        out = []
        for it in items:
            b = it.band
            if b is None or b.low is UNBOUNDED or (chosen is not None and b == chosen.band):
                continue
            e = declared_ends(rb, v, it)
            out.append((b.low, b.high, e.low, e.high))
        return tuple(out)
    return rb.cached(("other cells", v.id, None if chosen is None else chosen.pos), make)


def included_ends(declared, low, high, bounds, others) -> tuple:
    """(low_inclusive, high_inclusive) of a within-range band.

    The declared words decide. An end the words exclude is still included when it is the statutory limit
    itself and no other cell of the table holds that amount (the law's maximum must be somebody's amount);
    when the table gives the limit a cell of its own (Guangdong: 16万元以上20万元以下 and 20万元), the words
    stand and the amount belongs to that cell only. A single amount includes itself.
    """
    if low == high:
        return True, True

    def free(amount):
        return not any(holds(*o, amount) for o in others)
    low_inc = declared.low or (low == bounds[0] and free(low))
    high_inc = declared.high or high is UNBOUNDED or (high == bounds[1] and free(high))
    return low_inc, high_inc


def inside_ends(rec, low, high, low_inc: bool, high_inc: bool, step: int):
    """The recommended amount moved off an excluded end, one rounding step inwards."""
    if rec is UNBOUNDED or low is UNBOUNDED or high is UNBOUNDED or high <= low:
        return rec
    if not high_inc and rec >= high:
        rec = max(low, high - step)
    if not low_inc and rec <= low:
        rec = min(high, low + step)
    return rec
