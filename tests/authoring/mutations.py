"""The broken-rulebook corpus, as edits of base.yaml: (file name, what is wrong, old text, new text).

`python tests/authoring/mutations.py` rewrites tests/authoring/broken/*.yaml from this list, keeping the
`# expect:` lines already written in each file (they are written by hand, from reading the mistake, and checked
by tests/authoring/test_broken_corpus.py).
"""
MUTATIONS = [
    # structure (the loader's problems, reported unchanged by `penalty check`)
    ("unknown-key", "a misspelt key", "    title: 按次数分档\n", "    tittle: 按次数分档\n"),
    ("missing-title", "a required key left out", "    title: 区域与改正\n", ""),
    ("wrong-type", "a list where a mapping is expected", "rounding: {step: 1, mode: half_up}", "rounding: [1, half_up]"),
    ("bad-choice", "a misspelt choice", "rounding: {step: 1, mode: half_up}", "rounding: {step: 1, mode: half_upp}"),
    ("cell-overlap", "two tiers that share amounts", "band: [50000, 100000]}", "band: [40000, 100000]}"),
    ("bad-boundaries", "boundary words that name only one end", "boundaries: lower_inclusive", "boundaries: 以上含本数"),
    ("duplicate-key", "a key written twice", "    violated: 某法第十一条\n", "    violated: 某法第十一条\n    violated: 某法第十四条\n"),
    ("yaml-syntax", "an unclosed bracket", "        - {id: first, when: \"count == 1\", band: [20000, 50000]}",
     "        - {id: first, when: \"count == 1\", band: [20000, 50000}"),
    ("tab-indent", "a tab used for indentation", "  goods_value:\n    type: money", "  goods_value:\n\ttype: money"),
    ("unknown-fact", "a misspelt fact name in a condition", "{id: second, when: \"count == 2\"", "{id: second, when: \"cuont == 2\""),
    ("unknown-grade", "a misspelt grade", "{id: harmed, when: \"harm\", grade: heavier}", "{id: harmed, when: \"harm\", grade: heavir}"),
    ("unknown-grade-adjustment", "an adjustment capping at a grade that does not exist", "effect: {at_most: lighter}", "effect: {at_most: light}"),
    ("unknown-measure", "a misspelt measure", "measures: {always: [order_correct]}", "measures: {always: [order_corect]}"),
    ("unknown-base", "a misspelt base fact", "of: goods_value}", "of: goods_valu}"),
    ("base-missing", "a multiple without its base", ", of: goods_value}", "}"),
    ("unknown-row", "a cell row naming no tier", "          sensitive_zone: [[30000, 50000], 50000]", "          sensitiv_zone: [[30000, 50000], 50000]"),
    ("cell-count", "a grid row with a missing cell", "general_zone: [[0, 10000], [10000, 30000]]", "general_zone: [[0, 10000]]"),
    ("band-order", "a band written high to low", "band: [50000, 100000]}", "band: [100000, 50000]}"),
    ("range-order", "a statutory range written high to low", "statutory: {range: [20000, 200000]}", "statutory: {range: [200000, 20000]}"),
    ("enum-value", "an enum value that does not exist", "when: \"zone == 'sensitive'\"", "when: \"zone == 'sensitve'\""),
    ("cond-syntax", "a condition with a stray character", "when: \"count >= 3\", band", "when: \"count => 3\", band"),
    ("cond-not-boolean", "a number used as true/false", "{id: harmed, when: \"harm\"", "{id: harmed, when: \"count\""),
    ("cond-enum-ordered", "an enum compared with <", "when: \"zone == 'general'\"", "when: \"zone < 'general'\""),
    ("cond-money-precision", "money more precise than the unit", "\"goods_value < 10000\"", "\"goods_value < 10000.001\""),
    ("bad-share", "a share above 100%", "heavier: [70, 100]", "heavier: [70, 110]"),
    ("duplicate-situation", "two situations with the same id", "{id: second, when", "{id: first, when"),
    ("duplicate-violation", "two violations with the same id", "  - id: zoned\n", "  - id: counted\n"),
    ("situation-empty", "a situation with neither grade nor band", "{id: harmed, when: \"harm\", grade: heavier}", "{id: harmed, when: \"harm\"}"),
    ("too-precise-band", "a band more precise than the unit", "band: [20000, 50000]}", "band: [20000, 50000.001]}"),
    ("negative-amount", "a negative amount", "statutory: {max: 50000}", "statutory: {max: -50000}"),
    ("unknown-include", "a misspelt include block", "measures:\n  order_correct", "include: [apl-2012]\nmeasures:\n  order_correct"),
    ("bad-date", "a date that does not exist (2024-13-01)", 'version: "1"\n', 'version: "1"\neffective: {from: 2024-13-01}\n'),
    # meaning (the checker's problems)
    ("gap-integer", "a count that no situation covers", "{id: more, when: \"count >= 3\"", "{id: more, when: \"count >= 4\""),
    ("gap-money", "a money interval that no branch covers", "{when: \"goods_value >= 10000\"", "{when: \"goods_value >= 20000\""),
    ("gap-enum", "a new enum value that no row tier covers", "values: {general: 一般区域, sensitive: 敏感区域}",
     "values: {general: 一般区域, sensitive: 敏感区域, protected: 保护区}"),
    ("gap-boolean", "a column tier narrowed by a second fact", "{id: late, when: \"not corrected\"}",
     "{id: late, when: \"not corrected and harm\"}"),
    ("gap-unbounded-below", "an integer without a declared minimum", "  count:\n    type: integer\n    min: 1\n", "  count:\n    type: integer\n"),
    ("overlap-undeclared", "two situations matching the same count", "{id: second, when: \"count == 2\"", "{id: second, when: \"count >= 2\""),
    ("overlap-boundary", "a boundary value in two tiers", "{id: second, when: \"count == 2\"", "{id: second, when: \"count <= 2\""),
    ("never-matches", "a situation whose condition cannot hold", "{id: more, when: \"count >= 3\"", "{id: more, when: \"count >= 3 and count < 2\""),
    ("monotonic-band", "a heavier situation with a lower band", "band: [100000, 200000]}", "band: [40000, 60000]}"),
    ("monotonic-grade", "a heavier situation with a lighter grade", "{id: harmed, when: \"harm\", grade: heavier}", "{id: harmed, when: \"harm\", grade: lighter}"),
    ("monotonic-grid", "a heavier row with a lower band", "sensitive_zone: [[30000, 50000], 50000]", "sensitive_zone: [[5000, 8000], 50000]"),
    ("band-above-max", "a band above the statutory maximum", "band: [100000, 200000]}", "band: [100000, 250000]}"),
    ("band-below-min", "a band under the statutory minimum for a within-range grade", "band: [20000, 50000]}", "band: [10000, 50000]}"),
    ("share-hole", "split shares leaving a hole", "general: [30, 70]", "general: [40, 70]"),
    ("share-overlap", "split shares overlapping", "general: [30, 70]", "general: [20, 70]"),
    ("no-share", "a within-range grade without a share", "    heavier: [70, 100]\n", ""),
    ("points-over-100", "weights that can exceed 100% with a cap above it", "        start: 20\n", "        start: 90\n        cap: 150\n"),
    ("points-below-min", "weights that can fall under the statutory minimum", "        start: 20\n", "        start: 5\n"),
    ("no-citation", "a violation without its penalty provision", "    penalty_basis: 某法第二十一条\n", ""),
    ("no-violated", "a violation without the provision violated", "    violated: 某法第十二条\n", ""),
    ("unused-fact", "a fact nobody reads", "  harm:\n", "  witnesses:\n    type: integer\n  harm:\n"),
    ("adjustment-never", "an adjustment whose condition cannot hold", "    when: corrected\n", "    when: corrected and not corrected\n"),
    ("adjustment-no-effect", "an adjustment that cannot change a grade", "effect: {at_most: lighter}", "effect: {at_most: heavier}"),
    ("switch-overlap", "statutory branches that overlap", "{when: \"goods_value >= 10000\"", "{when: \"goods_value >= 5000\""),
    ("ack-unused", "an acknowledgement of a warning that does not occur",
     "    penalty_basis: 某法第二十一条\n", "    penalty_basis: 某法第二十一条\n    acknowledge: [{check: monotonic, reason: 按广东表格}]\n"),
]

if __name__ == "__main__":
    from pathlib import Path
    here = Path(__file__).parent
    base = (here / "base.yaml").read_text(encoding="utf-8")
    body = base.split("\n", 1)[1]  # drop the base's own header line
    for name, what, old, new in MUTATIONS:
        assert body.count(old) == 1, (name, old)
        target = here / "broken" / f"{name}.yaml"
        expects = []
        if target.exists():
            expects = [ln for ln in target.read_text(encoding="utf-8").splitlines() if ln.startswith("# expect:")]
        header = [f"# broken: {what}"] + (expects or ["# expect: TODO"])
        # a fixed-size header keeps every line number stable while expectations are written
        header += ["#"] * (6 - len(header))
        target.write_text("\n".join(header) + "\n" + body.replace(old, new), encoding="utf-8")
