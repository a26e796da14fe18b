"""Schema objects the register did not create (issue 14, "planted SQLite trigger"): a `RAISE(IGNORE)` trigger on
`entries` made `calc --record` acknowledge an entry that was never stored while verify said intact. Such a register
is refused on open, on each write and in verify, and a write is acknowledged only once it reads back."""
from __future__ import annotations

import sqlite3

import pytest

from audit_helpers import record, sql
from penalty.audit import Register, RegisterError
from penalty.audit import register as register_module

DROP_OFFICER_2 = ("CREATE TRIGGER d BEFORE INSERT ON entries WHEN NEW.officer = 'officer-2'"
                  " BEGIN SELECT RAISE(IGNORE); END")
HIDE_HEAD = ("CREATE TRIGGER h BEFORE UPDATE ON chain_head"
             " WHEN (SELECT COUNT(*) FROM entries WHERE entry_hash = NEW.hash) = 0 BEGIN SELECT RAISE(IGNORE); END")


def count(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("planted, named", [
    ((DROP_OFFICER_2, HIDE_HEAD), ["trigger d", "trigger h"]),
    (("CREATE VIEW v AS SELECT * FROM entries",), ["view v"]),
    (("CREATE TABLE notes (x)",), ["table notes"]),
    (("CREATE INDEX extra ON entries(explanation)",), ["index extra"]),
    (("DROP INDEX entries_officer",), ["index entries_officer"]),
])
def test_a_register_with_foreign_schema_objects_is_refused_on_open(filled, planted, named):
    sql(filled, *planted)
    before = filled.read_bytes()
    with pytest.raises(RegisterError) as err:
        Register.open(filled)
    assert err.value.code == "register.schema_altered"
    for name in named:
        assert name in err.value.message
    assert filled.read_bytes() == before


def test_an_empty_database_holding_a_view_is_not_taken_for_a_new_register(tmp_path):
    path = tmp_path / "r.sqlite"
    sql(path, "CREATE VIEW v AS SELECT 1")
    with pytest.raises(RegisterError) as err:
        Register.open(path)
    assert err.value.code == "register.foreign"


def test_a_trigger_planted_after_opening_is_refused_at_the_write_and_in_verify(filled):
    with Register.open(filled) as reg:
        sql(filled, DROP_OFFICER_2, HIDE_HEAD)
        with pytest.raises(RegisterError) as err:
            record(reg, 7, officer="officer-2")
        assert err.value.code == "register.schema_altered"
        with pytest.raises(RegisterError) as err:
            reg.verify()
        assert err.value.code == "register.schema_altered"
    assert count(filled) == 6


def test_a_dropped_entry_is_never_acknowledged_even_past_the_schema_check(filled, monkeypatch):
    """Defence in depth: with the schema check switched off, the read-back alone refuses the lost write."""
    sql(filled, DROP_OFFICER_2, HIDE_HEAD)
    monkeypatch.setattr(register_module, "_check_schema", lambda *a: None)
    with Register.open(filled) as reg:
        with pytest.raises(RegisterError) as err:
            record(reg, 7, officer="officer-2")
        assert err.value.code == "register.write_lost"
        assert reg.head()[0] == 6
    assert count(filled) == 6


def test_statistics_written_by_analyze_are_not_foreign(filled):
    sql(filled, "ANALYZE")
    with Register.open(filled) as reg:
        assert reg.verify().ok
        record(reg, 7)
        assert reg.count() == 7


def test_the_cli_refuses_a_planted_trigger_with_a_message(filled, tmp_path):
    from typer.testing import CliRunner

    from penalty.cli.audit import app
    sql(filled, DROP_OFFICER_2)
    result = CliRunner().invoke(app, ["verify", "--register", str(filled)])
    assert result.exit_code == 1
    assert "trigger d" in result.output and "Traceback" not in result.output
