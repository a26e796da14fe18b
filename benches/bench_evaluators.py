"""Cases per second over generated cases: our compiled evaluator vs durable-rules (matched-set evaluation).

    python benches/bench_evaluators.py [--rulebook cn-env-food] [--cases 100000] [--batch 5000]

Both sides compute the full matched set (every condition of the violation) for the same cases. durable-rules
is timed two ways: end to end (encoding, JSON to the worker process and back) and inside the worker only
(assert + retract per case, as the worker measures it). The two sets are also compared: any difference is
printed (and would be a bug in one of the evaluators).
"""
from __future__ import annotations

import argparse
import sys
import time


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--rulebook", default="cn-env-food")
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=5000)
    a = ap.parse_args(argv)
    from penalty.oracle.durable import DurableSession, compile_rulebook, unavailable_reason
    from penalty.oracle.matches import matched_rules
    from penalty.oracle.sampling import random_cases
    from penalty.rulebook.bundled import bundled_rulebook
    rb = bundled_rulebook(a.rulebook)
    cases = random_cases(rb, a.cases, seed=3)
    print(f"matched-set evaluation, {a.rulebook}, {len(cases)} generated cases, python {sys.version.split()[0]}")
    matched_rules(rb, *cases[0])  # builds the site table once
    t0 = time.perf_counter()
    ours = [matched_rules(rb, vid, facts) for vid, facts in cases]
    dt = time.perf_counter() - t0
    print(f"  compiled evaluator (in process)     {len(cases) / dt:10,.0f} cases/s   ({dt:.2f} s)")
    reason = unavailable_reason()
    if reason:
        print(f"  durable-rules: unavailable ({reason})")
        return
    program = compile_rulebook(rb)
    t0 = time.perf_counter()
    with DurableSession(program, timeout=600) as s:
        t1 = time.perf_counter()
        theirs = []
        for i in range(0, len(cases), a.batch):
            theirs += s.match(cases[i:i + a.batch])
        t2 = time.perf_counter()
        inside = s.worker_ns / 1e9
    print(f"  durable-rules, inside the worker    {len(cases) / inside:10,.0f} cases/s   ({inside:.2f} s)")
    print(f"  durable-rules, end to end           {len(cases) / (t2 - t1):10,.0f} cases/s   ({t2 - t1:.2f} s; "
          f"+{t1 - t0:.2f} s to start the worker and load {len(program.rules)} rules)")
    diff = sum(o != t for o, t in zip(ours, theirs))
    print(f"  disagreements: {diff} of {len(cases)}; rules matched: {sum(map(len, ours)):,}")


if __name__ == "__main__":
    main()
