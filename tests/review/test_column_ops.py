"""The polars backend of the money path (penalty.review.exprs.ColumnOps): its primitives on columns and on
constants against exact arithmetic done here with the standard library (Fraction, Decimal.quantize)."""
from __future__ import annotations

import operator
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal
from fractions import Fraction

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penalty.money import UNBOUNDED, Rounding
from penalty.review.exprs import I128, UNB, ColumnOps, Lin, to_expr

MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN, "up": ROUND_UP,
         "floor": ROUND_FLOOR, "ceiling": ROUND_CEILING}
AMOUNTS = st.integers(-10 ** 15, 10 ** 15)
FACTORS = st.fractions(min_value=-1000, max_value=1000, max_denominator=10 ** 4)


def _quantize(value: Fraction, step: int, mode: str) -> int:
    """value rounded to whole steps, as Decimal.quantize does it (in an 80-digit context)."""
    from decimal import localcontext
    with localcontext() as ctx:
        ctx.prec = 80
        steps = (Decimal(value.numerator) / Decimal(value.denominator) / step)
        # a non-terminating quotient is cut at 80 digits: far beyond where a tie could be mistaken
        return int(steps.quantize(Decimal(1), rounding=MODES[mode])) * step


def _eval(o: ColumnOps, value) -> list:
    """The value on every row of the ops' frame (a constant is broadcast)."""
    return o.frame.with_columns(to_expr(value).alias("_v")).collect()["_v"].to_list()


@settings(max_examples=60, deadline=None)
@given(st.lists(AMOUNTS, min_size=1, max_size=8), FACTORS, st.integers(0, 10 ** 6), st.sampled_from([1, 3, 100]),
       st.sampled_from(sorted(MODES)))
def test_round_of_an_affine_value_is_the_exact_rounding(xs, f, c, step, mode):
    frame = pl.DataFrame({"x": xs}, schema={"x": I128})
    o = ColumnOps(frame.lazy())
    value = o.add(o.scale(o.col("x"), f.numerator, f.denominator), c)
    got = _eval(o, o.round(value, Rounding(step, mode)))
    assert got == [_quantize(x * f + c, step, mode) for x in xs]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(AMOUNTS, AMOUNTS), min_size=1, max_size=8), FACTORS, FACTORS)
def test_comparisons_of_rational_values_are_exact(pairs, f, g):
    frame = pl.DataFrame({"a": [a for a, _ in pairs], "b": [b for _, b in pairs]}, schema={"a": I128, "b": I128})
    o = ColumnOps(frame.lazy())
    left, right = o.scale(o.col("a"), f), o.scale(o.col("b"), g)
    for name, op in (("ge", operator.ge), ("le", operator.le), ("eq", operator.eq), ("lt", operator.lt),
                     ("gt", operator.gt)):
        got = _eval(o, getattr(o, name)(left, right))
        assert got == [op(a * f, b * g) for a, b in pairs], name


@given(FACTORS, st.sampled_from([1, 3, 100]), st.sampled_from(sorted(MODES)))
def test_constants_fold_to_python_values(f, step, mode):
    o = ColumnOps(pl.DataFrame({"x": [1]}).lazy())
    got = o.round(o.scale(7, f.numerator, f.denominator), Rounding(step, mode))
    value = got if isinstance(got, int) else pl.select(to_expr(got))[0, 0]
    assert value == _quantize(7 * f, step, mode)
    assert o.eq(o.add(1, 2), 3) is True and o.gt(5, UNBOUNDED) is False and o.is_unbounded(UNBOUNDED) is True
    assert o.all_(True, lambda: False) is False and o.any_(False, lambda: True) is True


def test_clamp_min_max_select_and_unbounded_on_columns():
    frame = pl.DataFrame({"x": [5, 50, 500, UNB], "lo": [10, 10, 10, 10], "hi": [100, 100, UNB, 100]},
                         schema={"x": I128, "lo": I128, "hi": I128})
    o = ColumnOps(frame.lazy(), ["x", "hi"])
    x, lo, hi = o.col("x"), o.col("lo"), o.col("hi")
    got = o.frame.collect().select(
        to_expr(o.clamp(x, lo, hi)).alias("clamp"), to_expr(o.max_(x, lo)).alias("max"),
        to_expr(o.min_(x, hi)).alias("min"), to_expr(o.is_unbounded(x)).alias("unb"),
        to_expr(o.select(o.gt(x, 40), "big", None)).alias("sel")).to_dict(as_series=False)
    # the engine's clamp: UNBOUNDED becomes the high end, an UNBOUNDED high end never binds
    assert got == {"clamp": [10, 50, 500, 100], "max": [10, 50, 500, UNB], "min": [5, 50, 500, 100],
                   "unb": [False, False, False, True], "sel": [None, "big", "big", "big"]}
    assert o.is_unbounded(lo) is False  # a column not named as possibly unbounded
    assert o.is_unbounded(o.scale(x, 1, 2)) is False  # arithmetic results are finite, as in Python


def test_let_names_computed_values_and_keeps_constants_and_columns():
    o = ColumnOps(pl.DataFrame({"x": [3, 4]}, schema={"x": I128}).lazy())
    a, b, c = o.let(("_a", "_b", "_c"), o.add(o.col("x"), 1), 7, o.col("x"))
    assert b == 7 and isinstance(c, Lin)
    assert o.frame.collect()["_a"].to_list() == [4, 5]
    with pytest.raises(ValueError):
        to_expr(o.scale(o.col("x"), 1, 2))  # half a minor unit has no Int128 column
