"""Arts. 28, 30 and 31 as data in the apl-2021 block (issue 12): 不予处罚 still orders the correction (art. 28,
for measures the rulebook marks `correction: true`); a minor under 14 is not penalised and the guardian is ordered
to discipline the minor (art. 30: 责令监护人加以管教); art. 31 orders the guardian to keep watch and arrange treatment.
Expected measures read from the articles, by hand."""
from __future__ import annotations

import pytest

from penalty.engine.assess import assess
from penalty.engine.facts import parse_case
from penalty.errors import RulebookError
from penalty.rulebook.bundled import bundled_dir, resolve
from penalty.rulebook.load import load_rulebook, load_rulebook_text


@pytest.fixture(scope="module")
def rb():
    return load_rulebook(resolve("example-shapes"))


def measures(rb, vid, facts):
    act = assess(rb, parse_case({"violation": vid, "facts": facts}, rb)).acts[0].data
    return act["grade"], [(m["id"], (m.get("basis") or {}).get("zh")) for m in act["measures"]]


def test_no_penalty_keeps_the_order_to_correct_citing_art_28(rb):
    grade, got = measures(rb, "points-example", {"repeat_count": 1, "duration_months": 0, "no_fault": True})
    assert grade == "no_penalty" and got == [("order_correct", "《行政处罚法》第二十八条第一款")]


def test_under_14_orders_the_guardian(rb):
    grade, got = measures(rb, "minimum-only-example", {"severity": "minor", "party_age": "under_14"})
    assert grade == "no_penalty"
    assert got == [("guardian_discipline", "《行政处罚法》第三十条")]  # warning is a penalty: not given


def test_capacity_lost_orders_custody_and_keeps_the_correction(rb):
    _, got = measures(rb, "points-example", {"repeat_count": 2, "duration_months": 5, "mental_capacity": "lost"})
    assert [m for m, _ in got] == ["order_correct", "guardian_custody"]


def test_a_correction_is_not_kept_without_the_article(rb):
    text = (bundled_dir() / "example-shapes.yaml").read_text(encoding="utf-8").replace("include: [apl-2021]\n", "")
    own = load_rulebook_text(text + """\
adjustments:
  - {id: cleared, article: 本基准第一条, mode: shall, when: "repeat_count == 1", effect: {grade: no_penalty}}
""", "example-shapes.yaml", base_dir=bundled_dir())
    _, got = measures(own, "points-example", {"repeat_count": 1, "duration_months": 0})
    assert got == []  # no `corrections:` declared: under no penalty only the grade's own measures


def test_the_calc_view_and_the_memo_show_the_measures_with_their_basis(rb):
    from penalty.explain.memo import measures_text as _measures
    act = assess(rb, parse_case({"violation": "points-example",
                                 "facts": {"repeat_count": 1, "duration_months": 0, "no_fault": True}}, rb)).acts[0].data
    assert _measures(rb, act, "zh") == "责令改正（《行政处罚法》第二十八条第一款）"


def test_an_adjustment_naming_an_undeclared_measure_is_refused():
    text = (bundled_dir() / "example-shapes.yaml").read_text(encoding="utf-8") + """\
adjustments:
  - {id: x, article: a, mode: shall, when: "repeat_count == 1", effect: {grade: no_penalty}, measures: [guardian]}
"""
    with pytest.raises(RulebookError) as e:
        load_rulebook_text(text, "example-shapes.yaml", base_dir=bundled_dir())
    assert [p.code for p in e.value.problems] == ["load.unknown_measure"]
    assert e.value.problems[0].pos is not None
