"""The review reads decided amounts and recorded reasons from the register (issue 15, item 1): a decision inside
the band raises nothing; a recorded deviation (逸脱) with a reason from the rulebook's `deviation_reasons` is
reported as such, not as an unexplained amount above the band; an amount outside the band without a reason is
flagged above the range. Worked by hand: 广东 水污染防治法第八十一条, 拖延执法人员 × 近一年无同类违法 gives the
band [20,000, 40,000) yuan of a statutory 20,000 – 200,000 yuan (the grid in docs/sources.md)."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.review.core import review
from penalty.review.register import register_frame
from penalty.rulebook.load import load_rulebook
from tests.decision.conftest import REASONS
from penalty.rulebook.bundled import bundled_dir

YUAN = 100


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def case(case_id: str) -> str:
    return f"case_id: {case_id}\nviolation: gd-water-81-obstruct\nfacts: {{obstruction: delaying, prior_count_1y: 0}}\n"


@pytest.fixture()
def three(tmp_path):
    """A register with three decisions: inside the band, a deviation with a listed reason, outside without one."""
    rb_path = tmp_path / "cn-env-food.yaml"
    rb_path.write_text((bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8") + REASONS, encoding="utf-8")
    reg = tmp_path / "register.sqlite"
    for case_id, amount, more in (("R-1", "30000", ()),
                                  ("R-2", "100000", ("--reason", "special_circumstances", "--note", "长期拖延"))):
        f = tmp_path / f"{case_id}.yaml"
        f.write_text(case(case_id), encoding="utf-8")
        res = run("decide", f, "-r", rb_path, "--amount", amount, "--record", "--register", reg, "--officer", "0451",
                  *more)
        assert res.exit_code == 0, res.output
    # a decision of 100,000 yuan recorded without a reason (by another program, say): decide itself refuses it
    from penalty.audit.register import Register
    with Register.open(reg, create=False) as r:
        first = r.get(1)
        facts = {**first.facts, "case_id": "R-3",
                 "decision": {**first.facts["decision"], "amount": 100_000 * YUAN, "status": None, "reason": None}}
        r.record(case_id="R-3", officer="0452", unit="", facts=facts, result=first.result, explanation="-",
                 engine_version=first.engine_version, rulebook_fingerprint=first.rulebook_fingerprint,
                 rulebook_name=first.rulebook_name, rulebook_text=r.rulebook_text(first.rulebook_fingerprint))
    return load_rulebook(rb_path), rb_path, reg


def test_the_register_gives_the_decided_amounts_and_reasons(three):
    rb, _, reg = three
    frame = register_frame(reg, rb)
    rows = {r["case_id"]: r for r in frame.to_dicts()}
    assert set(rows) == {"R-1", "R-2", "R-3"}
    assert (rows["R-1"]["fine"], rows["R-1"]["deviation_reason"]) == ("30000", None)
    assert (rows["R-2"]["fine"], rows["R-2"]["deviation_reason"]) == ("100000", "special_circumstances")
    assert (rows["R-3"]["fine"], rows["R-3"]["deviation_reason"]) == ("100000", None)
    assert rows["R-1"]["obstruction"] == "delaying" and rows["R-1"]["_row"] == 1


def test_flags_read_from_the_register(three):
    rb, _, reg = three
    result = review(register_frame(reg, rb), rb)
    got = {r["case_id"]: r for r in result.cases.select(
        "case_id", "low", "high", "f_above_range", "f_deviation", "f_above_statutory", "flagged").to_dicts()}
    assert {k: (got[k]["low"], got[k]["high"]) for k in got} == {k: (20_000 * YUAN, 40_000 * YUAN) for k in got}
    assert not got["R-1"]["flagged"]
    assert got["R-2"]["f_deviation"] and not got["R-2"]["f_above_range"] and not got["R-2"]["f_above_statutory"]
    assert got["R-3"]["f_above_range"] and not got["R-3"]["f_deviation"]
    from penalty.review.explain import reasons
    words = dict(reasons(result, "zh").select("case_id", "reasons").iter_rows())
    # the band's midpoint 30,000 lies in the lighter 0-30 % share of 20,000 - 200,000 (up to 74,000): 从轻处罚
    assert words["R-2"] == ("罚款 100,000元 在从轻处罚裁量幅度 20,000元以上、40,000元以下（不含40,000元）以外、法定幅度以内："
                            "已记载逸脱理由“special_circumstances”（情节特殊）")
    assert words["R-3"].startswith("罚款 100,000元 高于")


def test_a_case_file_column_of_deviation_reasons_is_read_alike(three, tmp_path):
    rb, _, _ = three
    csv = tmp_path / "c.csv"
    csv.write_text("案件编号,违法行为,obstruction,prior_count_1y,罚款金额,逸脱理由\n"
                   "C-1,gd-water-81-obstruct,delaying,0,100000,social_impact\n"
                   "C-2,gd-water-81-obstruct,delaying,0,100000,不在清单中的理由\n"
                   "C-3,gd-water-81-obstruct,delaying,0,300000,social_impact\n", encoding="utf-8")
    got = {r["case_id"]: r for r in review(str(csv), rb).cases.select(
        "case_id", "f_above_range", "f_deviation", "f_above_statutory").to_dicts()}
    assert got["C-1"]["f_deviation"] and not got["C-1"]["f_above_range"]
    assert got["C-2"]["f_above_range"] and not got["C-2"]["f_deviation"]  # not a reason of the rulebook's list
    # above the statutory maximum no reason makes it a deviation: unlawful
    assert got["C-3"]["f_above_statutory"] and got["C-3"]["f_above_range"] and not got["C-3"]["f_deviation"]


def test_penalty_review_register_on_the_command_line(three, tmp_path):
    _, rb_path, reg = three
    out = tmp_path / "out"
    res = run("review", "--register", reg, "-r", rb_path, "--out", out, "--json", "--no-html")
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["flags"]["deviation"] == 1 and data["flags"]["above_range"] == 1
    flagged = (out / "flagged.csv").read_text(encoding="utf-8")
    assert "R-2" in flagged and "review.deviation" in flagged and "R-1" not in flagged
    words = run("review", "--register", reg, "-r", rb_path, "--out", tmp_path / "o2", "--no-html", "--lang", "zh")
    assert words.exit_code == 0 and "已记载所列理由的逸脱" in words.output


def test_a_register_with_dask_is_refused(three):
    _, rb_path, reg = three
    assert run("review", "--register", reg, "-r", rb_path, "--dask", "local").exit_code == 2


def test_cases_and_register_together_or_neither_are_refused(three):
    _, rb_path, reg = three
    assert run("review", "-r", rb_path).exit_code == 2
    assert run("review", "x.csv", "--register", reg, "-r", rb_path).exit_code == 2
