"""Weighted points (权重累加, Guangdong 粤环发〔2021〕7号 art. 6) give ONE final amount, capped at 100%, with the
published floor, and a statutory clamp that is its own announced step. Expected figures are worked by hand from
the published tables (tests/review/rulebooks/gd-2021-points.yaml names the sections): sum of the weights × the
statutory maximum, in yuan."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penalty.engine.assess import assess
from penalty.engine.facts import parse_case
from penalty.errors import RulebookError
from penalty.rulebook.load import load_rulebook, load_rulebook_text

RB_PATH = Path(__file__).parent / "review" / "rulebooks" / "gd-2021-points.yaml"
YUAN = 100  # minor units


@pytest.fixture(scope="module")
def gd():
    return load_rulebook(RB_PATH)


def act(rb, violation, facts):
    return assess(rb, parse_case({"violation": violation, "facts": facts}, rb)).acts[0].data


def water(**kw):
    facts = {"management": "simplified", "discharge": "b", "sensitive": False, "months": 1, "overdue": False,
             "count": 1}
    facts.update(kw)
    return facts


def waste(**kw):
    facts = {"tonnes": Decimal("0.5"), "area": "ordinary", "overdue": False, "count": 1}
    facts.update(kw)
    return facts


def one_amount(r, yuan):
    """The result is the amount alone: range low = high = recommended, both ends held."""
    assert r["range"]["low"] == r["range"]["high"] == r["recommended"] == yuan * YUAN, r["range"]
    assert r["range"]["low_inclusive"] and r["range"]["high_inclusive"]
    assert r["amount_source"] == "points"


def step(r, kind):
    found = [s for s in r["trace"] if s["step"] == kind]
    return found[0] if found else None


@pytest.mark.parametrize("facts, percent, yuan", [
    # §2.5.1: start 10%, every factor at its lowest level: 10% × 1,000,000 = the statutory minimum itself
    (water(), 10, 100_000),
    # 重点管理 15 + A类 10 + 敏感区 11 + "3个月以上6个月以下" (3 months is 以上: included) 4 + 逾期 5 + 2次 2
    (water(management="key", discharge="a", sensitive=True, months=3, overdue=True, count=2), 57, 570_000),
    # 6 months falls in "6个月以上12个月以下" (9%), the third time 6%
    (water(months=6, count=3), 25, 250_000),
    # every factor at its heaviest: 10 + 15 + 22 + 11 + 19 + 5 + 18 = 100%
    (water(management="key", discharge="toxic", sensitive=True, months=12, overdue=True, count=4), 100, 1_000_000),
])
def test_gd_2_5_1_points_of_the_maximum(gd, facts, percent, yuan):
    r = act(gd, "gd-2.5.1", facts)
    one_amount(r, yuan)
    assert step(r, "points")["data"]["capped"] == percent
    assert step(r, "clamp") is None and r["warnings"] == []


@pytest.mark.parametrize("facts, total, percent, yuan", [
    # §2.5.2 备注 2: 裁量百分值总和不足20%的，按20%计算: 10% counts as 20% of 1,000,000
    (water(), 10, 20, 200_000),
    (water(months=6), 19, 20, 200_000),  # 10 + 9 = 19%, still under the floor
    (water(management="key"), 25, 25, 250_000),  # 10 + 15 = 25%: above the floor, as summed
    (water(months=12, count=4), 47, 47, 470_000),  # 10 + 19 + 18
    (water(months=8, count=2), 21, 21, 210_000),  # 10 + 9 + 2: the example of docs/rulebook-format.md
])
def test_gd_2_5_2_floor_of_20_percent(gd, facts, total, percent, yuan):
    r = act(gd, "gd-2.5.2", facts)
    one_amount(r, yuan)
    data = step(r, "points")["data"]
    assert (data["sum"], data["capped"], data["floor"]) == (total, percent, 20)
    assert step(r, "clamp") is None  # 20% × 1,000,000 is the statutory minimum 200,000: no clamp needed


@pytest.mark.parametrize("fees, facts, stat, yuan", [
    # §4.14: 3-5 times the disposal cost; points × cost × 5. Start 60% × 5 = 3 times: the statutory minimum
    (300_000, waste(), (900_000, 1_500_000), 900_000),
    # 10吨以上 15 + 环境敏感区 13 + 逾期 5 + 4次以上 7 = 100%
    (300_000, waste(tonnes=10, area="sensitive", overdue=True, count=4), (900_000, 1_500_000), 1_500_000),
    # a cost under 200,000 counts as 200,000: range 600,000-1,000,000; 60 + 6 (3吨以上10吨以下) + 4 (限批区) + 2 = 72%
    (100_000, waste(tonnes=3, area="restricted", count=2), (600_000, 1_000_000), 720_000),
])
def test_gd_4_14_points_of_a_multiple(gd, fees, facts, stat, yuan):
    r = act(gd, "gd-4.14", {**facts, "fees": fees})
    assert (r["statutory"]["low"], r["statutory"]["high"]) == (stat[0] * YUAN, stat[1] * YUAN)
    one_amount(r, yuan)


def test_a_clamp_is_its_own_step_citing_the_penalty_provision(gd):
    # issue 12's example: 7% × 1,000,000 = 70,000, under the 100,000 statutory minimum
    r = act(gd, "clamp-example", {"severe": False})
    one_amount(r, 100_000)
    assert step(r, "points")["data"]["amount"] == 70_000 * YUAN
    assert step(r, "rounding")["data"]["recommended"] == 70_000 * YUAN  # rounding did not move it
    clamp = step(r, "clamp")
    assert clamp["cite"] == r["citations"]["penalty_basis"]
    assert clamp["data"]["before"] == [70_000 * YUAN] * 3 and clamp["data"]["after"] == [100_000 * YUAN] * 3
    kinds = [s["step"] for s in r["trace"]]
    assert kinds.index("rounding") < kinds.index("clamp") < kinds.index("measures")
    (w,) = r["warnings"]
    assert w["code"] == "engine.clamped" and w["before"]["recommended"] == 70_000 * YUAN
    assert w["bounds"] == {"low": 100_000 * YUAN, "high": 1_000_000 * YUAN}
    # 50% × 1,000,000 lies inside the range: no clamp
    r = act(gd, "clamp-example", {"severe": True})
    one_amount(r, 500_000)
    assert step(r, "clamp") is None and r["warnings"] == []


def _one_violation(points_yaml: str, statutory="range: [100000, 1000000]"):
    return load_rulebook_text(f"""penalty_rulebook: 1
