"""群众公议: the packet shows the case without its party, the benchmark item and cell, the lawful range, the proposal
and similar decided cases; `penalty panel record` keeps the panel's outcome beside the decision (Hefei: a proposed
90,000 yuan moved to 50,000 by the panel: both on the record)."""
from __future__ import annotations

import json

from penalty.audit.register import Register
from tests.documents.conftest import REFUSING, run
from tests.documents.test_documents import read_back

# 弄虚作假 × 一次及以上: [80,000, 110,000) yuan; 90,000 proposed.
FALSIFYING = REFUSING.replace("refusing_entry", "falsifying").replace("粤环罚〔2024〕001号", "粤环罚〔2024〕009号")


def test_the_panel_outcome_is_recorded_beside_the_proposal(decide, tmp_path):
    reg = decide(FALSIFYING, "90000")
    res = run("panel", "record", "1", "--votes", "7-2-0", "--outcome", "50000", "--opinion", "初次违法，已整改",
              "--officer", "0452", "--register", reg, "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["seq"] == 2
    with Register.open(reg, create=False) as r:
        decision, panel = r.entries()
    assert decision.facts["decision"]["amount"] == 9_000_000  # the proposal stays as decided
    assert panel.facts["panel"] == {"of": 1, "votes": {"for": 7, "against": 2, "abstain": 0}, "outcome": 5_000_000,
                                    "opinion": "初次违法，已整改", "officer": "0452"}
    assert "decision" not in panel.facts and panel.case_id == decision.case_id
    out = tmp_path / "packet.docx"
    assert run("panel", "packet", "粤环罚〔2024〕009号", "--register", reg, "--out", out).exit_code == 0
    text = read_back(out)
    assert "拟处罚 90,000元，群众公议意见 50,000元（同意 7 票、反对 2 票、弃权 0 票）：初次违法，已整改" in text
    # a second decision (the authority follows the panel) is a recorded change; the panel entry is not a decision
    follow = run("decide", tmp_path / "case.yaml", "-r", tmp_path / "rb.yaml", "--amount", "50000", "--record", "--register",
                 reg, "--officer", "0451", "--reason", "social_impact", "--note", "群众公议意见", "--change-reason", "采纳群众公议意见")
    assert follow.exit_code == 0, follow.output
    with Register.open(reg, create=False) as r:
        assert r.get(3).facts["decision"]["supersedes"] == 1
    replay = run("audit", "replay", "--register", reg, "--json")
    assert replay.exit_code == 0 and json.loads(replay.stdout)["reproduced"] == 3


def test_the_packet_is_anonymised_and_lists_similar_cases(decide, tmp_path):
    decide(REFUSING, "140000", name="a.yaml")
    reg = decide(FALSIFYING, "90000", name="b.yaml")
    out = tmp_path / "packet.docx"
    assert run("panel", "packet", "2", "--register", reg, "--out", out).exit_code == 0
    text = read_back(out)
    for expected in ("行政处罚案件群众公议材料", "某环公议〔2024〕002号", "当事人类型：法人或者其他组织",
                     "裁量事项：拒绝、阻挠环境监督检查或者在接受监督检查时弄虚作假〔gd-water-81-obstruct〕",
                     "适用情形：弄虚作假 × 一次及以上", "法定处罚幅度：处二万元以上二十万元以下的罚款",
                     "基准裁量幅度：80,000元 至 110,000元（不含）（一般处罚）", "拟作出的处罚：责令改正；罚款 90,000元",
                     "同意拟处罚意见：＿＿票"):
        assert expected in text, expected
    d = __import__("docx").Document(str(out))
    similar = [[c.text for c in row.cells] for row in d.tables[0].rows]
    assert similar == [["登记簿序号", "适用情形", "裁量阶次", "处罚内容", "群众公议"],
                       ["1", "拒绝进入现场 × 一次及以上", "一般处罚", "责令改正；罚款 140,000元", ""]]
    for secret in ("某某化工有限公司", "91350100M000100Y43", "工业路", "粤环罚", "现场照片"):
        assert secret not in text, secret


def test_panel_refusals(decide, tmp_path):
    reg = decide(FALSIFYING, "90000")
    base = ("panel", "record", "1", "--register", reg, "--lang", "en", "--officer", "0452")
    res = run(*base, "--votes", "7-2", "--outcome", "50000")
    assert res.exit_code == 1 and "not a vote count" in res.output
    res = run(*base, "--votes", "7-2-0", "--outcome", "-5")
    assert res.exit_code == 1 and "not an amount" in res.output
    res = run("panel", "record", "1", "--register", reg, "--lang", "en", "--votes", "7-2-0", "--outcome", "5")
    assert res.exit_code == 1 and "--officer" in res.output
    with Register.open(reg, create=False) as r:
        assert r.count() == 1  # nothing written by a refusal
    res = run("panel", "packet", "9", "--register", reg, "--lang", "en")
    assert res.exit_code == 1 and "holds no decision" in res.output
