"""Art. 37 (从旧兼从轻): the one definition of the choice (penalty.time.art37), run by both backends.

Expected choices are worked out from the article by hand: the decision-date version applies only when it is
lighter for the case (lower maximum; with equal maxima, lower minimum) or no longer lists the violation; a version
that does not list it weighs 0 – 0; equal ranges keep the act-time version.
"""
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penalty.money import UNBOUNDED
from penalty.review.versioned import _choose
from penalty.time import art37

A, D = art37.ACT, art37.DECISION

# (act unlisted, decision unlisted, act max, act min, decision max, decision min) -> (version, reason)
HAND = [
    ((False, False, 50_000, 10_000, 50_000, 10_000), (A, "time.equal_act_applies")),
    ((False, False, 50_000, 10_000, 40_000, 10_000), (D, "time.decision_lower_max")),
    ((False, False, 50_000, 10_000, 50_000, 5_000), (D, "time.decision_lower_min")),
    ((False, False, 50_000, 10_000, 60_000, 20_000), (A, "time.act_lighter")),
    # a lower minimum does not make a higher maximum lighter
    ((False, False, 50_000, 10_000, 60_000, 5_000), (A, "time.act_lighter")),
    ((True, False, 0, 0, 50_000, 10_000), (D, "time.act_not_listed")),
    ((False, True, 50_000, 10_000, 0, 0), (D, "time.decision_removed")),
    # no penalty under the act-time version already: removing the violation changes nothing
    ((False, True, 0, 0, 0, 0), (A, "time.equal_act_applies")),
    ((False, False, UNBOUNDED, 10_000, 50_000, 10_000), (D, "time.decision_lower_max")),
    ((False, False, 50_000, 10_000, UNBOUNDED, 10_000), (A, "time.act_lighter")),
]


@pytest.mark.parametrize("inputs,expected", HAND)
def test_python_backend_follows_the_article(inputs, expected):
    assert art37.choose(*inputs) == expected


def _frames(rows):
    a = pl.DataFrame({"high": [r[2] for r in rows], "low": [r[3] for r in rows], "_unlisted": [r[0] for r in rows],
                      "reject": [None] * len(rows)}, schema_overrides={"reject": pl.String})
    d = pl.DataFrame({"high": [r[4] for r in rows], "low": [r[5] for r in rows], "_unlisted": [r[1] for r in rows],
                      "reject": [None] * len(rows)}, schema_overrides={"reject": pl.String})
    return a, d


def test_polars_backend_follows_the_article():
    rows = [i for i, _ in HAND if UNBOUNDED not in i]
    out = _choose(*_frames(rows))
    got = list(zip(out["d"].to_list(), out["reason"].to_list()))
    assert got == [(e[0] == D, e[1]) for i, e in HAND if UNBOUNDED not in i]


def test_rows_not_weighed_have_no_reason():
    a, d = _frames([(True, True, 0, 0, 0, 0), (False, False, 50_000, 10_000, 40_000, 10_000)])
    d = d.with_columns(pl.Series("reject", [None, "review.reject.x"]))
    out = _choose(a, d)
    assert out["d"].to_list() == [False, False] and out["reason"].to_list() == [None, None]


amount = st.integers(0, 10**12)


# neither version listing the violation is refused before the choice, so it is not drawn; an unlisted version
# weighs 0 - 0
row = st.tuples(st.booleans(), st.booleans(), amount, amount, amount, amount).filter(lambda r: not (r[0] and r[1])) \
    .map(lambda r: (r[0], r[1], 0 if r[0] else r[2], 0 if r[0] else r[3], 0 if r[1] else r[4], 0 if r[1] else r[5]))


@settings(max_examples=200, deadline=None)
@given(st.lists(row, min_size=1, max_size=30))
def test_both_backends_choose_alike(rows):
    out = _choose(*_frames(rows))
    want = [art37.choose(*r) for r in rows]
    assert list(zip(out["d"].to_list(), out["reason"].to_list())) == [(v == D, why) for v, why in want]
