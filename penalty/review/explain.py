"""Plain reasons and the rule or article behind each flag, rendered in columns for the flagged cases.

The message templates are the catalogue's (messages.py); each `{arg}` becomes a column expression, so tens of
thousands of flagged cases are worded without a Python loop. Amounts are spelt like `money.format_amount`
(12,345.60元), positions like `position()` (two decimals, half-even), all in integer arithmetic.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

import polars as pl

from penalty.decision.rules import deviation_reasons
from penalty.i18n import fill, pick
from penalty.review.exprs import UNB, UNB64
from penalty.rulebook.boundaries import band_template
from penalty.review.messages import MESSAGES
from penalty.review.parse import nulls

_MARK = "\x00"


def position(bp) -> str:
    """Basis points -> a 0..1 position with two decimals, exactly."""
    return "-" if bp is None else str((Decimal(bp) / 10000).quantize(Decimal("0.01")))


def _template(key: str, lang: str, args: dict, text: str | None = None) -> pl.Expr:
    """A catalogue template (or the given `text`) with its {arg}s replaced by the given column expressions."""
    marks = {k: f"{_MARK}{k}{_MARK}" for k in args}
    text = fill(MESSAGES, key, lang, **marks) if text is None else text.format(**marks)
    parts = text.split(_MARK)
    exprs = []
    for i, p in enumerate(parts):
        if i % 2 == 0:
            if p:
                exprs.append(pl.lit(p))
        else:
            exprs.append(args[p].cast(pl.String).fill_null("-"))
    return pl.concat_str(exprs) if exprs else pl.lit("")


def band_expr(unit, lang: str) -> pl.Expr:
    """boundaries.ends_text in columns: the grade's range with its ends as the document words them."""
    args = {"low": money_expr("low", unit, lang), "high": money_expr("high", unit, lang)}
    high = pl.col("high").cast(pl.Int128)
    open_high = (high == UNB) | (high == UNB64)
    low_in = pl.col("low_inclusive").fill_null(True)
    expr: Any = pl.when(pl.col("low") == pl.col("high")).then(args["low"])  # a chain of when/then
    for low_inc in (True, False):
        expr = expr.when(open_high & (low_in == low_inc)).then(
            _template("", lang, args, band_template(low_inc, True, True, lang)))
        for high_inc in (True, False):
            expr = expr.when((low_in == low_inc) & (pl.col("high_inclusive") == high_inc)).then(
                _template("", lang, args, band_template(low_inc, high_inc, False, lang)))
    return expr


def money_expr(col: str, unit, lang: str) -> pl.Expr:
    """format_amount in columns: thousands separators, decimals only when not whole, the unit's label."""
    probe = unit.with_label("\x00", lang)
    before, after = probe.split("\x00")
    return _amount(col, unit, lang, lambda text: pl.concat_str([pl.lit(before), text, pl.lit(after)]),
                   separators=True)


def plain_amount_expr(col: str, unit) -> pl.Expr:
    """An amount in major units as the case file writes it (18000, 18000.5): no separators, no label; the open
    top of a scale as the unit's word for it in the rulebook (`life`), the same in every language."""
    return _amount(col, unit, None, lambda text: text, separators=False)


