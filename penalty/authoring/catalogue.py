"""The public discretion catalogue (裁量目录, Administrative Penalty Law art. 34) of a rulebook: per violation the
provisions, the statutory range, every situation, grid cell or weight level with its conditions in plain words
and its band in money, the measures, and the statutory adjustments.

`build(rb, lang)` gives a neutral document (blocks); `markdown`, `html` and `csv_text` write it. Bands given by a
grade alone are computed with the engine's own split and rounding (penalty.engine.fines), so the catalogue shows
the numbers `penalty calc` gives. Pure: no I/O.
"""
from __future__ import annotations

import csv
import html as _html
import io
from dataclasses import dataclass
from decimal import Decimal

from penalty.engine import fines
from penalty.i18n import pick
from penalty.money import UNBOUNDED, to_major
from penalty.rulebook import boundaries as B
from penalty.authoring import words as W
from penalty.authoring.words import t


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple
    rows: tuple  # tuples of str
    kind: str  # situations | grid | points | split | adjustments | grades


@dataclass(frozen=True)
class Entry:
    """One band of the catalogue, as a CSV row."""
    violation: str
    item: str
    label: str
    conditions: str
    grade: str
    band: str
    low: object
    high: object
    measures: str
    low_included: object = None  # True / False, or None when the band depends on the case
    high_included: object = None


@dataclass(frozen=True)
class Catalogue:
    lang: str
    title: str
    blocks: tuple  # ("h1", text) ("p", text) ("dl", pairs) ("toc", pairs) ("h2", anchor, text) ("table", Table)
    entries: tuple


def build(rb, lang: str = "zh") -> Catalogue:
    b = _Builder(rb, lang)
    return Catalogue(lang, b.title, tuple(b.blocks), tuple(b.entries))


def _without_empty_columns(tb: Table) -> Table:
    """A column nobody filled (no grades given, no measures) is noise in a published table."""
    keep = [0] + [j for j in range(1, len(tb.header)) if any(row[j] for row in tb.rows)]
    return Table(tb.caption, tuple(tb.header[j] for j in keep), tuple(tuple(r[j] for j in keep) for r in tb.rows),
                 tb.kind)


def _num(d) -> str:
    d = Decimal(d)
    return str(d.quantize(Decimal(1))) if d == d.to_integral_value() else format(d.normalize(), "f")


