"""The impact replay through the review's column engine (issue 17 item 4): the same definitions as `penalty
review` (`penalty.review.core._recompute`, which runs the engine's money path on columns), a batch of cases at a
time, under each version; the results equal the per-case engine's, record for record.

The cases are read as the per-case replay reads them (`penalty.diff.cases.read_cases`: the same rows, case
ids, cache and totals), and counted by `Replayer.count`, the one place a case is counted. Only the outcome of a
case (grade, range, recommended under each version) comes from the columns, and only where the columns decide
it exactly as `penalty.diff.replay.outcome` would:

- a one-act case whose violation is an id one of the versions lists, with nothing else than its case id,
  dates that read as dates, officer, unit, notes and facts that the violation reads under every version that
  lists it (a fact it does not read is still checked by the per-case engine, and may be its error);
- under a version that lists the violation, a row the review reads and recomputes (no `reject`), with its
  amounts; under a version that does not list it, no penalty (0 - 0), as the replay defines it.

Every other case (several acts, a rejected row, a value one version refuses, a folder's unreadable file) goes
through the per-case engine, under the version that could not decide it, and gives today's error codes.
"""
from __future__ import annotations

import gc
from itertools import islice

from penalty.diff.replay import Replayer, cache_key, changed_fields
from penalty.engine.facts import DATE_FACT, coerce_value, facts_read_by
from penalty.money import UNBOUNDED

BATCH_ROWS = 200_000  # cases held (as read) while a batch is recomputed: ~100 MB
PLAIN_KEYS = frozenset({"case_id", "violation", "facts", "officer", "unit", "notes", "act_date", "act_end_date",
                        "decision_date", "discovery_date"})
DATES = ("act_date", "act_end_date", "decision_date", "discovery_date")
UNLISTED = "review.reject.unknown_violation"
QUIET: tuple = ((("",),), (("",),), [])  # a case both versions assess alike: counted, never listed (Replayer.count)


def available() -> bool:
    """Whether the column engine can run here (polars, from the `review` extra)."""
    try:
        import polars  # noqa: F401
    except ImportError:
        return False
    return True


