"""`penalty calc --interactive`: choose a violation, then answer only the questions its rules need."""
from __future__ import annotations

from penalty.cli.common import console
from penalty.cli.explain import fact_value, t
from penalty.i18n import pick


def _ask(out, prompt: str, lang: str = "zh") -> str:
    out.print(prompt, end="")
    try:
        return input().strip()
    except EOFError:
        import typer
        out.print()
        out.print(f"[red]{t('prompt.eof', lang)}[/]")
        raise typer.Exit(2) from None


def ask_case(rb, lang: str):
    """Prompt on the terminal and return a Case. Bad answers are explained and asked again."""
    from penalty.engine.facts import coerce_value, facts_read_by, parse_case
    from penalty.errors import CaseError, Problem
    out = console()
    for i, v in enumerate(rb.violations, 1):
        out.print(f"  [bold]{i}[/]. {pick(v.title, lang)} [dim]({v.id})[/]")
    violation = None
    while violation is None:
        answer = _ask(out, f"{t('prompt.violation', lang)}: ", lang)
        if answer.isdigit() and 1 <= int(answer) <= len(rb.violations):
            violation = rb.violations[int(answer) - 1]
        elif answer in [v.id for v in rb.violations]:
            violation = rb.violation(answer)
        else:
            from penalty.engine.facts import _violation_suggestion
            hint = _violation_suggestion(rb, answer) if answer else ""
            message = t("prompt.empty", lang) if not answer else t("prompt.no_such", lang, answer=answer, n=len(rb.violations))
            if hint:
                message += " " + t("prompt.did_you_mean", lang, suggestion=hint)
            out.print(f"[red]{t('prompt.bad', lang, message=message)}[/]")
    facts = {}
    for name in facts_read_by(violation):
        fact = rb.facts[name]
        label = pick(fact.label, lang) or name
        unit = pick(fact.unit, lang)
        choices = list(fact.values)
        if choices:
            for j, vid in enumerate(choices, 1):
                out.print(f"    {j}. {pick(fact.values[vid], lang)} [dim]({vid})[/]")
        hint = ""
        if fact.type == "boolean":
            hint = " (y/n)"
        elif unit:
            hint = f" ({unit})"
        if fact.default is not None:
            hint += " " + t("prompt.optional", lang, default=fact_value(rb, name, fact.default, lang))
        while True:
            answer = _ask(out, f"{label}{hint}: ", lang)
            if not answer and fact.default is None:
                out.print(f"[red]{t('prompt.bad', lang, message=t('prompt.empty', lang))}[/]")
                continue
            if not answer and fact.default is not None:
                break
            if choices and answer.isdigit() and 1 <= int(answer) <= len(choices):
                answer = choices[int(answer) - 1]
            try:
                value = coerce_value(fact, answer, rb.unit.minor_units)
                from penalty.engine.facts import _in_bounds
                bad = _in_bounds(fact, value) if fact.type in ("money", "number", "integer") else None
                if bad:
                    raise ValueError(bad)
            except ValueError as exc:
                from penalty.engine.facts import type_label
                p = Problem(str(exc), None, {"fact": label, "value": answer, "type": type_label(fact.type),
                                             "values": ", ".join(choices), "min": fact.min, "max": fact.max,
                                             "suggestion": ""})
                out.print(f"[red]{t('prompt.bad', lang, message=p.message(lang))}[/]")
                continue
            facts[name] = answer
            break
    try:
        return parse_case({"violation": violation.id, "facts": facts}, rb, "<interactive>")
    except CaseError:
        raise
