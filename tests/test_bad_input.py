"""Bad rulebooks and bad cases give a short message with file:line:column and a hint, exit 1, and no traceback."""
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.rulebook.bundled import bundled_dir

RULEBOOK = (bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8")
runner = CliRunner()


def calc(*args, input=None):
    result = runner.invoke(app, ["calc", *args], input=input, catch_exceptions=False)
    return result.exit_code, result.output


def broken(tmp_path, old, new, count=1):
    assert old in RULEBOOK, old
    p = tmp_path / "broken.yaml"
    p.write_text(RULEBOOK.replace(old, new, count), encoding="utf-8")
    return p


def case_file(tmp_path, text, name="case.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


GOOD_CASE = "violation: gd-water-81-obstruct\nfacts: {obstruction: delaying, prior_count_1y: 0}\n"


def line_of(text, needle):
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("old,new,expect", [
    ("boundaries: lower_inclusive", "boundries: lower_inclusive", ["unknown key 'boundries'", "did you mean 'boundaries'"]),
    ("rounding: {step: 100, mode: half_up}", "rounding: {step: 100, mode: half_up}\nrounding: {step: 1, mode: half_up}",
     ["written twice"]),
    ("when: \"prior_count_1y >= 1\"", "when: \"prior_cnt_1y >= 1\"", ["'prior_cnt_1y'", "did you mean 'prior_count_1y'"]),
    ("grade: heavier}", "grade: heavyer}", ["no grade 'heavyer'", "did you mean 'heavier'"]),
    ("          assault:        [200000, 200000]", "          asault:        [200000, 200000]", ["no row tier 'asault'"]),
    ("statutory: {max: 50000,", "statutory: {max: -50000,", ["must not be negative"]),
    ("rounding: {step: 100, mode: half_up}", "rounding: {step: .nan, mode: half_up}", ["not a finite number"]),
    ("include: [apl-2021]", "include: [apl-2012]", ["no include block named 'apl-2012'", "apl-2021"]),
    ("    measures: {always: [order_correct]}\n    notes", "    measures: {always: [order_corect]}\n    notes", ["no measure 'order_corect'"]),
    ("when: \"count_2y == 2\"", "when: \"count_2y == 'two'\"", ["is a integer; 'two' is not a number"]),
    ("when: \"zone == 'general'\"", "when: \"zone == 'generel'\"", ["'generel' is not a value of 'zone'"]),
    ("default_grade: general", "default_grade: general\n  extra: [", ["not valid YAML"]),
])
def test_broken_rulebook(tmp_path, old, new, expect):
    path = broken(tmp_path, old, new)
    code, out = calc(str(case_file(tmp_path, GOOD_CASE)), "--rulebook", str(path), "--lang", "en")
    assert code == 1
    assert "Traceback" not in out
    assert "broken.yaml:" in out  # file:line:column
    for e in expect:
        assert e in out, out


def test_error_points_at_the_right_line(tmp_path):
    path = broken(tmp_path, "boundaries: lower_inclusive", "boundries: lower_inclusive")
    code, out = calc(str(case_file(tmp_path, GOOD_CASE)), "--rulebook", str(path), "--lang", "en")
    line = line_of(path.read_text(encoding="utf-8"), "boundries:")
    assert f"broken.yaml:{line}:1:" in out


def test_every_problem_is_listed(tmp_path):
    path = broken(tmp_path, "boundaries: lower_inclusive", "boundries: lower_inclusive")
    path.write_text(path.read_text(encoding="utf-8").replace("default_grade: general", "default_grade: [general]"), encoding="utf-8")
    code, out = calc(str(case_file(tmp_path, GOOD_CASE)), "--rulebook", str(path), "--lang", "en")
    assert "boundries" in out and "default_grade should be text" in out


@pytest.mark.parametrize("text,expect", [
    ("violation: gd-water-81-obstrct\nfacts: {}\n", ["no violation 'gd-water-81-obstrct'", "did you mean 'gd-water-81-obstruct'"]),
    ("violation: gd-water-81-obstruct\nfacts: {obstruction: delaying}\n", ["'prior_count_1y'", "not given"]),
    ("violation: gd-water-81-obstruct\nfacts: {obstruction: delaying, prior_count_1y: 0, prior_count: 1}\n", ["no fact 'prior_count'", "did you mean 'prior_count_1y'"]),
    ("violation: gd-water-81-obstruct\nfacts: {obstruction: shouting, prior_count_1y: 0}\n", ["'shouting' is not a value of 'obstruction'", "delaying"]),
    ("violation: gd-water-81-obstruct\nfacts: {obstruction: delaying, prior_count_1y: many}\n", ["'many' is not a number"]),
    ("violation: gd-water-81-obstruct\nfacts: {obstruction: delaying, prior_count_1y: 1.5}\n", ["whole number"]),
    ("violation: food-124-additives\nfacts: {goods_value: -5, harm_caused: false, recalled_in_time: false, repeat_within_year: false}\n", ["cannot be negative"]),
    ("violation: food-124-additives\nfacts: {goods_value: .inf, harm_caused: false, recalled_in_time: false, repeat_within_year: false}\n", ["not a finite number"]),
    ("violation: food-124-additives\nfacts: {goods_value: 'NaN', harm_caused: false, recalled_in_time: false, repeat_within_year: false}\n", ["not a finite number"]),
    ("violation: food-124-additives\nfacts: {goods_value: 100000000000000000000, harm_caused: false, recalled_in_time: false, repeat_within_year: false}\n", ["10^15"]),
    ("violation: food-124-additives\nfacts: {goods_value: 2000000000, harm_caused: false, recalled_in_time: false, repeat_within_year: false}\n", ["above the allowed maximum"]),
    ("violation: food-124-additives\nfacts: {goods_value: '12,00', harm_caused: false, recalled_in_time: false, repeat_within_year: false}\n", ["thousands separators"]),
    ("violation: food-124-additives\nfacts: {goods_value: 1.234, harm_caused: false, recalled_in_time: false, repeat_within_year: false}\n", ["more precise"]),
    ("violation: gd-water-81-obstruct\nfacts: {obstruction: delaying, prior_count_1y: 0}\nfacts: {}\n", ["written twice"]),
    ("violation: gd-water-81-obstruct\nfact: {obstruction: delaying}\n", ["unknown key 'fact'", "did you mean 'facts'"]),
    ("violation: [unclosed\n", ["not valid YAML/JSON"]),
    ("- just\n- a list\n", ["must be a mapping"]),
    ("violation: gd-water-81-obstruct\nfacts: {obstruction: delaying, prior_count_1y: 0, removed_harm: maybe}\n", ["must be yes or no (y/n)", "1/0, 是/否"]),
])
def test_bad_case(tmp_path, text, expect):
    code, out = calc(str(case_file(tmp_path, text)), "--lang", "en")
    assert code == 1, out
    assert "Traceback" not in out
    for e in expect:
        assert e in out, out


def test_bad_case_names_its_line(tmp_path):
    code, out = calc(str(case_file(tmp_path, "violation: gd-water-81-obstruct\nfacts:\n  obstruction: shouting\n  prior_count_1y: 0\n")), "--lang", "en")
    assert "case.yaml:3:16:" in out


def test_full_width_digits_are_read_as_digits(tmp_path):
    text = "violation: food-124-additives\nfacts: {goods_value: '１５０００', harm_caused: false, recalled_in_time: true, repeat_within_year: false}\n"
    code, out = calc(str(case_file(tmp_path, text)), "--json")
    assert code == 0
    assert json.loads(out)["acts"][0]["facts"]["goods_value"] == 1500000


def test_json_case_with_decimal_is_exact(tmp_path):
    text = json.dumps({"violation": "food-124-additives", "facts": {"goods_value": 9999.99, "harm_caused": False,
                                                                   "recalled_in_time": False, "repeat_within_year": False}})
    code, out = calc(str(case_file(tmp_path, text.replace("9999.99", "9999.99"), "case.json")), "--json")
    assert code == 0
    act = json.loads(out)["acts"][0]
    assert act["facts"]["goods_value"] == 999999 and act["statutory"]["high"] == 10000000


def test_missing_files(tmp_path):
    code, out = calc(str(tmp_path / "nope.yaml"), "--lang", "en")
    assert code == 1 and "no case file" in out
    code, out = calc(str(case_file(tmp_path, GOOD_CASE)), "--rulebook", str(tmp_path / "nope.yaml"), "--lang", "en")
    assert code == 1 and "no rulebook" in out


def test_json_errors_are_json(tmp_path):
    code, out = calc(str(case_file(tmp_path, "violation: nope\nfacts: {}\n")), "--json")
    assert code == 1
    problems = json.loads(out)["problems"]
    assert problems[0]["code"] == "case.unknown_violation" and problems[0]["line"] == 1


def test_usage_error_exit_code_is_2():
    result = runner.invoke(app, ["calc", "--format", "pdf", "x.yaml"])
    assert result.exit_code == 2


def test_no_traceback_from_the_real_command(tmp_path):
    bad = case_file(tmp_path, "violation: gd-water-81-obstruct\nfacts: {obstruction: delaying, prior_count_1y: ０}\n")
    proc = subprocess.run([sys.executable, "-m", "penalty.cli.app", "calc", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr  # full-width zero is a zero
    bad.write_text("violation: gd-water-81-obstruct\nfacts: {obstruction: 1, prior_count_1y: x}\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "penalty.cli.app", "calc", str(bad), "--lang", "zh"], capture_output=True, text=True)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "case.yaml:2:" in proc.stderr


def test_line_100_is_not_an_emoji(tmp_path):
    lines = ["# padding"] * 99 + ["violation: gd-water-81-obstruct", "facts: {obstruction: x, prior_count_1y: 0}"]
    code, out = calc(str(case_file(tmp_path, "\n".join(lines) + "\n")), "--lang", "en")
    assert code == 1 and "case.yaml:101:" in out


@pytest.mark.parametrize("text,expect", [
    ("violation: gd-water-81-obstruct\nfacts:\n  obstruction： refusing_entry\n  prior_count_1y: 0\n",
     ["case.yaml:3:14:", "full-width colon"]),
    ("violation: gd-water-81-obstruct\nfacts:\n\tobstruction: refusing_entry\n", ["case.yaml:3:1:", "tab"]),
    ("violation: food-124-additives\nfacts: {goods_value: '１２，０００万元', harm_caused: false, recalled_in_time: false, repeat_within_year: false}\n",
     ["carries a unit"]),
    ("violation: gd-water-81-obstruct\nfacts: {obstruction: refuse_entry, prior_count_1y: 0}\n", ["did you mean 'refusing_entry'"]),
    ("violation: 拒绝、阻挠环境监督检查或者在接受监督检查时弄虚作假\nfacts: {}\n", ["did you mean 'gd-water-81-obstruct'"]),
    ("relation: separate\nacts:\n  - violation: jm-water-82-monitoring\n", ["case.yaml:3:5:", "'count_2y' (a whole number)"]),
])
def test_common_mistakes_are_named(tmp_path, text, expect):
    code, out = calc(str(case_file(tmp_path, text)), "--lang", "en")
    assert code == 1 and "Traceback" not in out
    for e in expect:
        assert e in out, out


def test_recursive_and_exploding_aliases_are_refused(tmp_path):
    from penalty.errors import RulebookError
    from penalty.rulebook.load import load_rulebook_text
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8))
    for text, code in (("a: &x [*x]\n", "yaml.too_deep"), (bomb, "yaml.too_many_nodes")):
        with pytest.raises(RulebookError) as e:
            load_rulebook_text(text, "bomb.yaml")
        assert e.value.problems[0].code == code


def test_one_act_has_one_set_of_party_facts(tmp_path):
    text = """relation: same_act
acts:
  - {violation: gd-eia-31-3-registration, facts: {zone: general, filed_within_deadline: false, party_age: under_14}}
  - {violation: gd-water-81-obstruct, facts: {obstruction: refusing_entry, prior_count_1y: 0, party_age: adult_or_organisation}}
"""
    code, out = calc(str(case_file(tmp_path, text)), "--lang", "en")
    assert code == 1 and "'party_age' is stated differently" in out and "case.yaml:4:" in out
