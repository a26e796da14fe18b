"""One self-contained HTML report: inline CSS and inline SVG charts, no script, no network fetch.

Charts are drawn here as SVG text (a few rects and lines each) rather than with matplotlib: the data are
small aggregates, the output is deterministic byte for byte, and the review extra stays light.
"""
from __future__ import annotations

from decimal import Decimal
from html import escape

import polars as pl

from penalty.i18n import fill, pick
from penalty.money import UNBOUNDED, format_amount
from penalty.review.explain import position
from penalty.review.messages import MESSAGES
from penalty.rulebook.boundaries import band_template
from penalty.version import ENGINE

MAX_FLAGGED_ROWS = 1000
MAX_REJECTED_ROWS = 500
_CSS = """body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:24px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}h3{font-size:14px;margin:12px 0 4px}
table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}.num{text-align:right}.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{border:1px solid #eee;padding:6px}
.note{color:#555;font-size:12px}.bad{color:#b00020}svg text{font-size:10px;fill:#333}"""



def percent(n: int, total: int) -> str:
    """n of total as a whole percent, rounded half up (2 of 12 -> 17%); a share that is not zero but under 1 %
    is `<1%` (1 of 140), so that a flagged case never reads as none. Integers only: no float rounding."""
    if n <= 0 or total <= 0:
        return "0%"
    if n * 100 < total:
        return "<1%"
    return f"{(n * 200 + total) // (2 * total)}%"

def _t(key, lang, **args):
    return fill(MESSAGES, key, lang, **args)


# ---------------------------------------------------------------- what the report and the terminal both show

def flag_counts(counts: dict, lang: str) -> list[tuple[str, int]]:
    """(the flag's name in words, cases) for every flag, then the rejected rows: no raw code is shown. A recorded
    deviation is not a problem of the case: it is listed only where there are some."""
    return [(_t("flag." + code, lang), n) for code, n in counts["flags"].items() if n or code != "deviation"] + \
        [(_t("flag.rejected", lang), counts["rejected"])]


def signed(bp) -> str:
    """A deviation in basis points as a signed 0..1 position, two decimals half-even (+0.15, -0.12, 0.00)."""
    if bp is None:
        return "-"
    size = position(abs(bp))
    return size if size == "0.00" else ("+" if bp > 0 else "-") + size  # -0.004 is 0.00, not -0.00


def drift_text(r: dict, lang: str) -> str:
    """An officer's or unit's median deviation against peers, with its direction when it drifts."""
    bp = r.get("median_dev_bp")
    if bp is None:
        return "-"
    if not r.get("drifting"):
        return signed(bp)
    return _t("drift.high" if bp > 0 else "drift.low", lang, dev=signed(bp))


def summary_rows(result, key: str, lang: str, limit: int | None = None) -> tuple[list, list, int]:
    """(column headings, rows of text, rows in all) of the summary per violation, unit or officer. Units and
    officers carry their drift (direction and size); with `limit`, the drifting ones come first, then the most
    flagged, so that none named for drift is missing from the table."""
    table = {"violation": result.by_violation, "unit": result.by_unit, "officer": result.by_officer}[key]
    heads = ["", _t("h.cases", lang), _t("h.flagged_share", lang), _t("h.median_pos", lang)]
    drift = None
    if key != "violation":
        heads.append(_t("h.drift_col", lang))
        drift = (result.officers if key == "officer" else result.units).select(
            key, "median_dev_bp", "drifting").with_columns(pl.col(key).cast(pl.String))
        table = table.join(drift, on=key, how="left", nulls_equal=True, maintain_order="left")
    total = table.height
    if limit is not None and total > limit:
        table = table.with_columns(pl.col("drifting").fill_null(False).alias("_d")).sort(
            ["_d", "flagged", key], descending=[True, True, False], nulls_last=True).head(limit)
    rows = []
    for r in table.iter_rows(named=True):
        row = [str(r[key]), str(r["cases"]), f"{r['flagged']} ({percent(r['flagged'], r['cases'])})",
               position(r["median_pos_bp"])]
        if drift is not None:
            row.append(drift_text(r, lang))
        rows.append(row)
    return heads, rows, total


