"""Tamper evidence: edit the SQLite file directly, as someone with the sqlite3 shell would, and check that
verify() names the first entry altered, deleted or reordered."""
from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit_helpers import record, sql
from penalty import canonical
from penalty.audit import Register
from penalty.audit.register import _COLUMNS, content_of

# Every column an entry has, except its position.
CONTENT = [c for c in _COLUMNS if c != "seq"]


def verify(path, **kw):
    with Register.open(path, create=False) as reg:
        return reg.verify(**kw)


def finding(path, **kw):
    report = verify(path, **kw)
    assert not report.ok
    return report.finding.kind, report.finding.seq


def swap_contents(path, a, b):
    """Swap everything but the position between entries a and b (rows keep their seq, content moves)."""
    conn = sqlite3.connect(path)
    rows = {s: conn.execute(f"SELECT {', '.join(CONTENT)} FROM entries WHERE seq = ?", (s,)).fetchone()
            for s in (a, b)}
    sets = ", ".join(f"{c} = ?" for c in CONTENT)
    conn.execute(f"UPDATE entries SET {sets} WHERE seq = ?", (*rows[b], a))
    conn.execute(f"UPDATE entries SET {sets} WHERE seq = ?", (*rows[a], b))
    conn.commit()
    conn.close()


def swap_ids(path, a, b):
    sql(path, f"UPDATE entries SET seq = -1 WHERE seq = {a}", f"UPDATE entries SET seq = {a} WHERE seq = {b}",
        f"UPDATE entries SET seq = {b} WHERE seq = -1")


def rehash(path, seq):
    """Recompute the stored hash of entry `seq` from its (edited) content, as a careful forger would."""
    conn = sqlite3.connect(path)
    row = dict(zip(_COLUMNS, conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM entries WHERE seq = ?",
                                         (seq,)).fetchone()))
    new = canonical.sha256(content_of(row, seq))
    conn.execute("UPDATE entries SET entry_hash = ? WHERE seq = ?", (new, seq))
    conn.commit()
    conn.close()
    return new


def test_untouched_register_verifies(filled):
    report = verify(filled)
    assert report.ok and report.entries == 6 and report.head_seq == 6
    assert report.finding is None
    assert report.head_hash in report.message


def test_empty_register_verifies(reg_path):
    Register.open(reg_path).close()
    report = verify(reg_path)
    assert report.ok and report.entries == 0 and report.head_hash is None


@pytest.mark.parametrize("column, value", [
    ("officer", "someone-else"),
    ("unit", "其他单位"),
    ("explanation", "改过的说明"),
    ("facts", '{"base":"1","violation":"food-122"}'),
    ("result", '{"amount":"0"}'),
    ("timestamp", "2020-01-01T00:00:00.000000Z"),
    ("violation", None),
    ("engine_version", "penalty 9.9"),
    ("prev_hash", "f" * 64),
])
def test_an_altered_field_names_its_entry(filled, column, value):
    sql(filled, f"UPDATE entries SET {column} = ? WHERE seq = 4", params=(value,))
    assert finding(filled) == ("altered", 4)


def test_a_blob_written_into_a_text_column_is_an_alteration_not_a_crash(filled):
    sql(filled, "UPDATE entries SET officer = X'DEADBEEF' WHERE seq = 2")
    assert finding(filled) == ("altered", 2)


def test_altered_and_rehashed_entry_is_named_through_the_next_link(filled):
    sql(filled, "UPDATE entries SET result = '{\"amount\":\"1\"}' WHERE seq = 3")
    rehash(filled, 3)
    report = verify(filled)
    assert (report.finding.kind, report.finding.seq) == ("rehashed", 3)
    assert "3" in report.message and "4" in report.message


def test_rehashed_last_entry_is_caught_by_the_head_record(filled):
    sql(filled, "UPDATE entries SET officer = 'x' WHERE seq = 6")
    rehash(filled, 6)
    assert finding(filled) == ("head_altered", 6)


@pytest.mark.parametrize("deleted, expected", [(1, 1), (2, 2), (4, 4)])
def test_a_deleted_entry_is_named(filled, deleted, expected):
    sql(filled, f"DELETE FROM entries WHERE seq = {deleted}")
    assert finding(filled) == ("deleted", expected)


def test_several_deleted_entries_name_the_first(filled):
    sql(filled, "DELETE FROM entries WHERE seq IN (3, 4, 5)")
    report = verify(filled)
    assert (report.finding.kind, report.finding.seq) == ("deleted", 3)
    assert "2" in report.message and "6" in report.message


def test_deleting_the_last_entry_is_caught_by_the_head_record(filled):
    sql(filled, "DELETE FROM entries WHERE seq >= 5")
    assert finding(filled) == ("truncated", 5)


