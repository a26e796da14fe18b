"""The durable-rules side, alone in its own process: `python -m penalty.oracle.worker`, JSON lines on stdio.

    -> {"op": "load", "name": ruleset name, "rules": {rule: {"all": [...]}}, "sites": {rule: site name}}
    <- {"ok": true, "rules": n}
    -> {"op": "match", "facts": [fact, ...]}          (facts already encoded: see penalty.oracle.durable)
    <- {"matched": [[site name, ...], ...], "ns": time inside durable-rules}
Any failure is answered as {"error": "..."}. Imports nothing from penalty but this module, so that what is
compared is durable-rules' evaluation and not ours.
"""
from __future__ import annotations

import json
import sys
import time


def _host_class(engine):
    class QuietHost(engine.Host):
        """No background dispatch threads: every action runs inside assert_fact, in this thread, so a match can
        never be delivered late to the wrong case."""

        def _run(self):
            pass
    return QuietHost


RULES_PER_RULESET = 2000  # durable-rules refuses a ruleset of ~4,000-6,000 rules (error 106); well under it


class Worker:
    def __init__(self, engine, load: dict):
        self.engine = engine
        self.name = load["name"]
        self.hits: set = set()
        self.seq = 0
        by_violation = load.get("rule_violation") or {}
        groups: dict = {}  # violation index -> its rules (one ruleset holds all the rules of a violation)
        for rname, rule in load["rules"].items():
            groups.setdefault(by_violation.get(rname), {})[rname] = dict(rule, run=self._action(load["sites"][rname]))
        rulesets: dict = {}
        self.ruleset_of: dict = {}  # violation index -> ruleset name
        current: dict = {}
        for vi, rules in groups.items():
            if current and len(current) + len(rules) > RULES_PER_RULESET:
                current = {}
            if not current:
                name = f"{self.name}_{len(rulesets)}" if by_violation else self.name
                rulesets[name] = current
            current.update(rules)
            self.ruleset_of[vi] = name
        self.host = _host_class(engine)(rulesets)

    def _action(self, site):
        def run(c):
            if c.m["n"] == self.seq:  # matches are de-duplicated by the set; stale ones are impossible but ignored
                self.hits.add(site)
        return run

    def match_one(self, fact: dict) -> list:
        self.seq += 1
        fact = dict(fact, sid="1", n=self.seq)  # one session; the sequence number makes every fact distinct
        self.hits = set()
        ruleset = self.ruleset_of.get(fact.get("v"), self.ruleset_of.get(None))
        if ruleset is None:
            return []  # a violation with no rules
        try:
            self.host.assert_fact(ruleset, fact)
        except self.engine.MessageNotHandledException:
            return []  # matched no rule, so durable-rules did not keep it: nothing to retract
        self.host.retract_fact(ruleset, fact)
        return sorted(self.hits)


def main() -> int:
    out = sys.stdout
    try:
        from durable import engine
    except Exception as exc:  # ImportError, or the C extension failing to load (Python 3.13+)
        out.write(json.dumps({"error": f"durable_rules cannot be imported: {exc}"}) + "\n")
        return 3
    worker = None
    for line in sys.stdin:
        try:
            msg = json.loads(line)
            if msg["op"] == "load":
                worker = Worker(engine, msg)
                reply = {"ok": True, "rules": len(msg["rules"])}
            else:
                t0 = time.perf_counter_ns()
                matched = [worker.match_one(f) for f in msg["facts"]]
                reply = {"matched": matched, "ns": time.perf_counter_ns() - t0}
        except Exception as exc:
            reply = {"error": f"durable-rules failed: {type(exc).__name__}: {exc}"}
        out.write(json.dumps(reply, ensure_ascii=False) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
