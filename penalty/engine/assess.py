"""The pipeline: facts -> fine form -> model (situations / grid / points) -> grade -> adjustments -> band in money
-> recommended amount -> rounding -> statutory clamp -> result. Pure: no I/O, no clock, no printing.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter
from typing import Any

from penalty.engine import fines, money_path
from penalty.engine.money_path import PYTHON
from penalty.engine.adjust import apply_adjustments, band_parts, moves_grade, tier_shift
from penalty.engine.trace import step as _step
from penalty.engine.trace import where
from penalty.errors import CaseError, Problem
from penalty.money import UNBOUNDED
from penalty.version import ENGINE


class ActResult:
    """The assessment of one violation.

    `head` answers at once: violation, grade, grade_kind, range, recommended, statutory. `data` (= `to_json()`)
    is the full canonical result with the explanation; it is built on first use and kept, so that bulk
    recomputation (review, replay) does not pay for explanations nobody reads.
    """
    __slots__ = ("violation", "_head", "_data", "_build")

    def __init__(self, violation: str, data: dict | None = None, *, head: dict | None = None, build=None):
        self.violation = violation
        self._data = data
        self._build = build
        self._head = head if head is not None else {k: data[k] for k in _HEAD if k in data}

    @property
    def head(self) -> dict:
        return self._head

    @property
    def data(self) -> dict:
        if self._data is None:
            self._data = self._build()
            self._build = None
        return self._data

    def __getitem__(self, key):
        return self.data[key]

    def to_json(self):
        return self.data

    def __repr__(self):
        return f"ActResult({self.violation!r}, grade={self._head.get('grade')!r})"


_HEAD = ("violation", "grade", "grade_kind", "range", "recommended", "statutory")


@dataclass(frozen=True)
class Assessment:
    rulebook: dict
    case_id: str | None
    relation: str
    acts: tuple
    decision: dict
    engine: str = ENGINE
    unbounded_possible: bool = True  # False when the rulebook has no open-ended amount: nothing to spell

    def __init__(self, rulebook, case_id, relation, acts, decision, engine=ENGINE, unbounded_possible=True):
        # the fields written at once: the generated __init__ of a frozen dataclass sets each through
        # object.__setattr__, which cost a fifth of assess()'s own time (dataclass keeps an __init__ written here)
        self.__dict__.update(rulebook=rulebook, case_id=case_id, relation=relation, acts=acts, decision=decision,
                             engine=engine, unbounded_possible=unbounded_possible)

    def to_json(self):
        """Plain JSON data; UNBOUNDED is spelt with the unit's word (e.g. "life")."""
        out = {"engine": self.engine, "rulebook": self.rulebook, "relation": self.relation,
               "acts": [a.to_json() for a in self.acts], "decision": self.decision}
        if self.case_id is not None:
            out["case_id"] = self.case_id
        if not self.unbounded_possible:
            return out
        return _spell_unbounded(out, self.rulebook["unit"]["unbounded"] or "unbounded")


def _spell_unbounded(value, word):
    if value is UNBOUNDED:
        return word
    if isinstance(value, dict):
        return {k: _spell_unbounded(v, word) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_spell_unbounded(v, word) for v in value]
    return value


def rulebook_header(rb) -> dict:
    return rb.cached("result_header", lambda: _header(rb))


def _header(rb) -> dict:
    return {"id": rb.id, "version": rb.version, "fingerprint": rb.fingerprint, "file": rb.file,
            "unit": {"kind": rb.unit.kind, "currency": rb.unit.currency, "minor_units": rb.unit.minor_units,
                     "unbounded": rb.unit.unbounded_id}}


def assess(rulebook, case) -> Assessment:
    """Assess every act of a case. Several acts: art. 29 (same act -> the higher fine applies) or separate."""
    results = tuple([assess_act(rulebook, act.violation, act.facts, act.given) for act in case.acts])
    header, unbounded_possible = rulebook.cached("assessment constants", lambda: (
        rulebook_header(rulebook), _unbounded_possible(rulebook)))
    return Assessment(header, case.case_id, case.relation, results, decide(rulebook, case.relation, results),
                      unbounded_possible=unbounded_possible)


