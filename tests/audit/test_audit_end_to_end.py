"""The issue's 'done means', with the real engine: record three, alter one row, verify names it; replay."""
import json
import sqlite3

from typer.testing import CliRunner

from penalty.audit import dump_receipt
from penalty.cli.app import app
from penalty.rulebook.bundled import bundled_dir

runner = CliRunner()
CASE = str(bundled_dir() / "examples" / "gd-obstruct-refusing-entry.yaml")


def run(*args):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_record_alter_verify_replay(tmp_path):
    reg = str(tmp_path / "reg.sqlite")
    for officer in ("o1", "o2", "o3"):
        r = run("calc", CASE, "--record", "--register", reg, "--officer", officer, "--unit", "u1", "--json", "--lang", "zh")
        assert r.exit_code == 0, r.output
    r = run("audit", "replay", "--register", reg, "--json")
    assert r.exit_code == 0 and json.loads(r.output)["reproduced"] == 3
    listing = json.loads(run("audit", "list", "--register", reg, "--officer", "o2", "--json").output)
    assert [e["officer"] for e in listing] == ["o2"]
    shown = run("audit", "show", "2", "--register", reg)
    assert "裁量说明" in shown.stdout
    with sqlite3.connect(reg) as db:
        db.execute("UPDATE entries SET result = replace(result, '14000000', '9000000') WHERE seq = 2")
    r = run("audit", "verify", "--register", reg, "--json")
    assert r.exit_code == 1
    assert "2" in json.dumps(json.loads(r.output))


