"""The review pipeline as data: read -> parse -> recompute in columns -> flags -> peers -> summaries.

Nothing here prints. `review()` takes a path; `review_frame()` a frame of text cells (e.g. from Arrow);
`review_batch()` maps one Arrow record batch to its per-case results, for a distributed engine's map step.
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

import polars as pl

from penalty.review import columnar
from penalty.review.consistency import Options, band_position, peers, summary, summary_and_drift
from penalty.review.flags import CASE_FLAGS, case_flags
from penalty.review.parse import parse_frame, rejected_cells

ALL_FLAGS = (*CASE_FLAGS, "peer_outlier")


@dataclass
class ReviewResult:
    rulebook: object
    cases: pl.DataFrame  # every reviewed row: facts, computed result, band position, peers, f_* flag columns
    rejected: pl.DataFrame  # _row, case_id, reject ("code|column;..."), cells (the text of the cells named)
    peer_groups: pl.DataFrame
    officers: pl.DataFrame
    units: pl.DataFrame
    by_violation: pl.DataFrame
    by_unit: pl.DataFrame
    by_officer: pl.DataFrame
    options: Options
    timings: dict = field(default_factory=dict)
    engine: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)  # field or fact name -> the case file's header, for the reasons
    encoding: str | None = None  # the text encoding the case file was read in (None: not a text file)
    versions: object = None  # the VersionSet the cases were reviewed against (None: `rulebook` alone)

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
           progress=None, versions=None, encoding: str | None = None) -> ReviewResult:
    """Review a case file (CSV, JSONL, .xlsx, Parquet, SQLite `file.db::table`), or a frame of text cells as the
    readers give it (`penalty.review.register.register_frame`: the decisions recorded in a register).

    rulebook: a Rulebook, a bundled name or a path (None: the default bundled one). mapping: a Mapping, a
    mapping file path, or None (headers recognised automatically). progress(stage, done, total): optional.
    versions: a VersionSet (penalty.time.versions), True (the versions found beside a rulebook given by name or
    path: the default then), or False (the named version only); with two or more, each case is recomputed
    under the version its dates call for (art. 37, see versioned.py). encoding: a text file's encoding, forced
    (default: detected; the one read is `ReviewResult.encoding`).
    The file is processed in batches (CSV is streamed); only the per-case results are kept for the peer step.
    """
    from penalty.review.read import Mapping, iter_cases, load_mapping
    rb = _rulebook(rulebook)
    vset = _versions(rulebook, rb, versions)
    if mapping is not None and not isinstance(mapping, Mapping):
        mapping = load_mapping(mapping)
    t0 = time.perf_counter()
    size = _size(cases)
    cache, stats, done, bad, seen, headers = {}, columnar.Stats(), [], [], 0, {}
    source: dict = {}  # filled by the reader: the encoding it read
    # Two batches in flight: while one waits on polars' threads (or the reader) the other computes, and once
    # the file is read both cores work on batches (4 M cases: ~1 s less, peak RSS +60-80 MB). Each batch
    # counts into its own Stats, added here in file order; the key cache is shared (a key computed twice
    # gives the same result, and a dict assignment is atomic).
    from concurrent.futures import ThreadPoolExecutor

    def take(job):
        cases_b, bad_b, stats_b = job.result()
        done.append(cases_b)
        bad.append(bad_b)
        stats.add(stats_b)
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = []
        batches = [cases] if isinstance(cases, pl.DataFrame) else \
            iter_cases(cases, rb, mapping, table, versions=vset, headers=headers, encoding=encoding, source=source)
        for raw in batches:
            seen += raw.height
            jobs.append(pool.submit(_counted_batch, rb, raw, cache, vset))
            del raw
            while len(jobs) >= 2:
                take(jobs.pop(0))
            _tick(progress, "recompute", seen, max(size or 0, seen))
        for job in jobs:
            take(job)
    timings = {"read_parse_recompute_flags": time.perf_counter() - t0}
    result = _finish(rb, done, bad, options, progress, timings, stats, vset, headers)
    result.encoding = source.get("encoding")
    return result


def _size(path) -> int | None:
    """Rows in a text file, estimated from its first MiB, for the progress bar."""
    from pathlib import Path
    if isinstance(path, pl.DataFrame):
        return path.height
    p = Path(str(path).split("::", 1)[0])
    try:
        with p.open("rb") as fh:
            head = fh.read(1 << 20)
        lines = head.count(b"\n")
        return p.stat().st_size * lines // max(len(head), 1) if lines > 1 else None
    except OSError:
        return None


def _rulebook(rulebook):
    if rulebook is None or isinstance(rulebook, str) or hasattr(rulebook, "__fspath__"):
        from penalty.rulebook.bundled import resolve
        from penalty.rulebook.load import load_rulebook
        return load_rulebook(resolve(None if rulebook is None else str(rulebook)))
    return rulebook


def _versions(given, rb, versions):
    """The VersionSet to review against, or None for the named version alone. versions: a VersionSet, False,
    or None/True: the versions beside a rulebook given by name or path (a Rulebook object has none known)."""
    if versions is False:
        return None
    if versions is None or versions is True:
        if given is not None and not isinstance(given, str) and not hasattr(given, "__fspath__"):
            return None
        from penalty.rulebook.bundled import resolve
        from penalty.time.versions import load_versions
        versions = load_versions(resolve(None if given is None else str(given)), named=rb)
    return _several(versions)


def _several(versions):
    """A VersionSet of two or more versions, else None (one version: nothing to choose)."""
    return versions if versions is not None and len(versions.versions) > 1 else None


def _tick(progress, stage, done, total=None):
    if progress is not None:
        progress(stage, done, total)


KEEP = ["_row", "case_id", "violation", "version", "art37", "officer", "unit", "fine", "decided_grade", "deviation_reason",
        "grade", "grade_kind",
        "model_key", "low", "high", "low_inclusive", "high_inclusive", "recommended", "before_clamp", "stat_high",
        "adjustments",
        "missing_measures",
        "limit_years", "_start", "_end", "pos_bp", *(f"f_{c}" for c in CASE_FLAGS)]


# the result columns the review keeps or flags from (stat_form, grade_before, path are not gathered)
USED = ["error", "grade", "grade_kind", "model_key", "low", "high", "low_inclusive", "high_inclusive", "recommended",
        "before_clamp", "stat_low", "stat_high", "measures", "adjustments"]  # stat_low: a deviation is inside the law


def _counted_batch(rb, raw: pl.DataFrame, cache: dict, versions) -> tuple:
    """`_batch` with its own Stats: (cases, rejected, stats)."""
    stats = columnar.Stats()
    return (*_batch(rb, raw, cache, stats, versions=versions), stats)


def _batch(rb, raw: pl.DataFrame, cache: dict, stats, grouped: bool = True, versions=None) -> tuple:
    """One batch of text cells -> (slim reviewed cases with per-case flags, rejected rows).
    grouped: once per distinct combination of cells (grouped.py); else row by row in columns.
    versions: a VersionSet of two or more versions: each case under the right one (art. 37, versioned.py);
    `cache` is then a dict of caches, one per version."""
    if _several(versions):
        from penalty.review.versioned import recompute_in_time
        frame = recompute_in_time(versions, rb, raw, cache, stats, _recompute, grouped)
        long_ids = sorted({v.id for ver in versions.versions for v in ver.rulebook.violations if v.touches_safety})
    else:
        frame = _recompute(rb, raw, cache, stats, grouped).with_columns(
            pl.lit(rb.version).cast(pl.Categorical).alias("version"), pl.lit(None, dtype=pl.String).alias("art37"))
        long_ids = None
    bad = rejected_cells(frame.filter(pl.col("reject").is_not_null()).select(
        "_row", "case_id", pl.col("violation").cast(pl.String), "reject"), raw)  # the cells, for the reasons
    del raw
    # flags on every row, then one filter that copies only the kept columns (the rejected rows are few)
    frame = band_position(case_flags(rb, frame, long_ids))
    small = ("grade", "grade_kind", "model_key", "adjustments", "missing_measures", "violation", "art37")
    done = frame.lazy().filter(pl.col("reject").is_null()).select(KEEP).with_columns(
        pl.col(c).cast(pl.Categorical) for c in small if frame.schema[c] == pl.String).collect()
    del frame
    return done, bad


def _recompute(rb, raw: pl.DataFrame, cache: dict, stats, grouped: bool = True, int64: bool | None = None,
               vocab=None):
    """Text cells -> typed cells + the recomputed result + `reject` (null when the row is reviewed), under one
    rulebook. int64: amounts as Int64 (default: when the rulebook allows it). vocab: the ids and spellings to
    read against (parse.Vocabulary; default: the rulebook's own)."""
    from penalty.review import grouped as fast
    from penalty.review.parse import Vocabulary
    stats_b = columnar.Stats()
    int64 = columnar.fits_int64(rb) if int64 is None else int64
    vocab = vocab or Vocabulary(rb)
    prepared = fast.prepare(rb, raw, vocab) if grouped else None
    if prepared is not None:
        rows, kc, facts_of = prepared
        res = columnar.resolve(rb, kc, facts_of, stats_b, cache, dictionary=True, columns=USED, int64=int64,
                               grade_ids=vocab.grade_ids)
    else:
        rows = parse_frame(rb, raw, vocab)
        res = columnar.evaluate(rb, rows.drop("reject"), stats_b, cache, valid=rows["reject"].is_null(),
                                dictionary=True, columns=USED, grade_ids=vocab.grade_ids)
        if int64:  # the same amount type as the grouped path, whichever path a batch takes
            res = columnar.amounts_as_int64(res)
    stats.add(stats_b)
    frame = pl.concat([rows, res], how="horizontal")
    del rows, res
    reject = pl.when(pl.col("reject").is_not_null()).then(pl.col("reject")) \
        .when(pl.col("error").is_not_null()) \
        .then(pl.lit("review.reject.not_recomputable|") + pl.col("error").cast(pl.String))
    return frame.with_columns(reject.alias("reject"))


def review_frame(rb, raw: pl.DataFrame, options: Options | None = None, progress=None,
                 versions=None, headers: dict | None = None) -> ReviewResult:
    """The same review on a frame of text cells already in memory (e.g. from `read.from_arrow`).
    versions: a VersionSet to apply art. 37 with (None: `rb` alone). headers: {field: the source's header}
    (as `from_arrow(..., headers=)` fills it), for the rejected rows' reasons."""
    t0 = time.perf_counter()
    stats = columnar.Stats()
    vset = _several(versions)
    done, bad = _batch(rb, raw, {}, stats, versions=vset)
    return _finish(rb, [done], [bad], options, progress,
                   {"read_parse_recompute_flags": time.perf_counter() - t0}, stats, vset, headers)


def _finish(rb, done: list, bad: list, options, progress, timings, stats, versions=None,
            headers: dict | None = None) -> ReviewResult:
    opt = options or Options()
    t = time.perf_counter()
    _tick(progress, "peers", None)
    # no rechunk: copying the batches into one buffer would hold every column twice at the peak
    cases = pl.concat(done, how="vertical", rechunk=False)
    done.clear()
    rejected = pl.concat(bad, how="vertical").sort("_row")
    cases, groups = peers(cases, opt)
    cases = cases.with_columns(pl.any_horizontal(*(pl.col(f"f_{c}") for c in ALL_FLAGS)).alias("flagged"))
    by_officer, officers = summary_and_drift(cases, "officer", opt)
    by_unit, units = summary_and_drift(cases, "unit", opt)
    timings["peers"] = time.perf_counter() - t
    return ReviewResult(rb, cases, rejected, groups, officers, units, summary(cases, "violation"),
                        by_unit, by_officer, opt, timings,
                        {**asdict(stats),
                         "versions": [v.label for v in versions.versions] if versions else [rb.version]},
                        dict(headers or {}), versions=versions)


def review_batch(batch, rb, mapping=None, versions=None):
    """One Arrow record batch -> an Arrow table of per-case results (recomputed range, per-case flags, band
    position; `reject` for rows that could not be read). For Spark `mapInArrow` / Dask `map_partitions`:
    peer statistics need all cases, so run `peers`/`drift` on the combined output (see docs/review.md)."""
    from penalty.review.read import from_arrow
    vset = _several(versions)
    cases, bad = _batch(rb, from_arrow(batch, rb, mapping, versions=vset), {}, columnar.Stats(), versions=vset)
    out = cases.with_columns(pl.col(c).cast(pl.String) for c in (
        "officer", "unit", "violation", "decided_grade", "grade", "grade_kind", "model_key", "stat_high", "low",
        "high", "recommended"))
    return pl.concat([out, bad.drop("cells")], how="diagonal").sort("_row").to_arrow()
