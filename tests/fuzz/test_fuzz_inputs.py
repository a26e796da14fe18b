"""Fuzzing what an adversary writes: mutated bundled rulebooks, case facts, review cells (Hypothesis).

What must hold, whatever the input:
- no traceback: a clean PenaltyError, or a result;
- every problem in a rulebook names its line and column;
- every accepted result lies in its statutory range (or below its minimum only when the grade says 减轻, art. 32);
- every review row is accounted for: read = reviewed + rejected = the rows in the file.

Bounded so that the suite stays short (a few seconds). A longer run, e.g. before a release:
    PENALTY_FUZZ_EXAMPLES=2000 python -m pytest tests/fuzz -q
"""
from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from penalty.engine.assess import assess
from penalty.engine.facts import facts_read_by, parse_case
from penalty.errors import CaseError, PenaltyError, RulebookError
from penalty.money import UNBOUNDED
from penalty.rulebook.bundled import bundled_dir
from penalty.rulebook.load import load_rulebook, load_rulebook_text
from penalty.rulebook.yamlsource import YamlProblem, parse_yaml
from tests.authoring.test_fuzz import WEIRD, _mutate

EXAMPLES = int(os.environ.get("PENALTY_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="PENALTY_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FUZZ_FILES = settings(FUZZ, max_examples=max(EXAMPLES // 5, 4))  # a review of a file is ~0.1 s each
BUNDLED = sorted(p for p in bundled_dir().glob("*.yaml") if not p.name.endswith(".cases.yaml"))
TEXTS = {p.name: p.read_text(encoding="utf-8") for p in BUNDLED}
RULEBOOKS = {p.name: load_rulebook(p) for p in BUNDLED}
HOSTILE = WEIRD + ["010000", "0x2710", "2:46:40", "1.0e+5", "1_000", "+5", "-0", "1²", "١٢", "=1+1", "@SUM(A1)",
                   "\x1b]0;x\x07", "\u202e", "\x00", "9" * 40, "0." + "9" * 40, "on", "off", "yes", "2024-W10-2"]


@FUZZ
@given(st.data())
def test_a_mutated_rulebook_loads_or_names_line_and_column(data):
    name = data.draw(st.sampled_from(sorted(TEXTS)))
    text = _mutate(data, TEXTS[name])
    try:
        load_rulebook_text(text, name, base_dir=bundled_dir())
    except RulebookError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.pos is not None and p.pos.line >= 1 and p.pos.column >= 1, p.render("en")
            assert p.message("en") and p.message("zh")


def _value(fact):
    """A value of the fact's type (often lawful, sometimes at or past its bounds), as YAML text."""
    if fact.type == "boolean":
        return st.sampled_from(["true", "false"])
    if fact.type == "enum":
        return st.sampled_from([json.dumps(v, ensure_ascii=False) for v in fact.values])
    if fact.type == "date":
        return st.dates().map(lambda d: d.isoformat())
    if fact.type == "integer":
        return st.integers(-2, 30).map(str)
    return st.one_of(st.integers(0, 10**9).map(str),
                     st.decimals(0, 10**7, places=2, allow_nan=False, allow_infinity=False).map(str))


@st.composite
def cases(draw):
    name = draw(st.sampled_from(sorted(RULEBOOKS)))
    rb = RULEBOOKS[name]
    violation = draw(st.sampled_from(list(rb.violations)))
    lines = [f"violation: {violation.id}", "facts:"]
    for fact_name in facts_read_by(violation):
        choice = draw(st.integers(0, 9))
        if choice == 0:
            continue  # left out
        value = draw(st.sampled_from(HOSTILE)) if choice == 1 else draw(_value(rb.facts[fact_name]))
        lines.append(f"  {fact_name}: {value}")
    if draw(st.integers(0, 5)) == 0:
        lines.append(f"  {draw(st.sampled_from(['goods_value', 'zz', 'obstruction', '违法']))}: {draw(st.sampled_from(HOSTILE))}")
    return name, "\n".join(lines) + "\n"


def _bounds(statutory: dict):
    low, high = statutory.get("low"), statutory.get("high")
    return low, (None if high is UNBOUNDED or not isinstance(high, int) else high)


def _within_law(act: dict) -> None:
    s_low, s_high = _bounds(act["statutory"])
    rng, kind = act["range"], act["grade_kind"]
    r_low, r_high = _bounds(rng)
    rec = act["recommended"]
    if kind == "no_penalty":
        assert rec in (0, None) or (r_high is not None and rec <= r_high)
        return
    assert r_low is not None and r_low >= 0
    if kind == "within_range":
        assert s_low is None or r_low >= s_low, act
        assert s_high is None or (r_high is not None and r_high <= s_high), act
    else:  # below_minimum (减轻): under the statutory minimum, never above the maximum
        assert s_high is None or r_high is None or r_high <= s_high, act
    if isinstance(rec, int):
        assert r_low <= rec and (r_high is None or rec <= r_high), act


@FUZZ
@given(cases())
def test_case_facts_give_a_lawful_result_or_a_clean_error(case):
    name, text = case
    rb = RULEBOOKS[name]
    try:
        data = parse_yaml(text, "case.yaml")
        result = assess(rb, parse_case(data, rb, "case.yaml"))
    except YamlProblem as exc:  # a clean refusal (that it names line:col for control characters is issue 14's too)
        assert exc.code.startswith("yaml.")
        return
    except CaseError as exc:
        assert exc.problems and all(p.message("en") and p.message("zh") for p in exc.problems)
        return
    for act in result.to_json()["acts"]:
        _within_law(act)


EXAMPLE_ROWS = list(csv.reader(open(bundled_dir() / "examples" / "review-cases.csv", encoding="utf-8-sig")))
MAPPING = bundled_dir() / "examples" / "review-mapping.yml"
CELLS = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12), st.integers(-10, 10**8).map(str))


@FUZZ_FILES
@given(st.data())
def test_every_review_row_is_accounted_for(data):
    from penalty.review import review
    from penalty.review.read import load_mapping
    header, body = EXAMPLE_ROWS[0], [list(r) for r in EXAMPLE_ROWS[1:13]]
    for _ in range(data.draw(st.integers(1, 8))):
        row = data.draw(st.integers(0, len(body) - 1))
        col = data.draw(st.integers(0, len(header) - 1))
        body[row][col] = data.draw(CELLS)
    if data.draw(st.integers(0, 3)) == 0:  # a row of nothing: a blank line in a CSV
        body[data.draw(st.integers(0, len(body) - 1))] = [""] * len(header)
    as_jsonl = data.draw(st.booleans())
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / ("cases.jsonl" if as_jsonl else "cases.csv")
        with open(f, "w", encoding="utf-8", newline="") as fh:
            if as_jsonl:  # the same rows as JSON Lines, an empty cell left out of its object
                fh.writelines(json.dumps({h: c for h, c in zip(header, r) if c != ""}, ensure_ascii=False) + "\n"
                              for r in body)
            else:
                csv.writer(fh).writerows([header, *body])
        try:
            counts = review(f, RULEBOOKS["cn-env-food.yaml"], mapping=load_mapping(MAPPING)).counts()
        except PenaltyError as exc:  # a file-level refusal: said in words
            assert exc.problems and all(p.message("zh") for p in exc.problems)
            return
    # a CSV row of empty cells is no case (as in .xlsx); a JSON line is a case even when its object is empty
    expected = len(body) if as_jsonl else sum(1 for r in body if any(c != "" for c in r))
    assert counts["read"] == counts["reviewed"] + counts["rejected"] == expected, counts