def drift_lines(result, lang: str) -> list[str]:
    """One sentence per drifting officer, then unit: who, which way, how far, over how many cases."""
    out = []
    for kind, table in (("officer", result.officers), ("unit", result.units)):
        for r in table.filter(pl.col("drifting")).iter_rows(named=True):
            out.append(_t("review.drift", lang, kind=_t("kind." + kind, lang), name=r[kind], n=r["cases"],
                          dev=signed(r["median_dev_bp"]),
                          direction=_t("drift.higher" if r["median_dev_bp"] > 0 else "drift.lower", lang)))
    return out


def html(result, lang: str = "en", flagged: pl.DataFrame | None = None, rejected: pl.DataFrame | None = None,
         flagged_file: str = "flagged.csv") -> str:
    from penalty.review.explain import rejected_reasons
    rb = result.rulebook
    counts = result.counts()
    flagged = flagged if flagged is not None else result.flagged(lang)
    rejected = rejected if rejected is not None else rejected_reasons(result, lang)
    share = percent(counts['flagged'], counts['reviewed'])
    labels = result.engine.get("versions") or [rb.version]
    parts = [f"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{escape(_t('h.title', lang))}"
             f"</title><style>{_CSS}</style></head><body>",
             f"<h1>{escape(_t('h.title', lang))}</h1>",
             f"<p>{escape(pick(rb.title, lang))} · {escape(rb.id)} {escape(', '.join(labels))} · "
             f"{escape(rb.fingerprint[:16])} · {escape(ENGINE)}</p>",
             f"<p>{escape(_t('h.versions', lang, n=result.engine.get('two_versions', 0)))}</p>" if len(labels) > 1 else "",
             f"<p id=\"read-line\"><b>{escape(_t('h.read', lang, **counts))}</b><br>"
             f"{escape(_t('h.flagged', lang, flagged=counts['flagged'], reviewed=counts['reviewed'], share=share))}</p>",
             _flag_table(counts, lang),
             f"<h2>{escape(_t('h.distribution', lang))}</h2><div class=\"charts\" id=\"distribution\">",
             *_distributions(result, lang), "</div>",
             f"<h2>{escape(_t('h.heatmap', lang))}</h2><div class=\"charts\" id=\"heatmap\">",
             *_heatmaps(result, lang), "</div>",
             f"<h2>{escape(_t('h.comparison', lang))}</h2><div class=\"charts\" id=\"comparison\">",
             _drift_chart(result.officers, "officer", result.options, lang),
             _drift_chart(result.units, "unit", result.options, lang), "</div>",
             f"<p class=\"note\">{escape(_method(result.options, lang))}</p>",
             _summary_tables(result, lang),
             f"<h2>{escape(_t('h.flagged_table', lang))}</h2>", _flagged_table(flagged, rb, lang, flagged_file),
             f"<h2>{escape(_t('h.rejected_table', lang))}</h2>", _rejected_table(rejected, lang),
             "</body></html>\n"]
    return "".join(parts)


def _method(opt, lang):
    def exact(bp):
        return str((Decimal(bp) / 10000).normalize())
    return _t("h.method", lang, threshold=opt.threshold, floor=exact(opt.floor_bp), min_peers=opt.min_peers,
              drift=exact(opt.drift_bp), min_cases=opt.min_cases)


def _flag_table(counts, lang):
    rows = "".join(f"<tr><td>{escape(k)}</td><td class=\"num\">{v}</td></tr>" for k, v in flag_counts(counts, lang))
    return (f"<h2>{escape(_t('h.flags', lang))}</h2><table id=\"flags\"><tr><th>{escape(_t('h.code', lang))}</th>"
            f"<th>{escape(_t('h.cases', lang))}</th></tr>{rows}</table>")


