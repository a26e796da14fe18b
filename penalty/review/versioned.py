"""Reviewing against every version of a rulebook: Administrative Penalty Law art. 37 (从旧兼从轻), per case.

The reference is `penalty.time.choose` (what `penalty calc` does for one case file); here the same rule in columns,
and the choice itself is the one definition in `penalty.time.art37`, run here on polars expressions:
- a row is recomputed under the version in force on its act date (the end date of a continuing act when given)
  and, when another version is in force on its decision date, under that one too;
- the decision-date version applies when it is lighter for the case: a lower maximum, or the same maximum and a
  lower minimum; with equal ranges the act-time version applies;
- a version that does not list the row's violation gives no penalty (0 – 0): a violation the decision-date
  version removed is not punished, and one added after the act is graded by the version that lists it;
- rows without any date are recomputed under the named version (as a case file without dates is); rows calc
  would refuse are rejected with the reason: dates but no act date, dates out of order (parse.py), an act or
  decision date outside every version, a violation no version in play lists.
Art. 36 stays a flag (`limitation`), not a change of the range, so that a fine decided on a time-barred case is
reported as such rather than as "fined although no penalty"; for such a case calc (which bars first, making
both versions 0 – 0) keeps the act-time version where the review may choose the decision-date one.

Every row keeps `version` (the label of the version applied) and `art37` (why: the reason codes of
`penalty.time.choose`, null when only one version was in play).
"""
from __future__ import annotations

import operator
from types import SimpleNamespace
from typing import Any

import numpy as np
import polars as pl

from penalty.review.parse import Vocabulary, by_value, nulls, parsed, with_dates
from penalty.time import art37

# the result columns a decision-date computation replaces (the rest of the row is read the same way by both)
REPLACED = ("violation", "decided_grade", "error", "grade", "grade_kind", "model_key", "low", "high",
            "low_inclusive", "high_inclusive", "recommended", "before_clamp", "stat_low", "stat_high", "measures", "adjustments",
            "reject")
NOT_LISTED = "review.reject.not_listed|violation"
REASONS = list(art37.REASONS)


