"""The money path, written once: from a row's known table key to its range, recommended amount and band ends.

Once the statutory branch, the model's cell / situation / points sum and the adjustments are known (the *key*),
what is left is a short straight-line program over a few per-row amounts (the statutory low and high, a base
fact, the points amount): shares of the range, rounding, clamping, band ends, the recommended point. Every rule
of that program is written here ONCE, against an operations object `o`, and run by two backends:

- `PYTHON` (below): plain values, exact (int minor units, Decimal fractions of them, `UNBOUNDED`), `any_` /
  `all_` / `select` stop at the first deciding operand as `or` / `and` / `if` do. `assess()` runs it per case.
- `penalty.review.exprs.ColumnOps`: the same operations building polars expressions over Int128 columns (exact
  rationals over a common denominator, never float). The review runs it once per key over all the key's rows.

The operations (`o.`): amounts `add(a, b)`, `sub(a, b)`, `scale(a, num, den=1)` (a × num / den, num and den
constants), `round(a, rounding)` (`Rounding.apply`), `clamp(a, low, high)` (the engine's clamp: UNBOUNDED
becomes `high`, an UNBOUNDED `high` never binds), `max_`, `min_`, `is_unbounded`; comparisons `eq lt gt ge le`;
truth `any_ all_ not_ lit` (those of `penalty.rulebook.boundaries`, whose band-end rules run on the same
object); `select(cond, a, b)` (a or b: values, or zero-argument callables so that Python computes one of
them); `is_none`; `let(names, *values)` names intermediate values (the polars backend makes them columns: a
query that nests every step is mostly planning time; Python returns the values). `geometric(split, low, high)`
says whether a split is geometric there: only Python answers yes (logarithms have no exact integer form; the
review sends every row that could be geometric to the reference engine, so its backend always says no).

Python-only, by the same rule: geometric splits, and the `within` / `scale` band parts of local rules (the
review sends those rows to the reference engine too). The cell's band itself is resolved by the caller (a
constant of the key) and handed in as `band`: the one place where a band written in the table enters.
"""
from __future__ import annotations

import operator
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from penalty.money import UNBOUNDED, Rounding
from penalty.rulebook import boundaries
from penalty.rulebook.boundaries import declared_ends, included_ends, other_cells

CEILING, FLOOR = Rounding(1, "ceiling"), Rounding(1, "floor")  # statutory limits: whole minor units, inwards
FIXED_FORMS = ("range", "max", "min")  # statutory forms whose amounts are constants (the others: of a base fact)
NO_FINE = ("no_penalty", "warning")  # grade kinds whose result carries no fine: range 0-0, no statutory clamp


# ---------------------------------------------------------------- the Python backend

def _scale(x, num, den=1):
    """x × num / den: an int while it stays whole in ints, else Decimal (exact at the engine's magnitudes)."""
    if type(x) is int and type(num) is int:
        n = x * num
        if n % den == 0:
            return n // den
    return Decimal(x) * num / den


def _clamp(amount, low, high):
    if amount is UNBOUNDED:
        return high
    if amount < low:
        return low
    if high is not UNBOUNDED and amount > high:
        return high
    return amount


def _select(cond, a, b):
    chosen = a if cond else b
    return chosen() if callable(chosen) else chosen


PYTHON = SimpleNamespace(
    **vars(boundaries.PYTHON),
    add=operator.add, sub=operator.sub, scale=_scale, round=lambda x, rounding: rounding.apply(x), clamp=_clamp,
    max_=max, min_=min, ge=operator.ge, le=operator.le, select=_select, is_none=lambda x: x is None,
    let=lambda names, *values: values, geometric=lambda split, low, high: _fines().uses_geometric(split, low, high))


def _fines():
    global _FINES
    if _FINES is None:
        from penalty.engine import fines  # the geometric arithmetic (Python only); fines imports this module
        _FINES = fines
    return _FINES


_FINES: Any = None


# ---------------------------------------------------------------- the statutory range and points

