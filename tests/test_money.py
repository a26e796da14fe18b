from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from penalty.money import UNBOUNDED, Rounding, to_minor
from penalty.values import read_number


@pytest.mark.parametrize("text,value", [
    ("12000", Decimal(12000)), ("１２０００", Decimal(12000)), ("12,000", Decimal(12000)), ("1,234,567.5", Decimal("1234567.5")),
    (" 15000 ", Decimal(15000)), ("０.５", Decimal("0.5")), (7, Decimal(7)),
])
def test_accepted_numbers(text, value):
    assert read_number(text) == value


@pytest.mark.parametrize("text,code", [
    ("12,00", "number.bad_separators"), ("1,2345", "number.bad_separators"), ("abc", "number.not_number"),
    ("1e5", "number.exponent"), ("NaN", "number.not_finite"), ("", "number.not_number"), (True, "number.not_number"),
    ("9" * 20, "number.too_big"), (1.5, "value.float"), ("1-2", "number.not_number"),
])
def test_refused_numbers(text, code):
    with pytest.raises(ValueError) as e:
        read_number(text)
    assert str(e.value) == code


def test_to_minor_refuses_fractions_of_a_fen():
    assert to_minor(Decimal("12.34"), 100) == 1234
    with pytest.raises(ValueError):
        to_minor(Decimal("12.345"), 100)


@given(st.integers(min_value=0, max_value=10**17), st.sampled_from([1, 100, 10000]),
       st.sampled_from(["half_up", "half_even", "down", "up", "floor", "ceiling"]))
def test_rounding_lands_on_the_grid_and_moves_less_than_a_step(value, step, mode):
    r = Rounding(step, mode).apply(Decimal(value) / 3)
    assert r % step == 0
    assert abs(Decimal(r) - Decimal(value) / 3) < step


def test_unbounded_orders_above_everything():
    assert 10**30 < UNBOUNDED and not UNBOUNDED < 5 and max(3, UNBOUNDED) is UNBOUNDED
    assert Rounding(100, "half_up").apply(UNBOUNDED) is UNBOUNDED
