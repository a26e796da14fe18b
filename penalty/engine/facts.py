"""Case facts: read, checked against the rulebook's declarations, and normalised to exact values.

Normalised domains: money -> int minor units; number -> Decimal; integer -> int; boolean -> bool;
enum -> the value id; date -> datetime.date. A case that does not fit raises CaseError naming each fact.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from penalty.errors import CaseError, Problem
from penalty.rulebook.model import is_relative
from penalty.rulebook.spec import did_you_mean
from penalty.values import layer_code, read_value

MAX_CASE_BYTES = 5 * 1024 * 1024
MAX_ACTS = 100
MAX_UNKNOWN_SHOWN = 20  # unknown facts or keys named one by one (each with a did-you-mean); the rest are counted
CASE_KEYS = ("case_id", "violation", "facts", "acts", "relation", "act_date", "act_end_date", "decision_date",
             "discovery_date", "officer", "unit", "notes",
             # read by the decision layer (penalty/decision), not by the engine: who the party is, 立案 and 告知
             "party_type", "party_id", "filing_date", "notice_date", "notified_amount",
             "decision",  # the decision `penalty decide --record` stores with the case (docs/decision.md)
             "history",  # where the facts the register filled came from (penalty/decision/history.py)
             "notice",  # the intended penalty `penalty notify` records as notified to the party (art. 44)
             # read by the documents layer (penalty/documents, docs/documents.md): the party's name and address, the
             # facts and evidence as the officer states them, and the register entry kinds `panel` and `revocation`
             "party_name", "party_address", "statement", "evidence", "panel", "revocation")
ACT_KEYS = ("violation", "facts", "id")


@dataclass(frozen=True)
class Act:
    violation: str
    facts: dict  # name -> normalised value: the given facts plus defaults of the facts this violation reads
    given: tuple  # names the case gave
    pos: object = None


@dataclass(frozen=True)
class Case:
    case_id: str | None
    acts: tuple
    relation: str  # single | same_act | separate
    dates: dict  # act_date, act_end_date, decision_date, discovery_date (datetime.date), when given
    meta: dict  # officer, unit, notes
    raw: dict = None  # the case as written (plain data): what a register stores, to be parsed again on replay

    def to_json(self):
        out = {"relation": self.relation,
               "acts": [{"violation": a.violation, "facts": a.facts} for a in self.acts]}
        if self.case_id is not None:
            out["case_id"] = self.case_id
        out.update({k: v for k, v in self.dates.items()})
        return out


def coerce_value(fact, value, minor_units: int, currency: str | None = None):
    """One value -> the fact's exact domain, by the one set of rules (penalty.values).
    Raises ValueError(message code of this layer: case.* or number.*)."""
    try:
        return read_value(fact.type, value, minor_units, getattr(fact, "values", None), currency)
    except ValueError as exc:
        raise ValueError(layer_code(str(exc), "case")) from None


def _in_bounds(fact, v) -> str | None:
    if fact.min is not None and v < fact.min:
        return "case.below_min"
    if fact.max is not None and v > fact.max:
        return "case.above_max"
    return None


def facts_read_by(violation) -> list[str]:
    """Every fact a violation's rules read: statutory branches and bases, model tiers, adjustments."""
    out: list[str] = []

    def add(names):
        for n in names:
            if n not in out:
                out.append(n)
    for form in violation.statutory:
        if form.when:
            add(form.when.facts)
        if form.of:
            add([form.of])
    m = violation.model
    if m is not None:
        if m.kind == "grid":
            for t in (*m.rows.tiers, *m.columns.tiers):
                add(t.when.facts)
            add(b.of for b in (c.band for c in m.cells.values()) if is_relative(b))
        elif m.kind == "situations":
            for s in m.items:
                add(s.when.facts)
            add(s.band.of for s in m.items if is_relative(s.band))
        else:
            for f in m.factors:
                for lv in f.levels:
                    add(lv.when.facts)
            if m.of != "statutory_max":
                add([m.of])
    for a in violation.adjustments:
        if a.when:
            add(a.when.facts)
    for cond, _ in violation.measures_when:
        if cond is not None:
            add(cond.facts)
    return out


def _pos(container, key):
    from penalty.rulebook.yamlsource import position_of
    return position_of(container, key)


