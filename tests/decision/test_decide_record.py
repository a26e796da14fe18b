"""`penalty decide --record`: the decision, its reason and officer stored with the assessment; a second decision
for a recorded case only as a recorded change with its reason; nothing written on a refusal."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from penalty.audit.register import Register
from penalty.cli.app import app
from tests.decision.conftest import DELAYING

runner = CliRunner(env={"COLUMNS": "200"})


def run(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_record_then_refuse_a_second_decision_unless_a_change_with_its_reason(write_case, rulebook_path, tmp_path):
    reg = tmp_path / "register.sqlite"
    case = write_case(DELAYING)
    base = ("decide", case, "-r", str(rulebook_path), "--register", str(reg), "--record", "--lang", "en")
    assert run(*base, "--amount", "50000", "--reason", "social_impact", "--note", "reported", "--officer", "0451").exit_code == 0
    again = run(*base, "--amount", "35000", "--officer", "0452")
    assert again.exit_code == 1 and "already decided (register entry 1, officer 0451, 50,000 yuan)" in again.output
    changed = run(*base, "--amount", "35000", "--officer", "0452", "--change-reason", "复核后调整")
    assert changed.exit_code == 0, changed.output
    with Register.open(reg, create=False) as r:
        first, second = r.entries()
    assert first.facts["decision"]["reason"] == "social_impact" and first.facts["decision"]["note"] == "reported"
    assert first.facts["decision"]["officer"] == "0451" and first.facts["decision"]["amount"] == 5_000_000
    assert second.facts["decision"]["supersedes"] == 1 and second.facts["decision"]["change_reason"] == "复核后调整"
    assert first.result["acts"][0]["range"] == {"low": 2_000_000, "high": 4_000_000, "low_inclusive": True, "high_inclusive": False}
    assert "Changes the decision of register entry 1" in second.explanation
    show = run("audit", "show", "1", "--register", str(reg), "--lang", "en")
    assert "social_impact (social impact): reported" in show.output
    replay = run("audit", "replay", "--register", str(reg), "--json")
    assert replay.exit_code == 0 and json.loads(replay.output)["reproduced"] == 2


def test_a_refused_decision_writes_nothing(write_case, rulebook_path, tmp_path):
    reg = tmp_path / "register.sqlite"
    res = run("decide", write_case(DELAYING), "-r", str(rulebook_path), "--register", str(reg), "--record",
              "--officer", "0451", "--amount", "250000")
    assert res.exit_code == 1 and not reg.exists()
    res = run("decide", write_case(DELAYING), "-r", str(rulebook_path), "--register", str(reg), "--record", "--amount", "30000")
    assert res.exit_code == 1 and not reg.exists()  # no officer


def test_a_recorded_decision_is_signed_with_the_office_key(write_case, rulebook_path, tmp_path):
    from penalty.audit.receipt import generate_key
    private, public = generate_key()
    (tmp_path / "office.pem").write_bytes(private)
    (tmp_path / "office.pub").write_bytes(public)
    reg = str(tmp_path / "register.sqlite")
    res = run("decide", write_case(DELAYING), "-r", str(rulebook_path), "--register", reg, "--record", "--officer", "0451",
              "--amount", "30000", "--register-key", str(tmp_path / "office.pem"))
    assert res.exit_code == 0, res.output
    r = runner.invoke(app, ["audit", "verify", "--register", reg, "--public-key", str(tmp_path / "office.pub"), "--json"])
    assert r.exit_code == 0 and json.loads(r.stdout)["signatures"]["signed_upto"] == 1


def test_a_register_problem_is_worded_in_the_command_language(write_case, rulebook_path, tmp_path):
    res = run("decide", write_case(DELAYING), "-r", str(rulebook_path), "--register", str(tmp_path / "no" / "r.sqlite"),
              "--record", "--officer", "0451", "--amount", "30000", "--lang", "en", "--json")
    problems = json.loads(res.stdout)["problems"]
    assert res.exit_code == 1 and [p["code"] for p in problems] == ["register.no_parent"]
    assert "does not exist" in problems[0]["message"]
