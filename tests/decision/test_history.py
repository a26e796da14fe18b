"""The party's history from the register (当事人违法记录): prior decided violations of the same party fill the
rulebook's history facts, each with the entries it came from. The windows are worked by hand on the Civil Code's
counting (arts. 201-202: a period of one year from 2024-09-01 ends on 2025-09-01)."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.decision.history import look_up
from penalty.errors import CaseError, RulebookError
from penalty.rulebook.load import load_rulebook
from tests.decision.conftest import REASONS

USCC = "91350100M000100Y43"  # GB 32100-2015's example, check character worked by hand in test_party.py
OTHER = "11010519491231002X"  # GB 11643-1999's example
HISTORY = """
history:
  kinds: {gd-water-81-obstruct: inspection, gd-eia-31-3: inspection}
  facts:
    prior_count_1y: {of: same_violation, within: {years: 1}}
"""
runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture()
def history_rulebook(tmp_path):
    from penalty.rulebook.bundled import bundled_dir
    path = tmp_path / "rb.yaml"
    path.write_text((bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8") + REASONS + HISTORY, encoding="utf-8")
    return path


def entry(seq, case_id, decided, violation="gd-water-81-obstruct"):
    return SimpleNamespace(seq=seq, case_id=case_id, violation=violation, timestamp="2030-01-01T00:00:00.000000Z",
                           facts={"decision_date": decided, "decision": {"amount": 1}})


def case():
    return {"case_id": "NOW", "violation": "gd-water-81-obstruct", "party_id": USCC, "act_date": "2025-09-01",
            "facts": {"obstruction": "delaying"}}


def test_the_one_year_window_ends_on_the_corresponding_day(history_rulebook):
    rb = load_rulebook(history_rulebook)
    # 2024-09-01 + 1 year = 2025-09-01: inside; 2024-08-31 + 1 year = 2025-08-31, the day before the act: outside;
    # decided after the act (2025-09-02): not a prior of it
    priors = [entry(1, "A", "2024-08-31"), entry(2, "B", "2024-09-01"), entry(3, "C", "2025-09-02")]
    section = look_up(rb, case(), {"party_id": USCC}, priors, today=None)
    (row,) = section["facts"]
    assert (row["fact"], row["value"], row["status"]) == ("prior_count_1y", 1, "filled")
    assert row["entries"] == [{"seq": 2, "case_id": "B", "violation": "gd-water-81-obstruct", "date": "2024-09-01"}]
    assert (section["on"], section["on_from"]) == ("2025-09-01", "act_date")


def _rulebook(tmp_path, history):
    from penalty.rulebook.bundled import bundled_dir
    path = tmp_path / "rb.yaml"
    path.write_text((bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8") + history, encoding="utf-8")
    return load_rulebook(path)


@pytest.mark.parametrize("means, with_prior, without", [("any", True, False), ("none", False, True)])
def test_a_boolean_fact_from_a_prior_of_the_same_kind(tmp_path, means, with_prior, without):
    # Food Safety Law art. 124's tiers read repeat_within_year (一年内因同类违法行为受过处罚); here the rulebook
    # puts the EIA registration violation in the same kind, so its decision counts
    rb = _rulebook(tmp_path, f"""
history:
  kinds: {{food-124-additives: food, gd-eia-31-3-registration: food}}
  facts:
    repeat_within_year: {{of: same_kind, within: {{years: 1}}, means: {means}}}
""")
    now = {"case_id": "NOW", "violation": "food-124-additives", "act_date": "2025-06-30", "facts": {}}
    kin, stranger = entry(4, "K", "2025-01-15", "gd-eia-31-3-registration"), entry(5, "S", "2025-01-15")
    (row,) = look_up(rb, now, {"party_id": USCC}, [kin, stranger], today=None)["facts"]
    assert row["value"] is with_prior and [e["seq"] for e in row["entries"]] == [4] and row["kind"] == "food"
    (row,) = look_up(rb, now, {"party_id": USCC}, [stranger], today=None)["facts"]
    assert row["value"] is without and row["entries"] == []


def test_a_count_that_includes_this_case(tmp_path):
    # Jiangmen: count_2y is 两年内该违法行为被查处的次数（含本次）: one prior within two years -> 2 (the second time)
    rb = _rulebook(tmp_path, """
history:
  facts:
    count_2y: {within: {years: 2}, counts_this: true}
