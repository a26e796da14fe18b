"""Statutory fine forms and the geometric split: the parts of the money path that only Python computes.

The money path itself (shares, band ends, rounding, clamping, `grade_at`, the recommended point) is written once
in `penalty.engine.money_path` and run by `assess()` with its Python operations; this module keeps the
engine's error for a statutory range with no whole minor unit in it, and the logarithms of a geometric split.
"""
from __future__ import annotations

from decimal import Decimal, localcontext

from penalty.engine import money_path
from penalty.money import UNBOUNDED, Rounding

_NEAREST = Rounding(1, "half_up")  # a single multiple of a fact that is not a whole minor unit


def statutory_range(form, facts: dict) -> tuple:
    """(low, high) in minor units for the active fine form."""
    if form.kind in money_path.FIXED_FORMS:  # its constants (the loader refuses low > high: load.range_order)
        return form.low, form.high
    low, high = money_path.statutory_range(money_path.PYTHON, form, facts[form.of] if form.of else None)
    if low > high:  # a base so small that the range holds no whole minor unit
        from penalty.errors import CaseError, Problem
        raise CaseError([Problem("engine.range_below_unit", None, {"base": form.of})])
    return low, high


def of_base(band, facts: dict) -> tuple:
    """A table band written as a multiple or percentage of a fact (model.Relative) in whole minor units, by the
    statutory range's own conversion (money_path.statutory_range: rounded inwards), and whether each end was a
    whole minor unit already."""
    base = facts[band.of]
    den = 1 if band.kind == "multiple" else 100
    lo, hi = money_path.statutory_range(money_path.PYTHON, band, base)
    if lo > hi:  # a base so small that the band holds no whole minor unit
        from penalty.errors import CaseError, Problem
        raise CaseError([Problem("engine.range_below_unit", None, {"base": band.of})])
    o = money_path.PYTHON
    return lo, hi, lo == o.scale(base, band.low, den), hi == o.scale(base, band.high, den)


def cell_band(band, facts: dict, ends: tuple) -> tuple:
    """A table band written as a multiple or percentage of a fact (model.Relative), on a case's facts:
    (Band in minor units, (low included, high included)). `ends` are the written factors' ends
    (boundaries.relative_ends). An end that is not a whole minor unit was rounded inwards to an amount inside
    the band, so that end is included (3.5倍以下（不含3.5倍）of 1,000.01 yuan is up to 3,500.03 yuan, which is
    under 3,500.035). A single value (所收费用5倍) is that amount, to the nearest minor unit."""
    from penalty.rulebook.model import Band
    if band.low == band.high:
        den = 1 if band.kind == "multiple" else 100
        amount = _NEAREST.apply(money_path.PYTHON.scale(facts[band.of], band.low, den))
        return Band(amount, amount, band, tuple(ends)), (True, True)
    lo, hi, exact_low, exact_high = of_base(band, facts)
    return Band(lo, hi, band, tuple(ends)), (ends[0] or not exact_low, ends[1] or not exact_high)


def resolved_item(rb, v, item, facts: dict):
    """The chosen cell or situation of a table that holds multiples of a fact, on a case's facts: its band in
    minor units, its ends, and every other band of the table resolved the same way (`others`, which
    boundaries.other_cells returns), so that the ends of the result are decided as for a table of amounts."""
    from penalty.record import replace
    from penalty.rulebook.boundaries import Ends, declared_ends, is_relative, relative_ends

    def resolve(it):
        if not is_relative(it.band):
            return it.band, declared_ends(rb, v, it)
        band, (low_inc, high_inc) = cell_band(it.band, facts, relative_ends(rb, v, it))
        return band, Ends(low_inc, high_inc)
    band, ends = resolve(item) if item.band is not None else (None, item.ends)

    def others():
        out = []
        for it in (v.model.cells.values() if v.model.kind == "grid" else v.model.items):
            if it is item or it.band is None:
                continue
            b, e = resolve(it)
            if b.low is UNBOUNDED or (band is not None and (b.low, b.high) == (band.low, band.high)):
                continue
            out.append((b.low, b.high, e.low, e.high))
        return tuple(out)
    return replace(item, band=band, ends=ends, others=OnFirstRead(others))


class OnFirstRead:
    """The other bands of a table of multiples, resolved on the case's facts when first iterated: a dozen
    cells' amounts per case that most results never read (only an end the words exclude that lies on the
    statutory limit, or a band collapsed onto its share's top, asks which amounts have a cell of their own)."""
    __slots__ = ("_make", "_items")

    def __init__(self, make):
        self._make, self._items = make, None

    def __iter__(self):
        if self._items is None:
            self._items, self._make = self._make(), None
        return iter(self._items)


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
