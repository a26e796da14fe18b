"""`penalty versions`: the dated versions of a rulebook; and the art. 37 / art. 36 part of `penalty calc`'s output."""
from __future__ import annotations

import sys
from typing import Optional

import typer

from penalty.cli.common import JsonOption, LangOption, fail, lang_for
from penalty.explain.versions import _period, time_lines, time_markdown, tt  # noqa: F401 - time_markdown re-exported


def print_time(rb, result: dict, lang: str) -> None:
    from rich.markup import escape
    from rich.tree import Tree
    from penalty.cli.common import console
    lines = time_lines(rb, result, lang)
    if not lines:
        return
    tree = None
    trees = []
    for depth, text in lines:
        if depth == 0:
            tree = Tree(f"[bold]{escape(text)}[/]")
            trees.append(tree)
        else:
            tree.add(escape(text) if depth == 1 else f"[dim]{escape(text)}[/]")
    for tr in trees:
        console().print(tr)


def register(app: typer.Typer) -> None:
    @app.command("versions")
    def versions(rulebook: Optional[str] = typer.Argument(None, help="A rulebook file or bundled name (default: cn-env-food)."),
                 as_json: bool = JsonOption, lang: Optional[str] = LangOption):
        """List the dated versions of a rulebook found beside it, with the period each is in force."""
        from penalty.errors import PenaltyError
        from penalty.rulebook.bundled import resolve
        from penalty.time.versions import load_versions
        lg = lang_for(lang)
        try:
            vs = load_versions(resolve(rulebook))
        except PenaltyError as exc:
            fail(exc, lg, as_json)
        lg = lang_for(lang, vs.versions[-1].rulebook)
        rows = [{**v.to_json(), "violations": len(v.rulebook.violations)} for v in vs.versions]
        if as_json:
            from penalty import canonical
            sys.stdout.write(canonical.dumps({"id": vs.id, "versions": rows}, pretty=True) + "\n")
            return
        from rich.table import Table
        from penalty.cli.common import console
        table = Table(title=tt("time.versions_title", lg, id=vs.id))
        for col in ("col.version", "col.file", "col.from", "col.to", "col.to_from", "col.violations"):
            table.add_column(tt(col, lg), no_wrap=col in ("col.file", "col.from", "col.to", "col.version"), overflow="fold")
        for r in rows:
            table.add_row(r["version"], r["file"], str(r["from"] or "—"), str(r["to"] or "—"),
                          tt("to_from." + r["to_from"], lg), str(r["violations"]))
        console().print(table)
