"""`penalty test RULEBOOK...`: run the example cases beside each rulebook, show a diff for each failure, and
report which situations, cells, levels, adjustments and switch branches no case reaches."""
from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path
from typing import List, Optional

import typer

from penalty.cli.common import EXIT_OK, EXIT_PROBLEM, JsonOption, LangOption, console, fail, lang_for


def register(app: typer.Typer) -> None:
    @app.command("test")
    def test(
        rulebooks: List[str] = typer.Argument(..., help="Rulebook files, or names of bundled rulebooks."),
        cases: Optional[str] = typer.Option(None, "--cases", help="The cases file (default: <rulebook>.cases.yaml beside each rulebook); only with one rulebook."),
        min_coverage: Optional[int] = typer.Option(None, "--min-coverage", min=0, max=100, help="Fail when the coverage of a rulebook is below N percent."),
        as_json: bool = JsonOption,
        lang: Optional[str] = LangOption,
        verbose: bool = typer.Option(False, "--verbose", "-v", help="List passing cases too."),
    ):
        """Run a rulebook's example cases and report coverage."""
        from penalty.errors import PenaltyError, Problem, RulebookError
        from penalty.rulebook.bundled import resolve
        from penalty.rulebook.load import load_rulebook
        from penalty.testing.cases import cases_path_for, run_case, load_cases
        from penalty.testing.coverage import measure
        if lang not in (None, "zh", "en"):
            raise typer.BadParameter("use zh or en", param_hint="--lang")
        if cases and len(rulebooks) != 1:
            raise typer.BadParameter("--cases goes with exactly one rulebook", param_hint="--cases")
        lg = lang_for(lang)
        runs = []
        for name in rulebooks:
            path = resolve(name)
            cases_path = Path(cases) if cases else cases_path_for(path)
            try:
                rb = load_rulebook(path)
                lg = lang_for(lang, rb)
                if not cases_path.exists():  # what exists but is no file (a folder, a device) load_cases words
                    raise RulebookError([Problem("load.no_cases", None, {"path": str(cases_path)})])
                specs = load_cases(cases_path)
            except PenaltyError as exc:
                fail(exc, lg, as_json)
            outcomes = [run_case(rb, spec, pos) for spec, pos in _progress(specs, name)]
            runs.append((rb, path, cases_path, outcomes, measure(rb, outcomes)))
        below = [r for r in runs if min_coverage is not None and r[4].percent() < min_coverage]
        failed = any(not o.ok for r in runs for o in r[3]) or bool(below)
        if as_json:
            from penalty import canonical
            out = {"ok": not failed, "min_coverage": min_coverage,
                   "files": [_json(rb, path, cp, outcomes, cov) for rb, path, cp, outcomes, cov in runs]}
            sys.stdout.write(canonical.dumps(out, pretty=True) + "\n")
        else:
            for rb, path, cp, outcomes, cov in runs:
                _show(rb, path, cp, outcomes, cov, lg, verbose, min_coverage)
        raise typer.Exit(EXIT_PROBLEM if failed else EXIT_OK)


def _shown(path: Path) -> str:
    """A rulebook file as the title names it: a bundled one by its file name, any other as it was given."""
    from penalty.rulebook.bundled import bundled_dir
    return path.name if path.parent == bundled_dir() else str(path)


def _progress(items, name):
    if len(items) < 50 or not sys.stderr.isatty():
        return items
    from rich.progress import track
    return track(items, description=f"penalty test {name}", console=console(stderr=True), transient=True)


def value_text(rb, field, value, lang) -> str:
    from penalty.cli.explain import amount
    if field in ("range", "statutory") and isinstance(value, list):
        return " – ".join(_amount(rb, x, lang, amount) for x in value)
    if field == "recommended":
        return _amount(rb, value, lang, amount)
    if isinstance(value, list):
        return "[" + ", ".join(str(x) for x in value) + "]"
    return "—" if value is None else str(value)


def _amount(rb, value, lang, amount):
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return amount(rb, value, lang)
    return str(value)


def _json(rb, path, cases_path, outcomes, cov) -> dict:
    def at(pos):
        return f"{pos.file}:{pos.line}:{pos.column}" if pos else None
    return {
        "rulebook": rb.id, "file": str(path), "cases_file": str(cases_path),
        "passed": sum(1 for o in outcomes if o.ok), "failed": sum(1 for o in outcomes if not o.ok),
        "outcomes": [{"name": o.name, "at": at(o.pos), "ok": o.ok,
                      "diffs": [{"field": f, "expected": e, "actual": a} for f, e, a in o.diffs],
                      **({"error": o.error} if o.error else {})} for o in outcomes],
        "coverage": cov.to_json(),
    }


def _show(rb, path, cases_path, outcomes, cov, lang, verbose, min_coverage) -> None:
    from rich.markup import escape
    from rich.table import Table
    from penalty.cli.explain import t
    from penalty.testing.coverage import KINDS
    out = console()

    def say(text):  # positions like file:100:5 must not turn into emoji
        out.print(text, soft_wrap=True, emoji=False)
    for o in outcomes:
        where = f"{o.pos}" if o.pos else str(cases_path)
        if o.ok:
            if verbose:
                say(f"[green]{t('test.pass', lang)}[/] {escape(where)} {escape(o.name)}")
            continue
        say(f"[bold red]{t('test.fail', lang)}[/] {escape(where)} {escape(o.name)}")
        for field, expected, actual in o.diffs:
            say(f"  [red]- {escape(field)}: {escape(value_text(rb, field, expected, lang))}[/]   ({t('test.expected', lang)})")
            say(f"  [green]+ {escape(field)}: {escape(value_text(rb, field, actual, lang))}[/]   ({t('test.actual', lang)})")
        for line in o.error or ():
            say(f"    {escape(line)}")
    passed = sum(1 for o in outcomes if o.ok)
    say(t("test.summary", lang, file=escape(str(cases_path)), passed=passed, failed=len(outcomes) - passed,
                total=len(outcomes)))
    # the file as well as the id: two copies of a rulebook (a bundled one and the author's) share the id. A line
    # of its own, not the table's title, which rich would wrap to the width of the table
    say(t("test.coverage_of", lang, id=escape(rb.id), file=escape(_shown(path))))
    table = Table()
    for col in ("test.col.what", "test.col.covered"):
        table.add_column(t(col, lang))
    table.add_column("%", justify="right")
    for kind in (*KINDS, None):
        done, total = cov.count(kind)
        if total:
            table.add_row(t(f"test.kind.{kind or 'total'}", lang), f"{done}/{total}", str(cov.percent(kind)))
    out.print(table, emoji=False)
    missing = cov.missing()
    if missing:
        say(f"{t('test.col.missing', lang)}:")
    for i in missing:
        where = f"{i.pos.file}:{i.pos.line}:{i.pos.column}" if i.pos else ""
        name = f"{i.violation}: {i.id}" if i.violation else i.id
        say(f"  {escape(where)} {t(f'test.kind.{i.kind}', lang)} {escape(name)}")
    if min_coverage is not None and cov.percent() < min_coverage:
        say(f"[bold red]{t('test.below_min', lang, pct=cov.percent(), min=min_coverage)}[/]")
