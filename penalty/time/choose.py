"""Which version applies: Administrative Penalty Law art. 37 (从旧兼从轻), with art. 36 applied to each act.

The version in force when the act was done applies (for a continuing act, when it ended), unless the version in
force on the decision date is lighter for this case or no longer lists the violation.

"Lighter" is decided on the results, not the texts: compute the case under both versions (adjustments, limitation
and all) and compare the resulting ranges of the acts the decision applies, summed over the acts: the lower
maximum is lighter; with equal maxima, the lower minimum; with equal ranges neither is lighter and the act-time
version applies. A violation a version does not list gets no penalty under it (range 0 – 0); that is how a
removed violation wins, and why a violation added later cannot reach back to an earlier act.
"""
from __future__ import annotations

from dataclasses import dataclass

from penalty.engine.assess import ActResult, Assessment, assess, decide, rulebook_header
from penalty.engine.facts import parse_case
from penalty.errors import CaseError, Problem
from penalty.money import UNBOUNDED
from penalty.rulebook.yamlsource import Seq
from penalty.time import art37, limitation
from penalty.time.messages import ART36, ART37

DATE_KEYS = ("act_date", "act_end_date", "decision_date", "discovery_date")
NO_PENALTY_LABEL = {"zh": "不予处罚", "en": "no penalty"}


@dataclass(frozen=True)
class TimedAssessment(Assessment):
    """An Assessment that also says which version was chosen and why (`time`, canonical plain data)."""
    time: dict = None

    def to_json(self):
        out = super().to_json()
        out["time"] = self.time
        return out


@dataclass(frozen=True)
class Outcome:
    rulebook: object  # the version whose result is shown
    case: object  # the case as parsed under it (under the act-time version when the chosen one lacks the violation)
    assessment: Assessment  # a TimedAssessment when the case gives dates
    weighed: tuple = ()  # the rulebook versions the art. 37 choice compared (empty without dates)

    def __iter__(self):  # rb, case, result = assess_case_file(...)
        return iter((self.rulebook, self.case, self.assessment))


def assess_case_file(rulebook_path, case_path, named=None) -> Outcome:
    """`penalty calc` in one call: the versions beside `rulebook_path`, the case file, arts. 37 and 36."""
    from penalty.engine.facts import read_case_data
    from penalty.time.versions import load_versions
    data, name = read_case_data(case_path)
    if named is not None and (not isinstance(data, dict) or not any(k in data for k in DATE_KEYS)):
        # no dates, no choice to make: the other versions are not even read (start-up time)
        case = parse_case(data, named, name)
        return Outcome(named, case, assess(named, case))
    versions = load_versions(rulebook_path, named=named)
    return assess_in_time(versions, data, name, named=named)


def assess_in_time(versions, data, name: str = "<case>", named=None) -> Outcome:
    """Assess plain case data under the right version. Without dates: the named (or only, or latest) version."""
    if not isinstance(data, dict) or not any(k in data for k in DATE_KEYS):
        rb = named if named is not None else versions.versions[-1].rulebook
        case = parse_case(data, rb, name)
        return Outcome(rb, case, assess(rb, case))
    dates = _dates(data, versions, name)
    act_time = dates.get("act_end_date") or dates["act_date"]
    act_key = "act_end_date" if dates.get("act_end_date") else "act_date"
    act_v = versions.at(act_time, act_key, _key_pos(data, act_key))
    dec_date = dates.get("decision_date")
    dec_v = versions.at(dec_date, "decision_date", _key_pos(data, "decision_date")) if dec_date else None
    known = versions.violations()

    act_c = _Computation.of(act_v, data, name, known)
    dec_c = None
    if dec_v is not None and dec_v is not act_v:
        try:
            dec_c = _Computation.of(dec_v, data, name, known)
        except CaseError as exc:
            raise CaseError([Problem("time.under_version", None, {"version": dec_v.label, "file": dec_v.rulebook.file}),
                             *exc.problems]) from None

    checks = _limitation_checks(act_c, dec_c, dates)
    act_c = act_c.barred(checks)
    dec_c = dec_c.barred(checks) if dec_c is not None else None

    if act_c.unlisted and (dec_c is None or set(act_c.unlisted) & set(dec_c.unlisted)):
        # The benchmark in force at the act does not grade this violation, and no later one in play does:
        # refuse rather than call it "no penalty" (the statute was in force; only the benchmark is silent).
        missing = sorted(set(act_c.unlisted) & (set(dec_c.unlisted) if dec_c is not None else set(act_c.unlisted)))
        raise CaseError([Problem("time.not_listed_anywhere", _key_pos(data, act_key),
                                 {"violation": ", ".join(missing), "version": act_v.label,
                                  "decision": dec_v.label if dec_v is not None else "-"})])
    if dec_v is None:
        chosen, reason = act_c, "time.no_decision_date"
    elif dec_c is None:
        chosen, reason = act_c, "time.same_version"
    else:
        chosen, reason = _lighter(act_c, dec_c)
    time = {
        "article": ART37, "act_time": act_time, "act_time_from": act_key, "decision_date": dec_date,
        "versions": versions.to_json(),
        "act_version": act_v.to_json(), "decision_version": dec_v.to_json() if dec_v else None,
        "chosen": "decision" if chosen is dec_c else "act", "reason": reason,
        "computations": [c.summary(role, c is chosen) for role, c in (("act", act_c), ("decision", dec_c)) if c],
        "limitation": checks,
    }
    a = chosen.assessment
    result = TimedAssessment(a.rulebook, a.case_id, a.relation, a.acts, a.decision, a.engine, time=_plain(time))
    case = chosen.case if chosen.case is not None else act_c.case
    return Outcome(chosen.version.rulebook, case, result, tuple(v.rulebook for v in versions.versions))