class _Builder:
    def __init__(self, rb, lang):
        self.rb, self.lang = rb, lang
        self.blocks, self.entries = [], []
        self.title = t("catalogue.title", lang, title=pick(rb.title, lang))
        from penalty.rulebook.load import item_numbers
        plain = rb.plain or {}
        # the document's own item numbers and chapters, as written (the engine never reads them)
        self.numbers = item_numbers(rb)
        self.chapters = {str(c["number"]): c["title"] for c in (plain.get("rulebook") or {}).get("chapters") or []}
        self.head()
        chapter = None
        for i, v in enumerate(rb.violations, 1):
            here = self.chapter_of(v)
            if self.chapters and here != chapter:
                chapter = here
                self.add("chapter", f"c{here}", self.chapter_title(here))
            self.violation(i, v)
        lists = self.published_lists()
        self.listed = {a.id for _, _, items in lists for a in items}
        self.adjustments()
        for block_id, title, items in lists:
            self.add("h2", f"list-{block_id}", pick(title, lang))
            self.add("table", self.adjustment_table(items, with_scope=True))

    def add(self, *block):
        if block[0] == "table":
            block = ("table", _without_empty_columns(block[1]))
        self.blocks.append(block)

    # ------------------------------------------------------------ front matter
    def head(self):
        rb, lg = self.rb, self.lang
        self.add("h1", self.title)
        self.add("p", t("catalogue.subtitle", lg))
        pairs = []
        for key, value in (("authority", rb.authority), ("document", rb.document)):
            if value:
                pairs.append((t(f"catalogue.{key}", lg), pick(value, lg)))
        pairs.append((t("catalogue.version", lg), rb.version))
        if rb.effective_from:
            pairs.append((t("catalogue.effective", lg), t("catalogue.effective_range", lg, start=rb.effective_from.isoformat(),
                                                           end=rb.effective_to.isoformat() if rb.effective_to else "",
                                                           suggestion=rb.effective_to or "")))
        pairs.append((t("catalogue.boundaries", lg), B.describe(B.declared_ends(rb, None), lg)))
        pairs.append((t("catalogue.overlaps", lg), t(f"catalogue.overlaps.{rb.overlaps}", lg)))
        self.add("dl", tuple(pairs))
        self.grades()
        entries = [(f"v{i}", self.heading(i, v, numbered=False)) for i, v in enumerate(rb.violations, 1)]
        if not self.chapters:
            self.add("toc", tuple(entries))
            return
        groups: list = []
        for (anchor, text), v in zip(entries, rb.violations):
            here = self.chapter_of(v)
            if not groups or groups[-1][0] != f"c{here}":
                groups.append((f"c{here}", self.chapter_title(here), []))
            groups[-1][2].append((anchor, text))
        self.add("toc_chapters", tuple((a, text, tuple(items)) for a, text, items in groups))

    def chapter_of(self, v) -> str:
        number = self.numbers.get(v.id)
        return number.split(".")[0] if number else ""

    def chapter_title(self, number: str) -> str:
        return pick(self.chapters[number], self.lang) if number in self.chapters else t("catalogue.other_items", self.lang)

    def heading(self, i, v, numbered=True) -> str:
        """§2.5.1 and the title as the document prints them; without a number, the item's place in the book."""
        number = self.numbers.get(v.id)
        if number:
            return f"§{number} {pick(v.title, self.lang)}"
        return f"{i}. {pick(v.title, self.lang)}" if numbered else pick(v.title, self.lang)

    def grades(self):
        rb, lg = self.rb, self.lang
        splits = {id(v.split): v.split for v in rb.violations}
        split = next(iter(splits.values())) if len(splits) == 1 else None
        descriptions = {g.get("id"): g.get("description") for g in rb.plain.get("rulebook", {}).get("grades", [])}
        rows = []
        for g in rb.grades:
            share = ""
            if g.kind == "no_penalty":
                share = t("catalogue.no_penalty", lg)
            elif g.kind == "warning":
                share = t("catalogue.warning_grade", lg)
            elif g.kind == "below_minimum" and split is not None:
                share = t("catalogue.below_minimum", lg, low=_num(split.below_minimum[0]), high=_num(split.below_minimum[1]))
            elif split is not None and g.id in split.shares:
                lo, hi = split.shares[g.id]
                share = f"{_num(lo)}% – {_num(hi)}%"
            rows.append((W.label(g, lg), share, pick(descriptions.get(g.id), lg)))
        self.add("table", Table(t("catalogue.grades", lg), (t("catalogue.col.grade", lg), t("catalogue.share", lg), ""),
                                tuple(rows), "grades"))

    # ------------------------------------------------------------ one violation
    def violation(self, i, v):
        rb, lg = self.rb, self.lang
        self.add("h3" if self.chapters else "h2", f"v{i}", self.heading(i, v))
        pairs = [(t("catalogue.violated", lg), pick(v.violated, lg) or "—"),
                 (t("catalogue.penalty_basis", lg), pick(v.penalty_basis, lg) or "—"),
                 (t("catalogue.statutory", lg), "；".join(self.statutory(f) for f in v.statutory))]
        measures = W.measures(rb, v.measures_always, lg)
        by_grade = [t("catalogue.measures_by_grade", lg, grade=W.grade_label(rb, g, lg), measures=W.measures(rb, ids, lg))
                    for g, ids in v.measures_by_grade.items()]
        by_grade += [t("catalogue.measures_when", lg, condition=c.text, measures=W.measures(rb, ids, lg))
                     for c, ids in v.measures_when]
        by_grade += [t("catalogue.measures_follow_up", lg, event=pick(e, lg), measures=W.measures(rb, ids, lg))
                     for e, ids in v.measures_follow_up]
        if measures or by_grade:
            pairs.append((t("catalogue.measures", lg), "；".join(x for x in [measures, *by_grade] if x)))
        if v.notes:
            pairs.append((t("catalogue.notes", lg), pick(v.notes, lg)))
        self.add("dl", tuple(pairs))
        m = v.model
        if m is None:
            self.split_table(v)
        elif m.kind == "situations":
            self.situations(v, m)
        elif m.kind == "grid":
            self.grid(v, m)
        else:
            self.points(v, m)
        own = [a for a in v.adjustments if a.source == "violation"]
        if own:
            self.add("table", self.adjustment_table(own, with_scope=False))

    def statutory(self, form) -> str:
        rb, lg = self.rb, self.lang
        if form.kind in ("range", "max", "min"):
            text = W.band(rb, form.low, form.high, lg)
        else:
            text = self.factor_text(form, form.low, form.high)
        law = pick(form.label, lg)
        text = f"{law}（{text}）" if law and lg == "zh" else (f"{law} ({text})" if law else text)
        if form.when is not None and not law:
            text = t("catalogue.when", lg, condition=W.condition(rb, form.when, lg)) + ("" if lg == "zh" else ": ") + text
        return text

    def factor_text(self, form, low, high) -> str:
        key = "catalogue.multiple" if form.kind == "multiple" else "catalogue.percent"
        return t(key, self.lang, low=_num(low), high=_num(high), base=W.fact_label(self.rb, form.of, self.lang))

    def grade_band(self, v, grade_id) -> tuple:
        """(text, low, high) of a grade on the violation's statutory range, as the engine computes it."""
        rb, lg = self.rb, self.lang
        grade = rb.grade(grade_id)
        if grade.kind == "no_penalty":
            return t("catalogue.no_penalty", lg), 0, 0, (True, True)
        if grade.kind == "warning":  # the cell reads 警告：不罚款, as calc gives it (range 0, no clamp)
            return t("catalogue.no_fine", lg), 0, 0, (True, True)
        texts, lows, highs, ends = [], [], [], []
        for form in v.statutory:
            (lo, hi), _ = fines.grade_band(grade, v.split, form.low, form.high)
            if form.kind in ("range", "max", "min"):
                lo, hi = rb.rounding.apply(lo), rb.rounding.apply(hi)
                if grade.kind == "below_minimum":
                    e = (True, lo == hi)  # the minimum itself is not 减轻
                else:
                    e = B.included_ends(B.declared_ends(rb, v), lo, hi, (form.low, form.high), B.other_cells(rb, v, None))
                text = B.ends_text(rb.unit, lo, hi, e[0], e[1], lg)
                lows.append(lo)
                highs.append(hi)
                ends.append(e)
            else:  # the split applies to the multiple itself (3×–5× -> 3–3.6×, ...)
                text = self.factor_text(form, lo, hi)
            if len(v.statutory) > 1:
                text = f"{W.condition(rb, form.when, lg)}：{text}" if lg == "zh" else f"{W.condition(rb, form.when, lg)}: {text}"
            texts.append(text)
        one = len(v.statutory) == 1 and lows
        return "；".join(texts), lows[0] if one else None, highs[0] if one else None, ends[0] if one else (None, None)

    def item_band(self, v, grade, band, item) -> tuple:
        """(text, low, high, (low included, high included)) of a table cell or tier, with the ends the engine
        gives it (the boundary words in force, the statutory-limit exception)."""
        rb, lg = self.rb, self.lang
        e = B.item_ends(rb, v, item)
        if e is None:  # a cell that names a grade: the grade's band
            return self.grade_band(v, grade)
        if B.is_relative(band):  # a multiple of a fact: the factors, worded with the ends the engine gives them
            return B.factor_text(rb, band.kind, band.low, band.high, band.of, e, lg), None, None, e
        return B.ends_text(rb.unit, band.low, band.high, e[0], e[1], lg), band.low, band.high, e

    def item_measures(self, v, grade, own) -> str:
        ids = list(own) + [m for m in v.measures_by_grade.get(grade, ()) if m not in own]
        if grade is not None and self.rb.grade(grade).kind == "warning" and grade not in ids:
            ids.append(grade)  # the measure 警告 the engine lists for a warning grade (money_path.law_measures)
        return W.measures(self.rb, ids, self.lang)

    def entry(self, v, item, label, conditions, grade, band_text, low, high, measures, ends=(None, None)):
        self.entries.append(Entry(v.id, item, label, conditions, W.grade_label(self.rb, grade, self.lang) if grade else "",
                                  band_text, low, high, measures, *ends))

    def situations(self, v, m):
        rb, lg = self.rb, self.lang
        rows = []
        for k, s in enumerate(m.items, 1):
            band_text, low, high, ends = self.item_band(v, s.grade, s.band, s)
            cond = W.condition(rb, s.when, lg)
            grade = W.grade_label(rb, s.grade, lg) if s.grade else ""
            measures = self.item_measures(v, s.grade, s.measures)
            rows.append((str(k), W.label(s, lg), cond, grade, band_text, measures))
            self.entry(v, s.id, W.label(s, lg), cond, s.grade, band_text, low, high, measures, ends)
        header = tuple(t(f"catalogue.col.{c}", lg) for c in ("no", "situation", "condition", "grade", "band", "measures"))
        self.add("table", Table(t("catalogue.standard", lg), header, tuple(rows), "situations"))

    def grid(self, v, m):
        rb, lg = self.rb, self.lang
        corner = f"{pick(m.rows.label, lg)} \\ {pick(m.columns.label, lg)}".strip(" \\")
        header = (corner, *(f"{W.label(c, lg)}\n{W.condition(rb, c.when, lg)}" for c in m.columns.tiers))
        rows = []
        for r in m.rows.tiers:
            line = [f"{W.label(r, lg)}\n{W.condition(rb, r.when, lg)}"]
            for c in m.columns.tiers:
                cell = m.cells.get((r.id, c.id))
                if cell is None:
                    line.append("—")
                    continue
                band_text, low, high, ends = self.item_band(v, cell.grade, cell.band, cell)
                grade = W.grade_label(rb, cell.grade, lg) if cell.grade else ""
                text = f"{grade}：{band_text}" if grade and lg == "zh" else (f"{grade}: {band_text}" if grade else band_text)
                measures = self.item_measures(v, cell.grade, cell.measures)
                line.append(text + (f"\n{measures}" if cell.measures else ""))
                conds = f"{W.condition(rb, r.when, lg)}{'，' if lg == 'zh' else '; '}{W.condition(rb, c.when, lg)}"
                self.entry(v, f"{r.id}×{c.id}", f"{W.label(r, lg)} × {W.label(c, lg)}", conds, cell.grade, band_text,
                           low, high, measures, ends)
            rows.append(tuple(line))
        self.add("table", Table(t("catalogue.standard", lg), tuple(header), tuple(rows), "grid"))

    def points(self, v, m):
        rb, lg = self.rb, self.lang
        of = t("catalogue.statutory_max", lg) if m.of == "statutory_max" else W.fact_label(rb, m.of, lg)
        self.add("p", t("catalogue.points", lg, start=_num(m.start), cap=_num(m.cap), of=of))
        if m.floor is not None:
            self.add("p", t("catalogue.points_floor", lg, floor=_num(m.floor)))
        self.add("p", t("catalogue.points_around", lg, below=_num(m.around[0]), above=_num(m.around[1]))
                 if m.around is not None else t("catalogue.points_one_amount", lg))
        rows = []
        for f in m.factors:
            for lv in f.levels:
                cond = W.condition(rb, lv.when, lg)
                rows.append((W.label(f, lg), W.label(lv, lg), cond, f"{_num(lv.weight)}%"))
                self.entry(v, lv.id, f"{W.label(f, lg)}: {W.label(lv, lg)}", cond, None, f"{_num(lv.weight)}%", None, None, "")
        header = tuple(t(f"catalogue.col.{c}", lg) for c in ("factor", "level", "condition", "weight"))
        self.add("table", Table(t("catalogue.standard", lg), header, tuple(rows), "points"))
        self.split_table(v)

    def split_table(self, v):
        rb, lg = self.rb, self.lang
        if v.split is None:
            return
        rows = []
        for g in rb.grades:
            if g.kind == "within_range" and g.id not in v.split.shares:
                continue
            if g.kind == "warning" and not all(f.warning for f in v.statutory):
                continue  # a warning only where the statute offers it (the loader refuses it elsewhere)
            band_text, low, high, ends = self.grade_band(v, g.id)
            measures = self.item_measures(v, g.id, ())
            rows.append((W.grade_label(rb, g.id, lg), band_text, measures))
            self.entry(v, g.id, W.grade_label(rb, g.id, lg), "", g.id, band_text, low, high, measures, ends)
        header = tuple(t(f"catalogue.col.{c}", lg) for c in ("grade", "band", "measures"))
        self.add("table", Table(t("catalogue.split", lg), header, tuple(rows), "split"))

    # ------------------------------------------------------------ statutory adjustments
    def published_lists(self) -> list:
        """An included block whose every adjustment names its violations is a list published on its own (Guangdong
        Annex 2, 不予行政处罚的轻微违法行为目录: each entry an item of Annex 1 and its conditions), printed after the
        statutory adjustments under the block's title, its entries in the order written: [(id, title, adjustments)].
        A block that applies to every violation (apl-2021) is not a list."""
        by_block: dict = {}
        for v in self.rb.violations:
            for a in v.adjustments:
                if a.source.startswith("block "):
                    by_block.setdefault(a.source[len("block "):], {}).setdefault(a.id, a)
        lists = []
        for block in self.rb.plain.get("includes") or []:
            items = list(by_block.get(block.get("id"), {}).values())
            if items and block.get("title") and all(a.violations for a in items):
                lists.append((block["id"], block["title"], sorted(items, key=lambda a: getattr(a.pos, "line", 0))))
        return lists

    def adjustments(self):
        seen = {}
        for v in self.rb.violations:
            for a in v.adjustments:
                if a.source != "violation" and a.id not in self.listed:
                    seen.setdefault(a.id, a)
        if seen:
            self.add("h2", "adjustments", t("catalogue.adjustments", self.lang))
            self.add("table", self.adjustment_table(list(seen.values()), with_scope=True))

    def adjustment_table(self, items, with_scope) -> Table:
        rb, lg = self.rb, self.lang
        rows = []
        for a in items:
            if a.effect in ("grade", "at_most", "at_least"):
                value = W.grade_label(rb, a.value, lg)
            elif a.effect in ("within", "scale"):
                value = "–".join(_num(x) for x in a.value)
            else:
                value = str(a.value)
            row = [pick(a.article, lg), W.label(a, lg), W.condition(rb, a.when, lg), t(f"catalogue.{a.mode}", lg),
                   t(f"catalogue.effect.{a.effect}", lg, value=value)]
            if with_scope:
                row.append("、".join(a.violations) if a.violations else t("catalogue.all_violations", lg))
            rows.append(tuple(row))
        cols = ["article", "situation", "condition", "mode", "effect"] + (["violation"] if with_scope else [])
        return Table("" if with_scope else t("catalogue.adjustments", lg), tuple(t(f"catalogue.col.{c}", lg) for c in cols), tuple(rows),
                     "adjustments")