def test_replay_survives_the_rulebook_file_going_away(tmp_path):
    src = (bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8")
    rb_path = tmp_path / "mine.yaml"
    rb_path.write_text(src, encoding="utf-8")
    reg = str(tmp_path / "reg.sqlite")
    assert run("calc", CASE, "--rulebook", str(rb_path), "--record", "--register", reg).exit_code == 0
    rb_path.unlink()
    r = run("audit", "replay", "--register", reg, "--json")
    assert r.exit_code == 0 and json.loads(r.output)["reproduced"] == 1


def test_receipt_round_trip(tmp_path):
    receipt = tmp_path / "r.json"
    assert run("calc", CASE, "--receipt", str(receipt)).exit_code == 0
    rb = str(bundled_dir() / "cn-env-food.yaml")
    assert run("receipt", "verify", str(receipt), "--rulebook", rb).exit_code == 1  # no pinned key
    assert run("receipt", "verify", str(receipt), "--rulebook", rb, "--allow-unsigned").exit_code == 0
    body = json.loads(receipt.read_text(encoding="utf-8"))
    body["result"]["acts"][0]["recommended"] = 1
    receipt.write_text(dump_receipt(body), encoding="utf-8")
    assert run("receipt", "verify", str(receipt), "--rulebook", rb, "--allow-unsigned").exit_code == 1


def test_dated_case_receipt_and_replay_weigh_the_same_versions(tmp_path):
    """A case under art. 37 was decided by comparing two versions: both are stored and weighed again."""
    case = str(bundled_dir() / "examples" / "time-straddle-lighter.yaml")
    reg, receipt = str(tmp_path / "reg.sqlite"), tmp_path / "r.json"
    r = run("calc", case, "--record", "--register", reg, "--receipt", str(receipt), "--lang", "zh")
    assert r.exit_code == 0, r.output
    r = run("audit", "replay", "--register", reg, "--json")
    assert r.exit_code == 0 and json.loads(r.output)["reproduced"] == 1
    assert "第三十七条" in run("audit", "show", "1", "--register", reg).stdout
    assert run("receipt", "verify", str(receipt), "--rulebook", "cn-env-food", "--allow-unsigned").exit_code == 0


def test_replay_and_list_warn_when_the_chain_is_broken(tmp_path):
    reg = str(tmp_path / "reg.sqlite")
    r = run("calc", CASE, "--record", "--register", reg)
    assert "officer" in r.output  # recorded without an officer: said so
    with sqlite3.connect(reg) as db:
        db.execute("UPDATE entries SET officer = '9999' WHERE seq = 1")
    for args in (("audit", "replay"), ("audit", "list")):
        r = run(*args, "--register", reg)
        assert "integrity" in r.output, r.output


def test_a_receipt_with_its_explanation_rewritten_and_re_signed_fails(tmp_path):
    """The explanation is rendered again from the recomputed result, not taken from the receipt."""
    from penalty.audit import load_private_key, sign_receipt
    from penalty.audit.receipt import generate_key
    receipt = tmp_path / "r.json"
    assert run("calc", CASE, "--receipt", str(receipt)).exit_code == 0
    body = json.loads(receipt.read_text(encoding="utf-8"))
    assert "# " in body["explanation"]
    body["explanation"] = body["explanation"].replace("# ", "# （伪造）", 1)
    private, public = generate_key()
    receipt.write_text(dump_receipt(sign_receipt(body, load_private_key(private))), encoding="utf-8")
    (tmp_path / "k.pub").write_bytes(public)
    r = run("receipt", "verify", str(receipt), "--rulebook", "cn-env-food", "--public-key", str(tmp_path / "k.pub"),
            "--json")
    assert r.exit_code == 1
    checks = {c["name"]: c["status"] for c in json.loads(r.stdout)["checks"]}
    assert checks == {**checks, "signature": "ok", "result": "ok", "explanation": "fail"}


def test_record_without_a_case_id_is_a_clean_message_in_the_language_asked(tmp_path):
    """issue 14: "this is a bug in the caller", in Chinese whatever --lang said."""
    case = tmp_path / "case.yaml"
    case.write_text("case_id: ''\nviolation: gd-water-81-obstruct\n"
                    "facts: {obstruction: delaying, prior_count_1y: 0}\n", encoding="utf-8")
    reg = tmp_path / "reg.sqlite"
    r = run("calc", str(case), "--record", "--register", str(reg), "--lang", "en")
    assert r.exit_code == 1
    assert "has no case number (case_id)" in r.stderr and "add a case_id" in r.stderr
    assert "bug" not in r.stderr and "不能记录" not in r.stderr
    r = run("calc", str(case), "--record", "--register", str(reg), "--lang", "zh")
    assert r.exit_code == 1 and "没有案件编号" in r.stderr and "cannot record" not in r.stderr
    assert not reg.exists()


def test_calc_record_signs_heads_with_the_office_key(tmp_path, monkeypatch):
    from penalty.audit.receipt import generate_key
    private, public = generate_key()
    (tmp_path / "office.pem").write_bytes(private)
    (tmp_path / "office.pub").write_bytes(public)
    reg = str(tmp_path / "reg.sqlite")
    assert run("calc", CASE, "--record", "--register", reg).exit_code == 0  # unsigned: covered by a later head
    assert run("calc", CASE, "--record", "--register", reg, "--register-key", str(tmp_path / "office.pem")).exit_code == 0
    r = run("audit", "verify", "--register", reg, "--public-key", str(tmp_path / "office.pub"), "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["signatures"]["signed_upto"] == 2
    assert json.loads(r.stdout)["signatures"]["unsigned"] == 1
    assert run("calc", CASE, "--record", "--register", reg).exit_code == 0
    r = run("audit", "verify", "--register", reg, "--public-key", str(tmp_path / "office.pub"), "--json")
    assert r.exit_code == 1 and json.loads(r.stdout)["finding"]["kind"] == "unsigned_tail"
    monkeypatch.setenv("PENALTY_REGISTER_KEY", str(tmp_path / "office.pem"))
    assert run("calc", CASE, "--record", "--register", reg).exit_code == 0
    r = run("audit", "verify", "--register", reg, "--public-key", str(tmp_path / "office.pub"), "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["signatures"]["signed_upto"] == 4


def test_a_receipt_that_cannot_be_written_is_said_in_words_in_both_languages(tmp_path):
    receipt = tmp_path / "no-such-folder" / "r.json"
    en = run("calc", CASE, "--receipt", str(receipt), "--lang", "en")
    assert en.exit_code == 1 and f"cannot write the receipt {receipt}" in en.stderr
    assert "--receipt" in en.stderr.split("hint:")[1]
    zh = run("calc", CASE, "--receipt", str(receipt), "--lang", "zh")
    assert zh.exit_code == 1 and f"无法写入回执 {receipt}" in zh.stderr and "提示" in zh.stderr
