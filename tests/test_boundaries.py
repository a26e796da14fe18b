"""Boundary words (issue 12): which end of a band includes the number, as the documents word it.

Expected values are read from the words and worked out by hand: e.g. Guangdong art. 23 (以上含本数、以下不含本数)
makes 16万元以上20万元以下 exclude 200,000 when the table gives 200,000 a row of its own.
"""
import re
from pathlib import Path

import pytest

from penalty.engine.assess import assess
from penalty.engine.facts import parse_case
from penalty.errors import RulebookError
from penalty.rulebook.boundaries import Ends, ends_text, parse
from penalty.rulebook.load import load_rulebook_text

BASE = (Path(__file__).parent / "authoring" / "base.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("words,low,high", [
    ("lower_inclusive", True, False),
    ("both_inclusive", True, True),
    ("[a, b)", True, False),
    ("[a, b]", True, True),
    ("(a, b]", False, True),
    ("(a, b)", False, False),
    ("以上含本数、以下不含本数", True, False),      # Guangdong art. 23
    ("本标准所称“以上”含本数，“以下”不含本数", True, False),
    ("“以下”不包括本数，“以上”包括本数", True, False),  # Guangdong art. 23 verbatim
    ("以上、以下均含本数", True, True),            # Jiangmen art. 16
    ("以上、以下均不含本数", False, False),
    ("超过…不满", False, False),                  # 长三角 tax: 超过 / 不满 exclude the number
    ("以上…以下", True, True),                    # Civil Code art. 1259: 以上、以下 include the number
    ("超过…以下", False, True),
    ("不少于…不超过", True, True),
    ({"low": "included", "high": "excluded"}, True, False),
    ({"low": "excluded", "high": "included"}, False, True),
])
def test_boundary_words_mean_two_ends(words, low, high):
    assert parse(words) == Ends(low, high)


@pytest.mark.parametrize("words", ["以上", "不满", "lower", "[a, b", "", {"low": "included"}])
def test_words_that_do_not_name_both_ends_are_refused(words):
    assert parse(words) is None


def _rb(text, name="edges.yaml"):
    return load_rulebook_text(text, name)


def _act(rb, violation, facts):
    facts = {"corrected": False, **facts}
    return assess(rb, parse_case({"violation": violation, "facts": facts}, rb)).acts[0].data


# the counted violation of base.yaml: 2万–20万 in three tiers; a fourth tier of its own for 200,000
TOP_ROW = BASE.replace('''        - {id: more, when: "count >= 3", band: [100000, 200000]}''',
                       '''        - {id: more, when: "count >= 3 and count < 5", band: [100000, 200000]}
        - {id: most, when: "count >= 5", band: 200000}''')


def test_the_top_band_excludes_the_maximum_when_the_table_gives_it_its_own_row():
    rb = _rb(TOP_ROW)
    r = _act(rb, "counted", {"count": 3})
    assert r["range"] == {"low": 10000000, "high": 20000000, "low_inclusive": True, "high_inclusive": False}
    top = _act(rb, "counted", {"count": 5})
    assert top["range"] == {"low": 20000000, "high": 20000000, "low_inclusive": True, "high_inclusive": True}


def test_the_top_band_includes_the_maximum_when_no_other_cell_holds_it():
    r = _act(_rb(BASE), "counted", {"count": 3})  # [100000, 200000]: 200,000 is nobody else's
    assert (r["range"]["high"], r["range"]["high_inclusive"]) == (20000000, True)
    r = _act(_rb(BASE), "counted", {"count": 2})  # [50000, 100000): 100,000 belongs to the next tier
    assert (r["range"]["high"], r["range"]["high_inclusive"]) == (10000000, False)


def test_a_violation_and_a_tier_can_say_their_own_words():
    text = BASE.replace('''    statutory: {range: [20000, 200000]}
    measures: {always: [order_correct]}''', '''    statutory: {range: [20000, 200000]}
    boundaries: 以上、以下均含本数
    measures: {always: [order_correct]}''').replace(
        '''        - {id: second, when: "count == 2", band: [50000, 100000]}''',
        '''        - {id: second, when: "count == 2", band: [50000, 100000], boundaries: "(a, b)"}''')
    rb = _rb(text)
    first = _act(rb, "counted", {"count": 1})["range"]
    assert (first["low_inclusive"], first["high_inclusive"]) == (True, True)  # the violation's 均含本数
    second = _act(rb, "counted", {"count": 2})["range"]
    assert (second["low_inclusive"], second["high_inclusive"]) == (False, False)  # the tier's own (a, b)


