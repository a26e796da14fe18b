"""The report and the terminal summary in the reader's language (issue 17 item 2): flags by name, shares
rounded, drifting officers and units in their tables with direction and size, rejected values echoed with the
values allowed. Expected texts are worked out by hand from the catalogue and the rulebook (cn-env-food.yaml)."""
from __future__ import annotations

import re
from types import SimpleNamespace

import polars as pl
from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.review import review
from penalty.review.explain import rejected_reasons
from penalty.review.report import drift_lines, drift_text, flag_counts, signed, summary_rows
from penalty.review.synthetic import DRIFT_OFFICERS

runner = CliRunner()
RAW_CODE = re.compile(r"review\.[a-z_]+")


def test_flags_are_named_in_words_in_the_summary_and_the_report(tmp_path):
    for lang, name in (("zh", "高于法定最高额"), ("en", "above the statutory maximum")):
        out = tmp_path / lang
        res = runner.invoke(app, ["review", "review-cases.csv", "--mapping", "review-mapping.yml", "--out", str(out),
                                  "--lang", lang])
        assert res.exit_code == 0, res.output
        html = (out / "report.html").read_text(encoding="utf-8")
        assert name in res.output and name in html
        assert not RAW_CODE.search(res.output) and not RAW_CODE.search(html)
        # the sample's two planted officers (they decide high, synthetic.py) are in the officer table, as such
        high = "（偏高）" if lang == "zh" else " high"
        for officer in DRIFT_OFFICERS:
            assert re.search(re.escape(officer) + r"[^\n]*\+0\.\d\d" + re.escape(high), res.output)
            assert re.search(re.escape(officer) + r"</td>(<td[^>]*>[^<]*</td>){3}<td[^>]*>\+0\.\d\d" + re.escape(high),
                             html.split('id="by-officer"')[1])


def test_flag_counts_list_every_flag_then_the_rejected_rows():
    counts = {"flags": {"above_statutory": 2, "peer_outlier": 7}, "rejected": 4}
    assert flag_counts(counts, "zh") == [("高于法定最高额", 2), ("明显偏离同类案件", 7), ("拒收的行（未复核）", 4)]
    assert flag_counts(counts, "en")[1] == ("far from alike cases (peer outlier)", 7)


def test_signed_sizes_round_half_even_and_never_read_minus_zero():
    assert signed(1500) == "+0.15" and signed(-1250) == "-0.12" and signed(-1350) == "-0.14"
    assert signed(-40) == "0.00" and signed(49) == "0.00" and signed(0) == "0.00" and signed(None) == "-"
    assert drift_text({"median_dev_bp": 1500, "drifting": True}, "zh") == "+0.15（偏高）"
    assert drift_text({"median_dev_bp": -1200, "drifting": True}, "en") == "-0.12 low"
    assert drift_text({"median_dev_bp": 300, "drifting": False}, "en") == "+0.03"
    assert drift_text({"median_dev_bp": None, "drifting": None}, "en") == "-"


def _fake():
    """12 officers, the two drifting ones the least flagged; 2 units, one drifting low; shares to round."""
    names = [f"o{i:02d}" for i in range(12)]
    by_officer = pl.DataFrame({"officer": names, "cases": [140] + [12] * 11,
                               "flagged": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 0], "median_pos_bp": [5000] * 12})
    officers = pl.DataFrame({"officer": names, "cases": [30] * 12,
                             "median_dev_bp": [0] * 10 + [-1200, 1500], "above": [0] * 12,
                             "drifting": [False] * 10 + [True, True]})
    by_unit = pl.DataFrame({"unit": ["u1", "u2"], "cases": [200, 8], "flagged": [0, 1], "median_pos_bp": [5000, None]})
    units = pl.DataFrame({"unit": ["u1"], "cases": [200], "median_dev_bp": [-1000], "above": [50],
                          "drifting": [True]})
    return SimpleNamespace(by_officer=by_officer, officers=officers, by_unit=by_unit, units=units,
                           by_violation=by_unit.rename({"unit": "violation"}))


