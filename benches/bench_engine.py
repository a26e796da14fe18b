"""Warm per-case `assess()` time on a bundled rulebook (target: median < 20 µs on cn-env-food). Prints figures.

    python benches/bench_engine.py [--rulebook cn-env-food] [--cases 2000] [--passes 5] [--profile]
    python benches/bench_engine.py --rulebook gd-eco-2022 --from-cases [--passes 5] [--profile]

`--from-cases` times the rulebook's own example cases (`<rulebook>.cases.yaml` and what it includes), each
parsed once as `penalty test` parses it (cases the file expects to be refused are left out), instead of
generated ones (issue 13: median <= 15 µs on gd-eco-2022's cases).

Each case is timed alone (perf_counter_ns around one `assess` call) after a warm-up pass; the median and
percentiles are over every timed call. Figures are noisy on a shared machine: run it more than once.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time


def build_cases(rb, n, plain_only=False):
    """Generated cases. plain_only: facts read only by adjustments keep their defaults, as in most real cases
    (the generator otherwise sets each APL boolean half the time, so most cases carry several adjustments)."""
    from penalty.engine.facts import parse_case
    from penalty.oracle.sampling import random_cases
    out = []
    for vid, facts in random_cases(rb, n, seed=1):
        if plain_only:
            v = rb.violation(vid)
            model = {n for f in v.statutory if f.when for n in f.when.facts}
            for a in v.adjustments:
                for name in a.when.facts:
                    if name not in model and rb.facts[name].default is not None:
                        facts.pop(name, None)
        # through parse_case, as a real case arrives (facts given as plain values)
        plain = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in facts.items()}
        if rb.unit.kind == "money":
            plain = {k: (str(v / rb.unit.minor_units) if rb.facts[k].type == "money" else v) for k, v in plain.items()}
        out.append(parse_case({"violation": vid, "facts": plain}, rb))
    return out


def own_cases(rb, path):
    """The rulebook's own example cases, parsed once through the path `penalty test` uses (`run_case`)."""
    from penalty.engine.facts import parse_case
    from penalty.errors import CaseError
    from penalty.testing.cases import case_data, cases_path_for, load_cases
    out = []
    for spec, pos in load_cases(cases_path_for(path)):
        try:
            out.append(parse_case(case_data(spec), rb, pos.file if pos else "<cases>"))
        except CaseError:  # a case written to be refused: nothing for assess() to time
            pass
    return out


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--rulebook", default="cn-env-food")
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--passes", type=int, default=5)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--plain", action="store_true", help="cases without adjustment facts (defaults apply)")
    ap.add_argument("--from-cases", action="store_true",
                    help="time the rulebook's own example cases (<rulebook>.cases.yaml) instead of generated ones")
    ap.add_argument("--slowest", type=int, default=None,
                    help="list only the N violations with the highest median (default: all, or 15 with --from-cases)")
    ap.add_argument("--explain", action="store_true",
                    help="time assess() AND building the full result with its explanation (to_json()), as calc does")
    a = ap.parse_args(argv)
    from penalty.engine.assess import assess
    from penalty.rulebook.bundled import resolve
    from penalty.rulebook.load import load_rulebook
    path = resolve(a.rulebook)
    rb = load_rulebook(path)
    cases = own_cases(rb, path) if a.from_cases else build_cases(rb, a.cases, a.plain)
    source = "own cases" if a.from_cases else f"{' plain' if a.plain else ''}generated".strip()
    if a.explain:
        # assess() decides and defers the explanation until the result is read; this mode reads it
        decide = assess

        def assess(rb, c):  # noqa: F811 - deliberately shadowed for this mode
            return decide(rb, c).to_json()
    for c in cases:  # warm-up
        assess(rb, c)
    times = []
    clock = time.perf_counter_ns
    for _ in range(a.passes):
        for c in cases:
            t0 = clock()
            assess(rb, c)
            times.append(clock() - t0)
    times.sort()
    q = statistics.quantiles(times, n=100)
    what = "assess() + to_json() (full explanation)" if a.explain else "assess() (decision; explanation on demand)"
    print(f"{what} warm, {a.rulebook} {source}, "
          f"{len(times)} calls ({len(cases)} cases x {a.passes} passes), "
          f"python {sys.version.split()[0]}")
    print(f"  median {statistics.median(times) / 1000:.1f} µs   p10 {q[9] / 1000:.1f}   p90 {q[89] / 1000:.1f}   "
          f"p99 {q[98] / 1000:.1f}   min {times[0] / 1000:.1f}")
    by_violation = {}
    for c in cases:
        t0 = clock()
        assess(rb, c)
        by_violation.setdefault(c.acts[0].violation, []).append(clock() - t0)
    medians = [(statistics.median(ts), vid, len(ts)) for vid, ts in by_violation.items()]
    slowest = a.slowest if a.slowest is not None else (15 if a.from_cases else len(medians))
    if 0 < slowest < len(medians):
        print(f"  the {slowest} slowest of {len(medians)} violations (median of one pass over their cases):")
        medians.sort(key=lambda m: (-m[0], m[1]))
    for med, vid, n in medians[:slowest]:
        print(f"  {vid:32s} median {med / 1000:.1f} µs  ({n} cases)")
    if a.profile:
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(a.passes):
            for c in cases:
                assess(rb, c)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(18)


if __name__ == "__main__":
    main()
