"""The command line as an officer uses it."""
import json

from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.rulebook.bundled import bundled_dir

runner = CliRunner(env={"COLUMNS": "200"})
CASE = str(bundled_dir() / "examples" / "gd-obstruct-refusing-entry.yaml")


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def test_calc_explains_in_chinese_by_default():
    r = run("calc", CASE)
    assert r.exit_code == 0
    source = (bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8").splitlines()
    cell_line = next(i for i, line in enumerate(source, 1) if "refusing_entry: [[110000" in line)
    for text in ("一般处罚", "130,000元以上、150,000元以下（不含150,000元）", "140,000元", "责令改正", "第八十一条", f"cn-env-food.yaml:{cell_line}"):
        assert text in r.stdout, text


def test_calc_in_english():
    r = run("calc", CASE, "--lang", "en")
    assert "Recommended" in r.stdout and "140,000 yuan" in r.stdout and "Water Pollution Prevention Law art. 81" in r.stdout


def test_calc_markdown_memo():
    r = run("calc", CASE, "--format", "md")
    assert r.stdout.startswith("# 行政处罚裁量说明")
    assert "1. 认定的事实" in r.stdout and "**建议金额**: 140,000元" in r.stdout


def test_calc_json_is_canonical_and_repeatable():
    a, b = run("calc", CASE, "--json").stdout, run("calc", CASE, "--json").stdout
    assert a == b
    data = json.loads(a)
    act = data["acts"][0]
    assert act["recommended"] == 14_000_000 and act["range"] == {"low": 13_000_000, "high": 15_000_000,
                                                                  "low_inclusive": True, "high_inclusive": False}
    assert data["engine"].startswith("penalty ") and len(data["rulebook"]["fingerprint"]) == 64
    assert data["case_id"] == "粤环罚〔2024〕001号"


def test_calc_reads_standard_input():
    text = '{"violation": "jm-water-82-monitoring", "facts": {"count_2y": 2}}'
    r = run("calc", "-", "--json", input=text)
    assert r.exit_code == 0 and json.loads(r.stdout)["acts"][0]["recommended"] == 7_500_000


def test_calc_other_rulebook_in_months_with_life():
    r = run("calc", "-", "--rulebook", "ussg-2016", "--json",
            input='{"violation": "sentencing-table", "facts": {"offense_level": 43, "criminal_history_points": 3}}')
    act = json.loads(r.stdout)["acts"][0]
    assert act["range"]["low"] == "life" and act["recommended"] == "life"
    r = run("calc", "-", "--rulebook", "ussg-2016", input='violation: sentencing-table\nfacts: {offense_level: 15, criminal_history_points: 5}\n')
    assert "from 24 months up to and including 30 months" in r.stdout and "Zone D" in r.stdout


def test_several_acts_art29():
    text = """relation: same_act
acts:
  - {violation: gd-eia-31-3-registration, facts: {zone: general, filed_within_deadline: false}}
  - {violation: gd-water-81-obstruct, facts: {obstruction: refusing_entry, prior_count_1y: 0}}
"""
    r = run("calc", "-", input=text)
    assert r.exit_code == 0 and "第二十九条" in r.stdout and "未适用" in r.stdout


def test_alternatives_are_shown_not_applied():
    text = "violation: jm-water-82-monitoring\nfacts: {count_2y: 1, first_minor_corrected: true}\n"
    r = run("calc", "-", "--lang", "en", input=text)
    assert "Discretionary alternatives" in r.stdout and "no penalty" in r.stdout and "35,000 yuan" in r.stdout


def test_interactive_asks_only_what_the_violation_needs():
    r = run("calc", "--interactive", "--lang", "en", input="3\nabc\n2\n" + "\n" * 9)
    assert r.exit_code == 0, r.stdout
    assert "Not accepted" in r.stdout  # 'abc' was refused and asked again
    assert "Value of the goods" not in r.stdout  # a fact of another violation is never asked
    assert "75,000 yuan" in r.stdout


def test_listings():
    r = run("rulebooks", "--json")
    names = [x["name"] for x in json.loads(r.stdout)]
    assert {"cn-env-food", "ussg-2016", "example-shapes"} <= set(names)
    r = run("violations", "--lang", "en")
    assert "gd-water-81-obstruct" in r.stdout and "20,000 yuan – 200,000 yuan" in r.stdout
    rows = json.loads(run("violations", "cn-env-food", "--json").stdout)
    food = next(x for x in rows if x["id"] == "food-124-additives")
    assert "|" in food["statutory"]


def test_violations_are_found_by_words():
    # Guangdong §2.5.1 and §2.5.2 are both 未依法取得排污许可证排放水污染物 (the titles say so); §2.1 is not
    rows = json.loads(run("violations", "gd-eco-2022", "--grep", "排污许可", "--json").stdout)
    ids = [r["id"] for r in rows]
    assert {"gd-water-2-5-1-no-permit", "gd-water-2-5-2-no-permit-regulation"} <= set(ids)
    assert "gd-water-2-1-obstruct-inspection" not in ids
    # every word must match; full-width letters fold to ASCII (NFKC)
    both = json.loads(run("violations", "gd-eco-2022", "--grep", "ＧＤ-water-2-5-1 排污许可", "--json").stdout)
    assert [r["id"] for r in both] == ["gd-water-2-5-1-no-permit"]
    none = runner.invoke(app, ["violations", "gd-eco-2022", "--grep", "无此词\x1b[31m", "--lang", "en"])
    assert none.exit_code == 1 and "every word" in none.stdout and "\x1b" not in none.stdout


def test_violations_are_found_by_their_item_number():
    # Annex 1 prints §2.7.1 and §2.7.2 (layout text lines 1497, 1563) and §3.2.1, §3.2.2 (3093, 3128); §3.20 is
    # another item, not one under §3.2
    ids = [r["id"] for r in json.loads(run("violations", "gd-eco-2022", "--grep", "§2.7", "--json").stdout)]
    assert ids == ["gd-water-2-7-1-exceeding-standards", "gd-water-2-7-2-exceeding-permit"]
    ids = [r["id"] for r in json.loads(run("violations", "gd-eco-2022", "--grep", "3.2", "--json").stdout)]
    assert ids and all(i.startswith("gd-air-3-2-") for i in ids) and "gd-air-3-2-1-no-permit" in ids
    # §5.2: 给予警告或者处300元以上3000元以下罚款 — the listing says the warning the statute offers
    [row] = json.loads(run("violations", "gd-eco-2022", "--grep", "5.2", "--json", "--lang", "en").stdout)
    assert row["id"] == "gd-noise-5-2-registration-refused" and row["statutory"] == "300 yuan – 3,000 yuan or a warning"


def test_version_and_usage():
    assert run("--version").stdout.startswith("penalty ")
    assert runner.invoke(app, ["calc"]).exit_code == 2
    assert runner.invoke(app, ["calc", CASE, "--lang", "fr"]).exit_code == 2