def test_the_officer_table_keeps_the_drifting_first_then_the_most_flagged():
    heads, rows, total = summary_rows(_fake(), "officer", "en", limit=4)
    assert heads == ["", "cases", "flagged", "median position", "drift against peers"] and total == 12
    # o11 (+0.15) and o10 (-0.12) drift, with 0 flagged each; then o09 (10 flagged) and o08 (9)
    assert rows == [["o10", "12", "0 (0%)", "0.50", "-0.12 low"], ["o11", "12", "0 (0%)", "0.50", "+0.15 high"],
                    ["o09", "12", "10 (83%)", "0.50", "0.00"], ["o08", "12", "9 (75%)", "0.50", "0.00"]]
    _, everyone, _ = summary_rows(_fake(), "officer", "zh")
    assert everyone[0] == ["o00", "140", "1 (<1%)", "0.50", "0.00"]  # 1 of 140 is not 0 %
    assert everyone[2][2] == "3 (25%)" and everyone[1][2] == "2 (17%)"  # 2 of 12 = 16.7 %: 17 %, not 16 %
    _, units, _ = summary_rows(_fake(), "unit", "zh")
    assert units == [["u1", "200", "0 (0%)", "0.50", "-0.10（偏低）"], ["u2", "8", "1 (13%)", "-", "-"]]
    _, violations, _ = summary_rows(_fake(), "violation", "en")
    assert violations[1] == ["u2", "8", "1 (13%)", "-"]  # 12.5 %: half up


def test_drift_lines_say_the_direction():
    assert drift_lines(_fake(), "en") == [
        "Officer o10 decides lower than alike cases: median deviation -0.12 of the band over 30 cases",
        "Officer o11 decides higher than alike cases: median deviation +0.15 of the band over 30 cases",
        "Unit u1 decides lower than alike cases: median deviation -0.10 of the band over 200 cases"]
    assert drift_lines(_fake(), "zh")[1] == "承办人“o11”的处罚高于同类案件：30 件案件的位置中位偏差 +0.15"


def test_a_rejected_value_is_echoed_with_the_values_allowed(tmp_path, cn):
    p = tmp_path / "zone.csv"
    long = "9" * 100
    p.write_text("案件编号,违法行为,罚款金额,项目所在区域,在责令期限内完成备案\n"
                 "Z1,gd-eia-31-3-registration,30000,xyz,是\n"
                 f"Z2,gd-eia-31-3-registration,\"{long}\",general,是\n"
                 "Z3,gd-eia-31-3-registration,\"3\x1b[2J\",general,是\n"
                 "Z4,gd-eia-31-3-registration,,general,是\n", encoding="utf-8")
    r = review(p, cn)
    zh = dict(zip(*rejected_reasons(r, "zh").select("case_id", "reasons").to_dict(as_series=False).values()))
    en = dict(zip(*rejected_reasons(r, "en").select("case_id", "reasons").to_dict(as_series=False).values()))
    assert zh["Z1"] == "项目所在区域（zone）：“xyz”不在可选值之中（可选：一般区域（general）、环境敏感区或限制区域（restricted_or_sensitive））"
    assert en["Z1"] == ("项目所在区域 (zone): “xyz” not one of the listed values (allowed: general (general zone), "
                        "restricted_or_sensitive (restricted or sensitive zone))")
    # 100 digits: cut at 60, an ellipsis says so; the escape sequence is shown, not sent to a terminal
    assert en["Z2"] == f"罚款金额 (fine): “{'9' * 60}…” more than 28 digits (a number is kept exactly up to 28)"
    assert en["Z3"] == "罚款金额 (fine): “3\\x1b[2J” not a number"
    assert en["Z4"] == "罚款金额 (fine): no fine given (write 0 for none)"  # nothing written: nothing to echo
