"""Compile a rulebook's bound conditions to one durable-rules ruleset, and run it in a subprocess.

durable-rules is the independent second evaluator (issue 2 §4). What was measured about it decides the shape:
- it silently mis-compares strings with numbers (and `true == 1`): every field is compared only with values of
  its own kind, enums as strings, everything else as integers (booleans 0/1, dates as ordinals, Decimal numbers
  scaled to integers, see `_NumberCodec`), and the compiler refuses a literal of the wrong kind;
- it saturates integers above 2^63: encoded integers beyond ±2^62 are refused (`NotEncodable`);
- it may hang (512 rules over one field) and is a C extension that may crash: it runs in a subprocess
  (`python -m penalty.oracle.worker`) with a timeout, never in the caller's process;
- its firing order for equal priorities is not guaranteed and a rule may fire more than once: the worker
  returns the *set* of rule names that fired, never an order;
- a fact that matches no rule raises MessageNotHandledException, and asserting the same fact twice raises
  MessageObservedException: every fact carries a sequence number, and is retracted after its case.
It has no `not`: negations are pushed down to the comparisons (De Morgan, `<` <-> `>=`, `in` -> `!=`s).

One ruleset per rulebook; every rule is `g == 1 and v == <violation index> and <condition>`: the guard `g`
means no rule is ever an empty pattern, and `v` keeps one violation's rules from firing on another's facts.
Fact names become fields `f0`, `f1`, ... so that no rulebook name (Chinese, or `sid`) reaches the engine.
"""
from __future__ import annotations

import datetime as _dt
import json
import operator
import os
import select
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from decimal import Decimal

from penalty.rulebook import conditions as C

LIMIT = 2 ** 62
TIMEOUT = 30.0  # seconds for loading the ruleset or answering one batch
EXTRA_PLACES = 4  # number facts compared with each other are kept exact to this many places beyond any literal


class NotEncodable(Exception):
    """A rulebook or a fact value that this encoding cannot represent exactly; str() says which and why."""


class Unavailable(Exception):
    """durable-rules cannot be used here (not installed, Python 3.13+, the worker failed or timed out)."""


def unavailable_reason() -> str | None:
    """None when durable-rules should work in a worker; else why not. Does not import it here."""
    if sys.version_info >= (3, 13):
        return "durable_rules 2.0.28 does not import on Python 3.13 or later"
    import importlib.util
    if importlib.util.find_spec("durable") is None:
        return "durable_rules is not installed"
    return None


# ---------------------------------------------------------------- value encodings

def _check(n: int, what: str) -> int:
    if not -LIMIT < n < LIMIT:
        raise NotEncodable(f"{what}: {n} is beyond ±2^62, which durable-rules cannot compare")
    return n


class _IntCodec:
    kind = int

    def __init__(self, name):
        self.name = name

    def value(self, v):
        if isinstance(v, bool) or not isinstance(v, int):
            raise NotEncodable(f"fact {self.name}: expected an integer, got {v!r}")
        return _check(v, f"fact {self.name}")

    literal = value


class _BoolCodec:
    kind = int

    def __init__(self, name):
        self.name = name

    def value(self, v):
        if not isinstance(v, bool):
            raise NotEncodable(f"fact {self.name}: expected a boolean, got {v!r}")
        return int(v)

    literal = value


class _DateCodec:
    kind = int

    def __init__(self, name):
        self.name = name

    def value(self, v):
        if not isinstance(v, _dt.date):
            raise NotEncodable(f"fact {self.name}: expected a date, got {v!r}")
        return v.toordinal()

    literal = value


class _EnumCodec:
    kind = str

    def __init__(self, name):
        self.name = name

    def value(self, v):
        if not isinstance(v, str):
            raise NotEncodable(f"fact {self.name}: expected an enum id (a string), got {v!r}")
        return v

    literal = value


