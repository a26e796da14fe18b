"""Writing the results: the flagged list (CSV or JSONL; rejected rows included, flag `review.rejected`), the
rejected list alone, and the HTML report. CSV cells a spreadsheet would run as formulas are written as text
(penalty.safetext); JSONL keeps every value exactly."""
from __future__ import annotations

from pathlib import Path

import polars as pl

from penalty.errors import Problem
from penalty.review.explain import rejected_reasons
from penalty.review.read import ReviewError
from penalty.review.report import html
from penalty.safetext import spreadsheet_frame


def write_outputs(result, out_dir, lang: str = "en", fmt: str = "csv", report: bool = True) -> dict:
    """-> {"flagged": path, "rejected": path, "report": path or None}."""
    from penalty.inputs import reason
    out = Path(out_dir)
    try:
        return _write(result, out, lang, fmt, report)
    except OSError as exc:  # a file of that name, a folder that cannot be written, a full disk
        raise ReviewError([Problem("review.out_folder", None, {"path": str(out), "reason": reason(exc)})]) from None


def _write(result, out: Path, lang: str, fmt: str, report: bool) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    flagged = result.flagged(lang)
    rejected = rejected_reasons(result, lang)
    both = pl.concat([flagged, rejected.select("_row", "case_id", pl.col("violation").cast(pl.String),
                                               pl.lit("review.rejected").alias("flags"), "reasons")],
                     how="diagonal").sort("_row")
    paths = {"flagged": out / f"flagged.{fmt}", "rejected": out / "rejected.csv", "report": None}
    if fmt == "jsonl":
        both.write_ndjson(paths["flagged"])
    else:
        both = spreadsheet_frame(both)  # opened in a spreadsheet: a case id like =HYPERLINK(...) stays text
        both.write_csv(paths["flagged"])
    spreadsheet_frame(rejected.select("_row", "case_id", "reasons", "reject")).write_csv(paths["rejected"])
    if report:
        paths["report"] = out / "report.html"
        paths["report"].write_text(html(result, lang, flagged, rejected, paths["flagged"].name), encoding="utf-8")
    return {k: (str(v) if v is not None else None) for k, v in paths.items()}
