"""Tier adjustments written as rulebook data (issue 12): Jiangmen arts. 5-6, Guangdong arts. 12 and 14, on
Jiangmen's closed count tiers (tests/review/rulebooks/tier-adjustments.yaml). Expected amounts worked by hand in
yuan: the published band, the article's rule, the midpoint unless the rule says where, rounded to 1 yuan."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penalty.engine.assess import assess
from penalty.engine.facts import parse_case
from penalty.errors import RulebookError
from penalty.rulebook.load import load_rulebook, load_rulebook_text

RB_PATH = Path(__file__).parent / "review" / "rulebooks" / "tier-adjustments.yaml"
YUAN = 100


@pytest.fixture(scope="module")
def rb():
    return load_rulebook(RB_PATH)


def act(rb, facts):
    return assess(rb, parse_case({"violation": "monitoring", "facts": facts}, rb)).acts[0].data


def money(r):
    return r["range"]["low"] // YUAN, r["range"]["high"] // YUAN, r["recommended"] // YUAN


@pytest.mark.parametrize("facts, expected", [
    ({"count": 2}, (50_000, 100_000, 75_000)),  # the second time: the published band, its midpoint
    ({"count": 2, "aggravating": True}, (50_000, 100_000, 100_000)),  # art. 5: aggravating -> top of the tier
    ({"count": 2, "priors": 2}, (50_000, 100_000, 100_000)),  # art. 5: two prior penalties -> top of the tier
    ({"count": 2, "priors": 3}, (100_000, 150_000, 125_000)),  # art. 5: three or more -> one tier up
    ({"count": 4, "priors": 5}, (150_000, 200_000, 175_000)),  # the heaviest tier has none above it
    ({"count": 3, "mitigating": True}, (100_000, 150_000, 100_000)),  # art. 6: mitigating -> the lower limit
    ({"count": 2, "heavier_12": True}, (75_000, 100_000, 87_500)),  # Guangdong art. 12: not below the middle
])
def test_published_rules_as_data(rb, facts, expected):
    assert money(act(rb, facts)) == expected


def test_the_tier_move_is_explained(rb):
    r = act(rb, {"count": 2, "priors": 3})
    move = next(s for s in r["trace"] if s["step"] == "tier_move")
    assert (move["data"]["from"], move["data"]["to"]) == ("second", "third")
    assert {m["id"] for m in r["matched"] if m["kind"] == "situation"} == {"second", "third"}


@pytest.mark.parametrize("count, expected", [
    # Guangdong art. 14, a "may": 30-50% lower = the band's ends times 50% and 70%, the midpoint between them
    (3, (50_000, 105_000, 77_500)),
    (2, (25_000, 70_000, 47_500)),  # the example of docs/rulebook-format.md
    # 20,000-50,000 -> 10,000-35,000: never below the statutory minimum 20,000; the point (10,000 + 35,000) / 2
    (1, (20_000, 35_000, 22_500)),
])
def test_public_apology_is_offered_and_never_under_the_minimum(rb, count, expected):
    r = act(rb, {"count": count, "apology": True})
    (alt,) = r["alternatives"]
    assert alt["adjustment"] == "gd-14-apology"
    assert (alt["range"]["low"] // YUAN, alt["range"]["high"] // YUAN, alt["recommended"] // YUAN) == expected


ADJUSTMENT_FACTS = st.fixed_dictionaries({"priors": st.integers(0, 5), "aggravating": st.booleans(),
                                          "mitigating": st.booleans(), "heavier_12": st.booleans(),
                                          "apology": st.booleans()})


@settings(max_examples=80, deadline=None)
@given(adj=ADJUSTMENT_FACTS, lighter=st.integers(1, 4), heavier=st.integers(1, 4))
def test_a_heavier_tier_never_gives_a_lighter_result(rb, adj, lighter, heavier):
    if lighter > heavier:
        lighter, heavier = heavier, lighter
    a, b = act(rb, {"count": lighter, **adj}), act(rb, {"count": heavier, **adj})
    assert money(a)[0] <= money(b)[0] and money(a)[1] <= money(b)[1] and money(a)[2] <= money(b)[2]
    for x, y in zip(a["alternatives"], b["alternatives"]):
        assert x["recommended"] <= y["recommended"] and x["range"]["low"] <= y["range"]["low"]


def test_a_may_adjustment_cannot_move_the_tier():
    src = RB_PATH.read_text(encoding="utf-8").replace(
        'mode: shall, when: "priors >= 3", effect: {tier: 1}', 'mode: may, when: "priors >= 3", effect: {tier: 1}')
    with pytest.raises(RulebookError) as e:
        load_rulebook_text(src, "t.yaml")
    assert [p.code for p in e.value.problems] == ["load.tier_may"]


def test_a_tier_move_on_a_grid_takes_the_next_row():
    """Guangdong's obstruction grid (cn-env-food) with a local rule "three or more in the year: one degree
    heavier": delaying × one-or-more [40,000, 60,000) becomes falsifying × one-or-more [80,000, 110,000)
    (art. 23: 110,000 excluded), whose midpoint is 95,000."""
    from penalty.rulebook.bundled import bundled_dir
    notes = "notes: {zh: 广东省生态环境行政处罚自由裁量权裁量标准（粤环发〔2021〕7号）, en: Guangdong discretion standard (粤环发〔2021〕7号)}"
    src = (bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8").replace(notes, notes + """
    adjustments:
      - {id: local-tier, article: local rule, mode: shall, when: "prior_count_1y >= 3", effect: {tier: 1}}""")
    rb = load_rulebook_text(src, "cn-local.yaml", base_dir=bundled_dir())
    facts = {"obstruction": "delaying", "prior_count_1y": 3}
    r = assess(rb, parse_case({"violation": "gd-water-81-obstruct", "facts": facts}, rb)).acts[0].data
    assert money(r) == (80_000, 110_000, 95_000) and not r["range"]["high_inclusive"]
    assert [m["id"] for m in r["matched"] if m["kind"] == "cell"] == ["delaying×one_in_year", "falsifying×one_in_year"]


@pytest.mark.parametrize("effect", ["{within: [60, 50]}", "{within: [50, 120]}", "{scale: [70, 50]}"])
def test_a_band_part_must_be_ordered_percents(effect):
    src = RB_PATH.read_text(encoding="utf-8").replace("effect: {within: [50, 100]}", f"effect: {effect}")
    with pytest.raises(RulebookError) as e:
        load_rulebook_text(src, "t.yaml")
    assert [p.code for p in e.value.problems] == ["load.bad_part"]