def statutory_range(o, form, base=None) -> tuple:
    """(low, high) of the active fine form: its constants, or a multiple / percentage of `base` rounded inwards
    to whole minor units (the caller refuses a base so small that low > high: no whole minor unit between)."""
    if form.kind in FIXED_FORMS:
        return form.low, form.high
    den = 1 if form.kind == "multiple" else 100
    return o.round(o.scale(base, form.low, den), CEILING), o.round(o.scale(base, form.high, den), FLOOR)


def share_of(o, base, percent, rounding):
    """`percent` % of `base`, rounded by the rulebook (a points model's amount and the band around it)."""
    return o.round(o.scale(base, percent, 100), rounding)


# ---------------------------------------------------------------- a grade's band on the statutory range

def grade_band(o, grade, split, low, high, open_high: bool) -> tuple:
    """((low, high) unrounded, note code) of a grade on the statutory range [low, high].

    no_penalty and warning (警告, no fine) -> (0, 0). below_minimum (减轻) -> a share of the statutory minimum. Within the range: the grade's
    share, placed linearly (geometrically when the split says so: Python only); when the law writes no maximum
    (`open_high`), multiples of the minimum.
    """
    kind = grade.kind
    if kind in NO_FINE:
        return (0, 0), None
    if kind == "below_minimum":
        lo_pct, hi_pct = split.below_minimum if split else (0, 100)
        note = o.select(o.eq(low, 0), "engine.mitigated_zero_min", None)
        return (o.scale(low, lo_pct, 100), o.scale(low, hi_pct, 100)), note
    if split is None:
        return (low, high), "engine.no_split"
    if open_high:
        multiples = split.open_maximum.get(grade.id)
        if multiples is None:
            return (low, UNBOUNDED), "engine.no_open_share"
        a, b = multiples
        return (o.scale(low, a), UNBOUNDED if b is None else o.scale(low, b)), None
    share = split.shares.get(grade.id)
    if share is None:
        return (low, high), "engine.no_share"
    if o.geometric(split, low, high):
        point = _fines().geometric_point
        return (point(low, high, share[0]), point(low, high, share[1])), "engine.geometric"
    return (_linear(o, low, high, share[0]), _linear(o, low, high, share[1])), None


def _linear(o, low, high, pct):
    return o.add(low, o.scale(o.sub(high, low), pct, 100))


def band_ends(o, rounding, grade, split, low, high, stat_low, stat_high, open_high: bool) -> tuple:
    """The rounded ends of a split band. An end at 0% or 100% of the range IS the statutory limit (rounding it
    would leave lawful amounts in no band, or put the band past the law); an end shared with the neighbouring
    grade uses the rulebook's rounding, so neighbours stay contiguous; the floor of the 减轻 band rounds inward
    (`Rounding.inward`: it is nobody else's boundary)."""
    within = grade.kind == "within_range" and split is not None
    if within and not open_high and grade.id in split.shares:
        a, b = split.shares[grade.id]
        return (stat_low if a == 0 else o.round(low, rounding)), (stat_high if b == 100 else o.round(high, rounding))
    if within and open_high and grade.id in split.open_maximum:
        a, _ = split.open_maximum[grade.id]
        return (stat_low if a == 1 else o.round(low, rounding)), o.round(high, rounding)
    if grade.kind == "below_minimum":
        b = split.below_minimum[1] if split is not None else 100
        up, down = Rounding(rounding.step, "ceiling"), Rounding(rounding.step, "floor")
        return o.round(low, up), (stat_low if b == 100 else o.round(high, down))
    return o.round(low, rounding), o.round(high, rounding)


def recommend_point(o, how, low, high):
    """Where in a band the recommended amount sits, unrounded: an end, the midpoint or a percentage of the way
    (a band without an upper end recommends its lower end)."""
    if how == "low" or how == "high":
        return o.select(o.is_unbounded(high), low, low if how == "low" else high)

    def point():
        if how == "midpoint":
            return o.scale(o.add(low, high), 1, 2)
        return _linear(o, low, high, Decimal(how))
    return o.select(o.is_unbounded(high), low, point)


