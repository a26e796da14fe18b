"""The office key over the register (issue 14, "the register's chain has no key"): anyone who can write the file
could append a backdated entry with a correct hash and head. Heads are signed with the office's Ed25519 key,
`verify(public_key=...)` proves the chain is the office's, anchors prove nothing before them was rewritten, and
times never go back. Each tamper below is a case listed in docs/audit.md, "What the signed register proves"."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest
from typer.testing import CliRunner

from audit_helpers import T0, record, sql
from penalty import canonical
from penalty.audit import Register, RegisterError, migrations, signing
from penalty.audit.receipt import generate_key, load_private_key, load_public_key
from penalty.audit.register import _COLUMNS, content_of
from penalty.cli import audit as audit_cli


@pytest.fixture(scope="module")
def office():
    private_pem, public_pem = generate_key()
    return load_private_key(private_pem), load_public_key(public_pem), private_pem, public_pem


@pytest.fixture
def signed(reg_path, office):
    """5 entries, each head signed by the office key."""
    with Register.open(reg_path) as reg:
        for i in range(1, 6):
            record(reg, i, signing_key=office[0])
    return reg_path


def forge_append(path, *, officer="9999", timestamp=None):
    """What an adversary with write access but no key does: append an entry with a correct hash and head."""
    conn = sqlite3.connect(path)
    last = dict(zip(_COLUMNS, conn.execute("SELECT " + ",".join(_COLUMNS)
                                           + " FROM entries ORDER BY seq DESC LIMIT 1").fetchone()))
    row = dict(last, seq=last["seq"] + 1, prev_hash=last["entry_hash"], officer=officer,
               timestamp=timestamp or last["timestamp"])
    row["entry_hash"] = canonical.sha256(content_of(row, row["seq"]))
    conn.execute("INSERT INTO entries VALUES (" + ",".join("?" * len(_COLUMNS)) + ")", [row[c] for c in _COLUMNS])
    conn.execute("UPDATE chain_head SET seq = ?, hash = ?", (row["seq"], row["entry_hash"]))
    conn.commit()
    conn.close()


def rewrite_from(path, seq, *, explanation="改写"):
    """Change entry `seq` and recompute every later hash and the head: a chain valid on its own terms."""
    conn = sqlite3.connect(path)
    rows = [dict(zip(_COLUMNS, r)) for r in conn.execute("SELECT " + ",".join(_COLUMNS) + " FROM entries ORDER BY seq")]
    prev = rows[seq - 2]["entry_hash"] if seq > 1 else "0" * 64
    for row in rows[seq - 1:]:
        if row["seq"] == seq:
            row["explanation"] = explanation
        row["prev_hash"] = prev
        row["entry_hash"] = canonical.sha256(content_of(row, row["seq"]))
        conn.execute("UPDATE entries SET explanation = ?, prev_hash = ?, entry_hash = ? WHERE seq = ?",
                     (row["explanation"], row["prev_hash"], row["entry_hash"], row["seq"]))
        prev = row["entry_hash"]
    conn.execute("UPDATE chain_head SET hash = ?", (prev,))
    conn.commit()
    conn.close()


def verify(path, **kw):
    with Register.open(path, create=False) as reg:
        return reg.verify(**kw)


def test_every_head_signed_proves_the_chain_is_the_offices(signed, office):
    report = verify(signed, public_key=office[1])
    assert report.ok and report.signed_upto == 5 and report.unsigned == 0
    assert report.key_id == signing.key_id(office[1]) and report.key_id in report.signatures_message


def test_a_forged_append_verifies_without_the_key_but_not_with_it(signed, office):
    forge_append(signed)
    assert verify(signed).ok  # the unkeyed chain alone cannot tell (the reproducer)
    report = verify(signed, public_key=office[1])
    assert not report.ok and report.finding.kind == "unsigned_tail" and report.finding.seq == 6


def test_a_backdated_append_is_reported_even_without_the_key(signed):
    forge_append(signed, timestamp="2020-01-01T00:00:00.000000Z")
    report = verify(signed)
    assert not report.ok and report.finding.kind == "time_back" and report.finding.seq == 6
    assert "2020-01-01" in report.message


def test_a_time_earlier_than_the_last_entry_is_refused_at_write(signed):
    with Register.open(signed) as reg:
        with pytest.raises(RegisterError) as err:
            record(reg, 6, when=T0)  # entry 5 is at T0 + 5 h
        assert err.value.code == "register.clock_back"
        assert reg.count() == 5
        record(reg, 6, when=T0 + dt.timedelta(hours=5))  # the same time is not going back
        assert reg.verify().ok


def test_a_chain_rewritten_from_an_entry_on_fails_at_that_entry(signed, office):
    rewrite_from(signed, 3)
    assert verify(signed).ok  # valid on its own terms
    report = verify(signed, public_key=office[1])
    assert report.finding.kind == "bad_signature" and report.finding.seq == 3


def test_a_rewrite_that_also_deletes_the_signatures_is_an_unsigned_tail(signed, office):
    rewrite_from(signed, 3)
    sql(signed, "DELETE FROM signatures WHERE seq >= 3")
    report = verify(signed, public_key=office[1])
    assert report.finding.kind == "unsigned_tail" and report.finding.seq == 3 and report.signed_upto == 2


def test_signatures_by_another_key_are_not_the_offices(reg_path, office):
    other_private, _ = generate_key()
    with Register.open(reg_path) as reg:
        record(reg, 1, signing_key=load_private_key(other_private))
    report = verify(reg_path, public_key=office[1])
    assert report.finding.kind == "bad_signature" and report.finding.seq == 1


def test_cutting_back_to_a_signed_head_needs_an_anchor_to_be_seen(signed, office):
    with Register.open(signed) as reg:
        anchor = reg.anchor()
    assert anchor.seq == 5 and anchor.signed_by(office[1])
    sql(signed, "DELETE FROM entries WHERE seq = 5", "DELETE FROM signatures WHERE seq = 5")
    conn = sqlite3.connect(signed)
    h4 = conn.execute("SELECT entry_hash FROM entries WHERE seq = 4").fetchone()[0]
    conn.execute("UPDATE chain_head SET seq = 4, hash = ?", (h4,))
    conn.commit()
    conn.close()
    assert verify(signed, public_key=office[1]).ok  # a shorter chain, every head in it genuinely signed
    report = verify(signed, public_key=office[1], anchor=anchor)
    assert report.finding.kind == "anchor_missing"


def test_a_key_kept_off_the_writing_machine_signs_an_anchor_on_a_backup(reg_path, tmp_path, office):
    with Register.open(reg_path) as reg:  # the writing machine: no key
        for i in range(1, 4):
            record(reg, i)
        reg.backup(tmp_path / "copy.sqlite")
    with Register.open(tmp_path / "copy.sqlite", create=False) as copy:  # where the key is
        anchor = signing.load_anchor(signing.dump_anchor(copy.anchor(office[0])).encode(), path="a.json")
    with Register.open(reg_path) as reg:
        record(reg, 4)
    report = verify(reg_path, public_key=office[1], anchor=anchor)
    assert report.anchor_signed is True and report.anchor_seq == 3
    assert report.finding.kind == "unsigned_tail"  # entry 4 is not vouched for until the next anchor
    rewrite_from(reg_path, 2)
    assert verify(reg_path, anchor=anchor).finding.kind == "anchor_missing"


def test_an_anchor_with_a_forged_signature_is_refused(signed, office):
    with Register.open(signed) as reg:
        anchor = reg.anchor()
    forged = signing.Anchor(seq=anchor.seq, hash=anchor.hash, timestamp=anchor.timestamp, key_id=anchor.key_id,
                            signature=signing.sign_head(load_private_key(generate_key()[0]), 5, anchor.hash)[1])
    report = verify(signed, public_key=office[1], anchor=forged)
    assert report.finding.kind == "anchor_bad_signature"


def test_anchor_refuses_a_register_that_does_not_verify(signed):
    sql(signed, "UPDATE entries SET explanation = 'x' WHERE seq = 2")
    with Register.open(signed) as reg:
        with pytest.raises(RegisterError) as err:
            reg.anchor()
    assert err.value.code == "anchor.not_intact"


@pytest.mark.parametrize("text", [b"{}", b"[]", b"not json", b'{"format": "penalty-register-anchor/1", "seq": 0}',
                                  b'{"format": "penalty-register-anchor/1", "seq": 1, "seq": 2}'])
def test_a_bad_anchor_file_is_a_clean_error(text):
    with pytest.raises(RegisterError) as err:
        signing.load_anchor(text, path="a.json")
    assert err.value.code == "anchor.bad" and "a.json" in err.value.message


def test_an_old_register_stays_readable_and_its_entries_are_reported_unsigned(reg_path, office):
    with Register.open(reg_path) as reg:
        for i in range(1, 4):
            record(reg, i)
    # what the release before signatures wrote: schema version 1, no signatures table
    sql(reg_path, "DROP TABLE signatures", "DELETE FROM schema_version WHERE version = 2")
    assert migrations.schema_of(sqlite3.connect(reg_path)) == migrations.expected_schema(1)
    with Register.open(reg_path) as reg:
        assert reg.schema_version() == 2 and reg.verify().ok
        report = reg.verify(public_key=office[1])
        assert report.finding.kind == "unsigned_tail" and report.unsigned == 3 and report.signed_upto == 0
        record(reg, 4, signing_key=office[0])
        report = reg.verify(public_key=office[1])
    assert report.ok and report.signed_upto == 4 and report.unsigned == 3


# --- the command line ---------------------------------------------------------------------------------------------

def test_cli_anchor_then_verify_with_key_and_anchor(signed, office, tmp_path):
    runner = CliRunner()
    key, pub = tmp_path / "office.pem", tmp_path / "office.pem.pub"
    key.write_bytes(office[2])
    pub.write_bytes(office[3])
    result = runner.invoke(audit_cli.app, ["anchor", "--register", str(signed)])
    assert result.exit_code == 0
    anchor = json.loads(result.stdout)
    assert anchor["seq"] == 5 and anchor["signature"]["key_id"] == signing.key_id(office[1])
    (tmp_path / "a.json").write_text(result.stdout, encoding="utf-8")
    result = runner.invoke(audit_cli.app, ["verify", "--register", str(signed), "--public-key", str(pub),
                                           "--anchor", str(tmp_path / "a.json")])
    assert result.exit_code == 0 and "every entry, 1 to 5, carries its valid signature" in result.stdout
    assert "the anchor file is validly signed by the office key" in result.stdout
    forge_append(signed)
    result = runner.invoke(audit_cli.app, ["verify", "--register", str(signed), "--public-key", str(pub), "--json"])
    assert result.exit_code == 1 and json.loads(result.stdout)["finding"]["kind"] == "unsigned_tail"


def test_cli_verify_without_the_key_says_the_signatures_were_not_checked(signed):
    result = CliRunner().invoke(audit_cli.app, ["verify", "--register", str(signed)])
    assert result.exit_code == 0 and "5 entries carry a signature, not checked" in result.stdout


def test_cli_anchor_signs_with_key_or_env(reg_path, office, tmp_path, monkeypatch):
    with Register.open(reg_path) as reg:
        record(reg, 1)
    key = tmp_path / "office.pem"
    key.write_bytes(office[2])
    runner = CliRunner()
    unsigned = runner.invoke(audit_cli.app, ["anchor", "--register", str(reg_path)])
    assert unsigned.exit_code == 0 and json.loads(unsigned.stdout)["signature"] is None
    assert "not signed" in unsigned.stderr
    monkeypatch.setenv(signing.KEY_ENV_VAR, str(key))
    from_env = json.loads(runner.invoke(audit_cli.app, ["anchor", "--register", str(reg_path)]).stdout)
    anchor = signing.load_anchor(json.dumps(from_env).encode(), path="a")
    assert anchor.signed_by(office[1])


def test_cli_bad_key_and_anchor_files_are_clean_errors(signed, tmp_path):
    bad = tmp_path / "bad.pem"
    bad.write_bytes(b"not a key")
    runner = CliRunner()
    result = runner.invoke(audit_cli.app, ["verify", "--register", str(signed), "--public-key", str(bad)])
    assert result.exit_code == 1 and "bad.pem" in result.stderr and isinstance(result.exception, SystemExit)
    result = runner.invoke(audit_cli.app, ["verify", "--register", str(signed), "--anchor", str(tmp_path / "nope")])
    assert result.exit_code == 1 and "nope" in result.stderr


def test_every_tamper_case_docs_list_names_a_test_that_exists():
    """docs/audit.md's table of what the signed register proves names a test per case: each must exist."""
    import re
    from pathlib import Path
    here = Path(__file__).resolve().parent
    docs = (here.parents[1] / "docs" / "audit.md").read_text(encoding="utf-8")
    section = docs.split("### What the signed register proves", 1)[1].split("It **cannot**", 1)[0]
    named = re.findall(r"`(test_\w+)`", section)
    files = re.findall(r"`(tests/audit/\w+\.py)`", section)
    assert len(named) >= 9 and files
    source = "".join(p.read_text(encoding="utf-8") for p in here.glob("test_*.py"))
    assert [n for n in named if f"def {n}(" not in source] == []
    assert [f for f in files if not (here.parents[1] / f).is_file()] == []