class _NumberCodec:
    """Decimal -> 2·⌊v·10^k⌋ (+1 when v·10^k is not whole), k = the most decimal places of any literal or bound.

    Literals are exact at scale k, so they encode to even numbers; a value with more places lands on the odd
    number between its neighbours, which keeps `<`, `<=`, `==`, ... against every literal exact. Facts compared
    with each other share one scale (k + EXTRA_PLACES) and must be exact at it, or two values could collapse
    to one number: a finer value is refused (NotEncodable), never guessed.
    """
    kind = int

    def __init__(self, name, places: int, exact_only: bool):
        self.name, self.places, self.exact_only = name, places, exact_only
        self.scale = Decimal(10) ** places

    def value(self, v):
        if not isinstance(v, Decimal) or not v.is_finite():
            raise NotEncodable(f"fact {self.name}: expected a finite Decimal, got {v!r}")
        scaled = v * self.scale
        whole = int(scaled.to_integral_value(rounding="ROUND_FLOOR"))
        inexact = scaled != whole
        if inexact and self.exact_only:
            raise NotEncodable(f"fact {self.name} = {v} has more than {self.places} decimal places, and a condition "
                               "compares it with another fact")
        return _check(2 * whole + int(inexact), f"fact {self.name}")

    def literal(self, v):
        out = self.value(Decimal(v))
        if out % 2:
            raise NotEncodable(f"literal {v} of {self.name} is finer than the scale 10^-{self.places}")
        return out


def _places(d) -> int:
    if not isinstance(d, Decimal) or not d.is_finite():
        return 0
    exp = d.normalize().as_tuple().exponent
    return max(0, -exp)


# ---------------------------------------------------------------- compiling conditions

_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_OP = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "!=": "$neq"}
_PY_OP = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
          "!=": operator.ne}
TRUE = {"g": 1}
FALSE = {"$lt": {"g": 0}}


def _all(items):
    items = list(items)
    return items[0] if len(items) == 1 else {"$and": items}


def _any(items):
    items = list(items)
    return items[0] if len(items) == 1 else {"$or": items}


class _Compiler:
    def __init__(self, fields: dict, codecs: dict):
        self.fields, self.codecs = fields, codecs

    def cond(self, node, neg: bool):
        if isinstance(node, C.Name):
            return {self.fields[node.name]: 0 if neg else 1}
        if isinstance(node, C.Literal):
            return TRUE if bool(node.value) != neg else FALSE
        if isinstance(node, C.Not):
            return self.cond(node.item, not neg)
        if isinstance(node, (C.And, C.Or)):
            parts = [self.cond(i, neg) for i in node.items]
            return _all(parts) if isinstance(node, C.And) != neg else _any(parts)
        if isinstance(node, C.In):
            f = self.fields[node.operand.name]
            codec = self.codecs[node.operand.name]
            values = [self._lit(codec, v.value) for v in node.values]
            if node.negated != neg:
                return _all({"$neq": {f: v}} for v in values)
            return _any({f: v} for v in values)
        if isinstance(node, C.Compare):
            pairs = [self.pair(a, op, b, neg) for a, op, b in zip(node.operands, node.ops, node.operands[1:])]
            return _any(pairs) if neg else _all(pairs)
        raise NotEncodable(f"unknown condition node {type(node).__name__}")

    def _lit(self, codec, value):
        enc = codec.literal(value)
        if type(enc) is not codec.kind:  # never let a string meet a number inside durable-rules
            raise NotEncodable(f"literal {value!r} does not have the kind of fact {codec.name}")
        return enc

    def pair(self, a, op, b, neg):
        if neg:
            op = _NEGATE[op]
        if isinstance(a, C.Literal) and isinstance(b, C.Literal):
            return TRUE if _PY_OP[op](a.value, b.value) else FALSE
        if isinstance(a, C.Literal):
            a, b, op = b, a, _FLIP[op]
        left = self.fields[a.name]
        if isinstance(b, C.Name):
            if self.codecs[a.name].kind is not self.codecs[b.name].kind:
                raise NotEncodable(f"facts {a.name} and {b.name} are compared but are not of one kind")
            right = {"$m": self.fields[b.name]}
        else:
            right = self._lit(self.codecs[a.name], b.value)
        return {left: right} if op == "==" else {_OP[op]: {left: right}}


