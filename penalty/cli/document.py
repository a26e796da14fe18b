"""`penalty document notice|decision SEQ_OR_CASE`: the 行政处罚事先告知书 (art. 44) or 行政处罚决定书 (art. 59) of a
decision recorded in the register, as .docx or Markdown (issue 16). Also the shared plumbing of `penalty publish`
and `penalty panel`: the register opened for reading, and every error worded once, exit 1."""
from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Optional

import typer

from penalty.cli.common import JsonOption, LangOption, console, fail, lang_for

RegisterOpt = typer.Option(None, "--register", help="The register file (default: $PENALTY_REGISTER or ./penalty-register.sqlite).")
TemplateOpt = typer.Option(None, "--template", help="A template folder replacing the bundled one, file by file (docs/documents.md).")
TargetArg = typer.Argument(..., metavar="SEQ_OR_CASE", help="The decision's register entry number, or its case id.")
OutOpt = typer.Option(None, "--out", "-o", help="FILE.docx or FILE.md (default: Markdown on standard output).")
OfficerOpt = typer.Option("", "--officer", help="Who records it in the register (needed).")
RegisterKeyOpt = typer.Option(None, "--register-key", help="Sign the register's head with the office's Ed25519 private key (PEM; default: $PENALTY_REGISTER_KEY).")
SUMMARIES = {
    "notice": "行政处罚事先告知书 (art. 44): the intended penalty, its facts, grounds and basis, the rights to state, defend and ask for a hearing.",
    "decision": "行政处罚决定书 (art. 59): party, facts and evidence, provisions, the 裁量说明, penalty, payment, remedies, authority and date.",
}


@contextlib.contextmanager
def reported(lang: str, as_json: bool, register=None, create: bool = False):
    """The register opened (without creating it, unless `create`), and every refusal of the documents, decision
    or audit layer worded in `lang`, exit 1 (never a traceback)."""
    from penalty.audit import messages as audit_messages
    from penalty.audit.register import Register
    from penalty.errors import PenaltyError  # the register's own errors (AuditError) among them
    chosen = audit_messages.use_lang(lang)
    try:
        with Register.open(register, create=create) as reg:
            yield reg
    except PenaltyError as exc:
        fail(exc, lang, as_json=as_json)
    finally:
        audit_messages.restore_lang(chosen)


def said(code: str, lang: str, **args) -> None:
    """One line on stderr from the documents catalogue (what was written where)."""
    from penalty.documents.messages import MESSAGES
    from penalty.i18n import fill
    console(stderr=True).print(fill(MESSAGES, code, lang, **args), markup=False)


def print_json(data) -> None:
    from penalty import canonical
    sys.stdout.write(canonical.dumps(data, pretty=True) + "\n")


def emit(doc, out):
    """Write `doc` to `out` (.docx or .md); the path written, or None when it goes to standard output."""
    from penalty.documents import write
    return str(write(doc, out)) if out is not None else None


def shown(doc, written, lang: str, as_json: bool) -> None:
    if as_json:
        print_json({"ok": True, "kind": doc.kind, "seq": doc.seq, "out": written, "fields": doc.fields})
    elif written is None:
        sys.stdout.write(doc.markdown())
    if written is not None:
        said("document.written", lang, path=written)


def needs_officer(officer: str) -> str:
    from penalty.documents.template import DocumentError
    from penalty.errors import Problem
    if not officer.strip():
        raise DocumentError([Problem("panel.needs_officer", None, {})])
    return officer.strip()


def append(reg, decision, kind: str, payload: dict, register_key, explanation: str):
    """A panel outcome or a revocation appended beside `decision`, signed as `penalty decide --record` signs."""
    from penalty.cli.audit import signing_key
    from penalty.documents import lookup
    return lookup.append(reg, decision, kind, payload, explanation, payload["officer"], signing_key(register_key))


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Documents of a recorded decision: 行政处罚事先告知书 (notice) and 行政处罚决定书 (decision).",
                        no_args_is_help=True, add_completion=False)

    def document_command(kind: str):
        def command(target: str = TargetArg, register_path: Optional[Path] = RegisterOpt,
                    template: Optional[Path] = TemplateOpt, out: Optional[Path] = OutOpt,
                    as_json: bool = JsonOption, lang: Optional[str] = LangOption):
            lg = lang_for(lang)
            with reported(lg, as_json, register_path) as reg:
                from penalty.documents import document
                doc = document(reg, target, kind=kind, template=template, lang="zh")
                written = emit(doc, out)
            shown(doc, written, lg, as_json)
        return command

    for kind, summary in SUMMARIES.items():
        group.command(kind, help=summary)(document_command(kind))

    @group.command("revoke")
    def revoke_command(
        target: str = TargetArg,
        reason: str = typer.Option(..., "--reason", help="Why the decision is revoked (shown in the withdrawal record)."),
        officer: str = OfficerOpt,
        on: Optional[str] = typer.Option(None, "--date", help="The day of the revocation (YYYY-MM-DD; default: today)."),
        register_path: Optional[Path] = RegisterOpt, register_key: Optional[Path] = RegisterKeyOpt,
        as_json: bool = JsonOption, lang: Optional[str] = LangOption,
    ):
        """Record that a decision was revoked (撤销): `penalty publish` then gives its withdrawal (art. 48 ¶2)."""
        import datetime as _dt
        lg = lang_for(lang)
        with reported(lg, as_json, register_path) as reg:
            from penalty.cli.publish import since_date
            from penalty.documents import lookup
            who = needs_officer(officer)
            when = since_date(on) or _dt.date.today()
            decision = lookup.decision_entry(reg, target)
            payload = {"of": decision.seq, "reason": reason, "officer": who, "date": when.isoformat()}
            entry = append(reg, decision, "revocation", payload, register_key,
                           f"# 撤销行政处罚决定\n\n- 登记簿第 {decision.seq} 条的决定于 {when.isoformat()} 撤销：{reason}\n")
        if as_json:
            print_json({"ok": True, "seq": entry.seq, "revocation": payload})
        said("document.revoked", lg, seq=entry.seq, of=decision.seq)

    app.add_typer(group, name="document")
