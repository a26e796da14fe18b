"""Versions of one rulebook side by side, each in force for a period.

Layout (docs/versions.md): the versions of rulebook NAME live in one folder as `NAME.yaml` and `NAME.<label>.yaml`
(e.g. `cn-env-food.yaml`, `cn-env-food.2025.yaml`), every one with the same `id:` and its own
`effective: {from:, to:}`. A version without `to` is in force until the day before the next version's `from`;
an explicit `to` that stops earlier leaves a hole, and a case dated in a hole is an error, never a silent pick.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from penalty.errors import CaseError, Problem, RulebookError

DAY = _dt.timedelta(days=1)


@dataclass(frozen=True)
class Version:
    rulebook: object
    start: _dt.date | None  # None: a lone version without an effective date, in force at every date
    end: _dt.date | None  # inclusive; None: open
    end_from: str  # "effective.to" | "next_version" | "open"

    @property
    def label(self) -> str:
        return self.rulebook.version

    def covers(self, day: _dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def to_json(self) -> dict:
        rb = self.rulebook
        return {"version": rb.version, "file": rb.file, "fingerprint": rb.fingerprint, "from": self.start,
                "to": self.end, "to_from": self.end_from}


@dataclass(frozen=True)
class VersionSet:
    id: str
    versions: tuple  # of Version, by start date

    def at(self, day: _dt.date, what: str = "act_date", pos=None) -> Version:
        """The version in force on `day`. Raises CaseError when none is (before the first, in a hole, after the last)."""
        for v in self.versions:
            if v.covers(day):
                return v
        first, last = self.versions[0], self.versions[-1]
        if first.start is not None and day < first.start:
            raise CaseError([Problem("time.before_first", pos, {"what": what, "date": day, "id": self.id,
                                                                 "version": first.label, "from_": first.start})])
        for a, b in zip(self.versions, self.versions[1:]):
            if a.end is not None and a.end < day < b.start:
                raise CaseError([Problem("time.in_hole", pos, {"what": what, "date": day, "a": a.label, "to": a.end,
                                                                "b": b.label, "from_": b.start})])
        raise CaseError([Problem("time.after_last", pos, {"what": what, "date": day, "id": self.id,
                                                           "version": last.label, "to": last.end})])

    def violations(self) -> dict:
        """Every violation any version lists: id -> its latest definition."""
        return {v.id: v for ver in self.versions for v in ver.rulebook.violations}

    def to_json(self) -> dict:
        return {"id": self.id, "versions": [v.to_json() for v in self.versions]}


def _problem_pos(rb, key="effective"):
    """Where `key` is written in the rulebook's source (the model keeps no position for the effective period)."""
    from penalty.rulebook.yamlsource import Pos, YamlProblem, parse_yaml
    try:
        data = parse_yaml(rb.source_text, rb.file)
    except YamlProblem:  # cannot happen for text that loaded; fall back to the top of the file
        data = None
    if isinstance(data, dict) and key in data:
        return data.key_pos.get(key)
    return Pos(rb.file, 1, 1)


def version_set(rulebooks) -> VersionSet:
    """Order versions of one rulebook by date and close their periods. Raises RulebookError when they do not fit."""
    rbs = list(rulebooks)
    problems = []
    rid = rbs[0].id
    for rb in rbs[1:]:
        if rb.id != rid:
            problems.append(Problem("time.id_mismatch", _problem_pos(rb, "id"), {"file": rb.file, "found": rb.id, "id": rid}))
    if len(rbs) == 1:
        rb = rbs[0]
        return VersionSet(rid, (Version(rb, rb.effective_from, rb.effective_to,
                                        "effective.to" if rb.effective_to else "open"),))
    for rb in rbs:
        if rb.effective_from is None:
            problems.append(Problem("time.no_from", _problem_pos(rb), {"id": rid, "version": rb.version}))
    if problems:
        raise RulebookError(problems)
    rbs.sort(key=lambda r: (r.effective_from, r.version))
    out = []
    for i, rb in enumerate(rbs):
        nxt = rbs[i + 1] if i + 1 < len(rbs) else None
        if nxt is not None and nxt.effective_from == rb.effective_from:
            problems.append(Problem("time.same_from", _problem_pos(nxt), {"id": rid, "a": rb.version, "b": nxt.version,
                                                                         "date": rb.effective_from}))
        if nxt is not None and (rb.unit.minor_units, rb.unit.currency, rb.unit.kind) != \
                (nxt.unit.minor_units, nxt.unit.currency, nxt.unit.kind):
            problems.append(Problem("time.unit_changed", _problem_pos(nxt, "unit"), {"id": rid, "a": rb.version, "b": nxt.version}))
        if rb.effective_to is not None:
            if nxt is not None and rb.effective_to >= nxt.effective_from:
                problems.append(Problem("time.overlap", _problem_pos(rb), {"id": rid, "a": rb.version, "to": rb.effective_to,
                                                                          "b": nxt.version, "from_": nxt.effective_from}))
            out.append(Version(rb, rb.effective_from, rb.effective_to, "effective.to"))
        elif nxt is not None:
            out.append(Version(rb, rb.effective_from, nxt.effective_from - DAY, "next_version"))
        else:
            out.append(Version(rb, rb.effective_from, None, "open"))
    if problems:
        raise RulebookError(problems)
    return VersionSet(rid, tuple(out))


def family_paths(path) -> list[Path]:
    """The files that may hold versions of the rulebook at `path`: NAME.yaml and NAME.*.yaml beside it."""
    p = Path(path)
    family = p.name.split(".", 1)[0]
    found = {p}
    for q in p.parent.glob(f"{family}.*yaml"):
        if q.name.endswith(".cases.yaml") or q.suffix != ".yaml" or not q.is_file():
            continue
        if q.name == f"{family}.yaml" or q.name.startswith(family + "."):
            found.add(q)
    return sorted(found, key=lambda q: q.name)


def _is_rulebook_file(path: Path) -> bool:
    from penalty.rulebook.yamlsource import YamlProblem, parse_yaml
    from penalty.errors import RulebookError
    from penalty.rulebook.load import read_source
    try:
        data = parse_yaml(read_source(path, path.name), path.name)  # a 1 GiB file beside it is not read
    except (RulebookError, YamlProblem):
        return True  # let the loader report it properly
    return isinstance(data, dict) and "penalty_rulebook" in data


def load_versions(path, named=None) -> VersionSet:
    """The versions of the rulebook at `path` found beside it (see the module doc). `named`: that file, loaded."""
    from penalty.rulebook.load import load_rulebook
    p = Path(path)
    first = named if named is not None else load_rulebook(p)
    rbs = [first]
    for q in family_paths(p):
        if q.resolve() == p.resolve() or not _is_rulebook_file(q):
            continue
        rb = load_rulebook(q)
        if rb.id == first.id:
            rbs.append(rb)
    return version_set(rbs)
