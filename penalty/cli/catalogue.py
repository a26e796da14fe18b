"""`penalty catalogue RULEBOOK`: the public discretion catalogue (裁量目录) as Markdown, HTML or CSV."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from penalty.cli.common import LangOption, fail, lang_for


class Format(str, Enum):
    md = "md"
    html = "html"
    csv = "csv"


def register(app: typer.Typer) -> None:
    @app.command("catalogue")
    def catalogue(
        rulebook: str = typer.Argument(..., help="A rulebook file, or the name of a bundled one."),
        fmt: Format = typer.Option(Format.md, "--format", "-f", help="md, html (one self-contained page that prints well) or csv (one row per band)."),
        output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of standard output (CSV files get a BOM so that spreadsheet programs read Chinese)."),
        lang: Optional[str] = LangOption,
        unchecked: bool = typer.Option(False, "--unchecked", help="Write the catalogue even when `penalty check` finds errors (a draft, never for publication)."),
    ):
        """Write the discretion catalogue to publish (Administrative Penalty Law art. 34)."""
        from penalty.errors import PenaltyError
        from penalty.authoring import catalogue as K
        from penalty.rulebook.bundled import resolve
        from penalty.rulebook.load import load_rulebook
        if lang not in (None, "zh", "en"):
            raise typer.BadParameter("use zh or en", param_hint="--lang")
        lg = lang_for(lang)
        try:
            rb = load_rulebook(resolve(rulebook))
        except PenaltyError as exc:
            fail(exc, lg)
        lg = lang_for(lang, rb)
        if not unchecked:
            # a catalogue is what the public reads: a rulebook with unlawful or missing bands is not published
            from penalty.errors import RulebookError
            from penalty.authoring.check import check_rulebook
            errors = [p for p in check_rulebook(rb) if p.severity == "error"]
            if errors:
                fail(RulebookError(errors + [_not_published()]), lg)
        cat = K.build(rb, lg)
        if fmt == Format.md:
            text = K.markdown(cat)
        elif fmt == Format.html:
            text = K.html(cat, rb.fingerprint)
        else:
            text = K.csv_text(cat, rb.unit)
        if output is None:
            sys.stdout.write(text)
        else:
            bom = "\ufeff" if fmt == Format.csv else ""
            try:
                output.write_text(bom + text, encoding="utf-8")
            except OSError as exc:  # a folder, a missing folder, no permission: a sentence, not a traceback
                from penalty.errors import RulebookError
                from penalty.inputs import output_problem
                fail(RulebookError([output_problem(exc, "catalogue", output)]), lg)


def _not_published():
    from penalty.errors import Problem
    return Problem("catalogue.check_failed", None, {}, "error")