def weight(assessment) -> tuple:
    """(total maximum, total minimum) of the applied acts: the measure of "lighter" (lower is lighter)."""
    high = low = 0
    for i in assessment.decision["applied"]:
        rng = assessment.acts[i].data["range"]
        high = UNBOUNDED if UNBOUNDED in (high, rng["high"]) else high + rng["high"]
        low = UNBOUNDED if UNBOUNDED in (low, rng["low"]) else low + rng["low"]
    return high, low


def _lighter(act_c, dec_c):
    (ah, al), (dh, dl) = act_c.weight, dec_c.weight
    version, reason = art37.choose(bool(act_c.unlisted), bool(dec_c.unlisted), ah, al, dh, dl)
    return (dec_c if version == art37.DECISION else act_c), reason


@dataclass(frozen=True)
class _Computation:
    version: object
    case: object  # Case, or None when the version lists none of the acts' violations
    assessment: Assessment
    unlisted: tuple  # violation ids this version does not list

    @classmethod
    def of(cls, version, data, name, known):
        rb = version.rulebook
        ids = {v.id for v in rb.violations}
        raw = data["acts"] if isinstance(data.get("acts"), list) else [data]
        keep, unlisted = [], []
        for i, act in enumerate(raw):
            vid = act.get("violation") if isinstance(act, dict) else None
            if vid is not None and str(vid) not in ids and str(vid) in known:
                unlisted.append((i, str(vid)))
            else:
                keep.append(i)
        case = None
        results = [None] * len(raw)
        relation = "separate" if "acts" in data else "single"
        if keep:
            case = parse_case(_subset(data, keep) if unlisted else data, rb, name)
            a = assess(rb, case)
            relation = a.relation
            for j, i in enumerate(keep):
                results[i] = a.acts[j]
        for i, vid in unlisted:
            results[i] = _not_listed(rb, known[vid], version)
        decision = decide(rb, relation, results)
        case_id = data.get("case_id")
        assessment = Assessment(rulebook_header(rb), None if case_id is None else str(case_id), relation,
                                tuple(results), decision)
        return cls(version, case, assessment, tuple(v for _, v in unlisted))

    @property
    def weight(self):
        return weight(self.assessment)

    def barred(self, checks):
        """The same computation with every time-barred act turned into no penalty (art. 36)."""
        if not any(c.get("expired") for c in checks):
            return self
        rb = self.version.rulebook
        acts = tuple(_no_penalty(rb, act.data, "limitation", check) if check.get("expired") else act
                     for act, check in zip(self.assessment.acts, checks))
        a = self.assessment
        return _Computation(self.version, self.case,
                            Assessment(a.rulebook, a.case_id, a.relation, acts, decide(rb, a.relation, acts)),
                            self.unlisted)

    def summary(self, role, chosen) -> dict:
        word = self.version.rulebook.unit.unbounded_id or "unbounded"
        high, low = (word if x is UNBOUNDED else x for x in self.weight)
        j = self.assessment.to_json()
        return {"role": role, "chosen": chosen, "version": self.version.to_json(),
                "weight": {"high": high, "low": low}, "unlisted": list(self.unlisted),
                "decision": j["decision"],
                "acts": [{k: act.get(k) for k in ("violation", "grade", "grade_kind", "range", "recommended",
                                                  "statutory", "matched", "time_override")}
                         for act in j["acts"]]}


