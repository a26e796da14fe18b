"""Statutory fine forms and amount splitting: from the active form and a grade to a band in minor units."""
from __future__ import annotations

from decimal import Decimal, localcontext

from penalty.money import UNBOUNDED, Rounding
from penalty.rulebook.boundaries import declared_ends, included_ends, other_cells  # noqa: F401 (the engine's names)

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

def inside_ends(rec, low, high, low_inc: bool, high_inc: bool, step: int):
    """The recommended amount moved off an excluded end, one rounding step inwards."""
    if rec is UNBOUNDED or low is UNBOUNDED or high is UNBOUNDED or high <= low:
        return rec
    if not high_inc and rec >= high:
        rec = max(low, high - step)
    if not low_inc and rec <= low:
        rec = min(high, low + step)
    return rec
