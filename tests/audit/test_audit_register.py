"""Recording and querying: what goes in comes out exactly, filters work, bad input is refused cleanly."""
from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit_helpers import FP_A, RULEBOOK_A, RULEBOOK_B, T0, record
from penalty.audit import Register, RegisterError, migrations
from penalty.audit.register import DEFAULT_NAME, ENV_VAR, GENESIS, resolve_path


def test_record_then_get_returns_the_same_entry(reg_path):
    with Register.open(reg_path) as reg:
        written = record(reg, 1)
        got = reg.get(1)
    assert got == written
    assert got.seq == 1 and got.prev_hash == GENESIS
    assert got.case_id == "CASE-0001" and got.officer == "officer-1" and got.unit == "unit-1"
    assert got.facts == {"violation": "food-122", "base": "1001", "first_time": False}
    # Money went in as Decimal and is stored as its exact text, never a float.
    assert got.result["amount"] == "2002"
    assert got.timestamp == "2024-03-01T10:00:00.000000Z"
    assert got.rulebook_name == "rulebook-A" and got.engine_version == "penalty 0.1.0"


def test_entries_chain_to_each_other(reg_path):
    with Register.open(reg_path) as reg:
        entries = [record(reg, i) for i in range(1, 5)]
        assert reg.head() == (4, entries[-1].entry_hash)
        assert reg.count() == 4
    for before, after in zip(entries, entries[1:]):
        assert after.prev_hash == before.entry_hash
        assert after.seq == before.seq + 1


def test_timestamps_are_stored_in_utc(reg_path):
    beijing = dt.timezone(dt.timedelta(hours=8))
    with Register.open(reg_path) as reg:
        e = record(reg, 1, when=dt.datetime(2024, 3, 1, 8, 30, tzinfo=beijing))
    assert e.timestamp == "2024-03-01T00:30:00.000000Z"


def test_default_timestamp_is_now_in_utc(reg_path):
    with Register.open(reg_path) as reg:
        before = dt.datetime.now(dt.timezone.utc)
        e = reg.record(case_id="C", officer="o", unit="u", facts={}, result={}, explanation="", engine_version="e",
                       rulebook_fingerprint=FP_A, rulebook_name="a", rulebook_text=RULEBOOK_A)
    stamped = dt.datetime.strptime(e.timestamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)
    assert before <= stamped <= dt.datetime.now(dt.timezone.utc)


def test_rulebook_text_is_stored_once_per_fingerprint(reg_path):
    with Register.open(reg_path) as reg:
        for i in range(1, 4):
            record(reg, i, rulebook="A")
        record(reg, 4, rulebook="B")
        assert reg.rulebook_text(FP_A) == RULEBOOK_A
    conn = sqlite3.connect(reg_path)
    assert conn.execute("SELECT COUNT(*) FROM rulebooks").fetchone()[0] == 2
    conn.close()


def test_same_fingerprint_other_text_keeps_the_first_text(reg_path):
    # The engine's fingerprint may ignore formatting; the first text stands and the chain stays valid.
    with Register.open(reg_path) as reg:
        record(reg, 1)
        reg.record(case_id="C2", officer="o", unit="u", facts={}, result={}, explanation="", engine_version="e",
                   rulebook_fingerprint=FP_A, rulebook_name="a", rulebook_text=RULEBOOK_A + "# reformatted\n")
        assert reg.rulebook_text(FP_A) == RULEBOOK_A
        assert reg.verify().ok


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(explanation=st.text(), case_id=st.text(min_size=1).filter(str.strip))
def test_explanation_comes_back_exactly(tmp_path, explanation, case_id):
    path = tmp_path / "exact.sqlite"
    with Register.open(path) as reg:
        e = reg.record(case_id=case_id, officer="o", unit="u", facts={"k": explanation}, result={},
                       explanation=explanation, engine_version="e", rulebook_fingerprint=FP_A, rulebook_name="a",
                       rulebook_text=RULEBOOK_A)
        got = reg.get(e.seq)
        assert got.explanation == explanation
        assert got.case_id == case_id
        assert got.facts == {"k": explanation}
        assert reg.verify().ok


def test_explanation_with_line_endings_and_spacing_is_kept_byte_for_byte(reg_path):
    text = "裁量说明\r\n  第一项：\t从轻\r\n\n末尾空格   \n"
    with Register.open(reg_path) as reg:
        record(reg, 1, explanation=text)
        assert reg.get(1).explanation == text


def _listing(path):
    reg = Register.open(path)
    record(reg, 1, officer="张三", unit="玄武分局", violation="food-122", when=T0)
    record(reg, 2, officer="李四", unit="玄武分局", violation="water-81", when=T0 + dt.timedelta(days=1))
    record(reg, 3, officer="张三", unit="鼓楼分局", violation="water-81", when=T0 + dt.timedelta(days=2, hours=13))  # 22:00 UTC
    record(reg, 4, officer="王五", unit="鼓楼分局", violation="food-122", when=T0 + dt.timedelta(days=3))
    return reg


