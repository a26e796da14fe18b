"""A half-open grid whose top row is the statutory maximum, from 粤环发〔2021〕7号 (../shared/sources/gd-2021/).

Annex 1, §2.2 (p. 14): Water Pollution Prevention Law art. 82 item 1, 处二万元以上二十万元以下的罚款:

    未保存原始监测记录            登记管理 2万元以上4万元以下   简化管理 4万元以上6万元以下   重点管理 6万元以上8万元以下
    未按照规定对所排放的水污染物自行监测  登记管理 8万元以上12万元以下  简化管理 12万元以上16万元以下  重点管理 16万元以上20万元以下
    造成重大生态环境影响或者不良社会影响的                              20万元

Regulation art. 23: “以下”不包括本数，“以上”包括本数. So each row is [a, b); 16万元以上20万元以下 does not hold
200,000, which belongs to the 20万元 row alone. Every expected figure below is read from that table and that
article by hand (the recommended point is the middle of the row's band: (a + b) / 2).
"""
import pytest

from penalty.engine.assess import assess
from penalty.engine.facts import parse_case
from penalty.authoring.check import check_text
from penalty.rulebook.load import load_rulebook_text
from penalty.testing.cases import run_case

RULEBOOK = """
penalty_rulebook: 1
id: gd-2021-water-82
title: {zh: 广东省生态环境行政处罚罚款金额裁量表（节选）, en: Guangdong fine discretion table (excerpt)}
document: 粤环发〔2021〕7号
version: "2021"
unit: {kind: money, currency: CNY, minor_units: 100, label: {zh: 元, en: yuan}}
boundaries: “以下”不包括本数，“以上”包括本数
rounding: {step: 1, mode: half_up}
grades:
  - {id: lighter, label: {zh: 从轻处罚}}
  - {id: general, label: {zh: 一般处罚}}
  - {id: heavier, label: {zh: 从重处罚}}
split:
  shares: {lighter: [0, 30], general: [30, 70], heavier: [70, 100]}
measures:
  order_correct_in_time: {label: {zh: 责令限期改正, en: order to correct within a time limit}}
facts:
  conduct:
    type: enum
    values: {records_not_kept: 未保存原始监测记录, not_monitored: 未按照规定对所排放的水污染物自行监测}
  unit_type:
    type: enum
    values: {registration: 登记管理, simplified: 简化管理, key: 重点管理}
  major_impact:
    type: boolean
    label: {zh: 造成重大生态环境影响或者不良社会影响}
violations:
  - id: water-82-1
    title: {zh: 未按照规定对所排放的水污染物自行监测，或者未保存原始监测记录}
    violated: {zh: 《中华人民共和国水污染防治法》第二十三条第一款}
    penalty_basis: {zh: 《中华人民共和国水污染防治法》第八十二条第一项}
    statutory: {range: [20000, 200000]}
    measures: {always: [order_correct_in_time]}
    model:
      situations:
        - {id: records-registration, when: "not major_impact and conduct == 'records_not_kept' and unit_type == 'registration'", band: [20000, 40000]}
        - {id: records-simplified, when: "not major_impact and conduct == 'records_not_kept' and unit_type == 'simplified'", band: [40000, 60000]}
        - {id: records-key, when: "not major_impact and conduct == 'records_not_kept' and unit_type == 'key'", band: [60000, 80000]}
        - {id: monitoring-registration, when: "not major_impact and conduct == 'not_monitored' and unit_type == 'registration'", band: [80000, 120000]}
        - {id: monitoring-simplified, when: "not major_impact and conduct == 'not_monitored' and unit_type == 'simplified'", band: [120000, 160000]}
        - {id: monitoring-key, when: "not major_impact and conduct == 'not_monitored' and unit_type == 'key'", band: [160000, 200000]}
        - {id: major-impact, when: "major_impact", band: 200000}
"""


@pytest.fixture(scope="module")
def rb():
    return load_rulebook_text(RULEBOOK, "gd-2021-water-82.yaml")


def facts(conduct, unit_type, major=False):
    return {"conduct": conduct, "unit_type": unit_type, "major_impact": major}


CASES = [
    # (facts, expected range as the table words it, recommended)
    (facts("not_monitored", "key"), "[160000, 200000)", 180000),           # 16万元以上20万元以下: 200,000 excluded
    (facts("not_monitored", "key", major=True), "200000", 200000),          # 20万元: the maximum's own row
    (facts("records_not_kept", "key", major=True), "200000", 200000),
    (facts("not_monitored", "simplified"), "[120000, 160000)", 140000),    # 12万元以上16万元以下
    (facts("not_monitored", "registration"), "[80000, 120000)", 100000),
    (facts("records_not_kept", "key"), "[60000, 80000)", 70000),
    (facts("records_not_kept", "registration"), "[20000, 40000)", 30000),  # 2万元以上: the statutory minimum included
]


@pytest.mark.parametrize("given,band,recommended", CASES, ids=[c[1] + " " + str(c[0]) for c in CASES])
def test_the_table_as_published(rb, given, band, recommended):
    spec = {"name": band, "violation": "water-82-1", "facts": given,
            "expect": {"range": band, "recommended": recommended, "measures": ["order_correct_in_time"]}}
    out = run_case(rb, spec, None)
    assert out.ok, out.diffs


def test_200000_belongs_to_one_row_only(rb):
    holders = []
    for conduct in ("records_not_kept", "not_monitored"):
        for unit_type in ("registration", "simplified", "key"):
            for major in (False, True):
                r = assess(rb, parse_case({"violation": "water-82-1", "facts": facts(conduct, unit_type, major)},
                                          rb)).acts[0].data
                rg = r["range"]
                if rg["low"] <= 20000000 <= rg["high"] and (rg["high"] > 20000000 or rg["high_inclusive"]):
                    holders.append(r["matched"][0]["id"])
    assert set(holders) == {"major-impact"}
    assert [p.code for p in check_text(RULEBOOK, "gd-2021-water-82.yaml").problems if p.severity != "note"] == []


def test_the_old_rule_would_put_200000_in_two_rows():
    # writing the 16万–20万 row closed ([a, b]) is the old rule "the maximum is always included": the checker
    # names the amount and the row that holds it too
    closed = RULEBOOK.replace("band: [160000, 200000]}", 'band: [160000, 200000], boundaries: "[a, b]"}')
    found = [p for p in check_text(closed, "gd.yaml").problems if p.code == "check.cell_overlap"]
    assert [(p.args["amount"]["zh"], p.args["a"], p.args["b"]) for p in found] == [
        ("200,000元", "monitoring-key", "major-impact")]
    assert found[0].pos.line == RULEBOOK.splitlines().index(next(
        ln for ln in RULEBOOK.splitlines() if "id: major-impact" in ln)) + 1
