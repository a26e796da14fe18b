"""`penalty rulebooks` and `penalty violations`: what is there to assess."""
from __future__ import annotations

import sys
from typing import Optional

import typer

from penalty.cli.common import JsonOption, LangOption, fail, lang_for
from penalty.explain.listing import fact_rows, statutory_text, violation_row  # noqa: F401 - statutory_text re-exported


def register(app: typer.Typer) -> None:
    @app.command("rulebooks")
    def rulebooks(as_json: bool = JsonOption, lang: Optional[str] = LangOption):
        """List the bundled rulebooks."""
        from penalty.cli.common import console
        from penalty.cli.explain import t
        from penalty.errors import PenaltyError
        from penalty.i18n import pick
        from penalty.rulebook.bundled import bundled_names, bundled_path
        from penalty.rulebook.load import load_rulebook
        lg = lang_for(lang)
        rows = []
        for name in bundled_names():
            try:
                rb = load_rulebook(bundled_path(name))
            except PenaltyError as exc:
                fail(exc, lg, as_json)
            rows.append({"name": name, "id": rb.id, "title": rb.title, "version": rb.version,
                         "violations": len(rb.violations), "path": str(bundled_path(name)), "fingerprint": rb.fingerprint})
        if as_json:
            from penalty import canonical
            sys.stdout.write(canonical.dumps(rows, pretty=True) + "\n")
            return
        from rich.table import Table
        table = Table(title=t("list.rulebooks", lg))
        for col in ("col.name", "col.title", "col.version", "col.violations"):
            table.add_column(t(col, lg))
        for r in rows:
            table.add_row(r["name"], pick(r["title"], lg), r["version"], str(r["violations"]))
        console().print(table)

    @app.command("violations")
    def violations(rulebook: Optional[str] = typer.Argument(None, help="A rulebook file or bundled name (default: cn-env-food)."),
                   violation: Optional[str] = typer.Argument(None, help="A violation id: list the facts a case of it needs."),
                   grep: Optional[str] = typer.Option(None, "--grep", "-g", metavar="WORDS",
                                                      help="Only the violations whose id, title or cited articles contain every word (e.g. --grep 排污许可)."),
                   as_json: bool = JsonOption, lang: Optional[str] = LangOption):
        """List a rulebook's violations with their statutory ranges; with a violation id, the facts it needs."""
        from penalty.cli.common import console
        from penalty.cli.explain import t
        from penalty.errors import PenaltyError
        from penalty.i18n import pick
        from penalty.rulebook.bundled import resolve
        from penalty.rulebook.load import load_rulebook
        lg = lang_for(lang)
        try:
            rb = load_rulebook(resolve(rulebook))
        except PenaltyError as exc:
            fail(exc, lg, as_json)
        lg = lang_for(lang, rb)
        if violation is not None:
            return _facts(rb, violation, lg, as_json)
        from penalty.explain.listing import matching
        rows = [violation_row(rb, v, lg) for v in (matching(rb, grep) if grep else rb.violations)]
        if as_json:
            from penalty import canonical
            sys.stdout.write(canonical.dumps(rows, pretty=True) + "\n")
            return
        from rich.table import Table
        table = Table(title=t("list.violations", lg, title=pick(rb.title, lg)))
        for col in ("col.id", "col.title", "col.statutory", "col.model"):
            # ids never wrap (they are typed into case files); titles get at least a third of the width
            table.add_column(t(col, lg), no_wrap=col == "col.id", ratio=2 if col == "col.title" else None,
                             min_width=12 if col == "col.title" else None, overflow="fold")
        for r in rows:
            table.add_row(r["id"], pick(r["title"], lg), r["statutory"], t("source." + r["model"], lg) if r["model"] else "—")
        if grep and not rows:
            from penalty.safetext import printable
            console().print(t("list.none_match", lg, words=printable(grep, keep_lines=False)), soft_wrap=True,
                            emoji=False, markup=False)
            raise typer.Exit(1)
        console().print(table)


# ---------------------------------------------------------------- `penalty violations RULEBOOK ID`: the facts


def _facts(rb, violation_id: str, lang: str, as_json: bool) -> None:
    from penalty.errors import CaseError, Problem
    if violation_id not in [v.id for v in rb.violations]:
        from penalty.engine.facts import _violation_suggestion
        fail(CaseError([Problem("case.unknown_violation", None, {
            "name": violation_id, "suggestion": _violation_suggestion(rb, violation_id), "rulebook": rb.id})]),
            lang, as_json)
    v = rb.violation(violation_id)
    rows = fact_rows(rb, v)
    if as_json:
        from penalty import canonical
        sys.stdout.write(canonical.dumps({"rulebook": rb.id, "violation": v.id, "title": v.title, "facts": rows},
                                         pretty=True) + "\n")
        return
    # a list, not a table: labels and choices are long, and a table of five columns folds them letter by letter
    from rich.markup import escape
    from penalty.cli.common import console
    from penalty.cli.explain import t
    from penalty.i18n import pick
    out = console()

    def say(text):
        out.print(text, soft_wrap=True, emoji=False)
    say(f"[bold]{escape(t('list.facts', lang, title=pick(v.title, lang), id=v.id))}[/]")
    if not rows:
        say(t("facts.none", lang))
        return
    for r in rows:
        about = f"（{_about(rb, r, lang)}）" if lang == "zh" else f"({_about(rb, r, lang)})"
        say(f"  [bold]{r['name']}[/]  {escape(pick(r['label'], lang) or '')}  [dim]{escape(about)}[/]")
        for c in r["choices"]:
            say(f"      {c['id']}  {escape(pick(c['label'], lang))}")
    say(t("facts.hint", lang))


def _about(rb, row: dict, lang: str) -> str:
    """The type, the bounds with the unit, and the default (or that the fact is required), in words."""
    from penalty.cli.explain import fact_value, t
    from penalty.engine.facts import type_label
    from penalty.i18n import pick
    fact = rb.facts[row["name"]]
    parts = [pick(type_label(fact.type), lang)]
    low, high = (fact_value(rb, row["name"], b, lang) if b is not None else None for b in (fact.min, fact.max))
    if low is not None and high is not None:
        parts.append(f"{low} – {high}")
    elif low is not None or high is not None:
        parts.append(f"≥ {low}" if low is not None else f"≤ {high}")
    elif pick(fact.unit, lang):
        parts.append(pick(fact.unit, lang))
    parts.append(t("facts.default", lang, value=fact_value(rb, row["name"], fact.default, lang))
                 if fact.default is not None else t("facts.required", lang))
    return ("；" if lang == "zh" else "; ").join(parts)
