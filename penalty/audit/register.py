"""The decision register (全程留痕): an append-only, hash-chained record of assessments in one SQLite file.

Each entry stores the hash of its own canonical content, and that content includes the previous entry's hash
and the entry's position, so `verify()` can name the first entry that was altered, deleted or reordered.

The register knows nothing of the engine: it stores plain data (facts, result, explanation, the rulebook text)
and `replay()` takes the recompute function from its caller (the CLI), so this module imports no engine code.

Concurrency: every append runs in one `BEGIN IMMEDIATE` transaction, which takes SQLite's write lock before
reading the chain head; two processes therefore can never chain from the same head, and a process killed at
any point leaves either the whole entry or nothing (WAL + synchronous=FULL).
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterator

from penalty import canonical
from penalty.audit import messages, migrations, signing
from penalty.audit.diff import differences
from penalty.audit.errors import RegisterError

ENV_VAR = "PENALTY_REGISTER"
DEFAULT_NAME = "penalty-register.sqlite"
# PRAGMA application_id: marks the file as ours ("PNLT"), so another program's SQLite file is never taken for
# an empty register and written into.
APPLICATION_ID = 0x504E4C54
SQLITE_HEADER = b"SQLite format 3\x00"
# What the first entry chains from.
GENESIS = "0" * 64
# Version of the hashed content of an entry; bump only with a new content layout (old entries keep theirs).
ENTRY_FORMAT = 1
# Officers on one shared file wait for each other rather than fail; 30 s is far above one append (~ms).
BUSY_TIMEOUT_S = 30.0

Recompute = Callable[[str, str, dict], dict]


# --- paths ------------------------------------------------------------------------------------------------------

def resolve_path(path: str | os.PathLike | None = None) -> Path:
    """The register file: the explicit path, else $PENALTY_REGISTER, else ./penalty-register.sqlite."""
    if path is not None and str(path) != "":
        return Path(path)
    env = os.environ.get(ENV_VAR, "").strip()
    return Path(env) if env else Path(DEFAULT_NAME)


# --- entries --------------------------------------------------------------------------------------------------

_COLUMNS = (
    "seq", "timestamp", "case_id", "officer", "unit", "violation", "facts", "result", "explanation",
    "engine_version", "rulebook_fingerprint", "rulebook_name", "rulebook_sha256", "prev_hash", "entry_hash",
)
_SELECT = "SELECT " + ", ".join(_COLUMNS) + " FROM entries"


@dataclass(frozen=True)
class Entry:
    seq: int
    timestamp: str  # UTC, ISO 8601 with microseconds and "Z"
    case_id: str
    officer: str
    unit: str
    violation: str | None
    facts: Any  # parsed JSON (a dict), or the raw text if a tampered row no longer parses
    result: Any
    explanation: str
    engine_version: str
    rulebook_fingerprint: str
    rulebook_name: str
    rulebook_sha256: str
    prev_hash: str
    entry_hash: str

    def to_json(self) -> dict:
        return {name: getattr(self, name) for name in _COLUMNS}

    def summary(self) -> dict:
        """The row as `audit list` shows it: without facts, result and explanation."""
        return {k: v for k, v in self.to_json().items() if k not in ("facts", "result", "explanation")}


def _parse_json(text: Any) -> Any:
    # Decimal, not float: the canonical form never writes floats, and a float would change the bytes on output.
    try:
        return json.loads(text, parse_float=Decimal)
    except (TypeError, ValueError):
        return text


def _entry(row: tuple) -> Entry:
    data = dict(zip(_COLUMNS, row))
    data["facts"] = _parse_json(data["facts"])
    data["result"] = _parse_json(data["result"])
    return Entry(**data)


def content_of(row: dict, seq: int) -> dict:
    """What an entry's hash covers. facts and result are hashed as the stored canonical text, byte for byte."""
    return {
        "v": ENTRY_FORMAT,
        "seq": seq,
        "prev": row["prev_hash"],
        "timestamp": row["timestamp"],
        "case_id": row["case_id"],
        "officer": row["officer"],
        "unit": row["unit"],
        "violation": row["violation"],
        "facts": row["facts"],
        "result": row["result"],
        "explanation": row["explanation"],
        "engine_version": row["engine_version"],
        "rulebook_fingerprint": row["rulebook_fingerprint"],
        "rulebook_name": row["rulebook_name"],
        "rulebook_sha256": row["rulebook_sha256"],
    }


def hash_of(row: dict, seq: int) -> str | None:
    """The entry hash for `row` at position `seq`; None if a column holds something no entry could hold
    (a blob, a float written by hand), which verify() reports as an alteration."""
    try:
        return canonical.sha256(content_of(row, seq))
    except (TypeError, ValueError, UnicodeError):
        return None


