"""The review's peer rule as plain arithmetic (同案同罚), with no polars: `penalty.review.consistency` applies it
to columns of cases, `penalty decide` to the decided cases of the register (类案参考, 偏离预警). One definition.

- Peers: the same violation, grid cell / situation / weight total (`model_key`) and grade.
- Band position in basis points: (fine − low) × 10000 // (high − low).
- Outlier: |position − peer median| > threshold × max(1.4826 × MAD, floor), in groups of at least `min_peers`;
  median and MAD are lower medians. The functions take ints or polars expressions alike (`larger` is how the
  caller takes the larger of two: `max` for ints, a horizontal max for columns).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Options:
    threshold: Decimal = Decimal("3.5")  # robust deviations
    floor_bp: int = 250  # the MAD scale never below 2.5% of the band
    min_peers: int = 10
    drift_bp: int = 1000  # 0.10 of the band
    min_cases: int = 20


def model_key(act: dict) -> str:
    """The peer key of an act result beside its violation and grade: grid cell "row×column", situation id,
    "points:<capped %>", or "" (no model)."""
    matched = {m["kind"]: m["id"] for m in act["matched"]}
    if "cell" in matched:
        return matched["cell"]
    if "situation" in matched:
        return matched["situation"]
    return next((f"points:{s['data']['capped']}" for s in act["trace"] if s["step"] == "points"), "")


def position_bp(fine, low, high):
    """Where `fine` sits in [low, high], in basis points (0 = low, 10000 = high; outside when beyond)."""
    return (fine - low) * 10000 // (high - low)


def lower_median(values: list) -> int:
    """The lower median (an actual value: exact in integers), as the review's quantile(0.5, "lower")."""
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def robust_scale(mad, floor_bp: int, larger=max):
    """1.4826 × MAD (a standard deviation not pulled by the outliers), never below the floor."""
    return larger(mad * 14826 // 10000, floor_bp)


def far_from_peers(abs_dev, scale, n, opt: Options):
    """Whether a position |abs_dev| from its peers' median is an outlier among `n` peers."""
    return (n >= opt.min_peers) & (abs_dev * 1000 > int(opt.threshold * 1000) * scale)
