"""`penalty notify`: the intended penalty notified to the party (art. 44) recorded in the register, so that a later
decision heavier than it is refused (art. 45 para. 2) without a `notified_amount` in the case; a change of
decision needs a decision to change."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from penalty.audit.register import Register
from penalty.cli.app import app
from tests.decision.conftest import DELAYING

runner = CliRunner(env={"COLUMNS": "200"})


def test_a_decision_heavier_than_the_recorded_notice_is_refused(write_case, rulebook_path, tmp_path):
    reg = str(tmp_path / "r.sqlite")
    case = write_case(DELAYING)  # band [20,000, 40,000) yuan
    base = ("-r", str(rulebook_path), "--register", reg, "--lang", "en")
    notified = runner.invoke(app, ["notify", case, *base, "--amount", "30000", "--officer", "0451", "--json"])
    assert notified.exit_code == 0, notified.output
    assert json.loads(notified.stdout)["recorded"]["seq"] == 1
    heavier = runner.invoke(app, ["decide", case, *base, "--amount", "35000", "--json"])
    assert heavier.exit_code == 1 and json.loads(heavier.stdout)["problems"][0]["code"] == "decision.above_notified"
    # notified again, heavier (art. 44): the last notice counts
    assert runner.invoke(app, ["notify", case, *base, "--amount", "36000", "--officer", "0451"]).exit_code == 0
    done = runner.invoke(app, ["decide", case, *base, "--amount", "35000", "--record", "--officer", "0451", "--json"])
    assert done.exit_code == 0, done.output
    out = json.loads(done.stdout)
    assert out["notice"]["seq"] == 2 and out["notice"]["amount"] == 3_600_000
    assert any(c["code"] == "decision.notified" for c in out["decision"]["checks"])
    with Register.open(reg, create=False) as r:
        first, second, third = r.entries()
    assert first.facts["notice"]["amount"] == 3_000_000 and "decision" not in first.facts
    assert third.facts["decision"]["amount"] == 3_500_000
    # after the decision, no notice: a decided case is changed instead
    late = runner.invoke(app, ["notify", case, *base, "--amount", "30000", "--officer", "0451", "--json"])
    assert late.exit_code == 1 and json.loads(late.stdout)["problems"][0]["code"] == "decision.notice_after_decision"
    replay = runner.invoke(app, ["audit", "replay", "--register", reg, "--json"])
    assert replay.exit_code == 0 and json.loads(replay.stdout)["reproduced"] == 3


def test_a_notice_is_checked_as_a_decision_and_needs_its_officer(write_case, rulebook_path, tmp_path):
    reg = tmp_path / "r.sqlite"
    case = write_case(DELAYING)
    above = runner.invoke(app, ["notify", case, "-r", str(rulebook_path), "--register", str(reg), "--amount", "250000",
                                "--officer", "0451", "--json"])
    assert above.exit_code == 1 and json.loads(above.stdout)["problems"][0]["code"] == "decision.above_maximum"
    nobody = runner.invoke(app, ["notify", case, "-r", str(rulebook_path), "--register", str(reg), "--amount", "30000", "--json"])
    assert nobody.exit_code == 1 and json.loads(nobody.stdout)["problems"][0]["code"] == "decision.needs_officer"
    assert not reg.exists()


def test_a_change_reason_needs_a_decision_to_change(write_case, rulebook_path, tmp_path):
    reg = tmp_path / "r.sqlite"
    res = runner.invoke(app, ["decide", write_case(DELAYING), "-r", str(rulebook_path), "--register", str(reg), "--record",
                              "--officer", "0451", "--amount", "30000", "--change-reason", "复核", "--json"])
    assert res.exit_code == 1 and json.loads(res.stdout)["problems"][0]["code"] == "decision.nothing_to_change"
    assert not reg.exists()
