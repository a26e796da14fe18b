"""A second, independent evaluation of a rulebook's conditions, to check our own.

`matches.matched_rules` evaluates every condition of a violation with the engine's compiled predicates;
`durable` compiles the same bound AST to a durable-rules ruleset evaluated in a subprocess
(`python -m penalty.oracle.worker`). Both name a condition by its *site*: `violation/kind/id` (see `sites`).
Agreement is checked by the test suite (differential oracle) and by `penalty calc --cross-check`.
"""