def _amount(col: str, unit, lang: str | None, dress, separators: bool) -> pl.Expr:
    v = pl.col(col)
    mu = unit.minor_units
    dec = len(str(mu)) - 1 if mu > 1 else 0
    major = (v // mu).cast(pl.String)
    minor = (v % mu).cast(pl.String).str.zfill(dec)
    if separators:  # 12,345.60 as format_amount spells it
        major = major.str.reverse().str.replace_all(r"(\d{3})", "${1},").str.strip_chars_end(",").str.reverse()
    else:  # 12345.6: a number as a case file writes it
        minor = minor.str.strip_chars_end("0")
    text = major if not dec else pl.when(v % mu == 0).then(major).otherwise(pl.concat_str([major, pl.lit("."), minor]))
    unbounded = (v.cast(pl.Int128) == UNB) | (v.cast(pl.Int128) == UNB64)
    word = unit.unbounded_text(lang) if lang else (unit.unbounded_id or "unbounded")
    return pl.when(unbounded).then(pl.lit(word)).otherwise(dress(text))


def _fixed(q: pl.Expr, places: int) -> pl.Expr:
    """An integer count of 10^-places -> "x.yy" text."""
    a = q.abs()
    sign = pl.when(q < 0).then(pl.lit("-")).otherwise(pl.lit(""))
    return pl.concat_str([sign, (a // 10 ** places).cast(pl.String), pl.lit("."),
                          (a % 10 ** places).cast(pl.String).str.zfill(places)])


def _half_even_div(n: pl.Expr, d: pl.Expr) -> pl.Expr:
    q, r = n // d, n % d
    return pl.when((2 * r > d) | ((2 * r == d) & (q % 2 == 1))).then(q + 1).otherwise(q)


def position_expr(col: str) -> pl.Expr:
    return _fixed(_half_even_div(pl.col(col), pl.lit(100)), 2)


def _map(col: str, mapping: dict) -> pl.Expr:
    return pl.col(col).cast(pl.String).replace_strict(mapping, default=pl.col(col).cast(pl.String))


def _list_map(frame: pl.DataFrame, col: str, fn) -> pl.Expr:
    """A comma-separated id list -> words, once per distinct list."""
    uniq = [u for u in frame[col].cast(pl.String).unique().to_list() if u is not None]
    return pl.col(col).cast(pl.String).replace_strict({u: fn(u) for u in uniq}, default=None)


def reasons(result, lang: str) -> pl.DataFrame:
    from penalty.review.core import ALL_FLAGS
    rb = result.rulebook
    # the row indices first, then only those rows: filtering the wide frame would copy every column
    flagged = result.cases[pl.select(pl.arg_where(result.cases["flagged"])).to_series()]
    grade_label = {g.id: pick(g.label, lang) for g in rb.grades}
    basis = {v.id: pick(v.penalty_basis, lang) for v in rb.violations}
    article = {a.id: pick(a.article, lang) for v in rb.violations for a in v.adjustments}
    measure = {m: pick(d.get("label"), lang) for m, d in rb.measures.items()}
    common = {"fine": money_expr("fine", rb.unit, lang), "band": band_expr(rb.unit, lang),
              "low": money_expr("low", rb.unit, lang),
              "high": money_expr("high", rb.unit, lang), "stat_high": money_expr("stat_high", rb.unit, lang),
              "grade": _map("grade", grade_label), "basis": _map("violation", basis),
              "rulebook": pl.concat_str([pl.lit(rb.id + " "), pl.col("version").cast(pl.String)])}
    z10 = _half_even_div(pl.col("dev_bp").abs() * 10, pl.col("peer_scale"))
    extra = {
        "grade_differs": {"decided": _map("decided_grade", grade_label)},
        "deviation": {"reason": pl.col("deviation_reason"), "reason_label": _map("deviation_reason", {
            code: pick(label, lang) for code, label in deviation_reasons(rb).items()})},
        "fined_no_penalty": {"adjustments": _list_map(flagged, "adjustments", lambda s: "；".join(
            article.get(x, x) for x in s.split(",") if x))},
        "missing_measures": {"missing": _list_map(flagged, "missing_measures", lambda s: "、".join(
            measure.get(x, x) for x in s.split(",") if x))},
        "limitation": {"years": pl.col("limit_years"), "start": pl.col("_start"), "end": pl.col("_end"),
                       "days": (pl.col("_end") - pl.col("_start")).dt.total_days()},
        "peer_outlier": {"pos": position_expr("pos_bp"), "median": position_expr("peer_median"),
                         "n": pl.col("peer_n"), "z": _fixed(z10, 1),
                         "model": pl.col("model_key").cast(pl.String)},
    }
    # each flag's words are built only on the rows that carry it (a template over every flagged row would be
    # built eight times over), lazily so that the shared money and label expressions run once
    n = flagged.height
    words = {}
    for code in ALL_FLAGS:
        key = "review." + code
        args = {**common, **extra.get(code, {})}
        idx = pl.select(pl.arg_where(flagged[f"f_{code}"])).to_series()
        text, art = nulls(n, pl.String), nulls(n, pl.String)
        if len(idx):
            words_of = _template(key, lang, args)
            if code == "above_range":  # a fine where the table gives 警告 alone: lawful in the statute, off the band
                words_of = pl.when(pl.col("grade_kind").cast(pl.String) == "warning").then(
                    _template("review.above_range_warning", lang, args)).otherwise(words_of)
            sub = flagged[idx].lazy().select(words_of.alias("t"),
                                             _template(key + ".article", lang, args).alias("a")).collect()
            text, art = text.scatter(idx, sub["t"]), art.scatter(idx, sub["a"])
        words[code] = (text, art)
    texts = [t for t, _ in words.values()]
    if "before_clamp" in flagged.columns:
        # a result the statutory clamp moved (points under the minimum): the reason says so, with the provision
        texts.append(flagged.lazy().select(pl.when(pl.col("before_clamp").is_not_null()).then(_template(
            "review.clamped", lang, {"computed": money_expr("before_clamp", rb.unit, lang),
                                     "recommended": money_expr("recommended", rb.unit, lang),
                                     "basis": common["basis"]}))).collect().to_series())
    codes = [pl.when(pl.col(f"f_{c}")).then(pl.lit("review." + c)) for c in ALL_FLAGS]
    # amounts in major units, as the case file writes the fine (minor units stay in result.cases)
    return flagged.select(
        "_row", "case_id", pl.col("violation").cast(pl.String), pl.col("officer").cast(pl.String),
        pl.col("unit").cast(pl.String), plain_amount_expr("fine", rb.unit).alias("fine"),
        pl.col("grade").cast(pl.String),
        *(plain_amount_expr(c, rb.unit).alias(c) for c in ("low", "high")),
        *(pl.when(pl.col(c + "_inclusive") | (pl.col("low") == pl.col("high"))).then(pl.lit("yes"))
          .otherwise(pl.lit("no")).alias(c + "_included") for c in ("low", "high")),
        plain_amount_expr("recommended", rb.unit).alias("recommended"), "pos_bp",
        pl.col("version").cast(pl.String), _art37(lang).alias("art37"),
        pl.concat_str(codes, separator=";", ignore_nulls=True).alias("flags"),
        pl.concat_str([pl.lit(t) for t in texts], separator=" | ", ignore_nulls=True).alias("reasons"),
        pl.concat_str([pl.lit(a) for _, a in words.values()], separator=" | ", ignore_nulls=True).alias("articles"))


def _art37(lang: str) -> pl.Expr:
    """Why a case was recomputed under the version in force at the decision (null when the act-time one applies)."""
    expr = pl.lit(None, dtype=pl.String)
    version = {"version": pl.col("version").cast(pl.String)}
    for reason, key in (("time.decision_lower_max", "review.art37.decision"),
                        ("time.decision_lower_min", "review.art37.decision"),
                        ("time.decision_removed", "review.art37.decision_removed"),
                        ("time.act_not_listed", "review.art37.act_not_listed")):
        expr = pl.when(pl.col("art37").cast(pl.String) == reason).then(_template(key, lang, version)).otherwise(expr)
    return expr


def rejected_reasons(result, lang: str) -> pl.DataFrame:
    """Rejected rows with their reasons in words: "column: “value” reason (allowed: ...); ...", the column named
    as the case file names it, with the field or fact it was read as when that differs ("罚款金额（fine）：“壹万元”
    不是数字"), the value as written (control characters shown as escapes, cut at 60 characters) and, for a choice,
    the values allowed. Worded once per distinct reason and cells."""
    rejected = result.rejected
    keys = ["reject", "cells"] if "cells" in rejected.columns else ["reject"]
    pairs = rejected.select(keys).unique(maintain_order=True)
    books = [v.rulebook for v in result.versions.versions] if result.versions else [result.rulebook]
    allowed = _allowed(books, lang)
    texts = []
    for row in pairs.iter_rows(named=True):
        cells = row.get("cells") or {}
        parts = []
        items = row["reject"].split(";")
        whole = [i for i in items if i.endswith("|")]  # the row as a whole: its cells' errors follow from it
        for item in whole or items:
            code, _, column = item.partition("|")
            if code == "review.reject.not_recomputable":
                parts.append(fill(MESSAGES, code, lang, detail=column))
            elif not column:  # the row as a whole (e.g. a JSON Lines line that is not an object)
                parts.append(fill(MESSAGES, code, lang))
            else:
                parts.append(_cell_reason(result, code, column, cells.get(column), allowed, lang))
        texts.append(fill(MESSAGES, "review.reject.separator", lang).join(parts))
    table = pairs.with_columns(pl.Series("reasons", texts, dtype=pl.String))
    return rejected.join(table, on=keys, how="left", nulls_equal=True).sort("_row")


MAX_SHOWN = 60  # characters of a rejected value echoed (a million-digit cell is not)
MAX_ALLOWED = 12  # values listed as allowed, then "…"


def _cell_reason(result, code: str, column: str, value, allowed: dict, lang: str) -> str:
    from penalty.safetext import printable
    reason = fill(MESSAGES, code, lang)
    choices = allowed.get((code, column))
    if choices:
        reason = fill(MESSAGES, "review.reject.allowed", lang, reason=reason, allowed=choices)
    where = _column(result, column, lang)
    if value is None or not value.strip():  # nothing written: nothing to echo
        return fill(MESSAGES, "review.reject.cell", lang, column=where, reason=reason)
    shown = printable(value[:MAX_SHOWN], keep_lines=False) + ("…" if len(value) > MAX_SHOWN else "")
    return fill(MESSAGES, "review.reject.cell_value", lang, column=where, value=shown, reason=reason)


def _allowed(books: list, lang: str) -> dict:
    """{(reject code, column): the values that column allows, in words}: a choice's values, the grades, the
    violations (by id), over every version reviewed against (the first that lists a value words it)."""
    sep = fill(MESSAGES, "review.reject.list_separator", lang)

    def listed(words: list) -> str:
        return sep.join(words[:MAX_ALLOWED]) + (sep + "…" if len(words) > MAX_ALLOWED else "")

    def named(ident: str, label) -> str:
        text = pick(label, lang) if label else ""
        return fill(MESSAGES, "review.reject.choice", lang, label=text, id=ident) if text and text != ident \
            else ident
    grades = {g.id: g.label for rb in reversed(books) for g in rb.grades}
    violations = dict.fromkeys(v.id for rb in books for v in rb.violations)
    out = {("review.reject.bad_grade", "grade"): listed([named(k, v) for k, v in grades.items()]),
           ("review.reject.unknown_violation", "violation"): listed(list(violations))}
    for rb in reversed(books):
        for name, fact in rb.facts.items():
            if fact.type == "enum":
                out[("review.reject.bad_enum", name)] = listed([named(k, v) for k, v in fact.values.items()])
    return out


def _column(result, name: str, lang: str) -> str:
    header = result.headers.get(name)
    return name if header is None or header == name else fill(MESSAGES, "review.reject.column", lang,
                                                                header=header, name=name)
