"""penalty check: exactness of the gap/overlap analysis, bundled rulebooks clean, the command's output."""
from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings, strategies as st
from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.rulebook.bundled import bundled_names, resolve
from penalty.authoring.check import check_file, check_text
from penalty.rulebook.load import load_rulebook_text

HERE = Path(__file__).parent
runner = CliRunner()

TEMPLATE = """\
penalty_rulebook: 1
id: t
title: t
version: "1"
unit: {{kind: money}}
boundaries: lower_inclusive
{overlaps}rounding: {{step: 1, mode: half_up}}
grades: [{{id: low}}, {{id: high}}]
split: {{shares: {{low: [0, 50], high: [50, 100]}}}}
facts:
  n: {{type: integer, min: 0, max: 12}}
  b: {{type: boolean}}
  z: {{type: enum, values: {{x: X, y: Y, w: W}}}}
violations:
  - id: v
    title: t
    violated: a
    penalty_basis: b
    statutory: {{range: [100, 1000]}}
    model:
      situations:
{situations}
"""

ATOMS = st.one_of(
    st.builds(lambda op, k: f"n {op} {k}", st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), st.integers(0, 14)),  # the language has no negative literals
    st.sampled_from(["b", "not b", "z == 'x'", "z != 'y'", "z in ['x', 'w']", "z not in ['w']"]),
    st.builds(lambda a, b: f"{a} <= n < {b}", st.integers(0, 13), st.integers(0, 13)),
)
CONDITIONS = st.recursive(ATOMS, lambda inner: st.builds(lambda a, op, b: f"({a} {op} {b})", inner,
                                                          st.sampled_from(["and", "or"]), inner), max_leaves=4)


def _rulebook(conds, overlaps=""):
    items = "\n".join(f"        - {{id: s{i}, when: \"{c}\", grade: low}}" for i, c in enumerate(conds))
    return TEMPLATE.format(overlaps=overlaps, situations=items)


@settings(max_examples=150, deadline=None)
@given(st.lists(CONDITIONS, min_size=1, max_size=4))
def test_gaps_and_overlaps_agree_with_brute_force(conds):
    """The analysis claims to be exact: on a small finite domain it must agree with trying every value."""
    rb = load_rulebook_text(_rulebook(conds), "t.yaml")
    items = rb.violations[0].model.items
    uncovered = overlapping = False
    for n in range(0, 13):
        for b in (True, False):
            for z in ("x", "y", "w"):
                hits = sum(1 for s in items if s.when({"n": n, "b": b, "z": z}))
                uncovered |= hits == 0
                overlapping |= hits > 1
    codes = {p.code for p in check_text(_rulebook(conds), "t.yaml").problems}
    assert ("check.gap_situation" in codes) == uncovered
    assert ("check.overlap" in codes) == overlapping


def test_a_gap_names_the_uncovered_values():
    report = check_text(_rulebook(["n < 3", "n >= 5 and b", "n >= 5 and not b"]), "t.yaml")
    assert [p.message() for p in report.problems if p.code == "check.gap_situation"] == [
        "n in [3, 4] matches no situation of 'v'"]


def test_declared_overlaps_become_notes_that_say_which_wins():
    report = check_text(_rulebook(["n <= 5 and b and z != 'w'", "n >= 5 or not b or z == 'w'"],
                                  overlaps="overlaps: heaviest\n"), "t.yaml")
    assert [(p.severity, p.message()) for p in report.problems] == [
        ("note", "'s0' and 's1' both match when b == true and n == 5 and z in ['x', 'y']; overlaps: heaviest, so 's1' applies")]
    assert not report.failed()


def test_monotonic_warning_can_be_acknowledged_with_a_reason():
    text = (HERE / "broken" / "monotonic-band.yaml").read_text(encoding="utf-8")
    fixed = text.replace("    measures: {always: [order_correct]}\n",
                         "    measures: {always: [order_correct]}\n    acknowledge: [{check: monotonic, reason: 按原表},"
                         " {check: cell_overlap, reason: 原表如此}]\n")
    report = check_text(fixed, "m.yaml")
    assert [(p.code, p.severity, p.args.get("ack_reason")) for p in report.problems] == [
        ("check.cell_overlap", "note", "原表如此"), ("check.cell_overlap", "note", "原表如此"),
        ("check.monotonic", "note", "按原表")]
    assert not report.failed()


def test_bundled_rulebooks_are_clean():
    for name in bundled_names():
        report = check_file(resolve(name))
        assert [p.render() for p in report.problems if p.severity != "note"] == [], name


def test_cli_reports_every_problem_with_position_and_exit_code():
    bad = str(HERE / "broken" / "unknown-key.yaml")
    result = runner.invoke(app, ["check", "cn-env-food", bad, "--lang", "en"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "unknown-key.yaml:48:5: error: rulebook.violations[1] is missing the required key 'title'" in lines
    assert "unknown-key.yaml:49:5: error: unknown key 'tittle' in rulebook.violations[1]" in lines
    assert any("did you mean 'title'?" in ln for ln in lines)
    assert lines[-1] == "2 files: 2 errors, 0 warnings, 0 notes"
    clean = runner.invoke(app, ["check", "cn-env-food"])
    assert clean.exit_code == 0


def test_cli_json_and_fail_on():
    warn = str(HERE / "broken" / "unused-fact.yaml")
    result = runner.invoke(app, ["check", warn, "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ok"] is False
    (problem,) = data["files"][0]["problems"]
    assert (problem["code"], problem["line"], problem["column"], problem["severity"]) == ("check.unused_fact", 38, 3, "warning")
    assert runner.invoke(app, ["check", warn, "--fail-on", "error"]).exit_code == 0


def test_chinese_messages():
    result = runner.invoke(app, ["check", str(HERE / "broken" / "gap-money.yaml"), "--lang", "zh"])
    assert "goods_value in [10000, 20000) 不符合违法行为“food”法定幅度的任何分支" in result.output


def test_positions_are_printed_verbatim(tmp_path):
    """rich would turn `:100:` into an emoji; positions must reach the terminal as written."""
    (tmp_path / "x.yaml").write_text("penalty_rulebook: 1\n" + "# pad\n" * 97 + "id: [x\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path / "x.yaml"), "--lang", "en"])
    assert "x.yaml:100:1: error: this is not valid YAML" in result.output
