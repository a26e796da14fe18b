"""Similar cases (类案参考) and the deviation warning (偏离预警) by the review's own peer rule. Positions worked by
hand: the band [130,000, 150,000) is 20,000 wide, so 140,000 sits at (10,000 × 10000) // 20,000 = 5000 bp."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.decision.similar import far_warning, percent, position
from penalty.peers import Options, far_from_peers, lower_median, robust_scale

runner = CliRunner(env={"COLUMNS": "200"})
REFUSING = "violation: gd-water-81-obstruct\nfacts: {obstruction: refusing_entry, prior_count_1y: 1}\n"
BAND = {"low": 13_000_000, "high": 15_000_000, "low_inclusive": True, "high_inclusive": False}


def test_the_peer_rule_in_integers():
    assert lower_median([5, 1, 3, 2]) == 2 and lower_median([7]) == 7
    assert robust_scale(0, 250) == 250 and robust_scale(1000, 250) == 1482  # 1000 × 1.4826, floored
    opt = Options()
    assert far_from_peers(1000, 250, 10, opt) and not far_from_peers(875, 250, 10, opt)  # 3.5 × 250 = 875: not beyond
    assert not far_from_peers(5000, 250, 9, opt)  # fewer than 10 peers: never
    assert position(14_000_000, BAND, "within_range") == 5000 and position(1, {"low": 1, "high": 1}, "") is None
    assert percent(5000) == "50%" and percent(50) == "1%" and percent(-50) == "-1%"


def test_far_warning_against_ten_peers_at_the_middle():
    group = {"median_bp": 5000, "mad_bp": 0, "positioned": 10}
    act = {"range": BAND, "grade_kind": "within_range"}
    # 142,000: (12,000 × 10000) // 20,000 = 6000 bp, 1000 from the median: 1000 / max(0, 250) = 4.0 > 3.5
    warning = far_warning(group, 14_200_000, act)
    assert warning["code"] == "decision.similar.far" and warning["args"]["deviations"] == "4.0"
    assert warning["args"]["position"] == "60%" and warning["args"]["median"] == "50%"
    # 141,500: 5750 bp, 750 from it: 3.0, not beyond 3.5
    assert far_warning(group, 14_150_000, act) is None


def test_similar_cases_from_the_register(write_case, rulebook_path, tmp_path):
    reg = str(tmp_path / "r.sqlite")
    rec = ("-r", str(rulebook_path), "--register", reg, "--record", "--officer", "0451", "--lang", "en")
    for i in range(10):
        res = runner.invoke(app, ["decide", write_case(f"case_id: S-{i}\n" + REFUSING, f"s{i}.yaml"), "--amount", "140000", *rec])
        assert res.exit_code == 0, res.output
    # another cell (delaying x one in the year) is not a peer
    runner.invoke(app, ["decide", write_case("case_id: O-1\nviolation: gd-water-81-obstruct\nfacts: {obstruction: delaying, prior_count_1y: 1}\n", "o.yaml"),
                        "--amount", "50000", *rec])
    now = write_case("case_id: NOW\n" + REFUSING, "now.yaml")
    calc = json.loads(runner.invoke(app, ["calc", now, "-r", str(rulebook_path), "--register", reg, "--json"]).stdout)
    (group,) = calc["similar"]
    assert (group["count"], group["median_bp"], group["mad_bp"]) == (10, 5000, 0)
    assert group["amounts"] == {"low": 14_000_000, "high": 14_000_000} and group["model_key"] == "refusing_entry×one_in_year"
    assert [r["case_id"] for r in group["recent"]] == ["S-5", "S-6", "S-7", "S-8", "S-9"]
    far = runner.invoke(app, ["decide", now, "-r", str(rulebook_path), "--register", reg, "--amount", "142000", "--lang", "en"])
    assert far.exit_code == 0 and "偏离预警: band position 60% is far from its 10 similar decided cases" in far.output
    assert "Similar cases (类案参考)" in far.output and "10 decided case(s)" in far.output
    near = runner.invoke(app, ["decide", now, "-r", str(rulebook_path), "--register", reg, "--amount", "141500", "--json"])
    assert not any(w["code"] == "decision.similar.far" for w in json.loads(near.stdout)["decision"]["warnings"])
    md = runner.invoke(app, ["decide", now, "-r", str(rulebook_path), "--register", reg, "--amount", "140000", "-f", "md", "--lang", "zh"])
    assert "### 类案参考" in md.output and "登记簿中已决定 10 件" in md.output


def test_entries_no_engine_wrote_are_passed_over(write_case, rulebook_path, tmp_path):
    from penalty.audit.register import Register
    reg = tmp_path / "r.sqlite"
    odd = [({"decision": {"amount": 1, "act": 0, "party": "not a mapping"}}, {"violation": "gd-water-81-obstruct", "acts": ["x"]}),
           ({"decision": {"amount": 1, "act": 5}}, {"violation": "gd-water-81-obstruct", "acts": []}),
           ({"decision": {"amount": 1, "act": 0}}, {"violation": "gd-water-81-obstruct", "acts": [{"range": {}}]})]
    with Register.open(reg) as r:
        for i, (facts, result) in enumerate(odd):
            r.record(case_id=f"ODD-{i}", officer="o", unit="", facts=facts, result=result, explanation="-", engine_version="-",
                     rulebook_fingerprint="-", rulebook_name="-", rulebook_text="-")
    res = runner.invoke(app, ["calc", write_case("case_id: NOW\n" + REFUSING), "-r", str(rulebook_path), "--register", str(reg), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["similar"][0]["count"] == 0
