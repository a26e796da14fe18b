"""Flags on crafted cases, the peer rule, drift, and recall / false flags on the seeded generator."""
from __future__ import annotations

import datetime as _dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penalty.review import Options, review
from penalty.review.explain import position, position_expr
from penalty.review.synthetic import DRIFT_OFFICERS, PLANTED_KINDS, generate

HEAD = ("案件编号,违法行为,罚款金额,裁量阶次,其他处罚措施,阻挠检查的方式,近一年内同类违法行为次数,货值金额,造成危害后果,"
        "及时停止销售并召回,一年内因同类违法行为受过处罚,违法行为轻微并及时改正，没有造成危害后果,违法行为发生日期,立案日期,"
        "决定日期,减轻理由,承办人\n")
# gd-water-81-obstruct, delaying & none in the year: band [20,000, 40,000) yuan; its midpoint lies in the lower 30% of
# the statutory range, so the grade is 从轻 (lighter)
OK = "gd-water-81-obstruct,{fine},{grade},{measures},delaying,0,,,,,{minor},2024-01-01,{disc},{dec},{reason},甲"


def _case(tmp_path, cn, **kw):
    vals = {"fine": "30000", "grade": "从轻处罚", "measures": "责令改正", "minor": "", "disc": "2024-02-01",
            "dec": "2024-03-01", "reason": ""}
    vals.update(kw)
    p = tmp_path / "one.csv"
    p.write_text(HEAD + "X1," + OK.format(**vals) + "\n", encoding="utf-8")
    r = review(p, cn)
    assert r.rejected.height == 0, r.rejected
    row = r.cases.row(0, named=True)
    return {c for c in ("above_statutory", "above_range", "below_range", "grade_differs", "fined_no_penalty",
                        "missing_measures", "limitation") if row[f"f_{c}"]}, r


def test_clean_case_has_no_flag(tmp_path, cn):
    flags, r = _case(tmp_path, cn)
    assert flags == set()
    assert r.cases["low"][0] == 2_000_000 and r.cases["high"][0] == 4_000_000 and not r.cases["high_inclusive"][0]


@pytest.mark.parametrize("kw,expected", [
    ({"fine": "40000"}, {"above_range"}),  # the exclusive high end (lower_inclusive rulebook)
    ({"fine": "39999.99"}, set()),
    ({"fine": "20000"}, set()),  # the inclusive low end
    ({"fine": "19999"}, {"below_range"}),
    ({"fine": "19999", "reason": "主动消除危害后果"}, set()),
    ({"fine": "250000"}, {"above_range", "above_statutory"}),
    ({"grade": "从重处罚"}, {"grade_differs"}),
    ({"grade": "heavier"}, {"grade_differs"}),
    ({"measures": ""}, {"missing_measures"}),
    ({"measures": "责令改正；没收违法所得"}, set()),
    ({"minor": "是", "fine": "0", "grade": "不予处罚", "measures": ""}, set()),
    ({"minor": "是", "fine": "100", "grade": "不予处罚", "measures": ""}, {"fined_no_penalty"}),
    ({"disc": "2025-12-31", "dec": "2026-02-01"}, set()),  # act 2024-01-01: two years end 2026-01-01
    ({"disc": "2026-01-01", "dec": "2026-02-01"}, set()),
    ({"disc": "2026-01-02", "dec": "2026-02-01"}, {"limitation"}),
])
def test_each_flag(tmp_path, cn, kw, expected):
    flags, r = _case(tmp_path, cn, **kw)
    assert flags == expected
    if expected:
        f = r.flagged("zh")
        assert f.height == 1 and f["reasons"][0] and f["articles"][0]


def test_reasons_name_the_article(tmp_path, cn):
    _, r = _case(tmp_path, cn, fine="250000")
    f = r.flagged("en")
    assert f["flags"][0] == "review.above_statutory;review.above_range"
    assert "250,000 yuan" in f["reasons"][0] and "200,000 yuan" in f["reasons"][0]
    assert "Water Pollution Prevention Law art. 81" in f["articles"][0]


def test_position_text_is_exact():
    bps = [0, 5, 49, 50, 150, 250, 5176, 10000, -512, 12345]
    got = pl.DataFrame({"p": bps}).select(position_expr("p")).to_series().to_list()
    assert got == [position(b) for b in bps]


@pytest.fixture(scope="module")
def synthetic(cn, tmp_path_factory):
    frame, truth = generate(cn, 30_000, seed=11)
    p = tmp_path_factory.mktemp("syn") / "cases.csv"
    frame.write_csv(p)
    return review(p, cn), truth


