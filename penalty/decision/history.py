"""The party's history from the register (当事人违法记录): facts such as prior counts and 首次违法, filled from the
party's prior decided violations, each with the register entries it came from.

A rulebook says which facts the register fills, and how, under its `history:` key (docs/decision.md):

    history:
      kinds: {gd-water-81-obstruct: inspection}      # violation -> its kind (同类违法行为)
      facts:
        prior_count_1y: {of: same_violation, within: {years: 1}}               # an integer fact: the count
        first_violation: {of: same_kind, within: {years: 2}, means: none}      # a boolean: no prior at all

A prior is the standing decision (`decided_cases`: a recorded change replaces what it changes) of another case of
the same party (the same checked `party_id`), of the same violation (or of the same kind), decided within the
window: the case's reference day (its `act_date`, else its `decision_date`, else today) falls inside the period
that runs from the prior's decision day (its `decision_date`, else the day it was recorded), counted as the Civil
Code counts periods (penalty/time/dates.py). Every decided violation counts, 不予处罚 included: it found the
violation, and a 首违不罚 is not available a second time.

A fact the case gives itself is checked against the register: the same value is confirmed; a different one is
refused unless the officer gives the reason for overriding it, which is recorded with the case.
Pure: the register's entries and today's date are arguments.
"""
from __future__ import annotations

import datetime as _dt

from penalty.errors import CaseError, Problem, RulebookError

MEANS = ("count", "any", "none")


def history_spec(rb) -> dict:
    """The rulebook's `history:` key as plain data ({} when it has none), its facts checked against the rulebook."""
    from penalty.decision.rules import written_keys
    spec = dict(written_keys(rb).get("history") or {})
    if not spec:
        return {}
    facts = {}
    for name, how in dict(spec.get("facts") or {}).items():
        how = dict(how)
        fact = rb.facts.get(name)
        means = how.get("means") or ("count" if fact is not None and fact.type == "integer" else "any")
        wanted = "integer" if means == "count" else "boolean"
        if fact is None or fact.type != wanted:
            raise RulebookError([Problem("decision.history.bad_fact", None, {
                "file": rb.file, "fact": name, "means": means, "type": wanted,
                "found": "-" if fact is None else fact.type})])
        months = int(how["within"].get("years", 0)) * 12 + int(how["within"].get("months", 0))
        facts[name] = {"of": how.get("of", "same_violation"), "months": months, "means": means,
                       "counts_this": bool(how.get("counts_this", False)), "within": dict(how["within"])}
    return {"kinds": dict(spec.get("kinds") or {}), "facts": facts}


def reference_day(data, today: _dt.date) -> tuple:
    """(the day the windows are counted back from, the key it came from)."""
    from penalty.engine.facts import DATE_FACT, coerce_value
    for key in ("act_date", "decision_date"):
        if isinstance(data, dict) and key in data:
            try:
                return coerce_value(DATE_FACT, data[key], 1), key
            except ValueError:
                break  # the case parser says what is wrong with it
    return today, "today"


def decided_on(entry) -> _dt.date:
    """The day a prior was decided: its case's `decision_date`, else the (UTC) day it was recorded."""
    value = entry.facts.get("decision_date") if isinstance(entry.facts, dict) else None
    try:
        return _dt.date.fromisoformat(str(value)) if value is not None else _dt.date.fromisoformat(entry.timestamp[:10])
    except ValueError:
        return _dt.date.fromisoformat(entry.timestamp[:10])


def _acts(data) -> list:
    """(index, violation id, the act's facts mapping) for each act of the case as written."""
    if not isinstance(data, dict):
        return []
    if "acts" in data and isinstance(data["acts"], list):
        return [(i, a.get("violation"), a.get("facts")) for i, a in enumerate(data["acts"]) if isinstance(a, dict)]
    return [(0, data.get("violation"), data.get("facts"))]


