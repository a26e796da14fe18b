"""The rulebook as immutable data, after loading and binding.

Amounts are ints in the unit's minor units (or UNBOUNDED); percents and multiples are Decimal. Every element
keeps the source position (`pos`) it was written at, so the engine can cite `file:line` and the checker can
point at mistakes. Nothing here knows YAML.
"""
from __future__ import annotations

import datetime as _dt
from functools import cached_property
from decimal import Decimal
from typing import Callable

from penalty.i18n import counted, pick
from penalty.money import UNBOUNDED, Rounding
from penalty.record import Record


class Condition(Record):
    text: str
    ast: object
    pos: object
    facts: tuple  # names read, in order
    fn: Callable = None
    _no_compare = ("fn",)

    def __call__(self, facts: dict) -> bool:
        return self.fn(facts)


class Unit(Record):
    kind: str  # money | duration | count
    currency: str | None
    minor_units: int
    label: object
    unbounded_id: str | None
    unbounded_label: object

    def unbounded_text(self, lang: str) -> str:
        if self.unbounded_label:
            return pick(self.unbounded_label, lang)
        if self.unbounded_id:
            return self.unbounded_id
        return "无上限" if lang == "zh" else "no maximum"

    def with_label(self, number_text: str, lang: str) -> str:
        label = counted(pick(self.label, lang), number_text, lang)  # 1 month, 2 months
        if not label:
            return f"{number_text} {self.currency}" if self.currency else number_text
        return f"{number_text}{label}" if lang == "zh" and len(label) <= 2 else f"{number_text} {label}"


class FactDef(Record):
    name: str
    type: str
    label: object
    unit: object
    min: object  # in the fact's domain (minor units for money)
    max: object
    values: dict  # enum id -> label
    required: bool
    default: object  # in the fact's domain, or None
    pos: object
    description: object = None


class Grade(Record):
    id: str
    label: object
    kind: str  # no_penalty | warning (警告, no fine: where the statute offers it) | below_minimum | within_range
    rank: int
    pos: object


class Band(Record):
    low: object  # int minor units or UNBOUNDED
    high: object
    written: "Relative | None" = None  # the Relative this band was worked out from, on a case's facts (fines.cell_band)
    written_ends: tuple = ()  # (low, high included) of the written factors, as the document's words give them

    def to_json(self):
        if self.written is None:
            return {"low": self.low, "high": self.high}
        return {"low": self.low, "high": self.high, **self.written.to_json(),
                "factors_included": list(self.written_ends)}


class Relative(Record):
    """A table band or single value written as a multiple or percentage of a named base fact (Guangdong Annex 1
    §1.5: 所收费用3.5倍以上4倍以下, written `{multiple: [3.5, 4], of: fees_received}`). It is an amount only on a
    case's facts: `engine.fines.cell_band` turns it into a Band in minor units, the one place that does."""
    kind: str  # multiple | percent
    low: Decimal  # the factor (or percent) of the lower end
    high: Decimal
    of: str  # the base fact

    def to_json(self):
        return {"kind": self.kind, "factors": [self.low, self.high], "of": self.of}


def is_relative(band) -> bool:
    return isinstance(band, Relative)


class FineForm(Record):
    kind: str  # range | max | min | multiple | percent
    low: object  # int minor (range/min) or Decimal factor (multiple/percent); 0 for max
    high: object  # int minor, UNBOUNDED, or Decimal factor
    of: str | None
    label: object
    when: Condition | None
    pos: object
    warning: bool = False  # the law offers a warning instead of the fine (给予警告或者处…罚款)


class Split(Record):
    method: str
    geometric_from_ratio: Decimal | None
    shares: dict  # grade id -> (Decimal %, Decimal %)
    below_minimum: tuple
    open_maximum: dict  # grade id -> (Decimal multiple, Decimal multiple | None)
    recommend: object  # "midpoint" | "low" | "high" | Decimal percent
    pos: object


class Tier(Record):
    id: str
    label: object
    when: Condition
    index: int
    pos: object


class Axis(Record):
    label: object
    tiers: tuple


class Cell(Record):
    row: str
    column: str
    grade: str | None
    band: Band | None
    measures: tuple
    label: object
    pos: object
    ends: object = None  # boundaries.Ends in force for this cell's band (its own, the table's, ... the rulebook's)
    others: tuple | None = None  # resolved on a case's facts: the other bands of the table (fines.resolved_item)
    _no_compare = ("others",)


class Grid(Record):
    rows: Axis
    columns: Axis
    cells: dict  # (row id, column id) -> Cell
    pos: object
    kind: str = "grid"
    ends: object = None  # the table's boundaries.Ends

    @cached_property
    def relative(self) -> bool:
        """Whether a cell is a multiple or percentage of a fact (its amounts depend on the case)."""
        return any(is_relative(c.band) for c in self.cells.values())


class Situation(Record):
    id: str
    label: object
    when: Condition
    grade: str | None
    band: Band | None
    measures: tuple
    index: int
    pos: object
    ends: object = None  # boundaries.Ends in force for this tier's band
    others: tuple | None = None  # resolved on a case's facts: the other bands of the table (fines.resolved_item)
    _no_compare = ("others",)