def _unbounded_possible(rb) -> bool:
    """Whether any amount of this rulebook can be UNBOUNDED: a named top, a minimum-only fine, an open band."""
    if rb.unit.unbounded_id:
        return True
    for v in rb.violations:
        if any(f.high is UNBOUNDED for f in v.statutory):
            return True
        if v.split is not None and any(b is None for _, b in v.split.open_maximum.values()):
            return True
    return False


def decide(rulebook, relation: str, results) -> dict:
    if relation == "single":  # one act: it applies, and its amount is the total
        return {"applied": [0], "basis": "single", "total_recommended": results[0].head["recommended"]}
    if relation == "same_act":
        # Art. 29: one act breaking several provisions -> apply the provision with the higher fine:
        # compare the statutory maximum, then the recommended amount; ties keep rulebook order of the case.
        def weight(i):
            r = results[i].head
            return (r["statutory"]["high"], r["recommended"], -i)
        chosen = max(range(len(results)), key=weight)
        applied = [chosen]
        basis = "art29"
    else:
        applied = list(range(len(results)))
        basis = "separate"
    total = 0
    for i in applied:
        rec = results[i].head["recommended"]
        total = UNBOUNDED if rec is UNBOUNDED or total is UNBOUNDED else total + rec
    return {"applied": applied, "basis": basis, "total_recommended": total}


def _pick(items, facts, overlaps):
    """The first item whose condition holds, or the last one when overlaps: heaviest; None if none holds. The
    decision needs only that one: the others that hold are listed by `_matched` when the explanation is built."""
    for t in (reversed(items) if overlaps == "heaviest" else items):
        if t.when.fn(facts):
            return t
    return None


def _matched(items, facts):
    return [t for t in items if t.when.fn(facts)]


def _values(cond, facts):
    return {n: facts.get(n) for n in cond.facts}


def _match_step(kind, item, facts, extra=None):
    data = {"id": item.id, "label": item.label, "condition": item.when.text, "values": _values(item.when, facts)}
    if extra:
        data.update(extra)
    return _step(kind, where(item.pos), None, data)


class _Path:
    """What the decision took: enough to answer (grade, range, recommended) at once and to build the full
    explanation later, only when someone asks for it (bulk recomputation never does)."""
    __slots__ = ("form", "stat_low", "stat_high", "model_events", "matched_rules", "extra_measures", "warnings",
                 "model_grade", "model_band", "model_amount", "shall", "may", "grade_id", "rec_override",
                 "outcomes", "final", "points_band", "chosen")
    # filled in by _decide as it goes (declared so that a type checker knows the names)
    form: Any
    stat_low: Any
    stat_high: Any
    model_events: Any
    matched_rules: Any
    extra_measures: Any
    warnings: Any
    model_grade: Any
    model_band: Any
    model_amount: Any
    shall: Any
    may: Any
    grade_id: Any
    rec_override: Any
    outcomes: Any
    final: Any
    points_band: Any
    chosen: Any  # the table cell or tier whose band was taken (None without a table)


def assess_act(rb, violation_id: str, facts: dict, given=None) -> ActResult:
    """Assess one violation on normalised facts. `given`: the names the case stated (the rest are defaults)."""
    plan = _plan(rb, violation_id)
    v = plan.v
    p = _decide(rb, plan, facts)
    final = p.final
    head = {"violation": v.id, "grade": p.grade_id, "grade_kind": final["grade_kind"],
            "range": dict(final["range"]), "recommended": final["recommended"],
            "statutory": {"form": p.form.kind, "low": p.stat_low, "high": p.stat_high}}
    return ActResult(v.id, head=head, build=lambda: _explain(rb, v, facts, given, p, head))


FINITE_TYPES = ("boolean", "enum")  # facts with a finite set of values


class _Finite:
    """A choice that reads only boolean and enum facts (which tier of an axis, which adjustments apply) is a
    function of finitely many combinations of their values: it is looked up by those values, each
    combination worked out the first time it is seen (a truth table filled in as cases come). A choice that
    reads a number, or a case that leaves one of the facts unstated, is worked out as written."""
    __slots__ = ("values", "table")

    def __init__(self, rb, conditions):
        names = sorted({n for c in conditions if c is not None for n in c.facts})
        finite = names and all(rb.facts[n].type in FINITE_TYPES for n in names)
        self.values = itemgetter(*names) if finite else None
        self.table: dict = {}

    def __call__(self, facts, choose, *args):
        """choose(*args), by the values of the facts it reads."""
        if self.values is None:
            return choose(*args)
        try:
            key = self.values(facts)
        except KeyError:  # a fact not stated (no default): the conditions say what that means
            return choose(*args)
        try:
            return self.table[key]
        except KeyError:
            found = self.table[key] = choose(*args)
            return found


