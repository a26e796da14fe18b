"""Conditional measures (issue 12): `measures.when` adds a measure only when its condition holds on the facts;
`measures.follow_up` is shown with its event (逾期不改正的) and never applied. Expected lists worked by hand from
tests/review/rulebooks/conditional-measures.yaml."""
from __future__ import annotations

from pathlib import Path

import pytest

from penalty.engine.assess import assess
from penalty.engine.facts import parse_case
from penalty.errors import RulebookError
from penalty.rulebook.load import load_rulebook, load_rulebook_text

RB_PATH = Path(__file__).parent / "review" / "rulebooks" / "conditional-measures.yaml"


@pytest.fixture(scope="module")
def rb():
    return load_rulebook(RB_PATH)


def act(rb, facts):
    return assess(rb, parse_case({"violation": "emission", "facts": facts}, rb)).acts[0].data


@pytest.mark.parametrize("facts, expected", [
    ({}, ["order_correct"]),  # not severe: only the measure that always applies
    ({"severe": True}, ["order_correct", "ban_preparation"]),  # severe: the ban is added after it
    ({"severe": True, "first_minor": True}, []),  # no penalty: neither (as for `always` today)
])
def test_conditional_measure_applies_only_when_its_condition_holds(rb, facts, expected):
    assert [m["id"] for m in act(rb, facts)["measures"]] == expected


def test_conditional_measure_carries_its_condition(rb):
    ban = act(rb, {"severe": True})["measures"][1]
    assert ban["condition"] == "severe" and ban["values"] == {"severe": True}
    assert "condition" not in act(rb, {"severe": True})["measures"][0]


def test_follow_up_is_shown_and_never_applied(rb):
    r = act(rb, {"severe": True})
    assert r["follow_up"] == [{"if": {"zh": "逾期不改正的", "en": "if not corrected by the deadline"},
                               "measures": [{"id": "suspend", "label": {"zh": "责令停产整治",
                                                                        "en": "order to suspend production for rectification"}}]}]
    assert "suspend" not in [m["id"] for m in r["measures"]]


def test_unknown_measure_in_a_condition_is_a_rulebook_error():
    text = RB_PATH.read_text(encoding="utf-8").replace("add: [ban_preparation]", "add: [ban_prep]")
    with pytest.raises(RulebookError) as e:
        load_rulebook_text(text, "bad.yaml")
    assert "ban_prep" in str(e.value) and "ban_preparation" in str(e.value)


def _cli(*args):
    from typer.testing import CliRunner

    from penalty.cli.app import app
    res = CliRunner(env={"COLUMNS": "200"}).invoke(app, list(args))
    assert res.exit_code == 0, res.output
    return res.output


def test_memo_shows_the_condition_and_the_follow_up(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text("violation: emission\nfacts: {severe: true}\n", encoding="utf-8")
    memo = _cli("calc", "-r", str(RB_PATH), str(case), "-f", "md", "--lang", "en")
    assert ("- **Measures**: order to correct; ban on production (when severe); if not corrected by the deadline: "
            "order to suspend production for rectification (follow-up, not applied now)") in memo


def test_catalogue_prints_conditional_measures_as_written():
    out = _cli("catalogue", str(RB_PATH))
    assert "- **其他处罚措施**：责令改正；severe 时：禁止生产、配制；逾期不改正的：责令停产整治（后续措施）" in out


def test_a_decision_may_take_a_conditional_measure_but_not_a_follow_up(rb):
    from penalty.decision.rules import allowed_measures
    assert allowed_measures(rb.violation("emission")) == {"order_correct", "ban_preparation"}


def test_semantic_diff_sees_a_changed_condition(rb):
    text = RB_PATH.read_text(encoding="utf-8").replace('if: "severe"', 'if: "severe and not first_minor"')
    from penalty.diff.semantic import violation_changes
    new = load_rulebook_text(text, "new.yaml")
    changes = [c for c in violation_changes(rb.violation("emission"), new.violation("emission"), rb, new) if c["kind"] == "measures"]
    assert changes and changes[0]["old"]["when"] == [{"if": "severe", "add": ["ban_preparation"]}]
    assert changes[0]["new"]["when"] == [{"if": "severe and not first_minor", "add": ["ban_preparation"]}]


def test_check_counts_a_fact_read_only_by_a_measure_condition_as_used():
    out = _cli("check", str(RB_PATH))
    assert "severe" not in out
