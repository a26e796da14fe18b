"""Example cases that live beside a rulebook (`<rulebook>.cases.yaml`), with the results they must give.

    penalty_cases: 1
    rulebook: cn-env-food            # the rulebook id these cases are written for
    cases:
      - name: delaying, none in the past year
        source: 粤环发〔2021〕7号 (the published table the numbers come from)
        violation: gd-water-81-obstruct
        facts: {obstruction: delaying, prior_count_1y: 0}
        expect:
          grade: lighter
          range: "[20000, 40000)"    # in major units; [ ] includes an end, ( ) excludes it
          recommended: 30000         # [20000, 40000] checks the two amounts only; 200000 a single amount
          measures: [order_correct]  # optional: exact list of measure ids
          alternatives: [apl-32-mitigated]   # optional: ids of the "may" alternatives offered

A case may instead give `acts:` and `relation:` (several violations); its `expect` then checks the act that
the decision applies (art. 29), and `expect_decision: {basis: art29, applied: [1]}` checks the decision itself.
`expect: {error: case.missing_fact}` expects the case to be refused with that message code.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from penalty.errors import CaseError, Problem, RulebookError
from penalty.money import UNBOUNDED, to_major, to_minor
from penalty.values import read_number
from penalty.rulebook.spec import Anything, Dec, Field, Int, Label, ListOf, Obj, Str, AnyOf, MapOf, validate
from penalty.rulebook.yamlsource import Pos, YamlProblem, parse_yaml, position_of

EXPECT = Obj({
    "grade": Field(Str()),
    "range": Field(AnyOf((ListOf(AnyOf((Dec(min=0), Str())), min_items=2, max_items=2), Dec(min=0), Str())),
                   doc="[low, high] (ends not checked), \"[low, high)\" (which ends are included, checked too), "
                       "or one amount (low = high)"),
    "recommended": Field(AnyOf((Dec(min=0), Str())), doc="an amount; quoted (\"150000\") is an amount too"),
    "measures": Field(ListOf(Str())),
    "alternatives": Field(ListOf(Str())),
    "statutory": Field(ListOf(AnyOf((Dec(min=0), Str())), min_items=2, max_items=2)),
    "error": Field(Str(), doc="the message code the case must be refused with"),
})
CASE = Obj({
    "name": Field(Str(), required=True),
    "source": Field(Label(), doc="where the expected figures come from"),
    "case_id": Field(Str()), "violation": Field(Str()), "facts": Field(MapOf(Anything())),
    "acts": Field(ListOf(Anything())), "relation": Field(Str()),
    "act_date": Field(Anything()), "act_end_date": Field(Anything()), "decision_date": Field(Anything()),
    "discovery_date": Field(Anything()),
    "expect": Field(EXPECT, required=True),
    "expect_decision": Field(Obj({"basis": Field(Str()), "applied": Field(ListOf(Int()))})),
})
CASES_FILE = Obj({
    "penalty_cases": Field(Int(min=1, max=1), required=True),
    "rulebook": Field(Str(), required=True),
    "include": Field(ListOf(Str()), doc="more cases files, relative to this one (a chapter per file); their "
                                        "cases follow this file's, in this order"),
    "cases": Field(ListOf(CASE, min_items=1), required=True),
})
_CASE_KEYS = ("case_id", "violation", "facts", "acts", "relation", "act_date", "act_end_date", "decision_date",
              "discovery_date")


@dataclass(frozen=True)
class Outcome:
    name: str
    pos: object
    ok: bool
    diffs: tuple = ()  # (field, expected, actual)
    result: dict | None = field(default=None, repr=False)
    error: list | None = None  # problems, when the case was refused unexpectedly


def cases_path_for(rulebook_path) -> Path:
    p = Path(rulebook_path)
    return p.with_name(p.name[: -len(".yaml")] + ".cases.yaml") if p.name.endswith(".yaml") else p


def load_cases(path, _seen: tuple = ()) -> list:
    from penalty.rulebook.load import inside_folder, read_source
    p = Path(path)
    text = read_source(p, p.name)  # a folder, a device, a program (`--cases /bin/ls`): a sentence, not a traceback
    try:
        data = parse_yaml(text, p.name)
    except YamlProblem as exc:
        raise RulebookError([Problem(exc.code, exc.pos, {k: str(v) for k, v in exc.args_.items()})]) from None
    problems: list = []
    if not isinstance(data, dict):
        raise RulebookError([Problem("load.not_mapping", Pos(p.name, 1, 1))])
    validate(data, CASES_FILE, data.pos, "cases", problems)
    cases = [(c, position_of(data["cases"], i)) for i, c in enumerate(data["cases"])]
    for i, ref in enumerate(data.get("include") or []):
        pos = position_of(data["include"], i)
        target = p.parent / ref
        if not inside_folder(p.parent, ref) or not target.is_file():
            problems.append(Problem("load.cases_include", pos, {"name": ref}))
        elif target.resolve() in _seen or target.resolve() == p.resolve():
            problems.append(Problem("load.include_loop", pos, {"name": ref}))
        else:
            try:
                cases += load_cases(target, (*_seen, p.resolve()))
            except RulebookError as exc:
                problems.extend(exc.problems)
    if problems:
        raise RulebookError(problems)
    return cases


def _amount(rb, value):
    """An expected amount in minor units. A string is the unit's unbounded word, or an amount in quotes
    ("150000", "150,000"); anything else is kept as written, so that it shows in the difference."""
    if isinstance(value, str):
        if value.strip() == (rb.unit.unbounded_id or "unbounded"):
            return UNBOUNDED
        try:
            return to_minor(read_number(value), rb.unit.minor_units)
        except ValueError:
            return value
    return to_minor(Decimal(value), rb.unit.minor_units)


_INTERVAL = re.compile(r"^\s*([\[(])\s*([^,]+?)\s*,\s*([^\])]+?)\s*([\])])\s*$")


def _expected_range(rb, value):
    """(low, high, low included, high included); the inclusions are None when the expectation does not say."""
    if isinstance(value, list):
        return _amount(rb, value[0]), _amount(rb, value[1]), None, None
    m = _INTERVAL.match(value) if isinstance(value, str) else None
    if m:
        return _amount(rb, m.group(2)), _amount(rb, m.group(3)), m.group(1) == "[", m.group(4) == "]"
    amount = _amount(rb, value)
    return amount, amount, True, True


def _range_words(rb, low, high, low_inc, high_inc):
    def major(x):
        return (rb.unit.unbounded_id or "unbounded") if x is UNBOUNDED or isinstance(x, str) else \
            format(to_major(x, rb.unit.minor_units).normalize(), "f")
    if low_inc is None:
        return [low, high]
    if low == high and low_inc and high_inc:
        return major(low)
    return f"{'[' if low_inc else '('}{major(low)}, {major(high)}{']' if high_inc else ')'}"


def case_data(spec) -> dict:
    """What of an example case is the case itself (for `parse_case`): its facts, acts and dates, named."""
    data = {k: spec[k] for k in _CASE_KEYS if k in spec}
    data.setdefault("case_id", spec["name"])
    return data


def run_case(rb, spec, pos) -> Outcome:
    from penalty.engine.assess import assess
    from penalty.engine.facts import parse_case
    expect = spec["expect"]
    try:
        result = assess(rb, parse_case(case_data(spec), rb, pos.file if pos else "<cases>"))
    except CaseError as exc:
        codes = [p.code for p in exc.problems]
        if expect.get("error") in codes:
            return Outcome(spec["name"], pos, True)
        return Outcome(spec["name"], pos, False, (("error", expect.get("error"), codes),),
                       error=[p.render() for p in exc.problems])
    if "error" in expect:
        return Outcome(spec["name"], pos, False, (("error", expect["error"], None),))
    data = result.to_json()
    decision = result.decision
    act = result.acts[decision["applied"][0]].data
    diffs = []

    def check(name, expected, actual):
        if expected != actual:
            diffs.append((name, expected, actual))
    if "grade" in expect:
        check("grade", expect["grade"], act["grade"])
    if "range" in expect:
        lo, hi, lo_inc, hi_inc = _expected_range(rb, expect["range"])
        r = act["range"]
        if lo_inc is None:  # [low, high]: the two amounts only, as before
            check("range", [lo, hi], [r["low"], r["high"]])
        else:
            check("range", _range_words(rb, lo, hi, lo_inc, hi_inc),
                  _range_words(rb, r["low"], r["high"], r.get("low_inclusive", True), r["high_inclusive"]))
    if "recommended" in expect:
        check("recommended", _amount(rb, expect["recommended"]), act["recommended"])
    if "statutory" in expect:
        check("statutory", [_amount(rb, x) for x in expect["statutory"]],
              [act["statutory"]["low"], act["statutory"]["high"]])
    if "measures" in expect:
        check("measures", list(expect["measures"]), [m["id"] for m in act["measures"]])
    if "alternatives" in expect:
        check("alternatives", list(expect["alternatives"]), [a["adjustment"] for a in act["alternatives"]])
    for k, v in (spec.get("expect_decision") or {}).items():
        check(f"decision.{k}", list(v) if isinstance(v, list) else v, decision[k])
    return Outcome(spec["name"], pos, not diffs, tuple(diffs), data)


def run_cases(rb, path) -> list:
    """Run every case of a cases file against a rulebook. Bad cases are outcomes, never exceptions."""
    return [run_case(rb, spec, pos) for spec, pos in load_cases(path)]