class _Plan:
    """What of a violation is a constant of the rulebook, worked out once: whether every statutory form is a
    fixed range, its choices by boolean and enum facts (`_Finite`), and the outcome of each key (statutory
    form, cell / situation / points sum, "shall" adjustments), as the review works out each key once."""
    __slots__ = ("v", "form", "fixed", "keyed", "switch", "adjustments", "axes", "outcomes", "points")

    def __init__(self, rb, v):
        self.v = v
        self.fixed = _fixed_ranges(v)
        m = v.model
        # what follows the model is a constant of the key: a fixed statutory range, and a model of amounts (not
        # multiples of a fact) or points on the statutory maximum
        self.keyed = self.fixed and (m is None or (m.kind == "points" and m.of == "statutory_max")
                                     or (m.kind != "points" and not m.relative))
        one = len(v.statutory) == 1 and v.statutory[0].when is None
        self.form = v.statutory[0] if one else None  # the statutory form, when there is no switch
        self.switch = _Finite(rb, [f.when for f in v.statutory])
        self.adjustments = _Finite(rb, [a.when for a in v.adjustments])
        tiers = () if m is None else (m.items,) if m.kind == "situations" else \
            (m.rows.tiers, m.columns.tiers) if m.kind == "grid" else tuple(f.levels for f in m.factors)
        self.axes = tuple(_Finite(rb, [t.when for t in axis]) for axis in tiers)
        self.outcomes: dict = {}  # key -> (model grade, grade, recommend override, outcomes, money)
        self.points: dict = {}  # (form, points sum) -> what the sum comes to, when its base is a constant


def _plan(rb, violation_id: str) -> _Plan:
    plans = rb.cached("violation plans", dict)
    plan = plans.get(violation_id)
    if plan is None:
        plan = plans[violation_id] = _Plan(rb, rb.violation(violation_id))
    return plan


