"""Exact amounts.

Every amount the engine handles is an `int` in the rulebook unit's minor units (fen for CNY, cents for USD,
whole months for a sentence), or UNBOUNDED (no written maximum, or a named top such as `life`). Arithmetic that
can produce fractions (shares, multiples, weights) is done in Decimal and comes back to an int through
`Rounding.apply`, the one place rounding happens.
"""
from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_EVEN, ROUND_HALF_UP, ROUND_UP, Decimal, localcontext

from penalty.record import Record

MAX_MAJOR = Decimal(10) ** 15  # an explicit limit: amounts above a quadrillion are a typing mistake


class _Unbounded:
    """Greater than every amount; equal only to itself. Rendered with the unit's word (e.g. `life`)."""

    __slots__ = ()

    def __lt__(self, other):
        return False

    def __le__(self, other):
        return other is self

    def __gt__(self, other):
        return other is not self

    def __ge__(self, other):
        return True

    def __repr__(self):
        return "UNBOUNDED"

    def __hash__(self):
        return 0x7FFFFFFF

    def __reduce__(self):
        return "UNBOUNDED"

    def to_json(self):
        return "unbounded"


UNBOUNDED = _Unbounded()

_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN, "down": ROUND_DOWN, "up": ROUND_UP,
          "floor": ROUND_FLOOR, "ceiling": ROUND_CEILING}


class Rounding(Record):
    step: int  # in minor units, >= 1
    mode: str

    def inward(self, value, lower: bool) -> int:
        """A band end that is nobody else's boundary (the floor of the 减轻 band) rounds into its band, so the
        band never reaches past the limit the rulebook set: a lower end up, an upper end down."""
        return Rounding(self.step, "ceiling" if lower else "floor").apply(value)

    def apply(self, value) -> int:
        """Decimal/int minor units -> int minor units on the step grid. The only rounding in the engine."""
        if value is UNBOUNDED:
            return value
        if type(value) is int and value % self.step == 0:  # already on the grid (most table amounts)
            return value
        with localcontext() as ctx:
            ctx.prec = 60
            steps = (Decimal(value) / self.step).quantize(Decimal(1), rounding=_MODES[self.mode])
            return int(steps) * self.step


def to_minor(major: Decimal, minor_units: int) -> int:
    """Major units (as written in the rulebook) -> minor units. Raises ValueError('money.too_precise')."""
    scaled = Decimal(major) * minor_units
    if scaled != scaled.to_integral_value():
        raise ValueError("money.too_precise")
    return int(scaled)


def to_major(minor, minor_units: int):
    if minor is UNBOUNDED:
        return minor
    return (Decimal(minor) / minor_units).normalize() if minor_units != 1 else Decimal(minor)


def format_amount(minor, unit, lang: str = "en") -> str:
    """12,345.60 元 / $12,345.60 / 30 months / life."""
    if minor is UNBOUNDED or isinstance(minor, str):  # a stored result spells UNBOUNDED with the unit's word
        return unit.unbounded_text(lang)
    major = Decimal(minor) / unit.minor_units
    decimals = len(str(unit.minor_units)) - 1 if unit.minor_units > 1 else 0
    if decimals and major == major.to_integral_value():
        decimals = 0
    text = f"{major:,.{decimals}f}"
    return unit.with_label(text, lang)
