"""The type-check gate: mypy may report only errors already in the committed baseline, and the baseline may only shrink.

    python .ci/mypy_gate.py            # run mypy (config: pyproject.toml [tool.mypy]) and compare with the baseline
    python .ci/mypy_gate.py --update   # write today's errors as the baseline (refused if that would add any)

An error is known by its file, its code and its message, counted: not by its line, so editing above an old error
does not fail the gate, but a second error of the same kind in the same file does. The gate fails when
- an error is not in the baseline (a new one): fix it;
- an error of the baseline no longer occurs (one was fixed): run --update and commit the smaller baseline, so that
  the fixed error cannot come back unnoticed.
`--update --accept-new` writes the baseline even with new entries: only for code moved to another file (its errors
move with it) or a new mypy release, and the baseline's diff in the commit shows what was accepted.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / ".ci" / "mypy-baseline.txt"
HEADER = """\
# mypy errors accepted today: count, file, error code, message (line numbers left out, see .ci/mypy_gate.py).
# This file may only shrink. Regenerate with `python .ci/mypy_gate.py --update` after fixing errors.
"""

Key = tuple[str, str, str]  # file, code, message


def run_mypy() -> list[dict]:
    """mypy's errors, one dict each (its JSON output); exits the gate if mypy itself failed."""
    proc = subprocess.run([sys.executable, "-m", "mypy", "--output", "json", "--no-error-summary"],
                          cwd=ROOT, capture_output=True, text=True)
    errors, other = [], []
    for line in proc.stdout.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            other.append(line)
            continue
        if item.get("severity") == "error":
            errors.append(item)
    # mypy exits 0 (clean), 1 (errors found) or 2 (it could not run: bad config, crash, not installed)
    if proc.returncode not in (0, 1) or other:
        sys.stderr.write(proc.stderr + "\n".join(other) + "\n")
        sys.exit(f"mypy did not run (exit {proc.returncode}); see above")
    return errors


def key(error: dict) -> Key:
    message = re.sub(r"\bline \d+", "line N", error["message"])  # 'already defined on line 12'
    return Path(error["file"]).as_posix(), error.get("code") or "-", message


def read_baseline() -> Counter[Key]:
    counts: Counter[Key] = Counter()
    if not BASELINE.exists():
        return counts
    for line in BASELINE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            n, file, code, message = line.split("\t", 3)
            counts[file, code, message] += int(n)
    return counts


def write_baseline(counts: Counter[Key]) -> None:
    lines = [f"{n}\t{file}\t{code}\t{message}\n" for (file, code, message), n in sorted(counts.items())]
    BASELINE.write_text(HEADER + "".join(lines), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--update", action="store_true", help="write today's errors as the baseline")
    ap.add_argument("--accept-new", action="store_true",
                    help="with --update: accept new entries too (code moved between files, a new mypy)")
    args = ap.parse_args()

    errors = run_mypy()
    now = Counter(key(e) for e in errors)
    baseline = read_baseline()
    new, gone = now - baseline, baseline - now

    if new:
        print(f"mypy: {sum(new.values())} error(s) not in {BASELINE.relative_to(ROOT)}:")
        for e in errors:
            if new[key(e)]:
                print(f"  {e['file']}:{e['line']}: error: {e['message']}  [{e.get('code')}]")
        if not (args.update and args.accept_new):
            print("Fix them (see docs/development.md). If code only moved to another file, or mypy was upgraded,\n"
                  "run `python .ci/mypy_gate.py --update --accept-new` and let the baseline's diff show it.")
            return 1
    if args.update:
        write_baseline(now)
        print(f"mypy: baseline written, {sum(now.values())} error(s) in {len(now)} entries "
              f"({sum(gone.values())} fewer than before, {sum(new.values())} more)")
        return 0
    if gone:
        print(f"mypy: {sum(gone.values())} error(s) of the baseline no longer occur (fixed: good):")
        for (file, code, message), n in sorted(gone.items()):
            print(f"  {n} x {file}: {message}  [{code}]")
        print("The baseline may only shrink: run `python .ci/mypy_gate.py --update` and commit "
              f"{BASELINE.relative_to(ROOT)}.")
        return 1
    print(f"mypy: {sum(now.values())} error(s), all in the baseline; none new")
    return 0


if __name__ == "__main__":
    sys.exit(main())
