"""`penalty rulebooks` and `penalty violations`: what is there to assess."""
from __future__ import annotations

import sys
from typing import Optional

import typer

from penalty.cli.common import JsonOption, LangOption, fail, lang_for


def statutory_text(rb, v, lang) -> str:
    from penalty.cli.explain import amount, fact_label, t
    parts = []
    for form in v.statutory:
        if form.kind in ("range", "max", "min"):
            parts.append(f"{amount(rb, form.low, lang)} – {amount(rb, form.high, lang)}")
        else:
            key = "statutory.multiple" if form.kind == "multiple" else "statutory.percent"
            parts.append(t(key, lang, low=form.low, high=form.high, base=fact_label(rb, form.of, lang)))
    return " | ".join(parts)


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
                   as_json: bool = JsonOption, lang: Optional[str] = LangOption):
        """List a rulebook's violations with their statutory ranges."""
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
        rows = [{"id": v.id, "title": v.title, "statutory": statutory_text(rb, v, lg),
                 "model": v.model.kind if v.model else None,
                 "penalty_basis": v.penalty_basis} for v in rb.violations]
        if as_json:
            from penalty import canonical
            sys.stdout.write(canonical.dumps(rows, pretty=True) + "\n")
            return
        from rich.table import Table
        table = Table(title=t("list.violations", lg, title=pick(rb.title, lg)))
        for col in ("col.id", "col.title", "col.statutory", "col.model"):
            table.add_column(t(col, lg), no_wrap=col in ("col.id", "col.statutory"))
        for r in rows:
            table.add_row(r["id"], pick(r["title"], lg), r["statutory"], r["model"] or "—")
        console().print(table)
