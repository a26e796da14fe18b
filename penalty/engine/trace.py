"""What happened while assessing, as data. Rendering the trace (terminal, memo, JSON) lives in the CLI."""
from __future__ import annotations

from functools import lru_cache

from penalty.record import Record


class Step(Record):
    kind: str  # facts | statutory | tier | situation | level | cell | points | grade | adjustment | split | rounding | clamp | measures | result
    at: str | None = None  # file:line of the rule that acted
    cite: object = None  # a legal citation label, where the step rests on one
    data: dict = None
    _factories = {"data": dict}

    def to_json(self):
        out = {"step": self.kind, "data": self.data}
        if self.at:
            out["at"] = self.at
        if self.cite:
            out["cite"] = self.cite
        return out


@lru_cache(maxsize=65536)
def where(pos) -> str | None:
    """file:line, the form results carry (column is for error messages). Positions are immutable: cached."""
    return f"{pos.file}:{pos.line}" if pos is not None else None
