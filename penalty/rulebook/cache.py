"""A cache of compiled rulebooks, so that a large book (Guangdong's ~280 tables, ~1 MB of YAML) is parsed,
validated and bound once, not at every `penalty calc`.

A cached entry is used only when everything it was built from is unchanged: the rulebook's own text, the text of
every file it includes (re-resolved and re-read each time, so an edited chapter file is seen at once), its name
and folder (positions name the file; includes resolve beside it), the Python version and the package's own code
(every module's size and modification time: a changed engine never reads a model pickled by another). A miss
loads the rulebook as usual; a load that fails is never cached, so its problems are reported every time.

The cache can never change a result: an entry is the model the loader built from the same bytes, and the tests
compare the canonical output of every bundled case with and without it. Off with `PENALTY_CACHE=off`; the
folder is `$PENALTY_CACHE_DIR`, else `$XDG_CACHE_HOME/penalty`, else `~/.cache/penalty`.

Why pickle is acceptable here: an entry is written by this user for this user (folder 0700, file 0600, written
atomically) and read only when the file is owned by the current user and writable by nobody else; the
unpickler accepts only this package's classes and a short list of standard value types, so even a forged entry
cannot name `os.system`. Rulebooks stay data: the cache holds the model built from that data, never code.
Compiled conditions (closures) are not pickled: each is compiled again from its AST when an entry is read.
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
import tempfile
from pathlib import Path

from penalty.record import Record

FORMAT = b"penalty-rulebook-cache 1\n"
MAX_ENTRIES = 64  # oldest entries beyond this are removed when one is written


def folder() -> Path | None:
    if os.environ.get("PENALTY_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    explicit = os.environ.get("PENALTY_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(base) / "penalty"


_CODE_STAMP: list[bytes] = []


def _code_stamp() -> bytes:
    """Size and modification time of every module of the package: a changed model class, loader or condition
    compiler must never read an entry pickled by other code (the version number alone does not change when
    a checkout is edited)."""
    if not _CODE_STAMP:
        root = Path(__file__).resolve().parents[1]
        h = hashlib.sha256()
        stack = [root]
        while stack:
            d = stack.pop()
            with os.scandir(d) as it:
                for e in sorted(it, key=lambda e: e.name):
                    if e.is_dir() and not e.name.startswith((".", "__pycache__")):
                        stack.append(Path(e.path))
                    elif e.name.endswith(".py"):
                        st = e.stat()
                        h.update(f"{e.path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        _CODE_STAMP.append(h.digest())
    return _CODE_STAMP[0]


def _key(path: Path, text: str) -> str:
    from penalty.version import ENGINE
    h = hashlib.sha256(FORMAT)
    for part in (ENGINE, sys.version, path.name, str(path.parent.resolve())):
        h.update(part.encode("utf-8", "surrogatepass") + b"\0")
    h.update(_code_stamp())
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:40]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# ---------------------------------------------------------------- pickling the model

def _rebuild(cls, values):
    obj = cls.__new__(cls)
    obj.__dict__.update(zip(cls._fields, values))
    return obj


def _rebuild_condition(values):
    from penalty.rulebook import conditions as C
    from penalty.rulebook.model import Condition
    cond = _rebuild(Condition, values)
    cond.__dict__["fn"] = C.compile_predicate(cond.ast)
    return cond


class _Pickler(pickle.Pickler):
    """Records are pickled as their declared fields only: values derived later (`Rulebook.cached`, cached
    properties) are left out and derived again; a condition's compiled closure is rebuilt from its AST."""

    def reducer_override(self, obj):
        if isinstance(obj, Record):
            from penalty.rulebook.model import Condition
            d, fields = obj.__dict__, type(obj)._fields
            if isinstance(obj, Condition):
                return _rebuild_condition, (tuple(None if f == "fn" else d[f] for f in fields),)
            return _rebuild, (type(obj), tuple(d[f] for f in fields))
        return NotImplemented


_VALUES = {("builtins", n) for n in ("frozenset", "set", "tuple", "list", "dict", "bytes", "str", "int", "bool",
                                     "complex")}
_VALUES |= {("decimal", "Decimal"), ("fractions", "Fraction"), ("datetime", "date"), ("datetime", "datetime"),
            ("datetime", "timedelta")}


class _Unpickler(pickle.Unpickler):
    """Names only what a rulebook is made of: the package's model classes (records, positions, the YAML
    containers), the UNBOUNDED marker, the two rebuilders above, and plain value types. Anything else, a
    function of the standard library or one of the package's own functions, is refused."""

    def find_class(self, module, name):
        if (module, name) in _VALUES:
            return super().find_class(module, name)
        if module == "penalty" or module.startswith("penalty."):
            obj = super().find_class(module, name)
            if obj is _rebuild or obj is _rebuild_condition or _is_model_value(obj):
                return obj
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a rulebook")


def _is_model_value(obj) -> bool:
    from penalty.money import UNBOUNDED
    if obj is UNBOUNDED:
        return True
    return isinstance(obj, type) and issubclass(obj, (Record, tuple, dict, list))


# ---------------------------------------------------------------- reading and writing entries

def _trusted(p: Path) -> bool:
    try:
        st = p.stat()
    except OSError:
        return False
    owner_ok = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return owner_ok and not (st.st_mode & 0o022)


def lookup(path: Path, text: str):
    """The cached rulebook built from exactly these bytes and includes, or None."""
    d = folder()
    if d is None:
        return None
    entry = d / f"{_key(path, text)}.pickle"
    if not _trusted(entry):
        return None
    try:
        raw = entry.read_bytes()
        if not raw.startswith(FORMAT):
            return None
        head = len(FORMAT)
        n = int.from_bytes(raw[head:head + 8], "big")
        includes = _Unpickler(io.BytesIO(raw[head + 8:head + 8 + n])).load()
        if not _includes_unchanged(includes, path.parent):
            return None
        return _Unpickler(io.BytesIO(raw[head + 8 + n:])).load()
    except Exception:  # noqa: BLE001 - a damaged or foreign entry is a miss, never an error: the book loads as usual
        return None


def _includes_unchanged(includes, base_dir: Path) -> bool:
    from penalty.errors import RulebookError
    from penalty.rulebook.load import include_path, read_source
    for ref, digest in includes:
        p = include_path(ref, base_dir)
        if p is None:
            return False
        try:
            if _digest(read_source(p, p.name)) != digest:
                return False
        except RulebookError:
            return False
    return True


def store(path: Path, text: str, rulebook) -> None:
    """Write the entry (best effort: a folder that cannot be written just means no cache)."""
    d = folder()
    if d is None or rulebook.include_texts is None:
        return
    try:
        d.mkdir(mode=0o700, parents=True, exist_ok=True)
        includes = tuple((ref, _digest(t)) for ref, t in rulebook.include_texts)
        head, body = io.BytesIO(), io.BytesIO()
        _Pickler(head, protocol=pickle.HIGHEST_PROTOCOL).dump(includes)
        _Pickler(body, protocol=pickle.HIGHEST_PROTOCOL).dump(rulebook)
        buf = io.BytesIO()
        buf.write(FORMAT)
        buf.write(len(head.getvalue()).to_bytes(8, "big"))
        buf.write(head.getvalue())
        buf.write(body.getvalue())
        fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(buf.getvalue())
            os.chmod(tmp, 0o600)
            os.replace(tmp, d / f"{_key(path, text)}.pickle")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(d)
    except (OSError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
        return


def _prune(d: Path) -> None:
    entries = sorted(d.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[MAX_ENTRIES:]:
        old.unlink(missing_ok=True)
