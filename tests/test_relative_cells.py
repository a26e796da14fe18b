"""Table bands written as a multiple or percentage of a base fact (issue 12: "没收违法所得，并处所收费用3.5倍以上4倍以下
罚款", Guangdong Annex 1 §1.5). Expected amounts are worked by hand: fees x factor, an excluded end that is a whole
fen stays excluded, an end that is not a whole fen is rounded inwards to a fen inside the band (so it is allowed).
"""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penalty.authoring.catalogue import build as build_catalogue
from penalty.authoring.check import check_text
from penalty.engine.assess import assess
from penalty.engine.facts import parse_case
from penalty.errors import RulebookError
from penalty.rulebook.bundled import resolve
from penalty.rulebook.load import load_rulebook, load_rulebook_text

HEAD = """\
penalty_rulebook: 1
id: rel
title: relative cells
version: "1"
unit: {kind: money, currency: CNY, minor_units: 100, label: {zh: 元, en: yuan}}
boundaries: lower_inclusive
overlaps: heaviest
rounding: {step: 1, mode: half_up}
grades:
  - {id: lighter, label: {zh: 从轻, en: lighter}}
  - {id: heavier, label: {zh: 从重, en: heavier}}
split: {shares: {lighter: [0, 50], heavier: [50, 100]}}
measures:
  confiscate: {label: {zh: 没收违法所得, en: confiscation}}
facts:
  fees: {type: money, min: 1, label: {zh: 所收费用, en: Fees received}}
  big: {type: boolean, default: false}
  count: {type: integer, min: 1, default: 1}
"""

SITUATIONS = HEAD + """\
violations:
  - id: fees
    title: fees
    violated: x
    penalty_basis: y
    statutory: {percent: [100, 300], of: fees}
    model:
      situations:
        - {id: small, when: "not big", band: {percent: [100, 150], of: fees}}
        - {id: large, when: "big", band: {percent: [150, 300], of: fees}, measures: [confiscate]}
"""


def act(rb, vid, facts):
    return assess(rb, parse_case({"violation": vid, "facts": facts}, rb)).acts[0].data


@pytest.fixture(scope="module")
def gd():
    return load_rulebook(resolve("gd-eco-2022"))


def test_a_situation_band_of_percentages_is_worked_out_on_the_fees():
    rb = load_rulebook_text(SITUATIONS, "rel.yaml")
    r = act(rb, "fees", {"fees": 1000})  # 100%-150% of 1,000 yuan: [1,000, 1,500)
    assert r["range"] == {"low": 100000, "high": 150000, "low_inclusive": True, "high_inclusive": False}
    assert r["recommended"] == 125000
    big = act(rb, "fees", {"fees": 1000, "big": True})  # 150%-300%: 3,000 is the statutory maximum, no other cell
    assert big["range"] == {"low": 150000, "high": 300000, "low_inclusive": True, "high_inclusive": True}
    assert [m["id"] for m in big["measures"]] == ["confiscate"]


def test_an_end_that_is_not_a_whole_fen_is_rounded_inwards_and_allowed(gd):
    # §1.5 报告表类 一般区域 on fees of 1,000.01 yuan: 3 x = 3,000.03; 3.5 x = 3,500.035 -> the band ends at 3,500.03,
    # below 3.5 x, so that amount is allowed; the next cell starts at 3,500.04
    low = act(gd, "gd-eia-1-5-technical-unit-quality", {"fees_received": Decimal("1000.01")})
    assert (low["range"]["low"], low["range"]["high"], low["range"]["high_inclusive"]) == (300003, 350003, True)
    nxt = act(gd, "gd-eia-1-5-technical-unit-quality", {"fees_received": Decimal("1000.01"),
                                                        "in_restricted_or_sensitive": True})
    assert (nxt["range"]["low"], nxt["range"]["low_inclusive"]) == (350004, True)