def utc_text(ts: _dt.datetime) -> str:
    # One fixed width format, so that ISO strings sort and compare as times do in SQL.
    return ts.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- reports ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    """The first thing wrong with the chain. `seq` is the entry (position) named."""

    kind: str  # altered | rehashed | deleted | truncated | reordered | rulebook_altered | rulebook_missing |
    #            head_altered | head_missing | unlinked | anchor_missing | time_back | bad_signature |
    #            unsigned_tail | anchor_bad_signature
    seq: int
    args: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        code = "verify.deleted_first" if self.kind == "deleted" and "before" not in self.args else "verify." + self.kind
        return messages.text(code, seq=self.seq, **self.args)

    def to_json(self) -> dict:
        return {"kind": self.kind, "seq": self.seq, "message": self.message, **self.args}


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    entries: int  # how many entries were read
    head_seq: int | None
    head_hash: str | None
    finding: Finding | None = None
    anchor: str | None = None  # the --expect-head hash, if one was given
    anchor_seq: int | None = None  # where it was found
    key_id: str | None = None  # the office key the signatures were checked against (verify's public_key)
    signed_upto: int = 0  # with a key: the last entry whose head it signed, so entries 1..signed_upto are vouched
    unsigned: int = 0  # entries (of those read) with no signature of their own
    anchor_signed: bool | None = None  # with an anchor file: was its signature checked by the key (None: unsigned)

    @property
    def message(self) -> str:
        if self.finding is not None:
            return self.finding.message
        if self.entries == 0:
            return messages.text("verify.ok_empty")
        return messages.text("verify.ok", count=self.entries, head=self.head_hash)

    @property
    def signatures_message(self) -> str | None:
        """What the office key vouches for (None: no key was given)."""
        if self.key_id is None:
            return None
        if self.entries == 0:
            return messages.text("verify.signed_empty", key_id=self.key_id)
        if self.unsigned == 0:
            return messages.text("verify.signed_all", key_id=self.key_id, upto=self.signed_upto)
        return messages.text("verify.signed", key_id=self.key_id, upto=self.signed_upto, unsigned=self.unsigned)

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "entries": self.entries,
            "head": {"seq": self.head_seq, "hash": self.head_hash} if self.head_hash else None,
            "finding": self.finding.to_json() if self.finding else None,
            "anchor": {"hash": self.anchor, "seq": self.anchor_seq, "signed": self.anchor_signed}
            if self.anchor else None,
            "signatures": None if self.key_id is None else
            {"key_id": self.key_id, "signed_upto": self.signed_upto, "unsigned": self.unsigned,
             "message": self.signatures_message},
            "message": self.message,
            "hint": messages.text("verify.failed.hint") if not self.ok else messages.text("verify.anchor_hint"),
        }


@dataclass(frozen=True)
class ReplayDiff:
    seq: int
    case_id: str
    engine_version: str
    paths: list[str]
    stored: Any
    recomputed: Any

    @property
    def message(self) -> str:
        return messages.text("replay.differs", seq=self.seq, case_id=self.case_id, engine=self.engine_version,
                             paths=", ".join(self.paths))

    def to_json(self) -> dict:
        return {"seq": self.seq, "case_id": self.case_id, "engine_version": self.engine_version,
                "paths": self.paths, "stored": self.stored, "recomputed": self.recomputed, "message": self.message}


@dataclass(frozen=True)
class ReplayFailure:
    seq: int
    case_id: str
    error: str

    @property
    def message(self) -> str:
        return messages.text("replay.failed", seq=self.seq, case_id=self.case_id, error=self.error)

    def to_json(self) -> dict:
        return {"seq": self.seq, "case_id": self.case_id, "error": self.error, "message": self.message}


@dataclass(frozen=True)
class ReplayReport:
    total: int
    reproduced: int
    differ: list[ReplayDiff]
    failed: list[ReplayFailure]

    @property
    def ok(self) -> bool:
        return not self.differ and not self.failed

    @property
    def message(self) -> str:
        if self.ok:
            return messages.text("replay.ok", count=self.total)
        return messages.text("replay.summary", count=self.total, same=self.reproduced, differ=len(self.differ),
                             failed=len(self.failed))

    def to_json(self) -> dict:
        return {"ok": self.ok, "total": self.total, "reproduced": self.reproduced,
                "differ": [d.to_json() for d in self.differ], "failed": [f.to_json() for f in self.failed],
                "message": self.message}


# --- the register -----------------------------------------------------------------------------------------------

