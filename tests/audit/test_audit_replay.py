"""Replay: recompute every entry with its stored rulebook text; list those whose result changed."""
from __future__ import annotations

from decimal import Decimal

from audit_helpers import RULEBOOK_A, RULEBOOK_B, fake_recompute, record
from penalty import canonical
from penalty.audit import Register


def test_untouched_register_reproduces_every_entry(filled):
    with Register.open(filled) as reg:
        report = reg.replay(fake_recompute)
    assert report.ok
    assert (report.total, report.reproduced, report.differ, report.failed) == (6, 6, [], [])
    assert "6" in report.message


def test_recompute_gets_the_stored_rulebook_text_name_and_facts(filled):
    seen = []

    def spy(text, name, facts):
        seen.append((text, name, facts["base"]))
        return fake_recompute(text, name, facts)

    with Register.open(filled) as reg:
        reg.replay(spy)
    assert [s[0] for s in seen] == [RULEBOOK_A, RULEBOOK_A, RULEBOOK_B, RULEBOOK_A, RULEBOOK_A, RULEBOOK_B]
    assert seen[2][1] == "rulebook-B" and seen[0][2] == "1001"


def test_a_changed_engine_lists_the_entries_it_moves(filled):
    def new_engine(text, name, facts):
        result = fake_recompute(text, name, facts)
        if text == RULEBOOK_B:  # the new engine computes water cases differently
            result["amount"] = Decimal(facts["base"]) * 3
            result["grade"] = "从重"
        return result

    with Register.open(filled) as reg:
        report = reg.replay(new_engine)
    assert not report.ok
    assert [d.seq for d in report.differ] == [3, 6]
    assert report.reproduced == 4 and report.failed == []
    diff = report.differ[0]
    assert diff.paths == ["amount", "grade"]
    assert diff.stored["amount"] == "2006" and diff.recomputed["amount"] == "3009"
    assert diff.case_id == "CASE-0003" and diff.engine_version == "penalty 0.1.0"
    assert "3" in diff.message and "amount" in diff.message
    canonical.dumps(report.to_json())


def test_an_engine_error_is_reported_for_that_entry_and_replay_goes_on(filled):
    def fussy(text, name, facts):
        if facts["base"] == "1002":
            raise ValueError("fact `base` out of range")
        return fake_recompute(text, name, facts)

    with Register.open(filled) as reg:
        report = reg.replay(fussy)
    assert [f.seq for f in report.failed] == [2]
    assert "out of range" in report.failed[0].error
    assert report.reproduced == 5 and not report.ok


def test_replay_of_an_empty_register(reg_path):
    with Register.open(reg_path) as reg:
        report = reg.replay(fake_recompute)
    assert report.ok and report.total == 0


def test_replay_with_a_deleted_rulebook_text_fails_those_entries_only(filled):
    from audit_helpers import sql
    sql(filled, "DELETE FROM rulebooks WHERE fingerprint = ?", params=("b" * 64,))
    with Register.open(filled) as reg:
        report = reg.replay(fake_recompute)
    assert [f.seq for f in report.failed] == [3, 6] and report.reproduced == 4


def test_result_keys_order_and_decimal_form_do_not_count_as_differences(reg_path):
    with Register.open(reg_path) as reg:
        record(reg, 1)

        def same_but_spelled_differently(text, name, facts):
            r = fake_recompute(text, name, facts)
            return dict(reversed(list({**r, "amount": Decimal(facts["base"]) * Decimal("2.00")}.items())))

        assert reg.replay(same_but_spelled_differently).ok
