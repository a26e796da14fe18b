"""Rows worked out by hand, on every path of the review's engine (key, columnar, fallback): both backends of the
money path (penalty.engine.money_path) and the row-by-row reference are held to amounts computed from the law's
rules on paper, not to each other. Rulebook: rulebooks/hand-worked.yaml (amounts in fen; rounding to whole yuan,
half up; boundaries 以上含本数、以下不含本数; shares light 0-50 %, heavy 50-100 %; 减轻 20-80 % of the minimum).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from penalty.review.columnar import OUT_COLS, Stats, evaluate, frame_from_facts, reference_row
from penalty.rulebook.load import load_rulebook

YUAN = 100
RB = Path(__file__).parent / "rulebooks" / "hand-worked.yaml"
KEYS = ("stat_low", "stat_high", "grade", "low", "high", "low_inclusive", "high_inclusive", "recommended",
        "before_clamp", "adjustments")



def expect(statutory, grade, band, ends, recommended, before=None, adj=""):
    """A review row's amounts: statutory (low, high), the grade, the band, which ends it includes."""
    return dict(stat_low=statutory[0], stat_high=statutory[1], grade=grade, low=band[0], high=band[1],
                low_inclusive=ends[0], high_inclusive=ends[1], recommended=recommended, before_clamp=before,
                adjustments=adj)


# (violation, facts, path, expected). Each worked out below from the rulebook's numbers.
ROWS = [
    # 10 % - 50 % of 10,000 yuan = 1,000 - 5,000 yuan. light: 0-50 % -> [1,000, 3,000); the lower end is the
    # statutory minimum itself, the upper end (excluded: 以下不含本数) is not the maximum. Midpoint 2,000.
    ("pct", {"gains": 10_000 * YUAN}, "columnar",
     expect((1_000 * YUAN, 5_000 * YUAN), "light", (1_000 * YUAN, 3_000 * YUAN), (True, False), 2_000 * YUAN)),
    # heavy: 50-100 % -> [3,000, 5,000]; 5,000 is the statutory maximum and no other band holds it: included.
    ("pct", {"gains": 10_000 * YUAN, "serious": True}, "columnar",
     expect((1_000 * YUAN, 5_000 * YUAN), "heavy", (3_000 * YUAN, 5_000 * YUAN), (True, True), 4_000 * YUAN)),
    # gains 12,345.67 yuan = 1,234,567 fen: low = ceil(123,456.7) = 123,457, high = floor(617,283.5) = 617,283.
    # light's top: 123,457 + 493,826 / 2 = 370,370 fen, rounded to whole yuan = 370,400. Recommended: the
    # midpoint of the unrounded band, (123,457 + 370,370) / 2 = 246,913.5 fen = 2,469.135 yuan -> 2,469 yuan.
    ("pct", {"gains": 1_234_567}, "columnar",
     expect((123_457, 617_283), "light", (123_457, 370_400), (True, False), 246_900)),
    # heavy on the same range: [370,400, 617,283); (370,370 + 617,283) / 2 = 493,826.5 fen -> 4,938 yuan. The
    # maximum 6,172.83 yuan is not included this time: s0's band [6,000, 9,000) holds that amount, so the
    # boundary words stand (the maximum belongs to one cell only).
    ("pct", {"gains": 1_234_567, "serious": True}, "columnar",
     expect((123_457, 617_283), "heavy", (370_400, 617_283), (True, False), 493_800)),
    # art. 32 one grade lighter: heavy -> light, the light band of the row above.
    ("pct", {"gains": 1_234_567, "serious": True, "minor": True}, "columnar",
     expect((123_457, 617_283), "light", (123_457, 370_400), (True, False), 246_900, adj="a-minor")),
    # light one lighter is 减轻: 20-80 % of the minimum 1,000 yuan = [200, 800); the minimum itself is not 减轻.
    # Midpoint 500 yuan.
    ("pct", {"gains": 10_000 * YUAN, "minor": True}, "columnar",
     expect((1_000 * YUAN, 5_000 * YUAN), "mitig", (200 * YUAN, 800 * YUAN), (True, False), 500 * YUAN, adj="a-minor")),
    # s0's table band 6,000 - 9,000 yuan lies above the maximum of 5,000: the statutory clamp brings the band
    # and the midpoint (7,500) down to 5,000, a step of its own (before_clamp 7,500); a single amount holds itself.
    ("pct", {"gains": 10_000 * YUAN, "months": 120}, "columnar",
     expect((1_000 * YUAN, 5_000 * YUAN), "heavy", (5_000 * YUAN, 5_000 * YUAN), (True, True), 5_000 * YUAN, before=7_500 * YUAN)),
    # a fixed range of 1,000 - 5,000 yuan: the same bands as the first two rows, through the key path.
    ("fixed", {"gains": 0}, "key",
     expect((1_000 * YUAN, 5_000 * YUAN), "light", (1_000 * YUAN, 3_000 * YUAN), (True, False), 2_000 * YUAN)),
    ("fixed", {"gains": 0, "serious": True}, "key",
     expect((1_000 * YUAN, 5_000 * YUAN), "heavy", (3_000 * YUAN, 5_000 * YUAN), (True, True), 4_000 * YUAN)),
    # 1 - 4 times 10,000 yuan, geometric: light reaches 10,000 × 4^0.5 = 20,000 yuan, heavy from there to
    # 40,000; the recommended point is the midpoint of the band's ends (15,000 and 30,000).
    ("geo", {"gains": 10_000 * YUAN}, "fallback",
     expect((10_000 * YUAN, 40_000 * YUAN), "light", (10_000 * YUAN, 20_000 * YUAN), (True, False), 15_000 * YUAN)),
    ("geo", {"gains": 10_000 * YUAN, "serious": True}, "fallback",
     expect((10_000 * YUAN, 40_000 * YUAN), "heavy", (20_000 * YUAN, 40_000 * YUAN), (True, True), 30_000 * YUAN)),
]


def _facts(rb, given: dict) -> dict:
    facts = {n: f.default for n, f in rb.facts.items() if f.default is not None}
    facts.update(given)
    return dict(sorted(facts.items()))


@pytest.fixture(scope="module")
def rb():
    return load_rulebook(RB)


@pytest.fixture(scope="module")
def review(rb):
    items = [(vid, _facts(rb, facts)) for vid, facts, _, _ in ROWS]
    stats = Stats()
    out = evaluate(rb, frame_from_facts(rb, items), stats)
    return items, out.select(OUT_COLS).to_dicts(), stats


@pytest.mark.parametrize("i", range(len(ROWS)), ids=lambda i: f"{ROWS[i][0]}-{i}")
def test_review_row_equals_the_hand_worked_amounts(review, i):
    _, rows, _ = review
    vid, facts, path, expected = ROWS[i]
    got = rows[i]
    assert got["path"] == path
    assert {k: got[k] for k in KEYS} == expected


@pytest.mark.parametrize("i", range(len(ROWS)), ids=lambda i: f"{ROWS[i][0]}-{i}")
def test_reference_engine_equals_the_hand_worked_amounts(rb, review, i):
    items, _, _ = review
    vid, facts = items[i]
    got = reference_row(rb, rb.violation(vid), facts)
    assert {k: got[k] for k in KEYS} == ROWS[i][3]


def test_every_path_has_hand_worked_rows(review):
    _, _, stats = review
    assert stats.columnar_rows == 7 and stats.key_rows == 2 and stats.fallback_rows == 2
