"""A writer process for the durability tests (not a test): appends entries to a register.

usage: python audit_writer.py REGISTER TAG COUNT   (COUNT < 0: until killed)
Prints "open" once the register is open, so a test can tell creation from appending.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE)]

from audit_helpers import FP_A, RULEBOOK_A, fake_recompute  # noqa: E402
from penalty.audit import Register  # noqa: E402


def main() -> None:
    path, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with Register.open(path) as reg:
        print("open", flush=True)
        i = 0
        while count < 0 or i < count:
            facts = {"violation": "food-122", "base": str(i), "writer": tag}
            reg.record(case_id=f"{tag}-{i}", officer=f"officer-{tag}", unit="unit", facts=facts,
                       result=fake_recompute(RULEBOOK_A, "a", facts), explanation=f"{tag} {i}\n",
                       engine_version="penalty 0.1.0", rulebook_fingerprint=FP_A, rulebook_name="rulebook-A",
                       rulebook_text=RULEBOOK_A)
            i += 1


if __name__ == "__main__":
    main()
