"""The fields a document template fills (docs/documents.md lists them), read from a recorded decision: the stored
case (party, facts and evidence as given, dates), its decision (amount, measures, reason) and the assessment it
rests on (the benchmark item, the cell, the trace), with the agency's data from template.yaml.

Every value taken from an input (the case, the rulebook) is made safe here once: control characters are written
out (penalty.safetext), so no renderer receives a character that could act on a terminal or break a document.
"""
from __future__ import annotations

import datetime as _dt
import re

from penalty.documents.messages import MESSAGES
from penalty.i18n import fill, pick
from penalty.safetext import printable

# "[my.yaml:128]": where the rulebook says it, useful in the case-file memo, noise in a document served on a party
_POSITION = re.compile(r" \[[^\[\]]*:\d+\]")


def text(value, lang: str = "zh", lines: bool = False) -> str:
    """One value from an input, as text safe to put in a document."""
    return printable(pick(value, lang) if isinstance(value, dict) else "" if value is None else str(value), keep_lines=lines)


def say(code: str, lang: str, **args) -> str:
    return fill(MESSAGES, code, lang, **args)


def day(value) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def date_text(value: _dt.date, lang: str) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if lang == "zh" else value.isoformat()


def document_date(entry, kind: str) -> _dt.date:
    """The date a document carries: the case's notice_date (告知书) or decision_date (决定书), else the day the
    decision was recorded."""
    facts = entry.facts
    wanted = day(facts.get("notice_date")) if kind == "notice" else day(facts.get("decision_date"))
    return wanted or _dt.date.fromisoformat(entry.timestamp[:10])


def number(template: dict, kind: str, seq: int, year: int) -> str:
    """The 文号 from the numbering pattern: {year} and {number} (the register entry, zero-padded)."""
    from penalty.documents.template import fill as fill_template
    numbering = template["numbering"]
    width = int(numbering.get("number_width") or 0)
    pattern = numbering.get(kind) or numbering.get("decision") or "{number}"
    agency = {k: text(v) for k, v in template["agency"].items()}
    return fill_template(pattern, {**agency, "year": year, "number": str(seq).zfill(width)})


def party_fields(facts: dict, lang: str) -> dict:
    party = (facts.get("decision") or {}).get("party") or {}
    party_type = party.get("party_type") or facts.get("party_type")
    id_kind = party.get("id_kind")
    not_given = say("document.not_given", lang)
    return {
        "party_name": text(facts.get("party_name")) or not_given,
        "party_address": text(facts.get("party_address")) or not_given,
        "party_type": say(f"document.party.{party_type}", lang) if party_type in ("citizen", "organisation") else not_given,
        "party_id_label": say(f"document.id.{id_kind}", lang) if id_kind in ("uscc", "id_card") else say("document.id.none", lang),
        "party_id": text(party.get("party_id") or facts.get("party_id")) or not_given,
    }


def benchmark_cell(act: dict, lang: str) -> str:
    """Which part of the benchmark the facts fall in: the grid cell (row × column), the situation, the tiers or
    the levels matched, as the trace records them."""
    parts = []
    for step in act["trace"]:
        kind, d = step["step"], step.get("data") or {}
        if kind == "cell":
            return f"{text(d.get('row_label'), lang) or d['row']} × {text(d.get('column_label'), lang) or d['column']}"
        if kind in ("situation", "tier") and d.get("chosen"):
            parts.append(text(d.get("label"), lang) or d.get("id", ""))
        elif kind == "level":
            parts.append(f"{text(d.get('factor_label'), lang)}：{text(d.get('label'), lang)}")
    return "；".join(p for p in parts if p) or text(act.get("grade_label"), lang)


def discretion(rb, act: dict, lang: str) -> str:
    """The 裁量说明 paragraph: every step of the trace, worded as the case-file memo words it, in one paragraph."""
    from penalty.explain.steps import steps
    out: list = []
    details: list = []
    for depth, line in steps(rb, act, lang):
        line = _POSITION.sub("", line)
        if depth == 0:
            if details:
                out[-1] += "（" + "；".join(details) + "）"
                details = []
            out.append(line)
        else:
            details.append(line)
    if details and out:
        out[-1] += "（" + "；".join(details) + "）"
    return text("；".join(f"{i}. {s}" for i, s in enumerate(out, 1)) + "。")