def test_a_cell_narrower_than_the_rounding_step_keeps_its_recommendation_inside(gd):
    # §1.5 一般区域 报告表类 is 3.5 x - 4 x the fees (4 x excluded). Fees of 1.00 yuan: [3.50, 4.00) yuan; the
    # midpoint 3.75 rounds half-up to the whole yuan 4.00, the excluded end, so it moves one step in, no further
    # than the band's low end: 3.50. Fees of 1.01 yuan: 3.5 x = 3.535 rounds inwards to 3.54, 4 x = 4.04
    # excluded; the midpoint 3.7875 rounds to 4.00, inside. A band half a yuan wide never crosses itself.
    r = act(gd, "gd-eia-1-5-technical-unit-quality", {"fees_received": Decimal("1.00"),
                                                        "in_restricted_or_sensitive": True})
    assert r["range"] == {"low": 350, "high": 400, "low_inclusive": True, "high_inclusive": False}
    assert r["recommended"] == 350
    r = act(gd, "gd-eia-1-5-technical-unit-quality", {"fees_received": Decimal("1.01"),
                                                        "in_restricted_or_sensitive": True})
    assert r["range"] == {"low": 354, "high": 404, "low_inclusive": True, "high_inclusive": False}
    assert r["recommended"] == 400


def test_a_heavier_cell_collapsed_onto_a_lighter_grade_is_not_below_a_lighter_cell(gd):
    # Fees of 1 yuan, 有立功表现 (art. 32: shall 从轻). Statutory 3-5 yuan; 从轻 is 0-50 % of it: [3, 4) yuan.
    # 报告书类 一般区域 is 4-4.5 x = [4.00, 4.50): wholly at or above 从轻's excluded top, so its amount is the
    # highest 从轻 allows on the 1-yuan grid, 3.00 ... but 报告表类 敏感区域 (3.5-4 x = [3.50, 4.00)), a lighter
    # cell, begins inside that last yuan and recommends 3.50: the heavier cell's amount is 3.50, not 3.00.
    facts = {"fees_received": 1, "meritorious": True}
    lighter = act(gd, "gd-eia-1-5-technical-unit-quality", {**facts, "in_restricted_or_sensitive": True})
    assert (lighter["range"]["low"], lighter["range"]["high"], lighter["recommended"]) == (350, 400, 350)
    heavier = act(gd, "gd-eia-1-5-technical-unit-quality", {**facts, "eia_file_kind": "report_book"})
    assert heavier["range"] == {"low": 350, "high": 350, "low_inclusive": True, "high_inclusive": True}
    assert heavier["recommended"] == 350


def test_the_explanation_words_the_cell_as_the_document_does(gd):
    from penalty.cli.explain import steps
    from penalty.rulebook.boundaries import factor_text
    r = act(gd, "gd-eia-1-5-technical-unit-quality", {"fees_received": 100000, "eia_file_kind": "report_book",
                                                        "in_restricted_or_sensitive": True})
    cell = next(s for s in r["trace"] if s["step"] == "cell")["data"]["band"]
    assert cell["factors"] == [Decimal("4.5"), Decimal("5")] and cell["factors_included"] == [True, False]
    text = "\n".join(line for _, line in steps(gd, r, "zh"))
    assert "所收费用4.5倍以上、5倍以下（不含5倍）" in text
    assert factor_text(gd, "multiple", Decimal(5), Decimal(5), "fees_received", (True, True), "en") == \
        "5 times the fees received"
    assert factor_text(gd, "percent", Decimal(1), Decimal(5), "fees_received", (True, False), "zh") == \
        "所收费用的1%以上、5%以下（不含5%）"


@pytest.mark.parametrize("lang, words", [
    ("zh", ["所收费用3倍以上、3.5倍以下（不含3.5倍）", "所收费用4.5倍以上、5倍以下（不含5倍）", "所收费用5倍"]),
    ("en", ["from 4.5 up to but not including 5 times the fees received", "5 times the fees received"]),
])
def test_the_catalogue_prints_the_cells_in_the_documents_words(gd, lang, words):
    cat = build_catalogue(gd, lang)
    entries = [e for e in cat.entries if e.violation == "gd-eia-1-5-technical-unit-quality"]
    texts = [e.band for e in entries]
    for w in words:
        assert w in texts
    top = next(e for e in entries if e.item == "report_book×restricted_zone")
    assert (top.low_included, top.high_included) == (True, False)  # 5倍 is the next row's


