"""Deciding a case from its plain data: what `penalty decide` and `POST /v1/decide` both run (one definition).

Read the party, assess the case as calc does (arts. 37 and 36 when the case gives dates), decide the officer's
amount against the result, and attach the procedure the law gives the decision.
"""
from __future__ import annotations

from penalty.errors import Problem


def parse_amount(rb, text) -> int:
    """The officer's amount as typed (in the rulebook's unit) -> minor units; a clear refusal otherwise."""
    from penalty.decision.rules import DecisionRefused
    from penalty.money import to_minor
    from penalty.values import read_number
    try:
        return to_minor(read_number(text), rb.unit.minor_units)
    except ValueError:
        raise DecisionRefused([Problem("decision.bad_amount", None, {"value": text, "unit": rb.unit.label or ""})]) from None


def assess_data(rb, rulebook_path, data, name: str):
    """Assess plain case data as `penalty calc` does: the other versions of the rulebook are read only when the
    case gives dates (art. 37), the limitation period checked (art. 36)."""
    from penalty.time.choose import DATE_KEYS, assess_in_time
    versions = None
    if isinstance(data, dict) and any(k in data for k in DATE_KEYS):
        from penalty.time.versions import load_versions
        versions = load_versions(rulebook_path, named=rb)
    return assess_in_time(versions, data, name, named=rb)


def decide_case_data(rb, versions, data, name: str, amount_text, notice: dict | None = None, **choice) -> tuple:
    """(the decide output as plain data, the time Outcome it rests on). `versions`: the rulebook's versions, or
    None when the case gives no dates (then no other version is read). `notice`: the notice the register holds
    for the case (`penalty notify`): the decision may not be heavier than it, nor than the case's own
    `notified_amount` (art. 45 para. 2)."""
    from penalty.decision import check_party, decide, procedure, read_dates, read_notified
    from penalty.time.choose import assess_in_time
    party = check_party(data)
    dates = read_dates(data)
    outcome = assess_in_time(versions, data, name, named=rb)
    rb, case, result = outcome
    result = result.to_json()
    notified = read_notified(data, rb)
    if notice is not None and isinstance(notice.get("amount"), int):
        notified = notice["amount"] if notified is None else min(notified, notice["amount"])
    decision = decide(rb, result, parse_amount(rb, amount_text), notified=notified, **choice)
    proc = procedure(rb, decision.amount, decision.measures, party["party_type"], {**case.dates, **dates})
    out = {"ok": True, "case_id": case.case_id, "party": party, "decision": decision.to_json(), "procedure": proc,
           "assessment": result}
    if notice is not None:
        out["notice"] = notice
    return out, outcome


def read_history(rb, data, register, history_reason):
    """The history section (当事人违法记录) with its facts filled into `data`, or None: no register to look in
    (`register` False) or a rulebook that fills no fact from it. `history_reason`: the officer's FACT=TEXT
    overrides (`--history-reason`, or the API's `history_reason` parameters)."""
    import datetime as _dt

    from penalty.decision.history import from_register, read_overrides
    overrides = read_overrides(history_reason)
    if register is False:
        if overrides:
            from penalty.errors import CaseError
            raise CaseError([Problem("decision.history.override_unused", None, {"fact": sorted(overrides)[0]})])
        return None
    return from_register(rb, data, register, _dt.date.today(), overrides)


def notice_of(register, case_id) -> dict | None:
    """The last notice `penalty notify` recorded for the case ({seq, amount, …}), or None (no register yet)."""
    from penalty.audit.register import Register, last_notice, resolve_path
    if not case_id or not resolve_path(register).exists():
        return None
    with Register.open(register, create=False) as reg:
        entry = last_notice(reg, str(case_id))
    return None if entry is None else {"seq": entry.seq, **entry.facts["notice"]}


def decide_on_register(rb, versions, data, name: str, amount_text, register=False, history_reason=None,
                       use_notice: bool = True, **choice) -> tuple:
    """`decide_case_data` with what the register knows (one definition, for `penalty decide`, `notify`,
    `calc --decide` and `POST /v1/decide`): the party's record fills the history facts (当事人违法记录), the
    case's last notice caps the decision (art. 45 para. 2), and the similar decided cases are listed (类案参考)
    with 偏离预警 when the amount sits far from them (the review's rule). `register`: its path, None for the
    default register, False for none looked up."""
    section = read_history(rb, data, register, history_reason)
    notice = None
    if register is not False and use_notice:  # a new notice (penalty notify) replaces the earlier one instead
        notice = notice_of(register, data.get("case_id") if isinstance(data, dict) else None)
    out, outcome = decide_case_data(rb, versions, data, name, amount_text, notice=notice, **choice)
    if section is not None:
        out = {**out, "history": section}
    if register is not False:
        from penalty.decision.similar import far_warning, from_register
        groups = from_register(register, out["assessment"], out["case_id"])
        act = out["assessment"]["acts"][out["decision"]["act"]]
        warning = far_warning(groups[0], out["decision"]["amount"], act) if groups else None
        if warning is not None:
            out["decision"]["warnings"].append(warning)
        out = {**out, "similar": groups}
    return out, outcome
