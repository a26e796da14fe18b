"""Boundary words: which end of a band or threshold includes the number, in the documents' own vocabulary.

A rulebook says it once (`boundaries:`), a violation, a table (`model.boundaries`) or one cell / situation may
say it again. Accepted spellings, all meaning the same two facts (is the lower end included? the upper end?):

    lower_inclusive | both_inclusive           the two original keywords: [a, b) and [a, b]
    "[a, b)"  "[a, b]"  "(a, b]"  "(a, b)"     interval notation
    {low: included, high: excluded}            a mapping
    以上含本数、以下不含本数  /  超过…不满  /  以上、以下均含本数   the words of the documents themselves

Chinese words follow the Civil Code art. 1259 (以上、以下、以内 include the number; 不满、超过 do not) unless
the phrase says 含本数 / 不含本数 itself (Guangdong art. 23: "以下"不含本数).

`ends_text` is the one place a band's two ends are put into words, for every output (terminal, memo,
catalogue, review reasons): the reader sees whether an end is allowed without opening the JSON.
"""
from __future__ import annotations

import operator
import re
from decimal import Decimal
from types import SimpleNamespace

from penalty.i18n import fill, pick
from penalty.money import UNBOUNDED, format_amount
from penalty.record import Record
from penalty.rulebook.model import is_relative


class Ends(Record):
    low: bool  # the lower end is included
    high: bool  # the upper end is included

    @property
    def notation(self) -> str:
        return f"{'[' if self.low else '('}a, b{']' if self.high else ')'}"


KEYWORDS = {"lower_inclusive": Ends(True, False), "both_inclusive": Ends(True, True)}
_INTERVAL = re.compile(r"^\s*([\[(])\s*a\s*,\s*b\s*([\])])\s*$")
_MAP_WORDS = {"included": True, "excluded": False, True: True, False: False}
# (word, side, included): longer words first, so 不超过 is not read as 超过 nor 不低于 as 低于
_WORDS = (("不超过", "high", True), ("不高于", "high", True), ("不少于", "low", True), ("不低于", "low", True),
          ("不满", "high", False), ("不足", "high", False), ("低于", "high", False), ("少于", "high", False),
          ("超过", "low", False), ("高于", "low", False), ("以上", "low", True), ("以下", "high", True),
          ("以内", "high", True))
_QUOTES = str.maketrans("", "", "“”\"'「」‘’ \t")


def parse(value) -> Ends | None:
    """The Ends a boundary value means, or None when it says neither end (the loader reports it)."""
    if isinstance(value, dict):
        low, high = _MAP_WORDS.get(value.get("low")), _MAP_WORDS.get(value.get("high"))
        return None if low is None or high is None else Ends(low, high)
    if not isinstance(value, str):
        return None
    if value in KEYWORDS:
        return KEYWORDS[value]
    m = _INTERVAL.match(value)
    if m:
        return Ends(m.group(1) == "[", m.group(2) == "]")
    return _parse_words(value.translate(_QUOTES))


_SAME = (("不包括本数", "不含本数"), ("不包含本数", "不含本数"), ("包括本数", "含本数"), ("包含本数", "含本数"))


def _parse_words(text: str) -> Ends | None:
    for word, same in _SAME:  # Guangdong art. 23 writes “以下”不包括本数，“以上”包括本数
        text = text.replace(word, same)
    sides: dict = {}
    for part in re.split(r"[、，,；;…。和及]+|\.\.\.", text):
        if not part:
            continue
        said = False if "不含本数" in part else True if "含本数" in part else None
        found = []
        rest = part
        for word, side, included in _WORDS:
            if word in rest:
                found.append((side, included))
                rest = rest.replace(word, "")
        if not found:
            return None
        if "均" in part and said is not None:  # 以上、以下均（不）含本数: the common tail speaks for both ends
            sides = {"low": said, "high": said}
            continue
        for side, included in found:
            sides[side] = included if said is None else said
    if set(sides) != {"low", "high"}:
        return None
    return Ends(sides["low"], sides["high"])


def describe(ends: Ends, lang: str) -> str:
    """The rule in words, for the catalogue's header: e.g. 以上含本数、以下不含本数 / [a, b)."""
    return fill(_messages(), f"boundary.rule.{int(ends.low)}{int(ends.high)}", lang, notation=ends.notation)


