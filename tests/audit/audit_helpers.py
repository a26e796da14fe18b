"""Helpers for the audit tests. No engine here: a small fake `recompute` stands in for it."""
from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # so subprocess writers and pytest import this worktree's penalty
    sys.path.insert(0, str(ROOT))

from penalty.audit import Register  # noqa: E402

RULEBOOK_A = "name: 食品安全\nviolations:\n  - id: food-122\n"
RULEBOOK_B = "name: 水污染\nviolations:\n  - id: water-81\n"
FP_A = "a" * 64
FP_B = "b" * 64
T0 = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.timezone.utc)


def fake_recompute(rulebook_text: str, rulebook_name: str, facts: dict) -> dict:
    """A stand-in engine: the fine is twice the base, in yuan, as a Decimal (as the real engine's would be)."""
    return {
        "violation": facts["violation"],
        "amount": Decimal(facts["base"]) * 2,
        "grade": "一般",
        "rulebook_lines": rulebook_text.count("\n"),
    }


def record(reg: Register, i: int, *, officer: str = "officer-1", unit: str = "unit-1", violation: str = "food-122",
           rulebook: str = "A", when: dt.datetime | None = None, explanation: str | None = None, **kw):
    facts = {"violation": violation, "base": str(1000 + i), "first_time": i % 2 == 0}
    text, fp = (RULEBOOK_A, FP_A) if rulebook == "A" else (RULEBOOK_B, FP_B)
    return reg.record(
        case_id=f"CASE-{i:04d}", officer=officer, unit=unit, facts=facts,
        result=fake_recompute(text, rulebook, facts),
        explanation=explanation if explanation is not None else f"第{i}号案件裁量说明：\n  罚款 {2 * (1000 + i)} 元。\n",
        engine_version="penalty 0.1.0", rulebook_fingerprint=fp, rulebook_name=f"rulebook-{rulebook}",
        rulebook_text=text, timestamp=when or T0 + dt.timedelta(hours=i), **kw,
    )



def sql(path: Path, *statements: str, params=()) -> None:
    """Edit the file behind the register's back, as someone with the sqlite3 shell would."""
    conn = sqlite3.connect(path)
    try:
        for s in statements:
            conn.execute(s, params)
        conn.commit()
    finally:
        conn.close()