# ---------------------------------------------------------------- writers

def markdown(cat: Catalogue) -> str:
    def cell(text):
        return str(text).replace("|", "\\|").replace("\n", "<br>")
    out = []
    for block in cat.blocks:
        kind = block[0]
        if kind == "h1":
            out.append(f"# {block[1]}\n")
        elif kind in ("h2", "chapter"):
            out.append(f"## {block[2]}\n")
        elif kind == "h3":
            out.append(f"### {block[2]}\n")
        elif kind == "p":
            out.append(f"{block[1]}\n")
        elif kind == "dl":
            out.append("\n".join(f"- **{k}**：{v}" if cat.lang == "zh" else f"- **{k}**: {v}" for k, v in block[1]) + "\n")
        elif kind == "toc":
            out.append(f"**{t('catalogue.contents', cat.lang)}**\n\n" + "\n".join(f"{i}. [{text}](#{a})" for i, (a, text) in enumerate(block[1], 1)) + "\n")
        elif kind == "toc_chapters":
            lines = []
            for a, text, items in block[1]:
                lines.append(f"- [{text}](#{a})")
                lines += [f"  - [{item}](#{ia})" for ia, item in items]
            out.append(f"**{t('catalogue.contents', cat.lang)}**\n\n" + "\n".join(lines) + "\n")
        elif kind == "table":
            tb = block[1]
            if tb.caption:
                out.append(f"**{tb.caption}**\n")
            out.append("| " + " | ".join(cell(h) for h in tb.header) + " |")
            out.append("|" + "---|" * len(tb.header))
            out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in tb.rows]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;
 color:#111;max-width:62em;margin:2em auto;padding:0 1em;line-height:1.55}
