"""Per-case flags: the decided penalty against the recomputed one. All vectorised; each flag is a Boolean column
`f_<code>` so that counting, filtering and the report need no per-row Python.

Rules (docs/review.md, "Flags"):
- above_statutory: fine > the statutory maximum (never lawful).
- above_range: fine > the grade's range high, or = high when the high end is exclusive (boundaries rule).
  Not raised for a 不予处罚 grade, where fined_no_penalty says it better.
- below_range: fine < the range low, or = low when the low end is exclusive, and the row records no mitigation
  reason.
- grade_differs: a decided grade is given (id or label) and is not the computed one.
- fined_no_penalty: the computed grade is of kind no_penalty and the fine is above 0.
- deviation: outside the band but inside the statutory range, with a reason of the rulebook's
  `deviation_reasons` recorded (a decision `penalty decide` accepted as 逸脱, read from the register or a
  `deviation_reason` column): reported as such, and then neither above_range nor below_range.
- missing_measures: a decided measures column is given and lacks a measure the computed grade requires.
- limitation (art. 36): from the act (its end when given) to the discovery (or, when no discovery date is
  recorded, the decision, the latest possible discovery) more than 2 years, or 5 years where the violation
  touches life, health or financial safety and harm was caused (harm assumed when the rulebook has no
  `harm_caused` fact, so the longer period is used and no false flag is raised).
"""
from __future__ import annotations

import polars as pl

from penalty.review.exprs import UNB64, unbounded

CASE_FLAGS = ("above_statutory", "above_range", "below_range", "grade_differs", "fined_no_penalty",
              "missing_measures", "limitation", "deviation")


def case_flags(rb, df: pl.DataFrame, long_ids: list | None = None) -> pl.DataFrame:
    """long_ids: the violations with the five-year period (default: the rulebook's `touches_safety` ones)."""
    unb = unbounded(df)
    fine = pl.col("fine") if unb == UNB64 else pl.col("fine").cast(pl.Int128)
    low, high = pl.col("low"), pl.col("high")
    kind = pl.col("grade_kind")
    above = (kind != "no_penalty") & ((fine > high) | ((fine == high) & ~pl.col("high_inclusive") & (high > low)))
    below = (fine < low) | ((fine == low) & ~pl.col("low_inclusive") & (high > low))
    in_law = (fine >= pl.col("stat_low")) & ((pl.col("stat_high") == unb) | (fine <= pl.col("stat_high")))
    listed = pl.col("deviation_reason").is_not_null() if "deviation_reason" in df.columns else pl.lit(False)
    deviation = (above | below) & in_law & listed & (kind != "no_penalty")
    df = df.with_columns(
        ((pl.col("stat_high") != unb) & (fine > pl.col("stat_high"))).alias("f_above_statutory"),
        (above & ~deviation).alias("f_above_range"),
        (below & ~pl.col("mitigation_recorded") & ~deviation).alias("f_below_range"),
        deviation.alias("f_deviation"),
        (pl.col("decided_grade").is_not_null() & (pl.col("decided_grade") != pl.col("grade"))).alias("f_grade_differs"),
        ((kind == "no_penalty") & (fine > 0)).alias("f_fined_no_penalty"),
    )
    df = _measures(df)
    return _limitation(rb, df, long_ids)


def _measures(df: pl.DataFrame) -> pl.DataFrame:
    """Required measures missing from the decided ones; computed once per distinct pair of lists."""
    if all(df.schema[c] == pl.Categorical for c in ("measures", "decided_measures")):
        # dictionaries: the pair is one integer; its distinct values found by hashing that integer, and the
        # words mapped back through it (cheaper than a two-column unique and a join on text)
        pair = df.select(sum(pl.col(c).to_physical().cast(pl.Int64).fill_null(2 ** 31 - 1) * m
                             for c, m in (("measures", 2 ** 31), ("decided_measures", 1)))).to_series()
        first = pl.select(pl.arg_where(pair.is_first_distinct())).to_series()
        pairs = df.select("measures", "decided_measures")[first]
        missing = pl.Series([_missing(req, got) for req, got in pairs.iter_rows()], dtype=pl.Categorical)
        df = df.with_columns(pair.replace_strict(pair.gather(first), missing, default=None).alias("missing_measures"))
    else:
        pairs = df.select("measures", "decided_measures").unique()
        table = pairs.with_columns(pl.Series("missing_measures", [_missing(req, got) for req, got in
                                                                  pairs.iter_rows()], dtype=pl.String))
        df = df.join(table, on=["measures", "decided_measures"], how="left", nulls_equal=True)
    return df.with_columns((pl.col("missing_measures").fill_null("") != "").alias("f_missing_measures"))


def _missing(required, decided) -> str:
    if decided is None:  # no decided measures recorded: nothing to compare
        return ""
    have = set(decided.split(","))
    return ",".join(m for m in (required or "").split(",") if m and m not in have)


def _limitation(rb, df: pl.DataFrame, long_ids: list | None = None) -> pl.DataFrame:
    if long_ids is None:
        long_ids = [v.id for v in rb.violations if v.touches_safety]
    if isinstance(df.schema["violation"], pl.Enum):  # ids another version lists cannot match this column
        known = set(df.schema["violation"].categories.to_list())
        long_ids = [x for x in long_ids if x in known]
    harm = pl.col("harm_caused").fill_null(True) if "harm_caused" in rb.facts and \
        rb.facts["harm_caused"].type == "boolean" else pl.lit(True)
    years = pl.when(pl.col("violation").is_in(long_ids) & harm).then(5).otherwise(2)
    start = pl.coalesce("act_end_date", "act_date")
    end = pl.coalesce("discovery_date", "decision_date")
    df = df.with_columns(years.alias("limit_years"), start.alias("_start"), end.alias("_end"))
    return df.with_columns(past_limit(df["_start"], df["_end"], df["limit_years"]).alias("f_limitation"))


def past_limit(start: pl.Series, end: pl.Series, years: pl.Series) -> pl.Series:
    """end > start + N years (the calendar rule of penalty.time.dates: 29 February + N years = 28 February).
    N years span between N*365 and N*366 days, so the day counts decide every row except those a few days
    around the limit, which are compared as yyyymmdd integers (exact: a common year's 28 February has no
    yyyymmdd between it and 1 March). Null dates: not past."""
    frame = pl.DataFrame({"s": start, "e": end, "n": years.cast(pl.Int32)})
    days = pl.col("e").to_physical() - pl.col("s").to_physical()
    out = frame.select((days > pl.col("n") * 366).fill_null(False).alias("past"),
                       ((days > pl.col("n") * 365) & (days <= pl.col("n") * 366)).fill_null(False).alias("near"))
    near = pl.select(pl.arg_where(out["near"])).to_series()
    past = out["past"]
    if len(near):
        sub = frame[near]
        past = past.scatter(near, sub.select(_ymd("e") > _ymd("s") + pl.col("n") * 10000).to_series())
    return past


def _ymd(col: str) -> pl.Expr:
    d = pl.col(col).dt
    return d.year().cast(pl.Int32) * 10000 + d.month().cast(pl.Int32) * 100 + d.day().cast(pl.Int32)