def parse_case(data, rulebook, name: str = "<case>") -> Case:
    """Plain data (from YAML, JSON or a form) -> Case. Collects every problem, then raises CaseError."""
    from penalty.rulebook.yamlsource import Pos
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise CaseError([Problem("case.not_mapping", Pos(name, 1, 1))])
    top_pos = getattr(data, "pos", None)
    _unknown_keys(data, CASE_KEYS, problems)
    if "acts" in data and ("violation" in data or "facts" in data):
        problems.append(Problem("case.acts_and_violation", top_pos))
    if "acts" in data:
        raw_acts = data["acts"]
        if not isinstance(raw_acts, list) or not raw_acts:
            problems.append(Problem("case.acts_list", _pos(data, "acts")))
            raw_acts = []
        if len(raw_acts) > MAX_ACTS:
            problems.append(Problem("case.too_many_acts", _pos(data, "acts"), {"limit": MAX_ACTS}))
            raw_acts = []
        relation = data.get("relation", "separate")
        if relation not in ("same_act", "separate"):
            problems.append(Problem("case.bad_relation", _pos(data, "relation"), {"value": relation}))
        acts_src = [(a, _pos(raw_acts, i)) for i, a in enumerate(raw_acts)]
    else:
        relation = "single"
        if "violation" not in data:
            problems.append(Problem("case.no_violation", top_pos,
                                    {"known": ", ".join(v.id for v in rulebook.violations)}))
            raise CaseError(problems)
        acts_src = [(data, top_pos)]
    acts = []
    for raw, pos in acts_src:
        act = _parse_act(raw, pos, rulebook, problems, is_top=relation == "single")
        if act is not None:
            acts.append(act)
    dates = {}
    for key in ("act_date", "act_end_date", "decision_date", "discovery_date"):
        if key in data:
            try:
                dates[key] = coerce_value(DATE_FACT, data[key], 1)
            except ValueError:
                problems.append(Problem("case.expects_date", _pos(data, key), {"fact": key, "value": data[key]}))
    if relation == "same_act":
        _same_act_facts_agree(acts, problems)
    if "party_id" in data or "party_type" in data:  # checked by the id's own standard wherever a case is read
        from penalty.party import party_problems
        problems.extend(party_problems(data))
    case_id = data.get("case_id")
    if problems:
        raise CaseError(problems)
    meta = {k: str(data[k]) for k in ("officer", "unit", "notes") if k in data}
    from penalty.canonical import to_plain
    return Case(None if case_id is None else str(case_id), tuple(acts), relation, dates, meta, to_plain(data))


class _DateFact:
    """What coerce_value needs to read a case's own dates (act_date, ...) the way it reads a date fact."""
    type = "date"


DATE_FACT = _DateFact()


def _same_act_facts_agree(acts, problems) -> None:
    """One act (art. 29) has one set of facts about it and its party: a fact stated differently for the
    provisions it breaks is a contradiction in the case, not something to resolve silently."""
    seen: dict = {}
    for act in acts:
        for name in act.given:
            if name not in act.facts:
                continue
            if name in seen and seen[name][0] != act.facts[name]:
                problems.append(Problem("case.same_act_conflict", act.pos, {"fact": name, "first": seen[name][1]}))
            seen.setdefault(name, (act.facts[name], act.violation))


def _key_pos(data, key):
    kp = getattr(data, "key_pos", None)
    return kp.get(key) if kp else getattr(data, "pos", None)


def _unknown_keys(data: dict, allowed, problems: list) -> None:
    """case.unknown_key for each key of `data` not in `allowed`: the first MAX_UNKNOWN_SHOWN named (each with a
    did-you-mean), the rest counted in one problem."""
    unknown = [k for k in data if k not in allowed]
    for k in unknown[:MAX_UNKNOWN_SHOWN]:
        problems.append(Problem("case.unknown_key", _key_pos(data, k), {"key": k, "suggestion": did_you_mean(k, allowed),
                                                                         "allowed": ", ".join(allowed)}))
    if len(unknown) > MAX_UNKNOWN_SHOWN:
        problems.append(Problem("case.more_unknown_keys", getattr(data, "pos", None),
                                {"count": len(unknown) - MAX_UNKNOWN_SHOWN, "shown": MAX_UNKNOWN_SHOWN,
                                 "allowed": ", ".join(allowed)}))