def ends_text(unit, low, high, low_inclusive: bool, high_inclusive: bool, lang: str) -> str:
    """A band in words, saying for each end whether it is allowed.

    zh: 120,000元以上、160,000元以下（不含160,000元）; en: from 120,000 yuan up to but not including 160,000 yuan.
    A single amount is just the amount; an unbounded upper end is "or more".
    """
    lo, hi = format_amount(low, unit, lang), format_amount(high, unit, lang)
    if low == high:
        return lo
    return band_template(low_inclusive, high_inclusive, high is UNBOUNDED, lang).format(low=lo, high=hi)


def band_template(low_inclusive: bool, high_inclusive: bool, open_high: bool, lang: str) -> str:
    """The words of a band with `{low}` and `{high}` left open (the review fills them column-wise)."""
    if open_high:
        code = "boundary.open_high." + ("in" if low_inclusive else "ex")
    else:
        code = f"boundary.band.{'in' if low_inclusive else 'ex'}.{'in' if high_inclusive else 'ex'}"
    return _messages()[code][lang if lang in ("zh", "en") else "en"]


# ---------------------------------------------------------------- which ends a band of a table includes

def declared_ends(rb, v, item=None):
    """The boundary words in force (boundaries.Ends): the table cell's or tier's own, else the violation's,
    else the rulebook's."""
    for holder in (item, v, rb):
        ends = getattr(holder, "ends", None)
        if ends is not None:
            return ends
    return KEYWORDS[rb.boundaries]


# The two rules below are written once and run by both engines: over plain values here (`PYTHON`, used by the
# engine, the checker and the catalogue) and over polars expressions in the review (review/columnar.py passes
# its own operations). `any_`/`all_` take values or zero-argument callables, so that plain Python stops at the
# first deciding operand as `or`/`and` do; the table's own bands are plain values in both backends.

def _first(items, stop: bool) -> bool:
    for item in items:
        if bool(item() if callable(item) else item) is stop:
            return stop
    return not stop


PYTHON = SimpleNamespace(any_=lambda *xs: _first(xs, True), all_=lambda *xs: _first(xs, False),
                         not_=operator.not_, eq=operator.eq, lt=operator.lt, gt=operator.gt, lit=lambda x: x,
                         is_unbounded=lambda x: x is UNBOUNDED)


def holds(low, high, low_inc: bool, high_inc: bool, amount, o=PYTHON):
    """Whether a band with these ends holds `amount` (a single amount always holds itself)."""
    if low == high:
        return o.eq(amount, low)
    above = o.any_(o.gt(amount, low), lambda: o.all_(o.lit(low_inc), o.eq(amount, low)))
    if high is UNBOUNDED:
        return above
    return o.all_(above, lambda: o.any_(o.lt(amount, high), lambda: o.all_(o.lit(high_inc), o.eq(amount, high))))


def other_cells(rb, v, chosen) -> tuple:
    """(low, high, low_inc, high_inc) of every other band of the violation's table: the amounts that already
    have a cell of their own. Bands equal to the chosen one hold the same amounts and are left out."""
    if chosen is not None and getattr(chosen, "others", None) is not None:
        return chosen.others  # a table of multiples of a fact, resolved on the case's facts (fines.resolved_item)
    m = v.model
    if m is None or m.kind not in ("grid", "situations"):
        return ()

    def make():
        items = m.cells.values() if m.kind == "grid" else m.items
        cb = None if chosen is None else chosen.band
        out = []
        for it in items:
            b = it.band
            if b is None or is_relative(b) or b.low is UNBOUNDED or (
                    cb is not None and b.low == cb.low and b.high == cb.high and b == cb):  # amounts first: cheap
                continue
            e = declared_ends(rb, v, it)
            out.append((b.low, b.high, e.low, e.high))
        return tuple(out)
    return rb.cached(("other cells", v.id, None if chosen is None else chosen.pos), make)