def _decide(rb, plan: _Plan, facts: dict) -> _Path:
    v = plan.v
    p = _Path()
    p.warnings = []
    p.points_band = None
    p.chosen = None  # the table cell or tier that gave the band, if any
    # 1. the active statutory form (a switch picks the first branch whose condition holds)
    form = plan.form or plan.switch(facts, _branch, v.statutory, facts)
    if form is None:
        raise CaseError([Problem("engine.no_branch", None, {"violation": v.id,
                                                            "values": _values(v.statutory[0].when, facts)})])
    p.form = form
    p.stat_low, p.stat_high = stat_low, stat_high = fines.statutory_range(form, facts)

    # 2. the applicable adjustments (they read only facts): shall -> applied; may -> alternatives (computed when the
    # explanation is built)
    p.shall, p.may = plan.adjustments(facts, _applicable, v.adjustments, facts)
    shift = tier_shift(p.shall) if p.shall else 0

    # 3. the model. model_events: what matched, in order, for the explanation
    model_grade = model_band = model_amount = total = None
    events: list = []  # (kind, ...) tuples of different lengths per kind
    extra_measures: tuple = ()
    m = v.model
    axes, overlaps = plan.axes, rb.overlaps
    if m is not None and m.kind == "situations":
        chosen = axes[0](facts, _pick, m.items, facts, overlaps)
        if chosen is None:
            raise CaseError([Problem("engine.no_situation", None, {"violation": v.id,
                                                                   "values": _values_all(m.items, facts)})])
        events.append(("situations", chosen, m.items))
        if shift:
            moved_to = _shifted(m.items, chosen, shift)
            events.append(("tier_move", chosen, moved_to, None))
            chosen = moved_to
        if m.relative:  # bands that are multiples of a fact: their amounts on these facts
            chosen = fines.resolved_item(rb, v, chosen, facts)
        model_grade, model_band, extra_measures = chosen.grade, chosen.band, chosen.measures
        p.chosen = chosen
    elif m is not None and m.kind == "grid":
        row = axes[0](facts, _pick, m.rows.tiers, facts, overlaps)
        col = axes[1](facts, _pick, m.columns.tiers, facts, overlaps)
        for axis, tier in (("row", row), ("column", col)):
            if tier is None:
                tiers = m.rows.tiers if axis == "row" else m.columns.tiers
                raise CaseError([Problem("engine.no_tier", None, {"violation": v.id, "axis": axis,
                                                                  "values": _values_all(tiers, facts)})])
        cell = _cell(rb, v, m, row, col, facts)
        events.append(("grid", row, col, cell))
        if shift:
            moved_to = _shifted(m.rows.tiers, row, shift)
            cell = _cell(rb, v, m, moved_to, col, facts)
            events.append(("tier_move", row, moved_to, cell))
        model_grade, model_band, extra_measures = cell.grade, cell.band, cell.measures
        p.chosen = cell
    elif m is not None:  # points
        total = m.start
        levels = []
        for factor, pick_level in zip(m.factors, axes):
            level = pick_level(facts, _pick, factor.levels, facts, overlaps)
            if level is None:
                p.warnings.append({"code": "engine.no_level", "factor": factor.id})
                continue
            total += level.weight
            levels.append((factor, level))
        base = stat_high if m.of == "statutory_max" else facts[m.of]
        if base is UNBOUNDED:
            raise CaseError([Problem("engine.points_unbounded", None, {"violation": v.id})])
        constant = plan.fixed and m.of == "statutory_max"  # the base, and so the amount of each sum
        summed = plan.points.get((id(form), total)) if constant else None
        if summed is None:
            summed = _points_amounts(rb, m, total, base)
            if constant:
                plan.points[(id(form), total)] = summed
        percent, model_amount, band_pct, p.points_band = summed
        events.append(("points", levels, total, percent, base, model_amount, band_pct))
    p.model_events, p.extra_measures = events, extra_measures
    p.model_band, p.model_amount = model_band, model_amount
    if plan.keyed:
        # every input of what follows is then a constant of the rulebook (the statutory range, the cell or
        # situation or the points sum, the "shall" adjustments): worked out once per such key, as the review
        # does per key
        key = (id(form), id(p.chosen), total, *map(id, p.shall))
        known = plan.outcomes.get(key)
        if known is None:
            known = plan.outcomes[key] = _outcome(rb, v, p, model_grade)
    else:
        known = _outcome(rb, v, p, model_grade)
    p.model_grade, p.grade_id, p.rec_override, p.outcomes, p.final = known
    return p


def _branch(forms, facts):
    """The active statutory form: the first branch whose condition holds (one without a condition holds)."""
    for f in forms:
        if f.when is None or f.when.fn(facts):
            return f
    return None


def _applicable(adjustments, facts) -> tuple:
    """([shall], [may]) of the adjustments whose condition holds; the shall ones apply, each may one is offered
    as an alternative (computed when the explanation is built)."""
    applicable = [a for a in adjustments if a.when.fn(facts)]
    return [a for a in applicable if a.mode == "shall"], [a for a in applicable if a.mode == "may"]


def _points_amounts(rb, m, total, base) -> tuple:
    """What a points sum comes to on a base: (applied percent, amount, band percents or None, band or None)."""
    percent = m.percent(total)
    amount = money_path.share_of(PYTHON, base, percent, rb.rounding)
    band_pct = m.band_percents(total)
    band = None if band_pct is None else tuple(money_path.share_of(PYTHON, base, x, rb.rounding) for x in band_pct)
    return percent, amount, band_pct, band


