"""`penalty calc`: assess one case and explain the result."""
from __future__ import annotations

import sys
from enum import Enum
from typing import Optional

import typer

from penalty.cli.common import JsonOption, LangOption, RulebookOption, fail, lang_for


class Format(str, Enum):
    text = "text"
    md = "md"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command("calc")
    def calc(
        case: Optional[str] = typer.Argument(None, help="A case file (YAML or JSON), or - for standard input."),
        rulebook: Optional[str] = RulebookOption,
        as_json: bool = JsonOption,
        fmt: Format = typer.Option(Format.text, "--format", "-f", help="text (terminal), md (a memo for the case file, 裁量说明) or json."),
        lang: Optional[str] = LangOption,
        interactive: bool = typer.Option(False, "--interactive", "-i", help="Choose a violation and answer only the questions its rules need."),
        cross_check: bool = typer.Option(False, "--cross-check", help="Also evaluate the conditions with durable-rules (optional extra) and compare."),
    ):
        """Assess a case: lawful range, recommended amount, measures, and how they were reached."""
        from penalty.errors import PenaltyError
        from penalty.rulebook.bundled import resolve
        from penalty.rulebook.load import load_rulebook
        from penalty.engine.assess import assess

        if lang not in (None, "zh", "en"):
            raise typer.BadParameter("use zh or en", param_hint="--lang")
        if case is None and not interactive:
            raise typer.BadParameter("give a case file, - for standard input, or --interactive", param_hint="CASE")
        if as_json:
            fmt = Format.json
        lg = lang_for(lang)
        try:
            rb = load_rulebook(resolve(rulebook))
            lg = lang_for(lang, rb)
            if interactive:
                from penalty.cli.interactive import ask_case
                the_case = ask_case(rb, lg)
                result = assess(rb, the_case)
            else:  # the version in force by the case's dates (art. 37) and the limitation period (art. 36)
                from penalty.time import assess_case_file
                rb, the_case, result = assess_case_file(resolve(rulebook), case, named=rb)
        except PenaltyError as exc:
            fail(exc, lg, as_json=fmt == Format.json)
        cross = None
        if cross_check:
            from penalty.oracle.crosscheck import cross_check_case
            cross = cross_check_case(rb, the_case, result)
        from penalty.cli import render
        from penalty.cli.versions import print_time, time_markdown
        if fmt == Format.json:
            from penalty import canonical
            out = result.to_json()
            if cross is not None:
                out = {**out, "cross_check": cross}
            sys.stdout.write(canonical.dumps(out, pretty=True) + "\n")
        elif fmt == Format.md:
            sys.stdout.write(render.markdown(rb, result.to_json(), lg) + time_markdown(rb, result.to_json(), lg))
        else:
            render.terminal(rb, result.to_json(), lg)
            print_time(rb, result.to_json(), lg)
        if cross is not None:
            render.cross_check(cross, lg, quiet=fmt == Format.json)
            if not cross.get("ok", False) and cross.get("available", False):
                raise typer.Exit(1)
