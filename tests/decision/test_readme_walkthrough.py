"""The README's `penalty decide` walkthrough runs as written, each command with the exit its comment says."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _commands() -> list:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Deciding a case (penalty decide)", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    joined = block.replace("\\\n", " ")
    return [line for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_the_walkthrough_runs_as_written(tmp_path):
    shutil.copytree(ROOT / "rulebooks", tmp_path / "rulebooks")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PENALTY_LANG": "en"}
    env.pop("PENALTY_REGISTER", None)
    commands = _commands()
    assert sum(c.startswith("penalty decide") for c in commands) == 7
    for command in commands:
        expect = 1 if "refused" in command.split("#", 1)[-1] and "#" in command else 0
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode == expect, (command, done.stdout, done.stderr)
    shown = subprocess.run(["bash", "-c", commands[-1]], cwd=tmp_path, env=env, capture_output=True, text=True).stdout
    assert "social_impact (social impact): reported in the provincial press" in shown
