"""Bound condition ASTs as polars expressions, and exact integer arithmetic on money columns.

Money columns hold int minor units; the arithmetic the engine does in Decimal (multiples of a base, shares of a
range, midpoints, weights) is rational with small denominators, so it is done here as integers over a common
denominator in Int128 (no overflow: amounts stay below 1e17 minor units, denominators below 1e12) and rounded
with the same six modes as `penalty.money.Rounding`. Never float.
"""
from __future__ import annotations

import functools
import math
import operator
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from fractions import Fraction

import polars as pl

from penalty.money import UNBOUNDED
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
    """const + Σ coef·column + Σ coef·expression: an exact affine value over integer columns (e.g.
    L + (H − L)·30/100). `exprs` holds integer expressions that are not plain columns (a rounded band end)."""
    const: Fraction = Fraction(0)
    coef: dict = field(default_factory=dict)  # column name -> Fraction
    exprs: tuple = ()  # (pl.Expr, Fraction)

    @staticmethod
    def of(value) -> "Lin":
        if isinstance(value, Lin):
            return value
        if isinstance(value, str):
            return Lin(Fraction(0), {value: Fraction(1)})
        if isinstance(value, pl.Expr):
            return Lin(Fraction(0), {}, ((value, Fraction(1)),))
        return Lin(Fraction(value), {})

    def __add__(self, other):
        other = Lin.of(other)
        coef = dict(self.coef)
        for k, c in other.coef.items():
            coef[k] = coef.get(k, Fraction(0)) + c
        return Lin(self.const + other.const, {k: c for k, c in coef.items() if c}, self.exprs + other.exprs)

    def __sub__(self, other):
        return self + Lin.of(other).scale(-1)

    def scale(self, f) -> "Lin":
        f = Fraction(f)
        return Lin(self.const * f, {k: c * f for k, c in self.coef.items() if c * f},
                   tuple((e, c * f) for e, c in self.exprs if c * f))

    def is_const(self) -> bool:
        return not self.coef and not self.exprs

    def numerator(self) -> tuple[pl.Expr, int]:
        """(integer expression N, positive int D) with value = N / D exactly."""
        d = math.lcm(self.const.denominator, *(c.denominator for c in self.coef.values()),
                     *(c.denominator for _, c in self.exprs))
        terms = [(pl.col(k), c) for k, c in sorted(self.coef.items())] + list(self.exprs)
        parts = [] if self.const == 0 and terms else [pl.lit(int(self.const * d), dtype=I128)]
        for e, c in terms:
            n = int(c * d)
            parts.append(e.cast(I128) if n == 1 else e.cast(I128) * pl.lit(n, dtype=I128))
        return functools.reduce(operator.add, parts), d


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
    if d * step == 1:
        return n
    return round_div(n, d * step, mode) * step


def clamp(x: pl.Expr, low: pl.Expr, high: pl.Expr) -> pl.Expr:
    """The engine's clamp: below low -> low; above high -> high (UNB high never binds; UNB x -> high)."""
    return pl.when(x == UNB).then(high).when(x < low).then(low).when(x > high).then(high).otherwise(x)


# ---------------------------------------------------------------- the money path's operations on columns

_NUMBER = (int, Fraction, Decimal)


def _is_const(x) -> bool:
    return x is UNBOUNDED or x is None or isinstance(x, (*_NUMBER, str)) or (isinstance(x, Lin) and x.is_const())


def _const(x):
    """A constant as a Python value: Fraction for amounts (Decimal and Fraction do not mix), else itself."""
    if isinstance(x, Lin):
        return x.const
    if isinstance(x, (Decimal, int)) and not isinstance(x, bool):
        return Fraction(x)
    return x


def _whole(x) -> bool:
    """Whether x is known to be a whole number of minor units (then it has a plain Int128 expression)."""
    if isinstance(x, Lin):
        return all(c.denominator == 1 for c in (x.const, *x.coef.values(), *(c for _, c in x.exprs)))
    if isinstance(x, (Fraction, Decimal)):
        return Fraction(x).denominator == 1
    return True


def to_expr(x) -> pl.Expr:
    """Any backend value as a polars expression: an amount as Int128 (UNBOUNDED as UNB), a truth value as
    Boolean, a grade id as String, None as a null."""
    if isinstance(x, pl.Expr):
        return x
    if x is None or isinstance(x, (bool, str)):
        return pl.lit(x)
    if x is UNBOUNDED:
        return pl.lit(UNB, dtype=I128)
    if not _whole(x):
        raise ValueError(f"not a whole number of minor units: {x!r}")
    if isinstance(x, Lin):
        if x.is_const():
            return pl.lit(int(x.const), dtype=I128)
        if _is_column(x):
            return pl.col(next(iter(x.coef)))
        if x.const == 0 and not x.coef and len(x.exprs) == 1 and x.exprs[0][1] == 1:
            return x.exprs[0][0]
        return x.numerator()[0]
    return pl.lit(int(x), dtype=I128)


def _lin(x) -> Lin:
    return Lin.of(x) if isinstance(x, (Lin, str, pl.Expr)) else Lin.of(_const(x))


def _value(x):
    return x() if callable(x) else x


def _fold(items, stop: bool):
    """any_ (stop=True) / all_ (stop=False) with Python truth values folded in: a decided operand decides."""
    left = []
    for item in items:
        x = _value(item)
        if x is True or x is False:
            if x is stop:
                return stop
            continue
        left.append(x)
    if not left:
        return not stop
    return functools.reduce(operator.or_ if stop else operator.and_, left)


