"""What happened while assessing, as data. Rendering the trace (terminal, memo, JSON) lives in the CLI."""
from __future__ import annotations

from functools import lru_cache


def step(kind: str, at: str | None = None, cite=None, data: dict | None = None) -> dict:
    """One step of the trace as JSON data: kind (facts, statutory, tier, situation, level, tier_move, cell, points,
    grade, adjustment, split, rounding, clamp, measures, limitation, not_listed), the rule's `file:line`, the legal
    citation it rests on, and what it saw. Plain dicts, not objects: it is built for every case."""
    out = {"step": kind, "data": data if data is not None else {}}
    if at:
        out["at"] = at
    if cite:
        out["cite"] = cite
    return out


@lru_cache(maxsize=65536)
def where(pos) -> str | None:
    """file:line, the form results carry (column is for error messages). Positions are immutable: cached."""
    return f"{pos.file}:{pos.line}" if pos is not None else None
