"""Consistency review (同案同罚) of decided cases, at scale. Library API (returns data, never prints):

    from penalty.review import review
    result = review("cases.csv", rulebook="cn-env-food", mapping="review-mapping.yml")
    result.counts()          # read = reviewed + rejected, cases per flag, drifting officers / units
    result.flagged("zh")     # every flagged case with codes, reasons and articles (a polars DataFrame)
    result.cases             # every reviewed case with its recomputed range and band position

`review_batch(arrow_batch, rulebook, mapping)` is the per-batch map step for Spark / Dask (docs/review.md).
Needs the `review` extra (polars, pyarrow, openpyxl).
"""
__all__ = ["Options", "ReviewResult", "review", "review_batch", "review_frame"]


def __getattr__(name):
    # imported on first use, so that the messages of this layer (and a clear "install the extra" error) work
    # without polars installed
    if name == "Options":
        from penalty.review.consistency import Options
        return Options
    if name in ("ReviewResult", "review", "review_batch", "review_frame"):
        from penalty.review import core
        return getattr(core, name)
    raise AttributeError(name)