def _outcome(rb, v, p: _Path, model_grade) -> tuple:
    """From the model's result to the money: the grade (a table band's, a points amount's or the default), the
    adjustments on it, then the money path. -> (model grade, grade, recommend override, outcomes, money)."""
    m, split, stat_low, stat_high = v.model, v.split, p.stat_low, p.stat_high
    model_band, model_amount = p.model_band, p.model_amount
    if m is not None and m.kind != "points" and model_band is not None and model_grade is None:
        # an explicit band: keep its amounts, and name the grade whose share holds its midpoint
        model_grade = _band_grade(rb, split, model_band, stat_low, stat_high)
    if m is not None and m.kind == "points":
        model_grade = money_path.grade_at(PYTHON, split, rb.grades, stat_low, stat_high,
                                          PYTHON.clamp(model_amount, stat_low, stat_high), stat_high is UNBOUNDED)
    if model_grade is None:
        model_grade = rb.default_grade or _first_within(rb)

    # 4. the adjustments on the grade and the band
    grade_id, rec_override, outcomes = apply_adjustments(model_grade, p.shall, rb.grades)
    final = _money(rb, v, split, grade_id, model_grade, model_band, (model_amount, p.points_band), stat_low,
                   stat_high, rec_override, moves_grade(outcomes), band_parts(outcomes), p.chosen)
    return model_grade, grade_id, rec_override, outcomes, final


def _cell(rb, v, m, row, col, facts):
    """The grid's cell at (row, column); in a grid of multiples of a fact, with its amounts on these facts."""
    cell = m.cells[(row.id, col.id)]
    return fines.resolved_item(rb, v, cell, facts) if m.relative else cell


def _shifted(tiers, tier, shift):
    """The tier `shift` places from `tier` in an axis ordered lightest to heaviest, kept at its ends."""
    i = next(k for k, t in enumerate(tiers) if t is tier)
    return tiers[max(0, min(len(tiers) - 1, i + shift))]


def _band_grade(rb, split, band, stat_low, stat_high):
    """The grade whose share holds a table band's midpoint: a function of the rulebook alone, worked out once."""
    mid = money_path.recommend_point(PYTHON, "midpoint", band.low, band.high) if band.low is not UNBOUNDED \
        else UNBOUNDED
    return money_path.grade_at(PYTHON, split, rb.grades, stat_low, stat_high, mid, stat_high is UNBOUNDED)