@settings(max_examples=60, deadline=None)
@given(fen=st.integers(min_value=100, max_value=10**9))
def test_every_whole_fen_of_the_statutory_range_is_in_exactly_one_cell(gd, fen):
    """§1.5: the five cells partition 3 x - 5 x the fees: no amount in two cells, none in no cell."""
    fees = Decimal(fen) / 100
    ranges = []
    for facts in ({}, {"in_restricted_or_sensitive": True}, {"eia_file_kind": "report_book"},
                  {"eia_file_kind": "report_book", "in_restricted_or_sensitive": True}, {"major_impact": True}):
        r = act(gd, "gd-eia-1-5-technical-unit-quality", {"fees_received": fees, **facts})["range"]
        ranges.append(r)
    lo, hi = -(-3 * fen // 1), 5 * fen  # 3 x and 5 x of a whole number of fen are whole fen

    def holds(r, x):
        return (r["low"] < x or (r["low_inclusive"] and x == r["low"])) and \
            (x < r["high"] or (r["high_inclusive"] and x == r["high"]))
    # the ends of every cell, one fen either side, and the statutory limits
    probes = {lo, hi} | {r[k] + d for r in ranges for k in ("low", "high") for d in (-1, 0, 1)}
    for x in sorted(p for p in probes if lo <= p <= hi):
        assert sum(holds(r, x) for r in ranges) == 1, (fees, x, ranges)


def rulebook_with(cells: str) -> str:
    return HEAD + f"""\
violations:
  - id: grid
    title: grid
    violated: x
    penalty_basis: y
    statutory: {{multiple: [1, 3], of: fees}}
    model:
      grid:
        rows: {{tiers: [{{id: once, when: "count == 1"}}, {{id: again, when: "count >= 2"}}]}}
        columns: {{tiers: [{{id: all, when: "count >= 1"}}]}}
        cells:
{cells}"""


def codes(text):
    report = check_text(text, "rel.yaml")
    return [p.code for p in report.problems]


def test_the_checker_finds_a_factor_in_two_cells():
    both = rulebook_with("          once: [{multiple: [1, 2], of: fees, boundaries: both_inclusive}]\n"
                         "          again: [{multiple: [2, 3], of: fees}]\n")
    assert "check.cell_overlap" in codes(both)  # 2 x belongs to both: [1, 2] and [2, 3]
    fine = rulebook_with("          once: [{multiple: [1, 2], of: fees}]\n"
                         "          again: [{multiple: [2, 3], of: fees}]\n")
    assert "check.cell_overlap" not in codes(fine)


def test_the_checker_finds_a_cell_outside_the_statutory_multiples():
    out = rulebook_with("          once: [{multiple: [1, 2], of: fees}]\n"
                        "          again: [{multiple: [2, 4], of: fees}]\n")
    assert "check.band_outside" in codes(out)


@pytest.mark.parametrize("cells, code", [
    ("          once: [{multiple: [1, 2], of: nothing}]\n          again: [2]\n", "load.unknown_base"),
    ("          once: [{multiple: [1, 2]}]\n          again: [2]\n", "load.base_missing"),
    ("          once: [{multiple: [2, 1], of: fees}]\n          again: [2]\n", "load.band_order"),
    ("          once: [{multiple: [1, 2], percent: [1, 2], of: fees}]\n          again: [2]\n", "load.band_two_kinds"),
    ("          once: [{band: 2, multiple: [1, 2], of: fees}]\n          again: [2]\n", "load.band_two_kinds"),
    ("          once: [{band: 2, of: fees}]\n          again: [2]\n", "load.of_without_multiple"),
    ("          once: [{multiple: [1, 2], of: count}]\n          again: [2]\n", "load.base_not_money"),
])
def test_a_badly_written_multiple_is_refused_with_its_position(cells, code):
    with pytest.raises(RulebookError) as e:
        load_rulebook_text(rulebook_with(cells), "rel.yaml")
    assert code in [p.code for p in e.value.problems]
    assert all(p.pos is not None for p in e.value.problems)


def test_the_review_sends_such_rows_to_the_reference_engine(gd):
    from penalty.engine.facts import facts_read_by
    from tests.review.conftest import compare
    vid = "gd-eia-1-5-technical-unit-quality"
    names = facts_read_by(gd.violation(vid))
    items = [(vid, {n: gd.facts[n].default for n in names} | {"fees_received": fen, "major_impact": big})
             for fen in (100, 123457, 10000000) for big in (False, True)]
    assert compare(gd, items).fallback_rows == len(items)
