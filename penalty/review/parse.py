"""Text cells -> typed columns in the engine's domains, with a reason for every cell that cannot be read.

A cell's value is read by the same rules as a case file's (penalty.values; docs/rulebook-format.md, "Values"):
numbers, amounts (an optional ¥/￥ or 元 for a yuan rulebook), yes/no words, enum ids or labels, dates.
An empty cell is "not given": a fact with a default takes it; one without is a missing fact (rejected).
Only the facts the row's violation reads are checked; other cells are ignored.

Speed: a column with few distinct spellings (everything but amounts and case numbers) is parsed once per
distinct spelling and mapped back through its dictionary codes; amounts take a vectorised integer fast path, and
only unusual spellings (separators, full-width digits) go through Python, once per distinct spelling.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal

import polars as pl

from penalty.engine.facts import facts_read_by, unstated_reached
from penalty.i18n import pick
from penalty import values
from penalty.review.columnar import NUMBER_SCALE, engine_facts, fact_dtype
from penalty.review.exprs import UNB64
from penalty.review.read import UNREADABLE

_SPLIT = re.compile(r"[；;|\n]")
_SPLIT_MORE = re.compile(r"[、,，/]")


class Vocabulary:
    """The ids and spellings cells are read against: one rulebook's, or the union of several versions', so that
    every version's frame has the same dictionary types (violations and grades as one Enum each) and a title
    an earlier version used still names its violation. A version still grades only the violations it lists."""

    def __init__(self, *rulebooks):
        self.id = rulebooks[0].id
        self.facts = {}  # every version's facts are columns to read (a later version may add one)
        for rb in rulebooks:
            for name, fact in rb.facts.items():
                self.facts.setdefault(name, fact)
        self.violation_ids = list(dict.fromkeys(v.id for rb in rulebooks for v in rb.violations))
        self.grade_ids = list(dict.fromkeys(g.id for rb in rulebooks for g in rb.grades))
        self.violation_labels, self.grade_labels = {}, {}
        for rb in rulebooks:
            for k, v in _labels({v.id: v.title for v in rb.violations}).items():
                self.violation_labels.setdefault(k, v)
            for k, v in _labels({g.id: g.label for g in rb.grades}).items():
                self.grade_labels.setdefault(k, v)


def parse_frame(rb, raw: pl.DataFrame, vocab: Vocabulary | None = None) -> pl.DataFrame:
    """Raw text frame (read.py) -> typed frame + `reject` ("code|column;...", null when the row is readable)."""
    n = raw.height
    vocab = vocab or Vocabulary(rb)
    cols, errs = parse_violation(rb, raw, vocab)
    fcols, ferrs = parse_facts(rb, raw, list(rb.facts), cols["violation"].to_physical(), vocab)
    dcols, derrs = parse_decision(rb, raw, vocab)
    out = pl.DataFrame({k: s.alias(k) for k, s in {**cols, **fcols, **dcols}.items()})
    reject = unreached_cleared(rb, reject_text({**errs, **ferrs, **derrs}, n), lambda idx: out[idx])
    return out.with_columns(reject.alias("reject"))


MISSING = "review.reject.missing_fact"


def unreached_cleared(rb, reject: pl.Series, facts_of) -> pl.Series:
    """`reject` without the missing facts a row's case does not reach: a fact read only on a branch the row does
    not take (an exceedance multiple where the pollutant is pH) may be left empty, as in a case file. Which facts
    a case reaches is `engine.facts.unstated_reached`, the rule `parse_case` (calc) applies; a missing fact the
    case does reach stays a rejection, with its reason. `facts_of(idx)`: the typed rows (violation and facts)."""
    flagged = reject.str.contains(MISSING + "|", literal=True).fill_null(False)
    idx = pl.select(pl.arg_where(flagged)).to_series()
    if not len(idx):
        return reject
    reached: dict = {}
    texts = []
    for text, row in zip(reject.gather(idx).to_list(), facts_of(idx).iter_rows(named=True)):
        vid = row.get("violation")
        if vid is None:  # no violation to read the facts: the row is rejected for that anyway
            texts.append(text)
            continue
        v = rb.violation(vid)
        names = facts_read_by(v)
        key = (vid, tuple(row.get(n) for n in names))
        if key not in reached:
            reached[key] = {f"{MISSING}|{n}" for n in unstated_reached(v, engine_facts(rb, names, row))}
        keep = [e for e in text.split(";") if not e.startswith(MISSING + "|") or e in reached[key]]
        texts.append(";".join(keep) or None)
    return reject.scatter(idx, pl.Series(texts, dtype=pl.String))


def parse_violation(rb, raw: pl.DataFrame, vocab: Vocabulary | None = None):
    vocab = vocab or Vocabulary(rb)
    vmap, own = vocab.violation_labels, {v.id for v in rb.violations}
    violation, err = by_value(_col(raw, "violation", raw.height), lambda s: (vmap[s], None)
                              if vmap.get(s) in own else (None, "review.reject.unknown_violation"),
                              pl.Enum(vocab.violation_ids), empty="review.reject.no_violation")
    return {"violation": violation}, {"violation": err}


def parse_facts(rb, raw: pl.DataFrame, names: list, vcode: pl.Series, vocab: Vocabulary | None = None):
    """The given facts, typed, with errors only where the row's violation (by its code in the vocabulary's
    violation Enum, `vcode`) reads the fact."""
    n = raw.height
    cols, errs = {}, {}
    listed = {v.id: v for v in rb.violations}
    order = (vocab or Vocabulary(rb)).violation_ids
    for name in names:
        fact = rb.facts[name]
        reads = [vid in listed and name in facts_read_by(listed[vid]) for vid in order]
        if name in raw.columns:
            col, err = _fact(rb, fact, raw[name])
        else:
            col, err = nulls(n, fact_dtype(fact)), nulls(n, pl.String)
        if fact.default is not None:
            col = col.fill_null(fact.default)
        elif any(reads):
            err = pl.select(pl.when(col.is_null() & err.is_null()).then(pl.lit("review.reject.missing_fact"))
                            .otherwise(err)).to_series()
        if any(reads) and not all(reads):
            err = pl.select(pl.when(pl.Series(reads).gather(vcode)).then(err)).to_series()
        cols[name] = col
        if any(reads):
            errs[name] = err
    return cols, errs


def parse_decision(rb, raw: pl.DataFrame, vocab: Vocabulary | None = None):
    """Case number, officer, unit, fine, decided grade and measures, dates, mitigation reason."""
    vocab = vocab or Vocabulary(rb)
    n = raw.height
    cols, errs = {"_row": raw["_row"]}, {}
    cols["case_id"] = raw["case_id"].cast(pl.String) if "case_id" in raw.columns else \
        nulls(n, pl.String)
    for name in ("officer", "unit"):
        cols[name] = raw[name].cast(pl.Categorical) if name in raw.columns else \
            nulls(n, pl.Categorical)
    fine, ferr = money(_col(raw, "fine", n), rb.unit.minor_units, None, None, _unbounded_words(rb.unit),
                       rb.unit.currency)
    errs["fine"] = pl.select(pl.when(fine.is_null() & ferr.is_null()).then(pl.lit("review.reject.missing_fine"))
                             .otherwise(ferr)).to_series()
    cols["fine"] = fine
    grades = pl.Enum(vocab.grade_ids)
    if "grade" in raw.columns:
        gmap = vocab.grade_labels
        cols["decided_grade"], errs["grade"] = by_value(
            raw["grade"], lambda s: (gmap[s], None) if s in gmap else (None, "review.reject.bad_grade"), grades,
            empty=None)
    else:
        cols["decided_grade"] = nulls(n, grades)
    if "measures" in raw.columns:
        mmap = _labels({m: d.get("label") for m, d in rb.measures.items()})
        mcol, _ = by_value(raw["measures"], lambda s: (",".join(_measure_ids(s, mmap)), None), pl.Categorical,
                           empty=None)
        cols["decided_measures"] = mcol.fill_null("")
    else:
        cols["decided_measures"] = nulls(n, pl.Categorical)
    for name in DATES:
        if parsed(name) in raw.columns:  # read already (versions are chosen by date before the rest is read)
            cols[name], errs[name] = raw[parsed(name)], raw[parsed(name) + "!"]
        elif name in raw.columns:
            cols[name], errs[name] = by_value(raw[name], _date, pl.Date, empty=None, normalise=False)
        else:
            cols[name] = nulls(n, pl.Date)
    # dates out of order (as penalty calc refuses them): the later column is named
    for earlier, later in DATE_ORDER:
        if earlier in raw.columns and later in raw.columns:
            wrong = pl.select((pl.lit(cols[later]) < pl.lit(cols[earlier])).fill_null(False)).to_series()
            if wrong.any():
                order = pl.select(pl.when(pl.lit(wrong)).then(pl.lit("review.reject.date_order"))).to_series()
                errs[later] = order if errs.get(later) is None else pl.select(
                    pl.coalesce(pl.lit(errs[later]), pl.lit(order))).to_series()
    if UNREADABLE in raw.columns:  # a source line that was not a row at all (read.py)
        errs[""] = raw[UNREADABLE].cast(pl.String)
    cols["mitigation_recorded"] = (raw["mitigation_reason"].cast(pl.String).str.strip_chars().fill_null("") != "") \
        if "mitigation_reason" in raw.columns else pl.repeat(False, n, eager=True).alias("")
    cols["deviation_reason"] = listed_deviation(rb, raw["deviation_reason"]) if "deviation_reason" in raw.columns \
        else nulls(n, pl.String)
    return cols, errs


def listed_deviation(rb, col: pl.Series) -> pl.Series:
    """The recorded reason for deciding outside the band (逸脱), kept when it is a code of the rulebook's own
    `deviation_reasons` (the list `penalty decide` accepts); another text is no listed reason (null)."""
    from penalty.decision.rules import deviation_reasons
    code = col.cast(pl.String).str.strip_chars()
    return pl.select(pl.when(code.is_in(list(deviation_reasons(rb)))).then(code)).to_series()


DATES = ("act_date", "act_end_date", "discovery_date", "decision_date")
# the orders penalty.time.choose checks: (earlier, later)
DATE_ORDER = (("act_date", "act_end_date"), ("act_date", "discovery_date"), ("act_date", "decision_date"),
              ("discovery_date", "decision_date"))


def parsed(name: str) -> str:
    """The column that holds a date column already read (value; its error code in the same name + "!")."""
    return name + "\x00date"


def with_dates(raw: pl.DataFrame) -> pl.DataFrame:
    """raw plus its date columns read (`parsed(name)`), so that they are read once per batch."""
    extra = []
    for name in DATES:
        if name in raw.columns and parsed(name) not in raw.columns:
            val, err = by_value(raw[name], _date, pl.Date, empty=None, normalise=False)
            extra += [val.alias(parsed(name)), err.alias(parsed(name) + "!")]
    return raw.with_columns(extra) if extra else raw


def nulls(n: int, dtype) -> pl.Series:
    """A column of n nulls, built natively (a Python list of a million Nones is slow to convert)."""
    return pl.repeat(None, n, dtype=dtype, eager=True).alias("")


def _col(raw, name, n):
    return raw[name] if name in raw.columns else nulls(n, pl.String)


def _labels(labels: dict) -> dict:
    return values.choice_spellings(labels)


def reject_text(errs: dict, n: int) -> pl.Series:
    """"code|column;..." for the rows with any problem (built only for those rows), null elsewhere."""
    if not errs:
        return nulls(n, pl.String)
    frame = pl.DataFrame({k: v for k, v in errs.items()})
    bad = frame.select(pl.any_horizontal(pl.all().is_not_null())).to_series()
    idx = pl.select(pl.arg_where(bad)).to_series()
    out = nulls(n, pl.String)
    if len(idx):
        sub = frame[idx]
        text = sub.select(pl.concat_str([pl.col(c) + pl.lit("|" + c) for c in sub.columns], separator=";",
                                        ignore_nulls=True)).to_series()
        out = out.scatter(idx, text)
    return out


def rejected_cells(bad: pl.DataFrame, raw: pl.DataFrame) -> pl.DataFrame:
    """`bad` (rejected rows: `_row`, `reject`, ...) with `cells`: a struct of the text of each cell its `reject`
    names, as the file wrote it (null for the others), so that a reason can echo the value it refuses. Only the
    rejected rows' cells are kept: the batch's text is not."""
    names = [c for c in raw.columns if not c.startswith("_") and "\x00" not in c]  # not the reader's own columns
    sub = raw.filter(pl.col("_row").is_in(bad["_row"].implode())).select("_row", *names) \
        .join(bad.select("_row", (pl.lit(";") + pl.col("reject") + pl.lit(";")).alias("_items")), on="_row")
    cells = pl.struct(pl.when(pl.col("_items").str.contains("|" + c + ";", literal=True))
                      .then(pl.col(c).cast(pl.String)).alias(c) for c in names)
    return bad.join(sub.select("_row", cells.alias("cells")), on="_row", how="left", maintain_order="left")


def _measure_ids(text: str, known: dict) -> list:
    """Measures are separated by ； ; | or new lines; 、 and ， only split where the whole part is not a label
    (labels such as 没收违法生产经营的食品、食品添加剂… contain them)."""
    out = []
    for part in (p.strip() for p in _SPLIT.split(text)):
        if not part:
            continue
        pieces = [part] if part in known else [x.strip() for x in _SPLIT_MORE.split(part) if x.strip()]
        out += [known.get(x, "?" + x) for x in pieces]
    return out


# ---------------------------------------------------------------- per distinct spelling

def by_value(col: pl.Series, fn, dtype, empty="review.reject.missing_fact", normalise=True):
    """Map each distinct non-empty cell through fn(text) -> (value, error code); empty -> (None, empty).
    `normalise`: NFKC the text first (names and labels); numbers and dates are given the text as written,
    since NFKC would turn ² or ① into a digit. Categorical columns are mapped through their dictionary codes."""
    cat = col if col.dtype == pl.Categorical else col.cast(pl.Categorical)
    codes, texts = _distinct(cat)
    size = (max(codes) + 1) if codes else 1
    values, errors = [None] * size, [empty] * size
    for code, text in zip(codes, texts):
        t = unicodedata.normalize("NFKC", text).strip() if normalise else text.strip()
        if not t:
            continue
        try:
            values[code], errors[code] = fn(t)
        except ValueError as exc:
            values[code], errors[code] = None, _code(exc)
    phys = cat.to_physical()
    val = pl.Series(values, dtype=dtype).gather(phys)
    if all(errors[c] is None for c in codes):  # every cell given is valid (the usual case): no gather
        err = nulls(len(cat), pl.String) if empty is None else \
            pl.select(pl.when(phys.is_null()).then(pl.lit(empty))).to_series()
        return val, err
    err = pl.Series(errors, dtype=pl.String).gather(phys)
    if empty is not None:  # a null cell
        err = pl.select(pl.when(phys.is_null()).then(pl.lit(empty)).otherwise(err)).to_series()
    return val, err


def _distinct(cat: pl.Series) -> tuple[list, list]:
    """The dictionary codes present in a Categorical column and their texts. A count per code (numpy) is a
    quarter of the cost of a hash `unique()` on a million rows; the texts come from the dtype's categories and
    are checked to map back to the same codes (else the hash path)."""
    phys = cat.to_physical()
    if len(cat) >= 65536:
        import numpy as np
        present = np.flatnonzero(np.bincount(phys.drop_nulls().to_numpy()))
        if len(present):
            texts = cat.dtype.categories.to_series().gather(present)
            if (texts.cast(cat.dtype).to_physical().to_numpy() == present).all():
                return present.tolist(), texts.to_list()
    uniq = cat.unique().drop_nulls()
    return uniq.to_physical().to_list(), uniq.cast(pl.String).to_list()


_REVIEW_CODE = {"expects_boolean": "bad_boolean", "expects_date": "bad_date"}  # the review's own older names


def _code(exc: ValueError) -> str:
    code = str(exc)
    if "." not in code:
        return "review.reject.bad_value"
    name = code.split(".", 1)[1]
    return "review.reject." + _REVIEW_CODE.get(name, name)


@functools.lru_cache(maxsize=1 << 16)  # a case file repeats a few thousand dates in every batch
def _date(text: str):
    return values.read_date(text), None


def _fact(rb, fact, col: pl.Series):
    t = fact.type
    if t == "money":
        return money(col, rb.unit.minor_units, fact.min, fact.max, (), rb.unit.currency)
    if t == "boolean":
        return by_value(col, lambda s: (values.read_boolean(s), None), pl.Boolean, empty=None)
    if t == "enum":
        spellings = values.choice_spellings(fact.values)
        return by_value(col, lambda s: (values.read_choice(s, fact.values, spellings), None), pl.String, empty=None)
    if t == "date":
        return by_value(col, _date, pl.Date, empty=None, normalise=False)

    def number(s):
        v = values.read_integer(s) if t == "integer" else values.read_number(s)
        if isinstance(v, Decimal) and -int(v.as_tuple().exponent) > NUMBER_SCALE:
            raise ValueError("x.too_precise")
        if (fact.min is not None and v < fact.min) or (fact.max is not None and v > fact.max):
            raise ValueError("x.out_of_bounds")
        return v, None
    return by_value(col, number, fact_dtype(fact), empty=None, normalise=False)


def _unbounded_words(unit) -> tuple:
    """How a decided amount at the open top of a scale is written (a life sentence: "life", 终身监禁)."""
    words = {unit.unbounded_id, *(pick(unit.unbounded_label, lang) for lang in ("zh", "en") if unit.unbounded_label)}
    return tuple(sorted(unicodedata.normalize("NFKC", w).strip().lower() for w in words if w))


def money(col: pl.Series, minor: int, lo, hi, unbounded: tuple = (), currency: str | None = None):
    """Money text -> Int64 minor units. Plain whole numbers and decimals convert in columns; every other distinct spelling
    (and `+5` or `010000`, which a column cast would read) goes through penalty.values once. `unbounded`: words
    read as the open top of the scale (UNBOUNDED, kept as UNB64), e.g. a decided life sentence in months."""
    s = col.cast(pl.String)
    n = len(s)
    value = s.cast(pl.Int64, strict=False)
    plain = ~(s.str.starts_with("+") | (s.str.starts_with("0") & (s.str.len_bytes() > 1))
              | (s.str.starts_with("-0") & (s.str.len_bytes() > 2))).fill_null(False)  # `-00`: a leading zero too
    value = pl.select(pl.when((value >= 0) & (value <= 10 ** 15) & plain).then(value * minor)).to_series()
    k = len(str(minor)) - 1
    if 1 <= k <= 3 and minor == 10 ** k:  # and plain decimals of at most the minor unit's digits (`1.13` yuan)
        parts = s.str.extract_groups(rf"^(0|[1-9][0-9]{{0,14}})\.([0-9]{{1,{k}}})$")
        value = value.fill_null(pl.select(parts.struct.field("1").cast(pl.Int64) * minor
                                          + parts.struct.field("2").str.pad_end(k, "0").cast(pl.Int64)).to_series())
    err = nulls(n, pl.String)
    rest = pl.select(pl.arg_where(value.is_null() & s.is_not_null())).to_series()
    if len(rest):
        texts = s.gather(rest)
        uniq = texts.unique().to_list()
        vals, errs = {}, {}
        for u in uniq:
            if unbounded and unicodedata.normalize("NFKC", u).strip().lower() in unbounded:
                vals[u], errs[u] = UNB64, None
                continue
            vals[u], errs[u] = _one_money(u, minor, currency)
        value = value.scatter(rest, texts.replace_strict(vals, default=None, return_dtype=pl.Int64))
        err = err.scatter(rest, texts.replace_strict(errs, default=None, return_dtype=pl.String))
    if lo is not None or hi is not None:
        out = ((value < (lo if lo is not None else -1)) | (value > (hi if hi is not None else 10 ** 18))).fill_null(False)
        err = pl.select(pl.when(out).then(pl.lit("review.reject.out_of_bounds")).otherwise(err)).to_series()
        value = pl.select(pl.when(out).then(None).otherwise(value)).to_series()
    return value, err


def _one_money(text: str, minor: int, currency: str | None):
    if not text.strip():
        return None, None
    try:
        return values.read_money(text, minor, currency), None
    except ValueError as exc:
        return None, _code(exc)
