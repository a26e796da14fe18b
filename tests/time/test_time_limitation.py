import datetime as dt

import pytest
from hypothesis import given, settings, strategies as st

from penalty.errors import CaseError, RulebookError
from penalty.rulebook.bundled import bundled_rulebook
from penalty.time.dates import add_months
from penalty.time.limitation import check, is_expired

LIMIT = '''limitation:
  article: {zh: 《行政处罚法》第三十六条, en: APL art. 36}
  period: {years: 2}
  safety_period: {years: 5}
  harm_fact: harm_caused
'''
ANCHOR = "violations:\n  - id: gd-water-81-obstruct"


@pytest.fixture(scope="module")
def rb():
    return bundled_rulebook("cn-env-food.2025")


def test_bundled_revision_declares_the_periods(rb):
    lim = rb.limitation
    assert (lim.months, lim.safety_months, lim.harm_fact) == (24, 60, "harm_caused")


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_discovered_on_the_last_day_is_in_time_the_day_after_is_not(rb, act):
    last = add_months(act, 24)
    facts = {"count_2y": 1}
    on_time = check(rb, "jm-water-82-monitoring", facts, {"act_date": act, "discovery_date": last})
    late = check(rb, "jm-water-82-monitoring", facts, {"act_date": act, "discovery_date": last + dt.timedelta(days=1)})
    assert on_time["last_day"] == last and on_time["expired"] is False
    assert late["expired"] is True and late["days_late"] == 1


def test_leap_day_act(rb):
    c = check(rb, "jm-water-82-monitoring", {}, {"act_date": dt.date(2024, 2, 29), "discovery_date": dt.date(2026, 3, 1)})
    assert c["last_day"] == dt.date(2026, 2, 28) and c["expired"]


def test_continuing_act_runs_from_its_end(rb):
    dates = {"act_date": dt.date(2020, 1, 1), "act_end_date": dt.date(2023, 5, 31), "discovery_date": dt.date(2025, 5, 31)}
    c = check(rb, "jm-water-82-monitoring", {}, dates)
    assert c["start_from"] == "act_end_date" and c["last_day"] == dt.date(2025, 5, 31) and not c["expired"]


@given(st.booleans())
def test_five_years_only_for_safety_with_harm(rb, harm):
    facts = {"harm_caused": harm}
    dates = {"act_date": dt.date(2025, 8, 1), "discovery_date": dt.date(2028, 2, 1)}
    c = check(rb, "food-124-additives", facts, dates)
    assert c["safety"] is harm and c["expired"] is (not harm)
    # a violation not marked touches_safety never gets the longer period
    assert check(rb, "jm-water-82-monitoring", {"harm_caused": True}, dates)["expired"] is True


def test_unknown_harm_is_an_error_only_when_it_decides(rb):
    dates = {"act_date": dt.date(2025, 8, 1), "discovery_date": dt.date(2028, 2, 1)}
    with pytest.raises(CaseError) as exc:
        check(rb, "food-124-additives", {}, dates)
    assert exc.value.problems[0].code == "time.harm_unknown"
    assert not is_expired(rb, "food-124-additives", {}, {"act_date": dt.date(2025, 8, 1), "discovery_date": dt.date(2026, 1, 1)})


def test_not_checked_without_periods_or_dates(rb, make_rb):
    old = make_rb()
    assert check(old, "jm-water-82-monitoring", {}, {"act_date": dt.date(2024, 1, 2)})["reason"] == "time.limitation_none"
    assert check(rb, "jm-water-82-monitoring", {}, {"act_date": dt.date(2025, 8, 1)})["reason"] == "time.no_discovery_date"


def test_per_violation_period(make_rb):
    text = LIMIT + "  violations:\n    jm-water-82-monitoring: {period: {months: 6}, article: 其他法律}\n"
    rb = make_rb([(ANCHOR, text + ANCHOR)])
    c = check(rb, "jm-water-82-monitoring", {}, {"act_date": dt.date(2024, 8, 31), "discovery_date": dt.date(2025, 3, 1)})
    assert c["period_months"] == 6 and c["last_day"] == dt.date(2025, 2, 28) and c["expired"] and c["article"] == "其他法律"


@pytest.mark.parametrize("bad,code", [
    (LIMIT.replace("{years: 2}", "{years: 0}"), "time.zero_period"),
    (LIMIT.replace("harm_fact: harm_caused", "harm_fact: harm_cause"), "time.harm_fact"),
    (LIMIT.replace("  harm_fact: harm_caused\n", ""), "time.safety_without_harm_fact"),
    (LIMIT + "  violations:\n    no-such: {period: {years: 1}}\n", "load.unknown_violation_ref"),
    (LIMIT.replace("period: {years: 2}", "period: {yeras: 2}"), "spec.unknown_key"),
])
def test_loader_names_limitation_mistakes(make_rb, bad, code):
    with pytest.raises(RulebookError) as exc:
        make_rb([(ANCHOR, bad + ANCHOR)])
    problem = exc.value.problems[0]
    assert problem.code == code and problem.pos is not None
    assert problem.message("en") and problem.message("zh") != problem.code
