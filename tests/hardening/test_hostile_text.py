"""Anyone's text (a case id, an officer's name) reaches a spreadsheet as text, never as a formula (OWASP CSV
injection), and a terminal as visible escapes, never as a control sequence (penalty.safetext)."""
import csv

import polars as pl
import pytest
from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.rulebook.bundled import bundled_dir
from penalty.safetext import printable, spreadsheet_cell, spreadsheet_frame

runner = CliRunner()
EXAMPLES = bundled_dir() / "examples"
OSC = "\x1b]0;TITLE\x07\x1b[2J"


@pytest.mark.parametrize("cell, shown", [
    ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("-2+3", "'-2+3"),
    ("\t=1", "'\t=1"),
    ("＝1+1", "'＝1+1"),  # the full-width sign some locales take as a formula
    ("-5", "-5"), ("+3.5", "+3.5"), ("30000", "30000"), ("甲", "甲"), (12, 12), (None, None),
])
def test_a_cell_that_would_run_is_written_as_text(cell, shown):
    assert spreadsheet_cell(cell) == shown
    if isinstance(cell, str):
        assert spreadsheet_frame(pl.DataFrame({"c": [cell]}))["c"][0] == shown


def test_control_characters_are_written_out():
    assert printable(OSC + "x") == "\\x1b]0;TITLE\\x07\\x1b[2Jx"
    assert printable("a\u202eb") == "a\\u202eb" and printable("a\nb") == "a\nb"
    assert printable("a\nb", keep_lines=False) == "a\\x0ab"


def hostile_review_file(tmp_path):
    rows = list(csv.reader(open(EXAMPLES / "review-cases.csv", encoding="utf-8-sig")))[:3]
    head = rows[0]
    rows[1][head.index("案件编号")] = '=HYPERLINK("http://127.0.0.1/x","click")'
    rows[1][head.index("违法行为")] = "nope"
    rows[2][head.index("承办人")] = OSC + "officer"
    f = tmp_path / "hostile.csv"
    with open(f, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return f


def test_review_outputs_are_safe(tmp_path):
    f = hostile_review_file(tmp_path)
    res = runner.invoke(app, ["review", str(f), "--mapping", str(EXAMPLES / "review-mapping.yml"),
                              "--out", str(tmp_path / "out")], env={"PENALTY_LANG": "en"})
    assert res.exit_code == 0 and "\x1b" not in res.output and "\x07" not in res.output
    assert "\\x1b]0;TITLE" in res.output  # shown, visibly
    rejected = list(csv.reader(open(tmp_path / "out" / "rejected.csv", encoding="utf-8-sig")))
    ids = [cell for row in rejected for cell in row if "HYPERLINK" in cell]
    assert ids == ['\'=HYPERLINK("http://127.0.0.1/x","click")']


def test_calc_shows_a_hostile_case_id_visibly():
    case = ('{"case_id":"' + OSC.replace("\x1b", "\\u001b").replace("\x07", "\\u0007") + 'cleared",'
            '"violation":"gd-water-81-obstruct","facts":{"obstruction":"delaying","prior_count_1y":0}}')
    res = runner.invoke(app, ["calc", "-"], input=case, env={"PENALTY_LANG": "en"})
    assert res.exit_code == 0 and "\x1b" not in res.output and "\\x1b]0;TITLE" in res.output