""")
    now = {"case_id": "NOW", "violation": "jm-water-82-monitoring", "act_date": "2025-06-30", "facts": {}}
    priors = [entry(1, "A", "2023-06-29", "jm-water-82-monitoring"), entry(2, "B", "2023-06-30", "jm-water-82-monitoring")]
    (row,) = look_up(rb, now, {"party_id": USCC}, priors, today=None)["facts"]
    assert row["value"] == 2 and [e["seq"] for e in row["entries"]] == [2]


def test_a_history_fact_must_be_a_fact_of_the_right_type(tmp_path):
    rb = _rulebook(tmp_path, "\nhistory:\n  facts:\n    goods_value: {within: {years: 1}}\n")
    with pytest.raises(RulebookError) as exc:
        look_up(rb, {"violation": "fs"}, {"party_id": USCC}, [], today=None)
    assert exc.value.problems[0].code == "decision.history.bad_fact"


def test_a_case_without_a_party_fills_nothing(history_rulebook):
    import datetime
    rb = load_rulebook(history_rulebook)
    section = look_up(rb, {"violation": "gd-water-81-obstruct", "facts": {}}, {"party_id": None}, [entry(1, "A", "2025-01-01")],
                      today=datetime.date(2025, 6, 1))
    assert section["facts"] == [] and section["warnings"][0]["code"] == "decision.history.no_party"
    assert section["on_from"] == "today"


def test_a_differing_fact_needs_the_officers_reason(history_rulebook):
    rb = load_rulebook(history_rulebook)
    now = {**case(), "facts": {"obstruction": "delaying", "prior_count_1y": 0}}
    priors = [entry(2, "B", "2025-03-01")]
    with pytest.raises(CaseError) as exc:
        look_up(rb, now, {"party_id": USCC}, priors, today=None)
    assert exc.value.problems[0].code == "decision.history.differs"
    (row,) = look_up(rb, now, {"party_id": USCC}, priors, today=None, overrides={"prior_count_1y": "annulled on review"})["facts"]
    assert (row["status"], row["given"], row["value"], row["reason"]) == ("overridden", 0, 1, "annulled on review")
    same = {**case(), "facts": {"obstruction": "delaying", "prior_count_1y": 1}}
    (row,) = look_up(rb, same, {"party_id": USCC}, priors, today=None)["facts"]
    assert row["status"] == "confirmed"
    with pytest.raises(CaseError) as exc:  # a reason for a fact that does not differ is a mistake, not noise
        look_up(rb, same, {"party_id": USCC}, priors, today=None, overrides={"prior_count_1y": "x"})
    assert exc.value.problems[0].code == "decision.history.override_unused"


def _party_case(write_case, name, act, decided=None, facts="{obstruction: delaying}", party=USCC):
    return write_case(f"case_id: {name}\nviolation: gd-water-81-obstruct\nparty_id: {party}\nact_date: {act}\n"
                      + (f"decision_date: {decided}\n" if decided else "") + f"facts: {facts}\n", f"{name}.yaml")


def test_priors_from_the_register_in_calc_and_decide(write_case, history_rulebook, tmp_path):
    reg = str(tmp_path / "r.sqlite")
    rb = str(history_rulebook)
    rec = ("-r", rb, "--register", reg, "--record", "--officer", "0451", "--lang", "en")
    # P-1 decided 2025-02-10; P-2 (act 2025-03-01, after it): one prior within the year -> the one_in_year column,
    # delaying x one in the year = [40,000, 60,000) (DOMAIN.md's Guangdong grid)
    assert runner.invoke(app, ["decide", _party_case(write_case, "P-1", "2025-01-05", "2025-02-10"), "--amount", "30000", *rec]).exit_code == 0
    assert runner.invoke(app, ["decide", _party_case(write_case, "P-2", "2025-03-01", "2025-04-10"), "--amount", "50000", *rec]).exit_code == 0
    # P-2 decided again as a recorded change: still one decision of that case
    changed = runner.invoke(app, ["decide", _party_case(write_case, "P-2", "2025-03-01", "2025-04-10"), "--amount", "45000",
                                  *rec, "--change-reason", "复核"])
    assert changed.exit_code == 0, changed.output
    # another party's decision never counts
    runner.invoke(app, ["decide", _party_case(write_case, "X-1", "2025-01-05", "2025-02-10", party=OTHER), "--amount", "30000", *rec])
    third = _party_case(write_case, "C-3", "2025-09-01", facts="{obstruction: refusing_entry}")
    res = runner.invoke(app, ["calc", third, "-r", rb, "--register", reg, "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    (row,) = out["history"]["facts"]
    # P-1 decided 2025-02-10 + 1 year = 2026-02-10 >= 2025-09-01: inside; P-2 (its standing change, entry 3) too
    assert row["value"] == 2 and [(e["seq"], e["case_id"]) for e in row["entries"]] == [(1, "P-1"), (3, "P-2")]
    # refusing entry x one or more in the year: [130,000, 150,000)
    assert out["acts"][0]["range"]["low"] == 13_000_000
    text = runner.invoke(app, ["calc", third, "-r", rb, "--register", reg, "--lang", "en"]).output
    assert "The party's record" in text and "entry 1 (case P-1, 2025-02-10)" in text
    md = runner.invoke(app, ["calc", third, "-r", rb, "--register", reg, "-f", "md", "--lang", "zh"]).output
    assert "### 当事人违法记录" in md and "第 3 条（案件 P-2，2025-04-10）" in md
    done = runner.invoke(app, ["decide", third, "--amount", "140000", *rec])
    assert done.exit_code == 0, done.output
    shown = runner.invoke(app, ["audit", "show", "5", "--register", reg, "--lang", "en"]).output
    assert "prior_count_1y (Same violations in the past year) = 2: from the register" in shown
    from penalty.audit.register import Register
    with Register.open(reg, create=False) as r:
        stored = r.get(5).facts
    assert stored["facts"]["prior_count_1y"] == 2 and stored["history"]["facts"][0]["entries"][0]["seq"] == 1
    replay = runner.invoke(app, ["audit", "replay", "--register", reg, "--json"])
    assert replay.exit_code == 0 and json.loads(replay.stdout)["reproduced"] == 5


def test_an_override_is_recorded_with_its_reason(write_case, history_rulebook, tmp_path):
    reg = str(tmp_path / "r.sqlite")
    rec = ("-r", str(history_rulebook), "--register", reg, "--record", "--officer", "0451", "--lang", "en")
    assert runner.invoke(app, ["decide", _party_case(write_case, "P-1", "2025-01-05", "2025-02-10"), "--amount", "30000", *rec]).exit_code == 0
    mine = _party_case(write_case, "C-2", "2025-09-01", facts="{obstruction: delaying, prior_count_1y: 0}")
    refused = runner.invoke(app, ["decide", mine, "--amount", "30000", *rec])
    assert refused.exit_code == 1 and "C-2.yaml:5:" in refused.output and "--history-reason prior_count_1y=TEXT" in refused.output
    ok = runner.invoke(app, ["decide", mine, "--amount", "30000", *rec, "--history-reason", "prior_count_1y=P-1 annulled on review"])
    assert ok.exit_code == 0, ok.output
    from penalty.audit.register import Register
    with Register.open(reg, create=False) as r:
        assert r.count() == 2 and r.get(2).facts["history"]["facts"][0]["reason"] == "P-1 annulled on review"
    bad = runner.invoke(app, ["calc", mine, "-r", str(history_rulebook), "--history-reason", "no equals sign", "--register", reg])
    assert bad.exit_code == 1


def test_each_act_of_a_case_of_several_acts_is_filled_for_its_own_violation(tmp_path):
    from penalty.decision.history import fill
    from penalty.engine.assess import assess
    from penalty.engine.facts import parse_case
    rb = _rulebook(tmp_path, """
