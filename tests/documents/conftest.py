"""A register holding recorded decisions of the bundled Guangdong obstruction case (cn-env-food, 水污染防治法第八十一条,
statutory 20,000 – 200,000 yuan; the grid in DOMAIN.md), made with `penalty decide --record` as an officer would."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.rulebook.bundled import bundled_dir

runner = CliRunner(env={"COLUMNS": "200"})
REASONS = "\ndeviation_reasons:\n  social_impact: {zh: 社会影响, en: social impact}\n"

# 拒绝进入现场 × 近一年内一次及以上: the cell [130,000, 150,000) yuan; an organisation, so 140,000 yuan reaches the
# national 较大数额 of 100,000 yuan (hearing right, art. 63). 2024-09-02 is a Monday: five working days after it
# end on Monday 2024-09-09 (art. 64, 85).
REFUSING = """case_id: 粤环罚〔2024〕001号
violation: gd-water-81-obstruct
party_type: organisation
party_id: 91350100M000100Y43
party_name: 某某化工有限公司
party_address: 某市某区工业路 8 号
statement: 2024年6月20日，执法人员依法对当事人进行现场检查时，当事人拒绝执法人员进入现场。
evidence: [现场检查笔录, 询问笔录, 现场照片 12 张]
act_date: 2024-06-20
filing_date: 2024-07-01
notice_date: 2024-09-02
decision_date: 2024-09-20
facts: {obstruction: refusing_entry, prior_count_1y: 1, removed_harm: false}
"""
# 拖延执法人员 × 无: [20,000, 40,000): 30,000 yuan is below the organisation's 100,000: no hearing right.
# A natural person (citizen) with a valid 居民身份证号码 (GB 11643-1999 check character computed by hand below).
DELAYING_PERSON = """case_id: 粤环罚〔2024〕002号
violation: gd-water-81-obstruct
party_type: citizen
party_id: 11010519491231002X
party_name: 张小三
act_date: 2024-06-20
decision_date: 2024-09-20
facts: {obstruction: delaying, prior_count_1y: 0}
"""


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture()
def rulebook(tmp_path):
    path = tmp_path / "rb.yaml"
    path.write_text((bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8") + REASONS, encoding="utf-8")
    return path


@pytest.fixture()
def decide(tmp_path, rulebook):
    """decide(case_text, amount, *more options) -> the register path; each call records one decision."""
    reg = tmp_path / "register.sqlite"

    def record(body: str, amount: str, *more, name: str = "case.yaml"):
        case = tmp_path / name
        case.write_text(body, encoding="utf-8")
        res = run("decide", case, "-r", rulebook, "--amount", amount, "--record", "--register", reg, "--officer", "0451", *more)
        assert res.exit_code == 0, res.output
        return reg
    return record