# ---------------------------------------------------------------- the program

@dataclass(frozen=True)
class Program:
    """A rulebook compiled for durable-rules: plain JSON data (sent to the worker) plus the fact encoders."""
    name: str
    rules: dict  # durable rule name -> {"all": [{"m": pattern}]}
    sites: dict  # durable rule name -> site name (see penalty.oracle.sites)
    violations: dict  # violation id -> index (the `v` field)
    fields: dict  # fact name -> field name
    codecs: dict = field(repr=False)
    rule_violation: dict = field(default_factory=dict, repr=False)  # durable rule name -> violation index

    def wire(self) -> dict:
        # rule_violation lets the worker split a large book over several rulesets, a violation's rules in one
        # (durable-rules refuses a ruleset of some thousands of rules: error 106, ERR_RULE_LIMIT_EXCEEDED)
        return {"op": "load", "name": self.name, "rules": self.rules, "sites": self.sites,
                "rule_violation": self.rule_violation}

    def encode(self, violation_id: str, facts: dict) -> dict:
        """Normalised facts -> the durable-rules fact (without the sequence number the worker adds)."""
        out = {"g": 1, "v": self.violations[violation_id]}
        for name, value in facts.items():
            f = self.fields.get(name)
            if f is not None:
                out[f] = self.codecs[name].value(value)
        return out


def _root(group: dict, n: str) -> str:
    while group.get(n, n) != n:
        n = group[n]
    return n


def _join(group: dict, a: str, b: str) -> None:
    ra, rb_ = _root(group, a), _root(group, b)
    if ra != rb_:
        group[max(ra, rb_)] = min(ra, rb_)


def compile_rulebook(rb) -> Program:
    """Bound condition ASTs of every site of every violation -> one ruleset. Raises NotEncodable."""
    from penalty.oracle.sites import rulebook_sites
    all_sites = rulebook_sites(rb)
    asts = [cond.ast for sites in all_sites.values() for _, cond in sites]
    used: list = []
    places: dict = {}
    fact_vs_fact: set = set()
    group: dict = {}  # union-find: facts compared with each other must share one scale
    for ast in asts:
        for n in C.names(ast):
            if n not in used:
                used.append(n)
        for n, values in C.literals_by_fact([ast]).items():
            places[n] = max([places.get(n, 0), *(_places(v) for v in values)])

        for cmp in (n for n in C.nodes(ast) if isinstance(n, C.Compare)):
            for a, b in zip(cmp.operands, cmp.operands[1:]):
                if isinstance(a, C.Name) and isinstance(b, C.Name):
                    fact_vs_fact.update((a.name, b.name))
                    _join(group, a.name, b.name)
    fields, codecs = {}, {}
    for i, name in enumerate(used):
        fd = rb.facts[name]
        fields[name] = f"f{i}"
        if fd.type in ("money", "integer"):
            codecs[name] = _IntCodec(name)
        elif fd.type == "boolean":
            codecs[name] = _BoolCodec(name)
        elif fd.type == "date":
            codecs[name] = _DateCodec(name)
        elif fd.type == "enum":
            codecs[name] = _EnumCodec(name)
        elif fd.type == "number":
            members = [n for n in used if _root(group, n) == _root(group, name)]
            k = max(max(places.get(n, 0), *(_places(b) for b in (rb.facts[n].min, rb.facts[n].max,
                                                                  rb.facts[n].default))) for n in members)
            if name in fact_vs_fact:
                k += EXTRA_PLACES
            codecs[name] = _NumberCodec(name, k, name in fact_vs_fact)
        else:
            raise NotEncodable(f"fact {name} has type {fd.type}, which has no durable-rules encoding")
    comp = _Compiler(fields, codecs)
    rules, site_names, vindex, rule_violation = {}, {}, {}, {}
    for vi, (vid, sites) in enumerate(all_sites.items()):
        vindex[vid] = vi
        for site, cond in sites:
            rname = f"r{len(rules)}"
            pattern = _all([{"g": 1}, {"v": vi}, comp.cond(cond.ast, False)])
            rules[rname] = {"all": [{"m": pattern}]}
            site_names[rname] = site
            rule_violation[rname] = vi
    safe_id = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "_-") else "_" for ch in rb.id)
    return Program(f"penalty_{safe_id}", rules, site_names, vindex, fields, codecs, rule_violation)


