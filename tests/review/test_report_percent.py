"""Shares in the review report and terminal summary: whole percent rounded half up, `<1%` for a small non-zero
share (issue 17 item 2). Expected values worked out by hand."""
from fractions import Fraction

from hypothesis import given, strategies as st

from penalty.review.report import percent


def test_shares_worked_by_hand():
    assert percent(1, 140) == "<1%"  # 0.71 %: not zero, so never shown as 0%
    assert percent(2, 12) == "17%"  # 16.67 %
    assert percent(1, 8) == "13%"  # 12.5 %: half up
    assert percent(3, 8) == "38%"  # 37.5 %
    assert percent(1, 100) == "1%"  # exactly 1 %
    assert percent(199, 200) == "100%"  # 99.5 %: half up
    assert percent(140, 140) == "100%"
    assert percent(0, 12) == "0%"
    assert percent(0, 0) == "0%"  # nothing reviewed


@given(st.integers(1, 10_000), st.integers(1, 10_000))
def test_half_up_against_fractions(n, total):
    n = min(n, total)
    exact = Fraction(n * 100, total)
    shown = percent(n, total)
    if exact < 1:
        assert shown == "<1%"
    else:
        whole = int(shown.rstrip("%"))
        assert whole - Fraction(1, 2) <= exact < whole + Fraction(1, 2)