class ColumnReplay:
    """`Replayer.run` with the outcomes of a batch of cases computed in columns where they can be.
    `replayer` keeps the totals, the cache statistics and the per-case engine for the rest."""

    def __init__(self, replayer: Replayer, batch_rows: int = BATCH_ROWS):
        from penalty.review.columnar import Stats
        from penalty.review.parse import Vocabulary
        self.r, self.batch_rows = replayer, batch_rows
        self.rbs = (replayer.old, replayer.new)
        self.vocab = Vocabulary(*self.rbs)
        self.stats = Stats()
        self.caches: tuple[dict, dict] = ({}, {})
        self.reads = _reads(self.rbs)
        self._dates: dict = {}
        self.decided = 0  # outcomes (case x version) taken from the columns, for tests and the benchmark

    def run(self, rows):
        rows = iter(rows)
        while True:
            # The collector is paused while a batch is read and recomputed: its hundreds of thousands of case
            # dicts (which hold no cycles) would be walked by every collection, a third of the run's CPU.
            paused = gc.isenabled()
            gc.disable()
            try:
                batch = list(islice(rows, self.batch_rows))
                slots = self._resolve(batch)
            finally:
                if paused:
                    gc.enable()
            if not batch:
                return
            r = self.r
            for (row, data), slot in zip(batch, slots):
                record = r.count(row, data, *slot[0])
                if record is not None:
                    yield record
            del batch, slots

    def _resolve(self, batch: list) -> list:
        """Per case of the batch, a slot holding its (old, new, changes), as Replayer.pair gives them."""
        r = self.r
        slots, plain, pending = [], [], []  # per case its result slot; the cases the columns are asked about
        for _, data in batch:
            key = cache_key(data) if r.cache else None
            slot = r._memo.get(key) if key is not None else None
            if slot is not None:  # the per-case replay's cache, kept as it would be: its hits and misses
                r.hits += 1
                slots.append(slot)
                continue
            r.misses += 1
            slot = [None]
            if key is not None:
                r.remember(key, slot)
            facts = self._plain(data)
            if facts is None:
                slot[0] = r.assess(data)
            else:
                plain.append((data["violation"], facts))
                pending.append((slot, data))
            slots.append(slot)
        if plain:
            for (slot, data), o, n in zip(pending, *self._outcomes(plain)):
                if o is QUIET:
                    slot[0] = QUIET
                    continue
                o = o if o is not None else r.outcome(0, data)
                n = n if n is not None else r.outcome(1, data)
                slot[0] = (o, n, changed_fields(o, n))
        return slots

    def _plain(self, data):
        """The case's facts as text cells when the columns can decide it (see the module docstring), else None."""
        if type(data) is not dict:
            return None
        vid = data.get("violation")
        reads = self.reads.get(vid) if type(vid) is str else None
        if reads is None or not PLAIN_KEYS.issuperset(data):
            return None
        if len(data) > 3 or "case_id" not in data:  # more than case_id, violation and facts: a date, perhaps
            for k in DATES:
                if k in data and not self._date(data[k]):
                    return None
        given = data.get("facts")
        if given is None:
            return {}
        if type(given) is not dict or not reads.issuperset(given):
            return None
        if all(type(v) is str and v for v in given.values()):  # as a CSV row gives them
            return given
        cells = {}
        for name, v in given.items():
            t = type(v)
            if t is str:
                if not v:
                    return None
                cells[name] = v
            elif t is int:
                cells[name] = str(v)
            elif t is bool:
                cells[name] = "true" if v else "false"
            elif v is not None:
                return None
        return cells

    def _date(self, value) -> bool:
        ok = self._dates.get(value) if isinstance(value, (str, int)) else None
        if ok is None:
            try:
                coerce_value(DATE_FACT, value, 1)
                ok = True
            except (ValueError, TypeError):
                ok = False
            if isinstance(value, (str, int)):
                if len(self._dates) >= 100_000:
                    self._dates.clear()
                self._dates[value] = ok
        return ok

    def _outcomes(self, plain: list) -> list:
        """Per case, its (old, new) outcomes from the columns: QUIET for both when both versions give the same
        grade, range and recommended amount (nothing more is needed of them), else each outcome, or None where
        the columns do not decide it."""
        import polars as pl
        from penalty.review.exprs import UNB
        names = sorted({n for _, f in plain for n in f})
        money = {n for n in names if self.vocab.facts[n].type == "money"}
        violation = pl.Series("violation", [v for v, _ in plain], dtype=pl.String)
        raw = pl.from_dicts([f for _, f in plain], schema={n: pl.String for n in names}).insert_column(0, violation) \
            if names else violation.to_frame()
        raw = raw.with_columns(*(pl.col(c).cast(pl.Categorical) for c in ["violation", *names] if c not in money),
                               pl.lit("0").alias("fine"), pl.int_range(1, raw.height + 1, dtype=pl.Int64).alias("_row"))
        sides = [self._side(side, raw) for side in (0, 1)]
        del raw
        same = pl.all_horizontal(sides[0]["decided"], sides[1]["decided"],
                                 *(sides[0][c].eq_missing(sides[1][c]) for c in ("grade", "low", "high", "rec")))
        loud = pl.select(pl.arg_where(~same)).to_series()
        outs: list[list] = [[QUIET] * len(plain) for _ in sides]
        for out, frame in zip(outs, sides):
            self.decided += int(frame["decided"].sum())
            picked = frame[loud]
            for i, (ok, grade, low, high, rec) in zip(loud.to_list(), picked.iter_rows()):
                out[i] = ((plain[i][0], grade, *(UNBOUNDED if x == UNB else x for x in (low, high, rec))),) \
                    if ok else None
        return outs

    def _side(self, side: int, raw):
        """decided, grade, low, high, rec per row under one version (UNBOUNDED as the engine spells it)."""
        import polars as pl
        from penalty.review.core import _recompute
        from penalty.review.exprs import UNB, UNB64
        rb = self.rbs[side]
        frame = _recompute(rb, raw, self.caches[side], self.stats, vocab=self.vocab)
        sentinel = UNB64 if frame.schema["low"] == pl.Int64 else UNB
        listed = pl.col("violation").cast(pl.String).is_in(sorted(self.r._ids[side])).fill_null(False)
        unlisted = ~listed & pl.col("reject").str.starts_with(UNLISTED).fill_null(False)
        computed = listed & pl.col("reject").is_null() & pl.all_horizontal(
            pl.col(c).is_not_null() for c in ("low", "high", "recommended"))
        amounts = (pl.when(unlisted).then(0).otherwise(pl.col(c).cast(pl.Int128)).alias(a)
                   for c, a in (("low", "low"), ("high", "high"), ("recommended", "rec")))
        out = frame.select((unlisted | computed).alias("decided"),
                           pl.when(unlisted).then(None).otherwise(pl.col("grade").cast(pl.String)).alias("grade"),
                           *amounts)
        return out.with_columns(pl.when(pl.col(c) == sentinel).then(pl.lit(UNB, dtype=pl.Int128)).otherwise(pl.col(c))
                                .alias(c) for c in ("low", "high", "rec"))


def _reads(rbs) -> dict:
    """violation id -> the facts it reads under every version that lists it (and that each of them knows)."""
    out: dict = {}
    for rb in rbs:
        for v in rb.violations:
            names = {n for n in facts_read_by(v) if n in rb.facts}
            out[v.id] = names if v.id not in out else out[v.id] & names
    return out