def facts_statement(rb, facts: dict, act: dict, lang: str) -> str:
    """The facts as the case states them (`statement`), else the facts the assessment read."""
    if facts.get("statement"):
        return text(facts["statement"], lang, lines=True)
    from penalty.authoring.words import fact_label, fact_value
    given: dict = next((s["data"]["facts"] for s in act["trace"] if s["step"] == "facts"), {})
    return "；".join(f"{fact_label(rb, k, lang)}：{fact_value(rb, k, v, lang)}" for k, v in given.items()) + "。"


def evidence(facts: dict, lang: str) -> str:
    items = facts.get("evidence")
    if isinstance(items, str):
        items = [items]
    if not isinstance(items, list) or not items:
        return say("document.not_given", lang)
    return "\n".join(f"{i}. {text(item, lang)}" for i, item in enumerate(items, 1))


def penalty_text(rb, decision: dict, lang: str) -> str:
    from penalty.money import format_amount
    sep = "；" if lang == "zh" else "; "
    parts = [text(rb.measures[m]["label"], lang) if m in rb.measures else text(m) for m in decision.get("measures") or ()]
    if decision.get("amount"):
        parts.append(say("document.fine", lang, amount=format_amount(decision["amount"], rb.unit, lang)))
    return sep.join(parts) or say("document.none", lang)


def decision_fields(entry, rb, template: dict, provisions: dict, kind: str = "decision", lang: str = "zh") -> dict:
    """Every field of a 告知书 / 决定书 for the decision in register entry `entry`."""
    from penalty.decision import procedure
    from penalty.decision.amounts import band_label
    from penalty.documents.template import fill as fill_template
    from penalty.money import format_amount
    facts, result = entry.facts, entry.result
    d = facts["decision"]
    act = result["acts"][d.get("act") or 0]
    when = document_date(entry, kind)
    cites = act["citations"]
    violated, basis = text(cites.get("violated"), lang), text(cites.get("penalty_basis"), lang)
    not_given = say("document.not_given", lang)
    statutory: dict = next((s["data"] for s in act["trace"] if s["step"] == "statutory"), {})
    agency = {k: text(v) for k, v in template["agency"].items()}
    fields = {
        **{k: v for k, v in agency.items() if k not in ("address", "phone")},
        "authority_address": agency.get("address", ""), "authority_phone": agency.get("phone", ""),
        "number": number(template, kind, entry.seq, when.year), "year": str(when.year), "seq": str(entry.seq),
        "date": date_text(when, lang), "case_id": text(entry.case_id), "officer": text(d.get("officer")),
        **party_fields(facts, lang),
        "facts_statement": facts_statement(rb, facts, act, lang), "evidence": evidence(facts, lang),
        "violation_title": text(act["title"], lang), "violation_id": text(act["violation"]),
        "violated": violated, "violated_text": text(provisions.get(pick(cites.get("violated"), "zh"))) or not_given,
        "penalty_basis": basis, "penalty_basis_text": text(provisions.get(pick(cites.get("penalty_basis"), "zh"))) or not_given,
        "statutory": text(statutory.get("label"), lang) or not_given,
        "benchmark": f"{text(rb.title, lang)}（{text(rb.version)}）",
        "benchmark_item": f"{text(act['title'], lang)}〔{text(act['violation'])}〕",
        "benchmark_cell": benchmark_cell(act, lang), "band": band_label(act["range"], rb.unit)[lang],
        "grade": text(act.get("grade_label"), lang), "discretion": discretion(rb, act, lang),
        "deviation": say("document.deviation", lang, reason=text(d.get("reason_label"), lang) or text(d.get("reason")),
                         note=text(d.get("note")) or "-") if d.get("reason") else "",
        "penalty": penalty_text(rb, d, lang), "amount": format_amount(d.get("amount") or 0, rb.unit, lang),
        "pay_days": agency.get("pay_days", ""),
    }
    proc = procedure(rb, d.get("amount") or 0, d.get("measures") or (), d.get("party", {}).get("party_type"),
                     {k: day(facts.get(k)) for k in ("filing_date", "notice_date", "decision_date") if day(facts.get(k))})
    texts = template.get("texts") or {}
    request_by = day(next((i["args"]["date"] for i in proc["items"] if i["code"] == "decision.proc.hearing_request_by"), None))
    fields["hearing_request_by"] = fill_template(texts.get("hearing_request_by", ""), {"date": date_text(request_by, lang)}) \
        if request_by is not None else ""
    fields["hearing"] = fill_template(texts.get("hearing", ""), fields) if proc["hearing"] else ""
    fields["hearing_done"] = fill_template(texts.get("hearing_done", ""), fields) if proc["hearing"] else ""
    return fields