id: t
title: {{en: t}}
version: "1"
unit: {{kind: money, currency: CNY, minor_units: 100, label: {{zh: 元, en: yuan}}}}
boundaries: lower_inclusive
rounding: {{step: 1, mode: half_up}}
grades: [{{id: general}}]
facts:
  n: {{type: integer, min: 0, max: 100}}
violations:
  - id: v
    title: {{en: v}}
    violated: {{en: a}}
    penalty_basis: {{en: b}}
    statutory: {{{statutory}}}
    model:
      points:
{points_yaml}
""", "t.yaml")


def test_a_declared_band_around_the_sum():
    # around: [5, 10] percentage points: 40% -> 35%..50% of 1,000,000, the amount itself recommended
    rb = _one_violation("""        start: 40
        around: [5, 10]
        factors: [{id: f, levels: [{when: "n >= 0", weight: 0}]}]""")
    r = act(rb, "v", {"n": 1})
    assert (r["range"]["low"], r["range"]["high"], r["recommended"]) == (350_000 * YUAN, 500_000 * YUAN, 400_000 * YUAN)
    assert r["range"]["high_inclusive"]


def test_the_floor_may_not_exceed_the_cap():
    with pytest.raises(RulebookError) as e:
        _one_violation("""        floor: 60
        cap: 50
        factors: [{id: f, levels: [{when: "n >= 0", weight: 0}]}]""")
    assert [p.code for p in e.value.problems] == ["load.points_floor_above_cap"]


@settings(max_examples=60, deadline=None)
@given(start=st.integers(0, 100), w=st.integers(0, 100), n=st.integers(0, 100), floor=st.integers(0, 50))
def test_the_result_is_the_capped_floored_sum_or_the_nearest_statutory_limit(start, w, n, floor):
    """By hand: pct = max(min(start + w·[n ≥ 50], 100), floor); amount = pct% of 1,000,000; then into
    [100,000, 1,000,000], announced by a clamp step exactly when it moved."""
    rb = _one_violation(f"""        start: {start}
        floor: {floor}
        clamp: true
        factors: [{{id: f, levels: [{{when: "n < 50", weight: 0}}, {{when: "n >= 50", weight: {w}}}]}}]""")
    r = act(rb, "v", {"n": n})
    pct = max(min(start + (w if n >= 50 else 0), 100), floor)
    computed = pct * 10_000 * YUAN
    expected = min(max(computed, 100_000 * YUAN), 1_000_000 * YUAN)
    assert r["range"]["low"] == r["range"]["high"] == r["recommended"] == expected
    assert (step(r, "clamp") is not None) == (computed != expected)
    assert [w["code"] for w in r["warnings"]] == (["engine.clamped"] if computed != expected else [])


@pytest.mark.parametrize("fmt, lang, words", [
    ([], "zh", ["70,000元 低于法定最低罚款数额 100,000元，按 100,000元 处罚", "示例罚则",
                "计算所得金额 70,000元 超出法定幅度"]),
    (["-f", "md"], "en", ["70,000 yuan is below the statutory minimum 100,000 yuan, so the amount is raised to 100,000 yuan",
                          "[example penalty provision: 100,000 to 1,000,000 yuan]",
                          "- the computed amount 70,000 yuan lies outside the statutory range"]),
])
def test_calc_announces_the_clamp(tmp_path, fmt, lang, words):
    from typer.testing import CliRunner

    from penalty.cli.app import app
    case = tmp_path / "c.yaml"
    case.write_text("violation: clamp-example\nfacts: {severe: false}\n", encoding="utf-8")
    out = CliRunner(env={"COLUMNS": "300"}).invoke(app, ["calc", "-r", str(RB_PATH), str(case), *fmt, "--lang", lang],
                                                   catch_exceptions=False)
    assert out.exit_code == 0, out.output
    for w in words:
        assert w in out.output


def test_the_review_holds_a_points_case_to_its_one_amount(tmp_path, gd):
    """§2.5.1, 重点管理 + A类 + 3 months + 2nd time = 10 + 15 + 10 + 4 + 2 = 41% of 1,000,000 = 410,000: the
    review takes no other amount as conforming, and says when the law's minimum made the amount (issue's 7%)."""
    from penalty.review import review
    from penalty.review.explain import reasons
    head = ("案件编号,违法行为,罚款金额,裁量阶次,排污许可分类管理类别,排污情况,排放口位于生态环境敏感区域,违法行为持续时间,"
            "逾期未改正,近二年同类违法行为次数（含本次）,情节较重（示例）,承办人\n")
    row = "{id},{v},{fine},从轻处罚,重点管理,排放A类水污染物（除有毒有害水污染物）,否,3,否,2,否,甲\n"
    p = tmp_path / "cases.csv"
    p.write_text(head + "".join(row.format(id=f"C{i}", v=v, fine=fine) for i, (v, fine) in enumerate([
        ("gd-2.5.1", 410_000), ("gd-2.5.1", 420_000), ("gd-2.5.1", 400_000),  # the amount, above, below
        ("clamp-example", 100_000), ("clamp-example", 150_000)])), encoding="utf-8")
    r = review(p, gd)
    assert r.rejected.height == 0, r.rejected
    rows = r.cases.sort("_row").rows(named=True)
    assert [row["low"] == row["high"] for row in rows] == [True] * 5
    assert [(row["f_above_range"], row["f_below_range"]) for row in rows] == [
        (False, False), (True, False), (False, True), (False, False), (True, False)]
    assert [row["before_clamp"] for row in rows] == [None, None, None, 70_000 * YUAN, 70_000 * YUAN]
    words = reasons(r, "en").sort("_row")["reasons"].to_list()
    assert len(words) == 3 and "70,000 yuan lies outside the statutory range" in words[-1]
    assert "example penalty provision" in words[-1]
