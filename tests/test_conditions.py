from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from penalty.rulebook import conditions as C


@pytest.mark.parametrize("text,facts,expected", [
    ("a >= 10 and not b", {"a": Decimal(10), "b": False}, True),
    ("a >= 10 and not b", {"a": Decimal(9), "b": False}, False),
    ("14 <= age < 18", {"age": 14}, True),
    ("14 <= age < 18", {"age": 18}, False),
    ("zone in ['x', 'y']", {"zone": "y"}, True),
    ("zone not in ['x', 'y']", {"zone": "y"}, False),
    ("(a < 1 or a > 5) and b", {"a": Decimal(6), "b": True}, True),
    ("not not b", {"b": True}, True),
])
def test_evaluation(text, facts, expected):
    ast = C.parse(text)
    assert C.compile_predicate(ast)(facts) is expected


@pytest.mark.parametrize("text,code,offset", [
    ("a >", "cond.unexpected", 3),
    ("a @ b", "cond.bad_char", 2),
    ("a > 1 b", "cond.trailing", 6),
    ("(a > 1", "cond.expected", 6),
    ("", "cond.empty", 0),
    ("a in [b]", "cond.list_literal", 6),
    ("__import__('os')", "cond.trailing", 10),
])
def test_syntax_errors_name_the_place(text, code, offset):
    with pytest.raises(C.ConditionSyntaxError) as e:
        C.parse(text)
    assert e.value.code == code
    assert e.value.offset == offset


def test_nothing_but_the_grammar_is_accepted():
    # attribute access, calls, arithmetic: none of them parse, so nothing can run
    for text in ("a.b > 1", "f(x)", "a + 1 > 2", "a[0] == 1", "lambda: 1"):
        with pytest.raises(C.ConditionSyntaxError):
            C.parse(text)


def test_names_in_order():
    assert C.names(C.parse("b > 1 and (a or b == 2)")) == ["b", "a"]


@given(st.text(max_size=60))
def test_parser_never_crashes(text):
    try:
        C.parse(text)
    except C.ConditionSyntaxError:
        pass


def test_depth_limit():
    with pytest.raises(C.ConditionSyntaxError) as e:
        C.parse("(" * 60 + "a" + ")" * 60)
    assert e.value.code == "cond.too_deep"


# ---- the one walker (C.nodes) and what is built on it

def test_nodes_visits_every_node_in_source_order():
    from penalty.rulebook import conditions as C
    ast = C.parse("10000 <= goods_value < 50000 and not (first_offence or region in ['a', 'b'])")
    kinds = [type(n).__name__ for n in C.nodes(ast)]
    assert kinds == ["And", "Compare", "Literal", "Name", "Literal", "Not", "Or", "Name", "In", "Name",
                     "Literal", "Literal"]


def test_literals_by_fact_per_fact_in_order_without_repeats():
    from penalty.rulebook import conditions as C
    asts = [C.parse("goods_value >= 10000 and goods_value < 50000"), C.parse("goods_value < 10000 or count > 2"),
            C.parse("first_offence and region in ['a', 'b']")]
    assert C.literals_by_fact(asts) == {"goods_value": [10000, 50000], "count": [2], "first_offence": [],
                                        "region": ["a", "b"]}
    assert C.names(asts[0]) == ["goods_value"]