def test_the_recommendation_never_sits_on_an_excluded_end():
    # (a, b] with `recommend: low`: the low end 50,000 is excluded, so the recommendation is one step (1 yuan) above
    text = BASE.replace("boundaries: lower_inclusive", 'boundaries: "(a, b]"').replace(
        "    heavier: [70, 100]\n", "    heavier: [70, 100]\n  recommend: low\n", 1)
    r = _act(_rb(text), "counted", {"count": 2})
    assert r["range"]["low_inclusive"] is False and r["recommended"] == 5000100
    # the lowest tier starts at the statutory minimum, which no other tier holds: included
    first = _act(_rb(text), "counted", {"count": 1})
    assert first["range"]["low_inclusive"] is True and first["recommended"] == 2000000


def test_bad_words_name_file_line_and_column():
    with pytest.raises(RulebookError) as exc:
        _rb(BASE.replace("boundaries: lower_inclusive", "boundaries: 以下不含本数"), "gd.yaml")
    p = exc.value.problems[0]
    assert (p.code, p.pos.file, p.pos.line, p.pos.column) == ("load.bad_boundaries", "gd.yaml", 7, 13)
    for lang in ("zh", "en"):
        assert not re.search(r"\{[a-z_]+\}", p.message(lang) + p.hint(lang))  # every placeholder filled


@pytest.mark.parametrize("low_inc,high_inc,zh,en", [
    (True, False, "120,000元以上、160,000元以下（不含160,000元）", "from 120,000 yuan up to but not including 160,000 yuan"),
    (True, True, "120,000元以上、160,000元以下（含120,000元、160,000元）", "from 120,000 yuan up to and including 160,000 yuan"),
    (False, True, "超过120,000元、160,000元以下（不含120,000元，含160,000元）", "more than 120,000 yuan, up to and including 160,000 yuan"),
    (False, False, "超过120,000元、不满160,000元（均不含本数）", "more than 120,000 yuan and less than 160,000 yuan"),
])
def test_a_band_is_written_with_its_ends(low_inc, high_inc, zh, en):
    unit = _rb(BASE).unit
    assert ends_text(unit, 12000000, 16000000, low_inc, high_inc, "zh") == zh
    assert ends_text(unit, 12000000, 16000000, low_inc, high_inc, "en") == en
    assert ends_text(unit, 16000000, 16000000, True, True, "zh") == "160,000元"


def test_the_checker_finds_no_amount_in_two_cells_of_the_top_row_table():
    from penalty.authoring.check import check_text
    assert [p.code for p in check_text(TOP_ROW, "top.yaml").problems if p.code == "check.cell_overlap"] == []
    # written closed on both ends ([a, b]), 200,000 sits in two cells: the checker names the second one's place
    closed = TOP_ROW.replace('band: [100000, 200000]}', 'band: [100000, 200000], boundaries: "[a, b]"}')
    found = [p for p in check_text(closed, "top.yaml").problems if p.code == "check.cell_overlap"]
    assert [(p.pos.line, p.args["amount"]["en"]) for p in found] == [(TOP_ROW.splitlines().index(
        '        - {id: most, when: "count >= 5", band: 200000}') + 1, "200,000 yuan")]


def test_every_output_says_whether_an_end_is_allowed(tmp_path):
    """Guangdong art. 81 grid (粤环发〔2021〕7号): 围堵、滞留、威胁 with a prior in the year is 17万元以上20万元以下,
    and 殴打执法人员 has 20万元 of its own, so under art. 23 the first excludes 200,000."""
    import csv
    import io

    from typer.testing import CliRunner

    from penalty.cli.app import app
    runner = CliRunner()
    case = tmp_path / "case.yaml"
    case.write_text("violation: gd-water-81-obstruct\nfacts: {obstruction: blocking, prior_count_1y: 1}\n", encoding="utf-8")
    zh = runner.invoke(app, ["calc", str(case), "--lang", "zh"]).output
    assert "170,000元以上、200,000元以下（不含200,000元）" in zh
    md = runner.invoke(app, ["calc", str(case), "--lang", "en", "--format", "md"]).output
    assert "from 170,000 yuan up to but not including 200,000 yuan" in md
    rows = {r["item"]: r for r in csv.DictReader(io.StringIO(
        runner.invoke(app, ["catalogue", "cn-env-food", "-f", "csv"]).output))}
    assert (rows["blocking×one_in_year"]["high_included"], rows["assault×one_in_year"]["high_included"]) == ("no", "yes")
    assert rows["blocking×one_in_year"]["band"] == "170,000元以上、200,000元以下（不含200,000元）"


