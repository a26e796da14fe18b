"""The Guangdong rulebook's general rules and conditional measures as data (粤环发〔2021〕7号, ../shared/sources/gd-2021/).

Every expected figure is worked out by hand from the regulation and Annex 1:
- art. 14: after a public apology and pledge the fine is 30%-50% lower, i.e. 50%-70% of the amount the table gives;
  a reduced amount below the statutory minimum is the statutory minimum.
- §1.7 (p. 8, 《建设项目环境保护管理条例》第二十二条第二款): 逾期未改正的，责令停止建设 - a later event, shown, not applied.
- §1.8 (pp. 9-11, 第二十三条第一款): 造成重大环境污染或者生态破坏的，责令停止生产或者使用，或者……责令关闭.
"""
import pytest

from penalty.engine.assess import assess
from penalty.engine.facts import parse_case
from penalty.rulebook.bundled import bundled_rulebook


@pytest.fixture(scope="module")
def rb():
    return bundled_rulebook("gd-eco-2022")


def act(rb, violation, facts):
    return assess(rb, parse_case({"violation": violation, "facts": facts}, rb)).acts[0].data


def yuan(minor):
    return minor // 100


def apology(result):
    [alt] = [a for a in result["alternatives"] if a["adjustment"] == "gd-14-public-apology"]
    return yuan(alt["range"]["low"]), yuan(alt["range"]["high"])


@pytest.mark.parametrize("violation, facts, table_amount, offered", [
    # §1.9: 25% + 20% (untruthful) = 45% x 200,000 = 90,000; 50%-70% = 45,000-63,000; the minimum is 50,000
    ("gd-eia-1-9-publish-acceptance", {"corrected_within_deadline": True, "disclosure": "untruthful", "duration_days": 4},
     90000, (50000, 63000)),
    # §1.1, investment 10,000,000 (statutory 100,000-500,000): 20+15+16+19 = 70% x 500,000 = 350,000 -> 175,000-245,000
    ("gd-eia-1-1-unapproved-construction", {"total_investment": 10000000, "in_water_source_or_redline": True,
                                            "duration_months": 12, "same_count_2y": 4}, 350000, (175000, 245000)),
    # §1.1 at 20% = 100,000, the statutory minimum itself: 50,000-70,000 is below it, so the minimum
    ("gd-eia-1-1-unapproved-construction", {"total_investment": 10000000}, 100000, (100000, 100000)),
])
def test_art_14_apology_offers_50_to_70_percent_never_below_the_statutory_minimum(rb, violation, facts, table_amount,
                                                                                  offered):
    result = act(rb, violation, {**facts, "public_apology": True})
    assert yuan(result["recommended"]) == table_amount  # a "may" rule: the officer chooses; the table stands
    assert apology(result) == offered


def test_art_14_is_not_offered_when_an_exclusion_applies(rb):
    result = act(rb, "gd-eia-1-9-publish-acceptance", {"corrected_within_deadline": True, "public_apology": True,
                                                       "apology_excluded": True})
    assert [a["adjustment"] for a in result["alternatives"]] == []


def test_1_7_stop_construction_is_a_follow_up_of_not_correcting_in_time(rb):
    result = act(rb, "gd-eia-1-7-countermeasures", {})
    assert [m["id"] for m in result["measures"]] == ["order_correct_in_time"]
    [later] = result["follow_up"]
    assert later["if"]["zh"] == "逾期未改正的"
    assert [m["id"] for m in later["measures"]] == ["order_stop_construction"]


@pytest.mark.parametrize("violation", ["gd-eia-1-8-acceptance-corrected", "gd-eia-1-8-acceptance-overdue"])
@pytest.mark.parametrize("major, expected", [
    (False, ["order_correct_in_time"]),
    (True, ["order_correct_in_time", "order_stop_production_or_close"]),
])
def test_1_8_stop_or_close_only_with_major_pollution_or_damage(rb, violation, major, expected):
    result = act(rb, violation, {"facility_status": "not_built", "major_pollution_or_damage": major})
    assert [m["id"] for m in result["measures"]] == expected