def grade_at(o, split, grades, low, high, amount, open_high: bool):
    """The within-range grade whose share holds `amount` (when a table gives a band or points an amount but no
    grade), or None. Grades are ordered light -> heavy: on an end two shares have in common the heavier is
    kept; an amount at or past 100% belongs to the share that reaches 100%."""
    if split is None or not split.shares or open_high:
        return None

    def find():
        if o.geometric(split, low, high):
            pct = _fines().geometric_percent(low, high, amount)

            def ge(p):
                return pct >= p

            def eq(p):
                return pct == p
        else:  # pct = (amount − low)·100 / (high − low), compared without dividing: exact
            num, den = o.scale(o.sub(amount, low), 100), o.sub(high, low)

            def ge(p):
                return o.ge(num, o.scale(den, p))

            def eq(p):
                return o.eq(num, o.scale(den, p))
        def keep(best, gid, lo_pct, hi_pct):  # the grade if its share holds pct, else the grade so far
            inside = o.any_(o.all_(ge(lo_pct), lambda: o.not_(ge(hi_pct))),
                            lambda: o.all_(hi_pct == 100, lambda: ge(100)))
            return o.select(inside, gid, lambda: o.select(o.all_(o.is_none(best), lambda: eq(hi_pct)), gid, best))
        best = None
        for g in grades:
            share = split.shares.get(g.id)
            if share is not None:
                best = keep(best, g.id, *share)
        return best
    return o.select(o.any_(o.is_unbounded(amount), lambda: o.eq(high, low)), None, find)


# ---------------------------------------------------------------- the whole path for one row

class Money:
    """What the money path worked out (plain values from PYTHON, expressions from the polars backend).

    source: points | table_in_grade | table | split; low / high / rec_raw / rec: the band and recommendation
    before the statutory clamp (rec rounded and kept inside its band); bounds: what the law allows this grade;
    range_low / range_high / rec_clamped: after the clamp; before_clamp: rec when the clamp moved it, else None
    (the clamp is a step of its own, announced); low_inclusive / high_inclusive: which ends the band includes;
    recommended: rec_clamped moved off an excluded end."""
    __slots__ = ("source", "how", "note", "low", "high", "rec_raw", "rec", "bounds", "range_low", "range_high",
                 "rec_clamped", "before_clamp", "low_inclusive", "high_inclusive", "recommended")
    # filled in by `money` as it goes (declared so that a type checker knows the names)
    source: str
    how: Any
    note: Any
    low: Any
    high: Any
    rec_raw: Any
    rec: Any
    bounds: Any
    range_low: Any
    range_high: Any
    rec_clamped: Any
    before_clamp: Any
    low_inclusive: Any
    high_inclusive: Any
    recommended: Any


def source_of(grade, same_as_model: bool, band, points, moved: bool, split, open_high: bool) -> str:
    """Where the amounts come from. A points model's amount is the one final amount (Guangdong art. 6) while no
    adjustment moved the grade. A band written in the table is kept; when an adjustment moved or capped the
    grade (`moved`) and the new grade lies within the range, it is brought inside the grade's share
    (table_in_grade): a mitigating circumstance never raises a penalty, and a heavier cell never ends up with a
    lower range than a lighter one under the same adjustment. Otherwise the split gives the grade's band."""
    if same_as_model and points is not None:
        return "points"
    within = grade.kind == "within_range"
    if band is not None and (same_as_model or within):
        if (moved or not same_as_model) and within and split is not None and grade.id in split.shares \
                and not open_high:
            return "table_in_grade"
        if same_as_model:
            return "table"
    return "split"


