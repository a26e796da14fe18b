"""The decisions recorded in the register (`penalty decide --record`) as review rows: the same frame of text
cells the case-file readers give (read.py), so that flags read the decided amount and the recorded reason from
the register as well as from case files (issue 15).

One row per decision in force: a recorded change supersedes the decision it names, and the decision a
revocation names is left out. The facts are those the decision's assessment used (the register's record of the
party included); the amount, grade and measures are the decision's; a deviation (逸脱) carries its reason code
as `deviation_reason`, a decision inside an alternative's band (a 减轻 ground) its article as
`mitigation_reason`. `_row` is the entry's number in the register.
"""
from __future__ import annotations

import polars as pl

from penalty.i18n import pick
from penalty.money import UNBOUNDED


def register_frame(path, rb) -> pl.DataFrame:
    """The decisions in force in the register at `path`, decided under rulebook `rb`'s id, as review rows."""
    from penalty.audit.register import Register
    from penalty.documents.lookup import kind_of
    rows = []
    with Register.open(path, create=False) as reg:
        entries = reg.entries()
    replaced = set()
    for e in entries:
        kind, facts = kind_of(e), e.facts
        if kind == "decision" and facts["decision"].get("supersedes") is not None:
            replaced.add(facts["decision"]["supersedes"])
        elif kind == "revocation":
            replaced.add(facts["revocation"].get("of"))
    for e in entries:
        if kind_of(e) != "decision" or e.seq in replaced or (e.result.get("rulebook") or {}).get("id") != rb.id:
            continue
        rows.append(_row(rb, e))
    names = ["_row", "case_id", "violation", "fine", "grade", "measures", "officer", "unit", "act_date",
             "act_end_date", "discovery_date", "decision_date", "mitigation_reason", "deviation_reason", *rb.facts]
    data = {n: [r.get(n) for r in rows] for n in names}
    return pl.DataFrame(data, schema={n: (pl.Int64 if n == "_row" else pl.String) for n in names})


def _row(rb, e) -> dict:
    d = e.facts["decision"]
    act = e.result["acts"][d.get("act") or 0]
    row = {"_row": e.seq, "case_id": e.case_id, "violation": act["violation"], "fine": _major(rb, d.get("amount")),
           "grade": d.get("grade"), "measures": "；".join(d.get("measures") or ()),
           "officer": d.get("officer") or e.officer, "unit": e.unit or None}
    for name in ("act_date", "act_end_date", "discovery_date", "decision_date"):
        value = e.facts.get(name)
        row[name] = None if value is None else str(value)
    if d.get("status") == "deviation":
        row["deviation_reason"] = d.get("reason")
    elif d.get("status") == "alternative":  # a 减轻 ground the result offered: the article it rests on
        row["mitigation_reason"] = pick(d.get("basis"), "zh") or d.get("reason") or "alternative"
    for name, value in (act.get("facts") or {}).items():
        if name in rb.facts:
            row[name] = _fact_text(rb, name, value)
    return row


def _major(rb, amount) -> str | None:
    """An amount in minor units (as the register keeps it) -> major units as a case file writes it."""
    if amount is None or amount is UNBOUNDED or isinstance(amount, str):
        return None if amount is None else str(amount)
    mu = rb.unit.minor_units
    whole, part = divmod(int(amount), mu)
    if not part:
        return str(whole)
    digits = len(str(mu)) - 1
    return f"{whole}.{str(part).zfill(digits).rstrip('0')}"


def _fact_text(rb, name, value):
    """A fact as the engine holds it -> the text a case file writes (money in major units, yes/no as words)."""
    if value is None:
        return None
    fact = rb.facts[name]
    if fact.type == "money" and isinstance(value, int) and not isinstance(value, bool):
        return _major(rb, value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
