"""What assess() works out once per rulebook must never carry one case's answer into another.

The engine looks a choice that reads only boolean and enum facts up by their values (`assess._Finite`), reuses
the outcome of a key (statutory form, cell / situation / points sum, "shall" adjustments), and resolves the
other cells of a table of multiples only when they are read. Each test runs cases in an order where a reused
answer would be wrong. The expected figures are the ones worked out by hand from the published tables
(粤环发〔2021〕7号 Annex 1 and Annex 2, as in rulebooks/gd-eco-2022/annex2.cases.yaml):
- Annex 2 item 1 (§1.3, statutory 0-50,000 yuan): first violation + corrected within the deadline + minor harm ->
  不予处罚 (0); not a first violation -> §1.3's band 1万元以下, midpoint 5,000.
- Annex 2 item 2 (§1.2 on art. 24 para. 1, investment 2,000,000: statutory 20,000-100,000): every condition ->
  不予处罚; not a first violation -> weighted points 20% x 100,000 = 20,000 (the statutory minimum).
"""
import pytest
from hypothesis import given, settings, strategies as st

from penalty.engine import assess as engine
from penalty.engine.assess import assess
from penalty.engine.facts import parse_case
from penalty.rulebook.bundled import bundled_rulebook


@pytest.fixture(scope="module")
def rb():
    return bundled_rulebook("gd-eco-2022")


def act(rb, violation, facts):
    a = assess(rb, parse_case({"violation": violation, "facts": facts}, rb)).acts[0]
    return a.head["grade"], a.head["range"]["low"] // 100, a.head["range"]["high"] // 100, \
        a.head["recommended"] // 100


ITEM1 = "gd-eia-1-3-registration"
ALL_THREE = {"first_violation": True, "corrected_within_deadline": True, "harm_minor": True}


def test_annex2_answer_is_per_combination_of_values(rb):
    # the no-penalty combination first (it fills the lookup), then one that differs in one value, then again
    assert act(rb, ITEM1, ALL_THREE) == ("no_penalty", 0, 0, 0)
    assert act(rb, ITEM1, {**ALL_THREE, "first_violation": False}) == ("lighter", 0, 10000, 5000)
    assert act(rb, ITEM1, {**ALL_THREE, "harm_minor": False}) == ("lighter", 0, 10000, 5000)
    assert act(rb, ITEM1, ALL_THREE) == ("no_penalty", 0, 0, 0)


ITEM2 = "gd-eia-1-2-unapproved-change"
ITEM2_FACTS = {"eia_resubmission_ground": "major_change", "total_investment": 2000000, "remedied_after_discovery": True,
               "harm_minor": True}


def test_a_fact_left_unstated_is_read_as_written(rb):
    # corrected_within_deadline has no default: a case that leaves it out cannot be looked up by its values; the
    # Annex 2 condition stops at "not a first violation" and never reads it
    assert act(rb, ITEM2, {**ITEM2_FACTS, "first_violation": True, "corrected_within_deadline": False}) \
        == ("no_penalty", 0, 0, 0)
    assert act(rb, ITEM2, {**ITEM2_FACTS, "first_violation": False}) == ("lighter", 20000, 20000, 20000)
    assert act(rb, ITEM2, {**ITEM2_FACTS, "first_violation": True, "corrected_within_deadline": False}) \
        == ("no_penalty", 0, 0, 0)


def test_only_boolean_and_enum_choices_are_looked_up(rb):
    finite = engine._Finite(rb, [a.when for a in rb.violation(ITEM1).adjustments])
    assert finite.values is not None
    by_number = [lv.when for f in rb.violation("gd-eia-1-1-unapproved-construction").model.factors for lv in f.levels]
    assert engine._Finite(rb, by_number).values is None  # duration_months, same_count_2y: numbers
    assert engine._Finite(rb, [None]).values is None  # a statutory form without a condition reads nothing


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(*(st.booleans() for _ in range(7))), min_size=1, max_size=12))
def test_looked_up_adjustments_are_those_whose_condition_holds(rb, values):
    v = rb.violation(ITEM1)
    finite = engine._Finite(rb, [a.when for a in v.adjustments])
    names = ("first_violation", "corrected_within_deadline", "harm_minor", "removed_harm", "confessed",
             "public_apology", "apology_excluded")
    read = {n for a in v.adjustments for n in a.when.facts}
    base = {n: rb.facts[n].default for n in read if rb.facts[n].default is not None}
    for row in values:
        facts = {**base, **dict(zip(names, row))}
        shall, may = finite(facts, engine._applicable, v.adjustments, facts)
        # the rule itself: an adjustment applies exactly when its condition holds on these facts
        assert [a.id for a in shall] == [a.id for a in v.adjustments if a.mode == "shall" and a.when.fn(facts)]
        assert [a.id for a in may] == [a.id for a in v.adjustments if a.mode == "may" and a.when.fn(facts)]
