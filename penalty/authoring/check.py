"""`penalty check`: every mistake in a rulebook, before it is published.

Structure (unknown keys, types, duplicate keys, undefined facts, tiers, grades, bases) is the loader's job: its
RulebookError already lists every problem with file:line:column, and is returned here unchanged. On a rulebook
that loads, the checks below look at what the rules mean:

- gaps and overlaps of situations, grid tiers, weight levels and statutory switches, found exactly by
  enumerating the atoms of the facts' domains (penalty.authoring.intervals);
- monotonicity along ordered tiers, situations and levels (a warning the authors may acknowledge);
- lawfulness: bands inside the statutory range, split shares without overlap or hole, weighted points that
  cannot exceed 100% or fall under the minimum without a declared clamp;
- citations, and facts, tiers and adjustments that can never matter.

Severity: `error` (the rulebook gives wrong or no results), `warning` (probably a mistake), `note` (for the
record: an overlap resolved by the declared rule, or an acknowledged warning).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from penalty.errors import Problem, RulebookError
from penalty.i18n import pick
from penalty.money import UNBOUNDED, format_amount, to_major
from penalty.authoring import intervals as I
from penalty.rulebook import boundaries as B
from penalty.rulebook.load import load_rulebook, load_rulebook_text, written_violations

MAX_REGIONS = 5  # gaps reported per table: more would bury the first one
ACK_CODES = {
    "monotonic": ("check.monotonic", "check.share_order"),
    "unreachable": ("check.never_matches", "check.shadowed", "check.cell_unreachable"),
    "no_share": ("check.no_share", "check.no_open_share"),
    "cell_overlap": ("check.cell_overlap",),
    "statutory_label": ("check.statutory_label",),
    "statutory_article": ("check.statutory_article",),
}


@dataclass
class CheckReport:
    file: str
    problems: list = field(default_factory=list)
    loaded: bool = True

    def count(self, severity: str) -> int:
        return sum(1 for p in self.problems if p.severity == severity)

    def failed(self, fail_on: str = "warning") -> bool:
        levels = ("error",) if fail_on == "error" else ("error", "warning")
        return any(p.severity in levels for p in self.problems)

    def to_json(self, lang: str = "en") -> dict:
        problems = []
        for p in self.problems:
            d = p.to_json(lang)
            if "ack_reason" in p.args:
                d["acknowledged"] = p.args["ack_reason"]
            problems.append(d)
        return {"file": self.file, "loaded": self.loaded, "errors": self.count("error"),
                "warnings": self.count("warning"), "notes": self.count("note"), "problems": problems}


def check_file(path) -> CheckReport:
    try:
        rb = load_rulebook(path)
    except RulebookError as exc:
        return CheckReport(str(path), sorted(exc.problems, key=_order), loaded=False)
    return CheckReport(str(path), check_rulebook(rb))


def check_text(text: str, name: str, base_dir: Path | None = None) -> CheckReport:
    try:
        rb = load_rulebook_text(text, name, base_dir)
    except RulebookError as exc:
        return CheckReport(name, sorted(exc.problems, key=_order), loaded=False)
    return CheckReport(name, check_rulebook(rb))


def check_rulebook(rb) -> list:
    """The semantic problems of a loaded rulebook, in file order."""
    return _Checker(rb).run()


def _order(p: Problem):
    pos = p.pos
    return (pos.file, pos.line, pos.column, p.code) if pos else ("", 0, 0, p.code)


class _Checker:
    def __init__(self, rb):
        self.rb = rb
        self.problems: list = []
        src = rb.plain.get("rulebook", {})
        self.overlaps_declared = "overlaps" in src
        # a chapter file's violations too: their `acknowledge:` and `clamp:` are read like the rulebook's own
        self.plain_violations = {vd.get("id"): vd for vd in written_violations(rb.plain)} if src else {}
        self.rank = {g.id: g.rank for g in rb.grades}

    def add(self, code, pos, severity="error", violation=None, **args):
        """`violation`: the id shown in the message and the one whose `acknowledge:` list applies."""
        if violation is not None:
            args.update(violation=violation, _violation=violation)
        self.problems.append(Problem(code, pos, args, severity))

    # ------------------------------------------------------------ driver
    def run(self) -> list:
        rb = self.rb
        splits = {}
        for v in rb.violations:
            self.citations(v)
            self.statute_words(v)
            self.switch(v)
            self.model(v)
            if v.split is not None:
                splits.setdefault(id(v.split), v.split)
        for split in splits.values():
            self.split(split)
        self.adjustments()
        self.unused_facts()
        return sorted(self.acknowledge(), key=_order)

    def acknowledge(self) -> list:
        out = []
        found = set()
        for p in self.problems:
            vid = p.args.pop("_violation", None)
            acks = _acks(self.plain_violations.get(vid)) if vid is not None else {}
            check = next((c for c, codes in ACK_CODES.items() if p.code in codes), None)
            if p.severity == "warning" and check in acks:
                found.add((vid, check))
                p = Problem(p.code, p.pos, {**p.args, "ack_reason": acks[check]}, "note")
            out.append(p)
        for v in self.rb.violations:
            for check in _acks(self.plain_violations.get(v.id)):
                if (v.id, check) not in found:
                    out.append(Problem("check.ack_unused", v.pos, {"check": check, "violation": v.id}, "warning"))
        return out

    # ------------------------------------------------------------ values as the author writes them
    def value_text(self, fact, value) -> str:
        if fact.type == "money":
            return _plain_number(to_major(value, self.rb.unit.minor_units))
        if fact.type in ("enum", "date"):
            return f"'{value}'" if fact.type == "enum" else f"'{value.isoformat()}'"
        if isinstance(value, Decimal):
            return _plain_number(value)
        return str(value)

    def money(self, minor) -> str:
        return format_amount(minor, self.rb.unit, "en")

    def region_text(self, table, combos, limit=3) -> str:
        regions = I.merge(combos, table.dims)
        texts = [I.describe(r, table.dims, self.value_text) for r in regions[:limit]]
        more = len(regions) - limit
        return " or ".join(texts) + (f" (and {more} more)" if more > 0 else "")

    # ------------------------------------------------------------ citations
    def citations(self, v):
        if not v.violated:
            self.add("check.no_violated", v.pos, violation=v.id)
        if not v.penalty_basis:
            self.add("check.no_penalty_basis", v.pos, violation=v.id)

    def statute_words(self, v):
        """The encoded statutory fine against the words that state it (issue 13: catch a transcription where it
        is made): each form's own Chinese label, and the article the notes quote after 处罚依据原文. A text whose
        fines this cannot read says nothing (authoring.statute_words never guesses)."""
        from penalty.authoring.statute_words import fines
        rb = self.rb
        if rb.unit.kind != "money":
            return
        encoded = [(f, self.stated(f)) for f in v.statutory]
        for form, stated in encoded:
            label = pick(form.label, "zh") if isinstance(form.label, dict) else None
            read = fines(label or "")
            if read and stated not in read:
                self.add("check.statutory_label", form.pos, "warning", violation=v.id, label=label,
                         encoded=self.fine_words(stated), read=self.fines_words(read))
        notes = pick(v.notes, "zh") if isinstance(v.notes, dict) else (v.notes or "")
        import re
        quoted = re.split(r"处罚依据原文[：:]", notes, maxsplit=1)  # 处罚依据原文见 … (a pointer elsewhere) quotes nothing
        if len(quoted) < 2:
            return
        read = fines(quoted[1])
        for form, stated in encoded:
            if read and stated not in read:
                self.add("check.statutory_article", form.pos, "warning", violation=v.id,
                         encoded=self.fine_words(stated), read=self.fines_words(read))

    def stated(self, form) -> tuple:
        """A statutory form as statute_words reads one: amounts in yuan, factors as written."""
        per = Decimal(self.rb.unit.minor_units)
        if form.kind in ("multiple", "percent"):
            return form.kind, form.low, form.high
        low = None if form.kind == "max" else Decimal(form.low) / per
        high = None if form.kind == "min" or form.high is UNBOUNDED else Decimal(form.high) / per
        return form.kind, low, high

    @staticmethod
    def fine_words(fine: tuple) -> dict:
        """A fine in short words, as a label (the message picks the reader's language)."""
        kind, low, high = fine

        def n(x):
            return _plain_number(x) if x is not None else "—"
        zh = {"range": f"{n(low)}–{n(high)}元", "max": f"{n(high)}元以下", "min": f"{n(low)}元以上",
              "multiple": f"{n(low)}–{n(high)}倍", "percent": f"{n(low)}%–{n(high)}%"}[kind]
        en = {"range": f"{n(low)}–{n(high)} yuan", "max": f"up to {n(high)} yuan", "min": f"{n(low)} yuan or more",
              "multiple": f"{n(low)}–{n(high)} times", "percent": f"{n(low)}%–{n(high)}%"}[kind]
        return {"zh": zh, "en": en}

    @staticmethod
    def fines_words(fines: list) -> dict:
        words = [_Checker.fine_words(f) for f in fines]
        return {"zh": "；".join(w["zh"] for w in words), "en": "; ".join(w["en"] for w in words)}

    # ------------------------------------------------------------ choosing among conditions
    def table(self, conds, where, pos, vid):
        try:
            table, size = I.evaluate(conds, self.rb.facts)
        except I.NotAnalysable as exc:
            self.add("check.not_analysed", pos, "warning", where=where, a=exc.a, b=exc.b)
            return None
        if table is None:
            self.add("check.too_many", pos, "warning", where=where, size=size, limit=I.MAX_COMBINATIONS)
        return table

    def chooser(self, v, items, gap_code, gap_pos, gap_severity="error", extra=None):
        """Gaps, overlaps and never-chosen items of one list of conditions; -> (table, winner per combo)."""
        conds = [it.when for it in items]
        table = self.table(conds, f"'{v.id}'", gap_pos, v.id)
        if table is None:
            return None, None
        rule = self.rb.overlaps
        gaps = table.where(lambda m: not m)
        for region in I.merge(gaps, table.dims)[:MAX_REGIONS]:
            self.add(gap_code, gap_pos, gap_severity, region=I.describe(region, table.dims, self.value_text),
                     violation=v.id, **(extra or {}))
        pairs: dict = {}
        for combo, matched in table.rows.items():
            if len(matched) > 1:
                for k, a in enumerate(matched):
                    for b in matched[k + 1:]:
                        pairs.setdefault((a, b), []).append(combo)
        for (a, b), combos in sorted(pairs.items()):
            region = self.region_text(table, combos)
            if self.overlaps_declared:
                winner = items[a].id if rule == "first" else items[b].id
                self.add("check.overlap_resolved", items[b].pos, "note", a=items[a].id, b=items[b].id,
                         region=region, rule=rule, winner=winner)
            else:
                self.add("check.overlap", items[b].pos, a=items[a].id, b=items[b].id, region=region)
        winners = {combo: (m[0] if rule == "first" else m[-1]) for combo, m in table.rows.items() if m}
        chosen = set(winners.values())
        for j, it in enumerate(items):
            if j in chosen:
                continue
            combos = [c for c, m in table.rows.items() if j in m]
            if not combos:
                self.add("check.never_matches", it.pos, "warning", name=it.id, violation=v.id)
            else:
                self.add("check.shadowed", it.pos, "warning", name=it.id, by=items[winners[combos[0]]].id,
                         rule=rule, violation=v.id)
        return table, winners

    def switch(self, v):
        forms = v.statutory
        if forms[0].when is None:
            return
        table = self.table([f.when for f in forms], f"'{v.id}'", forms[0].pos, v.id)
        if table is None:
            return
        for region in I.merge(table.where(lambda m: not m), table.dims)[:MAX_REGIONS]:
            self.add("check.gap_switch", forms[0].pos, region=I.describe(region, table.dims, self.value_text),
                     violation=v.id)
        pairs: dict = {}
        for combo, matched in table.rows.items():
            if len(matched) > 1:
                pairs.setdefault((matched[0], matched[1]), []).append(combo)
        for (a, b), combos in sorted(pairs.items()):
            self.add("check.switch_overlap", forms[b].pos, "warning", a=f"#{a + 1}", b=f"#{b + 1}",
                     region=self.region_text(table, combos), violation=v.id)
        firsts = {m[0] for m in table.rows.values() if m}
        for j, f in enumerate(forms):
            if j not in firsts:
                self.add("check.never_matches", f.pos, "warning", name=f"#{j + 1}", violation=v.id)

    # ------------------------------------------------------------ models
    def model(self, v):
        m = v.model
        if m is None:
            return
        if m.kind in ("situations", "grid"):
            self.cell_overlap(v, m.items if m.kind == "situations" else m.cells.values())
        if m.kind == "situations":
            self.chooser(v, m.items, "check.gap_situation", m.pos)
            self.bands(v, [(s.id, s.grade, s.band, s.pos) for s in m.items])
            self.monotonic(v, [(s.id, s.grade, s.band, s.pos) for s in m.items])
            if v.split is None and any(s.band is None for s in m.items):
                self.add("check.no_split", m.pos, "warning", violation=v.id)
        elif m.kind == "grid":
            self.grid(v, m)
        else:
            self.points(v, m)
        self.open_maximum(v)

    def grid(self, v, m):
        rows, cols = m.rows.tiers, m.columns.tiers
        _, row_win = self.chooser(v, rows, "check.gap_row", rows[0].pos)
        _, col_win = self.chooser(v, cols, "check.gap_column", cols[0].pos)
        cells = m.cells
        self.bands(v, [(f"{c.row} × {c.column}", c.grade, c.band, c.pos) for c in cells.values()])
        for col in cols:
            self.monotonic(v, [(f"{r.id} × {col.id}", *_cell(cells, r.id, col.id)) for r in rows])
        for row in rows:
            self.monotonic(v, [(f"{row.id} × {c.id}", *_cell(cells, row.id, c.id)) for c in cols])
        if v.split is None and any(c.band is None for c in cells.values()):
            self.add("check.no_split", m.pos, "warning", violation=v.id)
        row_facts = {n for t in rows for n in t.when.facts}
        col_facts = {n for t in cols for n in t.when.facts}
        if row_win is None or col_win is None or not (row_facts & col_facts):
            return  # independent axes: every pair of reachable tiers is a reachable cell
        table = self.table([t.when for t in (*rows, *cols)], f"'{v.id}'", m.pos, v.id)
        if table is None:
            return
        n = len(rows)
        reached = set()
        for matched in table.rows.values():
            r = [i for i in matched if i < n]
            c = [i - n for i in matched if i >= n]
            if r and c:
                pick = (lambda xs: xs[0]) if self.rb.overlaps == "first" else (lambda xs: xs[-1])
                reached.add((pick(r), pick(c)))
        live_rows, live_cols = set(row_win.values()), set(col_win.values())
        for i, r in enumerate(rows):
            for j, c in enumerate(cols):
                if i in live_rows and j in live_cols and (i, j) not in reached and (r.id, c.id) in cells:
                    self.add("check.cell_unreachable", cells[(r.id, c.id)].pos, "warning", row=r.id, column=c.id,
                             violation=v.id)

    def points(self, v, m):
        plain_model = (self.plain_violations.get(v.id) or {}).get("model", {}).get("points", {})
        clamp = plain_model.get("clamp") is True
        per_factor = []
        for factor in m.factors:
            table, winners = self.chooser(v, factor.levels, "check.gap_level", factor.pos, "warning",
                                          extra={"factor": factor.id})
            self.monotonic(v, [(lv.id, None, None, lv.pos, lv.weight) for lv in factor.levels])
            if table is None:
                return
            weights = {factor.levels[w].weight for w in winners.values()}
            if len(winners) < len(table.rows):
                weights.add(Decimal(0))  # no level matches: the engine adds nothing
            per_factor.append((set(n for lv in factor.levels for n in lv.when.facts), weights))
        sums = self.point_sums(m, per_factor)
        if sums is None:
            return
        low, high = sums
        cap = m.cap
        if not clamp and m.of == "statutory_max" and min(high, cap) > 100:
            self.add("check.points_over_100", m.pos, sum=_plain_number(high), cap=_plain_number(cap), violation=v.id)
        for form in v.statutory:
            self.points_vs_form(v, m, form, m.percent(low), m.percent(high), clamp)  # as applied: cap, floor

    def point_sums(self, m, per_factor):
        """The lowest and highest possible sums, exactly: jointly when factors read the same facts."""
        seen: set = set()
        disjoint = True
        for names, _ in per_factor:
            if names & seen:
                disjoint = False
            seen |= names
        if disjoint:
            return (m.start + sum(min(w) for _, w in per_factor), m.start + sum(max(w) for _, w in per_factor))
        conds = [lv.when for f in m.factors for lv in f.levels]
        try:
            table, _ = I.evaluate(conds, self.rb.facts)
        except I.NotAnalysable:
            return None
        if table is None:
            return None
        totals = []
        for matched in table.rows.values():
            total, k = m.start, 0
            for f in m.factors:
                mine = [i - k for i in matched if k <= i < k + len(f.levels)]
                if mine:
                    total += f.levels[mine[0] if self.rb.overlaps == "first" else mine[-1]].weight
                k += len(f.levels)
            totals.append(total)
        return min(totals), max(totals)

    def points_vs_form(self, v, m, form, low_pct, high_pct, clamp):
        if m.of == "statutory_max":
            if form.high is UNBOUNDED:
                self.add("check.points_unbounded", m.pos, violation=v.id)
                return
            # amount = high × pct / 100; below the minimum when high × pct < 100 × low (for multiples too)
            if not clamp and Decimal(form.high) * low_pct < 100 * Decimal(form.low):
                self.add("check.points_below_min", m.pos, "warning", sum=_plain_number(low_pct), violation=v.id)
            return
        base = self.rb.facts.get(m.of)
        if base is None or form.kind not in ("range", "max", "min") or clamp:
            return
        bmin = base.min if base.min is not None else None
        if bmin is not None and low_pct >= 0 and Decimal(bmin) * low_pct < 100 * Decimal(form.low):
            self.add("check.points_below_min", m.pos, "warning", sum=_plain_number(low_pct), violation=v.id)
        if form.high is not UNBOUNDED and high_pct > 0 and (base.max is None or Decimal(base.max) * high_pct > 100 * Decimal(form.high)):
            self.add("check.points_over_max", m.pos, "warning", sum=_plain_number(high_pct), base=m.of, violation=v.id)

    def open_maximum(self, v):
        if v.split is None or not any(f.high is UNBOUNDED and f.kind == "min" for f in v.statutory):
            return
        for g in self._model_grades(v):
            if self.rb.grade(g).kind == "within_range" and g not in v.split.open_maximum:
                self.add("check.no_open_share", v.pos, "warning", violation=v.id, grade=g)

    def _model_grades(self, v):
        m = v.model
        if m is None or m.kind == "points":
            return [self.rb.default_grade] if self.rb.default_grade else []
        items = m.items if m.kind == "situations" else m.cells.values()
        return sorted({it.grade for it in items if it.grade}, key=lambda g: self.rank[g])

    # ------------------------------------------------------------ lawfulness and order of bands
    def envelope(self, v):
        if any(f.kind not in ("range", "max", "min") for f in v.statutory):
            return None  # a multiple of a base: the range depends on the case
        return min(f.low for f in v.statutory), max(f.high for f in v.statutory)

    def bands(self, v, entries):
        env = self.envelope(v)
        for name, grade, band, pos in entries:
            if band is None:
                continue
            kind = self.rb.grade(grade).kind if grade else "within_range"
            if kind != "within_range":
                continue
            if B.is_relative(band):  # multiples of a fact: inside the statutory multiples of the same fact
                low, high = B.factor_bounds(v, band)
                if low is not None and (band.low < low or band.high > high):
                    self.add("check.band_outside", pos, name=name, band=self.band_text(band),
                             low=self.band_text(band, low), high=self.band_text(band, high))
            elif env is not None and (band.low < env[0] or band.high > env[1]):
                self.add("check.band_outside", pos, name=name, band=self.band_text(band), low=self.money(env[0]),
                         high=self.money(env[1]))

    def cell_overlap(self, v, items):
        """No amount in two cells of one table (issue 12): with the ends the engine gives each band, two
        different bands must not share an amount, unless both say 以上、以下均含本数 (a closed table, such as
        Jiangmen's or the USSG's, whose neighbours share endpoints by the document's own words). Bands written
        as multiples of a fact are compared on their factors (no factor in two cells), each base on its own."""
        env = self.envelope(v)
        groups: dict = {}  # None: amounts; (kind, fact): factors of that fact
        for it in items:
            b = it.band
            if b is None:
                continue
            declared = B.declared_ends(self.rb, v, it)
            if B.is_relative(b):
                groups.setdefault((b.kind, b.of), []).append((it, b, declared, B.relative_ends(self.rb, v, it)))
            elif env is not None and b.low is not UNBOUNDED and b.high is not UNBOUNDED:
                ends = B.included_ends(declared, b.low, b.high, env, B.other_cells(self.rb, v, it))
                groups.setdefault(None, []).append((it, b, declared, ends))
        for key, banded in groups.items():
            self.overlaps_in(v, banded, key)

    def overlaps_in(self, v, banded, key):
        step = self.rb.rounding.step
        seen = set()
        for i, (a, ba, da, ea) in enumerate(banded):
            for b, bb, db, eb in banded[i + 1:]:
                lo, hi = max(ba.low, bb.low), min(ba.high, bb.high)
                if lo > hi:  # apart: most pairs of a table, decided without comparing records
                    continue
                if ba == bb or (da.low and da.high and db.low and db.high) or (id(ba), id(bb)) in seen:
                    continue
                inner = lo + step if key is None else (lo + hi) / 2  # a point inside both, if they overlap
                shared = next((x for x in (lo, hi, inner)
                               if B.holds(ba.low, ba.high, ea[0], ea[1], x) and B.holds(bb.low, bb.high, eb[0], eb[1], x)),
                              None)
                if shared is None:
                    continue
                seen.add((id(ba), id(bb)))
                self.add("check.cell_overlap", b.pos, "warning", violation=v.id, a=_item_name(a), b=_item_name(b),
                         band_a=self.ends_text(ba, ea), band_b=self.ends_text(bb, eb),
                         amount={lang: self.amount_text(shared, key, lang) for lang in ("zh", "en")})

    def amount_text(self, x, key, lang) -> str:
        if key is None:
            return format_amount(x, self.rb.unit, lang)
        return B.factor_text(self.rb, key[0], x, x, key[1], (True, True), lang)

    def ends_text(self, band, ends) -> dict:
        """The band as the document words it, in both languages (the message picks its own)."""
        if B.is_relative(band):
            return {lang: B.factor_text(self.rb, band.kind, band.low, band.high, band.of, ends, lang)
                    for lang in ("zh", "en")}
        return {lang: B.ends_text(self.rb.unit, band.low, band.high, ends[0], ends[1], lang) for lang in ("zh", "en")}

    def band_text(self, band, factor=None) -> str:
        """A band's amounts (or, of a band of multiples, its factors: one of them when `factor` is given)."""
        if B.is_relative(band):
            lo, hi = (band.low, band.high) if factor is None else (factor, factor)
            return B.factor_text(self.rb, band.kind, lo, hi, band.of, (True, True), "en")
        if band.low == band.high:
            return self.money(band.low)
        return f"{self.money(band.low)} – {self.money(band.high)}"

    def monotonic(self, v, entries):
        """Entries ordered light -> heavy: (name, grade, band, pos[, weight]). Each step must not get lighter."""
        for (n1, g1, b1, _p1, *w1), (n2, g2, b2, p2, *w2) in zip(entries, entries[1:]):
            detail = None
            if g1 and g2 and self.rank[g2] < self.rank[g1]:
                detail = f"grade '{g2}' after '{g1}'"
            elif b1 is not None and b2 is not None and _comparable(b1, b2) and (b2.low < b1.low or b2.high < b1.high):
                detail = f"band {self.band_text(b2)} after {self.band_text(b1)}"
            elif w1 and w2 and w2[0] < w1[0]:
                detail = f"weight {_plain_number(w2[0])}% after {_plain_number(w1[0])}%"
            if detail:
                self.add("check.monotonic", p2, "warning", later=n2, earlier=n1, detail=detail, violation=v.id)

    def split(self, split):
        within = [g for g in self.rb.grades if g.kind == "within_range"]
        if not split.shares:
            return
        for g in within:
            if g.id not in split.shares:
                self.add("check.no_share", split.pos, "warning", grade=g.id)
        shares = sorted(((split.shares[g.id], g.id) for g in within if g.id in split.shares))
        reach = Decimal(0)
        for (lo, hi), _gid in shares:
            if lo > reach:
                self.add("check.share_hole", split.pos, low=_plain_number(reach), high=_plain_number(lo))
            reach = max(reach, hi)
        if reach < 100:
            self.add("check.share_hole", split.pos, low=_plain_number(reach), high="100")
        for ((a_lo, a_hi), a), ((b_lo, b_hi), b) in zip(shares, shares[1:]):
            if b_lo < a_hi:
                self.add("check.share_overlap", split.pos, a=a, b=b, a_low=_plain_number(a_lo),
                         a_high=_plain_number(a_hi), b_low=_plain_number(b_lo), b_high=_plain_number(b_hi))
        ordered = [(split.shares[g.id], g.id) for g in within if g.id in split.shares]
        for ((a_lo, a_hi), a), ((b_lo, b_hi), b) in zip(ordered, ordered[1:]):
            if b_lo < a_lo or b_hi < a_hi:
                self.add("check.share_order", split.pos, "warning", heavier=b, lighter=a)

    # ------------------------------------------------------------ adjustments and facts
    def adjustments(self):
        seen = {}
        for v in self.rb.violations:
            for a in v.adjustments:
                seen.setdefault(id(a), a)
        grades = self.rb.grades
        for a in seen.values():
            table = self.table([a.when], f"'{a.id}'", a.pos, None)
            if table is not None and not table.where(lambda m: bool(m)):
                self.add("check.adjustment_never", a.pos, "warning", name=a.id)
            if (a.effect == "at_most" and self.rank.get(a.value) == len(grades) - 1) or \
                    (a.effect == "at_least" and self.rank.get(a.value) == 0) or (a.effect == "step" and a.value == 0):
                self.add("check.adjustment_no_effect", a.pos, "warning", name=a.id, effect=a.effect, value=a.value)

    def unused_facts(self):
        from penalty.engine.facts import facts_read_by  # the one list of what a violation's rules read
        used = {n for v in self.rb.violations for n in facts_read_by(v)}
        for name, fact in self.rb.facts.items():
            if name not in used:
                self.add("check.unused_fact", fact.pos, "warning", name=name)


def _comparable(b1, b2) -> bool:
    """Two bands whose ends can be compared: both amounts, or both multiples (percentages) of the same fact."""
    if B.is_relative(b1) or B.is_relative(b2):
        return B.is_relative(b1) and B.is_relative(b2) and (b1.kind, b1.of) == (b2.kind, b2.of)
    return True


def _item_name(item) -> str:
    return getattr(item, "id", None) or f"{item.row} × {item.column}"


def _cell(cells, r, c):
    cell = cells.get((r, c))
    if cell is None:
        return None, None, None
    return cell.grade, cell.band, cell.pos


def _acks(plain_violation) -> dict:
    if not plain_violation:
        return {}
    out = {}
    for ack in plain_violation.get("acknowledge") or ():
        out.setdefault(ack.get("check"), ack.get("reason"))
    return out


def _plain_number(d) -> str:
    d = Decimal(d)
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")
