"""Consistency review (同案同罚) of decided cases, at scale. Library API (returns data, never prints):

    from penalty.review import review
    result = review("cases.csv", rulebook="cn-env-food", mapping="review-mapping.yml")
    result.counts()          # read = reviewed + rejected, cases per flag, drifting officers / units
    result.flagged("zh")     # every flagged case with codes, reasons and articles (a polars DataFrame)
    result.cases             # every reviewed case with its recomputed range and band position

`review_batch(arrow_batch, rulebook, mapping)` is the per-batch map step for Spark / Dask (docs/review.md).
Needs the `review` extra (polars, pyarrow, openpyxl).
"""
from penalty.review.consistency import Options
from penalty.review.core import ReviewResult, review, review_batch, review_frame

__all__ = ["Options", "ReviewResult", "review", "review_batch", "review_frame"]
