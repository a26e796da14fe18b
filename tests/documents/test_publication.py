"""`penalty publish`: the art. 48 records, a natural person masked, warning-only decisions left out by the rule, and
a withdrawal within three working days (art. 48 ¶2, art. 85) for a decision changed or revoked."""
from __future__ import annotations

import csv
import json
import re

from tests.documents.conftest import DELAYING_PERSON, REFUSING, run

PERSON_ID = "11010519491231002X"
# an 18-character identity number, or a mainland mobile number, written out in full
UNMASKED = re.compile(r"(?<![0-9A-Z])([0-9]{17}[0-9X]|1[3-9][0-9]{9})(?![0-9A-Z])")


def published(reg, tmp_path, name="pub.csv", *more):
    out = tmp_path / name
    res = run("publish", "--register", reg, "--out", out, *more)
    assert res.exit_code == 0, res.output
    if name.endswith(".json"):
        return json.loads(out.read_text(encoding="utf-8")), out
    with open(out, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh)), out


def test_an_organisation_in_full_and_a_person_masked(decide, tmp_path):
    decide(REFUSING, "140000", name="a.yaml")
    reg = decide(DELAYING_PERSON, "30000", name="b.yaml")
    rows, out = published(reg, tmp_path)
    org, person = rows
    assert org["记录类型"] == "公示" and org["决定书文号"] == "某环罚〔2024〕001号"
    assert org["当事人"] == "某某化工有限公司" and org["当事人证件号码"] == "91350100M000100Y43"
    assert org["违法行为类型"] == "拒绝、阻挠环境监督检查或者在接受监督检查时弄虚作假"
    assert org["依据"] == "《中华人民共和国水污染防治法》第八十一条" and org["处罚内容"] == "责令改正；罚款 140,000元"
    assert org["机关"] == "某市生态环境局" and org["日期"] == "2024-09-20"
    assert person["当事人"] == "张*三" and person["当事人证件号码"] == "1101**********002X"
    text = out.read_text(encoding="utf-8-sig")
    assert PERSON_ID not in text and "张小三" not in text


def test_a_changed_and_a_revoked_decision_are_withdrawn_within_three_working_days(decide, tmp_path):
    decide(REFUSING, "140000", name="a.yaml")
    decide(DELAYING_PERSON, "30000", name="b.yaml")
    # changed on Friday 2024-09-27. 2024's National Day holiday is 1-7 October, with Sunday 29 September a 调休
    # working day (国务院办公厅 2024 年节假日安排): Sun 29 Sep, Mon 30 Sep, Tue 8 Oct are the three working days.
    changed = REFUSING.replace("decision_date: 2024-09-20", "decision_date: 2024-09-27")
    reg = decide(changed, "135000", "--change-reason", "复核后调整", name="c.yaml")
    res = run("document", "revoke", "2", "--reason", "复议决定撤销", "--officer", "0451", "--date", "2024-12-27",
              "--register", reg)
    assert res.exit_code == 0, res.output
    data, _ = published(reg, tmp_path, "pub.json")
    assert [r["决定书文号"] for r in data["records"]] == ["某环罚〔2024〕003号"]
    assert data["records"][0]["处罚内容"] == "责令改正；罚款 135,000元"
    first, second = data["withdrawals"]
    assert first["决定书文号"] == "某环罚〔2024〕001号" and first["日期"] == "2024-09-27"
    assert first["撤回原因"] == "该处罚决定已变更（登记簿第 3 条）：复核后调整" and first["撤回期限"] == "2024-10-08"
    # Fri 27 Dec 2024: Mon 30, Tue 31 Dec, (1 Jan 元旦), Thu 2 Jan 2025
    assert second["决定书文号"] == "某环罚〔2024〕002号" and second["当事人"] == "张*三"
    assert second["撤回原因"] == "该处罚决定已撤销（登记簿第 4 条）：复议决定撤销" and second["撤回期限"] == "2025-01-02"
    since, _ = published(reg, tmp_path, "since.json", "--since", "2024-12-01")
    assert since["records"] == [] and [w["决定书文号"] for w in since["withdrawals"]] == ["某环罚〔2024〕002号"]
    replay = run("audit", "replay", "--register", reg, "--json")
    assert replay.exit_code == 0 and json.loads(replay.stdout)["reproduced"] == 4  # the revocation entry too


def test_warning_only_decisions_are_left_out_where_the_rule_says_so(decide, tmp_path, rulebook):
    # first violation, minor harm, promptly corrected (art. 33 ¶1): the case may be decided with no fine; a
    # decision of a warning alone is published only when the agency's rule says so
    reg = decide(REFUSING, "140000", name="a.yaml")
    from penalty.audit.register import Register
    from penalty.documents.publication import publication
    from penalty.documents.template import load
    with Register.open(reg, create=False) as r:
        entry = r.get(1)
        warning = {**entry.facts, "decision": {**entry.facts["decision"], "amount": 0, "measures": ["warning"]}}
        r.record(case_id="W-1", officer="0451", unit="", facts=warning, result=entry.result, explanation="-",
                 engine_version=entry.engine_version, rulebook_fingerprint=entry.rulebook_fingerprint,
                 rulebook_name=entry.rulebook_name, rulebook_text=r.rulebook_text(entry.rulebook_fingerprint))
        settings = load()["template"]
        left_out = publication(r, settings)
        settings["publication"]["omit_warning_only"] = False
        kept = publication(r, settings)
    assert left_out["omitted"] == 1 and len(left_out["records"]) == 1
    assert kept["omitted"] == 0 and len(kept["records"]) == 2


def test_csv_cells_cannot_run_as_formulas(decide, tmp_path):
    hostile = REFUSING.replace("party_name: 某某化工有限公司", "party_name: '=HYPERLINK(\"http://x\")'")
    reg = decide(hostile, "140000")
    rows, _ = published(reg, tmp_path)
    assert rows[0]["当事人"] == "'=HYPERLINK(\"http://x\")"


def test_no_published_output_holds_an_unmasked_identifier(decide, tmp_path):
    decide(REFUSING, "140000", name="a.yaml")
    decide(DELAYING_PERSON.replace("party_name: 张小三", "party_name: 张小三\nparty_address: 电话 13912345678"), "30000",
           name="b.yaml")
    # a deviation note that names the party (the officer's free text) is masked in the packet too
    reg = decide(DELAYING_PERSON.replace("decision_date: 2024-09-20", "decision_date: 2024-09-27"), "45000",
                 "--change-reason", "复核", "--reason", "social_impact", "--note", "张小三（11010519491231002X）屡次拖延",
                 name="c.yaml")
    outputs = [published(reg, tmp_path, name)[1] for name in ("p.csv", "p.json")]
    packet = tmp_path / "packet.md"
    assert run("panel", "packet", "3", "--register", reg, "--out", packet).exit_code == 0
    for path in [*outputs, packet]:
        text = path.read_text(encoding="utf-8-sig")
        assert UNMASKED.findall(text) == [], path
        assert "张小三" not in text and "13912345678" not in text, path
