"""The jurisdiction profile: the thresholds of the procedure the law attaches to a decision, as data.

The Administrative Penalty Law leaves 较大数额 (art. 63) to each field and place; art. 51's on-the-spot limits are
the law's own. A rulebook names a `base` (the national defaults below) and may override any threshold under its
`jurisdiction:` key (docs/decision.md). Amounts here are in major units (yuan); `thresholds` turns them into the
rulebook's minor units.
"""
from __future__ import annotations

from decimal import Decimal

from penalty.money import to_minor

# 公安: 公安机关办理行政案件程序规定 (个人 2,000 元, 单位 10,000 元); most other fields: 个人 1 万, 单位 10 万.
# 法制审核 (art. 58) and 集体讨论 (art. 57) are drawn, by default, at the hearing threshold: a fine large enough
# to carry the hearing right is the kind of decision "directly concerning the party's major rights".
_HEARING = {"general": {"citizen": 10_000, "organisation": 100_000},
            "public_security": {"citizen": 2_000, "organisation": 10_000}}
ON_THE_SPOT = {"citizen": 200, "organisation": 3_000}  # art. 51: 二百元以下 / 三千元以下
# Measures art. 63 names beside the fine, under the ids the bundled rulebooks and docs use.
HEARING_MEASURES = ("revoke_licence", "suspend_business", "suspend_production", "order_close", "lower_qualification",
                    "restrict_practice")
THRESHOLDS = ("hearing_fine", "legal_review_fine", "collective_discussion_fine", "on_the_spot_fine")


def national(base: str) -> dict:
    """The shipped defaults of one base, in major units."""
    hearing = _HEARING[base]
    return {"base": base, "label": None, "hearing_fine": dict(hearing), "legal_review_fine": dict(hearing),
            "collective_discussion_fine": dict(hearing), "on_the_spot_fine": dict(ON_THE_SPOT),
            "hearing_measures": list(HEARING_MEASURES)}


def profile(rb) -> dict:
    """The rulebook's profile over its base's defaults; thresholds in the rulebook's minor units."""
    from penalty.decision.rules import written_keys
    written = dict(written_keys(rb).get("jurisdiction") or {})
    out = national(written.get("base", "general"))
    out["written"] = written  # what the rulebook itself wrote (procedure checks its measure ids)
    for key, value in written.items():
        out[key] = dict(value) if key in THRESHOLDS else value
    if out["label"] is None:
        from penalty.decision.messages import MESSAGES
        out["label"] = dict(MESSAGES[f"decision.profile.{out['base']}"])
    for key in THRESHOLDS:
        out[key] = {party: _minor(rb, key, party, v) for party, v in out[key].items()}
    return out


def _minor(rb, key: str, party: str, value) -> int:
    try:
        return to_minor(Decimal(str(value)), rb.unit.minor_units)
    except ValueError:  # finer than the unit's minor unit (0.001 yuan): the rulebook's mistake, said as such
        from penalty.errors import Problem, RulebookError
        raise RulebookError([Problem("decision.bad_threshold", None, {"file": rb.file, "key": key, "party": party,
                                                                      "value": str(value)})]) from None