def _parse_act(raw, pos, rulebook, problems, is_top):
    if not isinstance(raw, dict):
        problems.append(Problem("case.act_not_mapping", pos))
        return None
    if not is_top:
        _unknown_keys(raw, ACT_KEYS, problems)
    vid = raw.get("violation")
    ids = [v.id for v in rulebook.violations]
    if vid is None:
        problems.append(Problem("case.no_violation", pos, {"known": ", ".join(ids)}))
        return None
    vid = str(vid)
    if vid not in ids:
        problems.append(Problem("case.unknown_violation", _pos(raw, "violation"),
                                {"name": vid, "suggestion": _violation_suggestion(rulebook, vid),
                                 "rulebook": rulebook.id}))
        return None
    violation = rulebook.violation(vid)
    given = raw.get("facts") or {}
    if not isinstance(given, dict):
        problems.append(Problem("case.facts_not_mapping", _pos(raw, "facts")))
        return None
    facts = normalise_facts(given, violation, rulebook, problems, where=pos)
    return Act(vid, facts, tuple(sorted(given)), pos)


def normalise_facts(given: dict, violation, rulebook, problems: list, where=None) -> dict:
    """`where`: the position to name when a needed fact is missing and `given` has none (e.g. no `facts:`)."""
    out = {}
    unknown = 0
    for name, value in given.items():
        fact = rulebook.facts.get(name)
        if fact is None:
            unknown += 1
            if unknown <= MAX_UNKNOWN_SHOWN:  # past that, a list of names helps no one and costs a search each
                problems.append(Problem("case.unknown_fact", _key_pos(given, name),
                                        {"name": name, "suggestion": did_you_mean(name, rulebook.facts)}))
            continue
        fpos = _pos(given, name)
        if value is None:
            continue  # an empty field counts as not given
        try:
            v = coerce_value(fact, value, rulebook.unit.minor_units, rulebook.unit.currency)
        except ValueError as exc:
            problems.append(Problem(str(exc), fpos, {"fact": name, "value": _show(value), "type": type_label(fact.type),
                                                      "values": ", ".join(fact.values),
                                                      "suggestion": _enum_suggestion(fact, value)}))
            continue
        bad = _in_bounds(fact, v) if fact.type in ("money", "number", "integer") else None
        if bad:
            problems.append(Problem(bad, fpos, {"fact": name, "value": _show(value),
                                                "min": _show_bound(fact.min, fact, rulebook),
                                                "max": _show_bound(fact.max, fact, rulebook)}))
            continue
        out[name] = v
    if unknown > MAX_UNKNOWN_SHOWN:
        problems.append(Problem("case.more_unknown_facts", getattr(given, "pos", None) or where,
                                {"count": unknown - MAX_UNKNOWN_SHOWN, "shown": MAX_UNKNOWN_SHOWN}))
    unstated = []
    for name in facts_read_by(violation):
        if name in out:
            continue
        fact = rulebook.facts[name]
        if fact.default is not None:
            out[name] = fact.default
        elif name not in given or given.get(name) is None:
            unstated.append(name)
    if unstated:  # required only where a rule the case reaches reads it (pH needs no exceedance multiple)
        needed = set(unstated_reached(violation, out))
        for name in unstated:
            if name in needed:
                fact = rulebook.facts[name]
                problems.append(Problem("case.missing_fact", getattr(given, "pos", None) or where,
                                        {"fact": name, "violation": violation.id, "type": type_label(fact.type),
                                         "choices": _choices(fact)}))
    return dict(sorted(out.items()))


class _Unstated(Exception):
    def __init__(self, name):
        super().__init__(name)
        self.name = name


class _Stated(dict):
    """The facts a case states: reading one it does not state stops the condition there and names the fact."""
    def __missing__(self, name):
        raise _Unstated(name)


def unstated_reached(violation, facts: dict) -> list[str]:
    """The facts not in `facts` that the rules a case reaches read, in facts_read_by order.

    Each condition is evaluated as the engine evaluates it (left to right, `and`/`or` stopping at the first
    deciding operand), so a fact read only behind a false `pollutant != 'ph' and ...` is not reached. The
    statutory switch is followed branch by branch: a branch whose condition cannot be decided stops it there
    (which fine applies depends on that fact); the chosen branch's base is read. The model's tiers, situations
    and levels, the adjustments and the conditional measures are all evaluated by the engine, so each is tested;
    so are the bases of points and of bands that are multiples of a fact. A stated fact is never listed."""
    known = _Stated(facts)
    found: list[str] = []

    def test(cond):
        try:
            return cond.fn(known)
        except _Unstated as missing:
            found.append(missing.name)
            return None

    def base(name):
        if name not in facts:
            found.append(name)
    for form in violation.statutory:
        hit = True if form.when is None else test(form.when)
        if hit is None:
            break
        if hit:
            if form.of:
                base(form.of)
            break
    m = violation.model
    if m is not None:
        if m.kind == "grid":
            conds = [t.when for t in (*m.rows.tiers, *m.columns.tiers)]
            bands = [c.band for c in m.cells.values()]
        elif m.kind == "situations":
            conds, bands = [s.when for s in m.items], [s.band for s in m.items]
        else:
            conds, bands = [lv.when for f in m.factors for lv in f.levels], []
            if m.of != "statutory_max":
                base(m.of)
        for cond in conds:
            test(cond)
        for b in bands:
            if is_relative(b):
                base(b.of)
    for cond in [a.when for a in violation.adjustments if a.when] + [c for c, _ in violation.measures_when if c]:
        test(cond)
    order = {n: i for i, n in enumerate(facts_read_by(violation))}
    return sorted(set(found), key=lambda n: order.get(n, len(order)))


