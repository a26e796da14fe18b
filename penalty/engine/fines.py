"""Statutory fine forms and the geometric split: the parts of the money path that only Python computes.

The money path itself (shares, band ends, rounding, clamping, `grade_at`, the recommended point) is written once
in `penalty.engine.money_path` and run by `assess()` with its Python operations; this module keeps the
engine's error for a statutory range with no whole minor unit in it, and the logarithms of a geometric split.
"""
from __future__ import annotations

from decimal import Decimal, localcontext

from penalty.engine import money_path
from penalty.money import UNBOUNDED


def statutory_range(form, facts: dict) -> tuple:
    """(low, high) in minor units for the active fine form."""
    low, high = money_path.statutory_range(money_path.PYTHON, form, facts[form.of] if form.of else None)
    if low > high:  # a base so small that the range holds no whole minor unit
        from penalty.errors import CaseError, Problem
        raise CaseError([Problem("engine.range_below_unit", None, {"base": form.of})])
    return low, high


def uses_geometric(split, low: int, high) -> bool:
    if high is UNBOUNDED or low <= 0:
        return False
    if split.method == "geometric":
        return True
    return split.geometric_from_ratio is not None and Decimal(high) / Decimal(low) >= split.geometric_from_ratio


def geometric_point(low: int, high: int, pct: Decimal) -> Decimal:
    """The point `pct` % of the way from low to high on a geometric scale (equal ratios, not equal steps)."""
    with localcontext() as ctx:
        ctx.prec = 40
        return Decimal(low) * (Decimal(high) / Decimal(low)) ** (pct / 100)


def geometric_percent(low: int, high: int, amount) -> Decimal:
    """Where `amount` sits between low and high on a geometric scale, in % (the inverse of geometric_point)."""
    if amount <= 0:
        return Decimal(0)
    with localcontext() as ctx:
        ctx.prec = 40
        return ((Decimal(amount) / low).ln() / (Decimal(high) / low).ln()) * 100


def grade_band(grade, split, low: int, high) -> tuple:
    """The unrounded band of a grade on a statutory range and a note code (money_path.grade_band in Python)."""
    return money_path.grade_band(money_path.PYTHON, grade, split, low, high, high is UNBOUNDED)
