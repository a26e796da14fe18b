"""The small things a new user tripped on (issue 19): English plurals, an unknown language, the root --help,
and the options and commands a first session reaches for."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.i18n import counted, fill, singular
from penalty.rulebook.bundled import bundled_dir

CASE = str(bundled_dir() / "examples" / "gd-obstruct-refusing-entry.yaml")


def run(*args, env=None, input=None):
    runner = CliRunner(env={"COLUMNS": "200", "PENALTY_LANG": None, **(env or {})})
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


# ------------------------------------------------------------------ English plurals


@pytest.mark.parametrize("plural, one", [
    ("times", "time"), ("months", "month"), ("inches", "inch"), ("batteries", "battery"), ("boxes", "box"),
    ("sizes", "size"), ("people", "person"), ("yuan", "yuan"), ("kg", "kg"), ("%", "%"), ("series", "series"),
])
def test_singular_of_a_unit_word(plural, one):
    assert singular(plural) == one


@pytest.mark.parametrize("count, expected", [
    (1, "time"), ("1", "time"), (0, "times"), (2, "times"), ("1.5", "times"), ("1.0", "times"),
])
def test_a_unit_counted(count, expected):
    assert counted("times", count, "en") == expected


def test_a_unit_of_several_words_counts_by_its_last():
    assert counted("square metres", 1, "en") == "square metre"


def test_chinese_has_no_plurals():
    assert counted("次", 1, "zh") == "次"


def test_a_message_picks_its_plural_form():
    catalogue = {"m": {"en": "{n} {n|file|files}, {e} {e|error|errors}", "zh": "{n} 个文件，{e} 个错误"}}
    assert fill(catalogue, "m", "en", n=1, e=2) == "1 file, 2 errors"
    assert fill(catalogue, "m", "en", n=0, e=1) == "0 files, 1 error"
    assert fill(catalogue, "m", "zh", n=1, e=2) == "1 个文件，2 个错误"


def test_other_layers_count_in_english_too():
    from penalty.audit.messages import text
    from penalty.rulebook.messages import MESSAGES
    assert text("verify.ok", "en", count=1, head="ab12") == "register intact: 1 entry, hash chain valid. head ab12"
    assert text("replay.ok", "en", count=6) == "all 6 entries reproduced."
    assert fill(MESSAGES, "load.cell_count", "en", row="r", found=1, expected=2) == \
        "row 'r' has 1 cell but the grid has 2 columns"
    assert fill(MESSAGES, "spec.too_few", "en", where="grades", min=1) == "grades needs at least 1 item"


def test_calc_in_english_says_one_time_and_the_form_in_words():
    # the example case: the party was found once in the past year (prior_count_1y: 1)
    r = run("calc", CASE, "--lang", "en")
    assert r.exit_code == 0
    assert "Same violations in the past year = 1 time" in r.stdout
    assert "1 times" not in r.stdout
    # art. 81 of the Water Pollution Prevention Law: a fine of 20,000 to 200,000 yuan (a minimum and a maximum)
    assert "Statutory range (minimum and maximum): from 20,000 yuan up to and including 200,000 yuan" in r.stdout
    assert "(range)" not in r.stdout


# ------------------------------------------------------------------ languages


def test_an_unknown_penalty_lang_is_named_once_with_the_languages_there_are():
    r = run("rulebooks", env={"PENALTY_LANG": "fr"})
    assert r.exit_code == 0
    lines = [line for line in r.stderr.splitlines() if "PENALTY_LANG=fr" in line]
    assert len(lines) == 1, r.stderr
    assert "zh, en" in lines[0] and "ignored" in lines[0] and "已忽略" in lines[0]
    assert "内置裁量基准" in r.stdout  # ignored: the Chinese default, as if it were unset


def test_a_known_penalty_lang_says_nothing():
    r = run("rulebooks", env={"PENALTY_LANG": "en"})
    assert r.exit_code == 0 and "PENALTY_LANG" not in r.stderr


def test_an_unknown_lang_option_is_a_usage_error_naming_the_choices():
    r = run("calc", CASE, "--lang", "fr")
    assert r.exit_code == 2
    assert "'fr' is not one of: zh, en" in r.stderr


@pytest.mark.parametrize("env", [{"PENALTY_LANG": "en"}, {"PENALTY_LANG": "zh"}, {}])
def test_root_help_lists_audit_and_receipt_in_english(env):
    r = run("--help", env=env)
    assert r.exit_code == 0
    assert "The decision register (全程留痕)" in r.stdout
    assert "Assessment receipts: verify offline" in r.stdout
    assert "裁量登记簿" not in r.stdout and "裁量回执" not in r.stdout


@pytest.mark.parametrize("args, env, english", [
    (["audit", "--help"], {"PENALTY_LANG": "en"}, "The decision register (全程留痕)"),
    (["audit", "verify", "--lang", "en", "--help"], {}, "Re-hash the whole register"),
])
def test_the_audit_group_help_follows_the_language(args, env, english):
    import os
    import subprocess
    import sys
    environ = {k: v for k, v in os.environ.items() if k != "PENALTY_LANG"} | env | {"COLUMNS": "200"}
    proc = subprocess.run([sys.executable, "-m", "penalty.cli.app", *args], capture_output=True, text=True, env=environ)
    assert proc.returncode == 0, proc.stderr
    assert english in proc.stdout and "登记簿" not in proc.stdout


# ------------------------------------------------------------------ review --table


@pytest.mark.parametrize("name, kind", [("x.csv", "csv"), ("x.xlsx", "xlsx"), ("x.jsonl", "jsonl")])
def test_review_refuses_table_for_a_file_that_is_not_sqlite(tmp_path, name, kind):
    cases = tmp_path / name
    cases.write_text("", encoding="utf-8")
    r = run("review", str(cases), "--table", "T", "--lang", "en", "--out", str(tmp_path / "out"))
    assert r.exit_code == 2
    assert f"is read as {kind}): leave --table out" in " ".join(r.stderr.split())
    assert not (tmp_path / "out").exists()


def test_review_table_message_in_chinese(tmp_path):
    cases = tmp_path / "x.csv"
    cases.write_text("", encoding="utf-8")
    r = run("review", str(cases), "--table", "T", "--lang", "zh", "--out", str(tmp_path / "out"))
    assert r.exit_code == 2 and "仅适用于 SQLite 文件" in r.stderr


# ------------------------------------------------------------------ penalty test: the coverage title


def test_coverage_title_names_the_file_of_a_copied_rulebook(tmp_path, monkeypatch):
    import shutil
    monkeypatch.chdir(tmp_path)
    shutil.copy(bundled_dir() / "cn-env-food.yaml", tmp_path / "mine.yaml")
    shutil.copy(bundled_dir() / "cn-env-food.cases.yaml", tmp_path / "mine.cases.yaml")
    r = run("test", "mine.yaml", "--lang", "en")
    assert r.exit_code == 0, r.output
    assert "Coverage: cn-env-food (mine.yaml)" in r.stdout
    bundled = run("test", "cn-env-food", "--lang", "zh")
    assert "覆盖率：cn-env-food（cn-env-food.yaml）" in bundled.stdout


# ------------------------------------------------------------------ penalty violations RULEBOOK ID


def test_violation_facts_as_json():
    import json
    r = run("violations", "cn-env-food", "gd-water-81-obstruct", "--json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert (data["rulebook"], data["violation"]) == ("cn-env-food", "gd-water-81-obstruct")
    facts = {f["name"]: f for f in data["facts"]}
    # the grid of art. 81 (Guangdong): obstruction × same violation in the past year; both must be given
    assert [f["name"] for f in data["facts"]][:2] == ["obstruction", "prior_count_1y"]
    obstruction = facts["obstruction"]
    assert obstruction["type"] == "enum" and obstruction["required"] is True and obstruction["default"] is None
    assert [c["id"] for c in obstruction["choices"]] == ["delaying", "falsifying", "refusing_entry", "blocking", "assault"]
    assert obstruction["choices"][2]["label"] == {"zh": "拒绝执法人员进入现场", "en": "refusing the officers entry to the site"}
    count = facts["prior_count_1y"]
    assert (count["type"], count["min"], count["max"], count["unit"]) == ("integer", "0", "1000", {"zh": "次", "en": "times"})
    # the Administrative Penalty Law block: age has a default (art. 30 applies only when the case says so)
    age = facts["party_age"]
    assert age["required"] is False and age["default"] == "adult_or_organisation"


def test_violation_facts_money_bounds_in_major_units():
    import json
    data = json.loads(run("violations", "cn-env-food", "food-124-additives", "--json").stdout)
    goods = next(f for f in data["facts"] if f["name"] == "goods_value")
    assert (goods["type"], goods["min"], goods["max"]) == ("money", "0", "1000000000")  # yuan, as the rulebook writes


def test_violation_facts_in_words_zh_and_en():
    zh = run("violations", "cn-env-food", "gd-water-81-obstruct", "--lang", "zh")
    assert zh.exit_code == 0
    assert "prior_count_1y  近一年内同类违法行为次数  （整数；0次 – 1000次；必填）" in zh.stdout
    assert "      refusing_entry  拒绝执法人员进入现场" in zh.stdout
    assert "（选项；默认：成年人或单位）" in zh.stdout
    en = run("violations", "cn-env-food", "gd-water-81-obstruct", "--lang", "en")
    assert "prior_count_1y  Same violations in the past year  (a whole number; 0 times – 1000 times; required)" in en.stdout
    assert "(one of a list; default: adult or organisation)" in en.stdout
    assert "penalty calc --interactive" in en.stdout


def test_violation_facts_of_an_unknown_violation_suggests_the_id():
    r = run("violations", "cn-env-food", "gd-water-81-obstruc", "--lang", "en")
    assert r.exit_code == 1
    assert "has no violation 'gd-water-81-obstruc'" in r.stderr and "did you mean 'gd-water-81-obstruct'?" in r.stderr


# ------------------------------------------------------------------ calc --interactive --save


def _answers(violation_id: str, given: list[str], case_number: str) -> str:
    """The typed answers: the violation, the facts asked first, Enter for every fact that has a default, then
    the case number."""
    from penalty.engine.facts import facts_read_by
    from penalty.rulebook.bundled import bundled_rulebook
    asked = len(facts_read_by(bundled_rulebook("cn-env-food").violation(violation_id)))
    return "\n".join([violation_id, *given, *[""] * (asked - len(given)), case_number]) + "\n"


def test_an_interactive_session_is_saved_and_re_runs(tmp_path, monkeypatch):
    import json
    monkeypatch.chdir(tmp_path)
    answers = _answers("gd-water-81-obstruct", ["falsifying", "1"], "粤环罚〔2024〕009号")
    r = run("calc", "--interactive", "--save", "case.yaml", "--lang", "en", input=answers)
    assert r.exit_code == 0, r.output
    assert "penalty calc case.yaml" in r.stderr
    text = (tmp_path / "case.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[1:] == ['case_id: "粤环罚〔2024〕009号"', 'violation: "gd-water-81-obstruct"', "facts:",
                                     '  obstruction: "falsifying"', "  prior_count_1y: 1"]
    again = json.loads(run("calc", "case.yaml", "--json").stdout)
    # Guangdong's grid for art. 81: falsifying, with one such violation in the past year: 80,000 – 110,000 yuan
    assert again["case_id"] == "粤环罚〔2024〕009号"
    assert again["acts"][0]["range"]["low"] == 8_000_000 and again["acts"][0]["range"]["high"] == 11_000_000


def test_a_saved_amount_of_money_stays_exact(tmp_path, monkeypatch):
    import json
    monkeypatch.chdir(tmp_path)
    answers = _answers("food-124-additives", ["12345.67", "false", "false", "false"], "")
    r = run("calc", "--interactive", "--save", "food.yaml", input=answers)
    assert r.exit_code == 0, r.output
    text = (tmp_path / "food.yaml").read_text(encoding="utf-8")
    assert 'case_id: "food"' in text and "  goods_value: 12345.67\n" in text  # Enter: the file's name
    statutory = json.loads(run("calc", "food.yaml", "--json").stdout)["acts"][0]["statutory"]
    # Food Safety Law art. 124: goods worth 10,000 yuan or more: 10 to 20 times their value (in fen)
    assert (statutory["form"], statutory["low"], statutory["high"]) == ("multiple", 12_345_670, 24_691_340)


def test_save_never_overwrites_and_needs_interactive(tmp_path):
    existing = tmp_path / "case.yaml"
    existing.write_text("kept\n", encoding="utf-8")
    r = run("calc", "--interactive", "--save", str(existing), "--lang", "en", input="1\n")
    assert r.exit_code == 2 and "never overwritten" in r.stderr
    assert existing.read_text(encoding="utf-8") == "kept\n"
    r = run("calc", CASE, "--save", str(tmp_path / "new.yaml"), "--lang", "en")
    assert r.exit_code == 2 and "give --interactive as well" in r.stderr
