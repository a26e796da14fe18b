"""The column path equals the per-case engine (penalty.engine.assess.assess_act) on every case: Hypothesis-drawn
facts and a large seeded random sample, on every bundled rulebook and on the stress rulebooks of this folder
(percent and multiple bases, points, geometric splits, UNBOUNDED, every rounding mode in use)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from penalty.rulebook.load import load_rulebook
from tests.review.conftest import all_rulebook_paths, compare, fact_value, random_items

PATHS = all_rulebook_paths()
_RB = {}


def rulebook(path):
    if path not in _RB:
        _RB[path] = load_rulebook(path)
    return _RB[path]


# The whole Guangdong book (317 tables) costs ~5 s a batch to plan in columns: a few Hypothesis batches there,
# beside its 4,000-case seeded sample below; every other book gets 25.
BIG = {"gd-eco-2022"}


@pytest.mark.parametrize("path", [p for p in PATHS if p.stem not in BIG], ids=lambda p: p.stem)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2 ** 32 - 1), n=st.integers(1, 80))
def test_columns_equal_engine_hypothesis(path, seed, n):
    compare(rulebook(path), random_items(rulebook(path), n, seed))


@pytest.mark.parametrize("path", [p for p in PATHS if p.stem in BIG], ids=lambda p: p.stem)
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2 ** 32 - 1), n=st.integers(40, 200))
def test_columns_equal_engine_hypothesis_on_the_big_book(path, seed, n):
    compare(rulebook(path), random_items(rulebook(path), n, seed))


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_columns_equal_engine_large_sample(path):
    rb = rulebook(path)
    stats = compare(rb, random_items(rb, 4000, seed=7))
    assert stats.key_rows > 0


def test_every_path_is_exercised():
    """The stress rulebooks reach the columnar arithmetic and the row-by-row fallback, not only the key path."""
    a = rulebook(next(p for p in PATHS if p.stem == "stress-a"))
    b = rulebook(next(p for p in PATHS if p.stem == "stress-b"))
    sa, sb = compare(a, random_items(a, 2000, 3)), compare(b, random_items(b, 2000, 3))
    assert sa.columnar_rows > 500 and sa.fallback_rows == 0
    assert sb.fallback_rows > 0


@given(st.data())
@settings(max_examples=40, deadline=None)
def test_money_boundaries_cn(data):
    """Goods values around the 10,000 yuan switch and tiny bases, drawn by Hypothesis directly."""
    import random
    rb = rulebook(next(p for p in PATHS if p.stem == "cn-env-food"))
    v = rb.violation("food-124-additives")
    gv = data.draw(st.one_of(st.integers(999_990, 1_000_010), st.integers(0, 10 ** 11)))
    rnd = random.Random(data.draw(st.integers(0, 1000)))
    facts = {n: fact_value(rb, rb.facts[n], rnd) for n in ("harm_caused", "recalled_in_time", "repeat_within_year")}
    facts.update({n: rb.facts[n].default for n in rb.facts if rb.facts[n].default is not None})
    facts["goods_value"] = gv
    compare(rb, [(v.id, dict(sorted(facts.items())))])


def test_grouped_path_equals_row_path(tmp_path):
    """grouped.py (once per distinct combination of cells) gives the same rows as the per-row path."""
    import polars as pl
    from penalty.review import columnar
    from penalty.review.core import _batch
    from penalty.review.read import read_cases
    from penalty.review.synthetic import generate
    rb = rulebook(next(p for p in PATHS if p.stem == "cn-env-food"))
    frame, _ = generate(rb, 20_000, seed=21, planted=0.05, bad=0.01)
    p = tmp_path / "g.csv"
    frame.write_csv(p)
    raw = read_cases(p, rb)
    a_cases, a_bad = _batch(rb, raw, {}, columnar.Stats(), grouped=True)
    b_cases, b_bad = _batch(rb, raw, {}, columnar.Stats(), grouped=False)
    assert a_bad.height > 100 and a_bad.equals(b_bad)
    assert a_cases.with_columns(pl.col(pl.Categorical).cast(pl.String)).equals(
        b_cases.with_columns(pl.col(pl.Categorical).cast(pl.String)))


@pytest.mark.parametrize("words", ['"(a, b]"', '"(a, b)"', "both_inclusive"])
def test_columns_equal_engine_under_other_boundary_words(words):
    """Every bundled Chinese violation under other boundary words (issue 12): the columns mirror the engine's
    ends, the statutory-limit exception and the recommendation stepping off an excluded end."""
    from penalty.rulebook.bundled import bundled_dir
    from penalty.rulebook.load import load_rulebook_text
    text = (bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8").replace(
        "boundaries: lower_inclusive", f"boundaries: {words}", 1)
    rb = load_rulebook_text(text, "cn-env-food.yaml", base_dir=bundled_dir())
    stats = compare(rb, random_items(rb, 1500, seed=11))
    assert stats.columnar_rows + stats.key_rows > 0