def _compare(op):
    def cmp(a, b):
        if _is_const(a) and _is_const(b):
            if a is UNBOUNDED or b is UNBOUNDED:  # only `==` / `!=` are asked of the sentinel
                return op(a is UNBOUNDED, b is UNBOUNDED) if op in (operator.eq, operator.ne) else op(a, b)
            return op(_const(a), _const(b))
        if _whole(a) and _whole(b):
            return op(to_expr(a), to_expr(b))
        n, _ = (_lin(a) - _lin(b)).numerator()  # exact: the sign of the difference over a common denominator
        return op(n, 0)
    return cmp


def _arith(sign: int):
    def add(a, b):
        if _is_const(a) and _is_const(b):
            return _const(a) + sign * _const(b)
        if _whole(a) and _whole(b) and not isinstance(a, Lin) and not isinstance(b, Lin):
            return to_expr(a) + to_expr(b) if sign > 0 else to_expr(a) - to_expr(b)
        return _lin(a) + _lin(b).scale(sign)
    return add


class ColumnOps:
    """`penalty.engine.money_path`'s operations over a lazy frame (see that module): amounts are `Lin` (exact
    rational, affine in columns) or Int128 expressions; constants stay Python values and fold; `let` adds
    columns to `frame`; `unbounded` names the columns that may hold UNB (the statutory maximum when the law
    writes none), so that asking whether another amount is UNBOUNDED folds to no. Geometric splits never get here (the review sends them to the reference engine)."""

    def __init__(self, frame: pl.LazyFrame, unbounded=()):
        self.frame = frame
        self.unbounded = set(unbounded)  # the columns that may hold UNB (the others are known to be finite)

    any_ = staticmethod(lambda *xs: _fold(xs, True))
    all_ = staticmethod(lambda *xs: _fold(xs, False))
    not_ = staticmethod(lambda x: (not x) if isinstance(x, bool) else ~x)
    lit = staticmethod(lambda x: x)
    eq, lt, gt, ge, le = (staticmethod(_compare(op)) for op in (operator.eq, operator.lt, operator.gt,
                                                               operator.ge, operator.le))
    add, sub = staticmethod(_arith(1)), staticmethod(_arith(-1))
    geometric = staticmethod(lambda split, low, high: False)

    @staticmethod
    def col(name: str) -> Lin:
        return Lin.of(name)

    def is_unbounded(self, x):
        if _is_const(x):
            return x is UNBOUNDED
        if isinstance(x, Lin) and not _is_column(x):
            return False  # computed by arithmetic, so finite: as in Python, where UNBOUNDED takes no arithmetic
        e = to_expr(x)
        if e.meta.is_column() and e.meta.output_name() not in self.unbounded:
            return False
        return e == UNB

    @staticmethod
    def is_none(x):
        if x is None or isinstance(x, str):
            return x is None
        return to_expr(x).is_null()

    @staticmethod
    def scale(x, num, den=1):
        f = Fraction(num) / den
        return _const(x) * f if _is_const(x) else _lin(x).scale(f)

    def _known(self, e: pl.Expr, finite: bool):
        """An integer expression, wrapped as a Lin when it is known to be finite (so that is_unbounded folds)."""
        return Lin.of(e) if finite else e

    def _finite(self, *xs) -> bool:
        return all(self.is_unbounded(x) is False for x in xs)

    def round(self, x, rounding):
        if _is_const(x):
            if x is UNBOUNDED:
                return x
            c = _const(x)
            if not _terminates(c.denominator):
                return rounded(Lin.of(c), rounding.step, rounding.mode)
            with localcontext() as ctx:  # a finite decimal: Decimal holds it exactly, and the engine rounds it
                ctx.prec = 80
                return rounding.apply(Decimal(c.numerator) / c.denominator if c.denominator != 1 else c.numerator)
        if _whole(x) and rounding.step == 1:
            return x
        if _whole(x) and not isinstance(x, Lin):
            return self._known(round_div(to_expr(x), rounding.step, rounding.mode) * rounding.step, False)
        return self._known(rounded(_lin(x), rounding.step, rounding.mode), self._finite(x))

    def clamp(self, x, low, high):
        finite = self._finite(high) or self._finite(x, low)
        return self._known(clamp(to_expr(x), to_expr(low), to_expr(high)), finite)

    def max_(self, a, b):
        return self._known(pl.max_horizontal(to_expr(a), to_expr(b)), self._finite(a, b))

    def min_(self, a, b):
        return self._known(pl.min_horizontal(to_expr(a), to_expr(b)), self._finite(a) or self._finite(b))

    def select(self, cond, a, b):
        if cond is True or cond is False:
            return _value(a if cond else b)
        a, b = _value(a), _value(b)
        if a is b:
            return a
        e = pl.when(cond).then(to_expr(a)).otherwise(to_expr(b))
        if isinstance(a, (str, bool)) or isinstance(b, (str, bool)) or a is None or b is None:
            return e  # a grade id or a truth value: not an amount
        return self._known(e, self._finite(a, b))

    def let(self, names, *values):
        """Each value that is not a constant becomes a column of `frame`, named; its column is returned."""
        out, cols = [], []
        for name, x in zip(names, values):
            if _is_const(x) or _is_column(x):
                out.append(x)
            else:
                if self.is_unbounded(x) is not False:
                    self.unbounded.add(name)
                cols.append(to_expr(x).alias(name))
                out.append(pl.col(name))
        if cols:
            self.frame = self.frame.with_columns(cols)
        return tuple(out)


def _is_column(x) -> bool:
    """A plain column already (nothing to compute, nothing to name)."""
    if isinstance(x, Lin):
        return x.const == 0 and not x.exprs and len(x.coef) == 1 and next(iter(x.coef.values())) == 1
    return isinstance(x, pl.Expr) and x.meta.is_column()


def _terminates(d: int) -> bool:
    """Whether 1/d has a finite decimal expansion (then Decimal holds the constant exactly)."""
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1
