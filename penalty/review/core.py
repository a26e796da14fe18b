"""The review pipeline as data: read -> parse -> recompute in columns -> flags -> peers -> summaries.

Nothing here prints. `review()` takes a path; `review_frame()` a frame of text cells (e.g. from Arrow);
`review_batch()` maps one Arrow record batch to its per-case results, for a distributed engine's map step.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import polars as pl

from penalty.review import columnar
from penalty.review.consistency import Options, band_position, drift, peers, summary
from penalty.review.flags import CASE_FLAGS, case_flags
from penalty.review.parse import parse_frame

ALL_FLAGS = (*CASE_FLAGS, "peer_outlier")


@dataclass
class ReviewResult:
    rulebook: object
    cases: pl.DataFrame  # every reviewed row: facts, computed result, band position, peers, f_* flag columns
    rejected: pl.DataFrame  # _row, case_id, reject ("code|column;...")
    peer_groups: pl.DataFrame
    officers: pl.DataFrame
    units: pl.DataFrame
    by_violation: pl.DataFrame
    by_unit: pl.DataFrame
    by_officer: pl.DataFrame
    options: Options
    timings: dict = field(default_factory=dict)
    engine: dict = field(default_factory=dict)

    @property
    def read(self) -> int:
        return self.cases.height + self.rejected.height

    @property
    def flagged_count(self) -> int:
        return int(self.cases["flagged"].sum()) if self.cases.height else 0

    def counts(self) -> dict:
        """Plain data for --json and notebooks: read = reviewed + rejected, and cases per flag."""
        c = self.cases
        return {"read": self.read, "reviewed": c.height, "rejected": self.rejected.height,
                "flagged": self.flagged_count,
                "flags": {code: int(c[f"f_{code}"].sum()) if c.height else 0 for code in ALL_FLAGS},
                "drifting_officers": self.officers.filter(pl.col("drifting"))["officer"].to_list(),
                "drifting_units": self.units.filter(pl.col("drifting"))["unit"].to_list()}

    def flagged(self, lang: str = "en") -> pl.DataFrame:
        """Every flagged case with its codes, plain reasons and the rule or article behind each."""
        from penalty.review.explain import reasons
        return reasons(self, lang)


def review(cases, rulebook=None, mapping=None, table: str | None = None, options: Options | None = None,
           progress=None) -> ReviewResult:
    """Review a case file (CSV, JSONL, .xlsx, Parquet, SQLite `file.db::table`).

    rulebook: a Rulebook, a bundled name or a path (None: the default bundled one). mapping: a Mapping, a
    mapping file path, or None (headers recognised automatically). progress(stage, done, total): optional.
    """
    from penalty.review.read import Mapping, load_mapping, read_cases
    rb = _rulebook(rulebook)
    if mapping is not None and not isinstance(mapping, Mapping):
        mapping = load_mapping(mapping)
    t0 = time.perf_counter()
    _tick(progress, "read", 0)
    raw = read_cases(cases, rb, mapping, table)
    timings = {"read": time.perf_counter() - t0}
    return review_frame(rb, raw, options, progress, timings)


def _rulebook(rulebook):
    if rulebook is None or isinstance(rulebook, str) or hasattr(rulebook, "__fspath__"):
        from penalty.rulebook.bundled import resolve
        from penalty.rulebook.load import load_rulebook
        return load_rulebook(resolve(None if rulebook is None else str(rulebook)))
    return rulebook


def _tick(progress, stage, done, total=6):
    if progress is not None:
        progress(stage, done, total)


def review_frame(rb, raw: pl.DataFrame, options: Options | None = None, progress=None,
                 timings: dict | None = None) -> ReviewResult:
    opt = options or Options()
    timings = dict(timings or {})
    t = time.perf_counter()
    _tick(progress, "parse", 1)
    typed = parse_frame(rb, raw)
    del raw
    timings["parse"] = time.perf_counter() - t
    t = time.perf_counter()
    _tick(progress, "recompute", 2)
    cases, rejected, stats = _recompute(rb, typed)
    timings["recompute"] = time.perf_counter() - t
    t = time.perf_counter()
    _tick(progress, "flags", 3)
    cases = case_flags(rb, cases)
    cases = band_position(cases)
    cases, groups = peers(cases, opt)
    cases = cases.with_columns(pl.any_horizontal(*(pl.col(f"f_{c}") for c in ALL_FLAGS)).alias("flagged"))
    _tick(progress, "peers", 4)
    officers, units = drift(cases, "officer", opt), drift(cases, "unit", opt)
    result = ReviewResult(rb, cases, rejected, groups, officers, units, summary(cases, "violation"),
                          summary(cases, "unit"), summary(cases, "officer"), opt, timings,
                          {"keys": stats.keys, "key_rows": stats.key_rows, "columnar_rows": stats.columnar_rows,
                           "fallback_rows": stats.fallback_rows})
    timings["flags_peers"] = time.perf_counter() - t
    return result


def _recompute(rb, typed: pl.DataFrame):
    ok = typed.filter(pl.col("reject") == "")
    bad = typed.filter(pl.col("reject") != "").select("_row", "case_id", "violation", "reject")
    stats = columnar.Stats()
    done = columnar.evaluate(rb, ok.drop("reject"), stats)
    failed = done.filter(pl.col("error").is_not_null())
    if failed.height:
        bad = pl.concat([bad, failed.select("_row", "case_id", "violation", (
            pl.lit("review.reject.not_recomputable|") + pl.col("error")).alias("reject"))], how="vertical")
        done = done.filter(pl.col("error").is_null())
    return done, bad.sort("_row"), stats


def review_batch(batch, rb, mapping=None, options: Options | None = None):
    """One Arrow record batch -> an Arrow table of per-case results (recomputed range, per-case flags, band
    position; `reject` for rows that could not be read). For Spark `mapInArrow` / Dask `map_partitions`:
    peer statistics need all cases, so run `peers`/`drift` on the combined output (see docs/review.md)."""
    from penalty.review.read import from_arrow
    typed = parse_frame(rb, from_arrow(batch, rb, mapping))
    cases, rejected, _ = _recompute(rb, typed)
    cases = band_position(case_flags(rb, cases))
    keep = ["_row", "case_id", "violation", "officer", "unit", "fine", "grade", "grade_kind", "model_key",
            "stat_low", "stat_high", "low", "high", "recommended", "pos_bp", *(f"f_{c}" for c in CASE_FLAGS)]
    out = cases.select(keep).with_columns(
        pl.col(c).cast(pl.String) for c in ("officer", "unit", "stat_low", "stat_high", "low", "high", "recommended"))
    return pl.concat([out, rejected.select("_row", "case_id", pl.col("violation").cast(pl.String), "reject")],
                     how="diagonal").to_arrow()
