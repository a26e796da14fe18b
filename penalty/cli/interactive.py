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
    from penalty.engine.facts import coerce_value, parse_case, unstated_reached
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
    facts: dict = {}  # the answers as typed (what --save writes)
    known: dict = {}  # the answers read, and the defaults taken: what decides which rules the case reaches
    asked: set = set()
    while True:  # only the facts a reached rule reads, in the order the rules read them (facts_read_by)
        name = next((n for n in unstated_reached(violation, known) if n not in asked), None)
        if name is None:
            break
        asked.add(name)
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
                known[name] = fact.default
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
            known[name] = value
            break
    try:
        return parse_case({"violation": violation.id, "facts": facts}, rb, "<interactive>")
    except CaseError:
        raise


# ---------------------------------------------------------------- --save: the answered case as a case file


def check_save_path(path, lang: str) -> None:
    """Before any question: the file must not exist (a case file is never overwritten) and its folder must."""
    import typer
    if path.exists():
        raise typer.BadParameter(t("save.exists", lang, path=str(path)), param_hint="--save")
    if not path.parent.is_dir():
        raise typer.BadParameter(t("save.no_folder", lang, path=str(path.parent)), param_hint="--save")


def save_case(rb, case, path, rulebook_option, lang: str):
    """Ask the case number, write the answers as a case file that `penalty calc FILE` re-runs, and return the
    case parsed again from what was written (so a record or receipt carries the case number too)."""
    from penalty.cli.common import case_value
    from penalty.engine.facts import parse_case
    out = console()
    default = path.stem
    case_id = _ask(out, f"{t('prompt.case_id', lang, default=default)}: ", lang) or default
    act = case.acts[0]
    answered = list((case.raw or {}).get("facts", {}))  # only what was answered: defaults stay defaults
    data = {"case_id": case_id, "violation": act.violation,
            "facts": {name: case_value(rb, name, act.facts[name]) for name in answered}}
    rerun = f"penalty calc {path}" + (f" --rulebook {rulebook_option}" if rulebook_option else "")
    try:
        path.write_text(_case_yaml(data, rb, rerun), encoding="utf-8")
    except OSError as exc:  # the assessment is still shown: only the file is missing
        console(stderr=True).print(f"{t('error', lang)}: {t('save.unwritable', lang, path=str(path), reason=exc.strerror or str(exc))}",
                                   markup=False, soft_wrap=True)
        return case
    console(stderr=True).print(t("saved", lang, path=str(path), command=rerun), markup=False, soft_wrap=True)
    return parse_case(data, rb, path.name)


def _case_yaml(data: dict, rb, rerun: str) -> str:
    """The case as YAML, written here rather than by a YAML library: every value is a scalar, and strings are
    written as JSON strings (valid YAML, exact, any script) so that no id or label can read as a number."""
    lines = [f"# Answered with `penalty calc --interactive` on {rb.id} {rb.version}. Re-run: {rerun}",
             f"case_id: {_scalar(data['case_id'])}", f"violation: {_scalar(data['violation'])}", "facts:"]
    lines += [f"  {name}: {_scalar(value)}" for name, value in data["facts"].items()]
    return "\n".join(lines) + "\n"


def _scalar(value) -> str:
    import datetime
    import json
    from decimal import Decimal
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    if isinstance(value, (int, datetime.date)):
        return str(value) if isinstance(value, int) else value.isoformat()
    return json.dumps(str(value), ensure_ascii=False)
