"""Which parts of a rulebook the example cases reach.

An item is a situation, a grid cell, a weight level, an adjustment (its condition held in some case: applied,
superseded or offered as a "may" alternative) or a branch of a statutory switch. Coverage is read from the
results the cases produced (their `matched`, `adjustments`, `alternatives` and trace), so it measures what the
engine did, not what the cases say they expect. Adjustments are counted once per rulebook: the same article
applies to every violation alike.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

KINDS = ("situation", "cell", "level", "adjustment", "branch")


@dataclass(frozen=True)
class Item:
    kind: str
    violation: str | None
    id: str
    pos: object

    @property
    def key(self) -> tuple:
        return (self.kind, self.violation, self.id)


@dataclass(frozen=True)
class Coverage:
    items: tuple
    reached: frozenset  # item keys

    def count(self, kind: str | None = None) -> tuple:
        mine = [i for i in self.items if kind is None or i.kind == kind]
        return sum(1 for i in mine if i.key in self.reached), len(mine)

    def percent(self, kind: str | None = None) -> Decimal:
        done, total = self.count(kind)
        if total == 0:
            return Decimal(100)
        return (Decimal(100) * done / total).quantize(Decimal("0.1"), rounding=ROUND_DOWN)

    def missing(self, kind: str | None = None) -> list:
        return [i for i in self.items if (kind is None or i.kind == kind) and i.key not in self.reached]

    def to_json(self) -> dict:
        kinds = {}
        for k in KINDS:
            done, total = self.count(k)
            if total:
                kinds[k] = {"reached": done, "total": total, "percent": self.percent(k),
                            "missing": [{"violation": i.violation, "id": i.id, "at": _at(i.pos)} for i in self.missing(k)]}
        done, total = self.count()
        return {"kinds": kinds, "reached": done, "total": total, "percent": self.percent()}


def _at(pos) -> str | None:
    return f"{pos.file}:{pos.line}:{pos.column}" if pos is not None else None


def items_of(rb) -> list:
    """Everything in the rulebook a case can reach, in rulebook order."""
    out, adjustments = [], {}
    for v in rb.violations:
        if len(v.statutory) > 1:
            out += [Item("branch", v.id, f"#{k + 1}", f.pos) for k, f in enumerate(v.statutory)]
        m = v.model
        if m is not None and m.kind == "situations":
            out += [Item("situation", v.id, s.id, s.pos) for s in m.items]
        elif m is not None and m.kind == "grid":
            out += [Item("cell", v.id, f"{r.id}×{c.id}", m.cells[(r.id, c.id)].pos)
                    for r in m.rows.tiers for c in m.columns.tiers if (r.id, c.id) in m.cells]
        elif m is not None:
            out += [Item("level", v.id, lv.id, lv.pos) for f in m.factors for lv in f.levels]
        for a in v.adjustments:
            adjustments.setdefault(a.id, Item("adjustment", None, a.id, a.pos))
    return out + list(adjustments.values())


def reached_by(rb, results) -> set:
    """Item keys reached by the given case results (Assessment.to_json() data)."""
    # A branch is known in the trace by its file:line and its condition's text: branches written on one line
    # (a flow-style list, `statutory: [{…}, {…}]`) share the line, not the condition.
    branch_at = {}
    for v in rb.violations:
        if len(v.statutory) > 1:
            for k, f in enumerate(v.statutory):
                branch_at[(v.id, f"{f.pos.file}:{f.pos.line}", f.when.text if f.when is not None else None)] = f"#{k + 1}"
    out = set()
    for result in results:
        for act in result.get("acts", ()):
            vid = act["violation"]
            for m in act.get("matched", ()):
                if m["kind"] in ("situation", "cell", "level"):
                    out.add((m["kind"], vid, m["id"]))
            for a in act.get("adjustments", ()):
                out.add(("adjustment", None, a["id"]))
            for a in act.get("alternatives", ()):
                out.add(("adjustment", None, a["adjustment"]))
            for step in act.get("trace", ()):
                key = (vid, step.get("at"), step["data"].get("condition"))
                if step.get("step") == "statutory" and key in branch_at:
                    out.add(("branch", vid, branch_at[key]))
    return out


def measure(rb, outcomes) -> Coverage:
    """Coverage of a rulebook by the outcomes of penalty.testing.cases.run_cases."""
    results = [o.result for o in outcomes if o.result is not None]
    return Coverage(tuple(items_of(rb)), frozenset(reached_by(rb, results)))
