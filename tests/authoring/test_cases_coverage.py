"""penalty test: cases beside the rulebook, diffs for failures, coverage of what the rules can do."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.rulebook.bundled import bundled_names, resolve
from penalty.rulebook.load import load_rulebook
from penalty.testing.cases import cases_path_for, run_cases
from penalty.testing.coverage import measure

ROOT = Path(__file__).resolve().parents[2]

runner = CliRunner()


def test_every_bundled_rulebook_passes_its_cases_with_full_coverage():
    for name in bundled_names():
        path = resolve(name)
        rb = load_rulebook(path)
        outcomes = run_cases(rb, cases_path_for(path))
        assert [o.name for o in outcomes if not o.ok] == [], name
        cov = measure(rb, outcomes)
        assert cov.count("cell")[0] == cov.count("cell")[1], name
        # every situation, cell, level and switch branch (adjustments are reported, not required: issue 3)
        assert [(i.kind, i.violation, i.id) for i in cov.missing() if i.kind != "adjustment"] == [], name


def test_coverage_names_what_no_case_reaches(tmp_path):
    src = cases_path_for(resolve("cn-env-food")).read_text(encoding="utf-8")
    head, *cases = src.split("\n  - name: ")
    kept = [c for c in cases if "gd-water-81-obstruct" in c and "assault" not in c]
    (tmp_path / "few.cases.yaml").write_text(head + "".join("\n  - name: " + c for c in kept), encoding="utf-8")
    result = runner.invoke(app, ["test", "cn-env-food", "--cases", str(tmp_path / "few.cases.yaml"), "--json",
                                 "--min-coverage", "50"])
    assert result.exit_code == 1  # below 50%
    data = json.loads(result.output)["files"][0]
    cells = data["coverage"]["kinds"]["cell"]
    assert (cells["reached"], cells["total"]) == (9, 14)  # 8 obstruction cells, and one registration cell via the art. 29 case
    missing = {(m["violation"], m["id"]) for m in cells["missing"]}
    assert ("gd-water-81-obstruct", "assault×none_in_year") in missing
    assert ("gd-eia-31-3-registration", "general_zone×filed_in_time") in missing
    assert data["coverage"]["kinds"]["branch"]["missing"][0]["id"] == "#1"
    assert all(m["at"].startswith("cn-env-food.yaml:") for m in cells["missing"])


def test_a_failing_case_shows_a_diff(tmp_path):
    (tmp_path / "bad.cases.yaml").write_text(
        "penalty_cases: 1\nrulebook: cn-env-food\ncases:\n"
        "  - name: wrong recommended amount\n    violation: jm-water-82-monitoring\n    facts: {count_2y: 2}\n"
        "    expect: {grade: general, range: [50000, 100000], recommended: 80000}\n", encoding="utf-8")
    result = runner.invoke(app, ["test", "cn-env-food", "--cases", str(tmp_path / "bad.cases.yaml"), "--lang", "en"])
    assert result.exit_code == 1
    lines = [ln.rstrip() for ln in result.output.splitlines()]
    assert "FAIL bad.cases.yaml:4:5 wrong recommended amount" in lines
    assert "  - recommended: 80,000 yuan   (expected)" in lines
    assert "  + recommended: 75,000 yuan   (actual)" in lines
    assert any(ln.startswith("bad.cases.yaml") or "0 passed, 1 failed of 1 case" in ln for ln in lines)


def test_missing_cases_file_is_a_clear_error(tmp_path):
    rb = Path(resolve("cn-env-food")).read_text(encoding="utf-8").replace("include: [apl-2021]\n", "")
    (tmp_path / "mine.yaml").write_text(rb, encoding="utf-8")
    result = runner.invoke(app, ["test", str(tmp_path / "mine.yaml"), "--lang", "en"])
    assert result.exit_code == 1
    assert "no cases file" in result.output and "mine.cases.yaml" in result.output


def test_bundled_passes_with_min_coverage_100():
    result = runner.invoke(app, ["test", "cn-env-food", "--min-coverage", "100", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["files"][0]["coverage"]["percent"] == "100"


def test_branches_written_on_one_line_are_told_apart(tmp_path):
    """A statutory switch in flow style puts both branches on one line: each is still known by its condition, so
    the bundled cases (goods under and over 10,000 yuan, Food Safety Law art. 124) reach both."""
    book = (ROOT / "rulebooks" / "cn-env-food.yaml").read_text(encoding="utf-8")
    block = book[book.index("      switch:\n        - when: \"goods_value < 10000\""):book.index("    measures:\n      always: [confiscate_gains, confiscate_goods]")]
    flow = ('      switch: [{when: "goods_value < 10000", range: [50000, 100000], label: {zh: 不足一万元, en: under 10000}}, '
            '{when: "goods_value >= 10000", multiple: [10, 20], of: goods_value, label: {zh: 一万元以上, en: 10000 or more}}]\n')
    (tmp_path / "cn-env-food.yaml").write_text(book.replace(block, flow), encoding="utf-8")
    shutil.copy(cases_path_for(resolve("cn-env-food")), tmp_path / "cn-env-food.cases.yaml")
    result = runner.invoke(app, ["test", str(tmp_path / "cn-env-food.yaml"), "--json"])
    branches = json.loads(result.output)["files"][0]["coverage"]["kinds"]["branch"]
    assert branches["missing"] == [] and branches["reached"] == branches["total"] == 2
