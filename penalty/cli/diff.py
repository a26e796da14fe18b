"""`penalty diff OLD NEW [--cases FILE]`: what a revision changes, and which past cases it moves."""
from __future__ import annotations

import sys
from enum import Enum
from typing import Optional

import typer

from penalty.cli.common import JsonOption, LangOption, fail, lang_for


class Engine(str, Enum):
    columns = "columns"
    per_case = "per-case"


class Format(str, Enum):
    text = "text"
    md = "md"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command("diff")
    def diff(
        old: str = typer.Argument(..., help="The old rulebook: a file, or a bundled name (e.g. cn-env-food)."),
        new: str = typer.Argument(..., help="The new rulebook: a file, or a bundled name (e.g. cn-env-food.2025)."),
        cases: Optional[str] = typer.Option(None, "--cases", "-c", help="Replay these cases under both: .csv, .jsonl, .parquet, .xlsx, a YAML list of cases, or a folder of case files."),
        as_json: bool = JsonOption,
        fmt: Format = typer.Option(Format.text, "--format", "-f", help="text (tables), md (a revision memo) or json."),
        show: int = typer.Option(50, "--show", min=0, help="How many moved cases to list in text and md output (--json and --changes-out list all)."),
        changes_out: Optional[str] = typer.Option(None, "--changes-out", help="Write every moved case to this JSON Lines file, as the replay streams."),
        no_cache: bool = typer.Option(False, "--no-cache", help="Assess every case afresh (to measure; results are the same)."),
        engine: Engine = typer.Option(Engine.columns, "--engine", help="columns: a batch of cases at a time on the review's column engine, the per-case engine only for the cases the columns cannot decide (needs the review extra); per-case: every case through the per-case engine. The output is the same."),
        lang: Optional[str] = LangOption,
    ):
        """Semantic diff of two rulebook versions; with --cases, the cases whose grade, range or amount changes."""
        from penalty.errors import PenaltyError
        from penalty.rulebook.bundled import resolve
        from penalty.rulebook.load import load_rulebook
        from penalty.diff import render
        from penalty.diff.semantic import diff_rulebooks
        if as_json:
            fmt = Format.json
        lg = lang_for(lang)
        try:
            rb_old, rb_new = load_rulebook(resolve(old)), load_rulebook(resolve(new))
        except PenaltyError as exc:
            fail(exc, lg, as_json=fmt == Format.json)
        lg = lang_for(lang, rb_new)
        data = diff_rulebooks(rb_old, rb_new)
        impact = None
        if cases is not None:
            try:
                impact = _replay(rb_old, rb_new, cases, changes_out, not no_cache, keep=None if fmt == Format.json else show,
                                 progress=fmt != Format.json, columns=engine == Engine.columns)
            except PenaltyError as exc:
                fail(exc, lg, as_json=fmt == Format.json)
        if fmt == Format.json:
            from penalty import canonical
            out = {"diff": data}
            if impact is not None:
                out["impact"] = {"cases": impact["changed"], **impact["summary"]}
            sys.stdout.write(canonical.dumps(out, pretty=True) + "\n")
            return
        head, sections = render.diff_sections(data, rb_old, rb_new, lg)
        if impact is not None:
            sections += render.impact_sections(impact["changed"], impact["summary"], rb_old, rb_new, lg, show)
        if fmt == Format.md:
            sys.stdout.write(render.markdown(head, sections))
            return
        _tables(head, sections)


def _replay(rb_old, rb_new, path, changes_out, cache, keep, progress, columns=True):
    """Stream the cases through both versions; keep the first `keep` moved cases (all when None).
    columns: through the column engine where it can decide (penalty.diff.columns), else the per-case engine."""
    import os
    from penalty import canonical
    from penalty.diff.cases import Counter, in_columns, read_cases
    from penalty.diff.replay import Replayer
    counter = Counter()
    replayer = Replayer(rb_old, rb_new, cache=cache)
    run = replayer.run
    if columns and in_columns(path):
        from penalty.diff.columns import ColumnReplay, available
        if available():
            run = ColumnReplay(replayer).run
    changed = []
    try:
        sink = open(changes_out, "w", encoding="utf-8") if changes_out else None
    except OSError as exc:  # a folder, a missing folder, no permission: a sentence, not a traceback
        from penalty.errors import CaseError
        from penalty.inputs import output_problem
        raise CaseError([output_problem(exc, "diff", changes_out)]) from None
    size = os.path.getsize(path) if os.path.isfile(path) else None
    try:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
        from penalty.cli.common import console
        with Progress(TextColumn("replay"), BarColumn(), TextColumn("{task.fields[n]} cases"), TimeElapsedColumn(),
                      console=console(stderr=True), transient=True, disable=not progress) as bar:
            task = bar.add_task("replay", total=size, n=0)
            for i, record in enumerate(run(read_cases(path, counter)), 1):
                if keep is None or len(changed) < keep:
                    changed.append(record)
                if sink is not None:
                    sink.write(canonical.dumps(record) + "\n")
                if i % 2000 == 0:
                    bar.update(task, completed=counter.bytes, n=replayer.all.cases)
            bar.update(task, completed=counter.bytes, n=replayer.all.cases)
    finally:
        if sink is not None:
            sink.close()
    return {"changed": changed, "summary": replayer.summary()}


def _tables(head, sections):
    from rich.markup import escape
    from rich.table import Table
    from penalty.cli.common import console
    out = console()
    out.print(f"[bold]{escape(head[0])}[/]")
    for line in head[1:]:
        out.print(escape(line))
    for title, cols, rows in sections:
        table = Table(title=escape(title), title_justify="left", show_lines=False)
        for c in cols:
            table.add_column(escape(c), overflow="fold")
        for r in rows:
            table.add_row(*(escape(str(x)) for x in r))
        out.print(table)
