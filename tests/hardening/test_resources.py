"""What an adversary makes large is refused or summarised before it costs much: a list over the limit is
counted from the YAML events before the document is built; unknown facts past the first few are counted."""
import pytest

from penalty.errors import CaseError, RulebookError
from penalty.engine.facts import MAX_UNKNOWN_SHOWN, parse_case
from penalty.rulebook import load as L
from penalty.rulebook.bundled import bundled_dir
from penalty.rulebook.load import load_rulebook, load_rulebook_text
from penalty.rulebook.spec import LIMITS

RULEBOOK = (bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8")
HEAD = RULEBOOK.split("\nviolations:\n", 1)[0] + "\nviolations:\n"
VIOLATION = """  - id: v-{i}
    title: {{zh: 违法{i}, en: v{i}}}
    violated: {{zh: 第一条, en: art. 1}}
    penalty_basis: {{zh: 第二条, en: art. 2}}
    statutory: {{range: [20000, 200000], label: {{zh: 处罚款, en: fine}}}}
    model:
      situations:
        - {{id: all, label: {{zh: 全部, en: all}}, when: "count_2y >= 0", band: [20000, 200000]}}
"""


SMALL = 40  # a limit for the tests, above every other list in the bundled rulebook's head


def rulebook_with(n):
    return HEAD + "".join(VIOLATION.format(i=i) for i in range(n))


def refusal(text):
    with pytest.raises(RulebookError) as e:
        load_rulebook_text(text, "many.yaml", base_dir=bundled_dir())
    return e.value.problems


def test_one_violation_over_the_limit_is_refused_before_it_is_built(monkeypatch):
    monkeypatch.setitem(LIMITS, "list_items", SMALL)
    monkeypatch.setattr(L, "COUNT_FIRST_FROM", 0)  # a file this small is counted first too
    built = []
    real = L.parse_yaml
    monkeypatch.setattr(L, "parse_yaml", lambda *a, **k: built.append(1) or real(*a, **k))
    problems = refusal(rulebook_with(SMALL + 1))
    first_item = HEAD.count("\n") + 1
    assert [(p.code, p.args["where"], p.args["max"]) for p in problems] == [("spec.too_many", "rulebook.violations", SMALL)]
    assert (problems[0].pos.line, problems[0].pos.column) == (first_item, 3) and built == []
    # what validation would have said, had the document been built: the same problem at the same place
    monkeypatch.setattr(L, "_count_first", lambda *a: None)
    assert refusal(rulebook_with(SMALL + 1)) == problems and built == [1]


def test_at_the_limit_the_rulebook_loads(monkeypatch):
    monkeypatch.setitem(LIMITS, "list_items", SMALL)
    rb = load_rulebook_text(rulebook_with(SMALL), "small.yaml", base_dir=bundled_dir())
    assert [v.id for v in rb.violations] == [f"v-{i}" for i in range(SMALL)]


def test_a_nested_list_over_the_limit_is_named_by_its_path(monkeypatch):
    monkeypatch.setitem(LIMITS, "list_items", SMALL)
    monkeypatch.setattr(L, "COUNT_FIRST_FROM", 0)
    many = ", ".join(["1"] * (SMALL + 1))
    text = rulebook_with(1).replace('when: "count_2y >= 0"', 'when: "count_2y >= 0", x: [' + many + ']')
    problems = refusal(text)
    assert problems[0].args["where"] == "rulebook.violations[1].model.situations[1].x"


def test_a_syntax_error_is_still_named_by_the_parser(monkeypatch):
    monkeypatch.setattr(L, "COUNT_FIRST_FROM", 0)
    problems = refusal(rulebook_with(1) + "  - [unclosed\n")
    assert problems[0].code.startswith("yaml.") and problems[0].pos is not None


def test_unknown_facts_past_the_first_are_counted_not_listed():
    rb = load_rulebook(bundled_dir() / "cn-env-food.yaml")
    facts = {"obstruction": "delaying", "prior_count_1y": 0, **{f"zz_{i}": 1 for i in range(MAX_UNKNOWN_SHOWN + 5)}}
    with pytest.raises(CaseError) as e:
        parse_case({"violation": "gd-water-81-obstruct", "facts": facts}, rb, "case.yaml")
    codes = [p.code for p in e.value.problems]
    assert codes == ["case.unknown_fact"] * MAX_UNKNOWN_SHOWN + ["case.more_unknown_facts"]
    more = e.value.problems[-1]
    assert more.args["count"] == 5 and "and 5 more facts" in more.message("en") and "另有 5 个" in more.message("zh")


def test_a_rulebook_of_10001_violations_is_refused_before_it_is_built(monkeypatch):
    built = []
    real = L.parse_yaml
    monkeypatch.setattr(L, "parse_yaml", lambda *a, **k: built.append(1) or real(*a, **k))
    problems = refusal(rulebook_with(LIMITS["list_items"] + 1))
    assert [(p.code, p.args["where"], p.args["max"]) for p in problems] == [("spec.too_many", "rulebook.violations", 10_000)]
    assert built == []


def test_unknown_keys_past_the_first_are_counted_not_listed():
    rb = load_rulebook(bundled_dir() / "cn-env-food.yaml")
    case = {"violation": "gd-water-81-obstruct", "facts": {"obstruction": "delaying", "prior_count_1y": 0},
            **{f"zz_{i}": 1 for i in range(MAX_UNKNOWN_SHOWN + 3)}}
    with pytest.raises(CaseError) as e:
        parse_case(case, rb, "case.yaml")
    codes = [p.code for p in e.value.problems]
    assert codes == ["case.unknown_key"] * MAX_UNKNOWN_SHOWN + ["case.more_unknown_keys"]
    assert e.value.problems[-1].message("en") == f"and 3 more unknown keys (the first {MAX_UNKNOWN_SHOWN} are listed)"
    acts = {"acts": [{"violation": "gd-water-81-obstruct", "facts": {"obstruction": "delaying", "prior_count_1y": 0},
                      **{f"zz_{i}": 1 for i in range(MAX_UNKNOWN_SHOWN + 1)}}]}
    with pytest.raises(CaseError) as e:
        parse_case(acts, rb, "case.yaml")
    assert e.value.problems[-1].code == "case.more_unknown_keys" and e.value.problems[-1].args["count"] == 1
