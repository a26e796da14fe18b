"""The README's documents walkthrough runs as written from a copy of the repository's rulebooks, and every file it
makes is read back: the 告知书 and 决定书 with python-docx, the publication CSV, the packet."""
from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.documents.test_documents import read_back

ROOT = Path(__file__).resolve().parents[2]


def _commands() -> list:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Documents, publication and public review", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_the_walkthrough_runs_as_written(tmp_path):
    shutil.copytree(ROOT / "rulebooks", tmp_path / "rulebooks")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("PENALTY_REGISTER", None)
    env.pop("PENALTY_REGISTER_KEY", None)
    outputs = []
    for command in _commands():
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        outputs.append(done.stdout)
    notice, decision, packet = (read_back(tmp_path / name) for name in ("告知书.docx", "决定书.docx", "公议材料.docx"))
    assert "行政处罚事先告知书" in notice and "五个工作日内（2024年9月9日前）" in notice  # Mon 2 Sep + 5 working days
    assert "当事人：某某化工有限公司" in decision and "拒绝进入现场 × 一次及以上" in decision  # the published cell
    assert "130,000元 至 150,000元（不含）" in decision and "六十日内" in decision and "六个月内" in decision
    assert "某某化工有限公司" not in packet and "适用情形：拒绝进入现场 × 一次及以上" in packet
    with open(tmp_path / "公示.csv", encoding="utf-8-sig", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert row["当事人"] == "某某化工有限公司" and row["处罚内容"] == "责令改正；罚款 140,000元"
    assert outputs[-1].startswith("# 行政处罚决定书") and "某环罚〔2024〕001号" in outputs[-1]
