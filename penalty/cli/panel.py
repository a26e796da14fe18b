"""`penalty panel packet SEQ_OR_CASE`: the public-review packet (群众公议材料) of a recorded decision, anonymised;
`penalty panel record SEQ --votes 7-2-0 --outcome 50000 --opinion TEXT`: the panel's outcome, recorded in the register
beside the decision (the proposal and the panel's amount both stay on the record)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from penalty.cli.common import JsonOption, LangOption, lang_for


def read_votes(text: str) -> dict:
    from penalty.documents.template import DocumentError
    from penalty.errors import Problem
    parts = text.strip().split("-")
    if len(parts) != 3 or not all(p.strip().isdigit() for p in parts):
        raise DocumentError([Problem("panel.bad_votes", None, {"value": text})])
    return dict(zip(("for", "against", "abstain"), (int(p) for p in parts)))


def read_outcome(rb, text: str) -> int:
    from penalty.documents.template import DocumentError
    from penalty.errors import Problem
    from penalty.money import to_minor
    from penalty.values import read_number
    try:
        minor = to_minor(read_number(text), rb.unit.minor_units)
    except ValueError:
        minor = -1
    if minor < 0:
        raise DocumentError([Problem("panel.bad_outcome", None, {"value": text})])
    return minor


def register(app: typer.Typer) -> None:
    from penalty.cli.document import (OfficerOpt, OutOpt, RegisterKeyOpt, RegisterOpt, TargetArg, TemplateOpt, append,
                                      emit, needs_officer, print_json, reported, said, shown)
    group = typer.Typer(help="The public-review packet (群众公议) and the panel's outcome.", no_args_is_help=True,
                        add_completion=False)

    @group.command("packet")
    def packet_command(target: str = TargetArg, register_path: Optional[Path] = RegisterOpt,
                       template: Optional[Path] = TemplateOpt, out: Optional[Path] = OutOpt,
                       as_json: bool = JsonOption, lang: Optional[str] = LangOption):
        """群众公议材料: the case without its party, the benchmark item and cell, the range, the proposal, similar cases, room for the votes."""
        lg = lang_for(lang)
        with reported(lg, as_json, register_path) as reg:
            from penalty.documents.packet import packet
            doc = packet(reg, target, template=template)
            written = emit(doc, out)
        shown(doc, written, lg, as_json)

    @group.command("record")
    def record_command(
        target: str = TargetArg,
        votes: str = typer.Option(..., "--votes", help="for-against-abstain, e.g. 7-2-0."),
        outcome: str = typer.Option(..., "--outcome", help="The amount the panel proposes, in the rulebook's unit."),
        opinion: str = typer.Option("", "--opinion", help="The panel's opinion, as written."),
        officer: str = OfficerOpt, register_path: Optional[Path] = RegisterOpt, register_key: Optional[Path] = RegisterKeyOpt,
        as_json: bool = JsonOption, lang: Optional[str] = LangOption,
    ):
        """Record the panel's outcome beside the decision (a new register entry naming it)."""
        lg = lang_for(lang)
        with reported(lg, as_json, register_path) as reg:
            from penalty.documents import lookup
            from penalty.documents.packet import outcome_text
            from penalty.money import format_amount
            who = needs_officer(officer)
            decision = lookup.decision_entry(reg, target)
            rb = lookup.rulebook_of(reg, decision)
            proposed = decision.facts["decision"].get("amount") or 0
            panel = {"of": decision.seq, "votes": read_votes(votes), "outcome": read_outcome(rb, outcome),
                     "opinion": opinion, "officer": who}
            line = outcome_text(rb, decision.facts["decision"], panel)
            entry = append(reg, decision, "panel", panel, register_key, f"# 群众公议\n\n- {line}\n")
            labels = {"proposed": format_amount(proposed, rb.unit, lg), "outcome": format_amount(panel["outcome"], rb.unit, lg)}
        if as_json:
            print_json({"ok": True, "seq": entry.seq, "of": decision.seq, "panel": panel, "proposed": proposed})
        said("panel.recorded", lg, seq=entry.seq, **labels)

    app.add_typer(group, name="panel")
