"""Branch-only facts in the review (issue 12 leftover): a row may leave empty a fact that only a branch the row
does not reach reads (the exceedance multiple of a pH case, the goods value of a fixed fine), and is computed as
calc computes the same case file; the same column empty on its own branch is rejected with the reason. Which
facts a case reaches is `engine.facts.unstated_reached`, once; both review paths (grouped, per row) use it.
Expected amounts worked out by hand from the rulebook below."""
from __future__ import annotations

import polars as pl
import pytest

from penalty.engine.assess import assess
from penalty.engine.facts import parse_case
from penalty.review import columnar
from penalty.review.core import _batch, review
from penalty.review.read import read_cases
from tests.test_branch_facts import RULEBOOK
from penalty.rulebook.load import load_rulebook_text

YUAN = 100

# (case_id, violation, pollutant, exceed_multiple, kind, goods_value) -> accepted?
ROWS = [
    ("ph-empty", "discharge", "ph", "", "", "", True),      # pH: the multiple is not read
    ("cod-empty", "discharge", "cod", "", "", "", False),   # COD: the multiple is read, and missing
    ("cod-half", "discharge", "cod", "0.5", "", "", True),
    ("fixed-empty", "goods", "", "", "fixed", "", True),     # a fixed fine: the goods value is not read
    ("value-empty", "goods", "", "", "value", "", False),    # by goods value: read, and missing
    ("value-given", "goods", "", "", "value", "12000", True),
]


@pytest.fixture(scope="module")
def rb():
    return load_rulebook_text(RULEBOOK, "branches.yaml")


@pytest.fixture()
def csv(tmp_path):
    lines = ["case_id,violation,pollutant,exceed_multiple,kind,goods_value,fine"]
    for case_id, vid, pol, mult, kind, gv, _ in ROWS:
        lines.append(f"{case_id},{vid},{pol},{mult},{kind},{gv},1500")
    p = tmp_path / "branches.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_a_branch_only_column_may_be_empty_on_the_other_branch(rb, csv):
    result = review(str(csv), rb)
    accepted = set(result.cases["case_id"].to_list())
    assert accepted == {r[0] for r in ROWS if r[-1]}
    rejected = dict(result.rejected.select("case_id", "reject").iter_rows())
    assert rejected == {"cod-empty": "review.reject.missing_fact|exceed_multiple",
                        "value-empty": "review.reject.missing_fact|goods_value"}


def test_an_accepted_row_has_the_result_calc_gives(rb, csv):
    result = review(str(csv), rb)
    got = {r["case_id"]: r for r in result.cases.select("case_id", "low", "high", "recommended").to_dicts()}
    calc_facts = {"ph-empty": ("discharge", {"pollutant": "ph"}), "cod-half": ("discharge", {"pollutant": "cod",
                  "exceed_multiple": "0.5"}), "fixed-empty": ("goods", {"kind": "fixed"}),
                  "value-given": ("goods", {"kind": "value", "goods_value": 12000})}
    for case_id, (vid, facts) in calc_facts.items():
        a = assess(rb, parse_case({"violation": vid, "facts": facts}, rb)).acts[0].head
        assert (got[case_id]["low"], got[case_id]["high"], got[case_id]["recommended"]) == \
            (a["range"]["low"], a["range"]["high"], a["recommended"]), case_id
    # by hand: pH is the band 100,000-200,000 yuan (midpoint 150,000); COD under 1 x is 200,000-500,000
    # (350,000); the fixed fine 50,000-100,000 is split 0-50 % lighter -> [50,000, 75,000) (no default grade: the
    # first within the range), midpoint 62,500; by value 10-20 x 12,000 = 120,000-240,000, lighter [120,000,
    # 180,000), midpoint 150,000
    assert (got["ph-empty"]["low"], got["ph-empty"]["recommended"]) == (100_000 * YUAN, 150_000 * YUAN)
    assert (got["cod-half"]["low"], got["cod-half"]["recommended"]) == (200_000 * YUAN, 350_000 * YUAN)
    assert (got["fixed-empty"]["low"], got["fixed-empty"]["high"], got["fixed-empty"]["recommended"]) == \
        (50_000 * YUAN, 75_000 * YUAN, 62_500 * YUAN)
    assert (got["value-given"]["low"], got["value-given"]["recommended"]) == (120_000 * YUAN, 150_000 * YUAN)


def test_the_grouped_and_the_per_row_paths_agree(rb, csv):
    raw = read_cases(csv, rb)
    a_cases, a_bad = _batch(rb, raw, {}, columnar.Stats(), grouped=True)
    b_cases, b_bad = _batch(rb, raw, {}, columnar.Stats(), grouped=False)
    assert a_bad.equals(b_bad) and a_bad.height == 2
    assert a_cases.with_columns(pl.col(pl.Categorical).cast(pl.String)).equals(
        b_cases.with_columns(pl.col(pl.Categorical).cast(pl.String)))
