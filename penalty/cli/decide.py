"""`penalty decide`: the officer's decision on a case, checked against its assessment, with the procedure the law
attaches to it (issue 15). A decision that would not be lawful is refused: exit 1, nothing written."""
from __future__ import annotations

import sys
from typing import Optional

import typer

from penalty.cli.common import JsonOption, LangOption, RulebookOption, console, fail, lang_for


def register(app: typer.Typer) -> None:
    @app.command("decide")
    def decide_command(
        case: str = typer.Argument(..., help="A case file (YAML or JSON), or - for standard input."),
        amount: str = typer.Option(..., "--amount", help="The decided fine, in the rulebook's unit (e.g. yuan)."),
        grade: Optional[str] = typer.Option(None, "--grade", help="The grade the officer decides under (checked against the amount)."),
        reason: Optional[str] = typer.Option(None, "--reason", help="A deviation reason code from the rulebook's `deviation_reasons`."),
        note: Optional[str] = typer.Option(None, "--note", help="Why the reason applies (needed with a deviation)."),
        measures: Optional[str] = typer.Option(None, "--measures", help="Measure ids, comma-separated (default: the result's)."),
        rulebook: Optional[str] = RulebookOption,
        as_json: bool = JsonOption,
        lang: Optional[str] = LangOption,
    ):
        """Decide a case: accept the amount inside the band, a deviation only for a listed reason, refuse what the law does not allow."""
        from penalty.errors import PenaltyError
        from penalty.rulebook.bundled import resolve
        from penalty.rulebook.load import load_rulebook

        lg = lang_for(lang)
        try:
            rb = load_rulebook(resolve(rulebook))
            lg = lang_for(lang, rb)
            out = decide_case(rb, resolve(rulebook), case, amount, grade=grade, reason=reason, note=note,
                              measures=None if measures is None else [m.strip() for m in measures.split(",") if m.strip()])
        except PenaltyError as exc:
            fail(exc, lg, as_json=as_json)
        if as_json:
            from penalty import canonical
            sys.stdout.write(canonical.dumps(out, pretty=True) + "\n")
        else:
            show(rb, out, lg)


def decide_case(rb, rulebook_path, case_path, amount_text, **choice) -> dict:
    """Read the case, assess it as calc does (arts. 37 and 36), check the party, decide, and add the procedure."""
    from penalty.decision import check_party, decide, procedure, read_dates
    from penalty.engine.facts import read_case_data
    from penalty.time.choose import DATE_KEYS, assess_in_time
    data, name = read_case_data(case_path)
    party = check_party(data)
    dates = read_dates(data)
    versions = None
    if isinstance(data, dict) and any(k in data for k in DATE_KEYS):  # without dates no other version is read
        from penalty.time.versions import load_versions
        versions = load_versions(rulebook_path, named=rb)
    outcome = assess_in_time(versions, data, name, named=rb)
    rb, case, result = outcome
    result = result.to_json()
    decision = decide(rb, result, _amount(rb, amount_text), **choice)
    proc = procedure(rb, decision.amount, decision.measures, party["party_type"], {**case.dates, **dates})
    return {"ok": True, "case_id": case.case_id, "party": party, "decision": decision.to_json(), "procedure": proc,
            "assessment": result}


def _amount(rb, text: str) -> int:
    from penalty.decision.rules import DecisionRefused
    from penalty.errors import Problem
    from penalty.money import parse_user_number, to_minor
    try:
        return to_minor(parse_user_number(text), rb.unit.minor_units)
    except ValueError:
        raise DecisionRefused([Problem("decision.bad_amount", None, {"value": text, "unit": rb.unit.label or ""})]) from None


def show(rb, out: dict, lang: str) -> None:
    from penalty.decision.messages import MESSAGES
    from penalty.decision.render import text
    from penalty.i18n import fill
    from penalty.money import format_amount
    con = console(soft_wrap=True)
    d = out["decision"]
    con.print(f"[bold]{fill(MESSAGES, 'decision.title', lang)}[/]", markup=True)
    status = fill(MESSAGES, f"decision.status.{d['status']}", lang)
    con.print(fill(MESSAGES, "decision.summary", lang, amount=format_amount(d["amount"], rb.unit, lang), status=status),
              markup=False)
    for check in d["checks"]:
        con.print("  ✓ " + text(check, lang), markup=False)
    if d["reason"] is not None:
        con.print("  " + fill(MESSAGES, "decision.reason_line", lang, reason=d["reason"], reason_label=d["reason_label"],
                              note=d["note"] or "-"), markup=False)
    for warning in d["warnings"]:
        con.print("  ! " + text(warning, lang), markup=False)
    con.print("")
    con.print(f"[bold]{fill(MESSAGES, 'decision.procedure_title', lang)}[/]", markup=True)
    marks = {"required": "■", "allowed": "○", "info": "·", "warning": "!"}
    for item in out["procedure"]["items"]:
        con.print(f"  {marks[item['kind']]} " + text(item, lang), markup=False)