def look_up(rb, data, party: dict, entries, today: _dt.date, overrides: dict | None = None) -> dict:
    """The history section of a case: for each act and each fact the rulebook's `history:` fills, the value the
    register gives and the entries it came from. `entries`: the register's standing decisions (decided_cases)
    of this party; `overrides`: fact -> the officer's reason for keeping the case's own differing value."""
    from penalty.engine.facts import coerce_value, facts_read_by
    from penalty.rulebook.yamlsource import position_of
    from penalty.time.dates import period_last_day
    spec = history_spec(rb)
    overrides = {k: v.strip() for k, v in (overrides or {}).items() if v and v.strip()}
    day, day_from = reference_day(data, today)
    out = {"party_id": party.get("party_id"), "on": day.isoformat(), "on_from": day_from, "facts": [], "warnings": []}
    if not spec:
        return out
    if not party.get("party_id"):
        out["warnings"].append({"code": "decision.history.no_party", "args": {}})
        return out
    case_id = str(data.get("case_id")) if isinstance(data, dict) and data.get("case_id") is not None else None
    kinds, problems, used = spec["kinds"], [], set()
    for index, vid, facts in _acts(data):
        violation = next((v for v in rb.violations if v.id == vid), None)
        if violation is None:
            continue  # the case parser names the unknown violation
        read = set(facts_read_by(violation))
        for name, how in spec["facts"].items():
            if name not in read:
                continue
            same = [e for e in entries if e.case_id != case_id and (
                e.violation == vid if how["of"] == "same_violation"
                else kinds.get(vid) is not None and kinds.get(e.violation) == kinds.get(vid))]
            found = [e for e in same if decided_on(e) <= day <= period_last_day(decided_on(e), how["months"])]
            n = len(found) + (1 if how["counts_this"] else 0)
            value = n if how["means"] == "count" else (bool(found) if how["means"] == "any" else not found)
            row = {"act": index, "violation": vid, "fact": name, "label": dict(rb.facts[name].label or {}),
                   "of": how["of"], "kind": kinds.get(vid), "within": how["within"], "means": how["means"],
                   "value": value, "status": "filled", "given": None, "reason": None,
                   "entries": [{"seq": e.seq, "case_id": e.case_id, "violation": e.violation,
                                "date": decided_on(e).isoformat()} for e in found]}
            if isinstance(facts, dict) and name in facts:
                try:
                    given = coerce_value(rb.facts[name], facts[name], rb.unit.minor_units)
                except ValueError:
                    continue  # the case parser says what is wrong with the value
                row["given"] = given
                if given == value:
                    row["status"] = "confirmed"
                elif name in overrides:
                    row.update(status="overridden", reason=overrides[name])
                    used.add(name)
                else:
                    problems.append(Problem("decision.history.differs", position_of(facts, name), {
                        "fact": name, "given": given, "value": value,
                        "entries": ", ".join(f"{e['seq']} ({e['case_id']}, {e['date']})" for e in row["entries"]) or "-"}))
            out["facts"].append(row)
    for name in sorted(set(overrides) - used):
        problems.append(Problem("decision.history.override_unused", None, {"fact": name}))
    if problems:
        raise CaseError(problems)
    return out


def fill(data, section: dict) -> None:
    """Write the filled values into the case data (so that the stored case reproduces its result on replay) and
    the section under `history` (where they came from, and the officer's reasons for what was overridden)."""
    for row in section["facts"]:
        if row["status"] != "filled":
            continue
        act = data if "acts" not in data else data["acts"][row["act"]]
        if act.get("facts") is None:
            act["facts"] = {}
        if isinstance(act["facts"], dict):  # anything else is the case parser's to word
            act["facts"][row["fact"]] = row["value"]
    data["history"] = section


def from_register(rb, data, register, today: _dt.date, overrides: dict | None = None) -> dict | None:
    """Look the party up in the register at `register` (never created by looking) and fill the case data.
    None when the rulebook fills no fact from the history."""
    if not history_spec(rb):
        if overrides:
            raise CaseError([Problem("decision.history.override_unused", None, {"fact": sorted(overrides)[0]})])
        return None
    from penalty.audit.register import Register, decided_cases, resolve_path
    from penalty.party import check_party
    party = check_party(data)
    entries: list = []
    if party.get("party_id") and resolve_path(register).exists():
        with Register.open(register, create=False) as reg:
            entries = decided_cases(reg, party_id=party["party_id"])
    section = look_up(rb, data, party, entries, today, overrides)
    fill(data, section)
    return section


def read_overrides(values) -> dict:
    """`--history-reason FACT=TEXT`, repeated -> {fact: reason}."""
    out = {}
    for value in values or ():
        fact, sep, reason = value.partition("=")
        if not sep or not fact.strip() or not reason.strip():
            raise CaseError([Problem("decision.history.bad_reason", None, {"value": value})])
        out[fact.strip()] = reason.strip()
    return out
