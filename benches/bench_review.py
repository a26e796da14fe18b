"""Benchmark of `penalty review` (issue 5): N synthetic decided cases, end to end (read CSV -> flags, flagged list
and HTML report written), as a user runs it: `penalty review cases.csv --out DIR` in a fresh process.

    python benches/bench_review.py                      # 4,000,000 cases (generated once, seeded)
    python benches/bench_review.py --n 200000 --runs 1
    python benches/bench_review.py --formats csv,parquet     # the same cases from Parquet too (converted once)

Prints: wall time and peak memory of the run, recall on the planted inconsistencies, false flags on clean cases,
drifting officers found; beside each run, in turn with it, a bare read of the same file by polars in a fresh process
(`pl.read_csv(path, infer_schema=False)` / `pl.read_parquet(path)`: every cell as text, nothing else), and the
ratio review / bare read pair by pair (issue 17 asks <= 0.7 for CSV); and the ratio against evaluating the same cases one by one through the per-case engine
(assess_act, timed on a sample and extrapolated) and through durable-rules (condition matching only, a sample).
The machine is shared: `uptime` is printed with every figure. Never a test: figures go in docs/performance.md.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

from penalty.rulebook.bundled import bundled_rulebook
from penalty.review.synthetic import GENERATOR


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def timed(argv: list) -> dict:
    """Run argv in a fresh process: its wall and CPU seconds and its own peak RSS (wait4 gives this child's
    rusage alone; RUSAGE_CHILDREN's peak would be the largest of every child so far), and what it printed."""
    import tempfile
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if proc.returncode:
        raise SystemExit(stderr[-3000:] + stdout[-3000:])
    # CPU seconds of the run: on a shared machine less noisy than the wall time
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss // 1024,
            "stdout": stdout}


def end_to_end(cases: Path, out: Path) -> dict:
    r = timed([sys.executable, "-m", "penalty.cli.app", "review", str(cases), "--out", str(out), "--json"])
    return {**r, "summary": json.loads(r["stdout"])}


def bare_read(cases: Path) -> dict:
    """The yardstick: polars reading the whole file as text in a fresh process, nothing else."""
    read = f"pl.read_parquet({str(cases)!r})" if cases.suffix == ".parquet" else \
        f"pl.read_csv({str(cases)!r}, infer_schema=False)"
    return timed([sys.executable, "-c", f"import polars as pl; {read}"])


def as_parquet(cases: Path) -> Path:
    """The same cases as a Parquet file of text columns (written once, beside the CSV)."""
    out = cases.with_suffix(".parquet")
    if not out.exists() or out.stat().st_mtime < cases.stat().st_mtime:
        pl.scan_csv(cases, infer_schema=False).sink_parquet(out)
    return out