def type_label(fact_type: str) -> dict:
    """The fact type in words, as a label ({zh:, en:}) that a message shows in its own language."""
    from penalty.engine.messages import MESSAGES
    return MESSAGES.get("type." + fact_type, {"zh": fact_type, "en": fact_type})


def _choices(fact) -> dict:
    from penalty.engine.messages import MESSAGES
    from penalty.i18n import LANGS, fill
    if not fact.values:
        return {lang: "" for lang in LANGS}
    return {lang: fill(MESSAGES, "case.choices", lang, ids=", ".join(fact.values)) for lang in LANGS}


def _enum_suggestion(fact, value) -> str:
    """For a mistyped enum value: the closest id, or the id whose label is closest (people type labels)."""
    if fact.type != "enum" or not isinstance(value, str):
        return ""
    by_label = {}
    for vid, label in fact.values.items():
        for text in ([label] if isinstance(label, str) else list(label.values())):
            by_label[text] = vid
    close = did_you_mean(value, list(fact.values)) or did_you_mean(value, list(by_label))
    if not close:
        close = next((vid for text, vid in by_label.items() if value and (value in text or text in value)), "")
    return by_label.get(close, close)


def _violation_suggestion(rulebook, given: str) -> str:
    """The id for a mistyped id, or for a violation written by its title (as officers do)."""
    ids = [v.id for v in rulebook.violations]
    close = did_you_mean(given, ids)
    if close:
        return close
    from penalty.i18n import LANGS
    for v in rulebook.violations:
        titles = [v.title] if isinstance(v.title, str) else [v.title.get(lang) for lang in LANGS if v.title.get(lang)]
        if any(given == t or did_you_mean(given, [t]) for t in titles):
            return v.id
    return ""


def _show(value):
    return value if isinstance(value, str) else repr(value) if isinstance(value, float) else str(value)


def _show_bound(v, fact, rulebook):
    if v is None:
        return "-"
    if fact.type == "money":
        return str(Decimal(v) / rulebook.unit.minor_units)
    return str(v)


def load_case(path, rulebook) -> Case:
    """Read a case file (YAML or JSON; '-' for standard input) and parse it against the rulebook."""
    data, name = read_case_data(path)
    return parse_case(data, rulebook, name)


def read_case_data(path):
    """A case file's plain data (with positions) and its name, before it meets a rulebook."""
    import sys
    from penalty.inputs import read_limited, read_stream_limited
    if str(path) == "-":  # bytes, so that standard input gets the same limit and decoding as a file
        name, shown = "<stdin>", "<stdin>"
        raw = read_stream_limited(sys.stdin.buffer, MAX_CASE_BYTES, CaseError, "case", shown)
    else:
        p = Path(path)
        name, shown = p.name, str(p)
        raw = read_limited(p, MAX_CASE_BYTES, CaseError, "case")
    return case_data_from_bytes(raw, name, shown), name


def case_data_from_bytes(raw: bytes, name: str, shown: str):
    """A case's bytes (a file, standard input, an HTTP request body) -> plain data with positions in `name`."""
    from penalty.rulebook.yamlsource import YamlProblem, parse_yaml
    if len(raw) > MAX_CASE_BYTES:
        raise CaseError([Problem("case.too_big", None, {"path": shown, "limit": MAX_CASE_BYTES})])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CaseError([Problem("case.not_utf8", None, {"path": shown})]) from None
    try:
        data = parse_yaml(text, name)
    except YamlProblem as exc:
        from penalty.engine.messages import MESSAGES
        code = "case." + exc.code.split(".", 1)[1]  # the case's own wording where it has one
        code = code if code in MESSAGES else exc.code
        raise CaseError([Problem(code, exc.pos, {k: str(v) for k, v in exc.args_.items()})]) from None
    return data
