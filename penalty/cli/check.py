"""`penalty check RULEBOOK...`: every problem of every rulebook, with file:line:column, reason and hint."""
from __future__ import annotations

import sys
from enum import Enum
from typing import List, Optional

import typer

from penalty.cli.common import EXIT_OK, EXIT_PROBLEM, JsonOption, LangOption, console, lang_for


class FailOn(str, Enum):
    error = "error"
    warning = "warning"


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check(
        rulebooks: List[str] = typer.Argument(..., help="Rulebook files, or names of bundled rulebooks."),
        as_json: bool = JsonOption,
        lang: Optional[str] = LangOption,
        fail_on: FailOn = typer.Option(FailOn.warning, "--fail-on", help="Exit 1 on errors only, or on errors and warnings (default)."),
        notes: bool = typer.Option(False, "--notes", help="Also show notes: overlaps resolved by the declared rule, acknowledged warnings."),
    ):
        """Check rulebooks before publication: structure, gaps, overlaps, lawful bands, order, citations."""
        from penalty.rulebook.bundled import resolve
        from penalty.authoring.check import check_file
        if lang not in (None, "zh", "en"):
            raise typer.BadParameter("use zh or en", param_hint="--lang")
        lg = lang_for(lang)
        reports = [_named(check_file(resolve(name)), name) for name in _progress(rulebooks, lg)]
        failed = any(r.failed(fail_on.value) for r in reports)
        if as_json:
            from penalty import canonical
            out = {"ok": not failed, "files": [r.to_json(lg) for r in reports]}
            sys.stdout.write(canonical.dumps(out, pretty=True) + "\n")
        else:
            show(reports, lg, notes)
        raise typer.Exit(EXIT_PROBLEM if failed else EXIT_OK)


def _progress(items, lang):
    if len(items) < 2 or not sys.stderr.isatty():
        return items
    from rich.progress import track
    return track(items, description="penalty check", console=console(stderr=True), transient=True)


def show(reports, lang, notes: bool) -> None:
    from rich.markup import escape
    from penalty.cli.explain import t
    out = console()

    def say(text):  # positions like file:100:5 must not turn into emoji
        out.print(text, soft_wrap=True, emoji=False)
    totals = {"error": 0, "warning": 0, "note": 0}
    colour = {"error": "bold red", "warning": "yellow", "note": "cyan"}
    for r in reports:
        for sev in totals:
            totals[sev] += r.count(sev)
        shown = [p for p in r.problems if notes or p.severity != "note"]
        if not shown and not r.count("note"):
            say(t("check.clean", lang, file=escape(r.file)))
        for p in shown:
            where = f"{p.pos}: " if p.pos else f"{r.file}: "
            say(f"[{colour.get(p.severity, 'bold red')}]{escape(where)}{t(p.severity, lang)}:[/] {escape(p.message(lang))}")
            hint = p.hint(lang)
            if "ack_reason" in p.args:
                say(f"  [cyan]{escape(t('acknowledged', lang, reason=_pick(p.args['ack_reason'], lang)))}[/]")
            elif hint:
                say(f"  [cyan]{t('hint', lang)}:[/] {escape(hint)}")
    say(t("check.summary", lang, files=len(reports), errors=totals["error"], warnings=totals["warning"],
                notes=totals["note"]))
    if totals["note"] and not notes:
        say(t("check.notes_hidden", lang, notes=totals["note"]))


def _pick(label, lang):
    from penalty.i18n import pick
    return pick(label, lang)


def _named(report, given: str):
    """A bundled rulebook is reported by the name the user typed, not by its path inside site-packages."""
    from dataclasses import replace
    from penalty.rulebook.bundled import bundled_path
    return replace(report, file=given) if bundled_path(given) is not None else report