class Situations(Record):
    items: tuple
    pos: object
    kind: str = "situations"
    ends: object = None  # the table's boundaries.Ends

    @cached_property
    def relative(self) -> bool:
        """Whether a band is a multiple or percentage of a fact (its amounts depend on the case)."""
        return any(is_relative(s.band) for s in self.items)


class Level(Record):
    id: str
    label: object
    when: Condition
    weight: Decimal
    index: int
    pos: object


class Factor(Record):
    id: str
    label: object
    levels: tuple
    pos: object


class Points(Record):
    """Weighted points (权重累加, Guangdong art. 6): start + one weight per factor, at most `cap` percent and at
    least `floor` ("总和不足20%的，按20%计算"), times the base, is ONE final amount (最终罚款数额). `around`, when
    the rulebook declares it, is a band of (below, above) percentage points around the sum instead."""
    start: Decimal
    cap: Decimal
    of: str  # "statutory_max" or a fact name
    factors: tuple
    pos: object
    floor: object = None  # Decimal percent, or None: no floor
    around: tuple | None = None  # (below, above) percentage points, or None: the amount alone
    kind: str = "points"

    def percent(self, total):
        """The sum as applied: capped, then raised to the floor (the loader ensures floor <= cap)."""
        p = min(total, self.cap)
        return p if self.floor is None or p >= self.floor else self.floor

    def band_percents(self, total):
        """(low %, high %) of the declared band around the applied sum, kept within floor and cap; None without."""
        if self.around is None:
            return None
        p = self.percent(total)
        return self.percent(p - self.around[0]), self.percent(p + self.around[1])


class Adjustment(Record):
    id: str
    label: object
    article: object
    mode: str  # shall | may
    when: Condition
    effect: str  # grade | at_most | at_least | step | recommend
    value: object
    violations: tuple  # empty: all
    source: str  # "rulebook", "violation", or "block <id>"
    pos: object
    measures: tuple = ()  # measures the law attaches to this rule, added whenever it applies (art. 30: 责令监护人加以管教)


class Violation(Record):
    id: str
    title: object
    violated: object
    penalty_basis: object
    statutory: tuple  # FineForm, in order; one unless a switch
    split: Split | None
    model: object  # Grid | Situations | Points | None
    measures_always: tuple
    measures_by_grade: dict
    adjustments: tuple  # the violation's own, then the rulebook's applicable ones
    touches_safety: bool
    notes: object
    pos: object
    ends: object = None  # boundaries.Ends for bands worked out from the split (its own, else the rulebook's)
    measures_when: tuple = ()  # (Condition, measure ids): added when the condition holds on the facts
    measures_follow_up: tuple = ()  # (label of the later event, measure ids): shown, never applied


class Limitation(Record):
    """Art. 36 periods in whole months (a year is 12): the default, the safety one, and per-violation ones."""
    article: object
    months: int
    safety_months: int | None
    harm_fact: str | None
    by_violation: dict  # violation id -> Limitation (its own periods and article)
    pos: object


class Rulebook(Record):
    id: str
    title: object
    authority: object
    document: object
    version: str
    effective_from: _dt.date | None
    effective_to: _dt.date | None
    languages: tuple
    unit: Unit
    boundaries: str
    overlaps: str
    rounding: Rounding
    grades: tuple
    default_grade: str | None
    facts: dict
    measures: dict  # id -> {"label":…, "description":…}
    violations: tuple
    file: str  # the file name (not the full path: results must not depend on where the file lies)
    fingerprint: str
    source_text: str = ""
    plain: dict = None  # canonical plain data (includes resolved)
    include_texts: tuple = ()  # ((ref, block source text), ...)
    _no_compare = ("source_text", "plain", "include_texts")
    limitation: Limitation | None = None
    ends: object = None  # boundaries.Ends that `boundaries` means
    corrections: object = None  # the article (label) keeping measures marked `correction` where no penalty is given

    def grade(self, grade_id: str) -> Grade:
        return self._grade_index[grade_id]

    def violation(self, violation_id: str) -> Violation:
        return self._violation_index[violation_id]

    # Indexes derived once (cached_property writes the instance dict directly, so frozen is kept).
    @cached_property
    def _grade_index(self) -> dict:
        return {g.id: g for g in self.grades}

    @cached_property
    def _violation_index(self) -> dict:
        return {v.id: v for v in self.violations}

    def cached(self, key: str, make):
        """A value derived from this immutable rulebook, computed once (e.g. the result header)."""
        store = self.__dict__.get("_derived")
        if store is None:
            store = self.__dict__["_derived"] = {}
        try:
            return store[key]
        except KeyError:  # the first time only (assess() asks several times per case: no new dict per call)
            value = store[key] = make()
            return value

    @cached_property
    def fact_order(self) -> dict:
        """fact name -> declaration order, so explanations list facts as the rulebook does."""
        return {name: i for i, name in enumerate(self.facts)}

    @property
    def grade_ids(self) -> tuple:
        return tuple(g.id for g in self.grades)


def is_bounded(amount) -> bool:
    return amount is not UNBOUNDED