# ---------------------------------------------------------------- the worker session

class DurableSession:
    """One worker process holding one rulebook's ruleset; `match` sends batches of cases.

        with DurableSession(program) as s:
            sets = s.match([(violation_id, facts), ...])   # -> [frozenset of site names, ...]

    Raises Unavailable when the worker cannot start or load, and on a timeout (the worker is then killed).
    """

    def __init__(self, program: Program, timeout: float = TIMEOUT, python: str | None = None):
        self.program, self.timeout = program, timeout
        self.python = python or sys.executable
        self.proc = None
        self._buf = b""
        self.worker_ns = 0  # time spent inside durable-rules, as measured by the worker

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.close()

    def start(self):
        reason = unavailable_reason()
        if reason:
            raise Unavailable(reason)
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self._err = tempfile.TemporaryFile()  # a file, not a pipe: a chatty worker must never block on stderr
        try:
            self.proc = subprocess.Popen([self.python, "-m", "penalty.oracle.worker"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=self._err, env=env)
        except OSError as exc:
            raise Unavailable(f"could not start the durable-rules worker: {exc}") from None
        try:
            reply = self._request(self.program.wire())
        except BaseException:
            self.close()
            raise
        if "error" in reply:
            self.close()
            raise Unavailable(reply["error"])

    def match(self, cases) -> list:
        facts = [self.program.encode(vid, f) for vid, f in cases]
        reply = self._request({"op": "match", "facts": facts})
        if "error" in reply:
            raise Unavailable(reply["error"])
        self.worker_ns += reply.get("ns", 0)
        return [frozenset(m) for m in reply["matched"]]

    def close(self):
        p, self.proc = self.proc, None
        if p is None:
            return
        try:
            p.stdin.close()
            p.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            p.kill()
            p.wait()
        finally:
            p.stdout.close()
            self._err.close()

    def _request(self, message: dict) -> dict:
        p = self.proc
        try:
            p.stdin.write(json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n")
            p.stdin.flush()
        except OSError:
            return {"error": self._died()}
        line = self._read_line(time.monotonic() + self.timeout)
        if line is None:
            return {"error": self._died()}
        return json.loads(line)

    def _read_line(self, deadline: float):
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                self.proc.kill()
                raise Unavailable(f"durable-rules did not answer within {self.timeout:g} s (killed)")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return None
            self._buf += chunk
        line, self._buf = self._buf.split(b"\n", 1)
        return line

    def _died(self) -> str:
        p = self.proc
        try:
            p.wait(timeout=5)
            self._err.seek(0)
            err = self._err.read().decode("utf-8", "replace").strip().splitlines()
        except (OSError, subprocess.TimeoutExpired):
            p.kill()
            err = []
        last = err[-1] if err else "no message"
        return f"the durable-rules worker stopped (exit {p.returncode}): {last}"


def durable_matches(rb, cases, timeout: float = TIMEOUT) -> list:
    """Convenience: compile, start a worker, match one batch [(violation id, facts)], stop."""
    with DurableSession(compile_rulebook(rb), timeout) as s:
        return s.match(list(cases))
