"""`penalty review` past one machine, on Dask's distributed scheduler (issue 17.3).

The single-machine review is read -> per-case recompute -> peer statistics -> officer / unit / violation
summaries. Here the same functions run as a map-shuffle-reduce on a `dask.distributed` cluster, nothing
re-implemented:

1. **map** (one task per partition): the text cells of a partition -> `core._batch` (recompute, per-case
   flags, band position), exactly what a single-machine batch computes. A partition is a batch the client
   streams from one file (`iter_cases`) or a file a worker reads itself from shared storage (Parquet).
2. **shuffle by peer group** (violation, model_key, grade): every case's narrow row goes to the reducer of its
   group (a crc32 of the group's words, so every process agrees), which runs `consistency.peers` on whole groups:
   a group's median and MAD are exact because all of its cases are there. Each case gets its peer columns and
   `flagged`.
3. **shuffle by officer, by unit, by violation**: the reducers run `consistency.summary_and_drift` /
   `summary` on whole officers, units and violations.
4. The client gathers the per-case results (about 150 bytes a case), the peer columns and the small tables,
   in file order, into the same `ReviewResult` the single-machine review returns: the flagged list and the
   report come from it through the same code (a test compares their bytes on a generated file).

Dask is an optional extra (`pip install 'penalty[dask]'`); this module is imported only when asked for.
"""
from __future__ import annotations

import time
import zlib
from functools import lru_cache

import polars as pl

from penalty.review import columnar
from penalty.review.consistency import PEER_KEY, Options, peers, summary, summary_and_drift

REDUCERS = 8  # buckets per shuffle: more than workers, so a large group does not leave the others idle


@lru_cache(maxsize=4)
def _rulebook_on_worker(spec: str, with_versions: bool):
    """Each worker loads the rulebook itself, once (from the compiled-rulebook cache when it has one), with the
    versions found beside it as `review()` does (art. 37: each case under the version its dates call for)."""
    from penalty.review.core import _rulebook, _versions
    rb = _rulebook(spec)
    return rb, (_versions(spec, rb, None) if with_versions else None)


def _plain(frame: pl.DataFrame) -> pl.DataFrame:
    """Dictionary columns as text: their codes are per process, the words are the same everywhere."""
    return frame.with_columns(pl.col(c).cast(pl.String) for c, t in frame.schema.items()
                              if t == pl.Categorical)


def _map(spec: str, with_versions: bool, raw: pl.DataFrame):
    from penalty.review.core import _batch
    rb, vset = _rulebook_on_worker(spec, with_versions)
    stats = columnar.Stats()
    cases, bad = _batch(rb, raw, {}, stats, versions=vset)  # a fresh key cache per partition
    return _plain(cases), bad, stats, dict(cases.schema)


def _map_file(spec: str, with_versions: bool, path: str, mapping, offset: int):
    from penalty.review.read import read_cases
    rb, vset = _rulebook_on_worker(spec, with_versions)
    raw = read_cases(path, rb, mapping, versions=vset)
    raw = raw.with_columns(pl.col("_row") + offset)
    return _map(spec, with_versions, raw)


def _bucket(frame: pl.DataFrame, cols: list, n: int) -> pl.Series:
    """The reducer of each row: crc32 of its key's words (stable across processes, unlike a seeded hash)."""
    keys = frame.select(pl.concat_str([pl.col(c).cast(pl.String).fill_null("\0") for c in cols],
                                      separator="\x1f").alias("_k"))["_k"]
    distinct = keys.unique()
    codes = {k: zlib.crc32(k.encode("utf-8")) % n for k in distinct.to_list()}
    return keys.replace_strict(codes, return_dtype=pl.UInt32)


def _split(frame: pl.DataFrame, cols: list, n: int) -> list:
    b = _bucket(frame, cols, n)
    return [frame.filter(b == i) for i in range(n)]


def _peer_rows(part) -> list:
    """A partition's narrow rows for the peer step, one list per reducer."""
    from penalty.review.flags import CASE_FLAGS
    cases = part[0]
    narrow = cases.select("_row", *PEER_KEY, "pos_bp", "officer", "unit",
                          pl.any_horizontal(*(pl.col(f"f_{c}") for c in CASE_FLAGS)).alias("_flagged_case"))
    return _split(narrow, PEER_KEY, REDUCERS)


def _pick(parts: list, i: int) -> pl.DataFrame:
    return parts[i]


def _peer_reduce(opt: Options, *pieces) -> tuple:
    """Whole peer groups -> their cases' peer columns and `flagged`, and the groups' table."""
    frame = pl.concat([p for p in pieces if p.height], how="vertical") if any(p.height for p in pieces) else pieces[0]
    frame = frame.with_columns(pl.col(c).cast(pl.Categorical) for c in PEER_KEY if frame.schema[c] == pl.String)
    if frame.height == 0:
        return frame.select("_row"), None
    out, groups = peers(frame, opt)
    out = out.with_columns((pl.col("_flagged_case") | pl.col("f_peer_outlier")).alias("flagged"))
    return out.drop("_flagged_case"), _plain(groups)


def _summary_rows(peer_out: tuple, who: str) -> list:
    frame = peer_out[0]
    if "flagged" not in frame.columns:
        return [frame.head(0)] * REDUCERS
    return _split(frame.select(who, "flagged", "pos_bp", "dev_bp", "peer_n"), [who], REDUCERS)


