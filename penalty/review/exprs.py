"""Bound condition ASTs as polars expressions, and exact integer arithmetic on money columns.

Money columns hold int minor units; the arithmetic the engine does in Decimal (multiples of a base, shares of a
range, midpoints, weights) is rational with small denominators, so it is done here as integers over a common
denominator in Int128 (no overflow: amounts stay below 1e17 minor units, denominators below 1e12) and rounded
with the same six modes as `penalty.money.Rounding`. Never float.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import polars as pl

from penalty.rulebook.conditions import And, Compare, In, Literal, Name, Not, Or

I128 = pl.Int128
UNB = 2 ** 127 - 1  # UNBOUNDED in an Int128 column: greater than every amount, like the engine's sentinel
UNB64 = 2 ** 63 - 1  # the same in the Int64 columns kept for review (columnar.fits_int64)


def unbounded(df: pl.DataFrame) -> int:
    """The UNBOUNDED sentinel of a result frame's amounts: UNB64 when they are kept as Int64, else UNB."""
    return UNB64 if df.schema["high"] == pl.Int64 else UNB


_OPS = {"<": "__lt__", "<=": "__le__", ">": "__gt__", ">=": "__ge__", "==": "__eq__", "!=": "__ne__"}


def condition(node, atoms: dict | None = None) -> pl.Expr:
    """The columnar twin of `conditions.compile_predicate`: same AST, same truth table. `atoms` maps id() of
    comparison nodes to columns already holding their truth (computed per row on amounts, see grouped.py)."""
    if atoms and id(node) in atoms:
        return pl.col(atoms[id(node)])
    if isinstance(node, Name):
        return pl.col(node.name).fill_null(False)  # the engine tests `is True`
    if isinstance(node, Literal):
        return pl.lit(bool(node.value))
    if isinstance(node, Compare):
        parts = []
        for op, a, b in zip(node.ops, node.operands, node.operands[1:]):
            parts.append(getattr(_operand(a), _OPS[op])(_operand(b)))
        out = parts[0]
        for p in parts[1:]:
            out = out & p
        return out
    if isinstance(node, In):
        expr = pl.col(node.operand.name).is_in([v.value for v in node.values])
        return ~expr if node.negated else expr
    if isinstance(node, And):
        out = condition(node.items[0], atoms)
        for i in node.items[1:]:
            out = out & condition(i, atoms)
        return out
    if isinstance(node, Or):
        out = condition(node.items[0], atoms)
        for i in node.items[1:]:
            out = out | condition(i, atoms)
        return out
    if isinstance(node, Not):
        return ~condition(node.item, atoms)
    raise TypeError(node)


def _operand(o) -> pl.Expr:
    if isinstance(o, Name):
        return pl.col(o.name)
    return pl.lit(o.value)


# ---------------------------------------------------------------- exact rational arithmetic on columns

@dataclass(frozen=True)
class Lin:
    """const + Σ coef·column: an exact affine value over integer columns (e.g. L + (H − L)·30/100)."""
    const: Fraction = Fraction(0)
    coef: dict = field(default_factory=dict)  # column name -> Fraction

    @staticmethod
    def of(value) -> "Lin":
        if isinstance(value, Lin):
            return value
        if isinstance(value, str):
            return Lin(Fraction(0), {value: Fraction(1)})
        return Lin(Fraction(value), {})

    def __add__(self, other):
        other = Lin.of(other)
        coef = dict(self.coef)
        for k, c in other.coef.items():
            coef[k] = coef.get(k, Fraction(0)) + c
        return Lin(self.const + other.const, {k: c for k, c in coef.items() if c})

    def __sub__(self, other):
        return self + Lin.of(other).scale(-1)

    def scale(self, f) -> "Lin":
        f = Fraction(f)
        return Lin(self.const * f, {k: c * f for k, c in self.coef.items() if c * f})

    def is_const(self) -> bool:
        return not self.coef

    def numerator(self) -> tuple[pl.Expr, int]:
        """(integer expression N, positive int D) with value = N / D exactly."""
        d = math.lcm(self.const.denominator, *(c.denominator for c in self.coef.values()))
        expr = pl.lit(int(self.const * d), dtype=I128)
        for k, c in sorted(self.coef.items()):
            expr = expr + pl.col(k).cast(I128) * pl.lit(int(c * d), dtype=I128)
        return expr, d


def round_div(n: pl.Expr, k: int, mode: str) -> pl.Expr:
    """n / k rounded to an integer like Decimal.quantize(1, mode); k > 0. Floor division keeps it exact."""
    q = n // k
    r = n - q * k  # 0 <= r < k
    up = q + pl.when(r > 0).then(1).otherwise(0)
    if mode == "floor":
        return q
    if mode == "ceiling":
        return up
    if mode == "down":
        return pl.when(n >= 0).then(q).otherwise(up)
    if mode == "up":
        return pl.when(n >= 0).then(up).otherwise(q)
    if mode == "half_up":  # ties away from zero
        return pl.when(n >= 0).then(pl.when(2 * r >= k).then(q + 1).otherwise(q)) \
            .otherwise(pl.when(2 * r > k).then(q + 1).otherwise(q))
    if mode == "half_even":
        return pl.when(2 * r > k).then(q + 1).when(2 * r < k).then(q) \
            .otherwise(pl.when(q % 2 == 0).then(q).otherwise(q + 1))
    raise ValueError(mode)


def rounded(value: Lin, step: int, mode: str) -> pl.Expr:
    """`Rounding(step, mode).apply(value)` on columns: whole steps of minor units, as Int128."""
    n, d = value.numerator()
    return round_div(n, d * step, mode) * step


def sign_ge(a: Lin, b: Lin) -> pl.Expr:
    """a >= b, exactly."""
    n, _ = (a - b).numerator()
    return n >= 0


def sign_eq(a: Lin, b: Lin) -> pl.Expr:
    n, _ = (a - b).numerator()
    return n == 0


def clamp(x: pl.Expr, low: pl.Expr, high: pl.Expr) -> pl.Expr:
    """The engine's `_clamp`: below low -> low; above high -> high (UNB high never binds; UNB x -> high)."""
    return pl.when(x == UNB).then(high).when(x < low).then(low).when(x > high).then(high).otherwise(x)