h1{font-size:1.6em;text-align:center;margin-bottom:.2em}
h1+p{text-align:center;color:#444;margin-top:0}
h2{font-size:1.2em;border-bottom:2px solid #333;padding-bottom:.2em;margin-top:2em;break-after:avoid}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:.6em 0}
dt{font-weight:bold}dd{margin:0}
table{border-collapse:collapse;width:100%;margin:.4em 0 1.2em;font-size:.95em}
caption{text-align:left;font-weight:bold;padding:.3em 0}
th,td{border:1px solid #777;padding:.3em .5em;vertical-align:top;text-align:left;white-space:pre-line}
th{background:#eee}
nav ol{columns:2;padding-left:1.5em}
nav.chapters>ol{columns:1;list-style:none;padding-left:0}nav.chapters>ol>li>a{font-weight:bold}
nav.chapters ol ol{columns:2;list-style:none;padding-left:1em}
h2.chapter{font-size:1.35em;text-align:center;border:none;margin-top:2.5em}
h3{font-size:1.1em;border-bottom:1px solid #333;padding-bottom:.2em;margin-top:1.8em;break-after:avoid}
footer{margin-top:3em;color:#666;font-size:.85em;border-top:1px solid #ccc;padding-top:.5em}
@page{size:A4;margin:16mm 14mm}
@media print{
 body{max-width:none;margin:0;padding:0;font-size:10pt}
 a{color:inherit;text-decoration:none}
 nav{break-after:page}
 section{break-before:page}
 thead{display:table-header-group}
 tr,dl{break-inside:avoid}
 th{background:#eee!important;-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""


def html(cat: Catalogue, fingerprint: str = "") -> str:
    e = _html.escape
    lang_attr = "zh-CN" if cat.lang == "zh" else "en"
    out = [f'<!DOCTYPE html>\n<html lang="{lang_attr}">\n<head>\n<meta charset="utf-8">\n'
           f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{e(cat.title)}</title>\n'
           f'<style>{_CSS}</style>\n</head>\n<body>\n<header>']
    open_section = False
    for block in cat.blocks:
        kind = block[0]
        if kind == "h1":
            out.append(f"<h1>{e(block[1])}</h1>")
        elif kind == "p":
            out.append(f"<p>{e(block[1])}</p>")
        elif kind == "dl":
            out.append("<dl>" + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in block[1]) + "</dl>")
        elif kind == "toc":
            items = "".join(f'<li><a href="#{e(a)}">{e(text)}</a></li>' for a, text in block[1])
            out.append(f"</header>\n<nav><h2>{e(t('catalogue.contents', cat.lang))}</h2><ol>{items}</ol></nav>")
        elif kind == "toc_chapters":
            groups = "".join(
                f'<li><a href="#{e(a)}">{e(text)}</a><ol>'
                + "".join(f'<li><a href="#{e(ia)}">{e(item)}</a></li>' for ia, item in items) + "</ol></li>"
                for a, text, items in block[1])
            out.append(f'</header>\n<nav class="chapters"><h2>{e(t("catalogue.contents", cat.lang))}</h2>'
                       f"<ol>{groups}</ol></nav>")
        elif kind == "chapter":
            if open_section:
                out.append("</section>")
                open_section = False
            out.append(f'<h2 class="chapter" id="{e(block[1])}">{e(block[2])}</h2>')
        elif kind in ("h2", "h3"):
            if open_section:
                out.append("</section>")
            out.append(f'<section id="{e(block[1])}">\n<{kind}>{e(block[2])}</{kind}>')
            open_section = True
        elif kind == "table":
            tb = block[1]
            head = "".join(f"<th>{e(h)}</th>" for h in tb.header)
            body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in tb.rows)
            caption = f"<caption>{e(tb.caption)}</caption>" if tb.caption else ""
            out.append(f'<table class="{tb.kind}">{caption}<thead><tr>{head}</tr></thead>'
                       f"<tbody>{body}</tbody></table>")
    if open_section:
        out.append("</section>")
    if fingerprint:
        out.append(f"<footer>{e(t('catalogue.fingerprint', cat.lang, fp=fingerprint))}</footer>")
    out.append("</body>\n</html>\n")
    return "\n".join(out)


CSV_COLUMNS = ("violation", "item", "label", "conditions", "grade", "band", "low", "high", "low_included",
               "high_included", "measures")


def csv_text(cat: Catalogue, unit) -> str:
    """One row per band; `low`/`high` are in major units (as written in the rulebook), empty when not fixed."""
    from penalty.safetext import spreadsheet_cell  # a label that starts with = is text, not a formula
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for en in cat.entries:
        def major(x):
            if x is None:
                return ""
            return (unit.unbounded_id or "unbounded") if x is UNBOUNDED else _num(to_major(x, unit.minor_units))
        def included(flag):
            return "" if flag is None else ("yes" if flag else "no")
        w.writerow([spreadsheet_cell(c) for c in (en.violation, en.item, en.label, en.conditions, en.grade, en.band,
                                                  major(en.low), major(en.high), included(en.low_included),
                                                  included(en.high_included), en.measures)])
    return buf.getvalue()
