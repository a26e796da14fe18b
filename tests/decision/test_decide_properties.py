"""Properties over every example case of every bundled rulebook: what `decide` accepts is lawful, and every
refusal names its rule. The bounds are read from the result's statutory range and bands, and compared here by
hand (not through the decision layer's own helper)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from penalty.decision import DecisionRefused, decide
from penalty.decision.messages import MESSAGES
from penalty.rulebook.bundled import bundled_dir, bundled_names, bundled_rulebook
from penalty.testing.cases import load_cases, run_case


def _examples():
    out = []
    for name in bundled_names():
        path = bundled_dir() / f"{name}.cases.yaml"
        if not path.is_file():
            continue
        rb = bundled_rulebook(name)
        for spec, pos in load_cases(path):
            outcome = run_case(rb, spec, pos)
            if outcome.result is not None and len(outcome.result["decision"]["applied"]) == 1:
                out.append((rb, outcome.result))
    return out


EXAMPLES = _examples()


def _holds(amount, band) -> bool:
    low, high = band["low"], band["high"]
    above_low = amount > low or (amount == low and band["low_inclusive"])
    below_high = not isinstance(high, int) or amount < high or (amount == high and band["high_inclusive"])
    return above_low and below_high


def test_there_are_examples_to_decide():
    assert len(EXAMPLES) > 20


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_accepted_means_lawful_and_refused_means_a_named_rule(data):
    rb, result = data.draw(st.sampled_from(EXAMPLES))
    act = result["acts"][result["decision"]["applied"][0]]
    stat = act["statutory"]
    low = stat["low"] if isinstance(stat["low"], int) else 0
    top = stat["high"] if isinstance(stat["high"], int) else low * 10 + 10_000
    # amounts near the interesting points: the band's ends, the statutory ends, and anywhere in between
    points = [act["range"]["low"], act["range"]["high"], stat["low"], top]
    points = [p for p in points if isinstance(p, int)]
    amount = data.draw(st.one_of(st.integers(min_value=-5, max_value=top + 100),
                                 st.sampled_from(points).flatmap(lambda p: st.integers(p - 1, p + 1))))
    reasons = sorted((rb.plain["rulebook"].get("deviation_reasons") or {}))
    try:
        d = decide(rb, result, amount)
    except DecisionRefused as exc:
        code = exc.problems[0].code
        assert code.startswith("decision.") and code in MESSAGES and exc.problems[0].message("en") != code
        return
    assert not reasons  # no bundled rulebook lists deviation reasons, so no deviation is ever accepted
    if d.status == "within_band":
        assert _holds(amount, act["range"])
    else:
        assert d.status == "alternative" and any(_holds(amount, a["range"]) for a in act["alternatives"])
    assert amount >= 0 and (not isinstance(stat["high"], int) or amount <= stat["high"])
    if not isinstance(stat["low"], int) or amount < stat["low"]:
        # below the minimum only where the result itself is 不予处罚 / 减轻 (a shall rule of the law, in its trace),
        # a 警告 the statute offers instead of the fine (给予警告或者…罚款: no fine at all), or on a ground the
        # result offers, cited
        assert act["grade_kind"] in ("no_penalty", "warning", "below_minimum") or (d.status == "alternative" and d.basis)


def test_the_recommended_amount_is_always_accepted():
    for rb, result in EXAMPLES:
        act = result["acts"][result["decision"]["applied"][0]]
        if isinstance(act["recommended"], int):
            assert decide(rb, result, act["recommended"]).status == "within_band"


def _with_reasons():
    """cn-env-food's example cases under a copy of the rulebook that lists deviation reasons (tests/decision/conftest)."""
    import tempfile
    from pathlib import Path

    from penalty.rulebook.load import load_rulebook
    from tests.decision.conftest import REASONS
    folder = Path(tempfile.mkdtemp())
    path = folder / "cn-env-food.yaml"
    path.write_text((bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8") + REASONS, encoding="utf-8")
    rb = load_rulebook(path)
    out = []
    for spec, pos in load_cases(bundled_dir() / "cn-env-food.cases.yaml"):
        outcome = run_case(rb, spec, pos)
        if outcome.result is not None and len(outcome.result["decision"]["applied"]) == 1:
            out.append(outcome.result)
    return rb, out


WITH_REASONS = _with_reasons()


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_with_reasons_listed_an_accepted_decision_is_still_lawful(data):
    rb, results = WITH_REASONS
    result = data.draw(st.sampled_from(results))
    act = result["acts"][result["decision"]["applied"][0]]
    stat = act["statutory"]
    top = stat["high"] if isinstance(stat["high"], int) else (stat["low"] if isinstance(stat["low"], int) else 0) * 10 + 10_000
    points = [p for p in (act["range"]["low"], act["range"]["high"], stat["low"], top) if isinstance(p, int)]
    amount = data.draw(st.one_of(st.integers(min_value=-5, max_value=top + 100),
                                 st.sampled_from(points).flatmap(lambda p: st.integers(p - 1, p + 1))))
    reason = data.draw(st.sampled_from([None, "special_circumstances", "social_impact", "not_listed"]))
    note = data.draw(st.sampled_from([None, "", "  ", "reported in the provincial press"]))
    try:
        d = decide(rb, result, amount, reason=reason, note=note)
    except DecisionRefused as exc:
        code = exc.problems[0].code
        assert code.startswith("decision.") and code in MESSAGES and exc.problems[0].message("en") != code
        return
    # lawful: never negative, never above the statutory maximum, and a listed reason is the only way a code gets in
    assert amount >= 0 and (not isinstance(stat["high"], int) or amount <= stat["high"])
    assert reason in (None, "special_circumstances", "social_impact")
    if d.status in ("within_band", "alternative"):
        assert _holds(amount, d.band)  # never an excluded end of the band it claims
        assert d.band == act["range"] or any(d.band == a["range"] for a in act["alternatives"])
    else:
        assert d.status == "deviation" and reason is not None and (note or "").strip()
        assert not _holds(amount, act["range"]) and not any(_holds(amount, a["range"]) for a in act["alternatives"])
        assert isinstance(stat["low"], int) and amount >= stat["low"]  # a deviation stays inside the statutory range
