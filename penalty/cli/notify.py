"""`penalty notify`: record in the register the intended penalty notified to the party (告知, art. 44), so that a
later `penalty decide` of the case refuses anything heavier (art. 45 para. 2) without a `notified_amount` in the
case. The notified amount is checked as a decision is (a notice of an unlawful penalty is refused) and the
procedure shown: the notice is when the party is told of the hearing right (art. 63) and its 5 working days (art. 64).
A heavier penalty may be notified again: the last notice counts."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from penalty.cli.common import JsonOption, LangOption, RulebookOption, console, fail, lang_for
from penalty.cli.decide import (CaseArgument, GradeOption, HistoryReasonOption, MeasuresOption, NoteOption, ReasonOption,
                                RegisterKeyOption, RegisterOption, UnitOption)


def register(app: typer.Typer) -> None:
    @app.command("notify")
    def notify_command(
        case: str = CaseArgument,
        amount: str = typer.Option(..., "--amount", help="The intended fine notified to the party, in the rulebook's unit."),
        grade: Optional[str] = GradeOption,
        reason: Optional[str] = ReasonOption,
        note: Optional[str] = NoteOption,
        measures: Optional[str] = MeasuresOption,
        rulebook: Optional[str] = RulebookOption,
        register: Optional[Path] = RegisterOption,
        officer: Optional[str] = typer.Option(None, "--officer", help="The notifying officer (default: the case's `officer`)."),
        unit: Optional[str] = UnitOption,
        register_key: Optional[Path] = RegisterKeyOption,
        history_reason: Optional[list[str]] = HistoryReasonOption,
        as_json: bool = JsonOption,
        lang: Optional[str] = LangOption,
    ):
        """Record the intended penalty notified to the party (art. 44): a later decision may not be heavier."""
        from penalty.cli.decide import _record, decide_case, measure_ids, register_errors, show
        from penalty.errors import PenaltyError
        from penalty.rulebook.bundled import resolve
        from penalty.rulebook.load import load_rulebook

        lg = lang_for(lang)
        try:
            rb = load_rulebook(resolve(rulebook))
            lg = lang_for(lang, rb)
            with register_errors(lg, as_json):
                out, outcome = decide_case(rb, resolve(rulebook), case, amount, register=register, history_reason=history_reason,
                                           use_notice=False, grade=grade, reason=reason, note=note,
                                           measures=measure_ids(measures))
            entry = _record(outcome, out, register, officer, unit, None, lg, register_key, as_json, notice=True)
            out = {**out, "notified": True, "recorded": {"seq": entry.seq, "entry_hash": entry.entry_hash}}
        except PenaltyError as exc:
            fail(exc, lg, as_json=as_json)
        from penalty.cli.calc import _recorded
        from penalty.decision.messages import MESSAGES
        from penalty.i18n import fill
        err = console(stderr=True)
        err.print(f"[dim]{_recorded(lg, entry.seq, entry.entry_hash)}[/]")
        err.print(fill(MESSAGES, "decision.notice_line", lg, officer=entry.officer), markup=False)
        if as_json:
            from penalty import canonical
            sys.stdout.write(canonical.dumps(out, pretty=True) + "\n")
        else:
            show(rb, out, lg)