def recompute_in_time(versions, named, raw: pl.DataFrame, caches: dict, stats, recompute, grouped=True):
    """`core._recompute` under the right version for every row, with `version` and `art37` columns."""
    vs = versions.versions
    n = raw.height
    from penalty.review.columnar import fits_int64
    int64 = all(fits_int64(v.rulebook) for v in vs)  # one amount type for every version's results
    vocab = Vocabulary(*(v.rulebook for v in vs))  # one dictionary type per column for every version and batch
    if n == 0:
        return recompute(named, raw, caches.setdefault(-1, {}), stats, grouped, int64=int64, vocab=vocab) \
            .with_columns(pl.lit(None, dtype=pl.Enum([v.label for v in vs])).alias("version"),
                          pl.lit(None, dtype=pl.Enum(REASONS)).alias("art37"))
    raw = with_dates(raw)
    act_i, dec_i, date_reject = _version_index(versions, named, raw)
    first_row = int(raw["_row"][0])
    two = (dec_i >= 0) & (dec_i != act_i) & date_reject.is_null().to_numpy()
    # a violation written the same way in both versions (and the same settings around it) gives the same range
    # under both: equal, so the act-time version applies, without computing the case twice
    same = np.zeros(n, dtype=bool)
    pos = np.flatnonzero(two)
    if len(pos):
        known = _known_violation(vocab, raw[pl.Series(pos)]).to_numpy()
        for i, j in {(int(x), int(y)) for x, y in zip(act_i[pos], dec_i[pos])}:
            unchanged = [vid for vid in _ids(vs[i]) if _same(vs[i].rulebook, vs[j].rulebook, vid)]
            same[pos] |= (act_i[pos] == i) & (dec_i[pos] == j) & np.isin(known, unchanged)
    two &= ~same

    frames = {}
    for i, v in enumerate(vs):
        need = (act_i == i) | (two & (dec_i == i))
        if need.any():
            sub = raw.filter(pl.Series(need)) if not need.all() else raw
            f = recompute(v.rulebook, sub, caches.setdefault(i, {}), stats, grouped, int64=int64, vocab=vocab)
            frames[i] = f.with_columns(_unlisted(vocab, raw, f, first_row), pl.lit(i, dtype=pl.Int32).alias("_v"))

    out = _rows(frames, act_i, first_row, n)  # the act-time computation of every row
    a_un = out["_unlisted"].to_numpy()
    reason = _words(REASONS, np.select([same, dec_i < 0], [REASONS.index("time.equal_act_applies"),
                                                           REASONS.index("time.no_decision_date")],
                                       REASONS.index("time.same_version")))
    not_listed = a_un.copy()
    d_bad_reject = None
    pos2 = np.flatnonzero(two)
    if len(pos2):
        stats.two_versions += len(pos2)
        d_parts = [f.filter(pl.Series((two & (dec_i == i))[(f["_row"] - first_row).to_numpy()]))
                   for i, f in frames.items()]
        d = pl.concat([p for p in d_parts if p.height], how="diagonal_relaxed").sort("_row")
        a = out[pl.Series(pos2)]
        choice = _choose(a, d)
        reason = reason.scatter(pl.Series(pos2), choice["reason"].cast(reason.dtype))
        pick = choice["d"].to_numpy()
        not_listed[pos2] = a_un[pos2] & ~pick  # graded by neither version in play
        if pick.any():
            picked = d.filter(pl.Series(pick))
            removed = picked["_unlisted"]
            if removed.any():
                picked = _no_penalty(picked, removed, a.filter(pl.Series(pick)), vs)
            at = pl.Series(pos2[pick])
            out = out.with_columns([out[c].scatter(at, picked[c].cast(out.schema[c])) for c in REPLACED
                                    if c in out.columns and c in picked.columns] + [out["_v"].scatter(at, picked["_v"])])
        # a decision-date computation that cannot be made (its cells): the row is rejected with its reasons
        d_bad = ((d["reject"].is_not_null() & ~d["_unlisted"])
                 & ~(a["reject"].is_not_null() & ~a["_unlisted"])).to_numpy()
        if d_bad.any():
            d_bad_reject = (pl.Series(pos2[d_bad]), d["reject"].filter(pl.Series(d_bad)))
    # rejections: dates outside every version; a violation no version in play lists; the cells' own reasons
    reject = out["reject"]
    listed_nowhere = pl.select(pl.arg_where(pl.Series(not_listed) & date_reject.is_null())).to_series()
    if len(listed_nowhere):
        reject = reject.scatter(listed_nowhere, pl.repeat(NOT_LISTED, len(listed_nowhere), eager=True))
    if d_bad_reject is not None:
        reject = reject.scatter(*d_bad_reject)
    # the date's reason first, then the cells' own (nothing a row is rejected for goes unsaid)
    dated = pl.select(pl.arg_where(date_reject.is_not_null())).to_series()
    if len(dated):  # only those few rows are worded again
        both = [pl.lit(date_reject.gather(dated)), pl.lit(reject.gather(dated))]
        reject = reject.scatter(dated, pl.select(pl.concat_str(both, separator=";", ignore_nulls=True)).to_series())
    version = _words([v.label for v in vs], out["_v"].cast(pl.UInt32))
    return out.with_columns(reject.alias("reject"), version.alias("version"), reason.alias("art37")) \
        .drop("_unlisted", "_v")


def _words(words: list, codes) -> pl.Series:
    """Codes -> an Enum column of `words` (a gather of 4-byte codes, no text per row)."""
    return pl.Series(words, dtype=pl.Enum(words)).gather(pl.Series(codes, dtype=pl.UInt32))


def _ids(version) -> list:
    return [v.id for v in version.rulebook.violations]


# what may differ between two versions without changing any result: their names and dates, and the other
# violations. Every other key of the rulebook (rounding, grades, split, rulebook-wide adjustments, included
# blocks, measures, ...) must be equal, and so must the facts the violation reads.
_DESCRIPTIVE = ("id", "title", "authority", "document", "version", "effective", "languages", "violations", "facts")


_SAME: dict = {}


def _same(a, b, vid: str) -> bool:
    """Whether rulebooks a and b give violation `vid` the same result for every case (same written rules)."""
    key = (a.fingerprint, b.fingerprint, vid)
    if key not in _SAME:
        _SAME[key] = _same_rules(a, b, vid)
    return _SAME[key]


