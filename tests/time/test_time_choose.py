import datetime as dt
import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

from penalty import canonical
from penalty.errors import CaseError
from penalty.rulebook.bundled import bundled_dir, bundled_rulebook
from penalty.time import assess_case_file, assess_in_time, version_set

EX = bundled_dir() / "examples"
OLD = bundled_dir() / "cn-env-food.yaml"


def run(name):
    rb, case, result = assess_case_file(OLD, EX / name)
    return rb, result.to_json()


def case(violation="gd-water-81-obstruct", facts=None, **dates):
    return {"violation": violation, "facts": facts or {"obstruction": "delaying", "prior_count_1y": 0},
            **{k: dt.date.fromisoformat(v) for k, v in dates.items()}}


@pytest.fixture(scope="module")
def versions():
    return version_set([bundled_rulebook("cn-env-food"), bundled_rulebook("cn-env-food.2025")])


def test_straddling_case_gets_the_lighter_new_version_with_both_computations():
    rb, j = run("time-straddle-lighter.yaml")
    t = j["time"]
    assert rb.version == "2025.1" and j["rulebook"]["version"] == "2025.1"
    assert t["chosen"] == "decision" and t["reason"] == "time.decision_lower_max"
    old, new = t["computations"]
    assert (old["role"], old["version"]["version"], old["acts"][0]["range"]["high"]) == ("act", "2024.1", 4000000)
    assert (new["role"], new["chosen"], new["acts"][0]["range"]["high"]) == ("decision", True, 3000000)
    assert j["acts"][0]["recommended"] == 2500000


def test_equal_ranges_keep_the_act_time_version():
    rb, j = run("time-straddle-same.yaml")
    assert rb.version == "2024.1" and j["time"]["reason"] == "time.equal_act_applies"
    assert len(j["time"]["computations"]) == 2


def test_heavier_new_version_keeps_the_old(versions, make_rb):
    heavier = make_rb([('version: "2024.1"', 'version: "2026.1"'), ("effective: {from: 2024-01-01}", "effective: {from: 2026-01-01}"),
                       ("delaying:       [[20000, 40000]", "delaying:       [[25000, 45000]")], name="h.yaml")
    vs = version_set([bundled_rulebook("cn-env-food"), heavier])
    out = assess_in_time(vs, case(act_date="2025-03-01", decision_date="2026-02-01"))
    assert out.rulebook.version == "2024.1" and out.assessment.time["reason"] == "time.act_lighter"


def test_same_maximum_lower_minimum_wins(make_rb):
    lower_min = make_rb([('version: "2024.1"', 'version: "2026.1"'), ("effective: {from: 2024-01-01}", "effective: {from: 2026-01-01}"),
                         ("falsifying:     [[60000, 80000]", "falsifying:     [[50000, 80000]")], name="m.yaml")
    vs = version_set([bundled_rulebook("cn-env-food"), lower_min])
    facts = {"obstruction": "falsifying", "prior_count_1y": 0}
    out = assess_in_time(vs, case(facts=facts, act_date="2025-03-01", decision_date="2026-02-01"))
    assert out.rulebook.version == "2026.1" and out.assessment.time["reason"] == "time.decision_lower_min"


