"""Write synthetic decided cases (deterministic, seeded) for the review benchmark and the bundled sample.

    python benches/gen_cases.py --n 4000000 --out /tmp/cases4m.csv            # + /tmp/cases4m.truth.csv
    python benches/gen_cases.py --n 600 --officers 12 --units 4 --planted 0.05 --bad 0.01 --titles \
        --out rulebooks/examples/review-cases.csv --no-truth
"""
from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl

from penalty.i18n import pick
from penalty.review.synthetic import HEADERS, generate, write
from penalty.rulebook.bundled import bundled_rulebook


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rulebook", default="cn-env-food")
    ap.add_argument("--planted", default="0.02")
    ap.add_argument("--bad", default="0.001")
    ap.add_argument("--officers", type=int, default=400)
    ap.add_argument("--units", type=int, default=40)
    ap.add_argument("--titles", action="store_true", help="write violation titles (zh) instead of ids")
    ap.add_argument("--no-truth", action="store_true")
    a = ap.parse_args()
    rb = bundled_rulebook(a.rulebook)
    out = Path(a.out)
    # shares of cases are probabilities for the random draw, not money
    planted, bad = float(a.planted), float(a.bad)  # ok: not money
    if not a.titles and not a.no_truth:
        write(rb, out, a.n, a.seed, planted, bad, a.officers, a.units)
        print(f"wrote {a.n} cases to {out} (+ {out.stem}.truth.csv)")
        return
    frame, truth = generate(rb, a.n, a.seed, planted, bad, a.officers, a.units)
    if a.titles:
        titles = {v.id: pick(v.title, "zh") for v in rb.violations}
        frame = frame.with_columns(pl.col(HEADERS["violation"]).replace(titles))
    frame.write_csv(out)
    if not a.no_truth:
        truth.write_csv(out.with_name(out.stem + ".truth.csv"))
    print(f"wrote {frame.height} cases to {out}")


if __name__ == "__main__":
    main()