def _summary_reduce(who: str, opt: Options, with_drift: bool, *pieces) -> tuple:
    live = [p for p in pieces if p.height and "flagged" in p.columns]
    if not live:
        return None, None
    frame = pl.concat(live, how="vertical").with_columns(pl.col(who).cast(pl.Categorical))
    if with_drift:
        return summary_and_drift(frame, who, opt)
    return summary(frame, who), None


def review_on_dask(cases, rulebook: str, client, mapping=None, options: Options | None = None,
                   progress=None, versions: bool = True):
    """Review `cases` on the cluster `client` (a `distributed.Client`) and return the `ReviewResult` the
    single-machine `review()` gives for the same input.

    cases: one file (the client streams its batches to the workers), or a list of Parquet files on storage
    every worker can read (each worker reads its own; `_row` numbers continue from file to file).
    rulebook: a bundled name or a path every worker can read (workers load it themselves).
    """
    from dataclasses import asdict

    from penalty.review.core import ALL_FLAGS, ReviewResult, _rulebook, _tick, _versions
    from penalty.review.read import Mapping, iter_cases, load_mapping
    opt = options or Options()
    rb = _rulebook(rulebook)
    vset = _versions(rulebook, rb, None) if versions else None
    if mapping is not None and not isinstance(mapping, Mapping):
        mapping = load_mapping(mapping)
    t0 = time.perf_counter()
    headers: dict = {}
    source: dict = {}
    if isinstance(cases, (list, tuple)):
        from penalty.review.read import _named, _reading
        offsets, start = [], 0
        for path in cases:  # the row counts from the files' footers: no rows are read here
            offsets.append(start)
            start += pl.scan_parquet(str(path)).select(pl.len()).collect().item()
        if cases:  # the headers the reasons quote, from the first file's schema (its rows stay on the workers)
            _named(pl.scan_parquet(str(cases[0])).collect_schema().names(), _reading(rb, vset), mapping, headers)
        mapped = [client.submit(_map_file, rulebook, versions, str(p), mapping, off, pure=False)
                  for p, off in zip(cases, offsets)]
    else:
        mapped = []
        seen = 0
        for raw in iter_cases(cases, rb, mapping, versions=vset, headers=headers, source=source):
            seen += raw.height
            mapped.append(client.submit(_map, rulebook, versions, client.scatter(raw), pure=False))
            _tick(progress, "recompute", seen)
    # shuffle 1: by peer group
    rows = [client.submit(_peer_rows, m, pure=False) for m in mapped]
    pieces = [[client.submit(_pick, r, i, pure=False) for r in rows] for i in range(REDUCERS)]
    peer_out = [client.submit(_peer_reduce, opt, *pieces[i], pure=False) for i in range(REDUCERS)]
    # shuffle 2: by officer, unit and violation
    tables = {}
    for who, drift in (("officer", True), ("unit", True), ("violation", False)):
        split = [client.submit(_summary_rows, p, who, pure=False) for p in peer_out]
        parts = [[client.submit(_pick, s, i, pure=False) for s in split] for i in range(REDUCERS)]
        tables[who] = [client.submit(_summary_reduce, who, opt, drift, *parts[i], pure=False)
                       for i in range(REDUCERS)]
    _tick(progress, "peers", None)
    done = client.gather(mapped)
    peer_res = client.gather(peer_out)
    table_res = {who: client.gather(fs) for who, fs in tables.items()}
    timings = {"read_parse_recompute_flags": time.perf_counter() - t0}

    stats = columnar.Stats()
    for d in done:
        stats.add(d[2])
    cases_df = pl.concat([d[0] for d in done], how="vertical", rechunk=False)
    schema = done[0][3] if done else {}
    # the dictionary columns back as the single-machine review types them (their words were sent as text)
    cases_df = cases_df.with_columns(pl.col(c).cast(pl.Categorical) for c, t in schema.items()
                                     if t == pl.Categorical and cases_df.schema.get(c) == pl.String)
    rejected = pl.concat([d[1] for d in done], how="vertical").sort("_row")
    added = pl.concat([p[0] for p in peer_res if p[0].height], how="vertical").sort("_row")
    cases_df = cases_df.sort("_row")
    cases_df = cases_df.hstack(added.select("peer_n", "peer_median", "dev_bp", "peer_mad", "peer_scale",
                                            "f_peer_outlier").get_columns())
    cases_df = cases_df.with_columns(pl.any_horizontal(*(pl.col(f"f_{c}") for c in ALL_FLAGS)).alias("flagged"))
    groups = pl.concat([p[1] for p in peer_res if p[1] is not None], how="vertical")
    # typed as the cases are (an Enum of the rulebook's violations sorts in the rulebook's order), then sorted
    groups = groups.with_columns(pl.col(c).cast(schema.get(c, pl.Categorical)) for c in PEER_KEY).sort(PEER_KEY)

    def joined(who, index):
        parts = [r[index] for r in table_res[who] if r[index] is not None]
        return pl.concat(parts, how="vertical").sort(who, nulls_last=True)
    timings["peers"] = time.perf_counter() - t0 - timings["read_parse_recompute_flags"]
    return ReviewResult(rb, cases_df, rejected, groups, joined("officer", 1), joined("unit", 1),
                        joined("violation", 0), joined("unit", 0), joined("officer", 0), opt, timings,
                        {**asdict(stats), "versions": [v.label for v in vset.versions] if vset else [rb.version]},
                        dict(headers), encoding=source.get("encoding"), versions=vset)
