"""The decision against the assessment: each rule of `penalty decide`, amounts from the published Guangdong grid."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penalty.decision import DecisionRefused, decide
from penalty.decision.messages import MESSAGES
from penalty.rulebook.bundled import bundled_rulebook
from penalty.rulebook.load import load_rulebook
from penalty.engine.assess import assess
from penalty.engine.facts import parse_case
from penalty.rulebook.yamlsource import parse_yaml
from tests.decision.conftest import DELAYING, DELAYING_REMOVED_HARM

YUAN = 100  # fen


def _result(rb, text):
    return assess(rb, parse_case(parse_yaml(text, "case.yaml"), rb, "case.yaml")).to_json()


@pytest.fixture()
def with_reasons(rulebook_path):
    return load_rulebook(rulebook_path)


def refused(rb, result, amount, **kw):
    with pytest.raises(DecisionRefused) as exc:
        decide(rb, result, amount, **kw)
    return exc.value.problems[0].code


def test_inside_the_band_is_accepted_without_a_reason():
    rb = bundled_rulebook("cn-env-food")
    d = decide(rb, _result(rb, DELAYING), 30_000 * YUAN)
    assert (d.status, d.grade, d.measures) == ("within_band", "lighter", ("order_correct",))
    assert d.checks[0]["code"] == "decision.within_band"
    assert decide(rb, _result(rb, DELAYING), 20_000 * YUAN).status == "within_band"  # 以上 includes the number


def test_the_excluded_end_of_a_half_open_band_is_a_deviation(with_reasons):
    rb = bundled_rulebook("cn-env-food")
    # 40,000 is the next band's (Guangdong art. 23: 以下 excludes): outside [20,000, 40,000)
    assert refused(rb, _result(rb, DELAYING), 40_000 * YUAN) == "decision.no_reasons"
    assert refused(with_reasons, _result(with_reasons, DELAYING), 40_000 * YUAN) == "decision.needs_reason"
    assert decide(rb, _result(rb, DELAYING), 40_000 * YUAN - 1).status == "within_band"


def test_outside_the_band_inside_the_range_only_with_a_listed_reason_and_a_note(with_reasons):
    rb, result = with_reasons, _result(with_reasons, DELAYING)
    d = decide(rb, result, 50_000 * YUAN, reason="social_impact", note="widely reported")
    assert (d.status, d.reason, d.reason_label) == ("deviation", "social_impact", {"zh": "社会影响", "en": "social impact"})
    assert [c["code"] for c in d.checks[:2]] == ["decision.inside_statutory", "decision.deviation"]
    assert refused(rb, result, 50_000 * YUAN, reason="social_impac", note="x") == "decision.unknown_reason"
    assert refused(rb, result, 50_000 * YUAN, reason="social_impact") == "decision.needs_note"
    # the statutory maximum itself is lawful (二十万元以下 includes the number)
    assert decide(rb, result, 200_000 * YUAN, reason="special_circumstances", note="n").status == "deviation"


def test_the_unknown_reason_names_the_closest_listed_one(with_reasons):
    with pytest.raises(DecisionRefused) as exc:
        decide(with_reasons, _result(with_reasons, DELAYING), 50_000 * YUAN, reason="social_impac", note="x")
    hint = exc.value.problems[0].hint("en")
    assert "social_impact, special_circumstances" in hint and "did you mean 'social_impact'" in hint


def test_above_the_statutory_maximum_is_refused_even_with_a_reason(with_reasons):
    rb, result = with_reasons, _result(with_reasons, DELAYING)
    assert refused(rb, result, 200_000 * YUAN + 1, reason="social_impact", note="n") == "decision.above_maximum"


def test_below_the_minimum_only_under_a_mitigation_ground_the_result_offers(with_reasons):
    rb = with_reasons
    assert refused(rb, _result(rb, DELAYING), 15_000 * YUAN, reason="social_impact", note="n") == "decision.below_minimum"
    result = _result(rb, DELAYING_REMOVED_HARM)
    d = decide(rb, result, 15_000 * YUAN)
    assert (d.status, d.grade) == ("alternative", "mitigated")
    assert d.basis == {"zh": "《行政处罚法》第三十二条", "en": "Administrative Penalty Law art. 32"}
    assert decide(rb, result, 10_000 * YUAN).status == "alternative"  # the 减轻 band's lower end is included
    assert refused(rb, result, 10_000 * YUAN - 1) == "decision.below_minimum"


def test_a_grade_that_does_not_match_the_amount_is_refused():
    rb = bundled_rulebook("cn-env-food")
    assert refused(rb, _result(rb, DELAYING), 30_000 * YUAN, grade="heavier") == "decision.grade_mismatch"
    assert refused(rb, _result(rb, DELAYING), 30_000 * YUAN, grade="harshest") == "decision.unknown_grade"


def test_measures_the_rulebook_does_not_allow_for_the_violation_are_refused():
    rb = bundled_rulebook("cn-env-food")
    result = _result(rb, DELAYING)
    # revoke_licence is a measure of the food-safety violations, not of 水污染防治法第八十一条
    assert refused(rb, result, 30_000 * YUAN, measures=["revoke_licence"]) == "decision.measure_not_allowed"
    assert refused(rb, result, 30_000 * YUAN, measures=["revoke_license"]) == "decision.unknown_measure"
    d = decide(rb, result, 30_000 * YUAN, measures=[])
    assert d.measures == () and d.warnings[0]["code"] == "decision.measure_dropped"


def test_a_negative_amount_is_refused():
    rb = bundled_rulebook("cn-env-food")
    assert refused(rb, _result(rb, DELAYING), -1) == "decision.negative"


# ---------------------------------------------------------------- properties
_REASONS = st.sampled_from([None, "social_impact", "nonsense"])


@settings(max_examples=300, deadline=None)
@given(amount=st.integers(min_value=-10, max_value=250_000 * YUAN), reason=_REASONS, harm=st.booleans())
def test_an_accepted_decision_is_lawful_and_a_refused_one_names_its_rule(rulebook_path_cached, amount, reason, harm):
    rb = rulebook_path_cached
    result = _result(rb, DELAYING_REMOVED_HARM if harm else DELAYING)
    act = result["acts"][0]
    try:
        d = decide(rb, result, amount, reason=reason, note="n" if reason else None)
    except DecisionRefused as exc:
        code = exc.problems[0].code
        assert code.startswith("decision.") and code in MESSAGES
        return
    low, high = 20_000 * YUAN, 200_000 * YUAN  # 水污染防治法第八十一条: 二万元以上二十万元以下
    if d.status == "alternative":  # below the minimum only inside the 减轻 band art. 32 offers: [10,000, 20,000)
        assert harm and 10_000 * YUAN <= amount < 20_000 * YUAN
    else:
        assert low <= amount <= high
    if d.status == "within_band":  # [20,000, 40,000): the excluded upper end is never "inside"
        assert 20_000 * YUAN <= amount < 40_000 * YUAN
    if d.status == "deviation":
        assert reason == "social_impact" and not act["range"]["low"] <= amount < act["range"]["high"]


def test_the_new_rulebook_keys_are_checked_where_they_are_written(tmp_path):
    from penalty.errors import RulebookError
    from penalty.rulebook.bundled import bundled_dir
    text = (bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8")
    path = tmp_path / "cn-env-food.yaml"
    path.write_text(text + "jurisdiction:\n  base: provincial\n", encoding="utf-8")
    with pytest.raises(RulebookError) as exc:
        load_rulebook(path)
    lines = text.count("\n")
    problem = exc.value.problems[0]
    assert problem.pos.line == lines + 2 and "provincial" in problem.message("en")


def test_never_heavier_than_the_notified_penalty_art45():
    rb = bundled_rulebook("cn-env-food")
    result = _result(rb, DELAYING)
    # notified 35,000 yuan (inside the band [20,000, 40,000)): 35,000.01 is heavier, 35,000 is not
    assert refused(rb, result, 35_000 * YUAN + 1, notified=35_000 * YUAN) == "decision.above_notified"
    d = decide(rb, result, 35_000 * YUAN, notified=35_000 * YUAN)
    assert d.status == "within_band" and any(c["code"] == "decision.notified" for c in d.checks)
    notice = next(c for c in d.checks if c["code"] == "decision.notified")
    assert notice["args"]["article"] == {"zh": "《中华人民共和国行政处罚法》第四十五条第二款",
                                         "en": "Administrative Penalty Law art. 45 para. 2"}


def test_a_deviation_keeps_an_ordinary_grade(with_reasons):
    result = _result(with_reasons, DELAYING)
    assert refused(with_reasons, result, 50_000 * YUAN, reason="social_impact", note="n", grade="mitigated") \
        == "decision.deviation_grade"
    assert decide(with_reasons, result, 50_000 * YUAN, reason="social_impact", note="n", grade="general").grade == "general"


def test_separate_acts_are_decided_one_case_at_a_time():
    rb = bundled_rulebook("cn-env-food")
    text = """case_id: S-1
relation: separate
acts:
  - {violation: gd-water-81-obstruct, facts: {obstruction: delaying, prior_count_1y: 0}}
  - {violation: gd-water-81-obstruct, facts: {obstruction: blocking, prior_count_1y: 0}}
"""
    assert refused(rb, _result(rb, text), 30_000 * YUAN) == "decision.several_acts"
