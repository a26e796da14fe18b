"""Opening: anything that is not a register is refused with a clear RegisterError and left byte-for-byte
untouched; an older schema is migrated; a newer one is refused."""
from __future__ import annotations

import hashlib
import os
import sqlite3

import pytest

from audit_helpers import record, sql
from penalty.audit import Register, RegisterError, migrations


def fingerprint_of(path):
    """The file's bytes, and which companion files exist: refusing must change neither."""
    return (hashlib.sha256(path.read_bytes()).hexdigest(),
            sorted(p.name for p in path.parent.iterdir()))


def refuse(path, code, **kw):
    before = fingerprint_of(path)
    with pytest.raises(RegisterError) as err:
        Register.open(path, **kw)
    assert err.value.code == code
    assert err.value.message and err.value.hint
    assert str(path) in err.value.message
    assert fingerprint_of(path) == before
    return err.value


@pytest.mark.parametrize("create", [True, False])
def test_random_bytes(tmp_path, create):
    path = tmp_path / "random.sqlite"
    path.write_bytes(os.urandom(5000))
    refuse(path, "register.not_sqlite", create=create)


def test_a_text_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("officer notes, not a register\n", encoding="utf-8")
    refuse(path, "register.not_sqlite")


def test_another_programs_sqlite_database(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO customers (name) VALUES ('x')")
    conn.commit()
    conn.close()
    refuse(path, "register.foreign")


def test_another_programs_empty_database_with_its_own_application_id(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 12345")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("DROP TABLE t")
    conn.commit()
    conn.close()
    refuse(path, "register.foreign")


def test_a_database_with_a_schema_version_table_but_not_ours(tmp_path):
    path = tmp_path / "other.sqlite"
    sql(path, "CREATE TABLE schema_version (version INTEGER)", "INSERT INTO schema_version VALUES (1)")
    refuse(path, "register.foreign")


def test_a_newer_schema_version(filled):
    newer = migrations.CURRENT + 1
    sql(filled, f"INSERT INTO schema_version (version, applied_at, engine) VALUES ({newer}, 'later', 'penalty 9')")
    err = refuse(filled, "register.newer")
    assert str(newer) in err.message and str(migrations.CURRENT) in err.message


def test_a_damaged_sqlite_file(filled):
    # Keep the SQLite header, overwrite the pages after it.
    data = bytearray(filled.read_bytes())
    sql(filled, "PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(filled.read_bytes())
    data[100:] = os.urandom(len(data) - 100)
    filled.write_bytes(bytes(data))
    with pytest.raises(RegisterError) as err:
        with Register.open(filled, create=False) as reg:
            reg.verify()
    assert err.value.code in ("register.damaged", "register.foreign")


def test_missing_file_without_create(tmp_path):
    path = tmp_path / "none.sqlite"
    with pytest.raises(RegisterError) as err:
        Register.open(path, create=False)
    assert err.value.code == "register.missing"
    assert not path.exists()


def test_missing_folder(tmp_path):
    with pytest.raises(RegisterError) as err:
        Register.open(tmp_path / "no" / "such" / "r.sqlite")
    assert err.value.code == "register.no_parent"


def test_a_directory(tmp_path):
    with pytest.raises(RegisterError) as err:
        Register.open(tmp_path)
    assert err.value.code == "register.is_directory"


def test_an_empty_file_becomes_a_register_only_when_creating(tmp_path):
    path = tmp_path / "empty.sqlite"
    path.touch()
    with pytest.raises(RegisterError) as err:
        Register.open(path, create=False)
    assert err.value.code == "register.empty"
    with Register.open(path) as reg:
        record(reg, 1)
        assert reg.verify().ok


def test_reopening_a_register_changes_nothing(filled):
    with Register.open(filled) as reg:
        head = reg.head()
        assert reg.schema_version() == migrations.CURRENT
    with Register.open(filled) as reg:
        assert reg.head() == head and reg.verify().ok
    conn = sqlite3.connect(filled)
    assert conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == migrations.CURRENT
    conn.close()


def test_an_older_register_is_migrated_in_place(filled, monkeypatch):
    """A later release adds a step; a register written by this one opens, is upgraded, still verifies."""
    def later(conn):
        conn.execute("CREATE TABLE anchors (seq INTEGER PRIMARY KEY, hash TEXT NOT NULL, published_at TEXT)")
        conn.execute("ALTER TABLE entries ADD COLUMN note TEXT")

    step = migrations.CURRENT + 1
    monkeypatch.setattr(migrations, "CURRENT", step)
    monkeypatch.setitem(migrations.STEPS, step, later)
    with Register.open(filled) as reg:
        assert reg.schema_version() == step
        assert reg.count() == 6 and reg.verify().ok
        record(reg, 7)
        assert reg.verify().ok
    conn = sqlite3.connect(filled)
    assert [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")] == \
        list(range(1, step + 1))
    conn.close()


def test_a_failing_migration_leaves_the_register_as_it_was(filled, monkeypatch):
    def broken(conn):
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk I/O error (simulated)")

    current = migrations.CURRENT
    monkeypatch.setattr(migrations, "CURRENT", current + 1)
    monkeypatch.setitem(migrations.STEPS, current + 1, broken)
    with pytest.raises(RegisterError):
        Register.open(filled)
    monkeypatch.setattr(migrations, "CURRENT", current)
    with Register.open(filled) as reg:
        assert reg.schema_version() == current and reg.verify().ok
        tables = {r[0] for r in reg._conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half_done" not in tables


def test_register_error_renders_message_and_hint():
    err = RegisterError.of("register.newer", path="x.sqlite", found=3, supported=1)
    assert "x.sqlite" in str(err) and "hint" in str(err)
    assert [p.to_json("en")["code"] for p in err.problems] == ["register.newer"]
    assert "x.sqlite" in err.problems[0].message("zh") and err.problems[0].hint("zh")


def test_chinese_messages(monkeypatch, tmp_path):
    monkeypatch.setenv("PENALTY_LANG", "zh")
    with pytest.raises(RegisterError) as err:
        Register.open(tmp_path / "none.sqlite", create=False)
    assert "登记簿不存在" in err.value.message