@pytest.mark.parametrize("expect,ok,diff", [
    ({"range": "[170000, 200000)", "recommended": 185000}, True, None),
    ({"range": "[170000, 200000]"}, False, ("range", "[170000, 200000]", "[170000, 200000)")),
    ({"range": [170000, 200000], "recommended": "185000"}, True, None),  # a quoted amount is an amount
    ({"recommended": "185,000"}, True, None),
    ({"recommended": "200000"}, False, ("recommended", 20000000, 18500000)),
])
def test_expectations_state_which_ends_are_included(expect, ok, diff):
    from penalty.rulebook.bundled import bundled_rulebook
    from penalty.testing.cases import run_case
    spec = {"name": "blocking, one in the year", "violation": "gd-water-81-obstruct",
            "facts": {"obstruction": "blocking", "prior_count_1y": 1}, "expect": expect}
    out = run_case(bundled_rulebook("cn-env-food"), spec, None)
    assert out.ok is ok and (diff is None or out.diffs == (diff,))


def test_a_single_amount_is_expected_as_one_amount():
    from penalty.rulebook.bundled import bundled_rulebook
    from penalty.testing.cases import run_case
    spec = {"name": "assault", "violation": "gd-water-81-obstruct",
            "facts": {"obstruction": "assault", "prior_count_1y": 0}, "expect": {"range": 200000, "recommended": "200000"}}
    assert run_case(bundled_rulebook("cn-env-food"), spec, None).ok


def test_the_review_flags_a_fine_on_an_excluded_low_end(tmp_path):
    """gd-water-81 written "(a, b]" (超过…以下): 弄虚作假, none in the year, is 60,000–80,000 with 60,000 excluded,
    since the row above (拖延, one in the year, 40,000–60,000) includes it; 80,000 is included."""
    from penalty.review import review
    from penalty.rulebook.bundled import bundled_dir
    text = (bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8").replace(
        "    model:\n      grid:\n        rows:\n          label: {zh: 阻挠程度",
        '    boundaries: "(a, b]"\n    model:\n      grid:\n        rows:\n          label: {zh: 阻挠程度', 1)
    rb = load_rulebook_text(text, "cn-env-food.yaml", base_dir=bundled_dir())
    head = ("案件编号,违法行为,罚款金额,裁量阶次,其他处罚措施,阻挠检查的方式,近一年内同类违法行为次数,决定日期,承办人\n")
    rows = ["X1,gd-water-81-obstruct,60000,,责令改正,falsifying,0,2024-03-01,甲",
            "X2,gd-water-81-obstruct,80000,,责令改正,falsifying,0,2024-03-01,甲",
            "X3,gd-water-81-obstruct,60001,,责令改正,falsifying,0,2024-03-01,甲"]
    p = tmp_path / "cases.csv"
    p.write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    r = review(p, rb)
    assert r.rejected.height == 0, r.rejected
    got = {row["case_id"]: (row["f_below_range"], row["f_above_range"], row["low_inclusive"], row["high_inclusive"])
           for row in r.cases.iter_rows(named=True)}
    assert got == {"X1": (True, False, False, True), "X2": (False, False, False, True), "X3": (False, False, False, True)}


def _in_range(rg, amount) -> bool:
    from penalty.money import UNBOUNDED
    if rg["low"] == rg["high"]:
        return amount == rg["low"]
    if amount is UNBOUNDED:
        return rg["high"] is UNBOUNDED
    above = amount > rg["low"] or (rg["low_inclusive"] and amount == rg["low"])
    below = rg["high"] is UNBOUNDED or amount < rg["high"] or (rg["high_inclusive"] and amount == rg["high"])
    return above and below


BOUNDARY_VARIANTS = [("cn-env-food", None), ("cn-env-food", '"(a, b]"'), ("cn-env-food", '"(a, b)"'),
                     ("example-shapes", None), ("ussg-2016", None)]


@pytest.mark.parametrize("name,words", BOUNDARY_VARIANTS)
def test_the_recommendation_and_alternatives_are_allowed_amounts(name, words):
    """Property (issue 12): whatever the boundary words, the recommended amount of the result and of every
    alternative is an amount its own range allows: never an excluded end."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from penalty.engine.assess import assess_act
    from penalty.errors import CaseError
    from penalty.oracle.strategies import cases_for
    from penalty.rulebook.bundled import bundled_dir
    text = (bundled_dir() / f"{name}.yaml").read_text(encoding="utf-8")
    if words:
        text = re.sub(r"^boundaries: .*$", f"boundaries: {words}", text, count=1, flags=re.M)
    rb = load_rulebook_text(text, f"{name}.yaml", base_dir=bundled_dir())

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.data())
    def run(data):
        vid, facts = data.draw(cases_for(rb))
        try:
            r = assess_act(rb, vid, facts).data
        except CaseError:
            return  # a refused case has no amount
        assert _in_range(r["range"], r["recommended"]), (vid, r["range"], r["recommended"])
        for alt in r["alternatives"]:
            assert _in_range(alt["range"], alt["recommended"]), (vid, alt["adjustment"], alt["range"])
    run()
