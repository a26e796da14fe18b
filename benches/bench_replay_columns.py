"""Impact replay of distinct cases (issue 17 item 4, third figure): today's per-case path against the column path.

    python benches/bench_replay_columns.py [N] [--sample M]

Writes N seeded past cases, most of them distinct (70 % food-124 cases with goods values to the fen, all
different; the others drawn as benches/bench_replay.py draws them, counts up to 1,000), then times:

1. today's path, `penalty.diff` (read_cases -> Replayer.run, the per-case engine, its result cache off), on the
   first M cases, extrapolated to N (as if every case were distinct; 71 % are here: the other violations' facts
   have few values);
2. a prototype of the column path: the review's column engine (`penalty.review.core._recompute`, the same
   definitions as `penalty review`) run on the whole file under each version, in batches, and the cases whose
   grade, range or recommended amount differ counted. Both versions read the cells against one vocabulary; a
   violation a version does not list gives no penalty under it (0 - 0), as in penalty.diff.replay.

and checks on the first M cases that the column results equal the per-case engine's (grade, low, high,
recommended). Prints figures for docs/performance.md; never a test.
"""
from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import tempfile
import time

import polars as pl

from penalty.rulebook.bundled import bundled_rulebook

COLUMNS = ["case_id", "violation", "fine", "obstruction", "prior_count_1y", "zone", "filed_within_deadline",
           "count_2y", "goods_value", "recalled_in_time", "harm_caused", "repeat_within_year", "exceed_multiple",
           "removed_harm"]
def case_row(rnd: random.Random, i: int) -> dict:
    """Past case i: its cells by column (empty: not given)."""
    from bench_replay import OBSTRUCTION  # the same obstruction modes as the repeating benchmark
    row = dict.fromkeys(COLUMNS, "")
    row.update(case_id=f"D{i:07d}", fine="0")  # fine: the column reader wants one; a replay ignores it
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
        rows = (case_row(rnd, i) for i in range(n))
        csv.writer(f).writerows([COLUMNS, *([row[c] for c in COLUMNS] for row in rows)])


def distinct_keys(path) -> int:
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.reader(f)
        next(r)
        return len({tuple(row[1:2] + row[3:]) for row in r})


def past_cases(path):
    """The cases as penalty.diff reads them, without the `fine` column (a replay recomputes; no fact of it)."""
    from penalty.diff.cases import read_cases
    for row, data in read_cases(path):
        data["facts"].pop("fine", None)
        yield row, data


def per_case(old, new, path, sample):
    from penalty.diff.replay import Replayer
    r = Replayer(old, new, cache=False)  # every case assessed, as when all are distinct
    rows = (x for _, x in zip(range(sample), past_cases(path)))
    t0, c0 = time.perf_counter(), time.process_time()
    moved = sum(1 for _ in r.run(rows))
    return time.perf_counter() - t0, time.process_time() - c0, moved, r


def outcome_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """grade, low, high, recommended per row; a violation the version does not list (rejected as unknown):
    no penalty, 0 - 0, as the replay defines it."""
    unlisted = pl.col("reject").str.starts_with("review.reject.unknown_violation").fill_null(False)
    return frame.select(
        "_row", pl.when(unlisted).then(pl.lit(None)).otherwise(pl.col("grade").cast(pl.String)).alias("grade"),
        *(pl.when(unlisted).then(pl.lit(0)).otherwise(pl.col(c).cast(pl.Int128)).alias(c)
          for c in ("low", "high", "recommended")),
        pl.when(unlisted).then(pl.lit(None)).otherwise(pl.col("reject")).alias("reject"))


def columns(old, new, path):
    from penalty.review import columnar
    from penalty.review.core import _recompute
    from penalty.review.parse import Vocabulary
    from penalty.review.read import iter_cases
    vocab = Vocabulary(old, new)
    caches, stats = ({}, {}), columnar.Stats()
    t0, c0 = time.perf_counter(), time.process_time()
    changed, parts = 0, []
    for raw in iter_cases(path, old, versions=_Both(old, new)):
        a = outcome_columns(_recompute(old, raw, caches[0], stats, vocab=vocab))
        b = outcome_columns(_recompute(new, raw, caches[1], stats, vocab=vocab))
        diff = pl.any_horizontal(*(pl.col(c).ne_missing(pl.col(c + "_new")) for c in ("grade", "low", "high",
                                                                                        "recommended", "reject")))
        joined = a.hstack(b.drop("_row").rename(lambda c: c + "_new"))
        changed += joined.filter(diff).height
        parts.append(joined.head(0) if parts else joined)  # the first batch kept for the equality check
    return time.perf_counter() - t0, time.process_time() - c0, changed, parts[0]


class _Both:
    """What iter_cases needs of a VersionSet to read every fact of both versions."""

    def __init__(self, old, new):
        self.versions = [type("V", (), {"rulebook": rb})() for rb in (old, new)]


def check_equal(old, new, path, first: pl.DataFrame, sample: int) -> tuple[int, int]:
    """(cases compared, differences) between the column results and the per-case engine's."""
    from penalty.diff.replay import outcome
    known = {v.id for v in old.violations} | {v.id for v in new.violations}
    rows = first.head(sample).iter_rows(named=True)
    bad = 0
    n = 0
    for (_, data), col in zip(past_cases(path), rows):
        n += 1
        for rb, suffix in ((old, ""), (new, "_new")):
            ref = outcome(rb, data, {v.id for v in rb.violations}, known)
            if ref[0] == "error":
                bad += col["reject" + suffix] is None
                continue
            _, grade, low, high, rec = ref[0]
            got = (col["grade" + suffix], col["low" + suffix], col["high" + suffix], col["recommended" + suffix])
            bad += got != (grade, low, high, rec)
    return n, bad


def main():
    ap = argparse.ArgumentParser(description="replay of distinct cases: per-case engine against the column path")
    ap.add_argument("n", type=int, nargs="?", default=1_000_000)
    ap.add_argument("--sample", type=int, default=20_000, help="cases timed through the per-case engine")
    a = ap.parse_args()
    n, sample = a.n, a.sample
    rulebooks = [bundled_rulebook(name) for name in ("cn-env-food", "cn-env-food.2025")]
    old, new = rulebooks
    with tempfile.TemporaryDirectory(prefix="replay-distinct-") as tmp:
        path = os.path.join(tmp, "distinct.csv")
        started = time.perf_counter()
        generate(path, n)
        print(f"generated {n:,} cases ({os.path.getsize(path) / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s; "
              f"distinct (violation, facts): {distinct_keys(path):,}")
        secs, cpu, moved, r = per_case(old, new, path, sample)
        print(f"per-case engine (penalty.diff, no cache: every case distinct): {sample:,} cases x 2 versions in {secs:.1f} s (CPU {cpu:.1f} s; "
              f"{r.misses:,} assessed, {r.hits:,} cache hits, {moved:,} moved) -> {n:,} cases ~{secs * n / sample:.0f} s "
              f"(CPU ~{cpu * n / sample:.0f} s)  load {os.getloadavg()[0]:.1f}")
        secs, cpu, changed, first = columns(old, new, path)
        print(f"column path (prototype): {n:,} cases x 2 versions in {secs:.1f} s (CPU {cpu:.1f} s); "
              f"{changed:,} differ  load {os.getloadavg()[0]:.1f}")
        compared, bad = check_equal(old, new, path, first, sample)
        print(f"equal to the per-case engine on the first {compared:,} cases: {compared * 2 - bad:,} of {compared * 2:,} "
              f"results")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