def _svg(width, height, body, label):
    return (f"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" "
            f"viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{escape(label)}\">{body}</svg>")


def _distributions(result, lang):
    """Histogram of band positions per violation: bins of 0.05, plus one below 0 and one above 1."""
    rb = result.rulebook
    # two columns only: filtering the whole wide frame would copy every column of millions of rows
    binned = result.cases.lazy().select("violation", "pos_bp").filter(pl.col("pos_bp").is_not_null()) \
        .group_by("violation", (pl.col("pos_bp") // 500).clip(-1, 20).alias("bin")).len().collect()
    out = []
    for v in rb.violations:
        counts = {b: n for _, b, n in binned.filter(pl.col("violation") == v.id).iter_rows()}
        if not counts:
            continue
        top = max(counts.values())
        w, h, bw = 22 * 18 + 40, 150, 18
        bars = []
        for i, b in enumerate(range(-1, 21)):
            n = counts.get(b, 0)
            bh = n * 100 // top
            color = "#b00020" if b in (-1, 20) else "#3b6ea5"
            bars.append(f"<rect class=\"bar\" x=\"{30 + i * bw}\" y=\"{110 - bh}\" width=\"{bw - 2}\" height=\"{bh}\" "
                        f"fill=\"{color}\"><title>{n}</title></rect>")
        axis = (f"<line x1=\"30\" y1=\"110\" x2=\"{30 + 22 * bw}\" y2=\"110\" stroke=\"#333\"/>"
                f"<text x=\"{30 + bw}\" y=\"124\">0</text><text x=\"{30 + 11 * bw}\" y=\"124\">0.5</text>"
                f"<text x=\"{30 + 21 * bw - 6}\" y=\"124\">1</text><text x=\"2\" y=\"14\">{top}</text>")
        title = f"<text x=\"30\" y=\"142\">{escape(pick(v.title, lang)[:40])}</text>"
        out.append(f"<div class=\"chart\"><h3>{escape(v.id)}</h3>{_svg(w, h, ''.join(bars) + axis + title, v.id)}</div>")
    return out


def _shade(n, top):
    # white -> dark blue, in integer steps (no float)
    k = n * 200 // top if top else 0
    r, g, b = 255 - k * (255 - 30) // 200, 255 - k * (255 - 80) // 200, 255 - k * (255 - 150) // 200
    return f"#{r:02x}{g:02x}{b:02x}", "#fff" if k > 110 else "#222"


def _heatmaps(result, lang):
    rb = result.rulebook
    used = result.cases.group_by("violation", "model_key").len()
    out = []
    for v in rb.violations:
        counts = {k: n for _, k, n in used.filter(pl.col("violation") == v.id).iter_rows()}
        m = v.model
        if m is None or not counts:
            continue
        if m.kind == "grid":
            rows, cols = m.rows.tiers, m.columns.tiers
            top = max(counts.values())
            cw, ch, lw = 90, 26, 150
            body = []
            for j, col in enumerate(cols):
                body.append(f"<text x=\"{lw + j * cw + 4}\" y=\"14\">{escape(pick(col.label, lang)[:14])}</text>")
            for i, row in enumerate(rows):
                body.append(f"<text x=\"2\" y=\"{40 + i * ch}\">{escape(pick(row.label, lang)[:18])}</text>")
                for j, col in enumerate(cols):
                    n = counts.get(f"{row.id}×{col.id}", 0)
                    fill_c, text_c = _shade(n, top)
                    body.append(f"<rect class=\"cell\" x=\"{lw + j * cw}\" y=\"{22 + i * ch}\" width=\"{cw - 2}\" "
                                f"height=\"{ch - 2}\" fill=\"{fill_c}\"/><text x=\"{lw + j * cw + 6}\" "
                                f"y=\"{40 + i * ch}\" style=\"fill:{text_c}\">{n}</text>")
            svg = _svg(lw + len(cols) * cw, 30 + len(rows) * ch, "".join(body), v.id)
        else:
            keys = [s.id for s in m.items] if m.kind == "situations" else sorted(counts)
            labels = {s.id: pick(s.label, lang) for s in m.items} if m.kind == "situations" else {}
            top = max(counts.values())
            body = []
            for i, k in enumerate(keys):
                n = counts.get(k, 0)
                fill_c, text_c = _shade(n, top)
                body.append(f"<text x=\"2\" y=\"{18 + i * 26}\">{escape((labels.get(k) or k)[:20])}</text>"
                            f"<rect class=\"cell\" x=\"170\" y=\"{4 + i * 26}\" width=\"90\" height=\"24\" fill=\"{fill_c}\"/>"
                            f"<text x=\"176\" y=\"{20 + i * 26}\" style=\"fill:{text_c}\">{n}</text>")
            svg = _svg(270, 10 + len(keys) * 26, "".join(body), v.id)
        out.append(f"<div class=\"chart\"><h3>{escape(v.id)}</h3>{svg}</div>")
    return out


def _drift_chart(table: pl.DataFrame, who: str, opt, lang, limit: int = 40):
    """Median deviation of band position against peers: the `limit` largest, drifting ones always shown."""
    t = table.filter(pl.col("cases") >= opt.min_cases)
    if t.height == 0:
        return f"<div class=\"chart\"><h3>{escape(_t('kind.' + who, lang))}</h3><p>{escape(_t('h.no_drift', lang))}</p></div>"
    t = t.with_columns(pl.col("median_dev_bp").abs().alias("_a")).sort(["drifting", "_a", who],
                                                                      descending=[True, True, False]).head(limit)
    span = max(opt.drift_bp * 2, int(t["_a"].max() or 0) + 500)
    w, row_h, lw, cw = 460, 14, 140, 300
    mid = lw + cw // 2

    def x(bp):
        return mid + bp * (cw // 2) // span
    body = [f"<line x1=\"{mid}\" y1=\"0\" x2=\"{mid}\" y2=\"{t.height * row_h + 4}\" stroke=\"#999\"/>"]
    for s in (-1, 1):
        body.append(f"<line class=\"threshold\" x1=\"{x(s * opt.drift_bp)}\" y1=\"0\" x2=\"{x(s * opt.drift_bp)}\" "
                    f"y2=\"{t.height * row_h + 4}\" stroke=\"#b00020\" stroke-dasharray=\"3,3\"/>")
    for i, r in enumerate(t.iter_rows(named=True)):
        color = "#b00020" if r["drifting"] else "#3b6ea5"
        y = 10 + i * row_h
        body.append(f"<text x=\"2\" y=\"{y + 3}\">{escape(str(r[who])[:20])} ({r['cases']})</text>"
                    f"<circle class=\"dot\" cx=\"{x(r['median_dev_bp'])}\" cy=\"{y}\" r=\"4\" fill=\"{color}\">"
                    f"<title>{position(r['median_dev_bp'])}</title></circle>")
    svg = _svg(w, t.height * row_h + 10, "".join(body), who)
    return f"<div class=\"chart\"><h3>{escape(_t('kind.' + who, lang))}</h3>{svg}</div>"


MAX_OFFICER_ROWS = 50


def _summary_tables(result, lang):
    out = []
    for key in ("violation", "unit", "officer"):
        heads, rows, total = summary_rows(result, key, lang, MAX_OFFICER_ROWS if key == "officer" else None)
        head = "".join(f"<th>{escape(h)}</th>" for h in heads)
        body = "".join("<tr>" + f"<td>{escape(r[0])}</td>" + "".join(f"<td class=\"num\">{escape(c)}</td>" for c in r[1:])
                       + "</tr>" for r in rows)
        note = f"<p class=\"note\">{escape(_t('h.most_flagged', lang, shown=len(rows), total=total))}</p>" \
            if len(rows) < total else ""
        out.append(f"<h2>{escape(_t('h.' + key, lang))}</h2>{note}<table class=\"summary\" id=\"by-{key}\">"
                   f"<tr>{head}</tr>{body}</table>")
    items = "".join(f"<li class=\"bad\">{escape(line)}</li>" for line in drift_lines(result, lang))
    out.append(f"<h2>{escape(_t('h.drift', lang))}</h2>" + (f"<ul id=\"drift\">{items}</ul>" if items
                                                            else f"<p>{escape(_t('h.no_drift', lang))}</p>"))
    return "".join(out)


def _range(r, unit, lang) -> str:
    """A flagged row's range with its ends as the document words them (boundaries.ends_text's words)."""
    low, high = _money(r["low"], unit, lang), _money(r["high"], unit, lang)
    if r["low"] == r["high"]:
        return low
    open_high = r["high"] == (unit.unbounded_id or "unbounded")
    return band_template(r["low_included"] == "yes", r["high_included"] == "yes", open_high, lang).format(low=low, high=high)


def _money(x, unit, lang):
    """An amount of the flagged list (major units as text, as the case file writes it) -> 12,345.60元."""
    if x is None or x == "":
        return "-"
    if x == (unit.unbounded_id or "unbounded"):  # explain.plain_amount_expr's word for the open top
        return format_amount(UNBOUNDED, unit, lang)
    return format_amount(int(Decimal(x) * unit.minor_units), unit, lang)  # exact: at most the unit's decimals


def _flagged_table(flagged: pl.DataFrame, rb, lang, file):
    head = "".join(f"<th>{escape(_t(k, lang))}</th>" for k in ("h.row", "h.case", "h.violation", "h.officer",
                                                                 "h.fine", "h.range", "h.grade", "h.reasons", "h.articles"))
    grade_label = {g.id: pick(g.label, lang) for g in rb.grades}
    rows = []
    for r in flagged.head(MAX_FLAGGED_ROWS).iter_rows(named=True):
        rng = _range(r, rb.unit, lang)
        rows.append(f"<tr><td>{r['_row']}</td><td>{escape(str(r['case_id']))}</td><td>{escape(r['violation'])}</td>"
                    f"<td>{escape(str(r['officer'] or ''))}</td><td class=\"num\">{escape(_money(r['fine'], rb.unit, lang))}</td>"
                    f"<td>{escape(rng)}</td><td>{escape(grade_label.get(r['grade'], r['grade']))}</td>"
                    f"<td>{escape(r['reasons'])}</td><td>{escape(r['articles'])}</td></tr>")
    note = ""
    if flagged.height > MAX_FLAGGED_ROWS:
        note = f"<p class=\"note\">{escape(_t('h.truncated', lang, shown=MAX_FLAGGED_ROWS, total=flagged.height, file=file))}</p>"
    return f"{note}<table id=\"flagged\"><tr>{head}</tr>{''.join(rows)}</table>"


def _rejected_table(rejected: pl.DataFrame, lang):
    head = "".join(f"<th>{escape(_t(k, lang))}</th>" for k in ("h.row", "h.case", "h.reasons"))
    rows = "".join(f"<tr><td>{r['_row']}</td><td>{escape(str(r['case_id']))}</td><td>{escape(r['reasons'])}</td></tr>"
                   for r in rejected.head(MAX_REJECTED_ROWS).iter_rows(named=True))
    note = ""
    if rejected.height > MAX_REJECTED_ROWS:
        note = f"<p class=\"note\">{escape(_t('h.truncated', lang, shown=MAX_REJECTED_ROWS, total=rejected.height, file='rejected.csv'))}</p>"
    return f"{note}<table id=\"rejected\"><tr>{head}</tr>{rows}</table>"
