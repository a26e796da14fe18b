"""docs/decision.md's walkthrough runs as written: each command with the exit its comment says, priors filled from
the register and cited, the hearing right and 法制审核 shown, above the notice refused, the decision shown with its
reasons. Figures checked here are the ones the page works out by hand."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _commands() -> list:
    page = (ROOT / "docs" / "decision.md").read_text(encoding="utf-8")
    block = page.split("## Walkthrough", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_the_decision_walkthrough_runs_as_written(tmp_path):
    shutil.copytree(ROOT / "rulebooks", tmp_path / "rulebooks")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PENALTY_LANG": "en", "COLUMNS": "250"}
    env.pop("PENALTY_REGISTER", None)
    shown = {}
    for command in _commands():
        comment = command.split("  # ", 1)[1] if "  # " in command else ""
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode == (1 if "refused" in comment else 0), (command, done.stdout, done.stderr)
        shown[command] = done.stdout + done.stderr
    outputs = list(shown.values())
    third_calc = next(o for c, o in shown.items() if c.startswith("penalty calc third.yaml") and "--decide" not in c)
    assert "prior_count_1y (Same violations in the past year) = 2: from the register" in third_calc
    assert "entry 1 (case 粤环罚〔2025〕011号, 2025-02-20)" in third_calc and "entry 2 (case 粤环罚〔2025〕042号, 2025-05-30)" in third_calc
    assert "from 130,000 yuan up to but not including 150,000 yuan" in third_calc
    procedure = next(o for c, o in shown.items() if "--decide 140000" in c)
    assert "Hearing right: a fine of 140,000 yuan reaches 100,000 yuan" in procedure
    assert "法制审核 before the decision" in procedure and "by 2025-12-09" in procedure
    assert "by 2025-10-27" in procedure and "by 2025-11-25" in procedure
    refused = next(o for c, o in shown.items() if "--amount 170000" in c)
    assert "heavier than the penalty notified to the party, 160,000 yuan" in refused
    memo = outputs[-1]
    assert "social_impact (social impact): reported in the provincial press" in memo
    assert "a deviation, 逸脱" in memo and "Decided by officer 0451" in memo and "= 2: from the register" in memo