def _limitation_checks(act_c, dec_c, dates) -> list:
    """Art. 36 per act, with the periods of the act-time version (or, when it declares none, the decision one's)."""
    out = []
    for i, act in enumerate(act_c.assessment.acts):
        source = act_c
        if act.violation in act_c.unlisted or act_c.version.rulebook.limitation is None:
            if dec_c is not None and act.violation not in dec_c.unlisted:
                source = dec_c
        if act.violation in source.unlisted:
            out.append({"checked": False, "reason": "time.not_listed", "article": ART36})
            continue
        src_act = source.assessment.acts[i]
        out.append({"violation": act.violation,
                    **limitation.check(source.version.rulebook, act.violation, src_act.data["facts"], dates)})
    return out


def _no_penalty_grade(rb):
    g = next((g for g in rb.grades if g.kind == "no_penalty"), None)
    return (g.id, g.label) if g is not None else ("no_penalty", NO_PENALTY_LABEL)


def _no_penalty(rb, data: dict, why: str, detail: dict) -> ActResult:
    gid, glabel = _no_penalty_grade(rb)
    out = dict(data)
    out.update(grade=gid, grade_label=glabel, grade_kind="no_penalty",
               range={"low": 0, "high": 0, "low_inclusive": True, "high_inclusive": True},
               recommended=0, amount_source="time", measures=[], alternatives=[],
               time_override={"reason": why, "grade_before": data.get("grade"),
                              "article": detail.get("article", ART36)},
               trace=[*data.get("trace", []), {"step": why, "cite": detail.get("article"), "data": _plain(detail)}])
    return ActResult(data["violation"], out)


def _not_listed(rb, violation, version) -> ActResult:
    """The act under a version that does not list its violation (`violation`: as another version defines it)."""
    gid, glabel = _no_penalty_grade(rb)
    vid = violation.id
    data = {"violation": vid, "title": violation.title, "facts": {},
            "citations": {"violated": violation.violated, "penalty_basis": violation.penalty_basis}, "statutory": {"form": None, "low": 0, "high": 0},
            "grade_before_adjustments": gid, "grade": gid, "grade_label": glabel, "grade_kind": "no_penalty",
            "matched": [], "adjustments": [], "range": {"low": 0, "high": 0, "low_inclusive": True, "high_inclusive": True},
            "recommended": 0, "amount_source": "time", "measures": [], "alternatives": [], "warnings": [],
            "time_override": {"reason": "not_listed", "version": version.label, "article": ART37},
            "trace": [{"step": "not_listed", "cite": ART37, "data": {"violation": vid, "version": version.label}}]}
    return ActResult(vid, data)


def _dates(data, versions, name) -> dict:
    """The case's dates, checked for order. A malformed date is reported by parse_case, with its position."""
    from penalty.engine.facts import DATE_FACT, coerce_value
    dates = {}
    for k in DATE_KEYS:
        if k in data and data[k] is not None:
            try:
                dates[k] = coerce_value(DATE_FACT, data[k], 1)
            except ValueError:
                parse_case(data, versions.versions[-1].rulebook, name)  # raises case.expects_date with the position
                raise
    if "act_date" not in dates:
        raise CaseError([Problem("time.no_act_date", getattr(data, "pos", None))])
    problems = []
    for earlier, later in (("act_date", "act_end_date"), ("act_date", "discovery_date"), ("act_date", "decision_date"),
                           ("discovery_date", "decision_date")):
        if earlier in dates and later in dates and dates[later] < dates[earlier]:
            problems.append(Problem("time.date_order", _key_pos(data, later),
                                    {"earlier": earlier, "later": later, "a": dates[earlier], "b": dates[later]}))
    if problems:
        raise CaseError(problems)
    return dates


def _key_pos(data, key):
    kp = getattr(data, "key_pos", None)
    return kp.get(key) if kp else None


def _subset(data, keep):
    """The case with only the acts a version lists, keeping source positions for error messages."""
    acts = data["acts"]
    sub = Seq(acts[i] for i in keep)
    item_pos = getattr(acts, "item_pos", None)
    sub.pos = getattr(acts, "pos", None)
    sub.item_pos = [item_pos[i] for i in keep] if item_pos else [None] * len(keep)
    out = type(data)(data)
    for attr in ("pos", "key_pos", "value_pos"):
        if hasattr(data, attr):
            setattr(out, attr, getattr(data, attr))
    out["acts"] = sub
    return out


def _plain(value):
    from penalty.canonical import to_plain
    return to_plain(value)
