"""Text cells -> typed columns in the engine's domains, with a reason for every cell that cannot be read.

The rules (docs/review.md, "Reading cells"), the same as for a case file where one exists:
- numbers: ASCII or full-width digits (NFKC), `12,000` separators in groups of three, at most the unit's
  decimals for money (2 for yuan), an optional leading ¥/￥ or trailing 元; floats' exponents, `1,00,000`,
  Chinese numerals (壹万) and negative money are rejected (`penalty.money.parse_user_number`).
- booleans: true/false, yes/no, y/n, 1/0, 是/否, 有/无, 真/假. Enums: the value id or its zh/en label.
- dates: 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, optionally followed by a time, which is
  ignored. Day-first or month-first forms such as 05/03/2024 are ambiguous and rejected.
- an empty cell is "not given": a fact with a default takes it; one without is a missing fact (rejected).
Only the facts the row's violation reads are checked; other cells are ignored.
The common spellings go through vectorised fast paths; each distinct unusual spelling is parsed once in Python.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata

import polars as pl

from penalty.engine.facts import _FALSE, _TRUE, facts_read_by
from penalty.i18n import pick
from penalty.money import parse_user_number, to_minor
from penalty.review.columnar import NUMBER_SCALE, fact_dtype

_DATE = re.compile(r"^(\d{4})(?:[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{2})(\d{2}))(?:[ T].*)?$")
_SPLIT = re.compile(r"[；;|\n]")
_SPLIT_MORE = re.compile(r"[、,，/]")


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


def parse_frame(rb, raw: pl.DataFrame) -> pl.DataFrame:
    """Raw text frame (read.py) -> typed frame + `reject` (String: "code|column;..." or "" when readable)."""
    n = raw.height
    errs: list[pl.Expr] = []
    out = raw.select("_row")
    case_id = pl.lit(raw["case_id"].cast(pl.String)) if "case_id" in raw.columns else pl.lit(None, dtype=pl.String)
    out = out.with_columns(case_id.fill_null(pl.lit("#") + pl.col("_row").cast(pl.String)).alias("case_id"))
    for name in ("officer", "unit"):
        out = out.with_columns((pl.lit(raw[name]) if name in raw.columns
                                else pl.lit(None, dtype=pl.String)).alias(name))

    # the violation: id or title
    vmap = {}
    for v in rb.violations:
        for key in (v.id, pick(v.title, "zh"), pick(v.title, "en")):
            if key:
                vmap[unicodedata.normalize("NFKC", key).strip()] = v.id
    vcol, verr = _by_value(raw["violation"] if "violation" in raw.columns else pl.Series([None] * n, dtype=pl.String),
                           lambda s: (vmap[s], None) if s in vmap else (None, "review.reject.unknown_violation"),
                           pl.String, empty="review.reject.no_violation")
    out = out.with_columns(vcol.alias("violation"))
    errs.append(_tag(verr, "violation"))

    # facts, checked only for the violations that read them
    for name, fact in rb.facts.items():
        readers = [v.id for v in rb.violations if name in facts_read_by(v)]
        if name in raw.columns:
            col, err = _fact(rb, fact, raw[name])
        else:
            col, err = pl.Series([None] * n, dtype=fact_dtype(fact)), pl.Series([None] * n, dtype=pl.String)
        if fact.default is not None:
            col = col.fill_null(pl.lit(fact.default, dtype=fact_dtype(fact))) if fact.type != "enum" \
                else col.fill_null(fact.default)
        else:
            missing = col.is_null() & err.is_null()
            err = pl.select(pl.when(missing).then(pl.lit("review.reject.missing_fact")).otherwise(err)).to_series()
        reads = out["violation"].is_in(readers) if readers else pl.Series([False] * n)
        err = pl.select(pl.when(reads).then(err)).to_series()
        out = out.with_columns(col.alias(name))
        errs.append(_tag(err, name))

    # the decision
    if "fine" in raw.columns:
        fine, ferr = _money(raw["fine"], rb.unit.minor_units, None, None)
        ferr = pl.select(pl.when(fine.is_null() & ferr.is_null()).then(pl.lit("review.reject.missing_fine"))
                         .otherwise(ferr)).to_series()
    else:
        fine, ferr = pl.Series([None] * n, dtype=pl.Int64), pl.Series(["review.reject.missing_fine"] * n)
    out = out.with_columns(fine.alias("fine"))
    errs.append(_tag(ferr, "fine"))
    if "grade" in raw.columns:
        gmap = {}
        for g in rb.grades:
            for key in (g.id, pick(g.label, "zh"), pick(g.label, "en")):
                if key:
                    gmap[unicodedata.normalize("NFKC", key).strip()] = g.id
        gcol, gerr = _by_value(raw["grade"], lambda s: (gmap[s], None) if s in gmap else (None, "review.reject.bad_grade"),
                               pl.String)
        out = out.with_columns(gcol.alias("decided_grade"))
        errs.append(_tag(gerr, "grade"))
    else:
        out = out.with_columns(pl.lit(None, dtype=pl.String).alias("decided_grade"))
    if "measures" in raw.columns:
        mmap = {}
        for mid, md in rb.measures.items():
            for key in (mid, pick(md.get("label"), "zh"), pick(md.get("label"), "en")):
                if key:
                    mmap[unicodedata.normalize("NFKC", key).strip()] = mid
        mcol, _ = _by_value(raw["measures"], lambda s: (",".join(_measure_ids(s, mmap)), None), pl.String, empty=None)
        out = out.with_columns(mcol.fill_null("").alias("decided_measures"))
    else:
        out = out.with_columns(pl.lit(None, dtype=pl.String).alias("decided_measures"))
    for name in ("act_date", "act_end_date", "discovery_date", "decision_date"):
        if name in raw.columns:
            col, err = _by_value(raw[name], _date, pl.Date, empty=None)
            errs.append(_tag(err, name))
        else:
            col = pl.Series([None] * n, dtype=pl.Date)
        out = out.with_columns(col.alias(name))
    reason = raw["mitigation_reason"].cast(pl.String).str.strip_chars().fill_null("") \
        if "mitigation_reason" in raw.columns else pl.Series([""] * n)
    out = out.with_columns((reason != "").alias("mitigation_recorded"))
    reject = pl.select(pl.concat_str(errs, separator=";", ignore_nulls=True).fill_null("")).to_series() \
        if errs else pl.Series([""] * n)
    return out.with_columns(reject.alias("reject"))


def _tag(err: pl.Series, column: str) -> pl.Expr:
    return pl.lit(err) + pl.lit("|" + column)


# ---------------------------------------------------------------- per distinct value (few distinct spellings)

def _by_value(col: pl.Series, fn, dtype, empty="review.reject.missing_fact"):
    """Map each distinct non-empty cell through fn(text) -> (value, error code). Empty -> (None, empty)."""
    s = col.cast(pl.String) if col.dtype != pl.Categorical else col
    uniques = [u for u in s.unique().to_list() if u is not None]
    values, errors = {}, {}
    for u in uniques:
        text = unicodedata.normalize("NFKC", u).strip()
        if not text:
            values[u], errors[u] = None, empty
            continue
        try:
            values[u], errors[u] = fn(text)
        except ValueError as exc:
            values[u], errors[u] = None, _code(exc)
    if not uniques:
        n = len(col)
        return pl.Series([None] * n, dtype=dtype), pl.Series([empty] * n, dtype=pl.String)
    val = s.replace_strict(values, default=None, return_dtype=dtype)
    err = s.replace_strict(errors, default=empty, return_dtype=pl.String)
    err = pl.select(pl.when(s.is_null()).then(pl.lit(empty, dtype=pl.String)).otherwise(err)).to_series()
    return val, err


def _code(exc: ValueError) -> str:
    code = str(exc)
    return "review.reject." + code.split(".", 1)[1] if "." in code else "review.reject.bad_value"


def _date(text: str):
    m = _DATE.match(text)
    if not m:
        raise ValueError("x.bad_date")
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(2) else (m.group(1), m.group(4), m.group(5))
    try:
        return _dt.date(int(y), int(mo), int(d)), None
    except ValueError:
        raise ValueError("x.bad_date") from None


def _fact(rb, fact, col: pl.Series):
    t = fact.type
    if t == "money":
        return _money(col, rb.unit.minor_units, fact.min, fact.max)
    if t == "boolean":
        return _by_value(col, lambda s: (True, None) if s.lower() in _TRUE else (False, None) if s.lower() in _FALSE
                         else (None, "review.reject.bad_boolean"), pl.Boolean, empty=None)
    if t == "enum":
        labels = {}
        for vid, label in fact.values.items():
            labels[vid] = vid
            for lang in ("zh", "en"):
                if pick(label, lang):
                    labels.setdefault(pick(label, lang), vid)
        return _by_value(col, lambda s: (labels[s], None) if s in labels else (None, "review.reject.bad_enum"),
                         pl.String, empty=None)
    if t == "date":
        return _by_value(col, _date, pl.Date, empty=None)

    def number(s):
        d = parse_user_number(s)
        if t == "integer":
            if d != d.to_integral_value():
                raise ValueError("x.expects_integer")
            v = int(d)
        else:
            if -d.as_tuple().exponent > NUMBER_SCALE:
                raise ValueError("x.too_precise")
            v = d
        _bounds(fact, v)
        return v, None
    return _by_value(col, number, fact_dtype(fact), empty=None)


def _bounds(fact, v):
    if (fact.min is not None and v < fact.min) or (fact.max is not None and v > fact.max):
        raise ValueError("x.out_of_bounds")


_PLAIN = r"^\d{1,17}$"


def _money(col: pl.Series, minor: int, lo, hi):
    """Money text -> Int64 minor units. Plain digits (with up to the unit's decimals) are converted in
    columns; every other distinct spelling goes through parse_user_number once."""
    s = col.cast(pl.String)
    dec = len(str(minor)) - 1 if minor > 1 else 0
    pattern = rf"^(\d{{1,17}})(?:\.(\d{{1,{dec}}}))?$" if dec else _PLAIN
    whole = s.str.extract(pattern, 1)
    frac = s.str.extract(pattern, 2) if dec else pl.Series([None] * len(s), dtype=pl.String)
    fast = pl.select(whole.cast(pl.Int64, strict=False) * minor
                     + (frac.str.pad_end(dec, "0").cast(pl.Int64, strict=False).fill_null(0) if dec else 0)).to_series()
    err = pl.Series([None] * len(s), dtype=pl.String)
    slow_idx = pl.select(pl.arg_where(fast.is_null() & s.is_not_null() & (s.str.strip_chars() != ""))).to_series()
    if len(slow_idx):
        texts = s.gather(slow_idx)
        vals, errs = {}, {}
        for u in texts.unique().to_list():
            vals[u], errs[u] = _one_money(u, minor)
        fast = fast.scatter(slow_idx, texts.replace_strict(vals, default=None, return_dtype=pl.Int64))
        err = err.scatter(slow_idx, texts.replace_strict(errs, default=None, return_dtype=pl.String))
    if lo is not None or hi is not None:
        out = (fast < (lo if lo is not None else -1)) | (fast > (hi if hi is not None else 10 ** 18))
        err = pl.select(pl.when(out.fill_null(False)).then(pl.lit("review.reject.out_of_bounds")).otherwise(err)).to_series()
        fast = pl.select(pl.when(out.fill_null(False)).then(None).otherwise(fast)).to_series()
    return fast, err


def _one_money(text: str, minor: int):
    t = unicodedata.normalize("NFKC", text).strip()
    t = t.removeprefix("¥").removesuffix("元").strip()
    try:
        d = parse_user_number(t)
    except ValueError as exc:
        return None, _code(exc)
    if d < 0:
        return None, "review.reject.negative"
    try:
        return to_minor(d, minor), None
    except ValueError:
        return None, "review.reject.too_precise"