def included_ends(declared, low, high, bounds, others, o=PYTHON) -> tuple:
    """(low_inclusive, high_inclusive) of a within-range band.

    The declared words decide. An end the words exclude is still included when it is the statutory limit
    itself and no other cell of the table holds that amount (the law's maximum must be somebody's amount);
    when the table gives the limit a cell of its own (Guangdong: 16万元以上20万元以下 and 20万元), the words
    stand and the amount belongs to that cell only. A single amount includes itself.
    """
    def free(amount):
        return o.not_(o.any_(*(lambda b=b: holds(b[0], b[1], b[2], b[3], amount, o) for b in others)))
    single = o.eq(low, high)
    low_inc = o.any_(o.lit(declared.low), single, lambda: o.all_(o.eq(low, bounds[0]), lambda: free(low)))
    high_inc = o.any_(o.lit(declared.high), single, lambda: o.is_unbounded(high),
                      lambda: o.all_(o.eq(high, bounds[1]), lambda: free(high)))
    return low_inc, high_inc


def item_ends(rb, v, item) -> tuple | None:
    """(low_inclusive, high_inclusive) of a table cell's or tier's own band, as the engine gives it before any
    adjustment (the boundary words in force, the statutory-limit exception; factors for multiples of a fact);
    None for a cell that names a grade only. The catalogue prints these ends and `penalty diff` compares them."""
    b = item.band
    if b is None:
        return None
    if is_relative(b):
        return relative_ends(rb, v, item)
    form = v.statutory[0]
    bounds = (form.low, form.high) if len(v.statutory) == 1 and form.kind in ("range", "max", "min") else (None, None)
    return included_ends(declared_ends(rb, v, item), b.low, b.high, bounds, other_cells(rb, v, item))


# ---------------------------------------------------------------- bands that are multiples of a fact

def factor_bounds(v, band) -> tuple:
    """The statutory limits as factors of a relative band's base: the violation's statutory form when it is the
    same kind of the same fact (所收费用三倍以上五倍以下 -> (3, 5)), else (None, None): no limit to include."""
    forms = [f for f in v.statutory if f.kind == band.kind and f.of == band.of]
    if len(forms) != 1 or len(v.statutory) != 1:
        return None, None
    return forms[0].low, forms[0].high


def relative_ends(rb, v, item) -> tuple:
    """(low_inclusive, high_inclusive) of a table band written as a multiple or percentage of a fact, by the
    rules of `included_ends` worked out on the factors themselves: the boundary words decide, and the statutory
    factor limit is included unless another cell holds it (§1.5: 4.5倍以上5倍以下 leaves 5倍 to its own row).
    A function of the rulebook alone, so the engine, the checker and the catalogue give the same ends."""
    def make():
        b = item.band
        others = []
        for it in (v.model.cells.values() if v.model.kind == "grid" else v.model.items):
            ob = it.band
            if it is item or not is_relative(ob) or (ob.kind, ob.of) != (b.kind, b.of) or ob == b:
                continue
            e = declared_ends(rb, v, it)
            others.append((ob.low, ob.high, e.low, e.high))
        return included_ends(declared_ends(rb, v, item), b.low, b.high, factor_bounds(v, b), tuple(others))
    return rb.cached(("relative ends", v.id, item.pos), make)


def factor_text(rb, kind: str, low, high, of: str, ends, lang: str) -> str:
    """A band of multiples (`kind` multiple) or percentages of the fact `of`, as the document words it:
    所收费用3.5倍以上、4倍以下（不含4倍） / from 3.5 up to but not including 4 times the fees received; a single
    value: 所收费用5倍 / 5 times the fees received. `ends`: (low included, high included) of the factors."""
    msgs = _messages()
    la = lang if lang in ("zh", "en") else "en"

    def number(x):
        return msgs[f"boundary.factor.{kind}"][la].format(n=format(Decimal(str(x)).normalize(), "f"))
    lo, hi = number(low), number(high)
    words = lo if Decimal(str(low)) == Decimal(str(high)) else \
        band_template(ends[0], ends[1], False, lang).format(low=lo, high=hi)
    fact = rb.facts.get(of)
    base = (pick(fact.label, lang) if fact is not None else "") or of
    if la == "en" and base[1:2].islower():  # a label starts a prompt (Fees received); mid-sentence it is lower case
        base = base[0].lower() + base[1:]
    return msgs[f"boundary.of.{kind}"][la].format(band=words, base=base)


def _messages():
    from penalty.rulebook.messages import MESSAGES  # the layer's catalogue (imported late: it is large)
    return MESSAGES
