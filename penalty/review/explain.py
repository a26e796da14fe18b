"""Plain reasons and the rule or article behind each flag, for the flagged cases only."""
from __future__ import annotations

from decimal import Decimal

import polars as pl

from penalty.i18n import fill, pick
from penalty.money import UNBOUNDED, format_amount
from penalty.review.exprs import UNB
from penalty.review.messages import MESSAGES

COLUMNS = ["_row", "case_id", "violation", "officer", "unit", "fine", "decided_grade", "grade", "low", "high",
           "recommended", "stat_high", "missing_measures", "limit_years", "_start", "_end", "pos_bp", "peer_median",
           "peer_n", "peer_scale", "dev_bp", "model_key", "adjustments"]


def position(bp) -> str:
    """Basis points -> a 0..1 position with two decimals, exactly."""
    return "-" if bp is None else str((Decimal(bp) / 10000).quantize(Decimal("0.01")))


def reasons(result, lang: str) -> pl.DataFrame:
    from penalty.review.core import ALL_FLAGS
    rb = result.rulebook
    flagged = result.cases.filter(pl.col("flagged"))
    cols = [c for c in COLUMNS if c in flagged.columns]
    flag_cols = [f"f_{c}" for c in ALL_FLAGS]
    unit = rb.unit
    grade_label = {g.id: pick(g.label, lang) for g in rb.grades}
    basis = {v.id: pick(v.penalty_basis, lang) for v in rb.violations}
    adj_article = {}
    for v in rb.violations:
        for a in v.adjustments:
            adj_article[a.id] = pick(a.article, lang)
    measure_label = {m: pick(d.get("label"), lang) for m, d in rb.measures.items()}

    def money(x):
        return format_amount(UNBOUNDED if x == UNB else int(x), unit, lang) if x is not None else "-"

    out_codes, out_reasons, out_articles = [], [], []
    for row in flagged.select(cols + flag_cols).iter_rows(named=True):
        codes, texts, arts = [], [], []
        args = {"fine": money(row["fine"]), "low": money(row["low"]), "high": money(row["high"]),
                "stat_high": money(row["stat_high"]), "grade": grade_label.get(row["grade"], row["grade"]),
                "basis": basis.get(row["violation"], ""), "rulebook": f"{rb.id} {rb.version}"}
        for code in ALL_FLAGS:
            if not row[f"f_{code}"]:
                continue
            key = "review." + code
            a = dict(args)
            if code == "grade_differs":
                a["decided"] = grade_label.get(row["decided_grade"], row["decided_grade"])
            elif code == "fined_no_penalty":
                a["adjustments"] = "；".join(adj_article.get(x, x) for x in (row["adjustments"] or "").split(",") if x)
            elif code == "missing_measures":
                a["missing"] = "、".join(measure_label.get(m, m) for m in row["missing_measures"].split(","))
            elif code == "limitation":
                a.update(years=row["limit_years"], start=row["_start"], end=row["_end"],
                         days=(row["_end"] - row["_start"]).days)
            elif code == "peer_outlier":
                z = Decimal(abs(row["dev_bp"])) / Decimal(row["peer_scale"])
                a.update(pos=position(row["pos_bp"]), median=position(row["peer_median"]), n=row["peer_n"],
                         z=str(z.quantize(Decimal("0.1"))), model=row["model_key"] or "-")
            codes.append(key)
            texts.append(fill(MESSAGES, key, lang, **a))
            arts.append(fill(MESSAGES, key + ".article", lang, **a))
        out_codes.append(";".join(codes))
        out_reasons.append(" | ".join(texts))
        out_articles.append(" | ".join(arts))
    base = flagged.select(
        "_row", "case_id", "violation", pl.col("officer").cast(pl.String), pl.col("unit").cast(pl.String),
        "fine", "grade", *(pl.col(c).cast(pl.String) for c in ("low", "high", "recommended")), "pos_bp")
    return base.with_columns(pl.Series("flags", out_codes, dtype=pl.String),
                             pl.Series("reasons", out_reasons, dtype=pl.String),
                             pl.Series("articles", out_articles, dtype=pl.String))


def rejected_reasons(result, lang: str) -> pl.DataFrame:
    """Rejected rows with their reasons in words: "column: reason; ..."."""
    pairs = result.rejected.select("reject").unique()
    texts = []
    for (rej,) in pairs.iter_rows():
        parts = []
        for item in rej.split(";"):
            code, _, column = item.partition("|")
            if code == "review.reject.not_recomputable":
                parts.append(fill(MESSAGES, code, lang, detail=column))
            else:
                parts.append(f"{column}: {fill(MESSAGES, code, lang)}")
        texts.append("; ".join(parts))
    table = pairs.with_columns(pl.Series("reasons", texts, dtype=pl.String))
    return result.rejected.join(table, on="reject", how="left").sort("_row")