def test_generator_recall_and_no_false_flags(synthetic):
    r, truth = synthetic
    c = r.cases.select("case_id", "flagged", *(f"f_{k}" for k in PLANTED_KINDS)).join(truth, on="case_id")
    for kind in PLANTED_KINDS:
        sub = c.filter(pl.col("planted") == kind)
        assert sub[f"f_{kind}"].all(), kind  # recall 100% on every planted kind
    clean = c.filter(pl.col("planted") == "")
    assert clean.height > 25_000 and not clean["flagged"].any()
    assert r.read == 30_000 == r.cases.height + r.rejected.height
    bad = truth.filter(pl.col("bad"))["case_id"].to_list()
    assert set(bad) <= set(r.rejected["case_id"].to_list())


def test_drifting_officers_are_found(synthetic):
    r, _ = synthetic
    assert r.counts()["drifting_officers"] == list(DRIFT_OFFICERS)
    assert r.counts()["drifting_units"] == []


def test_threshold_option_changes_outliers(cn, synthetic):
    r, _ = synthetic
    from penalty.review.consistency import peers
    loose, _ = peers(r.cases.drop("peer_n", "peer_median", "dev_bp", "peer_mad", "peer_scale", "f_peer_outlier"),
                     Options(threshold=__import__("decimal").Decimal("1.5")))
    assert loose["f_peer_outlier"].sum() > r.cases["f_peer_outlier"].sum()


def test_result_is_deterministic(cn, tmp_path):
    frame, _ = generate(cn, 3000, seed=5)
    p = tmp_path / "d.csv"
    frame.write_csv(p)
    a, b = review(p, cn), review(p, cn)
    assert a.flagged("zh").equals(b.flagged("zh")) and a.counts() == b.counts()


@settings(max_examples=300, deadline=None)
@given(start=st.dates(min_value=_dt.date(1990, 1, 1), max_value=_dt.date(2090, 12, 31)),
       days=st.integers(min_value=-10, max_value=5 * 366 + 10), years=st.sampled_from([2, 5]))
def test_limitation_columns_follow_the_calendar_rule(start, days, years):
    """The column rule (day counts, yyyymmdd integers near the limit) agrees with penalty.time.dates."""
    from penalty.review.flags import past_limit
    from penalty.time.dates import add_months
    end = start + _dt.timedelta(days=days)
    flagged = past_limit(pl.Series([start, None]), pl.Series([end, end]), pl.Series([years, years]))
    assert flagged.to_list() == [end > add_months(start, 12 * years), False]


@pytest.mark.parametrize("start,end,flagged", [
    ("2024-02-29", "2026-02-28", False), ("2024-02-29", "2026-03-01", True), ("2023-03-01", "2025-03-01", False),
    ("2023-03-01", "2025-03-02", True)])
def test_limitation_from_29_february(start, end, flagged):
    from penalty.review.flags import past_limit
    got = past_limit(pl.Series([_dt.date.fromisoformat(start)]), pl.Series([_dt.date.fromisoformat(end)]),
                     pl.Series([2]))
    assert got.to_list() == [flagged]


@settings(max_examples=200, deadline=None)
@given(data=st.lists(st.tuples(st.integers(0, 10 ** 17), st.integers(0, 10 ** 17), st.integers(0, 10 ** 17)),
                     min_size=1, max_size=5))
def test_band_position_is_exact_at_any_size(data):
    """Int64 arithmetic for ordinary amounts, Int128 beyond 2^48 minor units: the same floor either way."""
    from penalty.review.consistency import band_position
    from penalty.review.exprs import UNB64
    rows = [(f, min(a, b), max(a, b)) for f, a, b in data]
    frame = pl.DataFrame({"fine": [r[0] for r in rows], "low": [r[1] for r in rows], "high": [r[2] for r in rows],
                          "grade_kind": ["within_range"] * len(rows)})
    small = frame.with_columns(pl.col(c) // 10 ** 6 for c in ("fine", "low", "high"))  # the Int64 path
    for f in (frame, small, frame.vstack(pl.DataFrame({"fine": [1], "low": [0], "high": [UNB64],
                                                       "grade_kind": ["within_range"]}))):
        want = [(fi - lo) * 10000 // (hi - lo) if hi != UNB64 and hi > lo else None for fi, lo, hi in
                f.select("fine", "low", "high").iter_rows()]
        want = [w if w is None or -2 ** 63 <= w < 2 ** 63 else None for w in want]  # beyond Int64: undefined
        assert band_position(f)["pos_bp"].to_list() == want
