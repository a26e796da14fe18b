"""Per-case flags: the decided penalty against the recomputed one. All vectorised; each flag is a Boolean column
`f_<code>` so that counting, filtering and the report need no per-row Python.

Rules (docs/review.md, "Flags"):
- above_statutory: fine > the statutory maximum (never lawful).
- above_range: fine > the grade's range high, or = high when the high end is exclusive (boundaries rule).
  Not raised for a 不予处罚 grade, where fined_no_penalty says it better.
- below_range: fine < the range low and the row records no mitigation reason.
- grade_differs: a decided grade is given (id or label) and is not the computed one.
- fined_no_penalty: the computed grade is of kind no_penalty and the fine is above 0.
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
              "missing_measures", "limitation")


def case_flags(rb, df: pl.DataFrame) -> pl.DataFrame:
    unb = unbounded(df)
    fine = pl.col("fine") if unb == UNB64 else pl.col("fine").cast(pl.Int128)
    low, high = pl.col("low"), pl.col("high")
    kind = pl.col("grade_kind")
    df = df.with_columns(
        ((pl.col("stat_high") != unb) & (fine > pl.col("stat_high"))).alias("f_above_statutory"),
        ((kind != "no_penalty") & ((fine > high) | ((fine == high) & ~pl.col("high_inclusive") & (high > low))))
        .alias("f_above_range"),
        ((fine < low) & ~pl.col("mitigation_recorded")).alias("f_below_range"),
        (pl.col("decided_grade").is_not_null() & (pl.col("decided_grade") != pl.col("grade"))).alias("f_grade_differs"),
        ((kind == "no_penalty") & (fine > 0)).alias("f_fined_no_penalty"),
    )
    df = _measures(df)
    return _limitation(rb, df)


def _measures(df: pl.DataFrame) -> pl.DataFrame:
    """Required measures missing from the decided ones; computed once per distinct pair of lists."""
    pairs = df.select("measures", "decided_measures").unique()
    missing = []
    for req, got in pairs.iter_rows():
        if got is None:
            missing.append("")
            continue
        have = set(got.split(","))
        missing.append(",".join(m for m in (req or "").split(",") if m and m not in have))
    table = pairs.with_columns(pl.Series("missing_measures", missing, dtype=pl.String))
    if all(df.schema[c] == pl.Categorical for c in ("measures", "decided_measures")):
        # dictionaries: the pair is one integer, mapped through the small table (cheaper than a join on text)
        def code(frame):
            return frame.select(sum(pl.col(c).to_physical().cast(pl.Int64).fill_null(2 ** 31 - 1) * m
                                    for c, m in (("measures", 2 ** 31), ("decided_measures", 1)))).to_series()
        missing_col = code(df).replace_strict(code(table), table["missing_measures"], default=None)
        df = df.with_columns(missing_col.alias("missing_measures"))
    else:
        df = df.join(table, on=["measures", "decided_measures"], how="left", nulls_equal=True)
    return df.with_columns((pl.col("missing_measures").fill_null("") != "").alias("f_missing_measures"))


def _limitation(rb, df: pl.DataFrame) -> pl.DataFrame:
    long_ids = [v.id for v in rb.violations if v.touches_safety]
    harm = pl.col("harm_caused").fill_null(True) if "harm_caused" in rb.facts and \
        rb.facts["harm_caused"].type == "boolean" else pl.lit(True)
    years = pl.when(pl.col("violation").is_in(long_ids) & harm).then(5).otherwise(2)
    start = pl.coalesce("act_end_date", "act_date")
    end = pl.coalesce("discovery_date", "decision_date")
    # end > start + N years, compared as yyyymmdd integers: one pass for both periods, and exact even from
    # 29 February (the calendar's 28 February of a common year has no yyyymmdd between it and 1 March)
    return df.with_columns(years.alias("limit_years"), start.alias("_start"), end.alias("_end")).with_columns(
        (_ymd("_end") > _ymd("_start") + pl.col("limit_years") * 10000).fill_null(False).alias("f_limitation"))


def _ymd(col: str) -> pl.Expr:
    d = pl.col(col).dt
    return d.year().cast(pl.Int32) * 10000 + d.month().cast(pl.Int32) * 100 + d.day().cast(pl.Int32)