def _explain(rb, v, facts, given, p: _Path, head: dict) -> dict:
    """The full result: every step with its rule position and citation, alternatives, measures, warnings."""
    order = rb.fact_order
    stated_facts, defaults = {}, {}
    for n in sorted(facts, key=order.__getitem__):
        (stated_facts if given is None or n in given else defaults)[n] = facts[n]
    trace = [_step("facts", None, None, {"facts": stated_facts, "defaults": defaults})]
    form = p.form
    sdata = {"form": form.kind, "low": p.stat_low, "high": p.stat_high, "label": form.label}
    if form.when is not None:
        sdata.update(condition=form.when.text, values=_values(form.when, facts))
    if form.of:
        sdata.update(base=form.of, base_value=facts[form.of], factors=[form.low, form.high])
    trace.append(_step("statutory", where(form.pos), v.penalty_basis, sdata))

    matched_rules = []
    m = v.model
    for event in p.model_events:
        if event[0] == "situations":
            _, chosen, items = event
            for s in _matched(items, facts):
                trace.append(_match_step("situation", s, facts, {"chosen": s is chosen}))
            matched_rules.append({"kind": "situation", "id": chosen.id, "at": where(chosen.pos)})
        elif event[0] == "tier_move":
            _, before, after, cell = event
            trace.append(_step("tier_move", where(after.pos), None, {"from": before.id, "to": after.id,
                                                                     "from_label": before.label,
                                                                     "to_label": after.label}))
            kind = "situation" if cell is None else "row"
            matched_rules.append({"kind": kind, "id": after.id, "at": where(after.pos)})
            if cell is not None:
                matched_rules.append({"kind": "cell", "id": f"{after.id}×{cell.column}", "at": where(cell.pos)})
                trace.append(_step("cell", where(cell.pos), None, {
                    "row": after.id, "column": cell.column, "row_label": after.label,
                    "column_label": next(c.label for c in m.columns.tiers if c.id == cell.column),
                    "grade": cell.grade, "band": cell.band.to_json() if cell.band else None}))
        elif event[0] == "grid":
            _, row, col, cell = event
            for axis, tier, ax in (("row", row, m.rows), ("column", col, m.columns)):
                for t in _matched(ax.tiers, facts):
                    trace.append(_match_step("tier", t, facts, {"axis": axis, "chosen": t is tier,
                                                                 "axis_label": ax.label}))
            matched_rules += [{"kind": "row", "id": row.id, "at": where(row.pos)},
                              {"kind": "column", "id": col.id, "at": where(col.pos)},
                              {"kind": "cell", "id": f"{row.id}×{col.id}", "at": where(cell.pos)}]
            trace.append(_step("cell", where(cell.pos), None, {
                "row": row.id, "column": col.id, "row_label": row.label, "column_label": col.label,
                "grade": cell.grade, "band": cell.band.to_json() if cell.band else None}))
        else:
            _, levels, total, percent, base, amount, band_pct = event
            parts = []
            for factor, level in levels:
                parts.append({"factor": factor.id, "level": level.id, "weight": level.weight})
                trace.append(_match_step("level", level, facts, {"factor": factor.id, "factor_label": factor.label,
                                                                 "weight": level.weight}))
                matched_rules.append({"kind": "level", "id": level.id, "at": where(level.pos)})
            data = {"start": m.start, "parts": parts, "sum": total, "cap": m.cap, "capped": percent, "of": m.of,
                    "base": base, "amount": amount}
            if m.floor is not None:
                data["floor"] = m.floor
            if band_pct is not None:
                data.update(around=list(m.around), band_percent=list(band_pct), band=list(p.points_band))
            trace.append(_step("points", where(m.pos), None, data))
    trace.append(_step("grade", None, None, {"grade": p.model_grade, "label": rb.grade(p.model_grade).label,
                                            "from": m.kind if m is not None else "default"}))
    grade_id = p.grade_id
    for a, outcome in p.outcomes:
        trace.append(_step("adjustment", where(a.pos), a.article, {
            "id": a.id, "label": a.label, "mode": a.mode, "effect": a.effect, "value": a.value, "outcome": outcome,
            "condition": a.when.text, "values": _values(a.when, facts), "grade_after": grade_id}))

    final = p.final
    split = v.split
    grade = rb.grade(grade_id)
    x = final["_why"]
    trace.append(_step("split", where(split.pos) if split and x["source"] == "split" else None, None, {
        "source": x["source"], "grade": grade_id,
        "method": ("geometric" if fines.uses_geometric(split, p.stat_low, p.stat_high) else "linear") if split else None,
        "share": _share(split, grade), "low": x["low"], "high": x["high"], "recommend": x["how"],
        **({"parts": [[e, list(v)] for e, v in x["parts"]]} if x["parts"] else {})}))
    rec_raw = x["rec_raw"]
    trace.append(_step("rounding", None, None, {"step": rb.rounding.step, "mode": rb.rounding.mode,
                                               "recommended_raw": rec_raw if rec_raw is UNBOUNDED else Decimal(rec_raw),
                                               "recommended": x["rec"]}))
    warnings = list(p.warnings)
    if x["note"]:
        warnings.append({"code": x["note"], "grade": grade_id})
    if x["clamped"]:
        before, bounds = x["clamped"]
        warnings.append({"code": "engine.clamped", "before": {"low": before[0], "high": before[1], "recommended": before[2]},
                         "bounds": {"low": bounds[0], "high": bounds[1]}})
        trace.append(_step("clamp", None, v.penalty_basis, {"before": list(before), "after": [
            final["range"]["low"], final["range"]["high"], x["rec_clamped"]], "bounds": list(bounds)}))

    alternatives = []
    for a in p.may:
        alt_grade, alt_rec, alt_outcomes = apply_adjustments(p.model_grade, [*p.shall, a], rb.grades)
        alt = _money(rb, v, split, alt_grade, p.model_grade, p.model_band, (p.model_amount, p.points_band),
                     p.stat_low, p.stat_high, alt_rec, moves_grade(alt_outcomes), band_parts(alt_outcomes), p.chosen)
        alternatives.append({"adjustment": a.id, "label": a.label, "article": a.article, "at": where(a.pos),
                             "condition": a.when.text, "values": _values(a.when, facts), "grade": alt_grade,
                             "grade_label": rb.grade(alt_grade).label, "range": alt["range"],
                             "recommended": alt["recommended"], "amount_source": alt["amount_source"]})

    # measures: always + by grade + the matched cell's or situation's own, then the conditional ones (with their
    # condition); follow-up measures (逾期不改正的 …) depend on a later event, so shown with it and never applied
    measures = []
    for mid, cond in money_path.measures(v, grade_id, grade.kind, p.extra_measures, lambda c: c.fn(facts)):
        item = {"id": mid, "label": rb.measures[mid]["label"]}
        if cond is not None:
            item.update(condition=cond.text, values=_values(cond, facts))
        measures.append(item)
    for mid, basis in money_path.law_measures(rb, v, grade_id, grade.kind, p.extra_measures, p.shall,
                                              [y["id"] for y in measures]):  # arts. 28, 30
        measures.append({"id": mid, "label": rb.measures[mid]["label"], "basis": basis})
    trace.append(_step("measures", None, None, {"measures": [y["id"] for y in measures]}))
    follow_up = {"follow_up": [{"if": text, "measures": [{"id": mid, "label": rb.measures[mid]["label"]} for mid in ids]}
                               for text, ids in v.measures_follow_up]} if v.measures_follow_up else {}

    return {
        **head,
        "title": v.title,
        "citations": {"violated": v.violated, "penalty_basis": v.penalty_basis},
        "facts": facts,
        "grade_before_adjustments": p.model_grade,
        "grade_label": grade.label,
        "matched": matched_rules,
        "adjustments": [{"id": a.id, "outcome": o, "article": a.article, "at": where(a.pos)} for a, o in p.outcomes],
        "amount_source": final["amount_source"],
        "measures": measures, **follow_up, "alternatives": alternatives, "warnings": warnings,
        "trace": trace,
    }