def _same_rules(a, b, vid: str) -> bool:
    from penalty.canonical import sha256
    from penalty.rulebook.load import written_violations
    from penalty.engine.facts import facts_read_by
    pa, pb = a.plain["rulebook"], b.plain["rulebook"]
    va = next((v for v in written_violations(a.plain) if v["id"] == vid), None)
    vb = next((v for v in written_violations(b.plain) if v["id"] == vid), None)
    if va is None or vb is None or sha256(va) != sha256(vb):
        return False
    if any(sha256(pa.get(k)) != sha256(pb.get(k)) for k in sorted(set(pa) | set(pb)) if k not in _DESCRIPTIVE) or \
            sha256(a.plain.get("includes")) != sha256(b.plain.get("includes")):
        return False
    facts = facts_read_by(next(v for v in a.violations if v.id == vid))
    return all(sha256(pa["facts"].get(f)) == sha256(pb["facts"].get(f)) for f in sorted(facts))


# art. 37's rule (penalty.time.art37) on columns: polars expressions for its booleans and comparisons
_POLARS = SimpleNamespace(and_=operator.and_, or_=operator.or_, not_=operator.invert, lt=operator.lt, eq=operator.eq,
                          true=pl.lit(True))


def _choose(a: pl.DataFrame, d: pl.DataFrame) -> pl.DataFrame:
    """Art. 37 on rows computed under both versions (a: act time, d: decision date, row for row) -> `d` (the
    decision-date version applies), `d_un` and `reason`. A version that does not list the violation counts as
    0 – 0; a row either computation rejects, or that neither version lists, is not weighed (reason null)."""
    zero = pl.lit(0, dtype=pl.Int128)
    frame = pl.DataFrame({"ah": a["high"].cast(pl.Int128), "al": a["low"].cast(pl.Int128),
                          "dh": d["high"].cast(pl.Int128), "dl": d["low"].cast(pl.Int128),
                          "a_un": a["_unlisted"], "d_un": d["_unlisted"],
                          "ok": (a["reject"].is_null() | a["_unlisted"]) & (d["reject"].is_null() | d["_unlisted"])})
    ah, al = (pl.when(pl.col("a_un")).then(zero).otherwise(pl.col(c)) for c in ("ah", "al"))
    dh, dl = (pl.when(pl.col("d_un")).then(zero).otherwise(pl.col(c)) for c in ("dh", "dl"))
    a_un, d_un, ok = pl.col("a_un"), pl.col("d_un"), pl.col("ok")
    weighed = ok & ~(a_un & d_un)
    # one when/then chain per output, in the rule's order (pl.when starts a chain, .when continues it)
    pick: Any = pl
    reason: Any = pl
    for test, version, why in art37.rule(_POLARS, a_un, d_un, ah, al, dh, dl):
        pick = pick.when(test).then(pl.lit(version == art37.DECISION))
        reason = reason.when(test).then(pl.lit(why))
    return frame.select((weighed & pick).fill_null(False).alias("d"), d_un,
                        pl.when(weighed).then(reason).otherwise(pl.lit(None, dtype=pl.String)).alias("reason"))


def _version_index(versions, named, raw: pl.DataFrame):
    """-> (act version index, decision version index (-1: no decision date), rejection per row (null: none)).
    A row without a usable act date is read under the named version, as a case file without dates is."""
    vs = versions.versions
    n = raw.height
    named_i = next((i for i, v in enumerate(vs) if v.rulebook is named), len(vs) - 1)

    def dates(name):
        if parsed(name) not in raw.columns:
            return nulls(n, pl.Date)
        return raw[parsed(name)]
    act, end, dec = (dates(c) for c in ("act_date", "act_end_date", "decision_date"))

    def index(col: str) -> pl.Expr:  # -2: no date; -1: no version in force on it
        expr = pl.lit(-1, dtype=pl.Int32)
        for i in reversed(range(len(vs))):
            v, test = vs[i], pl.lit(True)
            if v.start is not None:
                test = test & (pl.col(col) >= v.start)
            if v.end is not None:
                test = test & (pl.col(col) <= v.end)
            expr = pl.when(test).then(pl.lit(i, dtype=pl.Int32)).otherwise(expr)
        return pl.when(pl.col(col).is_null()).then(pl.lit(-2, dtype=pl.Int32)).otherwise(expr)
    idx = pl.DataFrame({"act": act, "end": end, "dec": dec}).select(
        index("act").alias("a"), index("end").alias("e"), index("dec").alias("d"))
    ai = np.where(idx["e"].to_numpy() != -2, idx["e"].to_numpy(), idx["a"].to_numpy())
    di = idx["d"].to_numpy()
    other_dates = pl.lit(end.is_not_null() | dec.is_not_null())
    if parsed("discovery_date") in raw.columns:
        other_dates = other_dates | pl.lit(raw[parsed("discovery_date")].is_not_null())
    # an act date that is written but unreadable is the cell's own error (bad_date), not a missing one
    no_act = act.is_null() if parsed("act_date") not in raw.columns else \
        act.is_null() & raw[parsed("act_date") + "!"].is_null()
    reject = pl.select(
        pl.when(pl.lit(no_act) & other_dates).then(pl.lit("review.reject.no_act_date|act_date"))
        .when(pl.lit(pl.Series(ai == -1)) & pl.lit(end.is_null())).then(pl.lit("review.reject.no_version|act_date"))
        .when(pl.lit(pl.Series(ai == -1))).then(pl.lit("review.reject.no_version|act_end_date"))
        .when(pl.lit(pl.Series(di == -1))).then(pl.lit("review.reject.no_version|decision_date"))
        .otherwise(pl.lit(None, dtype=pl.String))).to_series()
    return np.where(ai < 0, named_i, ai), np.where(di == -2, -1, di), reject


