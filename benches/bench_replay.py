"""Impact replay benchmark (issue 4): N generated past cases replayed under the two bundled versions.

    python benches/bench_replay.py [N] [--uncached-sample M]

Writes a deterministic CSV (seeded), then streams it through penalty.diff (read_cases -> Replayer), once with
the result cache (the default) and on a sample of M cases without it, extrapolated to N. Prints figures for
docs/performance.md. Not a test: nothing here asserts a time.
"""
from __future__ import annotations

import csv
import os
import random
import resource
import sys
import tempfile
import time

from penalty.diff.cases import read_cases
from penalty.diff.replay import Replayer
from penalty.rulebook.bundled import bundled_rulebook

COLUMNS = ["case_id", "violation", "obstruction", "prior_count_1y", "zone", "filed_within_deadline", "count_2y",
           "goods_value", "recalled_in_time", "harm_caused", "repeat_within_year", "exceed_multiple", "removed_harm"]
OBSTRUCTION = ["delaying", "falsifying", "refusing_entry", "blocking", "assault"]


def generate(path, n, seed=20250701):
    rnd = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for i in range(n):
            row = dict.fromkeys(COLUMNS, "")
            row["case_id"] = f"C{i:07d}"
            k = rnd.random()
            if k < 0.30:
                row.update(violation="gd-water-81-obstruct", obstruction=rnd.choice(OBSTRUCTION),
                           prior_count_1y=rnd.choice([0, 0, 0, 1, 1, 2, 3]))
            elif k < 0.45:
                row.update(violation="gd-eia-31-3-registration", zone=rnd.choice(["general", "restricted_or_sensitive"]),
                           filed_within_deadline=rnd.choice(["true", "false"]))
            elif k < 0.65:
                row.update(violation="jm-water-82-monitoring", count_2y=rnd.randint(1, 8))
            elif k < 0.90:
                row.update(violation="food-124-additives", goods_value=rnd.randint(1, 1000) * 100,
                           recalled_in_time=rnd.choice(["是", "否"]), harm_caused=rnd.choice(["否", "否", "是"]),
                           repeat_within_year=rnd.choice(["否", "否", "否", "是"]))
            else:
                row.update(violation="gd-water-83-exceeding", exceed_multiple=f"{rnd.randint(0, 50) / 10:.1f}")
            if rnd.random() < 0.1:
                row["removed_harm"] = "true"
            w.writerow([row[c] for c in COLUMNS])


def run(old, new, path, cache, limit=None):
    r = Replayer(old, new, cache=cache)
    moved = 0
    rows = read_cases(path)
    if limit is not None:
        rows = (x for i, x in zip(range(limit), rows))
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in r.run(rows):
        moved += 1
    r.cpu = time.process_time() - c0
    return time.perf_counter() - t0, moved, r


def main():
    args = sys.argv[1:]
    n = int(args[0]) if args and args[0].isdigit() else 1_000_000
    sample = int(args[args.index("--uncached-sample") + 1]) if "--uncached-sample" in args else 20_000
    old, new = bundled_rulebook("cn-env-food"), bundled_rulebook("cn-env-food.2025")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "past.csv")
        t0 = time.perf_counter()
        generate(path, n)
        gen = time.perf_counter() - t0
        print(f"generated {n:,} cases ({os.path.getsize(path) / 1e6:.1f} MB CSV) in {gen:.1f} s")
        secs, moved, r = run(old, new, path, cache=True)
        s = r.summary()
        print(f"cached:   {n:,} cases x 2 versions in {secs:.1f} s ({n / secs:,.0f} cases/s); moved or unassessable {moved:,}; "
              f"cache hits {r.hits:,}, misses (distinct cases assessed) {r.misses:,}; CPU {r.cpu:.1f} s")
        print(f"          totals: {s['totals']}")
        u_secs, u_moved, u = run(old, new, path, cache=False, limit=sample)
        print(f"uncached: {sample:,} cases x 2 versions in {u_secs:.1f} s ({sample / u_secs:,.0f} cases/s, CPU {u.cpu:.1f} s) "
              f"-> {n:,} cases would take ~{u_secs * n / sample:.0f} s (CPU ~{u.cpu * n / sample:.0f} s)")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; load {os.getloadavg()}")


if __name__ == "__main__":
    main()