class Register:
    """One register file. Open with `Register.open(path)`; use as a context manager to close it."""

    def __init__(self, conn: sqlite3.Connection, path: Path, timeout: float):
        self._conn = conn
        self.path = path
        self._timeout = timeout

    # -- opening -------------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike | None = None, *, create: bool = True,
             timeout: float = BUSY_TIMEOUT_S) -> "Register":
        """Open (and with `create`, create on first use) the register at `path` / $PENALTY_REGISTER / default.

        Raises RegisterError, without writing a byte, for anything that is not a register of a version this
        program knows: a missing file (create=False), random bytes, another program's SQLite file, a newer schema.
        An older schema is migrated in place, in one transaction.
        """
        p = resolve_path(path)
        if p.is_dir():
            raise RegisterError.of("register.is_directory", path=p)
        exists = p.exists()
        if not exists:
            if not create:
                raise RegisterError.of("register.missing", path=p)
            parent = p.parent if str(p.parent) else Path(".")
            if not parent.is_dir():
                raise RegisterError.of("register.no_parent", parent=parent)
        else:
            _check_header(p)
        try:
            conn = sqlite3.connect(str(p), timeout=timeout, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as e:
            raise RegisterError.of("register.cannot_open", path=p, detail=e) from None
        try:
            _prepare_patiently(conn, p, create, timeout)
        except RegisterError:
            conn.close()
            raise
        except sqlite3.OperationalError as e:
            conn.close()
            if "locked" in str(e) or "busy" in str(e):
                raise RegisterError.of("register.busy", path=p, seconds=int(timeout)) from None
            raise RegisterError.of("register.cannot_open", path=p, detail=e) from None
        except sqlite3.DatabaseError as e:
            conn.close()
            raise RegisterError.of("register.damaged", path=p, detail=e) from None
        return cls(conn, p, timeout)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "Register":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------------------

    def record(self, *, case_id: str, officer: str, unit: str, facts: dict, result: dict, explanation: str,
               engine_version: str, rulebook_fingerprint: str, rulebook_name: str, rulebook_text: str,
               violation: str | None = None, timestamp: _dt.datetime | None = None, signing_key=None) -> Entry:
        """Append one assessment, atomically. `facts` and `result` are plain JSON data (Decimal allowed, no
        floats). The rulebook text is stored once per fingerprint: if the fingerprint is already stored, its
        first text stands. `violation` defaults to result["violation"] or facts["violation"] (an id, or a
        mapping with an "id"). With `signing_key` (the office's Ed25519 private key) the new head is signed in
        the same transaction. A timestamp earlier than the last entry's is refused: times never go back."""
        for name, value in (("case_id", case_id), ("officer", officer), ("unit", unit),
                            ("explanation", explanation), ("engine_version", engine_version),
                            ("rulebook_fingerprint", rulebook_fingerprint), ("rulebook_name", rulebook_name),
                            ("rulebook_text", rulebook_text)):
            _check_text(name, value)
        if not case_id.strip():
            raise RegisterError.of("register.bad_value", field="case_id", detail="is empty")
        for name, value in (("facts", facts), ("result", result)):
            if not isinstance(value, dict):
                raise RegisterError.of("register.bad_value", field=name, detail="must be a mapping")
        if violation is None:
            violation = _violation_of(result) or _violation_of(facts)
        if violation is not None:
            _check_text("violation", violation)
        if timestamp is not None and (timestamp.tzinfo is None or timestamp.utcoffset() is None):
            raise RegisterError.of("register.bad_value", field="timestamp", detail="must carry a time zone")
        try:
            facts_text = canonical.dumps(facts)
            result_text = canonical.dumps(result)
        except (TypeError, ValueError) as e:
            raise RegisterError.of("register.bad_value", field="facts/result", detail=f"is not plain JSON data: {e}") from None
        row: dict[str, Any] = {
            "timestamp": utc_text(timestamp) if timestamp is not None else None,  # None: read under the lock
            "case_id": case_id, "officer": officer, "unit": unit,
            "violation": violation, "facts": facts_text, "result": result_text, "explanation": explanation,
            "engine_version": engine_version, "rulebook_fingerprint": rulebook_fingerprint,
            "rulebook_name": rulebook_name, "rulebook_sha256": _text_sha256(rulebook_text),
        }
        conn = self._conn
        try:
            # The write lock is taken before the head is read, so the chain is computed by one process at a time.
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Again under the lock: an object planted after this register was opened must not see the write.
                _check_schema(conn, self.path, self.schema_version())
                if row["timestamp"] is None:
                    # Read the clock holding the lock: a writer that waited for it must not stamp an earlier time
                    # than the one that wrote meanwhile (times never go back).
                    row["timestamp"] = utc_text(_dt.datetime.now(_dt.timezone.utc))
                stored = conn.execute("SELECT sha256 FROM rulebooks WHERE fingerprint = ?",
                                      (rulebook_fingerprint,)).fetchone()
                if stored is None:
                    conn.execute("INSERT INTO rulebooks (fingerprint, name, sha256, text, first_seen)"
                                 " VALUES (?, ?, ?, ?, ?)",
                                 (rulebook_fingerprint, rulebook_name, row["rulebook_sha256"], rulebook_text,
                                  row["timestamp"]))
                else:
                    row["rulebook_sha256"] = stored[0]
                head = conn.execute("SELECT seq, hash FROM chain_head WHERE id = 1").fetchone()
                if head is None:
                    if conn.execute("SELECT 1 FROM entries LIMIT 1").fetchone() is not None:
                        raise RegisterError.of("register.head_missing", path=self.path)
                    head = (0, GENESIS)
                if head[0] > 0:
                    last = conn.execute("SELECT timestamp FROM entries WHERE seq = ?", (head[0],)).fetchone()
                    if last is not None and isinstance(last[0], str) and row["timestamp"] < last[0]:
                        raise RegisterError.of("register.clock_back", path=self.path, timestamp=row["timestamp"],
                                               last=last[0], seq=head[0])
                seq = head[0] + 1
                row["seq"] = seq
                row["prev_hash"] = head[1]
                row["entry_hash"] = canonical.sha256(content_of(row, seq))
                conn.execute("INSERT INTO entries (" + ", ".join(_COLUMNS) + ") VALUES ("
                             + ", ".join("?" * len(_COLUMNS)) + ")", tuple(row[c] for c in _COLUMNS))
                conn.execute("INSERT INTO chain_head (id, seq, hash) VALUES (1, ?, ?)"
                             " ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                             (seq, row["entry_hash"]))
                signature = None
                if signing_key is not None:
                    signature = signing.sign_head(signing_key, seq, row["entry_hash"])
                    conn.execute("INSERT INTO signatures (seq, key_id, signature) VALUES (?, ?, ?)",
                                 (seq, *signature))
                _read_back(conn, self.path, row, signature)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as e:
            if "locked" in str(e) or "busy" in str(e):
                raise RegisterError.of("register.busy", path=self.path, seconds=int(self._timeout)) from None
            raise RegisterError.of("register.write_failed", path=self.path, detail=e) from None
        except sqlite3.IntegrityError as e:
            # e.g. a row already at `seq` because the head row was set back by hand: refuse rather than fork.
            raise RegisterError.of("register.write_failed", path=self.path, detail=e) from None
        except sqlite3.DatabaseError as e:
            raise RegisterError.of("register.damaged", path=self.path, detail=e) from None
        return _entry(tuple(row[c] for c in _COLUMNS))

    # -- reading -------------------------------------------------------------------------------------------

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as e:
            raise RegisterError.of("register.damaged", path=self.path, detail=e) from None

    def count(self) -> int:
        return self._read("SELECT COUNT(*) FROM entries")[0][0]

    def head(self) -> tuple[int, str] | None:
        """(seq, hash) of the last entry according to the chain head record; keep the hash as an anchor."""
        row = self._read("SELECT seq, hash FROM chain_head WHERE id = 1")
        return (row[0][0], row[0][1]) if row else None

    def schema_version(self) -> int:
        return self._read("SELECT MAX(version) FROM schema_version")[0][0]

    def get(self, seq: int) -> Entry:
        rows = self._read(_SELECT + " WHERE seq = ?", (int(seq),))
        if not rows:
            raise RegisterError.of("register.not_found", seq=seq, count=self.count())
        return _entry(rows[0])

    def entries(self, *, since: _dt.date | _dt.datetime | None = None, until: _dt.date | _dt.datetime | None = None,
                officer: str | None = None, unit: str | None = None, violation: str | None = None,
                case_id: str | None = None, limit: int | None = None) -> list[Entry]:
        """Entries in chain order, filtered. A date `until` includes that whole day (UTC); a datetime is exact."""
        where, params = [], []
        if since is not None:
            where.append("timestamp >= ?")
            params.append(_bound(since, end=False))
        if until is not None:
            where.append("timestamp < ?" if not isinstance(until, _dt.datetime) else "timestamp <= ?")
            params.append(_bound(until, end=True))
        for column, value in (("officer", officer), ("unit", unit), ("violation", violation),
                              ("case_id", case_id)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY seq"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [_entry(r) for r in self._read(sql, tuple(params))]

    def rulebook_text(self, fingerprint: str) -> str:
        rows = self._read("SELECT text FROM rulebooks WHERE fingerprint = ?", (fingerprint,))
        if not rows:
            raise RegisterError.of("register.rulebook_missing", fingerprint=fingerprint)
        return rows[0][0]

    def _rows(self) -> Iterator[dict]:
        # Streamed: verify and replay must not need the whole register in memory.
        cursor = self._conn.cursor()
        try:
            cursor.execute(_SELECT + " ORDER BY seq")
            for row in cursor:
                yield dict(zip(_COLUMNS, row))
        except sqlite3.DatabaseError as e:
            raise RegisterError.of("register.damaged", path=self.path, detail=e) from None
        finally:
            cursor.close()

    # -- backing up ----------------------------------------------------------------------------------------

    def backup(self, dest: str | os.PathLike) -> VerifyReport:
        """Copy the register to `dest` with SQLite's backup API and verify the copy; returns the copy's report.

        Not a file copy: committed entries may live only in the `-wal` file next to the register (after a
        killed writer, until the next checkpoint), and a copy of the `.sqlite` alone silently lacks them. The
        backup API copies one consistent snapshot of what is committed, -wal included. An existing `dest` is
        never overwritten; the copy is written beside it under another name and renamed when complete.
        """
        target = Path(dest)
        if target.exists() or target.is_symlink():
            raise RegisterError.of("backup.exists", path=target)
        parent = target.parent if str(target.parent) else Path(".")
        if not parent.is_dir():
            raise RegisterError.of("register.no_parent", parent=parent)
        partial = target.with_name(target.name + ".partial")
        try:
            if partial.exists():
                partial.unlink()
            out = sqlite3.connect(str(partial), isolation_level=None)
            try:
                self._conn.backup(out)
                # one self-contained file: no -wal beside the copy
                out.execute("PRAGMA journal_mode = DELETE")
            finally:
                out.close()
            with Register.open(partial, create=False) as copy:
                report = copy.verify()
            _publish(partial, target)
        except FileExistsError:
            _remove(partial)
            raise RegisterError.of("backup.exists", path=target) from None
        except (OSError, sqlite3.Error) as e:
            _remove(partial)
            raise RegisterError.of("backup.failed", path=target, detail=getattr(e, "strerror", None) or e) from None
        except RegisterError:
            _remove(partial)
            raise
        return report

    # -- checking ------------------------------------------------------------------------------------------

    def verify(self, *, expect_head: str | None = None, public_key=None,
               anchor: signing.Anchor | None = None) -> VerifyReport:
        """Re-hash every entry in order and name the first one altered, deleted, reordered or earlier in time
        than the one before it.

        Cannot see, on its own, entries cut off from the end when the chain head record was edited to match, nor
        a chain rewritten from some entry on by someone who recomputes every later hash; `expect_head` (a head
        hash kept elsewhere earlier) or `anchor` (a published head, at its position) closes both: it must still
        be in the chain, at an intact position.

        `public_key` (the office's Ed25519 public key) also checks every stored head signature and requires the
        last entry to be covered by one: then the chain is the office's (see docs/audit.md for what that proves).
        With both, the anchor's own signature must be the key's.
        """
        # The whole check reads one snapshot, so a writer appending meanwhile cannot make it report a false gap.
        conn = self._conn
        try:
            conn.execute("BEGIN")
            try:
                _check_schema(conn, self.path, self.schema_version())
                expected = anchor.hash if anchor is not None else expect_head.strip().lower() if expect_head else None
                return self._verify(expected, public_key, anchor)
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")
        except sqlite3.DatabaseError as e:
            raise RegisterError.of("register.damaged", path=self.path, detail=e) from None

    def _verify(self, anchor: str | None, public_key=None, published: signing.Anchor | None = None) -> VerifyReport:
        head = self.head()
        rulebooks: dict[str, str | None] = {}
        prev_hash, prev_time, expected, count = GENESIS, "", 1, 0
        anchor_seq = None
        signed_upto = unsigned = 0
        anchor_signed = None
        if published is not None and published.signature is not None and public_key is not None:
            anchor_signed = published.signed_by(public_key)

        def report(finding: Finding | None) -> VerifyReport:
            return VerifyReport(ok=finding is None, entries=count, head_seq=head[0] if head else None,
                                head_hash=head[1] if head else None, finding=finding, anchor=anchor,
                                anchor_seq=anchor_seq,
                                key_id=signing.key_id(public_key) if public_key is not None else None,
                                signed_upto=signed_upto, unsigned=unsigned, anchor_signed=anchor_signed)

        if published is not None and anchor_signed is False:
            return report(Finding("anchor_bad_signature", published.seq, {"anchor": published.hash}))

        rows = self._rows()
        for row in rows:
            seq = row["seq"]
            if seq != expected:
                # Positions run 1, 2, 3 ...: a jump means entries are missing (a row with seq < expected is
                # impossible, seq being the primary key read in order, except for seq <= 0 written by hand).
                if seq > expected:
                    args = {"after": seq} if expected == 1 else {"before": expected - 1, "after": seq}
                    return report(Finding("deleted", expected, args))
                return report(Finding("altered", seq))
            count += 1
            actual = hash_of(row, seq)
            if actual is None or actual != row["entry_hash"]:
                original = self._original_position(row)
                if original is not None and original != seq:
                    return report(Finding("reordered", seq, {"original": original}))
                return report(Finding("altered", seq))
            if row["prev_hash"] != prev_hash:
                # This entry is intact but remembers a different predecessor: the previous entry was altered and
                # its hash recomputed to hide it (or, at position 1, the register was started from elsewhere).
                if seq == 1:
                    return report(Finding("altered", 1))
                return report(Finding("rehashed", seq - 1, {"next": seq}))
            fingerprint = row["rulebook_fingerprint"]
            if fingerprint not in rulebooks:
                stored = self._read("SELECT text FROM rulebooks WHERE fingerprint = ?", (fingerprint,))
                rulebooks[fingerprint] = (_text_sha256(stored[0][0]) if stored and isinstance(stored[0][0], str)
                                          else "" if stored else None)
            if rulebooks[fingerprint] is None:
                return report(Finding("rulebook_missing", seq, {"fingerprint": fingerprint}))
            if rulebooks[fingerprint] != row["rulebook_sha256"]:
                return report(Finding("rulebook_altered", seq, {"fingerprint": fingerprint}))
            if not isinstance(row["timestamp"], str) or row["timestamp"] < prev_time:
                # hashed, so written so by whoever holds the chain: a backdated entry appended (or a clock set back)
                return report(Finding("time_back", seq, {"timestamp": row["timestamp"], "previous": prev_time}))
            signature = self._read("SELECT signature FROM signatures WHERE seq = ?", (seq,))
            if not signature:
                unsigned += 1
            elif public_key is not None:
                if not signing.head_signed_by(public_key, seq, row["entry_hash"], signature[0][0]):
                    return report(Finding("bad_signature", seq, {"key_id": signing.key_id(public_key)}))
                signed_upto = seq
            if anchor is not None and row["entry_hash"] == anchor:
                anchor_seq = seq
            prev_hash, prev_time = row["entry_hash"], row["timestamp"]
            expected += 1

        last = expected - 1
        if head is None:
            if last > 0:
                return report(Finding("head_missing", last))
        elif head[0] > last:
            # The head remembers entries past the last one present: they were deleted from the end.
            return report(Finding("truncated", last + 1, {"last": head[0]}))
        elif head[0] < last:
            return report(Finding("unlinked", head[0], {"head": head[0]}))
        elif head[1] != prev_hash:
            return report(Finding("head_altered", last))
        if anchor is not None and (anchor_seq is None or (published is not None and anchor_seq != published.seq)):
            return report(Finding("anchor_missing", last + 1, {"anchor": anchor}))
        if public_key is not None and signed_upto < last:
            # Entries after the last signed head: written by someone without the office key (or not yet signed).
            return report(Finding("unsigned_tail", signed_upto + 1,
                                  {"last": last, "key_id": signing.key_id(public_key)}))
        return report(None)

    def anchor(self, signing_key=None) -> signing.Anchor | None:
        """The current head as an anchor to publish (None for an empty register): with its stored signature, or
        signed now with `signing_key` (nothing is written: an office keeping its key off the writing machine
        runs this on a backup). Refused unless the register verifies, so that a broken chain is never vouched."""
        report = self.verify()
        if not report.ok:
            raise RegisterError.of("anchor.not_intact", path=self.path, problem=report.message)
        if report.head_seq is None or report.head_hash is None:
            return None
        seq, digest = report.head_seq, report.head_hash
        timestamp = self._read("SELECT timestamp FROM entries WHERE seq = ?", (seq,))[0][0]
        if signing_key is not None:
            kid, value = signing.sign_head(signing_key, seq, digest)
        else:
            stored = self._read("SELECT key_id, signature FROM signatures WHERE seq = ?", (seq,))
            kid, value = stored[0] if stored else (None, None)
        return signing.Anchor(seq=seq, hash=digest, timestamp=timestamp, key_id=kid, signature=value)

    def _original_position(self, row: dict) -> int | None:
        """For an entry that does not hash at its position: the position where it does hash, if it was moved
        there from elsewhere (None: it was altered). Only run for the first bad entry.

        Its stored prev_hash names its original predecessor, so usually one lookup finds the place it came from;
        if that predecessor is gone or moved too, every position is tried (bounded by the register's size).
        """
        if row["prev_hash"] == GENESIS:
            return 1 if hash_of(row, 1) == row["entry_hash"] else None
        pred = self._read(_SELECT + " WHERE entry_hash = ?", (row["prev_hash"],))
        if pred:
            pred_row = dict(zip(_COLUMNS, pred[0]))
            if hash_of(pred_row, pred_row["seq"]) == pred_row["entry_hash"]:
                candidate = pred_row["seq"] + 1
                if hash_of(row, candidate) == row["entry_hash"]:
                    return candidate
        last = self._read("SELECT MAX(seq) FROM entries")[0][0] or 0
        for candidate in range(1, last + 2):
            if hash_of(row, candidate) == row["entry_hash"]:
                return candidate
        return None

    def replay(self, recompute: Recompute) -> ReplayReport:
        """Recompute every entry with its stored rulebook text and compare with the stored result.

        `recompute(rulebook_text, rulebook_name, facts) -> result` is the engine, passed in by the caller. An
        exception from it is reported for that entry and replay goes on with the next.
        """
        total = same = 0
        differ: list[ReplayDiff] = []
        failed: list[ReplayFailure] = []
        texts: dict[str, str | None] = {}
        for row in self._rows():
            total += 1
            entry = _entry(tuple(row[c] for c in _COLUMNS))
            fingerprint = entry.rulebook_fingerprint
            if fingerprint not in texts:
                stored = self._read("SELECT text FROM rulebooks WHERE fingerprint = ?", (fingerprint,))
                texts[fingerprint] = stored[0][0] if stored else None
            text = texts[fingerprint]
            if text is None:
                failed.append(ReplayFailure(entry.seq, entry.case_id,
                                            messages.text("register.rulebook_missing", fingerprint=fingerprint)))
                continue
            try:
                recomputed = recompute(text, entry.rulebook_name, entry.facts)
                again = canonical.dumps(recomputed)
            except Exception as e:  # noqa: BLE001 - the engine's error is the report for this entry
                failed.append(ReplayFailure(entry.seq, entry.case_id, _describe(e)))
                continue
            if again == row["result"]:
                same += 1
            else:
                differ.append(ReplayDiff(entry.seq, entry.case_id, entry.engine_version,
                                         differences(entry.result, recomputed) or ["$"], entry.result,
                                         canonical.to_plain(recomputed)))
        return ReplayReport(total=total, reproduced=same, differ=differ, failed=failed)


# --- helpers ----------------------------------------------------------------------------------------------------

def _check_header(p: Path) -> None:
    """Refuse a non-empty file that is not SQLite before SQLite touches it."""
    try:
        size = p.stat().st_size
        with open(p, "rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except OSError as e:
        raise RegisterError.of("register.cannot_open", path=p, detail=e.strerror or e) from None
    if size and head != SQLITE_HEADER:
        raise RegisterError.of("register.not_sqlite", path=p)


def _identify(conn: sqlite3.Connection, p: Path) -> int | None:
    """The schema version of a register, None for an empty database; raises for anything else.
    Reads only: nothing may be written before we know the file is ours. The reads are one snapshot: read one by
    one, the application id (0) and the tables (there) could straddle another process creating the register,
    and a new register would be taken for another program's file."""
    if conn.in_transaction:
        return _identify_snapshot(conn, p)
    conn.execute("BEGIN")
    try:
        return _identify_snapshot(conn, p)
    finally:
        if conn.in_transaction:
            conn.execute("COMMIT")


def _identify_snapshot(conn: sqlite3.Connection, p: Path) -> int | None:
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables and app_id in (0, APPLICATION_ID):
        # An empty database becomes a register; one that holds a view or anything else is someone else's.
        if conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None:
            raise RegisterError.of("register.foreign", path=p)
        return None
    if app_id != APPLICATION_ID or "schema_version" not in tables:
        raise RegisterError.of("register.foreign", path=p)
    version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
    if not isinstance(version, int):
        raise RegisterError.of("register.damaged", path=p, detail="schema_version is empty")
    if version > migrations.CURRENT:
        raise RegisterError.of("register.newer", path=p, found=version, supported=migrations.CURRENT)
    _check_schema(conn, p, version)
    return version


def _check_schema(conn: sqlite3.Connection, p: Path, version: int) -> None:
    """Refuse a register whose schema is not exactly the one its version creates: a trigger planted on
    `entries` could drop an entry (RAISE(IGNORE)) while the writer believes it stored it, a view or an extra
    index could hide or reorder what verify reads. Only reads; names the objects so the office can see them."""
    found = migrations.schema_of(conn)
    expected = migrations.expected_schema(version)
    if found != expected:
        # added, changed (in both differences) or removed: each named once
        names = sorted({f"{kind} {name}" for kind, name, _, _ in found ^ expected})
        raise RegisterError.of("register.schema_altered", path=p, objects=", ".join(names))


def _prepare_patiently(conn: sqlite3.Connection, p: Path, create: bool, timeout: float) -> None:
    """_prepare, tried again while the file is busy, up to `timeout`. SQLite's busy wait does not cover every
    moment of several processes creating one register at once (a reader meeting another's switch to WAL gets
    "locked" at once, without waiting), so the wait is ours here."""
    import time
    deadline = time.monotonic() + timeout
    while True:
        try:
            _prepare(conn, p, create=create)
            return
        except sqlite3.OperationalError as e:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if not ("locked" in str(e) or "busy" in str(e)) or time.monotonic() >= deadline:
                raise
            time.sleep(0.02)


def _prepare(conn: sqlite3.Connection, p: Path, *, create: bool) -> None:
    version = _identify(conn, p)
    if version is None and not create:
        raise RegisterError.of("register.empty", path=p)
    if version is None or version < migrations.CURRENT:
        # WAL is a property of the file; set it only now that the file is known to be empty or ours.
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Look again under the write lock: another process may have created or upgraded it meanwhile.
            version = _identify(conn, p)
            if version is None:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")
                version = 0
            migrations.migrate(conn, version)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    elif conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a committed entry survives a power cut, not only a killed process; the cost is one fsync per append.
    conn.execute("PRAGMA synchronous = FULL")


def _read_back(conn: sqlite3.Connection, p: Path, row: dict, signature: tuple | None) -> None:
    """Read the entry, the chain head and the signature back inside the writing transaction: what is
    acknowledged is what is there, whatever the file does to an insert (raises, so the caller rolls back)."""
    stored = conn.execute(_SELECT + " WHERE seq = ?", (row["seq"],)).fetchone()
    head = conn.execute("SELECT seq, hash FROM chain_head WHERE id = 1").fetchone()
    signed = conn.execute("SELECT key_id, signature FROM signatures WHERE seq = ?", (row["seq"],)).fetchone()
    if stored != tuple(row[c] for c in _COLUMNS) or head != (row["seq"], row["entry_hash"]) \
            or (signature is not None and signed != signature):
        raise RegisterError.of("register.write_lost", path=p, seq=row["seq"])


def _publish(partial: Path, target: Path) -> None:
    """Give the finished copy its name without replacing a file that appeared there meanwhile."""
    try:
        os.link(partial, target)  # raises FileExistsError rather than replace
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if target.exists():
            raise FileExistsError(str(target)) from None
        os.replace(partial, target)
        return
    partial.unlink()


def _remove(path: Path) -> None:
    for p in (path, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
        try:
            p.unlink()
        except OSError:
            pass


def _check_text(name: str, value: Any) -> None:
    if not isinstance(value, str):
        raise RegisterError.of("register.bad_value", field=name, detail="must be text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise RegisterError.of("register.bad_value", field=name, detail="is not valid Unicode text") from None


def _violation_of(data: Any) -> str | None:
    value = data.get("violation") if isinstance(data, dict) else None
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) and value else None


def _bound(value: _dt.date | _dt.datetime, *, end: bool) -> str:
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=_dt.timezone.utc)
        return utc_text(value)
    day = value + _dt.timedelta(days=1) if end else value
    return utc_text(_dt.datetime(day.year, day.month, day.day, tzinfo=_dt.timezone.utc))


def _describe(e: BaseException) -> str:
    text = str(e).strip()
    return f"{type(e).__name__}: {text}" if text else type(e).__name__


# --- decisions (issue 15: the party's history, similar cases) ------------------------------------------------


def decision_of(entry: Entry) -> dict | None:
    """The decision `penalty decide --record` stored with the case (facts["decision"]), or None for an assessment."""
    facts = entry.facts
    decision = facts.get("decision") if isinstance(facts, dict) else None
    return decision if isinstance(decision, dict) else None


def decided_cases(reg: Register, *, party_id: str | None = None, violation: str | None = None) -> list[Entry]:
    """Each case's standing decision, in chain order: the last decision entry of a case (a recorded change
    supersedes what it changes), optionally only those of one party (its checked id) or one violation. Bare
    assessments (`calc --record`) are not decisions and are left out."""
    if party_id is None:
        entries = reg.entries(violation=violation)
    else:
        # Narrowed in SQL first: the stored facts are canonical JSON, so the id is written "party_id":"<id>" in
        # every entry that names it (LIKE finds a superset; the party is compared exactly below). The cases found
        # are then read whole, so that a later change of a case decides even where it names another party.
        pattern = '%"party_id":"' + party_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + '"%'
        found = reg._read("SELECT DISTINCT case_id FROM entries WHERE facts LIKE ? ESCAPE '\\'", (pattern,))
        entries = sorted((e for (case_id,) in found for e in reg.entries(case_id=case_id, violation=violation)),
                         key=lambda e: e.seq)
    last: dict[str, Entry] = {}
    for entry in entries:
        if decision_of(entry) is not None:
            last[entry.case_id] = entry
    out = list(last.values())
    if party_id is not None:
        out = [e for e in out if _party_id(decision_of(e)) == party_id]
    return sorted(out, key=lambda e: e.seq)


def _party_id(decision: dict | None):
    party = (decision or {}).get("party")
    return party.get("party_id") if isinstance(party, dict) else None


def last_notice(reg: Register, case_id: str) -> Entry | None:
    """The last notice of the intended penalty (`penalty notify`: facts["notice"]) recorded for a case, or None."""
    found = None
    for entry in reg.entries(case_id=case_id):
        if isinstance(entry.facts, dict) and isinstance(entry.facts.get("notice"), dict):
            found = entry
    return found
