"""Versioned schema of the register, so that a later release can open (and upgrade) an older register.

Each step takes the schema from version n-1 to n and runs inside the caller's write transaction, together with
the row it adds to `schema_version`: a step that fails leaves the register at its previous version.

Rules for a future step: only add (tables, columns, indexes); never change what is hashed in an existing entry,
or every old entry would stop verifying. A new entry format gets a new `v` in the hashed content instead
(see register.ENTRY_FORMAT).
"""
from __future__ import annotations

import datetime as _dt
import functools
import sqlite3
from typing import Callable

from penalty.version import ENGINE

# The version this program writes. Opening a register with a higher version is refused, never attempted.
CURRENT = 2


def _v1(conn: sqlite3.Connection) -> None:
    # schema_version keeps one row per step applied, so the history of upgrades is visible.
    conn.execute(
        "CREATE TABLE schema_version ("
        " version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL, engine TEXT NOT NULL)"
    )
    # Rulebook text stored once per fingerprint; entries point to it, so any entry can be recomputed after the
    # rulebook file changed or was deleted. `sha256` is of the exact text and is also inside each entry's hashed
    # content, which is how verify() notices an edited rulebook text.
    conn.execute(
        "CREATE TABLE rulebooks ("
        " fingerprint TEXT PRIMARY KEY, name TEXT NOT NULL, sha256 TEXT NOT NULL, text TEXT NOT NULL,"
        " first_seen TEXT NOT NULL)"
    )
    # seq is the position in the chain: 1, 2, 3, ... with no gaps. facts and result are canonical JSON text,
    # hashed as stored, so any byte changed is noticed.
    conn.execute(
        "CREATE TABLE entries ("
        " seq INTEGER PRIMARY KEY,"
        " timestamp TEXT NOT NULL, case_id TEXT NOT NULL, officer TEXT NOT NULL, unit TEXT NOT NULL,"
        " violation TEXT,"
        " facts TEXT NOT NULL, result TEXT NOT NULL, explanation TEXT NOT NULL,"
        " engine_version TEXT NOT NULL,"
        " rulebook_fingerprint TEXT NOT NULL, rulebook_name TEXT NOT NULL, rulebook_sha256 TEXT NOT NULL,"
        " prev_hash TEXT NOT NULL, entry_hash TEXT NOT NULL)"
    )
    for column in ("timestamp", "officer", "unit", "violation", "case_id"):
        conn.execute(f"CREATE INDEX entries_{column} ON entries({column})")
    # The last (seq, hash), written in the same transaction as each entry. Appends chain from here rather than
    # from MAX(seq), so deleting the last entries leaves a gap that the next append does not paper over, and
    # verify() can say "deleted from the end" for a naive truncation. (Someone who edits this row too can hide a
    # truncation; only an anchor kept elsewhere catches that: see docs/audit.md.)
    conn.execute(
        "CREATE TABLE chain_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL)"
    )


def _v2(conn: sqlite3.Connection) -> None:
    # The office key's signature of each head (seq, entry hash), written with the entry when a key is given.
    # A table of its own: entries are never updated, and entries recorded before (a v1 register, or a writer
    # without the key) simply have no row: verify reports them as unsigned, covered by a later signature if any.
    conn.execute(
        "CREATE TABLE signatures (seq INTEGER PRIMARY KEY, key_id TEXT NOT NULL, signature TEXT NOT NULL)"
    )


STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1, 2: _v2}


def expected_schema(version: int) -> frozenset[tuple]:
    """Every schema object (type, name, table, SQL) that steps 1..version create, as SQLite records them.

    Built by running the steps on an empty in-memory database, so a new step needs no list kept by hand. A
    register holding anything else (a trigger, a view, an extra table or index, an object whose SQL was changed)
    was edited behind the register's back and is refused: a planted trigger can drop or rewrite entries.
    """
    return _schema_made_by(tuple(STEPS[step] for step in range(1, version + 1)))


@functools.lru_cache(maxsize=8)
def _schema_made_by(steps: tuple) -> frozenset[tuple]:
    # Keyed by the step functions themselves, so a replaced step (a test's, a later release's) is never served
    # the schema of another; checked on every append, so built once.
    conn = sqlite3.connect(":memory:")
    try:
        for step in steps:
            step(conn)
        return schema_of(conn)
    finally:
        conn.close()


def schema_of(conn: sqlite3.Connection) -> frozenset[tuple]:
    # sqlite_stat* are written by ANALYZE (a maintenance command an administrator may run): statistics for the
    # query planner, no logic, so they are not counted as objects of the register's schema.
    return frozenset(conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\'"))


def migrate(conn: sqlite3.Connection, found: int) -> None:
    """Apply steps found+1 .. CURRENT. The caller holds the write lock (BEGIN IMMEDIATE) and commits."""
    now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="microseconds")
    for version in range(found + 1, CURRENT + 1):
        STEPS[version](conn)
        conn.execute(
            "INSERT INTO schema_version (version, applied_at, engine) VALUES (?, ?, ?)", (version, now, ENGINE)
        )