def test_list_filters(reg_path):
    with _listing(reg_path) as reg:
        seqs = lambda **kw: [e.seq for e in reg.entries(**kw)]  # noqa: E731
        assert seqs() == [1, 2, 3, 4]
        assert seqs(officer="张三") == [1, 3]
        assert seqs(unit="鼓楼分局") == [3, 4]
        assert seqs(violation="water-81") == [2, 3]
        assert seqs(officer="张三", violation="water-81") == [3]
        assert seqs(case_id="CASE-0002") == [2]
        # Dates are whole days (UTC), both ends included.
        assert seqs(since=dt.date(2024, 3, 2)) == [2, 3, 4]
        assert seqs(until=dt.date(2024, 3, 3)) == [1, 2, 3]
        assert seqs(since=dt.date(2024, 3, 2), until=dt.date(2024, 3, 3)) == [2, 3]
        assert seqs(since=dt.date(2024, 3, 5)) == []
        # A datetime bound is exact.
        assert seqs(until=T0 + dt.timedelta(days=1)) == [1, 2]
        assert seqs(limit=2) == [1, 2]
        assert seqs(officer="nobody") == []


def test_violation_column_comes_from_argument_result_or_facts(reg_path):
    common = dict(officer="o", unit="u", explanation="", engine_version="e", rulebook_fingerprint=FP_A,
                  rulebook_name="a", rulebook_text=RULEBOOK_A)
    with Register.open(reg_path) as reg:
        a = reg.record(case_id="1", facts={"violation": "f"}, result={"violation": "r"}, violation="arg", **common)
        b = reg.record(case_id="2", facts={"violation": "f"}, result={"violation": {"id": "r-id", "name": "x"}},
                       **common)
        c = reg.record(case_id="3", facts={"violation": "f"}, result={}, **common)
        d = reg.record(case_id="4", facts={}, result={}, **common)
    assert [a.violation, b.violation, c.violation, d.violation] == ["arg", "r-id", "f", None]


def test_show_unknown_entry_is_a_register_error(reg_path):
    with Register.open(reg_path) as reg:
        record(reg, 1)
        with pytest.raises(RegisterError) as err:
            reg.get(7)
    assert err.value.code == "register.not_found"
    assert err.value.hint


@pytest.mark.parametrize("change, code_field", [
    (dict(facts={"amount": 1.5}), "facts/result"),  # floats are never money
    (dict(result=["not", "a", "mapping"]), "result"),
    (dict(officer=None), "officer"),
    (dict(case_id="  "), "case_id"),
    (dict(explanation="bad \ud800 surrogate"), "explanation"),
    (dict(timestamp=dt.datetime(2024, 1, 1)), "timestamp"),  # naive: which zone?
])
def test_bad_input_is_refused_and_nothing_is_written(reg_path, change, code_field):
    args = dict(case_id="C", officer="o", unit="u", facts={}, result={}, explanation="", engine_version="e",
                rulebook_fingerprint=FP_A, rulebook_name="a", rulebook_text=RULEBOOK_A)
    args.update(change)
    with Register.open(reg_path) as reg:
        record(reg, 1)
        with pytest.raises(RegisterError) as err:
            reg.record(**args)
        assert err.value.code == "register.bad_value"
        assert code_field in err.value.message
        assert reg.count() == 1
        assert reg.verify().ok


def test_decimal_amounts_are_exact(reg_path):
    with Register.open(reg_path) as reg:
        e = reg.record(case_id="C", officer="o", unit="u", facts={"goods_value": Decimal("9999.99")},
                       result={"amount": Decimal("12345678901234567890.10")}, explanation="", engine_version="e",
                       rulebook_fingerprint=FP_A, rulebook_name="a", rulebook_text=RULEBOOK_A)
    assert e.result == {"amount": "12345678901234567890.1"}
    assert e.facts == {"goods_value": "9999.99"}


def test_path_resolution(monkeypatch, tmp_path):
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert resolve_path(None) == resolve_path("") == type(resolve_path(None))(DEFAULT_NAME)
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env.sqlite"))
    assert resolve_path(None) == tmp_path / "env.sqlite"
    assert resolve_path(tmp_path / "opt.sqlite") == tmp_path / "opt.sqlite"  # the option wins


def test_register_is_created_on_first_use_at_env_path(monkeypatch, tmp_path):
    target = tmp_path / "from-env.sqlite"
    monkeypatch.setenv(ENV_VAR, str(target))
    with Register.open() as reg:
        record(reg, 1)
    assert target.exists()
    with Register.open(create=False) as reg:
        assert reg.count() == 1


def test_register_uses_wal_and_a_busy_timeout(reg_path):
    with Register.open(reg_path) as reg:
        record(reg, 1)
        assert reg._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert reg._conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert reg.schema_version() == migrations.CURRENT


def test_second_rulebook_is_replayable_after_its_file_is_gone(reg_path):
    with Register.open(reg_path) as reg:
        record(reg, 1, rulebook="B")
        e = reg.get(1)
        assert reg.rulebook_text(e.rulebook_fingerprint) == RULEBOOK_B
