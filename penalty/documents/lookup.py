"""Finding what a document is made from in the register: a decision entry (by its number or its case id), the
entries that change, revoke or review it, and the rulebook it was decided under (the text stored with it).

Entry kinds (all ordinary register entries, so they are hash-chained and replayed like any other; a reader that
does not know a kind sees an assessment with one more key in its case):
- a decision: the stored case carries `decision:` (penalty decide --record);
- a panel outcome: the stored case carries `panel:` {of, votes, outcome, opinion, officer} (penalty panel record);
- a revocation: the stored case carries `revocation:` {of, reason, officer, date} (penalty publish --revoke).
Panel and revocation entries carry the case without its `decision` key, so they are never taken for a decision.
"""
from __future__ import annotations

from penalty.errors import Problem
from penalty.documents.template import DocumentError


def kind_of(entry) -> str:
    facts = entry.facts if isinstance(entry.facts, dict) else {}
    for kind in ("panel", "revocation", "decision"):
        if isinstance(facts.get(kind), dict):
            return kind
    return "assessment"


def decision_entry(reg, target: str):
    """The decision entry named by `target`: an entry number, or a case id (its latest decision)."""
    from penalty.audit.errors import RegisterError
    text = str(target).strip()
    if text.isdigit():
        try:
            entry = reg.get(int(text))
        except RegisterError:
            entry = None
        if entry is not None:
            if kind_of(entry) != "decision":
                raise DocumentError([Problem("document.not_a_decision", None, {"seq": entry.seq})])
            return entry
    found = [e for e in reg.entries(case_id=text) if kind_of(e) == "decision"]
    if not found:
        raise DocumentError([Problem("document.no_decision", None, {"target": text})])
    return found[-1]


def followers(reg, entry) -> dict:
    """What the register says after a decision: {"superseded_by": entry | None, "revoked_by": entry | None,
    "panel": [entries]} (a panel entry names the decision it reviewed; a change names the one it supersedes)."""
    out: dict = {"superseded_by": None, "revoked_by": None, "panel": []}
    for later in reg.entries(case_id=entry.case_id):
        if later.seq <= entry.seq:
            continue
        kind, facts = kind_of(later), later.facts
        if kind == "decision" and facts["decision"].get("supersedes") == entry.seq and out["superseded_by"] is None:
            out["superseded_by"] = later
        elif kind == "revocation" and facts["revocation"].get("of") == entry.seq and out["revoked_by"] is None:
            out["revoked_by"] = later
        elif kind == "panel" and facts["panel"].get("of") == entry.seq:
            out["panel"].append(later)
    return out


def rulebook_of(reg, entry, cache: dict | None = None):
    """The rulebook the entry was assessed under, loaded from the text the register stores with it."""
    from penalty.rulebook.load import load_bundle_versions
    key = entry.rulebook_fingerprint
    if cache is not None and key in cache:
        return cache[key]
    rb = load_bundle_versions(reg.rulebook_text(key), entry.rulebook_name)[0]
    if cache is not None:
        cache[key] = rb
    return rb


def append(reg, decision, kind: str, payload: dict, explanation: str, officer: str, signing_key=None):
    """Record a panel outcome or a revocation of `decision` as a new register entry: the decision's case without
    its `decision` key plus `kind: payload`, and the very assessment, rulebook and engine the decision rests on
    (so `penalty audit replay` reproduces it as it reproduces the decision)."""
    case = {k: v for k, v in decision.facts.items() if k != "decision"}
    return reg.record(case_id=decision.case_id, officer=officer, unit=decision.unit, facts={**case, kind: payload},
                      result=decision.result, explanation=explanation, engine_version=decision.engine_version,
                      rulebook_fingerprint=decision.rulebook_fingerprint, rulebook_name=decision.rulebook_name,
                      rulebook_text=reg.rulebook_text(decision.rulebook_fingerprint), violation=decision.violation,
                      signing_key=signing_key)
