"""The `penalty audit` and `penalty receipt` typer sub-apps, run in-process with a fake engine.

The real engine is swapped out through penalty.cli.audit.engine_recompute, the one place the CLI loads it, so
these tests do not depend on the engine; the lead's end-to-end tests cover the real wiring.
"""
from __future__ import annotations

import json
import os
import random
import sys
from types import SimpleNamespace

import pytest

import typer  # noqa: E402, F401 - runtime dependencies: a missing one must fail the suite, never skip it
from typer.testing import CliRunner  # noqa: E402

from audit_helpers import FP_A, FP_B, RULEBOOK_A, fake_recompute, record, sql  # noqa: E402
from penalty.audit import Register, dump_receipt, make_receipt, sign_receipt  # noqa: E402
from penalty.cli import audit as audit_cli  # noqa: E402
from penalty.cli import receipt as receipt_cli  # noqa: E402

runner = CliRunner()


@pytest.fixture
def fake_engine(monkeypatch):
    """engine_recompute() backed by the fake: fingerprint A for RULEBOOK_A, B for anything else."""
    def load(text, name):
        if "broken" in text:  # the real loader's error, with its position
            from penalty.rulebook.load import load_bundle_versions
            load_bundle_versions(text, name)
        return SimpleNamespace(fingerprint=FP_A if text == RULEBOOK_A else FP_B)

    state = {"recompute": fake_recompute}
    monkeypatch.setattr(audit_cli, "engine_recompute", lambda: (lambda *a: state["recompute"](*a), load))
    return state


def run(app, *args, env=None):
    result = runner.invoke(app, [str(a) for a in args], env=env)
    # Whatever happened, never a traceback: only a clean exit.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def test_verify_ok_prints_the_head_hash(filled):
    result = run(audit_cli.app, "verify", "--register", filled)
    assert result.exit_code == 0
    head = Register.open(filled).head()[1]
    assert head in result.stdout


def test_verify_names_the_altered_entry(filled):
    sql(filled, "UPDATE entries SET officer = 'x' WHERE seq = 2")
    result = run(audit_cli.app, "verify", "--register", filled)
    assert result.exit_code == 1
    assert "entry 2 was altered" in result.stdout


