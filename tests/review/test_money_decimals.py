"""Money cells written as plain decimals (`1.13` yuan) are converted in columns (parse.money); every spelling
reads as penalty.values.read_money reads it, the one definition of how an amount is written."""
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from penalty.review.parse import money
from penalty.values import read_money

DIGITS = st.text("0123456789", min_size=0, max_size=17)
DECIMALS = st.builds(lambda sign, whole, frac, dot: f"{sign}{whole}{dot}{frac}", st.sampled_from(["", "", "-", "+"]),
                     DIGITS, st.text("0123456789", max_size=5), st.sampled_from([".", ".", ""]))


def expected(text, minor):
    try:
        return read_money(text, minor, "CNY"), None
    except ValueError:
        return None, "refused"


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(DECIMALS, min_size=1, max_size=30), minor=st.sampled_from([1, 10, 100, 1000]))
def test_decimal_cells_read_as_read_money(texts, minor):
    value, err = money(pl.Series(texts, dtype=pl.String), minor, None, None, (), "CNY")
    for text, v, e in zip(texts, value.to_list(), err.to_list()):
        want, refused = expected(text, minor)
        if not text.strip():
            assert v is None and e is None
        else:
            assert (v, e is not None) == (want, refused is not None), text


def test_cents_by_hand():
    """1.13 yuan is 113 fen; 0.5 yuan 50 fen; 1.234 yuan has no fen count (refused as too precise); `-00` has a
    leading zero, refused as a case file refuses it (it was read as 0 in columns)."""
    texts = ["1.13", "0.5", "1.234", "1000000000000000.00", "-00"]
    value, err = money(pl.Series(texts), 100, None, None, (), "CNY")
    assert value.to_list() == [113, 50, None, 100_000_000_000_000_000, None]
    assert err.to_list()[:2] == [None, None] and err[2] == "review.reject.too_precise"
    assert err[4] == "review.reject.leading_zero"
