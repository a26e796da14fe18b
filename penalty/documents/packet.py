"""The public-review packet (群众公议, after Hefei's practice of putting penalty cases before a citizens' panel): the
case with its party left out, the benchmark item and the cell the facts fall in, the lawful range, the proposed
penalty, similar decided cases from the register, and room for the panel's votes and opinion. The panel's outcome,
once recorded (`penalty panel record`), is shown beside the proposal: both amounts stay on the record."""
from __future__ import annotations

from penalty.documents import lookup
from penalty.documents.fields import benchmark_cell, say, text

SIMILAR_SHOWN = 10
SIMILAR_HEADER = ["登记簿序号", "适用情形", "裁量阶次", "处罚内容", "群众公议"]


def outcome_text(rb, decision: dict, panel: dict, lang: str = "zh") -> str:
    from penalty.money import format_amount
    votes = panel.get("votes") or {}
    return say("panel.outcome_line", lang, proposed=format_amount(decision.get("amount") or 0, rb.unit, lang),
               outcome=format_amount(panel.get("outcome") or 0, rb.unit, lang), yes=votes.get("for", 0),
               no=votes.get("against", 0), abstain=votes.get("abstain", 0), opinion=text(panel.get("opinion")) or "-")


def similar(reg, entry, cache: dict, lang: str = "zh") -> list:
    """Other decisions in force of the same benchmark item: the same cell first, then the newest; no case id or
    party (they could name the party of another case)."""
    from penalty.documents.fields import penalty_text
    here = benchmark_cell(entry.result["acts"][entry.facts["decision"].get("act") or 0], lang)
    found = []
    for other in reg.entries(violation=entry.violation) if entry.violation else ():
        if other.seq == entry.seq or lookup.kind_of(other) != "decision":
            continue
        later = lookup.followers(reg, other)
        if later["superseded_by"] is not None or later["revoked_by"] is not None:
            continue
        d = other.facts["decision"]
        act = other.result["acts"][d.get("act") or 0]
        rb = lookup.rulebook_of(reg, other, cache)
        cell = benchmark_cell(act, lang)
        panel = later["panel"][-1].facts["panel"] if later["panel"] else None
        found.append((cell != here, -other.seq, [str(other.seq), cell, text(act.get("grade_label"), lang),
                                                 penalty_text(rb, d, lang), outcome_text(rb, d, panel, lang) if panel else ""]))
    found.sort(key=lambda x: (x[0], x[1]))
    return [row for _, _, row in found[:SIMILAR_SHOWN]]


def packet_fields(reg, entry, rb, template: dict, provisions: dict, lang: str = "zh") -> dict:
    from penalty.documents.fields import decision_fields, facts_statement
    fields = decision_fields(entry, rb, template, provisions, "decision", lang)
    act = entry.result["acts"][entry.facts["decision"].get("act") or 0]
    # anonymised: the facts as the assessment read them, never the officer's free text (it may name the party)
    anonymous = {k: v for k, v in entry.facts.items() if k != "statement"}
    later = lookup.followers(reg, entry)
    panel = later["panel"][-1].facts["panel"] if later["panel"] else None
    hidden = say("panel.hidden", lang)
    from penalty.documents.fields import number
    year = fields["year"]
    fields = {k: _redact(v, entry.facts) for k, v in fields.items()}
    return {**fields, "party_name": hidden, "party_id": hidden, "party_address": hidden, "case_id": hidden,
            "evidence": hidden, "facts_statement": facts_statement(rb, anonymous, act, lang),
            "packet_number": number(template, "packet", entry.seq, int(year)),
            "panel_outcome": outcome_text(rb, entry.facts["decision"], panel, lang) if panel else ""}


def _redact(value: str, facts: dict) -> str:
    """The party's name and id masked wherever free text (a deviation note) repeats them."""
    from penalty.documents.mask import identity_number, person_name
    for secret, masked in ((str(facts.get("party_name") or "").strip(), person_name),
                           (str(facts.get("party_id") or "").strip(), identity_number)):
        if len(secret) >= 2 and isinstance(value, str):
            value = value.replace(secret, masked(secret))
    return value


def packet(reg, target: str, template=None, lang: str = "zh"):
    from penalty.documents import Document
    from penalty.documents.template import build, load
    tpl = load(template)
    entry = lookup.decision_entry(reg, target)
    cache: dict = {}
    rb = lookup.rulebook_of(reg, entry, cache)
    values = packet_fields(reg, entry, rb, tpl["template"], tpl["provisions"], lang)
    rows = similar(reg, entry, cache, lang)
    table = [SIMILAR_HEADER] + rows if rows else [[say("panel.no_similar", lang)]]
    return Document("packet", entry.seq, build(tpl["packet"], values, {"similar": table}), values,
                    tpl["template"].get("style") or {})
