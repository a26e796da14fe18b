"""Impact replay: recompute past cases under two rulebook versions and list every case whose grade, range or
recommended amount changes, with totals per violation. Streaming: memory stays flat however many cases.

Each version is applied as it stands (no dates, no art. 37 choice): the question is "what would this revision
change". A case whose violation a version does not list gets no penalty under it (as in penalty.time.choose).

Speed: assessing a case costs ~0.1 ms per version, so a million cases would take minutes. Past cases repeat:
the same violation with the same facts gives the same result, so results are cached on the case's violation and
fact values exactly as written (a legitimate cache: the engine is a pure function of them). `cache=False`
measures the uncached path. The cache is bounded (`cache_size` entries; when full it is emptied and refilled).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal

from penalty.diff.cases import Unreadable
from penalty.engine.assess import assess, assess_act
from penalty.engine.facts import parse_case
from penalty.errors import PenaltyError
from penalty.money import UNBOUNDED

CHANGE_FIELDS = ("grade", "range", "recommended")


_SIMPLE = (str, int, bool, type(None), Decimal, _dt.date)


def cache_key(data):
    """The violation and facts exactly as written, or None when the case is not a simple one-act case."""
    if not isinstance(data, dict) or "acts" in data:
        return None
    facts = data.get("facts")
    if facts is None:
        facts = {}
    if not isinstance(facts, dict):
        return None
    items = tuple(sorted(facts.items()))
    for _, v in items:
        if not isinstance(v, _SIMPLE):
            return None
    return (data.get("violation"), items)


def outcome(rb, data, ids=None, known=None) -> tuple:
    """A case under one version: ((violation, grade, low, high, recommended), ...) per act, or ("error", codes).
    `known`: the violation ids of both versions; one that neither lists is an error, not "no penalty"."""
    if isinstance(data, Unreadable):
        return ("error", (data.code,))
    ids = ids if ids is not None else {v.id for v in rb.violations}
    if isinstance(data, dict) and "acts" not in data and data.get("violation") is not None \
            and str(data["violation"]) not in ids and (known is None or str(data["violation"]) in known):
        return ((str(data["violation"]), None, 0, 0, 0),)
    try:
        case = parse_case(data, rb, "<replay>")
        if len(case.acts) == 1:
            act = case.acts[0]
            results = (assess_act(rb, act.violation, act.facts, act.given),)
        else:
            results = assess(rb, case).acts
    except PenaltyError as exc:
        return ("error", tuple(sorted({p.code for p in exc.problems})))
    # `head`: the decision only; the explanation is never built for a replay
    return tuple((r.head["violation"], r.head["grade"], r.head["range"]["low"], r.head["range"]["high"],
                  r.head["recommended"]) for r in results)


def changed_fields(old, new) -> list:
    if old[0] == "error" or new[0] == "error" or len(old) != len(new):
        return ["error"] if old != new else []
    out = []
    if any(o[1] != n[1] for o, n in zip(old, new)):
        out.append("grade")
    if any(o[2:4] != n[2:4] for o, n in zip(old, new)):
        out.append("range")
    if any(o[4] != n[4] for o, n in zip(old, new)):
        out.append("recommended")
    return out


def _side(out) -> dict:
    if out[0] == "error":
        return {"error": list(out[1])}
    acts = [{"violation": v, "grade": g, "low": lo, "high": hi, "recommended": rec} for v, g, lo, hi, rec in out]
    return acts[0] if len(acts) == 1 else {"acts": acts}


def _total(out):
    if out[0] == "error":
        return None
    total = 0
    for a in out:
        if a[4] is UNBOUNDED:
            return UNBOUNDED
        total += a[4]
    return total


@dataclass
class Totals:
    cases: int = 0
    changed: int = 0
    grade: int = 0
    range: int = 0
    recommended: int = 0
    up: int = 0
    down: int = 0
    delta: int = 0  # sum of recommended new - old, minor units
    errors: int = 0

    def to_json(self):
        return dict(self.__dict__)


@dataclass
class Replayer:
    old: object
    new: object
    cache: bool = True
    cache_size: int = 500_000
    by_violation: dict = field(default_factory=dict)
    all: Totals = field(default_factory=Totals)
    hits: int = 0
    misses: int = 0
    _memo: dict = field(default_factory=dict)

    def __post_init__(self):
        self._ids = (frozenset(v.id for v in self.old.violations), frozenset(v.id for v in self.new.violations))

    def pair(self, data):
        key = cache_key(data) if self.cache else None
        if key is not None:
            hit = self._memo.get(key)
            if hit is not None:
                self.hits += 1
                return hit
        self.misses += 1
        result = self.assess(data)
        if key is not None:
            self.remember(key, result)
        return result

    def assess(self, data) -> tuple:
        """(old outcome, new outcome, changes) of one case, by the per-case engine."""
        o, n = self.outcome(0, data), self.outcome(1, data)
        return o, n, changed_fields(o, n)

    def outcome(self, side: int, data) -> tuple:
        """The case under the old (0) or new (1) version, by the per-case engine."""
        return outcome((self.old, self.new)[side], data, self._ids[side], self._ids[0] | self._ids[1])

    def remember(self, key, result) -> None:
        """Into the bounded cache: when full it is emptied and refilled."""
        if len(self._memo) >= self.cache_size:
            self._memo.clear()
        self._memo[key] = result

    def run(self, rows):
        """Yield one record (plain data) per case that changes or that a version cannot assess; count all.

        `changes` lists grade / range / recommended, or "error" when a version could not assess the case (the
        codes are in old / new); a case both versions reject the same way has no changes but is still listed.
        """
        for row, data in rows:
            record = self.count(row, data, *self.pair(data))
            if record is not None:
                yield record

    def count(self, row, data, o, n, changes):
        """Count one case into the totals; its record when it changes or a version cannot assess it, else None.
        (The one place a case is counted, whichever engine assessed it: penalty.diff.columns too.)"""
        if isinstance(data, Unreadable):
            vid = "(unreadable)"
        elif isinstance(data, dict) and "acts" not in data:
            vid = str(data["violation"]) if data.get("violation") is not None else "(no violation)"
        else:
            vid = "(several acts)"
        t = self.by_violation.get(vid)
        if t is None:
            t = self.by_violation[vid] = Totals()
        t.cases += 1
        self.all.cases += 1
        errored = o[0] == "error" or n[0] == "error"
        if not changes and not errored:
            return None
        case_id = data.get("case_id") if isinstance(data, dict) else getattr(data, "name", None)
        rec_o, rec_n = _total(o), _total(n)
        delta = None if rec_o is None or rec_n is None or UNBOUNDED in (rec_o, rec_n) else rec_n - rec_o
        for tot in (t, self.all):
            tot.errors += errored
            tot.changed += bool(changes)
            for c in ("grade", "range", "recommended"):
                if c in changes:
                    setattr(tot, c, getattr(tot, c) + 1)
            if delta:
                tot.delta += delta
                if delta > 0:
                    tot.up += 1
                else:
                    tot.down += 1
        return {"row": row, "case_id": None if case_id is None else str(case_id), "violation": vid,
                "changes": changes, "old": _side(o), "new": _side(n), "delta": delta}

    def summary(self) -> dict:
        return {"totals": self.all.to_json(),
                "by_violation": {k: v.to_json() for k, v in sorted(self.by_violation.items())},
                "cache": {"enabled": self.cache, "hits": self.hits, "misses": self.misses}}
