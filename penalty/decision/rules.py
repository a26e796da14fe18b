"""The officer's decision checked against the assessment it rests on (分类控制法: the system keeps it lawful).

    from penalty.decision import decide
    d = decide(rb, result.to_json(), amount=3_000_000)   # minor units (fen)
    d.status        # within_band | alternative | deviation
    d.to_json()     # the checks made, each citing its ground

A decision that cannot be accepted raises DecisionRefused: a PenaltyError whose one problem's code names the rule
(decision.above_maximum, decision.needs_reason, …). The function is pure: it reads the rulebook and the result.
"""
from __future__ import annotations

from penalty.decision.amounts import band_label, inside, is_unbounded, money
from penalty.decision.messages import article as apl_article
from penalty.errors import PenaltyError, Problem
from penalty.i18n import LANGS
from penalty.record import Record

STATUSES = ("within_band", "alternative", "deviation")


class DecisionRefused(PenaltyError):
    """The decision would not be lawful under the rulebook and the result: nothing is to be recorded."""


class Decision(Record):
    status: str  # one of STATUSES
    amount: int  # minor units
    grade: str
    measures: tuple
    violation: str
    act: int  # the index of the decided act in the result
    band: dict  # the band the amount was checked against (the result's, or the alternative's)
    basis: object = None  # the article of the alternative it rests on, a label
    reason: str | None = None
    reason_label: object = None
    note: str | None = None
    checks: tuple = ()  # ({code, args}, …): what was checked, in order, each message citing its ground
    warnings: tuple = ()

    def to_json(self) -> dict:
        return {"status": self.status, "amount": self.amount, "grade": self.grade, "measures": list(self.measures),
                "violation": self.violation, "act": self.act, "band": self.band, "basis": self.basis,
                "reason": self.reason, "reason_label": self.reason_label, "note": self.note,
                "checks": [dict(c) for c in self.checks], "warnings": [dict(w) for w in self.warnings]}


def deviation_reasons(rb) -> dict:
    """The rulebook's own list of reasons for deciding outside the band: code -> label (empty when none)."""
    return dict(written_keys(rb).get("deviation_reasons") or {})


def written_keys(rb) -> dict:
    """The rulebook's own top-level keys as written (plain data), where the decision layer's keys live."""
    return dict(((rb.plain or {}).get("rulebook")) or {})


def allowed_measures(violation) -> set:
    """Every measure the rulebook can attach to the violation: always, by any grade, or by a cell or situation."""
    out = set(violation.measures_always)
    for ids in violation.measures_by_grade.values():
        out.update(ids)
    for _, ids in violation.measures_when:  # conditional ones; follow-ups wait for their later event
        out.update(ids)
    for a in violation.adjustments:  # those the law attaches to an adjustment (art. 30: 责令监护人加以管教)
        out.update(a.measures)
    model = violation.model
    parts = model.cells.values() if getattr(model, "kind", None) == "grid" else \
        model.items if getattr(model, "kind", None) == "situations" else ()
    for part in parts:
        out.update(part.measures or ())
        if part.grade is not None and all(f.warning for f in violation.statutory):
            out.add(part.grade)  # a warning cell's grade is also the measure 警告 (money_path.law_measures)
    return out


