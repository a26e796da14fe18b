"""A digest of penalty's outputs, to show that a refactor changes no byte of them (docs/development.md).

    git stash / git checkout main;  python scripts/golden.py > /tmp/before.txt
    back on the branch;             python scripts/golden.py > /tmp/after.txt
    diff /tmp/before.txt /tmp/after.txt          # nothing: byte-identical; else name the bug each line fixes

One line per item, each a hash of the canonical bytes:
- `engine NAME`: `--per` seeded cases (default 1,200; 6,000 over the five bundled rulebooks) drawn over every
  violation and the facts it reads (some left out, some out of range), each assessed, or refused with its
  problems in zh and en: the refusals are part of the digest, so a changed message shows too;
- `calc`, `review`, `catalogue`: the command line's own outputs (every example in three formats, the review of
  the bundled sample, every bundled catalogue as md and csv), unless `--no-cli`.
The cases depend only on the seed and the rulebooks, never on PYTHONHASHSEED or the machine.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from penalty import canonical
from penalty.engine.assess import assess
from penalty.engine.facts import facts_read_by, parse_case
from penalty.errors import PenaltyError
from penalty.rulebook.bundled import bundled_names, bundled_rulebook

ROOT = Path(__file__).resolve().parent.parent


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _value(fact, rng: random.Random):
    """A value as a case file writes it (money in major units, as text: never a float)."""
    t = fact.type
    if t == "boolean":  # mostly false: a true leniency fact (no fault, coerced, ...) decides the grade alone
        return rng.random() < 0.05
    if t == "enum":
        return rng.choice(sorted(fact.values))
    if t == "date":
        return (_dt.date(2015, 1, 1) + _dt.timedelta(days=rng.randrange(12 * 365))).isoformat()
    if t == "integer":
        low = fact.min if fact.min is not None else 0
        high = fact.max if fact.max is not None else low + 50
        return rng.randint(low - 1, min(high, low + 60) + 1)  # one below and above the bounds now and then
    if t == "money":
        cents = int(10 ** rng.uniform(0, 11))  # 0.01 to a billion yuan, every order of magnitude as likely
        return f"{cents // 100}.{cents % 100:02d}"
    return f"{rng.randrange(100_000) / 100:.2f}"  # a number


def seeded_cases(rb, name: str, n: int, seed: int):
    rng = random.Random(f"{seed}:{name}")  # a text seed is hashed by sha512, whatever PYTHONHASHSEED is
    violations = sorted(rb.violations, key=lambda v: v.id)
    for i in range(n):
        v = rng.choice(violations)
        facts = {f: _value(rb.facts[f], rng) for f in facts_read_by(v) if rng.random() < 0.9}
        yield {"case_id": f"G-{name}-{i:05d}", "violation": v.id, "facts": facts}


def engine_lines(per: int, seed: int):
    refused = 0
    for name in bundled_names():
        rb = bundled_rulebook(name)
        digest = hashlib.sha256()
        for data in seeded_cases(rb, name, per, seed):
            try:
                out = canonical.dumps(assess(rb, parse_case(data, rb, data["case_id"])))
            except PenaltyError as e:
                refused += 1
                out = canonical.dumps([[p.to_json(lang) for p in e.problems] for lang in ("zh", "en")])
            digest.update(out.encode("utf-8") + b"\n")
        yield f"engine {name} {digest.hexdigest()[:16]}"
    yield f"engine refused {refused}"


def cli_lines():
    exe = str(Path(sys.executable).parent / "penalty")
    env = dict(os.environ, PENALTY_LANG="zh", COLUMNS="120", NO_COLOR="1", TERM="dumb")

    def run(*args):
        r = subprocess.run([exe, *args], capture_output=True, env=env, cwd=ROOT, check=False)
        return r.returncode, r.stdout

    for example in sorted((ROOT / "rulebooks" / "examples").glob("*.yaml")):
        for fmt in (["--json"], ["--format", "md"], []):
            rc, out = run("calc", str(example.relative_to(ROOT)), *fmt)
            yield f"calc {example.name} {' '.join(fmt) or 'text'} rc={rc} {_hash(out)}"
    with tempfile.TemporaryDirectory() as folder:
        rc, out = run("review", "rulebooks/examples/review-cases.csv", "--mapping",
                      "rulebooks/examples/review-mapping.yml", "--out", folder)
        yield f"review rc={rc} stdout {_hash(out.replace(folder.encode(), b'OUT'))}"
        for f in sorted(Path(folder).glob("*.csv")):
            yield f"review {f.name} {_hash(f.read_bytes())}"
    for name in bundled_names():
        for fmt in ("md", "csv"):
            rc, out = run("catalogue", name, "-f", fmt)
            yield f"catalogue {name} {fmt} rc={rc} {_hash(out)}"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per", type=int, default=1200, help="seeded cases per bundled rulebook")
    ap.add_argument("--seed", type=int, default=20261203)
    ap.add_argument("--no-cli", action="store_true", help="the engine's digest only (no subprocesses)")
    a = ap.parse_args(argv)
    for line in engine_lines(a.per, a.seed):
        print(line)
    if not a.no_cli:
        for line in cli_lines():
            print(line)


if __name__ == "__main__":
    main()
