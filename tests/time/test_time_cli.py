import json

from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.rulebook.bundled import bundled_dir

EX = bundled_dir() / "examples"
runner = CliRunner()


def test_calc_shows_both_computations_and_why():
    r = runner.invoke(app, ["calc", str(EX / "time-straddle-lighter.yaml"), "--lang", "en"])
    assert r.exit_code == 0, r.output
    assert "Under version 2024.1" in r.output and "Under version 2025.1" in r.output
    assert "lower than" in r.output and "art. 37" in r.output


def test_calc_markdown_and_json():
    r = runner.invoke(app, ["calc", str(EX / "time-expired.yaml"), "--format", "md", "--lang", "zh"])
    assert r.exit_code == 0 and "第三十六条" in r.output and "不再给予行政处罚" in r.output
    r = runner.invoke(app, ["calc", str(EX / "time-straddle-same.yaml"), "--json"])
    assert r.exit_code == 0 and json.loads(r.output)["time"]["reason"] == "time.equal_act_applies"


def test_calc_before_first_version_is_a_clear_error(tmp_path):
    p = tmp_path / "old.yaml"
    p.write_text("violation: jm-water-82-monitoring\nact_date: 2023-06-01\nfacts: {count_2y: 1}\n", encoding="utf-8")
    r = runner.invoke(app, ["calc", str(p), "--lang", "en"])
    assert r.exit_code == 1 and "old.yaml:2:1" in r.output and "before the first version" in r.output
    assert "Traceback" not in r.output
    r = runner.invoke(app, ["calc", str(p), "--json"])
    assert r.exit_code == 1 and json.loads(r.output)["problems"][0]["code"] == "time.before_first"


def test_calc_without_dates_is_unchanged():
    r = runner.invoke(app, ["calc", str(EX / "gd-obstruct-refusing-entry.yaml"), "--json"])
    assert r.exit_code == 0 and "time" not in json.loads(r.output)


def test_versions_listing():
    r = runner.invoke(app, ["versions", "cn-env-food", "--json"])
    data = json.loads(r.output)
    assert r.exit_code == 0 and [v["version"] for v in data["versions"]] == ["2024.1", "2025.1"]
    assert data["versions"][0]["to"] == "2025-06-30"
    r = runner.invoke(app, ["versions", "--lang", "en"], env={"COLUMNS": "200"})
    assert r.exit_code == 0 and "next version" in r.output
