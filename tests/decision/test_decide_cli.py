"""`penalty decide` as an officer runs it: exit codes, JSON, both languages, nothing printed as a traceback."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from penalty.cli.app import app
from tests.decision.conftest import DELAYING

runner = CliRunner(env={"COLUMNS": "200"})


def run(*args):
    return runner.invoke(app, ["decide", *args], catch_exceptions=False)


def test_accepted_inside_the_band_with_the_procedure(write_case, rulebook_path):
    case = write_case(DELAYING + "party_type: organisation\n")
    res = run(case, "-r", str(rulebook_path), "--amount", "30000", "--lang", "en")
    assert res.exit_code == 0, res.output
    assert "Decided: 30,000 yuan (inside the band)" in res.output
    assert "Procedure" in res.output and "Administrative Penalty Law art. 51" in res.output


def test_deviation_in_json_carries_reason_and_assessment(write_case, rulebook_path):
    case = write_case(DELAYING)
    res = run(case, "-r", str(rulebook_path), "--amount", "50,000", "--reason", "social_impact", "--note", "reported", "--json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["decision"]["status"] == "deviation" and out["decision"]["amount"] == 5_000_000
    assert out["decision"]["reason"] == "social_impact" and out["decision"]["note"] == "reported"
    assert out["assessment"]["acts"][0]["range"]["low"] == 2_000_000
    again = run(case, "-r", str(rulebook_path), "--amount", "50,000", "--reason", "social_impact", "--note", "reported", "--json")
    assert again.output == res.output  # canonical and repeatable


def test_refusals_exit_1_with_the_rule_in_json_and_text(write_case, rulebook_path):
    case = write_case(DELAYING)
    res = run(case, "-r", str(rulebook_path), "--amount", "200000.01", "--json")
    assert res.exit_code == 1
    problem = json.loads(res.output)["problems"][0]
    assert problem["code"] == "decision.above_maximum" and "200,000" in problem["hint"]
    res = run(case, "-r", str(rulebook_path), "--amount", "50000", "--lang", "zh")
    assert res.exit_code == 1 and "须写明裁量基准所列的理由代码" in res.output and "Traceback" not in res.output


def test_a_bad_amount_is_a_message_not_a_traceback(write_case, rulebook_path):
    res = run(write_case(DELAYING), "-r", str(rulebook_path), "--amount", "3万", "--lang", "en")
    assert res.exit_code == 1 and "--amount '3万' is not an amount" in res.output


def test_a_bad_filing_date_names_its_position(write_case, rulebook_path):
    res = run(write_case(DELAYING + "filing_date: 2025-13-01\n"), "-r", str(rulebook_path), "--amount", "30000", "--lang", "en")
    assert res.exit_code == 1 and "case.yaml:4:" in res.output and "filing_date" in res.output


def test_every_message_has_both_languages():
    from penalty.decision.messages import MESSAGES
    assert all(set(entry) == {"zh", "en"} and entry["zh"] and entry["en"] for entry in MESSAGES.values())


def test_a_bad_notified_amount_names_its_position(write_case, rulebook_path):
    res = run(write_case(DELAYING + "notified_amount: 3万\n"), "-r", str(rulebook_path), "--amount", "30000", "--lang", "en")
    assert res.exit_code == 1 and "case.yaml:4:" in res.output and "notified_amount '3万' is not an amount" in res.output


def test_above_the_notified_amount_is_refused(write_case, rulebook_path):
    res = run(write_case(DELAYING + "notified_amount: 30000\n"), "-r", str(rulebook_path), "--amount", "35000", "--lang", "en")
    assert res.exit_code == 1 and "heavier than the penalty notified to the party, 30,000 yuan" in res.output


def test_the_markdown_memo_ends_with_the_decision_and_its_procedure(write_case, rulebook_path):
    res = run(write_case(DELAYING + "party_type: organisation\n"), "-r", str(rulebook_path), "--amount", "30000", "-f", "md",
              "--lang", "zh")
    assert res.exit_code == 0
    memo = res.output
    assert memo.index("## 裁量决定") < memo.index("## 程序提示") and memo.index("# ") < memo.index("## 裁量决定")
    assert "- 决定：30,000元（幅度内）" in memo and "《中华人民共和国行政处罚法》第五十一条" in memo


def test_a_negative_notified_amount_is_refused_where_it_is_written(write_case, rulebook_path):
    res = run(write_case(DELAYING + "notified_amount: -5\n"), "-r", str(rulebook_path), "--amount", "30000", "--lang", "en")
    assert res.exit_code == 1 and "case.yaml:4:" in res.output and "notified_amount '-5' is not an amount" in res.output


def test_calc_decide_checks_an_amount_as_decide_does(write_case, rulebook_path, tmp_path):
    case = write_case(DELAYING)  # band [20,000, 40,000) yuan, statutory 20,000 - 200,000
    ok = CliRunner().invoke(app, ["calc", case, "-r", str(rulebook_path), "--decide", "30000", "--json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout)["decision"]["status"] == "within_band"
    above = CliRunner().invoke(app, ["calc", case, "-r", str(rulebook_path), "--decide", "250000", "--json"])
    assert above.exit_code == 1 and json.loads(above.stdout)["problems"][0]["code"] == "decision.above_maximum"
    text = CliRunner().invoke(app, ["calc", case, "-r", str(rulebook_path), "--decide", "30000", "--lang", "zh"])
    assert "程序提示" in text.output and "裁量决定" in text.output
    recorded = CliRunner().invoke(app, ["calc", case, "-r", str(rulebook_path), "--decide", "30000", "--record",
                                        "--register", str(tmp_path / "r.sqlite")])
    assert recorded.exit_code == 2 and not (tmp_path / "r.sqlite").exists()