def _values_all(items, facts):
    names = []
    for it in items:
        for n in it.when.facts:
            if n not in names:
                names.append(n)
    return {n: facts.get(n) for n in names}


def _first_within(rb):
    return next(g.id for g in rb.grades if g.kind == "within_range")


def _money(rb, v, split, grade_id, model_grade, model_band, points, stat_low, stat_high, rec_override,
           moved=False, parts=(), chosen=None) -> dict:
    """Grade -> {range, recommended, amount_source} by the money path (money_path.money, written once, run here
    on plain values). `_why` keeps what the explanation shows (the band before the clamp, the raw point, notes).
    `points` is (amount, band or None) of a weighted-points model."""
    model_amount, points_band = points

    def run():
        return money_path.money(
            PYTHON, rb, v, rb.grade(grade_id), same_as_model=grade_id == model_grade, band=model_band,
            points=None if model_amount is None else (model_amount, *(points_band or (model_amount, model_amount))),
            rec_override=rec_override, moved=moved, parts=parts, chosen=chosen, stat_low=stat_low,
            stat_high=stat_high, open_high=stat_high is UNBOUNDED)
    if model_amount is None and rb.cached(("fixed ranges", v.id), lambda: _fixed_ranges(v)):
        # every input is then a constant of the rulebook (the cell, the grade, the adjustments' outcome, a
        # fixed statutory range): the money path is worked out once per such key, as the review does
        r = rb.cached(("money", v.id, grade_id, model_grade, id(chosen), rec_override, moved, parts, stat_low,
                       stat_high), run)
    else:
        r = run()
    before, after = (r.low, r.high, r.rec), (r.range_low, r.range_high, r.rec_clamped)
    why = {"source": r.source, "how": r.how, "low": r.low, "high": r.high, "rec_raw": r.rec_raw, "rec": r.rec,
           "note": r.note, "clamped": None if after == before else (before, r.bounds), "parts": parts,
           "rec_clamped": r.rec_clamped}
    return {"range": {"low": r.range_low, "high": r.range_high, "low_inclusive": r.low_inclusive,
                      "high_inclusive": r.high_inclusive},
            "recommended": r.recommended, "amount_source": r.source, "_why": why,
            "grade_kind": rb.grade(grade_id).kind}


def _fixed_ranges(v) -> bool:
    """Whether every statutory form of the violation is a fixed range (no multiple or percentage of a fact)."""
    return all(f.kind in money_path.FIXED_FORMS for f in v.statutory)


def _share(split, grade):
    if split is None:
        return None
    if grade.kind == "below_minimum":
        return list(split.below_minimum)
    s = split.shares.get(grade.id)
    return list(s) if s else None