def test_verify_json(filled):
    sql(filled, "DELETE FROM entries WHERE seq = 3")
    result = run(audit_cli.app, "verify", "--register", filled, "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["finding"]["kind"] == "deleted" and data["finding"]["seq"] == 3


def test_verify_expect_head(filled):
    anchor = Register.open(filled).head()[1]
    assert run(audit_cli.app, "verify", "--register", filled, "--expect-head", anchor).exit_code == 0
    result = run(audit_cli.app, "verify", "--register", filled, "--expect-head", "ab" * 32)
    assert result.exit_code == 1 and "anchored head" in result.stdout


def test_register_from_environment(filled):
    result = run(audit_cli.app, "verify", env={"PENALTY_REGISTER": str(filled)})
    assert result.exit_code == 0


@pytest.mark.parametrize("command", [["verify"], ["list"], ["show", "1"], ["replay"]])
def test_a_file_that_is_not_a_register_is_exit_1_without_traceback(tmp_path, command, fake_engine):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(os.urandom(3000))
    before = bad.read_bytes()
    result = run(audit_cli.app, *command, "--register", bad)
    assert result.exit_code == 1
    assert "is not a register" in result.stderr and "hint" in result.stderr
    assert bad.read_bytes() == before


def test_a_missing_register_is_not_created_by_reading_commands(tmp_path):
    missing = tmp_path / "none.sqlite"
    result = run(audit_cli.app, "list", "--register", missing, "--json")
    assert result.exit_code == 1
    assert [p["code"] for p in json.loads(result.stdout)["problems"]] == ["register.missing"]
    assert not missing.exists()


def test_list_filters_and_json(reg_path):
    with Register.open(reg_path) as reg:
        record(reg, 1, officer="张三")
        record(reg, 2, officer="李四", violation="water-81")
        record(reg, 3, officer="张三", violation="water-81")
    result = run(audit_cli.app, "list", "--register", reg_path, "--officer", "张三", "--violation", "water-81",
                 "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [r["seq"] for r in rows] == [3] and rows[0]["result"]["amount"] == "2006"
    table = run(audit_cli.app, "list", "--register", reg_path, "--since", "2024-03-01", "--until", "2024-03-01")
    assert table.exit_code == 0 and "CASE-0003" in table.stdout and "张三" in table.stdout
    none = run(audit_cli.app, "list", "--register", reg_path, "--since", "2030-01-01")
    assert none.exit_code == 0 and "no matching entries" in none.stdout


def test_list_bad_date_is_a_usage_error(filled):
    assert run(audit_cli.app, "list", "--register", filled, "--since", "March").exit_code == 2


def test_show_prints_the_explanation_exactly(reg_path):
    text = "裁量说明 [bold]not markup[/bold]\r\n  第二行\t制表\n\n"
    with Register.open(reg_path) as reg:
        record(reg, 1, explanation=text)
    result = run(audit_cli.app, "show", "1", "--register", reg_path)
    assert result.exit_code == 0
    assert result.stdout_bytes == text.encode("utf-8")  # .stdout would fold the \r\n
    assert "CASE-0001" in result.stderr
    data = json.loads(run(audit_cli.app, "show", "1", "--register", reg_path, "--json").stdout)
    assert data["explanation"] == text and data["seq"] == 1


def test_show_unknown_id(filled):
    result = run(audit_cli.app, "show", "99", "--register", filled)
    assert result.exit_code == 1 and "no entry 99" in result.stderr
    assert run(audit_cli.app, "show", "abc", "--register", filled).exit_code == 2


def test_replay_all_reproduced(filled, fake_engine):
    result = run(audit_cli.app, "replay", "--register", filled)
    assert result.exit_code == 0 and "all 6 entries reproduced" in result.stdout


def test_replay_lists_entries_a_new_engine_moves(filled, fake_engine):
    def new_engine(text, name, facts):
        r = fake_recompute(text, name, facts)
        if facts["base"] == "1004":
            r["grade"] = "从重"
        return r
    fake_engine["recompute"] = new_engine
    result = run(audit_cli.app, "replay", "--register", filled, "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [d["seq"] for d in data["differ"]] == [4] and data["differ"][0]["paths"] == ["grade"]


def test_replay_without_an_engine_is_a_clear_error(filled, monkeypatch):
    monkeypatch.setitem(sys.modules, "penalty.engine.assess", None)  # import fails, as in a broken install
    result = run(audit_cli.app, "replay", "--register", filled)
    assert result.exit_code == 1 and "cannot load the penalty engine" in result.stderr


# --- receipts -----------------------------------------------------------------------------------------------------

@pytest.fixture
def receipt_files(tmp_path):
    facts = {"violation": "food-122", "base": "3000"}
    receipt = make_receipt(case_id="C-1", facts=facts, result=fake_recompute(RULEBOOK_A, "a", facts),
                           rulebook_fingerprint=FP_A, rulebook_name="food.yaml", engine_version="penalty 0.1.0")
    path = tmp_path / "receipt.json"
    path.write_text(dump_receipt(receipt), encoding="utf-8")
    rulebook = tmp_path / "food.yaml"
    rulebook.write_text(RULEBOOK_A, encoding="utf-8")
    return SimpleNamespace(receipt=receipt, path=path, rulebook=rulebook, tmp=tmp_path)


def test_receipt_verify_ok(receipt_files, fake_engine):
    result = run(receipt_cli.app, "verify", receipt_files.path, "--rulebook", receipt_files.rulebook,
                 "--allow-unsigned")
    assert result.exit_code == 0 and "weaker check" in result.stdout


def test_receipt_verify_without_a_pinned_key_fails_and_says_what_to_pass(receipt_files, fake_engine):
    """issue 14: an unsigned (stripped) receipt passed with a warning and exit 0."""
    result = run(receipt_cli.app, "verify", receipt_files.path, "--rulebook", receipt_files.rulebook)
    assert result.exit_code == 1
    assert "--public-key" in result.stdout and "--allow-unsigned" in result.stdout


def test_receipt_verify_with_another_rulebook(receipt_files, fake_engine):
    other = receipt_files.tmp / "other.yaml"
    other.write_text("name: other\n", encoding="utf-8")
    result = run(receipt_cli.app, "verify", receipt_files.path, "--rulebook", other, "--json")
    assert result.exit_code == 1
    checks = {c["name"]: c["status"] for c in json.loads(result.stdout)["checks"]}
    assert checks["rulebook"] == "fail"


def test_receipt_verify_edited(receipt_files, fake_engine):
    data = json.loads(receipt_files.path.read_text(encoding="utf-8"))
    data["result"]["amount"] = "1"
    receipt_files.path.write_text(dump_receipt(data), encoding="utf-8")
    result = run(receipt_cli.app, "verify", receipt_files.path, "--rulebook", receipt_files.rulebook,
                 "--allow-unsigned")
    assert result.exit_code == 1 and "FAILED" in result.stdout


# random bytes from a fixed seed: the same test ids in every collecting process (pytest-xdist compares them)
@pytest.mark.parametrize("content", [b"{not json", b'{"format": "x"}', random.Random(208).randbytes(100)],
                         ids=["not-json", "wrong-format", "random-bytes"])
def test_receipt_verify_bad_file(receipt_files, fake_engine, content):
    receipt_files.path.write_bytes(content)
    result = run(receipt_cli.app, "verify", receipt_files.path, "--rulebook", receipt_files.rulebook)
    assert result.exit_code == 1 and "receipt" in result.stderr


def test_receipt_verify_missing_files(receipt_files, fake_engine):
    assert run(receipt_cli.app, "verify", receipt_files.tmp / "nope.json", "--rulebook",
               receipt_files.rulebook).exit_code == 1
    assert run(receipt_cli.app, "verify", receipt_files.path, "--rulebook",
               receipt_files.tmp / "nope.yaml").exit_code == 1
    assert run(receipt_cli.app, "verify", receipt_files.path).exit_code == 2  # --rulebook is required


def test_receipt_verify_with_a_broken_rulebook(receipt_files, fake_engine):
    receipt_files.rulebook.write_text("broken", encoding="utf-8")
    result = run(receipt_cli.app, "verify", receipt_files.path, "--rulebook", receipt_files.rulebook, "--lang", "en")
    # the rulebook's own problem where it is, then what to give instead
    assert result.exit_code == 1 and "food.yaml:1:1: error: a rulebook must be a mapping" in result.stderr
    assert "food.yaml given to check the receipt cannot be read" in result.stderr
    assert "the receipt was issued with" in result.stderr


def test_keygen_then_signed_receipt_verifies_with_the_public_key(receipt_files, fake_engine):
    key = receipt_files.tmp / "issuer.pem"
    result = run(receipt_cli.app, "keygen", "--out", key)
    assert result.exit_code == 0
    assert (key.stat().st_mode & 0o777) == 0o600
    public = receipt_files.tmp / "issuer.pem.pub"
    assert b"PUBLIC KEY" in public.read_bytes()
    # Never overwrites.
    again = run(receipt_cli.app, "keygen", "--out", key)
    assert again.exit_code == 1 and "not overwriting" in again.stderr

    signed = sign_receipt(receipt_files.receipt, key.read_bytes())
    receipt_files.path.write_text(dump_receipt(signed), encoding="utf-8")
    ok = run(receipt_cli.app, "verify", receipt_files.path, "--rulebook", receipt_files.rulebook,
             "--public-key", public)
    assert ok.exit_code == 0, ok.output

    other = receipt_files.tmp / "other.pem"
    run(receipt_cli.app, "keygen", "--out", other)
    wrong = run(receipt_cli.app, "verify", receipt_files.path, "--rulebook", receipt_files.rulebook,
                "--public-key", receipt_files.tmp / "other.pem.pub")
    assert wrong.exit_code == 1

    bad_key = receipt_files.tmp / "bad.pub"
    bad_key.write_text("not a key", encoding="utf-8")
    assert run(receipt_cli.app, "verify", receipt_files.path, "--rulebook", receipt_files.rulebook,
               "--public-key", bad_key).exit_code == 1


def test_lang_holds_for_its_command_only(filled):
    before = os.environ.get("PENALTY_LANG")
    plain = run(audit_cli.app, "verify", "--register", filled).stdout
    en = run(audit_cli.app, "verify", "--register", filled, "--lang", "en").stdout
    zh = run(audit_cli.app, "verify", "--register", filled, "--lang", "zh").stdout
    assert zh != en and "登记" in zh
    assert run(audit_cli.app, "verify", "--register", filled).stdout == plain  # nothing left behind
    assert os.environ.get("PENALTY_LANG") == before


def test_receipt_verify_reads_a_bounded_amount(receipt_files, fake_engine, monkeypatch):
    monkeypatch.setattr(receipt_cli, "MAX_BYTES", 1024)
    receipt_files.path.write_bytes(b" " * 2048)
    result = run(receipt_cli.app, "verify", receipt_files.path, "--rulebook", receipt_files.rulebook)
    assert result.exit_code == 1 and "larger than 1024 bytes" in result.stderr  # measured before it is read


def test_receipt_verify_refuses_a_non_canonical_file(receipt_files, fake_engine):
    data = json.loads(receipt_files.path.read_text(encoding="utf-8"))
    receipt_files.path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run(receipt_cli.app, "verify", receipt_files.path, "--rulebook", receipt_files.rulebook,
                 "--allow-unsigned")
    assert result.exit_code == 1 and "byte for byte" in result.stderr
