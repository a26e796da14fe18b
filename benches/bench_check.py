"""Benchmark for `penalty check` (issue 3): a generated 500-violation rulebook, checked end to end.

    python benches/bench_check.py [N]

Prints the load time, the semantic-check time and their sum (best of 5). The machine is shared: report
`uptime` with the figures (docs/performance.md, "## Check (issue 3)").
"""
from __future__ import annotations

import sys
import time

from penalty.authoring.check import check_rulebook
from penalty.rulebook.load import load_rulebook_text

HEAD = """\
penalty_rulebook: 1
id: bench
title: bench
version: "1"
unit: {kind: money, currency: CNY, minor_units: 100}
boundaries: lower_inclusive
overlaps: heaviest
rounding: {step: 100, mode: half_up}
grades: [{id: no_penalty, kind: no_penalty}, {id: mitigated, kind: below_minimum}, {id: lighter}, {id: general}, {id: heavier}]
split: {shares: {lighter: [0, 30], general: [30, 70], heavier: [70, 100]}}
include: [apl-2021]
facts:
  count: {type: integer, min: 1, max: 1000}
  prior: {type: integer, min: 0, max: 1000}
  goods_value: {type: money, max: 1000000000}
  zone: {type: enum, values: {a: A, b: B, c: C, d: D}}
  harm: {type: boolean}
  recalled: {type: boolean}
violations:
"""

KINDS = [
    # situations over two facts
    """  - id: s{i}
    title: situations {i}
    violated: law {i}
    penalty_basis: law {i} penalty
    statutory: {{range: [20000, 200000]}}
    model:
      situations:
        - {{id: a, when: "count == 1 and not harm", band: [20000, 50000]}}
        - {{id: b, when: "count == 2 and not harm", band: [50000, 100000]}}
        - {{id: c, when: "count >= 3 and not harm", band: [100000, 150000]}}
        - {{id: d, when: "harm", band: [150000, 200000]}}
""",
    # a 4 x 3 grid
    """  - id: g{i}
    title: grid {i}
    violated: law {i}
    penalty_basis: law {i} penalty
    statutory: {{max: 50000}}
    model:
      grid:
        rows:
          tiers:
            - {{id: ra, when: "zone == 'a'"}}
            - {{id: rb, when: "zone == 'b'"}}
            - {{id: rc, when: "zone == 'c'"}}
            - {{id: rd, when: "zone == 'd'"}}
        columns:
          tiers:
            - {{id: c0, when: "prior == 0"}}
            - {{id: c1, when: "1 <= prior < 3"}}
            - {{id: c2, when: "prior >= 3"}}
        cells:
          ra: [lighter, lighter, general]
          rb: [lighter, general, general]
          rc: [general, general, heavier]
          rd: [general, heavier, heavier]
""",
    # a statutory switch and grades
    """  - id: f{i}
    title: food {i}
    violated: law {i}
    penalty_basis: law {i} penalty
    statutory:
      switch:
        - {{when: "goods_value < 10000", range: [50000, 100000]}}
        - {{when: "goods_value >= 10000", multiple: [10, 20], of: goods_value}}
    model:
      situations:
        - {{id: r, when: "recalled and not harm", grade: lighter}}
        - {{id: o, when: "not recalled and not harm", grade: general}}
        - {{id: h, when: "harm", grade: heavier}}
""",
    # weighted points
    """  - id: p{i}
    title: points {i}
    violated: law {i}
    penalty_basis: law {i} penalty
    statutory: {{range: [10000, 100000]}}
    model:
      points:
        start: 20
        factors:
          - id: repeat
            levels:
              - {{when: "count == 1", weight: 0}}
              - {{when: "count == 2", weight: 5}}
              - {{when: "count >= 3", weight: 15}}
          - id: harm
            levels:
              - {{when: "not harm", weight: 0}}
              - {{when: "harm", weight: 10}}
""",
]


def generate(n: int) -> str:
    return HEAD + "".join(KINDS[i % len(KINDS)].format(i=i) for i in range(n))


def best_of(fn, runs=5):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - t0)
    return min(times), value


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    text = generate(n)
    t_load, rb = best_of(lambda: load_rulebook_text(text, "bench.yaml"))
    t_check, problems = best_of(lambda: check_rulebook(rb))
    errors = [p for p in problems if p.severity != "note"]
    print(f"violations: {len(rb.violations)}  yaml: {len(text):,} bytes  problems (non-note): {len(errors)}")
    print(f"load:  {t_load:.3f} s")
    print(f"check: {t_check:.3f} s")
    print(f"total: {t_load + t_check:.3f} s  (target < 2 s)")


if __name__ == "__main__":
    main()
