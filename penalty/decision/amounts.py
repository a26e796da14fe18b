"""Amounts and bands as the decision layer reads them from a result's JSON, and as its messages show them.

A band is the result's `range` ({low, high, low_inclusive, high_inclusive}, minor units); a statutory range is
`{low, high}` with both ends included (以上 / 以下 include the number as the law writes them); `high` may be
"unbounded" (only a minimum written). Labels are {zh:, en:} so that a message shows them in its own language.
"""
from __future__ import annotations

from penalty.i18n import LANGS, fill
from penalty.money import format_amount


def is_unbounded(value) -> bool:
    """A result writes an unbounded end as text: "unbounded", or the unit's own word such as "life"."""
    return not isinstance(value, int)


def inside(amount: int, band: dict) -> bool:
    """Whether `amount` lies in `band`, honouring an excluded end (a half-open [a, b) band excludes b)."""
    low, high = band["low"], band["high"]
    if is_unbounded(low):  # a band at the unit's named top (life): no number reaches it
        return False
    if amount < low or (amount == low and not band.get("low_inclusive", True)):
        return False
    if is_unbounded(high):
        return True
    return amount < high or (amount == high and band.get("high_inclusive", True))


def money(minor, unit) -> dict:
    """An amount in minor units as a label, in the rulebook's unit word."""
    return {lang: format_amount(minor, unit, lang) for lang in LANGS}


def band_label(band: dict, unit) -> dict:
    from penalty.decision.messages import MESSAGES
    low_in, high_in = band.get("low_inclusive", True), band.get("high_inclusive", True)
    key = {(True, True): "decision.band", (False, True): "decision.band_excl_low",
           (True, False): "decision.band_excl_high", (False, False): "decision.band_excl_both"}[(low_in, high_in)]
    out = {}
    for lang in LANGS:
        high = fill(MESSAGES, "decision.no_maximum", lang) if is_unbounded(band["high"]) else format_amount(band["high"], unit, lang)
        out[lang] = fill(MESSAGES, key, lang, low=format_amount(band["low"], unit, lang), high=high)
    return out