def test_truncation_with_the_head_record_edited_needs_an_anchor(filled):
    """The honest limit: cutting off the end and fixing the head record leaves a valid shorter chain.
    An anchor (a head hash kept elsewhere) catches it."""
    anchor = verify(filled).head_hash
    conn = sqlite3.connect(filled)
    five = conn.execute("SELECT entry_hash FROM entries WHERE seq = 5").fetchone()[0]
    conn.close()
    sql(filled, "DELETE FROM entries WHERE seq = 6")
    sql(filled, "UPDATE chain_head SET seq = 5, hash = ?", params=(five,))
    assert verify(filled).ok  # undetectable without an anchor ...
    kind, _ = finding(filled, expect_head=anchor)  # ... but not with one
    assert kind == "anchor_missing"


def test_a_full_rewrite_from_some_entry_needs_an_anchor(filled):
    anchor = verify(filled).head_hash
    # The forger edits entry 4 and recomputes every hash from there on, including the head record.
    sql(filled, "UPDATE entries SET result = '{\"amount\":\"1\"}' WHERE seq = 4")
    prev = rehash(filled, 4)
    for seq in (5, 6):
        sql(filled, "UPDATE entries SET prev_hash = ? WHERE seq = ?", params=(prev, seq))
        prev = rehash(filled, seq)
    sql(filled, "UPDATE chain_head SET hash = ?", params=(prev,))
    assert verify(filled).ok
    assert finding(filled, expect_head=anchor)[0] == "anchor_missing"


def test_an_anchor_from_earlier_still_verifies_after_more_appends(filled):
    anchor = verify(filled).head_hash
    with Register.open(filled) as reg:
        record(reg, 7)
        record(reg, 8)
    report = verify(filled, expect_head=anchor.upper())
    assert report.ok and report.anchor_seq == 6 and report.entries == 8


def test_swapped_rows_are_named_as_reordered(filled):
    swap_ids(filled, 2, 5)
    report = verify(filled)
    assert (report.finding.kind, report.finding.seq) == ("reordered", 2)
    assert report.finding.args == {"original": 5}


def test_swapped_contents_are_named_as_reordered(filled):
    swap_contents(filled, 3, 4)
    report = verify(filled)
    assert (report.finding.kind, report.finding.seq) == ("reordered", 3)
    assert report.finding.args == {"original": 4}


def test_swapping_the_first_entry_is_named(filled):
    swap_ids(filled, 1, 6)
    report = verify(filled)
    assert (report.finding.kind, report.finding.seq, report.finding.args) == ("reordered", 1, {"original": 6})


def test_an_edited_rulebook_text_names_the_first_entry_using_it(filled):
    sql(filled, "UPDATE rulebooks SET text = text || '# one more rule' WHERE fingerprint = ?", params=("b" * 64,))
    assert finding(filled) == ("rulebook_altered", 3)


def test_a_deleted_rulebook_text_names_the_first_entry_using_it(filled):
    sql(filled, "DELETE FROM rulebooks WHERE fingerprint = ?", params=("b" * 64,))
    assert finding(filled) == ("rulebook_missing", 3)


def test_a_deleted_head_record_is_found(filled):
    sql(filled, "DELETE FROM chain_head")
    assert finding(filled) == ("head_missing", 6)
    with Register.open(filled) as reg:  # and nothing is appended to a chain without a head
        with pytest.raises(Exception) as err:
            record(reg, 7)
        assert err.value.code == "register.head_missing"


def test_appending_after_a_truncation_does_not_hide_it(filled):
    sql(filled, "DELETE FROM entries WHERE seq = 6")
    with Register.open(filled) as reg:
        assert record(reg, 7).seq == 7  # chains from the head record, not from the last row left
    assert finding(filled) == ("deleted", 6)


def test_findings_serialise(filled):
    sql(filled, "DELETE FROM entries WHERE seq = 2")
    data = verify(filled).to_json()
    assert data["ok"] is False and data["finding"]["kind"] == "deleted" and data["finding"]["seq"] == 2
    assert data["hint"]
    canonical.dumps(data)


# --- property: whatever single edit, the first entry touched is the one named --------------------------------

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), n=st.integers(min_value=2, max_value=9))
def test_the_first_entry_touched_is_named(tmp_path_factory, data, n):
    path = tmp_path_factory.mktemp("prop") / "r.sqlite"
    with Register.open(path) as reg:
        for i in range(1, n + 1):
            record(reg, i, rulebook="AB"[i % 2])
    op = data.draw(st.sampled_from(["update", "delete", "swap_ids", "swap_contents"]))
    if op == "update":
        seq = data.draw(st.integers(1, n))
        column = data.draw(st.sampled_from([c for c in CONTENT if c not in ("entry_hash",)]))
        sql(path, f"UPDATE entries SET {column} = {column} || 'x' WHERE seq = {seq}")
        expected = {("altered", seq)}
    elif op == "delete":
        seq = data.draw(st.integers(1, n))
        sql(path, f"DELETE FROM entries WHERE seq = {seq}")
        expected = {("truncated", n) if seq == n else ("deleted", seq)}
    else:
        a = data.draw(st.integers(1, n - 1))
        b = data.draw(st.integers(a + 1, n))
        (swap_ids if op == "swap_ids" else swap_contents)(path, a, b)
        expected = {("reordered", a)}
    report = verify(path)
    assert not report.ok
    assert {(report.finding.kind, report.finding.seq)} == expected
