"""What the API answers, as plain data, from the library's own functions. No HTTP here (api.py), no computing.

Each function mirrors a command: `rulebooks`, `violations`, the questions of `calc --interactive`, `calc --json`,
`calc --format md`, `check --json`, `catalogue`. Words come from penalty.explain, as the CLI's do, so that a range or an explanation step reads the same in a browser as in a terminal.
"""
from __future__ import annotations


from penalty.i18n import LANGS, pick


def both(label, fallback: str = "") -> dict:
    """A rulebook label (a string or {zh:, en:}) as {zh:, en:}, each falling back like the CLI does."""
    return {lang: pick(label, lang) or fallback for lang in LANGS}


def rulebooks(shelf) -> list:
    rows = []
    for rid, served in shelf.items.items():
        rb = served.rulebook
        rows.append({"id": rid, "rulebook_id": rb.id, "title": both(rb.title), "version": rb.version,
                     "languages": list(rb.languages), "unit": rb.unit.kind, "violations": len(rb.violations),
                     "fingerprint": rb.fingerprint,
                     "versions": [v.to_json() for v in served.versions.versions]})
    return rows


def violations(served, query: str, lang: str) -> list:
    """`penalty violations --grep`'s rows (explain.listing.matching), those whose id, titles or citations contain
    every word of `query`."""
    from penalty.explain.listing import matching, violation_row
    rb = served.rulebook
    return [violation_row(rb, v, lang) for v in matching(rb, query)]


def _model_facts(v) -> set:
    """The facts the violation's model (grid, situations, points) reads: what facts_read_by finds in it alone."""
    from penalty.engine.facts import facts_read_by
    from penalty.record import replace
    return set(facts_read_by(replace(v, statutory=(), adjustments=())))


def _read_by(v, name: str, model_facts: set) -> list:
    """Where the violation's rules read the fact, so a form can say which is needed on which statutory branch."""
    out = []
    for form in v.statutory:
        if form.when is not None and name in form.when.facts:
            out.append({"part": "statutory_switch", "condition": form.when.text})
        if form.of == name:
            out.append({"part": "statutory_base", "condition": form.when.text if form.when is not None else None})
    if name in model_facts:
        out.append({"part": "model", "kind": v.model.kind})
    for a in v.adjustments:
        if a.when is not None and name in a.when.facts:
            out.append({"part": "adjustment", "id": a.id, "mode": a.mode, "article": both(a.article)})
    return out


def facts(served, violation, lang: str) -> dict:
    """`penalty violations ID VIOLATION --json`'s rows (the questions of `calc --interactive`), each with what a
    form also needs: labels, unit and choices in both languages, the default in words, where the rules read it."""
    from penalty.explain.listing import fact_rows
    from penalty.explain.steps import fact_label, fact_value
    from penalty.engine.facts import type_label
    rb = served.rulebook
    model_facts = _model_facts(violation)
    rows = fact_rows(rb, violation)
    for row in rows:
        name = row["name"]
        fact = rb.facts[name]
        row.update({
            "type_label": type_label(fact.type),
            "label": {lg: fact_label(rb, name, lg) for lg in LANGS},
            "description": both(fact.description) if fact.description else None,
            "unit": both(fact.unit) if fact.unit else (both(rb.unit.label) if fact.type == "money" else None),
            "choices": [{"id": c["id"], "label": both(c["label"], c["id"])} for c in row["choices"]],
            "default_words": {lg: fact_value(rb, name, fact.default, lg) for lg in LANGS} if fact.default is not None else None,
            "read_by": _read_by(violation, name, model_facts),
        })
    return {"rulebook": served.id, "violation": violation.id, "title": both(violation.title),
            "penalty_basis": both(violation.penalty_basis), "violated": both(violation.violated), "facts": rows}


def memo(outcome, lang: str) -> str:
    """`penalty calc CASE --format md`: the memo for the case file (裁量说明)."""
    from penalty.explain.memo import markdown
    from penalty.decision.render import procedure_lines
    from penalty.explain.versions import time_markdown
    rb, data = outcome.rulebook, outcome.assessment.to_json()
    return markdown(rb, data, lang, time_markdown(rb, data, lang)
                    + "\n".join(procedure_lines(rb, outcome.case, data, lang, md=True)))


def explained(outcome, lang: str) -> dict:
    """The result as the terminal shows it, line by line, for the officer's page (plus the canonical result)."""
    from penalty.explain.memo import alternative, decision_line, header, measures_text, recommended_key, warning_lines
    from penalty.explain.steps import grade_label, range_text, recommended_text, steps, t
    from penalty.explain.versions import time_lines
    rb, data = outcome.rulebook, outcome.assessment.to_json()
    applied = set(data["decision"]["applied"])
    acts = []
    for i, act in enumerate(data["acts"]):
        cites = act["citations"]
        acts.append({
            "violation": act["violation"], "title": pick(act["title"], lang), "applied": i in applied,
            "grade": grade_label(rb, act["grade"], lang), "range": range_text(rb, act, lang),
            "recommended_label": t(recommended_key(rb), lang), "recommended": recommended_text(rb, act, lang),
            "measures": measures_text(rb, act, lang),
            "citations": [t(key, lang, cite=pick(cites[key], lang)) for key in ("violated", "penalty_basis") if cites.get(key)],
            "steps": [[depth, text] for depth, text in steps(rb, act, lang)],
            "alternatives": [alternative(rb, a, lang) for a in act["alternatives"]],
            "warnings": warning_lines(rb, act, lang),
        })
    labels = {key: t(key, lang) for key in ("result.violation", "result.grade", "result.range", "result.measures",
                                             "result.alternatives", "result.warnings", "explanation", "result.not_applied")}
    return {"ok": True, "header": header(rb, data, lang), "acts": acts, "decision": decision_line(rb, data, lang),
            "time": [[depth, text] for depth, text in time_lines(rb, data, lang)],
            "footer": t("fingerprint", lang, fp=data["rulebook"]["fingerprint"][:16], engine=data["engine"]),
            "labels": labels, "memo": memo(outcome, lang), "result": data}


def check(text: str, name: str, lang: str, fail_on: str) -> dict:
    """`penalty check --json` on posted text (includes: the bundled blocks only, never the server's disk)."""
    from penalty.authoring.check import check_text
    report = check_text(text, name, base_dir=None)
    return {"ok": not report.failed(fail_on), "files": [report.to_json(lang)]}


def catalogue(served, fmt: str, lang: str) -> tuple:
    """`penalty catalogue ID -f FMT`: (text, media type). Refused, as the CLI refuses, when check finds errors."""
    from penalty.errors import Problem
    from penalty.authoring import catalogue as K
    from penalty.authoring.check import check_rulebook
    from penalty.serve.shelf import RequestError
    rb = served.rulebook
    errors = [p for p in check_rulebook(rb) if p.severity == "error"]
    if errors:
        raise RequestError(errors + [Problem("serve.catalogue_refused", None, {"id": served.id})], 409)
    cat = K.build(rb, lang)
    if fmt == "md":
        return K.markdown(cat), "text/markdown; charset=utf-8"
    if fmt == "csv":
        return "\ufeff" + K.csv_text(cat, rb.unit), "text/csv; charset=utf-8"
    return K.html(cat, rb.fingerprint), "text/html; charset=utf-8"