def median(xs: list) -> float:
    xs = sorted(xs)
    return xs[len(xs) // 2] if len(xs) % 2 else (xs[len(xs) // 2 - 1] + xs[len(xs) // 2]) / 2


def recall(out: Path, truth_path: Path) -> dict:
    from penalty.review.synthetic import DRIFT_OFFICERS, PLANTED_KINDS
    flagged = pl.read_csv(out / "flagged.csv", columns=["case_id", "flags"], infer_schema=False)
    truth = pl.read_csv(truth_path, infer_schema=False).with_columns(pl.col("planted").fill_null(""))
    joined = truth.join(flagged, on="case_id", how="left").with_columns(pl.col("flags").fill_null(""))
    per_kind = {}
    for kind in PLANTED_KINDS:
        sub = joined.filter(pl.col("planted") == kind)
        found = sub.filter(pl.col("flags").str.contains(f"review.{kind}", literal=True)).height
        per_kind[kind] = (found, sub.height)
    planted = joined.filter(pl.col("planted") != "")
    clean = joined.filter((pl.col("planted") == "") & (pl.col("bad") == "false"))
    bad = joined.filter(pl.col("bad") == "true")
    return {"planted": planted.height, "found": sum(f for f, _ in per_kind.values()), "per_kind": per_kind,
            "clean": clean.height, "false_flags": clean.filter(pl.col("flags") != "").height,
            "bad_rows": bad.height, "bad_rejected": bad.filter(pl.col("flags") == "review.rejected").height,
            "expected_drift": list(DRIFT_OFFICERS)}


def per_case_engine(rb, cases: Path, sample: int) -> float:
    """Seconds per case through assess_act (facts already typed: the engine alone, a favourable bound)."""
    from penalty.engine.assess import assess_act
    from penalty.engine.facts import facts_read_by
    from penalty.review.columnar import engine_facts
    from penalty.review.parse import parse_frame
    from penalty.review.read import iter_cases
    raw = next(iter_cases(cases, rb, batch_rows=sample)).head(sample)
    typed = parse_frame(rb, raw).filter(pl.col("reject").is_null())
    items = [(r["violation"], engine_facts(rb, facts_read_by(rb.violation(r["violation"])), r))
             for r in typed.iter_rows(named=True)]
    t = time.perf_counter()
    for vid, facts in items:
        try:
            assess_act(rb, vid, facts)
        except Exception:  # an engine problem is a result too  # noqa: BLE001
            pass
    return (time.perf_counter() - t) / len(items)


def durable_rules(rb, cases: Path, sample: int):
    """Seconds per case to match every condition of the case's violation in durable-rules, or a reason why not."""
    try:
        from durable.lang import m, post, ruleset, when_all
    except Exception as exc:  # noqa: BLE001 - not importable on Python 3.13+, or not installed
        return None, f"durable-rules not importable ({type(exc).__name__})"
    from penalty.rulebook.conditions import And, Compare, In, Literal, Name, Not, Or
    from penalty.engine.facts import facts_read_by
    from penalty.review.columnar import conditions_of, engine_facts
    from penalty.review.parse import parse_frame
    from penalty.review.read import iter_cases

    ops = {"==": "__eq__", "!=": "__ne__", "<": "__lt__", "<=": "__le__", ">": "__gt__", ">=": "__ge__"}

    def tr(n):
        if isinstance(n, Name):
            return getattr(m, n.name) == True  # noqa: E712 - durable-rules expression, not Python truth
        if isinstance(n, Not) and isinstance(n.item, Name):
            return getattr(m, n.item.name) == False  # noqa: E712
        if isinstance(n, Compare) and len(n.ops) == 1:
            a, b = n.operands
            if isinstance(a, Name) and isinstance(b, Literal):
                return getattr(getattr(m, a.name), ops[n.ops[0]])(b.value)
        if isinstance(n, In) and not n.negated:
            out = None
            for v in n.values:
                e = getattr(m, n.operand.name) == v.value
                out = e if out is None else out | e
            return out
        if isinstance(n, (And, Or)):
            parts = [tr(i) for i in n.items]
            if any(p is None for p in parts):
                return None
            out = parts[0]
            for p in parts[1:]:
                out = (out & p) if isinstance(n, And) else (out | p)
            return out
        return None
    hits = [0]
    name = f"review_bench_{os.getpid()}"
    translated = 0
    with ruleset(name):
        for v in rb.violations:
            for c in conditions_of(v):
                e = tr(c.ast)
                if e is None:
                    continue
                translated += 1

                @when_all((m.violation == v.id) & e)
                def _hit(c):
                    hits[0] += 1
    raw = next(iter_cases(cases, rb, batch_rows=sample)).head(sample)
    typed = parse_frame(rb, raw).filter(pl.col("reject").is_null())
    events = []
    for r in typed.iter_rows(named=True):
        facts = engine_facts(rb, facts_read_by(rb.violation(r["violation"])), r)
        events.append({"violation": r["violation"], **{k: (str(x) if hasattr(x, "isoformat") else x)
                                                       for k, x in facts.items()}})
    t = time.perf_counter()
    for e in events:
        post(name, e)
    return (time.perf_counter() - t) / len(events), f"{translated} conditions, {hits[0]} matches"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=4_000_000)
    ap.add_argument("--dir", default="/tmp/penalty-review-bench")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--formats", default="csv", help="comma-separated: csv, parquet (the same cases)")
    ap.add_argument("--sample", type=int, default=20_000, help="cases timed through the per-case engine")
    ap.add_argument("--durable-sample", type=int, default=500)
    a = ap.parse_args()
    rb = bundled_rulebook("cn-env-food")
    d = Path(a.dir)
    d.mkdir(parents=True, exist_ok=True)
    # the generator's layout version in the name: files written by an older generator are not reused
    cases = d / f"cases-{a.n}-g{GENERATOR}.csv"
    truth = d / f"cases-{a.n}-g{GENERATOR}.truth.csv"
    if not cases.exists() or not truth.exists():
        from penalty.review.synthetic import write
        t = time.perf_counter()
        write(rb, cases, a.n)
        print(f"generated {a.n:,} cases ({cases.stat().st_size / 2**20:.0f} MiB) in {time.perf_counter() - t:.1f} s")
    print(f"cases: {cases} ({cases.stat().st_size / 2**20:.0f} MiB)")
    best = None
    for fmt in a.formats.split(","):
        source = as_parquet(cases) if fmt == "parquet" else cases
        if fmt == "parquet":
            print(f"cases: {source} ({source.stat().st_size / 2**20:.0f} MiB)")
        ratios, walls = [], []
        for i in range(a.runs):
            out = d / "out"
            up = uptime()
            r = end_to_end(source, out)
            bare = bare_read(source)
            ratios.append(r["wall_s"] / bare["wall_s"])
            walls.append(r["wall_s"])
            print(f"{fmt} run {i + 1}: {r['wall_s']:.2f} s end to end (CPU {r['cpu_s']:.1f} s), peak RSS "
                  f"{r['peak_mib']} MiB; bare read {bare['wall_s']:.2f} s (CPU {bare['cpu_s']:.1f} s, peak {bare['peak_mib']} "
                  f"MiB): review / bare "
                  f"{ratios[-1]:.2f}  [{up}]")
            if fmt == "csv" or best is None:
                best = r if best is None or r["wall_s"] < best["wall_s"] else best
        print(f"{fmt}: median {median(walls):.2f} s end to end; review / bare read, median of the pairs "
              f"{median(ratios):.2f}")
    s = best["summary"]
    print(f"read {s['read']:,} = reviewed {s['reviewed']:,} + rejected {s['rejected']:,}; flagged {s['flagged']:,}; "
          f"engine paths {s['engine']}")
    rc = recall(d / "out", truth)
    print(f"recall on planted: {rc['found']:,}/{rc['planted']:,} "
          + ", ".join(f"{k} {f}/{n}" for k, (f, n) in rc["per_kind"].items()))
    print(f"false flags on clean cases: {rc['false_flags']} of {rc['clean']:,}; malformed rows rejected: "
          f"{rc['bad_rejected']}/{rc['bad_rows']}")
    print(f"drifting officers: {s['drifting_officers']} (planted: {rc['expected_drift']}); units: {s['drifting_units']}")
    up = uptime()
    per = per_case_engine(rb, cases, a.sample)
    total = per * s["read"]
    print(f"per-case engine: {per * 1e6:.0f} µs/case on {a.sample:,} cases -> {total:.0f} s for {s['read']:,} "
          f"(extrapolated), {total / best['wall_s']:.0f}x the column path  [{up}]")
    up = uptime()
    dr, note = durable_rules(rb, cases, a.durable_sample)
    if dr is None:
        print(f"durable-rules: not measured: {note}")
    else:
        dtotal = dr * s["read"]
        print(f"durable-rules (condition matching only, {note}): {dr * 1e6:.0f} µs/case on {a.durable_sample} "
              f"cases -> {dtotal:.0f} s for {s['read']:,} (extrapolated), {dtotal / best['wall_s']:.0f}x  [{up}]")


if __name__ == "__main__":
    main()