def _unlisted(vocab, raw: pl.DataFrame, f: pl.DataFrame, first_row: int) -> pl.Series:
    """Rows of a version's computation whose violation that version does not list but another one does (looked
    up only on the rows rejected as an unknown violation)."""
    unknown = f["reject"].str.contains("review.reject.unknown_violation", literal=True).fill_null(False)
    out = pl.repeat(False, f.height, eager=True)
    idx = pl.select(pl.arg_where(unknown)).to_series()
    if len(idx):
        rows = (f["_row"].gather(idx) - first_row).cast(pl.UInt32)
        out = out.scatter(idx, _known_violation(vocab, raw[rows]).is_not_null())
    return out.alias("_unlisted")


def _known_violation(vocab, raw: pl.DataFrame) -> pl.Series:
    """The violation id of each row in whichever version lists it (ids and titles of every version), or null."""
    vmap = vocab.violation_labels
    if "violation" not in raw.columns:
        return nulls(raw.height, pl.String)
    return by_value(raw["violation"], lambda s: (vmap.get(s), None), pl.String, empty=None)[0]


def _rows(frames: dict, which: np.ndarray, first_row: int, n: int) -> pl.DataFrame:
    """Row r of the result = row r of frames[which[r]] (every row has one)."""
    parts = []
    for i, f in frames.items():
        keep = which[(f["_row"] - first_row).to_numpy()] == i
        if keep.all():
            parts.append(f)
        elif keep.any():
            parts.append(f.filter(pl.Series(keep)))
    if len(parts) == 1:
        return parts[0]
    return pl.concat(parts, how="diagonal_relaxed").sort("_row")


def _no_penalty(picked: pl.DataFrame, removed: pl.Series, act_rows: pl.DataFrame, vs) -> pl.DataFrame:
    """Rows whose decision-date version no longer lists the violation: no penalty (range 0 – 0), the
    violation and decided grade as read under the act-time version."""
    from penalty.time.choose import _no_penalty_grade
    grade = picked["_v"].replace_strict(list(range(len(vs))), [_no_penalty_grade(v.rulebook)[0] for v in vs],
                                        return_dtype=pl.String)
    zero = pl.lit(0, dtype=pl.Int128)
    m = pl.lit(removed)
    return picked.with_columns(
        *(pl.when(m).then(pl.lit(act_rows[c].cast(pl.String))).otherwise(pl.col(c).cast(pl.String)).alias(c)
          for c in ("violation", "decided_grade")),
        pl.when(m).then(pl.lit(grade)).otherwise(pl.col("grade").cast(pl.String)).alias("grade"),
        pl.when(m).then(pl.lit("no_penalty")).otherwise(pl.col("grade_kind").cast(pl.String)).alias("grade_kind"),
        *(pl.when(m).then(zero).otherwise(pl.col(c)).alias(c) for c in ("low", "high", "recommended", "stat_high")),
        pl.when(m).then(None).otherwise(pl.col("before_clamp")).alias("before_clamp"),
        *(pl.when(m).then(pl.lit(True)).otherwise(pl.col(c)).alias(c) for c in ("low_inclusive", "high_inclusive")),
        *(pl.when(m).then(pl.lit("")).otherwise(pl.col(c).cast(pl.String)).alias(c)
          for c in ("measures", "adjustments", "model_key")),
        pl.when(m).then(None).otherwise(pl.col("reject")).alias("reject"),
        pl.when(m).then(None).otherwise(pl.col("error").cast(pl.String)).alias("error"))