def test_removed_violation_means_no_penalty(make_rb):
    start = "  - id: jm-water-82-monitoring"
    text = (bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8")
    block = text[text.index(start):text.index("  - id: food-124-additives")]
    removed = make_rb([('version: "2024.1"', 'version: "2026.1"'), ("effective: {from: 2024-01-01}", "effective: {from: 2026-01-01}"),
                       (block, "")], name="r.yaml")
    vs = version_set([bundled_rulebook("cn-env-food"), removed])
    out = assess_in_time(vs, case("jm-water-82-monitoring", {"count_2y": 2}, act_date="2025-03-01", decision_date="2026-02-01"))
    j = out.assessment.to_json()
    assert j["time"]["reason"] == "time.decision_removed" and j["time"]["computations"][1]["unlisted"] == ["jm-water-82-monitoring"]
    assert (j["acts"][0]["grade_kind"], j["acts"][0]["recommended"]) == ("no_penalty", 0)
    assert out.case is not None  # parsed under the act-time version


def test_violation_added_later_does_not_reach_back(versions):
    out = assess_in_time(versions, case("gd-water-83-exceeding", {"exceed_multiple": "1.5"}, act_date="2025-03-01", decision_date="2025-03-20"))
    j = out.assessment.to_json()
    assert j["acts"][0]["grade_kind"] == "no_penalty" and j["acts"][0]["time_override"]["reason"] == "not_listed"
    # and a violation no version knows is an ordinary case error
    with pytest.raises(CaseError) as exc:
        assess_in_time(versions, case("no-such", {}, act_date="2025-03-01"))
    assert exc.value.problems[0].code == "case.unknown_violation"


def test_several_acts_compare_the_totals(versions):
    data = {"acts": [{"violation": "gd-water-81-obstruct", "facts": {"obstruction": "delaying", "prior_count_1y": 0}},
                     {"violation": "jm-water-82-monitoring", "facts": {"count_2y": 1}}],
            "relation": "separate", "act_date": dt.date(2025, 5, 1), "decision_date": dt.date(2025, 8, 1)}
    out = assess_in_time(versions, data)
    assert out.rulebook.version == "2025.1"
    assert out.assessment.decision["total_recommended"] == 2500000 + 3500000


def test_expired_case_gets_no_penalty_citing_art_36():
    rb, j = run("time-expired.yaml")
    lim = j["time"]["limitation"][0]
    assert lim["expired"] and lim["last_day"] == "2027-07-10" and "第三十六条" in lim["article"]["zh"]
    act = j["acts"][0]
    assert (act["grade"], act["range"]["high"], act["recommended"]) == ("no_penalty", 0, 0)
    assert act["time_override"]["reason"] == "limitation" and act["trace"][-1]["step"] == "limitation"


def test_without_decision_date_the_act_version_applies(versions):
    out = assess_in_time(versions, case(act_date="2025-05-01"))
    assert out.rulebook.version == "2024.1" and out.assessment.time["reason"] == "time.no_decision_date"


def test_without_dates_nothing_changes(versions):
    named = bundled_rulebook("cn-env-food")
    out = assess_in_time(versions, case(), named=named)
    assert "time" not in out.assessment.to_json() and out.rulebook is named


@pytest.mark.parametrize("dates,code", [
    ({"decision_date": "2025-05-01"}, "time.no_act_date"),
    ({"act_date": "2025-05-01", "decision_date": "2025-04-01"}, "time.date_order"),
    ({"act_date": "2025-05-01", "act_end_date": "2025-04-01"}, "time.date_order"),
    ({"act_date": "2025-05-01", "discovery_date": "2025-06-01", "decision_date": "2025-05-20"}, "time.date_order"),
    ({"act_date": "2023-05-01"}, "time.before_first"),
])
def test_date_mistakes(versions, dates, code):
    with pytest.raises(CaseError) as exc:
        assess_in_time(versions, case(**dates))
    assert exc.value.problems[0].code == code


def test_bad_date_text_is_a_case_error_with_position(tmp_path):
    p = tmp_path / "c.yaml"
    p.write_text("violation: jm-water-82-monitoring\nact_date: 2025-13-45\nfacts: {count_2y: 1}\n", encoding="utf-8")
    with pytest.raises(CaseError) as exc:
        assess_case_file(OLD, p)
    assert exc.value.problems[0].code == "case.expects_date" and exc.value.problems[0].pos.line == 2


def test_missing_fact_under_the_decision_version_says_which_version(make_rb):
    stricter = make_rb([('version: "2024.1"', 'version: "2026.1"'), ("effective: {from: 2024-01-01}", "effective: {from: 2026-01-01}"),
                        ('when: "count_2y == 1"', 'when: "count_2y == 1 and harm_caused"')], name="s.yaml")
    vs = version_set([bundled_rulebook("cn-env-food"), stricter])
    with pytest.raises(CaseError) as exc:
        assess_in_time(vs, case("jm-water-82-monitoring", {"count_2y": 1}, act_date="2025-03-01", decision_date="2026-02-01"))
    assert [p.code for p in exc.value.problems] == ["time.under_version", "case.missing_fact"]


def test_byte_identical_json_across_hash_seeds():
    code = ("from penalty.time import assess_case_file; from penalty import canonical; import sys;"
            f"r = assess_case_file({str(OLD)!r}, {str(EX / 'time-straddle-lighter.yaml')!r}).assessment;"
            "sys.stdout.write(canonical.dumps(r.to_json()))")
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("0", "12345")}
    assert len(outs) == 1 and json.loads(outs.pop())["time"]["chosen"] == "decision"


def test_canonical_json_has_no_floats():
    _, j = run("time-safety-five-years.yaml")
    text = canonical.dumps(j)
    assert j["time"]["limitation"][0]["safety"] is True and "e+" not in text


FACTS = st.one_of(
    st.fixed_dictionaries({"obstruction": st.sampled_from(["delaying", "falsifying", "refusing_entry", "blocking", "assault"]),
                           "prior_count_1y": st.integers(0, 3)}).map(lambda f: ("gd-water-81-obstruct", f)),
    st.fixed_dictionaries({"count_2y": st.integers(1, 6)}).map(lambda f: ("jm-water-82-monitoring", f)),
    st.fixed_dictionaries({"exceed_multiple": st.integers(0, 50).map(lambda x: f"{x / 10:.1f}")}).map(lambda f: ("gd-water-83-exceeding", f)),
)


@settings(max_examples=80, deadline=None)
@given(FACTS, st.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 31)), st.integers(0, 900))
def test_the_chosen_version_is_never_heavier_than_the_act_time_one(versions, vf, act, wait):
    from penalty.time import weight
    violation, facts = vf
    data = case(violation, facts)
    data.update(act_date=act, decision_date=act + dt.timedelta(days=wait))
    out = assess_in_time(versions, data)
    t = out.assessment.time
    comps = {c["role"]: c for c in t["computations"]}
    chosen = weight(out.assessment)
    act_w = (comps["act"]["weight"]["high"], comps["act"]["weight"]["low"])
    assert chosen <= act_w
    if t["chosen"] == "decision":
        assert chosen < act_w and out.rulebook.version == t["decision_version"]["version"]
    else:
        assert out.rulebook.version == t["act_version"]["version"]
