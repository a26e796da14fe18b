import json

from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.rulebook.bundled import bundled_dir

runner = CliRunner()
WIDE = {"COLUMNS": "240"}


def test_diff_tables_show_the_changed_cell_and_the_cases_that_move():
    r = runner.invoke(app, ["diff", "cn-env-food", "cn-env-food.2025", "--cases", str(bundled_dir() / "examples"),
                            "--lang", "en"], env=WIDE)
    assert r.exit_code == 0, r.output
    assert "delaying × none" in r.output and "20,000 yuan – 40,000 yuan" in r.output and "20,000 yuan – 30,000 yuan" in r.output
    assert "gd-water-83-exceeding" in r.output and "粤环罚〔2025〕150号" in r.output and "Totals per violation" in r.output


def test_diff_markdown_memo():
    r = runner.invoke(app, ["diff", "cn-env-food", "cn-env-food.2025", "--format", "md", "--lang", "zh"])
    assert r.exit_code == 0 and r.output.startswith("# ") and "| 表格单元 |" in r.output and "新增违法行为" in r.output


def test_diff_json_and_changes_file(tmp_path):
    out = tmp_path / "moved.jsonl"
    r = runner.invoke(app, ["diff", "cn-env-food", "cn-env-food.2025", "--cases", str(bundled_dir() / "examples"),
                            "--json", "--changes-out", str(out)])
    assert r.exit_code == 0
    data = json.loads(r.output)
    assert data["diff"]["summary"]["bands_changed"] == 1 and data["impact"]["totals"]["changed"] == len(data["impact"]["cases"])
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(data["impact"]["cases"])


def test_diff_errors_are_clean(tmp_path):
    r = runner.invoke(app, ["diff", "cn-env-food", str(tmp_path / "nope.yaml")])
    assert r.exit_code == 1 and "Traceback" not in r.output
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe\x00bad")
    r = runner.invoke(app, ["diff", "cn-env-food", "cn-env-food.2025", "--cases", str(bad), "--json"])
    assert r.exit_code == 1 and json.loads(r.output)["problems"][0]["code"] == "diff.bad_cases"
