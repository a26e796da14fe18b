"""The procedure the law attaches to a decision at the recommended amount, as lines of the explanation: what
`penalty calc` shows (terminal and md memo) and the web page's memo, from one function."""
from __future__ import annotations


def procedure_lines(rb, case, result: dict, lang: str, md: bool = False) -> list:
    """The procedure the law attaches to a decision at the recommended amount and measures (hearing right, legal
    review, collective discussion, on-the-spot limits, deadlines: decision/procedure.py, the rules `penalty
    decide` enforces), for the officer to see before deciding. None for a case the engine gave no amount."""
    from penalty.decision import check_party, procedure, read_dates
    from penalty.decision.render import section_lines, text
    from penalty.errors import PenaltyError
    from penalty.money import UNBOUNDED
    acts = result.get("acts") or []
    amounts = [a.get("recommended") for a in acts]
    if case is None or not acts or any(not isinstance(x, int) or x is UNBOUNDED for x in amounts):
        return []
    raw = case.raw or {}
    try:
        party = check_party(raw)
        dates = {**case.dates, **read_dates(raw)}
    except PenaltyError:  # the case parser reports these itself; here they only mean no procedure to show
        return []
    measures = tuple(dict.fromkeys(m["id"] for a in acts for m in a.get("measures") or ()))
    proc = procedure(rb, sum(amounts), measures, party["party_type"], dates)
    marks = {"required": "■", "allowed": "○", "info": "·", "warning": "!"}
    return section_lines("decision.procedure_at_recommended",
                         [f"{marks[item['kind']]} " + text(item, lang) for item in proc["items"]], lang, md)