def money(o, rb, v, grade, *, same_as_model: bool, band, points, rec_override, moved: bool, parts, chosen,
          stat_low, stat_high, open_high: bool) -> Money:
    """Grade -> band, recommended point, rounding, the statutory clamp, band ends. `band`: the table's band of
    the chosen cell or situation (constant); `points`: (amount, band low, band high) of a points model or None;
    `parts`: applied `within` / `scale` band effects (Python only)."""
    split, rounding = v.split, rb.rounding
    r = Money()
    r.how = how = rec_override or (split.recommend if split else "midpoint")
    r.source = source = source_of(grade, same_as_model, band, points, moved, split, open_high)
    cut = None  # (low cut, high cut) by a grade's share (table_in_grade)
    r.note = None
    if source == "points":
        amount, low, high = points
        rec_raw = amount if rec_override is None else recommend_point(o, how, low, high)
    elif source == "table_in_grade":
        (g_low, g_high), r.note = grade_band(o, grade, split, stat_low, stat_high, open_high)
        g_low, g_high = band_ends(o, rounding, grade, split, g_low, g_high, stat_low, stat_high, open_high)
        # an end the grade's share cut is the share's end, and is included as the share's words say, not as the
        # cell's (a cell end rounded inwards is included; the share's top cut from it is the next grade's start)
        cut = (o.lt(band.low, g_low), o.gt(band.high, g_high))
        low, high = o.clamp(band.low, g_low, g_high), o.clamp(band.high, g_low, g_high)
        if not declared_ends(rb, v).high:
            # the band collapsed onto the share's top: an amount only if that end is included, else one
            # rounding step under it (issue 12, finding 5: two tiers gave exactly the excluded top of 从轻)
            onto_top = o.all_(o.eq(low, high), lambda: o.eq(high, g_high), lambda: o.not_(o.eq(g_high, stat_high)),
                              lambda: o.gt(g_high, g_low))

            def under_top():
                # ...and not below the start of a lighter cell that begins in that last step: a cell narrower
                # than the step (§1.5 on fees of 1 yuan: 3.5-4 x is [3.50, 4.00) yuan under a 从轻 top of
                # 4.00) recommends its own low end, so a heavier cell collapsed here must not fall under it
                top = o.max_(g_low, o.sub(g_high, rounding.step))
                for c_low in sorted({c[0] for c in other_cells(rb, v, chosen) if c[0] is not UNBOUNDED}):
                    top = o.select(o.all_(o.lt(c_low, g_high), lambda c_low=c_low, top=top: o.gt(c_low, top)),
                                   c_low, top)
                return top
            low, high = o.select(onto_top, under_top, low), o.select(onto_top, under_top, high)
        rec_raw = recommend_point(o, how, low, high)
    elif source == "table":
        low, high = band.low, band.high
        rec_raw = UNBOUNDED if low is UNBOUNDED else recommend_point(o, how, low, high)
    else:
        (low, high), r.note = grade_band(o, grade, split, stat_low, stat_high, open_high)
        rec_raw = recommend_point(o, how, low, high)
        low, high = band_ends(o, rounding, grade, split, low, high, stat_low, stat_high, open_high)
    if parts and low is not UNBOUNDED and high is not UNBOUNDED:  # Python only (see the module's docstring)
        low, high = band_part(o, rounding, parts, low, high)
        rec_raw = recommend_point(o, how, low, high)
    r.rec_raw = rec_raw
    # rounding must not carry the recommendation out of its own band (a band from UNBOUNDED is [UNBOUNDED,
    # UNBOUNDED], and the clamp leaves UNBOUNDED there too)
    rec = o.clamp(o.round(rec_raw, rounding), low, high)

    # the statutory clamp: the law bounds everything except the grades that are below it by definition
    if grade.kind in NO_FINE:  # no fine: nothing to clamp into the statute (a warning is not a fine of 0 under 300)
        bounds = (0, 0)
    elif grade.kind == "below_minimum":
        bounds = (0, stat_low)
    else:
        bounds = (stat_low, stat_high)
    low, high, rec, b_low, b_high = o.let(("_lo", "_hi", "_rc", "_blo", "_bhi"), low, high, rec, *bounds)
    r.low, r.high, r.rec, r.bounds = low, high, rec, (b_low, b_high)
    bounds = r.bounds
    r.range_low, r.range_high, r.rec_clamped = lo, hi, rc = o.let(
        ("_low", "_high", "_rcl"), o.clamp(low, *bounds), o.clamp(high, *bounds), o.clamp(rec, *bounds))
    r.before_clamp = o.select(o.eq(rc, rec), None, rec)

    # which ends the band includes
    if grade.kind == "below_minimum":
        ends = True, o.eq(lo, hi)  # 减轻 is below the minimum: the minimum itself is not 减轻
    elif grade.kind in NO_FINE or source == "points":  # a band declared around a points sum holds both
        ends = True, True
    else:
        from_table = source in ("table", "table_in_grade")
        ends = included_ends(declared_ends(rb, v, chosen if from_table else None), lo, hi, bounds,
                             other_cells(rb, v, chosen), o)
        if source == "table_in_grade" and cut is not None:
            share = included_ends(declared_ends(rb, v), lo, hi, bounds, other_cells(rb, v, chosen), o)
            ends = tuple(o.select(c, s_, e) for c, s_, e in zip(cut, share, ends))
    r.low_inclusive, r.high_inclusive = low_inc, high_inc = o.let(("_loi", "_hii"), *ends)
    r.recommended = inside_ends(o, rc, lo, hi, low_inc, high_inc, rounding.step)
    return r


