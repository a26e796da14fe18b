"""The diff and the replay as tables (title, columns, rows of text): one description, rendered by the CLI as
rich tables or as Markdown for a revision memo. Reads plain diff data and the two rulebooks' labels only."""
from __future__ import annotations

from penalty.diff.messages import MESSAGES
from penalty.i18n import fill, pick
from penalty.money import UNBOUNDED, format_amount
from penalty.diff.intervals import set_text
from penalty.rulebook.boundaries import Ends, describe, ends_text, factor_text


def tr(key, lang, **args):
    return fill(MESSAGES, key, lang, **args)


class Labels:
    """Text for values, using the new rulebook's labels first, then the old one's."""

    def __init__(self, old, new, lang):
        self.rbs, self.lang, self.unit = (new, old), lang, new.unit

    def amount(self, minor):
        return format_amount(minor, self.unit, self.lang)

    def fact_label(self, name):
        for rb in self.rbs:
            if name in rb.facts:
                return pick(rb.facts[name].label, self.lang) or name
        return name

    def fact_value(self, name, value):
        for rb in self.rbs:
            f = rb.facts.get(name)
            if f is not None:
                if f.type == "money":
                    return self.amount(value)
                if f.type == "enum":
                    return pick(f.values.get(value), self.lang) or str(value)
                if f.type == "boolean":
                    return ("是" if value else "否") if self.lang == "zh" else ("yes" if value else "no")
        return str(value)

    def grade(self, gid):
        for rb in self.rbs:
            try:
                return pick(rb.grade(gid).label, self.lang) or gid
            except KeyError:
                continue
        return str(gid)

    def band(self, b):
        if b is None:
            return tr("none", self.lang)
        ends = b.get("ends") or (True, True)  # as the engine gives them: the band in the document's words
        if b.get("band") and b["band"].get("of"):  # multiples of a fact
            d = b["band"]
            text = factor_text(self.rbs[0], d["kind"], d["low"], d["high"], d["of"], ends, self.lang)
            return text + (f" ({self.grade(b['grade'])})" if b.get("grade") else "")
        if b.get("band"):
            lo, hi = b["band"]["low"], b["band"]["high"]
            if "ends" in b:
                text = ends_text(self.unit, _unb(lo), _unb(hi), ends[0], ends[1], self.lang)
            else:
                text = self.amount(lo) if lo == hi else f"{self.amount(lo)} – {self.amount(hi)}"
            return text + (f" ({self.grade(b['grade'])})" if b.get("grade") else "")
        return self.grade(b.get("grade")) if b.get("grade") else tr("none", self.lang)

    def form(self, f):
        if f is None:
            return tr("none", self.lang)
        if f["form"] in ("multiple", "percent"):
            unit = "×" if f["form"] == "multiple" else "%"
            text = f"{f['low']}–{f['high']}{unit} {self.fact_label(f['of'])}"
        else:
            text = f"{self.amount(f['low'])} – {self.amount(f['high'])}"
        if f.get("warning"):  # the statute offers 警告 instead of the fine (给予警告或者处…罚款)
            text += f" {tr('form_warning', self.lang)}"
        return text + (f" [{f['when']}]" if f.get("when") else "")

    def cond(self, c):
        if c is None:
            return tr("none", self.lang)
        if not c.get("sets"):
            return c["text"]
        sets = "; ".join(f"{self.fact_label(k)} ∈ {set_text(s, lambda v, k=k: self.fact_value(k, v), self.lang)}"
                         for k, s in c["sets"].items())
        return f"{c['text']}  ⟨{sets}⟩"

    def value(self, change, side):
        v = change[side]
        kind = change["kind"]
        if v is None and kind not in ("limitation",):
            return tr("none", self.lang)
        if kind in ("cell", "situation"):
            text = self.band(v)
            cond = change.get(f"{side}_condition")
            return text + (f"  ⟨{self.cond(cond)}⟩" if cond else "")
        if kind == "statutory":
            return self.form(v)
        if kind == "boundaries":  # which ends include the number, in the documents' words
            return describe(Ends(*v), self.lang)
        if kind in ("tier", "tier_condition", "situation_condition", "level_condition"):
            return self.cond(v)
        if kind == "level":
            return f"{v['weight']}%"
        if kind == "adjustment":
            return f"{v['mode']} {v['effect']}: {v['value']} ⟸ {v['when']} ({pick(v['article'], self.lang)})"
        if kind == "limitation":
            if v is None:
                return tr("none", self.lang)
            from penalty.time.dates import months_text
            p = months_text(v["months"], self.lang)
            if v.get("safety_months"):
                return tr("lim", self.lang, p=p, s=months_text(v["safety_months"], self.lang), f=v["harm_fact"])
            return p
        if kind in ("title", "violated", "penalty_basis"):
            return pick(v, self.lang)
        if isinstance(v, dict):
            return ", ".join(f"{k}={_short(x)}" for k, x in v.items() if x not in (None, [], {}))
        return _short(v)


def _unb(x):
    return UNBOUNDED if x == "unbounded" else x


def _short(x):
    if isinstance(x, list):
        return "[" + ", ".join(_short(i) for i in x) + "]"
    if isinstance(x, dict):
        return "{" + ", ".join(f"{k}: {_short(v)}" for k, v in x.items()) + "}"
    return str(x)


