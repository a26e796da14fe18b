from decimal import Decimal

from hypothesis import given, settings, strategies as st

from penalty.diff.intervals import fact_sets, set_text
from penalty.rulebook import model as M
from penalty.rulebook import conditions as C
from penalty.rulebook.load import fact_literal

FACTS = {
    "n": M.FactDef("n", "integer", None, None, 0, 50, {}, True, None, None),
    "x": M.FactDef("x", "number", None, None, None, None, {}, True, None, None),
    "e": M.FactDef("e", "enum", None, None, None, None, {"a": "A", "b": "B", "c": "C"}, True, None, None),
    "b": M.FactDef("b", "boolean", None, None, None, None, {}, True, None, None),
}


def cond(text):
    ast = C.bind(C.parse(text), FACTS, lambda f, v: fact_literal(f, v, 100))
    return M.Condition(text, ast, None, tuple(C.names(ast)), C.compile_predicate(ast))


def member(s, v):
    if s["kind"] == "values":
        return v in s["values"]
    for lo, lo_c, hi, hi_c in s["intervals"]:
        if (lo is None or lo < v or (lo_c and lo == v)) and (hi is None or v < hi or (hi_c and hi == v)):
            return True
    return False


OPS = st.sampled_from(["<", "<=", ">", ">=", "==", "!="])
NUM = st.integers(min_value=0, max_value=20)


@st.composite
def conditions(draw, depth=2):
    if depth == 0 or draw(st.booleans()):
        kind = draw(st.sampled_from(["cmp", "chain", "in"]))
        if kind == "cmp":
            return f"{'x'} {draw(OPS)} {draw(NUM)}"
        if kind == "chain":
            a, b = sorted([draw(NUM), draw(NUM)])
            return f"{a} {draw(st.sampled_from(['<', '<=']))} x {draw(st.sampled_from(['<', '<=']))} {b}"
        return f"x {'not ' if draw(st.booleans()) else ''}in [{draw(NUM)}, {draw(NUM)}]"
    op = draw(st.sampled_from(["and", "or", "not"]))
    if op == "not":
        return f"not ({draw(conditions(depth - 1))})"
    return f"({draw(conditions(depth - 1))}) {op} ({draw(conditions(depth - 1))})"


@settings(max_examples=300, deadline=None)
@given(conditions(), st.lists(st.integers(min_value=-40, max_value=80), min_size=1, max_size=20))
def test_the_set_is_exactly_where_the_condition_holds(text, halves):
    c = cond(text)
    s = fact_sets(c, FACTS)["x"]
    for h in halves:
        v = Decimal(h) / 2  # integers and the halves between them
        assert member(s, v) == c({"x": v}), (text, v, s)


def test_integer_sets_are_closed_and_clipped():
    s = fact_sets(cond("n > 3 and n < 10"), FACTS)["n"]
    assert s["intervals"] == [[4, True, 9, True]]
    assert set_text(fact_sets(cond("n >= 4"), FACTS)["n"], str, "en") == "[4, 50]"
    assert set_text(fact_sets(cond("n == 3"), FACTS)["n"], str, "en") == "3"


def test_enums_booleans_and_conjunctions():
    s = fact_sets(cond("e != 'b' and not b"), FACTS)
    assert s == {"e": {"kind": "values", "values": ["a", "c"]}, "b": {"kind": "values", "values": [False]}}
    assert fact_sets(cond("e == 'a' or b"), FACTS) is None  # an `or` across facts stays text
    assert set_text(fact_sets(cond("x < 1 or x >= 3"), FACTS)["x"], str, "en") == "(−∞, 1) ∪ [3, ∞)"
    assert set_text(fact_sets(cond("x < 1 and x > 3"), FACTS)["x"], str, "en") == "∅"
