"""The procedure the Administrative Penalty Law attaches to a decision, each item citing its article.

    from penalty.decision import procedure
    procedure(rb, amount=3_000_000, measures=("order_correct",), party_type="organisation",
              dates={"filing_date": date(2026, 3, 2), "decision_date": ...})
    -> {"profile": …, "party_type": …, "items": [{code, kind, args}, …]}

`kind`: required (the law says the authority shall), allowed, info, or warning. Thresholds come from the
rulebook's jurisdiction profile (jurisdiction.py). Pure: no clock, no files (the holiday calendar is package data).
"""
from __future__ import annotations

import datetime as _dt
import math
from fractions import Fraction

from penalty.decision.amounts import money
from penalty.decision.messages import MESSAGES, article
from penalty.errors import CaseError, Problem

DATE_KEYS = ("filing_date", "notice_date")  # read here; decision_date is the engine's own
LATE_FEE_RATE = Fraction(3, 100)  # art. 72: 每日按罚款数额的百分之三
DECISION_DAYS = 90  # art. 60, calendar days
SERVE_WORKING_DAYS = 7  # art. 61
HEARING_REQUEST_WORKING_DAYS = 5  # art. 64 (一)
HEARING_NOTICE_WORKING_DAYS = 7  # art. 64 (二)


def read_dates(data) -> dict:
    """`filing_date` (立案) and `notice_date` (告知) of a case, as dates. Raises CaseError at the bad one."""
    from penalty.engine.facts import DATE_FACT, coerce_value
    from penalty.rulebook.yamlsource import position_of
    out, problems = {}, []
    for key in DATE_KEYS:
        if isinstance(data, dict) and key in data:
            try:
                out[key] = coerce_value(DATE_FACT, data[key], 1)
            except ValueError:
                problems.append(Problem("decision.bad_date", position_of(data, key), {"key": key, "value": data[key]}))
    if problems:
        raise CaseError(problems)
    return out


def read_notified(data, rb) -> int | None:
    """`notified_amount`: the fine the notice (告知, art. 44) named, in minor units, or None."""
    if not isinstance(data, dict) or "notified_amount" not in data:
        return None
    from penalty.money import to_minor
    from penalty.values import read_number
    from penalty.rulebook.yamlsource import position_of
    try:
        notified = to_minor(read_number(data["notified_amount"]), rb.unit.minor_units)
        if notified < 0:
            raise ValueError("negative")
        return notified
    except ValueError:
        raise CaseError([Problem("decision.bad_notified_amount", position_of(data, "notified_amount"),
                                 {"value": data["notified_amount"], "unit": rb.unit.label or ""})]) from None


def procedure(rb, amount: int, measures=(), party_type: str | None = None, dates: dict | None = None) -> dict:
    from penalty.decision.jurisdiction import profile as profile_of
    prof = profile_of(rb)
    dates = dates or {}
    items = []
    if party_type is None:  # the stricter (lower) thresholds: more procedure is never unlawful
        items.append(_item("warning", "decision.proc.party_unknown"))
    written = set((prof.get("written") or {}).get("hearing_measures") or ())
    for mid in sorted(written - set(rb.measures)):  # a typo would silently never carry the hearing right
        items.append(_item("warning", "decision.proc.unknown_hearing_measure", measure=mid,
                           known=", ".join(sorted(rb.measures))))
    party = party_type or "citizen"
    unit = rb.unit
    common = {"amount": money(amount, unit), "party": dict(MESSAGES[f"decision.party.{party}"]), "profile": prof["label"]}

    def reaches(key):
        threshold = prof[key][party]
        return amount >= threshold, {**common, "threshold": money(threshold, unit)}

    hearing_measures = [rb.measures[m]["label"] for m in measures if m in prof["hearing_measures"] and m in rb.measures]
    fine_hearing, fine_args = reaches("hearing_fine")
    why = [{"code": "decision.proc.hearing.fine", "args": fine_args}] if fine_hearing else []
    why += [{"code": "decision.proc.hearing.measure", "args": {"measure": label}} for label in hearing_measures]
    hearing = bool(why)
    if hearing:
        items.append(_item("required", "decision.proc.hearing", article=article(63), why=why))
    else:
        items.append(_item("info", "decision.proc.no_hearing", article=article(63), **fine_args))
    for key, code, number in (("legal_review_fine", "decision.proc.legal_review", 58),
                              ("collective_discussion_fine", "decision.proc.collective", 57)):
        reached, args = reaches(key)
        grounds = ([{"code": "decision.proc.threshold", "args": args}] if reached else []) + \
            [{"code": "decision.proc.hearing.measure", "args": {"measure": label}} for label in hearing_measures]
        if grounds:
            items.append(_item("required", code, article=article(number), why=grounds))
    limit = prof["on_the_spot_fine"][party]
    spot_args = {**common, "limit": money(limit, unit), "article": article(51)}
    if hearing_measures:  # art. 51 allows on the spot only a small fine or a warning
        items.append(_item("info", "decision.proc.no_on_the_spot_measure", article=article(51), measure=hearing_measures[0]))
    elif amount <= limit:
        items.append(_item("allowed", "decision.proc.on_the_spot", **spot_args))
    else:
        items.append(_item("info", "decision.proc.no_on_the_spot", **spot_args))
    if amount > 0:
        items.append(_late_fee(amount, unit))
    items.extend(_deadlines(dates, hearing))
    return {"profile": {"base": prof["base"], "label": prof["label"]}, "party_type": party_type, "hearing": hearing,
            "items": items}