def _where(change, lb):
    lang = lb.lang
    if change["kind"] == "cell":
        return f"{pick(change.get('row_label'), lang) or change['row']} × {pick(change.get('column_label'), lang) or change['column']}"
    if change["kind"] == "fact":
        return lb.fact_label(change["where"])
    label = pick(change.get("label"), lang)
    return f"{label} ({change['where']})" if label and label != change["where"] else change["where"]


def _period(h, lang):
    e = h["effective"]
    if not e["from"]:
        return "—"
    return f"{e['from']} – {e['to']}" if e["to"] else tr("from", lang, d=e["from"])


def diff_sections(d: dict, old, new, lang: str) -> tuple:
    """(heading lines, [(title, columns, rows)]) for a diff."""
    lb = Labels(old, new, lang)
    s = d["summary"]
    head = [tr("title", lang, old=tr("side", lang, version=d["old"]["version"], file=d["old"]["file"], period=_period(d["old"], lang)),
               new=tr("side", lang, version=d["new"]["version"], file=d["new"]["file"], period=_period(d["new"], lang))),
            tr("summary", lang, added=s["added"], removed=s["removed"], renamed=s["renamed"], changed=s["changed"],
               bands=s["bands_changed"], top=s["rulebook_changes"])]
    if not d["same_rulebook"]:
        head.append(tr("other_rulebook", lang, a=d["old"]["id"], b=d["new"]["id"]))
    cols = [tr("col.what", lang), tr("col.where", lang), tr("col.old", lang), tr("col.new", lang)]

    def rows_of(changes):
        return [[tr("kind." + c["kind"], lang) + (tr("same_meaning", lang) if c.get("same_meaning") else "")
                 + (tr("ends_changed", lang) if c.get("ends_changed") else ""),
                 _where(c, lb), lb.value(c, "old"), lb.value(c, "new")] for c in changes]
    sections = []
    if d["rulebook"]:
        sections.append((tr("sec.rulebook", lang), cols, rows_of(d["rulebook"])))
    v = d["violations"]
    vcols = [tr("col.id", lang), tr("col.title", lang), tr("col.statutory", lang), tr("col.basis", lang)]
    for key in ("added", "removed"):
        if v[key]:
            sections.append((tr("sec." + key, lang), vcols,
                             [[x["id"], pick(x["title"], lang), " | ".join(lb.form(f) for f in x["statutory"]),
                               pick(x["penalty_basis"], lang)] for x in v[key]]))
    if v["renamed"]:
        sections.append((tr("sec.renamed", lang), [tr("col.old", lang), tr("col.new", lang)],
                         [[x["old"], x["new"]] for x in v["renamed"]]))
    for c in v["changed"]:
        title = tr("sec.violation_renamed" if c.get("old_id") else "sec.violation", lang,
                   title=pick(c["title"], lang), id=c["id"], old=c.get("old_id"))
        sections.append((title, cols, rows_of(c["changes"])))
    return head, sections


def _side_text(side, lb):
    if "error" in side:
        return "error: " + ", ".join(side["error"])
    acts = side.get("acts") or [side]
    parts = []
    for a in acts:
        if a["grade"] is None:
            parts.append(tr("not_listed", lb.lang))
        else:
            parts.append(f"{lb.grade(a['grade'])} {lb.amount(a['low'])} – {lb.amount(a['high'])} → {lb.amount(a['recommended'])}")
    return "; ".join(parts)


def impact_sections(changed: list, summary: dict, old, new, lang: str, shown_limit: int) -> list:
    lb = Labels(old, new, lang)
    tot = summary["totals"]
    rows = [[r["case_id"] or f"#{r['row']}", r["violation"], ", ".join(r["changes"]), _side_text(r["old"], lb),
             _side_text(r["new"], lb), _delta(r["delta"], lb)] for r in changed[:shown_limit]]
    out = [(tr("sec.cases", lang, shown=len(rows), changed=len(changed), cases=tot["cases"]),
            [tr("col.case", lang), tr("col.violation", lang), tr("col.changes", lang), tr("col.old", lang),
             tr("col.new", lang), tr("col.delta", lang)], rows)]
    trows = [[vid, str(t["cases"]), str(t["changed"]), f"{t['grade']} / {t['range']} / {t['recommended']}",
              f"{t['up']} / {t['down']}", _delta(t["delta"], lb), str(t["errors"])]
             for vid, t in summary["by_violation"].items()]
    trows.append(["Σ", str(tot["cases"]), str(tot["changed"]), f"{tot['grade']} / {tot['range']} / {tot['recommended']}",
                  f"{tot['up']} / {tot['down']}", _delta(tot["delta"], lb), str(tot["errors"])])
    out.append((tr("sec.totals", lang), [tr("col.violation", lang), tr("col.cases", lang), tr("col.changed", lang),
                                          tr("col.gr", lang), tr("col.updown", lang), tr("col.delta", lang),
                                          tr("col.errors", lang)], trows))
    return out


def _delta(x, lb):
    if x is None:
        return "—"
    return ("+" if x > 0 else "−" if x < 0 else "") + lb.amount(abs(x))


def markdown(head: list, sections: list) -> str:
    lines = [f"# {head[0]}", ""] + [f"{h}  " for h in head[1:]] + [""]
    for title, cols, rows in sections:
        lines += [f"## {title}", "", "| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
        lines += ["| " + " | ".join(_md_cell(c) for c in r) + " |" for r in rows]
        lines.append("")
    return "\n".join(lines)


def _md_cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")
