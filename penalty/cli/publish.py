"""`penalty publish --register R [--since D] --out FILE.csv|FILE.json`: the publication records of the decisions in
the register (art. 48), natural persons masked, and a withdrawal record for each decision changed or revoked."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from penalty.cli.common import JsonOption, LangOption, lang_for


def since_date(value: Optional[str]):
    import datetime as _dt

    from penalty.documents.template import DocumentError
    from penalty.errors import Problem
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value.strip())
    except ValueError:
        raise DocumentError([Problem("document.bad_date", None, {"value": value})]) from None


def register(app: typer.Typer) -> None:
    from penalty.cli.document import RegisterOpt, TemplateOpt

    @app.command("publish")
    def publish_command(
        out: Path = typer.Option(..., "--out", "-o", help="FILE.csv or FILE.json."),
        register_path: Optional[Path] = RegisterOpt,
        since: Optional[str] = typer.Option(None, "--since", help="Only decisions (and withdrawals) dated on or after this day (YYYY-MM-DD)."),
        template: Optional[Path] = TemplateOpt,
        as_json: bool = JsonOption, lang: Optional[str] = LangOption,
    ):
        """The publication file (行政处罚决定公开, art. 48): 决定书文号, 当事人 (a person masked), 违法行为类型, 依据, 处罚内容, 机关, 日期, and withdrawals."""
        from penalty.cli.document import reported, said
        lg = lang_for(lang)
        with reported(lg, as_json, register_path) as reg:
            from penalty.documents import publication as pub
            from penalty.documents.template import load
            from penalty.errors import Problem
            from penalty.documents.template import DocumentError
            suffix = out.suffix.lower()
            if suffix not in (".csv", ".json"):
                raise DocumentError([Problem("document.bad_out", None, {"path": str(out), "suffixes": ".csv, .json"})])
            published = pub.publication(reg, load(template)["template"], since_date(since), lang="zh")
            try:
                (pub.write_csv if suffix == ".csv" else pub.write_json)(published, out)
            except OSError as exc:
                from penalty.documents.template import unwritable
                raise unwritable(exc, out) from None
        counts = {"records": len(published["records"]), "withdrawals": len(published["withdrawals"]), "omitted": published["omitted"]}
        if as_json:
            from penalty import canonical
            sys.stdout.write(canonical.dumps({"ok": True, "out": str(out), **counts}, pretty=True) + "\n")
        said("publish.written", lg, path=str(out), **counts)
