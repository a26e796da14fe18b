"""`penalty calc` cold-start time (target: median < 150 ms), against a bare interpreter and the bare imports.

    python benches/bench_cold_start.py [--runs 20]

Runs the installed console script (beside this interpreter) as a fresh process each time; prints medians.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path


def timed(cmd, runs):
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        out.append(time.perf_counter() - t0)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr.decode()[-500:]}")
    return out


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    a = ap.parse_args(argv)
    from penalty.rulebook.bundled import bundled_dir
    example = str(bundled_dir() / "examples" / "gd-obstruct-refusing-entry.yaml")
    penalty = str(Path(sys.executable).parent / "penalty")
    rows = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("python -c 'import typer, rich.console, yaml'", [sys.executable, "-c", "import typer, rich.console, yaml"]),
        ("penalty calc EXAMPLE", [penalty, "calc", example]),
        ("penalty calc EXAMPLE --json", [penalty, "calc", example, "--json"]),
        ("penalty calc EXAMPLE --cross-check", [penalty, "calc", example, "--cross-check"]),
    ]
    print(f"cold start, {a.runs} runs each, python {sys.version.split()[0]}")
    for label, cmd in rows:
        ts = timed(cmd, a.runs)
        print(f"  {label:42s} median {statistics.median(ts) * 1000:6.1f} ms   min {min(ts) * 1000:6.1f}   "
              f"max {max(ts) * 1000:6.1f}")


if __name__ == "__main__":
    main()
