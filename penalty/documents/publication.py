"""The publication record (art. 48: 具有一定社会影响的行政处罚决定应当依法公开) of the decisions in the register, and
the withdrawal of one that was later changed or revoked (art. 48 ¶2: 三日内撤回 … 并公开说明理由; 三日 are working
days, art. 85, counted on the holiday calendar of penalty.decision.workdays).

A record shows a natural person masked (penalty.documents.mask); warning-only decisions are left out when the
template's publication rule says so (`omit_warning_only`). Nothing here writes: `write_csv` / `write_json` do.
"""
from __future__ import annotations

import datetime as _dt

from penalty.documents import lookup
from penalty.documents.fields import day, number, penalty_text, text

COLUMNS = ("记录类型", "决定书文号", "当事人", "当事人证件号码", "违法行为类型", "依据", "处罚内容", "机关", "日期",
           "撤回原因", "撤回期限")
WARNING_ONLY = {"warning"}


def _date_of(entry, key: str) -> _dt.date:
    return day((entry.facts or {}).get(key)) or _dt.date.fromisoformat(entry.timestamp[:10])


def _is_warning_only(rb, decision: dict) -> bool:
    """No fine, a warning (the measure `warning`, or a grade of kind warning: the rulebook's 警告 cell), and
    nothing else but orders to correct (measures marked `correction`: art. 28, not a penalty)."""
    if decision.get("amount"):
        return False
    warnings = WARNING_ONLY | {g.id for g in rb.grades if g.kind == "warning"}
    measures = set(decision.get("measures") or ())
    return bool(measures & warnings) and all(
        m in warnings or (rb.measures.get(m) or {}).get("correction") for m in measures)


def _record(reg, entry, template: dict, cache: dict, lang: str) -> dict:
    from penalty.documents.mask import party
    rb = lookup.rulebook_of(reg, entry, cache)
    d = entry.facts["decision"]
    act = entry.result["acts"][d.get("act") or 0]
    when = _date_of(entry, "decision_date")
    shown = party(entry.facts)
    return {"记录类型": "公示", "决定书文号": number(template, "decision", entry.seq, when.year),
            "当事人": text(shown["name"]), "当事人证件号码": text(shown["id"]),
            "违法行为类型": text(act["title"], lang), "依据": text(act["citations"].get("penalty_basis"), lang),
            "处罚内容": penalty_text(rb, d, lang), "机关": text(template["agency"].get("authority")),
            "日期": when.isoformat(), "撤回原因": "", "撤回期限": ""}


def _withdrawal(record: dict, later, kind: str, days: int, lang: str) -> dict:
    from penalty.decision.workdays import add_working_days
    from penalty.documents.fields import say
    if kind == "revoked":
        info = later.facts["revocation"]
        when = day(info.get("date")) or _date_of(later, "decision_date")
        reason = say("document.withdrawal_reason_revoked", lang, seq=later.seq, reason=text(info.get("reason")))
    else:  # the changing decision's own decision_date, else the day it was recorded
        when = _date_of(later, "decision_date")
        if when <= _dt.date.fromisoformat(record["日期"]):
            when = max(when, _dt.date.fromisoformat(later.timestamp[:10]))
        reason = say("document.withdrawal_reason_changed", lang, seq=later.seq,
                     reason=text(later.facts["decision"].get("change_reason")))
    by = add_working_days(when, days)
    return {**record, "记录类型": "撤回", "日期": when.isoformat(), "撤回原因": reason,
            "撤回期限": by.isoformat() if by is not None else say("publish.count_by_hand", lang)}


def publication(reg, template: dict, since: _dt.date | None = None, lang: str = "zh") -> dict:
    """{"records": [...], "withdrawals": [...], "omitted": n}: the decisions in force (recorded on or after
    `since`), and a withdrawal for each published decision changed or revoked on or after `since`."""
    rule = template.get("publication") or {}
    omit_warnings = bool(rule.get("omit_warning_only", True))
    days = int(rule.get("withdraw_working_days") or 3)
    records: list = []
    withdrawals: list = []
    omitted = 0
    cache: dict = {}
    for entry in reg.entries():
        if lookup.kind_of(entry) != "decision":
            continue
        later = lookup.followers(reg, entry)
        if omit_warnings and _is_warning_only(lookup.rulebook_of(reg, entry, cache), entry.facts["decision"]):
            omitted += 1  # never published, so nothing to withdraw either
            continue
        record = _record(reg, entry, template, cache, lang)
        replaced = later["revoked_by"] or later["superseded_by"]
        if replaced is None:
            if since is None or _date_of(entry, "decision_date") >= since:
                records.append(record)
            continue
        gone = _withdrawal(record, replaced, "revoked" if later["revoked_by"] is not None else "changed", days, lang)
        if since is None or _dt.date.fromisoformat(gone["日期"]) >= since:
            withdrawals.append(gone)
    return {"records": records, "withdrawals": withdrawals, "omitted": omitted}


def rows(published: dict) -> list:
    return published["records"] + published["withdrawals"]


def write_csv(published: dict, path) -> None:
    """CSV with a header row; every cell passes the review's formula guard (penalty.safetext.spreadsheet_cell)."""
    import csv
    from penalty.safetext import spreadsheet_cell
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:  # the BOM: Excel opens UTF-8 Chinese correctly
        out = csv.writer(fh)
        out.writerow(COLUMNS)
        for row in rows(published):
            out.writerow([spreadsheet_cell(row[c]) for c in COLUMNS])


def write_json(published: dict, path) -> None:
    from penalty import canonical
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(canonical.dumps({"records": published["records"], "withdrawals": published["withdrawals"],
                                  "omitted": published["omitted"]}, pretty=True) + "\n")
