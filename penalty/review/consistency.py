"""Same case, same penalty (同案同罚): band positions, peer groups, robust outliers, officer and unit drift.

- Band position: where the decided fine sits in its computed range, in basis points (0 = low, 10000 = high;
  below 0 or above 10000 when outside). Integer arithmetic; undefined for a fixed amount or an open range.
- Peers: the same violation, the same grid cell / situation / weight total (`model_key`) and the same grade,
  i.e. cases the rulebook treats alike.
- Outlier: |position − peer median| > threshold × max(1.4826 × MAD, floor), in groups of at least `min_peers`
  (median and MAD are the lower medians, so they are actual positions and exact). 1.4826 × MAD estimates a
  standard deviation without being pulled by the outliers themselves; the floor stops a group in which every
  officer chose the same amount from flagging a one-yuan difference.
- Drift: for each officer (and unit), the median of (position − peer median) over their cases in peer groups;
  flagged when |median| ≥ `drift` and they have at least `min_cases` such cases.
"""
from __future__ import annotations

import polars as pl

from penalty.review.exprs import UNB64, unbounded
from penalty.peers import Options, far_from_peers, position_bp, robust_scale

__all__ = ["Options", "PEER_KEY", "band_position", "drift", "peers", "summary", "summary_and_drift"]

PEER_KEY = ["violation", "model_key", "grade"]


def band_position(df: pl.DataFrame) -> pl.DataFrame:
    unb = unbounded(df)
    # Int64 when (fine - low) * 10000 cannot overflow it (every real case), else Int128
    top = df.select(pl.max_horizontal(pl.col("fine").abs().max(), pl.col("low").abs().max(),
                                      pl.col("high").filter(pl.col("high") != unb).abs().max())).item()
    wide = pl.Int64 if unb == UNB64 and top is not None and top < 2 ** 48 else pl.Int128
    fine = pl.col("fine").cast(wide)
    # undefined for a fixed amount, an open range, 不予处罚 and a decided open top (a life sentence)
    ok = (pl.col("high") != unb) & (pl.col("high") > pl.col("low")) & (pl.col("grade_kind") != "no_penalty") \
        & (pl.col("fine") != UNB64)
    pos = position_bp(fine, pl.col("low").cast(wide), pl.col("high").cast(wide))
    # a position beyond Int64 (a fine 10^15 times its band's width) is as undefined as one of an open range
    return df.with_columns(pl.when(ok).then(pos).otherwise(None).cast(pl.Int64, strict=False).alias("pos_bp"))


def peers(df: pl.DataFrame, opt: Options) -> tuple[pl.DataFrame, pl.DataFrame]:
    """-> (cases with peer_n, peer_median, peer_mad, peer_scale, dev_bp, f_peer_outlier; the peer group table).
    Worked on a narrow frame: each case's peer group as a dense number 0..G-1, per-group statistics by
    group_by, sorted by that number and gathered back to the cases by it (no hash join over every case), and
    the new columns appended to the large frame, which is never copied."""
    med = pl.col("pos_bp").quantile(0.5, interpolation="lower")
    # one integer per peer group (from the dictionary codes), then numbered densely
    code = pl.lit(0, dtype=pl.Int64)
    for c in PEER_KEY:
        code = code * (1 << 21) + pl.col(c).to_physical().cast(pl.Int64).fill_null((1 << 21) - 1)
    codes = df.select(code.alias("_peer"))["_peer"]
    distinct = codes.unique()
    group = codes.replace_strict(distinct, pl.int_range(len(distinct), dtype=pl.UInt32, eager=True))
    narrow = pl.DataFrame({"_g": group, "pos_bp": df["pos_bp"]})
    # every group has cases, so the sorted statistics have one line per group number: line g is group g
    stats = narrow.hstack(df.select(PEER_KEY).get_columns()).group_by("_g").agg(
        pl.col("pos_bp").count().alias("peer_n"), med.cast(pl.Int64).alias("peer_median"),
        *(pl.first(c) for c in PEER_KEY)).sort("_g")
    narrow = narrow.with_columns(stats["peer_n"].gather(group).alias("peer_n"),
                                 stats["peer_median"].gather(group).alias("peer_median")) \
        .with_columns((pl.col("pos_bp") - pl.col("peer_median")).alias("dev_bp"))
    mad = narrow.group_by("_g").agg(pl.col("dev_bp").abs().quantile(0.5, interpolation="lower")
                                    .cast(pl.Int64).alias("peer_mad")).sort("_g")
    narrow = narrow.with_columns(mad["peer_mad"].gather(group).alias("peer_mad"))
    scale = robust_scale(pl.col("peer_mad"), opt.floor_bp, larger=lambda a, b: pl.max_horizontal(a, pl.lit(b)))
    added = narrow.with_columns(scale.alias("peer_scale")).with_columns(
        far_from_peers(pl.col("dev_bp").abs(), pl.col("peer_scale"), pl.col("peer_n"), opt)
        .fill_null(False).alias("f_peer_outlier")) \
        .select("peer_n", "peer_median", "dev_bp", "peer_mad", "peer_scale", "f_peer_outlier")
    del narrow
    df = df.hstack(added.get_columns())
    # the peer group table from the small per-group tables (groups without a position are not peer groups)
    groups = stats.hstack([mad["peer_mad"]]).filter(pl.col("peer_n") > 0) \
        .select(*PEER_KEY, "peer_n", "peer_median", "peer_mad")
    return df, groups.sort(PEER_KEY)


def drift(df: pl.DataFrame, who: str, opt: Options) -> pl.DataFrame:
    """Officers (who="officer") or units with their median deviation against peers; `drifting` marks them."""
    return summary_and_drift(df, who, opt)[1]


def summary(df: pl.DataFrame, by: str) -> pl.DataFrame:
    """Cases, flagged cases and the median band position per violation / unit / officer."""
    return _grouped(df, by, _SUMMARY)


def summary_and_drift(df: pl.DataFrame, who: str, opt: Options) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`summary(df, who)` and `drift(df, who, opt)` from one grouping of the cases (grouped on the dictionary
    codes, spelt as text only per group: casting 4 M cells to text first is slower)."""
    usable = pl.col("dev_bp").is_not_null() & (pl.col("peer_n") >= opt.min_peers)
    dev = pl.col("dev_bp").filter(usable)
    agg = _grouped(df, who, [*_SUMMARY, usable.sum().alias("_usable"),
                             dev.quantile(0.5, interpolation="lower").cast(pl.Int64).alias("median_dev_bp"),
                             (dev > 0).sum().alias("above")])
    dr = agg.filter(pl.col("_usable") > 0).select(who, pl.col("_usable").alias("cases"), "median_dev_bp", "above") \
        .with_columns(((pl.col("cases") >= opt.min_cases) & (pl.col("median_dev_bp").abs() >= opt.drift_bp))
                      .alias("drifting"))
    return agg.select(who, "cases", "flagged", "median_pos_bp"), dr


_SUMMARY = [pl.len().alias("cases"), pl.col("flagged").sum().alias("flagged"),
            pl.col("pos_bp").quantile(0.5, interpolation="lower").cast(pl.Int64).alias("median_pos_bp")]


def _grouped(df: pl.DataFrame, by: str, aggs: list) -> pl.DataFrame:
    return df.lazy().group_by(by).agg(aggs).with_columns(pl.col(by).cast(pl.String)) \
        .sort(by, nulls_last=True).collect()
