"""Rendering a result for people in the terminal (rich); the memo (裁量说明) is penalty.explain.memo. Never computes.

Text from the case or the rulebook is shown with its control characters written out (penalty.safetext) by the
console (cli/common.py)."""
from __future__ import annotations

from penalty.cli.common import console
from penalty.cli.explain import grade_label, steps, t
from penalty.explain.steps import range_text, recommended_text
from penalty.explain.memo import alternative, decision_line, header, markdown, measures_text, recommended_key, warning_lines  # noqa: F401 - markdown re-exported
from penalty.i18n import pick


def terminal(rb, result: dict, lang: str, extra=None) -> None:
    """`extra`: a callable printing more sections (e.g. art. 37/36) before the fingerprint footer."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.tree import Tree
    from rich.markup import escape

    out = console()
    for line in header(rb, result, lang):
        out.print(escape(line), style="dim")
    applied = set(result["decision"]["applied"])
    for i, act in enumerate(result["acts"]):
        title = act["violation"]  # the id fits any width; the full title wraps inside the panel
        if i not in applied:
            title += " " + t("result.not_applied", lang)
        summary = Table.grid(padding=(0, 2))
        summary.add_column(style="bold", no_wrap=True)
        summary.add_column()
        summary.add_row(t("result.violation", lang), escape(pick(act["title"], lang)))
        summary.add_row(t("result.grade", lang), grade_label(rb, act["grade"], lang))
        summary.add_row(t("result.range", lang), range_text(rb, act, lang))
        summary.add_row(t(recommended_key(rb), lang), f"[bold green]{escape(recommended_text(rb, act, lang))}[/]")
        summary.add_row(t("result.measures", lang), escape(measures_text(rb, act, lang)))
        cites = act["citations"]
        if cites.get("violated"):
            summary.add_row("", escape(t("violated", lang, cite=pick(cites["violated"], lang))))
        if cites.get("penalty_basis"):
            summary.add_row("", escape(t("penalty_basis", lang, cite=pick(cites["penalty_basis"], lang))))
        out.print(Panel(summary, title=escape(title), title_align="left"))
        tree = Tree(f"[bold]{escape(t('explanation', lang))}[/]")
        parent = tree
        for depth, text in steps(rb, act, lang):
            if depth == 0:
                parent = tree.add(escape(text))
            else:
                parent.add(f"[dim]{escape(text)}[/]")
        out.print(tree)
        if act["alternatives"]:
            alt = Tree(f"[bold yellow]{escape(t('result.alternatives', lang))}[/]")
            for a in act["alternatives"]:
                alt.add(escape(alternative(rb, a, lang)))
            out.print(alt)
        for w in warning_lines(rb, act, lang):
            out.print(f"[yellow]{escape(t('result.warnings', lang))}:[/] {escape(w)}")
    decision = decision_line(rb, result, lang)
    if decision:
        out.print(f"[bold]{escape(decision)}[/]")
    if extra is not None:
        extra()
    out.print(escape(t("fingerprint", lang, fp=result["rulebook"]["fingerprint"][:16], engine=result["engine"])), style="dim")


def cross_check(cross: dict, lang: str, quiet: bool = False) -> None:
    err = console(stderr=True)
    if not cross.get("available"):
        err.print(f"[yellow]{t('cross.unavailable', lang, reason=cross.get('reason', ''))}[/]")
        err.print(f"  {t('cross.unavailable.hint', lang)}")
    elif cross["ok"]:
        if not quiet:
            err.print(f"[green]{t('cross.ok', lang, n=cross['matched'])}[/]")
    else:
        err.print(f"[bold red]{t('cross.diff', lang, ours=cross['only_ours'], theirs=cross['only_theirs'])}[/]")
