"""Rules of the arithmetic that a careless change would break, each with a case worked by hand."""
import pytest

from penalty.engine.assess import assess
from penalty.engine.facts import parse_case
from penalty.errors import CaseError, RulebookError
from penalty.rulebook.bundled import bundled_dir
from penalty.rulebook.load import load_rulebook_text


def text(name):
    return (bundled_dir() / f"{name}.yaml").read_text(encoding="utf-8")


def act(rb, violation, facts):
    return assess(rb, parse_case({"violation": violation, "facts": facts}, rb)).acts[0].data


@pytest.fixture(scope="module")
def shapes_with_local_rules():
    """example-shapes plus two local (violation-level) rules that try to aggravate."""
    src = text("example-shapes").replace('''    statutory: {range: [10000, 100000]}
    measures: {always: [order_correct]}''', '''    statutory: {range: [10000, 100000]}
    measures: {always: [order_correct]}
    adjustments:
      - {id: local-fix-heavier, article: local rule 1, mode: shall, when: "repeat_count >= 10", effect: {grade: heavier}}
      - {id: local-floor-heavier, article: local rule 2, mode: shall, when: "duration_months >= 5", effect: {at_least: heavier}}''')
    return load_rulebook_text(src, "shapes-local.yaml", base_dir=bundled_dir())


def test_the_lightest_fixed_grade_wins(shapes_with_local_rules):
    # art. 30: under 14 -> no penalty, whatever a local rule fixes
    r = act(shapes_with_local_rules, "points-example", {"repeat_count": 10, "duration_months": 1, "party_age": "under_14"})
    assert (r["grade"], r["recommended"]) == ("no_penalty", 0)
    assert {a["id"]: a["outcome"] for a in r["adjustments"]}["local-fix-heavier"] == "superseded"


def test_a_shall_cap_holds_against_a_floor(shapes_with_local_rules):
    # art. 32 "shall 从轻" (cap at lighter) against a local "at least 从重": the cap applies last
    r = act(shapes_with_local_rules, "points-example", {"repeat_count": 3, "duration_months": 5, "coerced": True})
    assert r["grade"] == "lighter" and (r["range"]["low"], r["range"]["high"]) == (1_000_000, 3_700_000)


def test_mitigated_band_excludes_the_minimum():
    rb = load_rulebook_text(text("cn-env-food"), "cn-env-food.yaml", base_dir=bundled_dir())
    r = act(rb, "food-124-additives", {"goods_value": "9999.99", "recalled_in_time": False, "harm_caused": False,
                                       "repeat_within_year": False, "removed_harm": True})
    alt = next(a for a in r["alternatives"] if a["grade"] == "mitigated")
    # 减轻: 50%-100% of the 50,000 minimum, the minimum itself excluded (it is not 减轻)
    assert (alt["range"]["low"], alt["range"]["high"], alt["range"]["high_inclusive"]) == (2_500_000, 5_000_000, False)
    assert alt["recommended"] < 5_000_000


def test_split_bands_end_exactly_at_the_statutory_limits():
    rb = load_rulebook_text(text("cn-env-food"), "cn-env-food.yaml", base_dir=bundled_dir())
    base = {"recalled_in_time": False, "repeat_within_year": False}
    # goods 12,345.67 yuan -> 10-20x: 123,456.70 - 246,913.40 yuan, not on the 100-yuan grid
    lighter = act(rb, "food-124-additives", {**base, "goods_value": "12345.67", "harm_caused": False, "recalled_in_time": True})
    heavier = act(rb, "food-124-additives", {**base, "goods_value": "12345.67", "harm_caused": True})
    assert lighter["range"]["low"] == 12_345_670 and heavier["range"]["high"] == 24_691_340
    assert heavier["range"]["high_inclusive"] is True
    # the inner edge 30% of the way: 123,456.70 + 0.3 x 123,456.70 = 160,493.71 -> 160,500 on the grid
    assert lighter["range"]["high"] == 16_050_000


def test_the_recommendation_stays_in_its_band():
    src = text("example-shapes").replace("rounding: {step: 1, mode: half_up}", "rounding: {step: 1000, mode: up}")
    src = src.replace('''        - {id: minor, when: "severity == 'minor'", grade: lighter}
        - {id: ordinary, when: "severity == 'ordinary'", grade: general}
        - {id: serious, when: "severity == 'serious'", grade: heavier}
  - id: minimum-only-example''', '''        - {id: minor, when: "severity == 'minor'", band: [20000, 20500]}
        - {id: ordinary, when: "severity == 'ordinary'", grade: general}
        - {id: serious, when: "severity == 'serious'", grade: heavier}
  - id: minimum-only-example''')
    rb = load_rulebook_text(src, "shapes-round-up.yaml", base_dir=bundled_dir())
    r = act(rb, "percent-geometric-example", {"total_investment": 1_000_000, "severity": "minor"})
    assert 2_000_000 <= r["recommended"] <= 2_050_000


def test_a_base_too_small_for_one_fen_is_refused():
    rb = load_rulebook_text(text("example-shapes"), "example-shapes.yaml", base_dir=bundled_dir())
    with pytest.raises(CaseError) as e:
        act(rb, "percent-geometric-example", {"total_investment": "0.01", "severity": "serious"})
    assert e.value.problems[0].code == "engine.range_below_unit"


def test_a_rulebook_needs_a_grade_within_the_range():
    src = text("example-shapes")
    src = src.replace("default_grade: general\n", "")
    for g in ("mitigated", "lighter", "general", "heavier"):
        src = src.replace(f"  - {{id: {g}, ", f"  - {{id: {g}, kind: no_penalty, ", 1) if g != "mitigated" else src
    with pytest.raises(RulebookError) as e:
        load_rulebook_text(src, "no-grade.yaml", base_dir=bundled_dir())
    assert "load.no_within_grade" in [p.code for p in e.value.problems]


def test_points_base_must_be_money():
    src = text("example-shapes").replace("        of: statutory_max\n", "        of: duration_months\n")
    with pytest.raises(RulebookError) as e:
        load_rulebook_text(src, "points-months.yaml", base_dir=bundled_dir())
    assert "load.base_not_money" in [p.code for p in e.value.problems]
