"""Decision checks and procedure items as text in one language (the CLI prints these; nothing here prints)."""
from __future__ import annotations

from penalty.decision.messages import MESSAGES
from penalty.i18n import fill


def text(entry: dict, lang: str) -> str:
    """One {code, args[, why]} entry: a procedure item's grounds (`why`) are worded first and joined."""
    args = dict(entry.get("args") or {})
    if "why" in entry:
        sep = "；" if lang == "zh" else "; "
        args["why"] = sep.join(text(w, lang) for w in entry["why"])
    return fill(MESSAGES, entry["code"], lang, **args)


def section_lines(title_code: str, body: list, lang: str, md: bool) -> list:
    """A section as text lines: its heading, then each line an item (Markdown: `### ` and `- `)."""
    if not body:
        return []
    heading, mark = ("### ", "- ") if md else ("", "  ")
    return [heading + fill(MESSAGES, title_code, lang), *([""] if md else []), *(mark + line for line in body)]


def history_lines(section: dict | None, lang: str, md: bool = False) -> list:
    """当事人违法记录: each fact the register filled (or confirmed, or the officer overrode), with its entries."""
    if not section:
        return []
    from penalty.i18n import pick
    from penalty.time.dates import months_text
    body = []
    if section.get("party_id"):
        on_from = fill(MESSAGES, f"decision.history.on.{section['on_from']}", lang)
        body.append(fill(MESSAGES, "decision.history.party", lang, party_id=section["party_id"], on=section["on"],
                         on_from=on_from))
    sep = "；" if lang == "zh" else "; "
    for row in section["facts"]:
        entries = sep.join(fill(MESSAGES, "decision.history.entry", lang, **e) for e in row["entries"]) or \
            fill(MESSAGES, "decision.history.none", lang)
        months = row["within"].get("years", 0) * 12 + row["within"].get("months", 0)
        of = fill(MESSAGES, f"decision.history.{row['of']}", lang, kind=row.get("kind") or "-")
        body.append(fill(MESSAGES, f"decision.history.{row['status']}", lang, fact=row["fact"],
                         label=pick(row["label"], lang) if row["label"] else row["fact"], value=_shown(row["value"]),
                         given=_shown(row["given"]), of=of, within=months_text(months, lang), entries=entries,
                         reason=row["reason"] or ""))
    body += [text(w, lang) for w in section.get("warnings", ())]
    return section_lines("decision.history.title", body, lang, md)


def _shown(value) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def similar_lines(rb, groups, lang: str, md: bool = False) -> list:
    """类案参考: per act, the register's decided cases alike to it (count, median position, range, latest ids)."""
    if groups is None:
        return []
    from penalty.decision.similar import percent
    from penalty.i18n import pick
    body = []
    for g in groups:
        grade = next((pick(x.label, lang) for x in rb.grades if x.id == g["grade"] and x.label), g["grade"])
        args = {"violation": g["violation"], "model": g["model_key"] or fill(MESSAGES, "decision.similar.no_model", lang),
                "grade": grade}
        if not g["count"]:
            body.append(fill(MESSAGES, "decision.similar.none", lang, **args))
            continue
        amounts = g["amounts"] or {"low": None, "high": None}
        body.append(fill(MESSAGES, "decision.similar.group", lang, **args, n=g["count"],
                         median="-" if g["median_bp"] is None else percent(g["median_bp"]),
                         low=_money(amounts["low"], rb, lang), high=_money(amounts["high"], rb, lang),
                         recent=", ".join(f"{r['case_id']} (#{r['seq']})" for r in g["recent"])))
        if g["positioned"] < g["min_peers"]:
            body.append(fill(MESSAGES, "decision.similar.few", lang, min_peers=g["min_peers"]))
    return section_lines("decision.similar.title", body, lang, md)


def _money(minor, rb, lang: str) -> str:
    from penalty.money import format_amount
    return "-" if not isinstance(minor, int) else format_amount(minor, rb.unit, lang)


def procedure_lines(rb, case, result: dict, lang: str, md: bool = False) -> list:
    """The procedure the law attaches to a decision at the recommended amount and measures (hearing right, legal
    review, collective discussion, on-the-spot limits, deadlines: decision/procedure.py, the rules `penalty
    decide` enforces), for the officer to see before deciding. None for a case the engine gave no amount."""
    from penalty.decision import check_party, procedure, read_dates
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