def decide(rb, result: dict, amount: int, *, grade: str | None = None, reason: str | None = None,
           note: str | None = None, measures=None, notified: int | None = None) -> Decision:
    """Check the officer's `amount` (minor units), grade, reason and measures against `result` (a result's JSON).
    `measures`: measure ids, or None for the result's own. `notified`: the fine notified to the party (art. 44),
    which the decision may not exceed (art. 45 ¶2)."""
    applied = result["decision"]["applied"]
    if len(applied) != 1:
        _refuse("decision.several_acts", n=len(applied))
    index = applied[0]
    act = result["acts"][index]
    unit = rb.unit
    chosen = tuple(m["id"] for m in act["measures"]) if measures is None else tuple(dict.fromkeys(measures))
    checks: list[dict] = []
    warnings: list[dict] = []
    checks.append(_check_measures(rb, act, chosen))
    warnings.extend({"code": "decision.measure_dropped", "args": {"measure": m["label"]}}
                    for m in act["measures"] if m["id"] not in chosen)
    if grade is not None and grade not in {g.id for g in rb.grades}:
        _refuse("decision.unknown_grade", grade=grade, known=", ".join(g.id for g in rb.grades))
    reasons = deviation_reasons(rb)
    if reason is not None and reason not in reasons:
        _unknown_reason(reason, reasons)
    if amount < 0:
        _refuse("decision.negative", value=money(amount, unit))

    statutory, article = act["statutory"], act["citations"].get("penalty_basis") or act["title"]
    args = {"amount": money(amount, unit), "band": band_label(act["range"], unit), "grade": act["grade_label"],
            "statutory": band_label(statutory, unit), "article": article}
    if rb.grade(act["grade"]).kind == "no_penalty" and amount != 0:
        _refuse("decision.no_penalty_result", **args)
    if not is_unbounded(statutory["high"]) and amount > statutory["high"]:
        _refuse("decision.above_maximum", high=money(statutory["high"], unit), **args)
    if notified is not None:
        notice = {**args, "notified": money(notified, unit), "article": apl_article(45, 2)}
        if amount > notified:
            _refuse("decision.above_notified", **notice)
        checks.append({"code": "decision.notified", "args": notice})

    common = dict(amount=amount, measures=chosen, violation=act["violation"], act=index, reason=reason,
                  reason_label=reasons.get(reason), note=note)
    if inside(amount, act["range"]):
        _check_grade(grade, act["grade"], args)
        checks.insert(0, {"code": "decision.within_band", "args": args})
        return Decision("within_band", grade=act["grade"], band=act["range"], checks=tuple(checks),
                        warnings=tuple(warnings), **common)
    for alt in act["alternatives"]:
        if inside(amount, alt["range"]):
            _check_grade(grade, alt["grade"], args)
            checks.insert(0, {"code": "decision.alternative",
                              "args": {**args, "article": alt["article"], "label": alt["label"],
                                       "band": band_label(alt["range"], unit)}})
            return Decision("alternative", grade=alt["grade"], band=alt["range"], basis=alt["article"],
                            checks=tuple(checks), warnings=tuple(warnings), **common)
    if is_unbounded(statutory["low"]) or amount < statutory["low"]:
        offered = {lang: "; ".join(f"{_plain(alt['label'], lang)} {_plain(band_label(alt['range'], unit), lang)}"
                                   for alt in act["alternatives"]) for lang in LANGS} if act["alternatives"] else ""
        _refuse("decision.below_minimum", low=money(statutory["low"], unit), suggestion=offered, **args)
    # inside the statutory range, outside every band the result offers: a deviation, only for a listed reason
    if not reasons:
        _refuse("decision.no_reasons", **args)
    if reason is None:
        _refuse("decision.needs_reason", codes=", ".join(sorted(reasons)), **args)
    if not (note or "").strip():
        _refuse("decision.needs_note", reason_code=reason)
    decided_grade = grade if grade is not None else act["grade"]
    if rb.grade(decided_grade).kind != "within_range":  # a deviation stays inside the range: an ordinary grade
        _refuse("decision.deviation_grade", given=decided_grade,
                known=", ".join(g.id for g in rb.grades if g.kind == "within_range"), **args)
    checks.insert(0, {"code": "decision.inside_statutory", "args": args})
    checks.insert(1, {"code": "decision.deviation", "args": {**args, "reason": reason, "reason_label": reasons[reason]}})
    return Decision("deviation", grade=decided_grade, band=act["range"], checks=tuple(checks),
                    warnings=tuple(warnings), **{**common, "note": (note or "").strip()})


def _check_measures(rb, act, chosen) -> dict:
    violation = rb.violation(act["violation"])
    allowed = allowed_measures(violation)
    for mid in chosen:
        if mid not in rb.measures:
            from penalty.rulebook.spec import did_you_mean
            _refuse("decision.unknown_measure", measure=mid, known=", ".join(sorted(rb.measures)),
                    suggestion=did_you_mean(mid, rb.measures))
        if mid not in allowed:
            _refuse("decision.measure_not_allowed", measure=rb.measures[mid]["label"], violation=act["title"],
                    allowed=", ".join(sorted(allowed)) or "-")
    if not chosen:
        return {"code": "decision.no_measures", "args": {}}
    labels = {lang: ("、" if lang == "zh" else ", ").join(_plain(rb.measures[m]["label"], lang) for m in chosen)
              for lang in LANGS}
    return {"code": "decision.measures_allowed", "args": {"measures": labels, "violation": act["title"]}}


def _check_grade(given, grade, args) -> None:
    if given is not None and given != grade:
        _refuse("decision.grade_mismatch", given=given, **{**args, "grade": grade})


def _unknown_reason(code, reasons) -> None:
    from penalty.rulebook.spec import did_you_mean
    _refuse("decision.unknown_reason", reason_code=code, codes=", ".join(sorted(reasons)) or "-",
            suggestion=did_you_mean(code, reasons))


def _refuse(rule: str, /, **args) -> None:
    raise DecisionRefused([Problem(rule, None, args)])


def _plain(label, lang: str = "zh") -> str:
    from penalty.i18n import pick
    return pick(label, lang)
