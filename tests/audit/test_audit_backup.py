"""`penalty audit backup DEST` (issue 14, data loss): committed entries can live only in `-wal` (after a killed
writer, or while a writer has the file open); a copy of the `.sqlite` alone then verifies "intact" with fewer
entries. The backup uses SQLite's backup API, verifies the copy and never overwrites a file."""
from __future__ import annotations

import shutil
import sqlite3

import pytest
from typer.testing import CliRunner

from audit_helpers import record
from penalty.audit import Register, RegisterError
from penalty.cli import audit as audit_cli


@pytest.fixture
def wal_only(reg_path):
    """A register of 2 checkpointed entries and 3 more committed only in -wal, its writer still holding it."""
    reg = Register.open(reg_path)
    for i in (1, 2):
        record(reg, i)
    reg._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    reg._conn.execute("PRAGMA wal_autocheckpoint = 0")
    for i in (3, 4, 5):
        record(reg, i)
    yield reg_path, reg
    reg.close()


def test_a_file_copy_loses_what_is_only_in_the_wal_and_the_backup_does_not(wal_only, tmp_path):
    path, writer = wal_only
    head = writer.head()
    copied = tmp_path / "copied.sqlite"
    shutil.copyfile(path, copied)
    with Register.open(copied, create=False) as reg:
        assert reg.count() == 2  # the loss the docs used to invite
    backup = tmp_path / "backup.sqlite"
    with Register.open(path, create=False) as reg:
        report = reg.backup(backup)
    assert report.ok and report.entries == 5 and (report.head_seq, report.head_hash) == head
    assert not (tmp_path / "backup.sqlite-wal").exists() and not (tmp_path / "backup.sqlite.partial").exists()
    with Register.open(backup, create=False) as reg:
        assert reg.verify().ok and reg.count() == 5 and reg.head() == head


def test_an_existing_file_is_never_overwritten(filled, tmp_path):
    dest = tmp_path / "exists.sqlite"
    dest.write_bytes(b"keep me")
    with Register.open(filled, create=False) as reg:
        with pytest.raises(RegisterError) as err:
            reg.backup(dest)
    assert err.value.code == "backup.exists" and dest.read_bytes() == b"keep me"


def test_a_missing_folder_is_a_clear_error(filled, tmp_path):
    with Register.open(filled, create=False) as reg:
        with pytest.raises(RegisterError) as err:
            reg.backup(tmp_path / "no" / "such" / "b.sqlite")
    assert err.value.code == "register.no_parent"


def test_cli_backup_and_verify_report_count_and_head(wal_only, tmp_path):
    path, writer = wal_only
    seq, head = writer.head()
    runner = CliRunner()
    dest = tmp_path / "b.sqlite"
    result = runner.invoke(audit_cli.app, ["backup", str(dest), "--register", str(path)])
    assert result.exit_code == 0, result.output
    assert "5 entries" in result.stdout and head in result.stdout
    result = runner.invoke(audit_cli.app, ["verify", "--register", str(dest)])
    assert result.exit_code == 0 and "5 entries" in result.stdout and head in result.stdout


def test_a_failed_verify_still_says_what_it_read(filled):
    conn = sqlite3.connect(filled)
    conn.execute("UPDATE entries SET explanation = 'x' WHERE seq = 4")
    conn.commit()
    conn.close()
    result = CliRunner().invoke(audit_cli.app, ["verify", "--register", str(filled)])
    assert result.exit_code == 1
    assert "entry 4 was altered" in result.stdout and "read 4 entries" in result.stdout and "entry 6 " in result.stdout
