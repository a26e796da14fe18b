"""`penalty calc`: assess one case and explain the result."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from penalty.cli.common import JsonOption, LangOption, RulebookOption, fail, lang_for


class Format(str, Enum):
    text = "text"
    md = "md"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command("calc")
    def calc(
        case: Optional[str] = typer.Argument(None, help="A case file (YAML or JSON), or - for standard input."),
        rulebook: Optional[str] = RulebookOption,
        as_json: bool = JsonOption,
        fmt: Format = typer.Option(Format.text, "--format", "-f", help="text (terminal), md (a memo for the case file, 裁量说明) or json."),
        lang: Optional[str] = LangOption,
        interactive: bool = typer.Option(False, "--interactive", "-i", help="Choose a violation and answer only the questions its rules need."),
        save: Optional[Path] = typer.Option(None, "--save", help="With --interactive: write the answered case (with a case number) to this new file, to re-run, record or attach."),
        cross_check: bool = typer.Option(False, "--cross-check", help="Also evaluate the conditions with durable-rules (optional extra) and compare."),
        record: bool = typer.Option(False, "--record", help="Append the assessment to the decision register (全程留痕)."),
        register: Optional[Path] = typer.Option(None, "--register", help="The register file (default: $PENALTY_REGISTER or ./penalty-register.sqlite)."),
        officer: Optional[str] = typer.Option(None, "--officer", help="Officer id recorded with --record (default: the case's `officer`)."),
        unit: Optional[str] = typer.Option(None, "--unit", help="Unit recorded with --record (default: the case's `unit`)."),
        receipt: Optional[Path] = typer.Option(None, "--receipt", help="Write a self-contained receipt (JSON) that verifies offline."),
        sign_key: Optional[Path] = typer.Option(None, "--sign-key", help="Sign the receipt with this Ed25519 private key (PEM; needs the `sign` extra)."),
        register_key: Optional[Path] = typer.Option(None, "--register-key", help="With --record: sign the register's head with the office's Ed25519 private key (PEM; default: $PENALTY_REGISTER_KEY)."),
        history_reason: Optional[list[str]] = typer.Option(None, "--history-reason", help="With --register: FACT=TEXT keeps the case's own value of a fact the party's record gives differently, for this reason."),

        decide_amount: Optional[str] = typer.Option(None, "--decide", help="Check this amount as `penalty decide CASE --amount AMOUNT` does (nothing recorded)."),
    ):
        """Assess a case: lawful range, recommended amount, measures, and how they were reached."""
        from penalty.errors import PenaltyError
        from penalty.rulebook.bundled import resolve
        from penalty.rulebook.load import load_rulebook
        from penalty.engine.assess import assess

        if lang not in (None, "zh", "en"):
            raise typer.BadParameter("use zh or en", param_hint="--lang")
        if case is None and not interactive:
            raise typer.BadParameter("give a case file, - for standard input, or --interactive", param_hint="CASE")
        if as_json:
            fmt = Format.json
        lg = lang_for(lang)
        if decide_amount is not None:
            for flag, given in (("--interactive", interactive), ("--record", record), ("--receipt", receipt is not None),
                                ("--cross-check", cross_check)):
                if given:
                    raise typer.BadParameter(f"--decide checks an amount only; record a decision with penalty decide --record (not with {flag})",
                                             param_hint="--decide")
            return _decide(rulebook, case, decide_amount, register, history_reason, lang, fmt)
        context: dict = {}  # 当事人违法记录 / 类案参考 from --register
        if save is not None:
            from penalty.cli.explain import t
            from penalty.cli.interactive import check_save_path
            if not interactive:
                raise typer.BadParameter(t("save.needs_interactive", lg), param_hint="--save")
            check_save_path(save, lg)
        try:
            rb = load_rulebook(resolve(rulebook))
            lg = lang_for(lang, rb)
            if interactive:
                from penalty.cli.interactive import ask_case
                the_case = ask_case(rb, lg)
                if save is not None:
                    from penalty.cli.interactive import save_case
                    the_case = save_case(rb, the_case, save, rulebook, lg)
                result = assess(rb, the_case)
                weighed = ()
            elif register is not None:  # the party's record in the register fills the history facts first
                from penalty.cli.decide import register_errors
                with register_errors(lg, fmt == Format.json):
                    outcome, context = _with_register(rb, resolve(rulebook), case, register, history_reason)
                rb, the_case, result = outcome
                weighed = outcome.weighed
            else:  # the version in force by the case's dates (art. 37) and the limitation period (art. 36)
                from penalty.time import assess_case_file
                outcome = assess_case_file(resolve(rulebook), case, named=rb)
                rb, the_case, result = outcome
                weighed = outcome.weighed
        except PenaltyError as exc:
            fail(exc, lg, as_json=fmt == Format.json)
        if record or receipt is not None:
            _keep(rb, the_case, result.to_json(), lg, record, register, officer, unit, receipt, sign_key, weighed,
                  register_key)
        cross = None
        if cross_check:
            from penalty.oracle.crosscheck import cross_check_case
            cross = cross_check_case(rb, the_case, result)
        from penalty.cli import render
        from penalty.cli.versions import print_time
        if fmt == Format.json:
            from penalty import canonical
            out = {**result.to_json(), **context}
            if cross is not None:
                out = {**out, "cross_check": cross}
            sys.stdout.write(canonical.dumps(out, pretty=True) + "\n")
        elif fmt == Format.md:
            data = result.to_json()
            sys.stdout.write(render.markdown(rb, data, lg, _memo_extra(rb, data, lg, context, the_case)))
        else:
            data = result.to_json()
            def more() -> None:  # art. 37 / 36, 当事人违法记录 and 类案参考 (with --register), the procedure
                print_time(rb, data, lg)
                _print_context(rb, context, lg, the_case, data)
            render.terminal(rb, data, lg, extra=more)
        if cross is not None:
            render.cross_check(cross, lg, quiet=fmt == Format.json)
            if not cross.get("ok", False) and cross.get("available", False):
                raise typer.Exit(1)


def _decide(rulebook, case, amount, register, history_reason, lang, fmt) -> None:
    """calc --decide: the decision check and its procedure, as penalty decide gives them, nothing recorded."""
    from penalty.cli.decide import decide_case, print_out, register_errors
    from penalty.errors import PenaltyError
    from penalty.rulebook.bundled import resolve
    from penalty.rulebook.load import load_rulebook
    lg = lang_for(lang)
    try:
        rb = load_rulebook(resolve(rulebook))
        lg = lang_for(lang, rb)
        with register_errors(lg, fmt == Format.json):
            out, _ = decide_case(rb, resolve(rulebook), case, amount, register=register if register is not None else False,
                                 history_reason=history_reason)
    except PenaltyError as exc:
        fail(exc, lg, as_json=fmt == Format.json)
    print_out(rb, out, lg, fmt)


def _with_register(rb, rulebook_path, case_path, register, history_reason) -> tuple:
    """(the Outcome, the context sections) of a case assessed with the party's record in `register` filling the
    history facts (penalty/decision/history.py)."""
    from penalty.decision.case import assess_data, read_history
    from penalty.engine.facts import read_case_data
    data, name = read_case_data(case_path)
    section = read_history(rb, data, register, history_reason)
    outcome = assess_data(rb, rulebook_path, data, name)
    from penalty.decision.similar import from_register
    similar = from_register(register, outcome.assessment.to_json(), outcome.case.case_id)
    return outcome, {**({"history": section} if section is not None else {}), "similar": similar}


def _memo_extra(rb, result, lang, context, case=None) -> str:
    from penalty.cli.decide import context_lines
    from penalty.cli.versions import time_markdown
    from penalty.decision.render import procedure_lines
    rows = context_lines(rb, context, lang, md=True)
    procedure = procedure_lines(rb, case, result, lang, md=True)
    if procedure:
        rows += ([""] if rows else []) + procedure
    return time_markdown(rb, result, lang) + "\n".join(rows)


def _print_context(rb, context, lang, case=None, result=None) -> None:
    from penalty.cli.common import console
    from penalty.cli.decide import context_lines
    rows = context_lines(rb, context, lang)
    if case is not None and result is not None:
        from penalty.decision.render import procedure_lines
        procedure = procedure_lines(rb, case, result, lang)
        if procedure:
            rows += ([""] if rows else []) + procedure
    if rows:
        con = console(soft_wrap=True)
        con.print()
        for line in rows:
            con.print(line, markup=False)


def _keep(rb, case, result, lang, record, register, officer, unit, receipt, sign_key, versions=(), register_key=None):
    """--record and --receipt: the stored explanation is the memo exactly as rendered now; `versions`: the
    rulebook versions the decision weighed (art. 37), stored so that it can be recomputed the same way."""
    from penalty.audit import messages as audit_messages
    from penalty.audit.errors import AuditError
    from penalty.cli import record as keep
    from penalty.cli.audit import fail as audit_fail
    from penalty.cli.render import markdown
    from penalty.cli.versions import time_markdown
    # the memo of the result alone, as `receipt verify` regenerates it (the history's provenance is in the case)
    explanation = markdown(rb, result, lang, time_markdown(rb, result, lang))
    chosen = audit_messages.use_lang(lang)  # the register's and receipts' messages in this command's language
    try:
        if record:
            entry = keep.record(rb, case, result, explanation, register, officer, unit, versions, register_key)
            from penalty.cli.common import console
            from penalty.cli.explain import t
            err = console(stderr=True)
            err.print(f"[dim]{_recorded(lang, entry.seq, entry.entry_hash)}[/]")
            if not entry.officer:  # recorded all the same (nothing is lost), but a decision needs its officer
                err.print(f"[yellow]{t('recorded.no_officer', lang)}[/]")
        if receipt is not None:
            keep.receipt(rb, case, result, explanation, receipt, sign_key, officer, versions)
    except AuditError as exc:
        raise audit_fail(exc, as_json=False) from None
    except OSError as exc:  # the receipt file (the register words its own)
        from penalty.audit.errors import ReceiptError
        from penalty.inputs import output_problem
        raise audit_fail(ReceiptError([output_problem(exc, "receipt", receipt)]), as_json=False) from None
    finally:
        audit_messages.restore_lang(chosen)


def _recorded(lang, seq, entry_hash):
    from penalty.cli.explain import t
    return t("recorded", lang, seq=seq, hash=entry_hash[:16])
