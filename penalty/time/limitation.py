"""Administrative Penalty Law art. 36: an act not discovered within the limitation period is not penalised.

The periods come from the rulebook's `limitation:` (two years by default in the APL; five where life, health or
financial safety is involved and harm was caused; other laws set others). The period runs from the act, or from
its end for a continuing act (`act_end_date`), and is counted as in penalty.time.dates. Discovery on the last day
of the period is in time; the day after is too late.
"""
from __future__ import annotations

from penalty.errors import CaseError, Problem
from penalty.time.dates import period_last_day
from penalty.time.messages import ART36


def rule_for(rulebook, violation_id: str):
    """The limitation rule that governs a violation: its own, else the rulebook's; None when none is declared."""
    lim = rulebook.limitation
    if lim is None:
        return None
    return lim.by_violation.get(violation_id, lim)


def check(rulebook, violation_id: str, facts: dict, dates: dict) -> dict:
    """Plain data: whether the act is time-barred, and every number that decided it.

    `dates`: act_date, act_end_date, discovery_date (datetime.date), as in Case.dates.
    Raises CaseError when the answer depends on a harm fact the case does not give.
    """
    rule = rule_for(rulebook, violation_id)
    act = dates.get("act_date")
    if rule is None:
        return {"checked": False, "reason": "time.limitation_none", "version": rulebook.version, "article": ART36}
    if act is None:
        return {"checked": False, "reason": "time.no_dates", "article": rule.article}
    start_from = "act_end_date" if dates.get("act_end_date") else "act_date"
    start = dates[start_from]
    found = dates.get("discovery_date")
    violation = rulebook.violation(violation_id)
    months, safety = rule.months, False
    if violation.touches_safety and rule.safety_months:
        harm = facts.get(rule.harm_fact) if rule.harm_fact else None
        if harm is True:
            months, safety = rule.safety_months, True
        elif harm is None and found is not None and \
                period_last_day(start, rule.months) < found <= period_last_day(start, rule.safety_months):
            raise CaseError([Problem("time.harm_unknown", None, {"fact": rule.harm_fact, "violation": violation_id})])
    last = period_last_day(start, months)
    out = {"checked": found is not None, "article": rule.article, "start": start, "start_from": start_from,
           "period_months": months, "safety": safety, "last_day": last, "version": rulebook.version}
    if found is None:
        out.update(reason="time.no_discovery_date")
        return out
    expired = found > last
    out.update(discovery_date=found, expired=expired, reason="time.expired" if expired else "time.in_time",
               days_late=(found - last).days if expired else 0)
    return out


def is_expired(rulebook, violation_id: str, facts: dict, dates: dict) -> bool:
    """Convenience for bulk users (review): True only when checked and past the period."""
    return bool(check(rulebook, violation_id, facts, dates).get("expired"))