history:
  facts:
    prior_count_1y: {within: {years: 1}}
    count_2y: {within: {years: 2}, counts_this: true}
""")
    now = {"case_id": "NOW", "party_id": USCC, "act_date": "2025-06-30", "relation": "separate",
           "acts": [{"violation": "gd-water-81-obstruct", "facts": {"obstruction": "delaying"}},
                    {"violation": "jm-water-82-monitoring"}]}
    priors = [entry(1, "A", "2025-01-10"), entry(2, "B", "2024-01-10", "jm-water-82-monitoring")]
    section = look_up(rb, now, {"party_id": USCC}, priors, today=None)
    # obstruction: entry 1 within the year -> 1; monitoring: entry 2 within two years, plus this case -> 2
    assert [(r["act"], r["fact"], r["value"]) for r in section["facts"]] == [(0, "prior_count_1y", 1), (1, "count_2y", 2)]
    fill(now, section)
    assert now["acts"][0]["facts"]["prior_count_1y"] == 1 and now["acts"][1]["facts"] == {"count_2y": 2}
    result = assess(rb, parse_case(now, rb)).to_json()
    # delaying x one in the year [40,000, 60,000); Jiangmen's second time in two years [50,000, 100,000]
    assert [a["range"]["low"] for a in result["acts"]] == [4_000_000, 5_000_000]


def test_a_file_that_is_not_a_register_is_said_so_never_a_traceback(write_case, history_rulebook, tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_text("not a database", encoding="utf-8")
    case = _party_case(write_case, "C-1", "2025-09-01")
    for command in (["calc", case], ["calc", case, "--decide", "30000"], ["decide", case, "--amount", "30000"],
                    ["notify", case, "--amount", "30000", "--officer", "0451"]):
        res = runner.invoke(app, [*command, "-r", str(history_rulebook), "--register", str(bad), "--lang", "en", "--json"])
        assert res.exit_code == 1 and (res.exception is None or isinstance(res.exception, SystemExit)), command
        assert json.loads(res.stdout)["problems"][0]["code"] == "register.not_sqlite", command
    assert bad.read_text(encoding="utf-8") == "not a database"