def band_part(o, rounding, parts, low, high) -> tuple:
    """`within: [a, b]` keeps a..b % of the band (Guangdong art. 12: 从重 not below the middle); `scale: [a, b]`
    multiplies its ends (art. 14: 30-50% lower = [50, 70]). In order; the ends are rounded by the rulebook."""
    lo, hi = low, high
    for effect, (a, b) in parts:
        if effect == "within":
            lo, hi = _linear(o, lo, hi, a), _linear(o, lo, hi, b)
        else:
            lo, hi = o.scale(lo, a, 100), o.scale(hi, b, 100)
    return o.round(lo, rounding), o.round(hi, rounding)


def inside_ends(o, rec, low, high, low_inclusive, high_inclusive, step: int):
    """The recommended amount moved off an excluded end, one rounding step inwards (a bounded, non-empty band).
    An end known to be included (a plain True, in either backend) moves nothing."""
    if low_inclusive is True and high_inclusive is True:
        return rec

    def bounded():
        return o.all_(o.not_(o.is_unbounded(rec)), lambda: o.not_(o.is_unbounded(low)),
                      lambda: o.not_(o.is_unbounded(high)), lambda: o.gt(high, low))
    rec = o.select(o.all_(o.not_(high_inclusive), bounded, lambda: o.ge(rec, high)),
                   lambda: o.max_(low, o.sub(high, step)), rec)
    return o.select(o.all_(o.not_(low_inclusive), bounded, lambda: o.le(rec, low)),
                    lambda: o.min_(high, o.add(low, step)), rec)


# ---------------------------------------------------------------- measures

def measures(v, grade_id: str, grade_kind: str, extra=(), holds=None) -> list:
    """[(measure id, condition or None)] in order: always, by grade, the matched cell's or situation's own, then
    the conditional ones whose condition `holds` (not for no_penalty); no_penalty keeps only its own."""
    out, seen = [], set()
    for mid in (*v.measures_always, *v.measures_by_grade.get(grade_id, ()), *extra):
        if mid not in seen:
            seen.add(mid)
            out.append((mid, None))
    if holds is not None and grade_kind != "no_penalty":
        for cond, ids in v.measures_when:
            if holds(cond):
                for mid in ids:
                    if mid not in seen:
                        seen.add(mid)
                        out.append((mid, cond))
    if grade_kind == "no_penalty":
        own = v.measures_by_grade.get(grade_id, ())
        out = [m for m in out if m[0] in own]
    return out


def law_measures(rb, v, grade_id: str, grade_kind: str, extra, shall, given) -> list:
    """[(measure id, basis)] the law adds to `measures`' list (`given` ids): under a warning grade the measure
    警告 itself (the loader declares it under the grade's id; its basis is the penalty provision that offers it),
    under no penalty the orders to correct (measures marked `correction`, kept by `rb.corrections`: art. 28), then
    the measures of the applied "shall" adjustments (art. 30: 责令监护人加以管教), whatever the grade. Both
    engines call it."""
    out, seen = [], set(given)
    if grade_kind == "warning" and grade_id not in seen:
        seen.add(grade_id)
        out.append((grade_id, v.penalty_basis))
    if grade_kind == "no_penalty" and rb.corrections is not None:
        for mid, _ in measures(v, grade_id, "within_range", extra):
            if rb.measures[mid].get("correction") and mid not in seen:
                seen.add(mid)
                out.append((mid, rb.corrections))
    for a in shall:
        for mid in a.measures:
            if mid not in seen:
                seen.add(mid)
                out.append((mid, a.article))
    return out

