"""Impact replay of distinct cases (issue 17 item 4, third figure): `penalty diff --cases`, end to end, through the
column engine (the default) and through the per-case engine (`--engine per-case`), in the same minutes.

    python benches/bench_replay_columns.py [N] [--sample M] [--runs R]

Writes N seeded past cases, most of them distinct (70 % food-124 cases with goods values to the fen, all
different; the others drawn as benches/bench_replay.py draws them, counts up to 1,000), then runs, each in a
fresh process as a user types it (`penalty diff cn-env-food cn-env-food.2025 --cases FILE --json
--changes-out moved.jsonl`):

1. the column path on the whole file (R runs);
2. the per-case engine on the first M cases (the rest would take minutes), extrapolated to N, and the column
   path on the same M cases, whose stdout and moved-cases file must be byte-identical to the per-case engine's.

Prints wall, CPU (user + system) and peak RSS of each process, the load average, and the ratio of the per-case
engine's CPU (its start-up, measured on one case, plus the sample's rest scaled to N) to the column path's. Figures for docs/performance.md; never a test.
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time

COLUMNS = ["case_id", "violation", "obstruction", "prior_count_1y", "zone", "filed_within_deadline", "count_2y",
           "goods_value", "recalled_in_time", "harm_caused", "repeat_within_year", "exceed_multiple", "removed_harm"]
OLD, NEW = "cn-env-food", "cn-env-food.2025"


def case_row(rnd: random.Random, i: int) -> dict:
    """Past case i: its cells by column (empty: not given)."""
    from bench_replay import OBSTRUCTION  # the same obstruction modes as the repeating benchmark
    row = dict.fromkeys(COLUMNS, "")
    row.update(case_id=f"D{i:07d}")
    k = rnd.random()
    if k < 0.70:  # distinct by construction: a goods value of 100 + 13 i fen
        fen = 100 + 13 * i
        row.update(violation="food-124-additives", goods_value=f"{fen // 100}.{fen % 100:02d}",
                   recalled_in_time=rnd.choice(["是", "否"]), harm_caused=rnd.choice(["否", "否", "是"]),
                   repeat_within_year=rnd.choice(["否", "否", "否", "是"]))
    elif k < 0.80:
        row.update(violation="gd-water-81-obstruct", obstruction=rnd.choice(OBSTRUCTION),
                   prior_count_1y=rnd.randint(0, 1000))
    elif k < 0.85:
        row.update(violation="gd-eia-31-3-registration", zone=rnd.choice(["general", "restricted_or_sensitive"]),
                   filed_within_deadline=rnd.choice(["true", "false"]))
    elif k < 0.92:
        row.update(violation="jm-water-82-monitoring", count_2y=rnd.randint(1, 1000))
    else:
        row.update(violation="gd-water-83-exceeding", exceed_multiple=f"{rnd.randint(0, 500) / 10:.1f}")
    if rnd.random() < 0.1:
        row["removed_harm"] = "true"
    return row


def generate(path, n, seed=20261203):
    rnd = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        w.writerows([row[c] for c in COLUMNS] for row in (case_row(rnd, i) for i in range(n)))


def head(path, out, m):
    with open(path, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as g:
        for i, line in enumerate(f):
            if i > m:
                break
            g.write(line)


def distinct_keys(path) -> int:
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.reader(f)
        next(r)
        return len({tuple(row[1:]) for row in r})


def run(cases, engine, tmp) -> dict:
    """One `penalty diff --cases` in a fresh process: wall, CPU, peak RSS (its own rusage), its output."""
    moved = os.path.join(tmp, f"moved-{engine}.jsonl")
    out = os.path.join(tmp, f"out-{engine}.json")
    cmd = [sys.executable, "-c", "from penalty.cli.app import main; main()", "diff", OLD, NEW, "--cases", cases, "--json", "--changes-out", moved,
           "--engine", engine]
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    with open(out, "wb") as fh:
        proc = subprocess.Popen(cmd, stdout=fh)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({status})")
    with open(out, "rb") as fh, open(moved, "rb") as mh:
        output = (fh.read(), mh.read())
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024, "output": output,
            "load": (load + os.getloadavg()[0]) / 2}


def line(label, r, n):
    return (f"{label}: {n:,} cases x 2 versions  wall {r['wall']:.1f} s  CPU {r['cpu']:.1f} s  "
            f"peak RSS {r['rss']:,.0f} MiB  load {r['load']:.1f}")


def main():
    ap = argparse.ArgumentParser(description="penalty diff --cases on distinct cases: column path and per-case engine")
    ap.add_argument("n", type=int, nargs="?", default=1_000_000)
    ap.add_argument("--sample", type=int, default=20_000, help="cases run through the per-case engine")
    ap.add_argument("--runs", type=int, default=2, help="runs of the column path on the whole file")
    a = ap.parse_args()
    n, m = a.n, min(a.sample, a.n)
    with tempfile.TemporaryDirectory(prefix="replay-distinct-") as tmp:
        path, sample = os.path.join(tmp, "distinct.csv"), os.path.join(tmp, "sample.csv")
        started = time.perf_counter()
        generate(path, n)
        head(path, sample, m)
        print(f"generated {n:,} cases ({os.path.getsize(path) / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
        one = os.path.join(tmp, "one.csv")
        head(path, one, 1)
        start = run(one, "per-case", tmp)  # the start-up (imports, two rulebooks, the diff): once per run
        per_case = run(sample, "per-case", tmp)
        columns_m = run(sample, "columns", tmp)
        same = per_case["output"] == columns_m["output"]
        est = {k: start[k] + (per_case[k] - start[k]) * n / m for k in ("wall", "cpu")}
        print(line("per-case engine, one case (start-up)", start, 1))
        print(line("per-case engine, sample", per_case, m) + f"  -> {n:,} cases ~{est['wall']:.0f} s "
              f"wall, ~{est['cpu']:.0f} s CPU")
        print(line("column path, the same sample", columns_m, m))
        print(f"  stdout and --changes-out byte-identical: {same} "
              f"({per_case['output'][1].count(chr(10).encode()):,} moved cases)")
        for i in range(a.runs):
            whole = run(path, "columns", tmp)
            print(line(f"column path, whole file, run {i + 1}", whole, n) +
                  f"  ({whole['output'][1].count(chr(10).encode()):,} moved)  the per-case engine's CPU "
                  f"(extrapolated) / this run's: {est['cpu'] / whole['cpu']:.1f}")
        # counted last: the set of keys would make this process, and so every child's peak RSS, large
        print(f"distinct (violation, facts): {distinct_keys(path):,}")


if __name__ == "__main__":
    main()