def _late_fee(amount: int, unit) -> dict:
    from decimal import Decimal

    from penalty.money import Rounding
    # shown to the minor unit (fen); the accrued fee is the authority's to compute at payment, capped at the fine
    per_day = Rounding(1, "half_up").apply(Decimal(amount) * LATE_FEE_RATE.numerator / LATE_FEE_RATE.denominator)
    days = math.ceil(1 / LATE_FEE_RATE)  # the day the accrued 3 % a day first reaches the fine, where it stops
    return _item("info", "decision.proc.late_fee", article=article(72), per_day=money(per_day, unit),
                 cap=money(amount, unit), days=days)


def _deadlines(dates: dict, hearing: bool) -> list:
    from penalty.decision.workdays import add_working_days, coverage
    items = []
    first, last, version = coverage()

    def working(start, days, code, what, **args):
        end = add_working_days(start, days)
        if end is None:
            items.append(_item("warning", "decision.proc.calendar_gap", version=version, first=first, last=last,
                               what=what))
        else:
            items.append(_item("required", code, date=end.isoformat(), **args))

    filed, decided, notified = dates.get("filing_date"), dates.get("decision_date"), dates.get("notice_date")
    if filed is not None:
        by = filed + _dt.timedelta(days=DECISION_DAYS)
        items.append(_item("required", "decision.proc.decide_by", article=article(60), filed=filed.isoformat(),
                           date=by.isoformat()))
        if decided is not None and decided > by:
            items.append(_item("warning", "decision.proc.decided_late", decided=decided.isoformat(), date=by.isoformat()))
    else:
        items.append(_item("info", "decision.proc.no_filing_date", article=article(60)))
    if decided is not None:
        working(decided, SERVE_WORKING_DAYS, "decision.proc.serve_by", _what("serve_by"), article=article(61))
    else:
        items.append(_item("info", "decision.proc.serve_rule", article=article(61)))
    if hearing:
        if notified is not None:
            working(notified, HEARING_REQUEST_WORKING_DAYS, "decision.proc.hearing_request_by", _what("hearing_request"),
                    article=article(64), notified=notified.isoformat())
        else:
            items.append(_item("info", "decision.proc.hearing_request_rule", article=article(64)))
        items.append(_item("required", "decision.proc.hearing_notice", article=article(64)))
    items.append(_item("info", "decision.proc.working_days", article=article(85)))
    return items


def _what(key: str) -> dict:
    return {"serve_by": {"zh": "送达期限", "en": "the time to serve the decision"},
            "hearing_request": {"zh": "申请听证期限", "en": "the time to ask for a hearing"}}[key]


def _item(kind: str, code: str, why=None, **args) -> dict:
    out = {"kind": kind, "code": code, "args": args}
    if why is not None:
        out["why"] = why
    return out
