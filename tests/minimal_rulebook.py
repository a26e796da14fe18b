"""The smallest complete rulebook head the format accepts: one grade, the whole range its share, [a, b) bands,
whole-yuan rounding. Tests that write their own rulebook start from `head(id, title)` and add what they test."""

BODY = """\
version: "1"
unit: {kind: money, currency: CNY, minor_units: 100}
boundaries: lower_inclusive
rounding: {step: 1, mode: half_up}
grades: [{id: general}]
split: {method: linear, shares: {general: [0, 100]}, recommend: midpoint}
"""


def head(rid: str, title: str) -> str:
    """`penalty_rulebook`, `id` and `title` (a YAML flow mapping, e.g. "{en: cached}"), then BODY."""
    return f"penalty_rulebook: 1\nid: {rid}\ntitle: {title}\n" + BODY
