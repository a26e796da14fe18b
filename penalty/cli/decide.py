"""`penalty decide`: the officer's decision on a case, checked against its assessment, with the procedure the law
attaches to it (issue 15). A decision that would not be lawful is refused: exit 1, nothing written."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer

from penalty.cli.calc import Format
from penalty.cli.common import JsonOption, LangOption, RulebookOption, console, fail, lang_for

# the officer's choice, as `decide` and `notify` both take it
CaseArgument = typer.Argument(..., help="A case file (YAML or JSON), or - for standard input.")
GradeOption = typer.Option(None, "--grade", help="The grade the officer decides under (checked against the amount).")
ReasonOption = typer.Option(None, "--reason", help="A deviation reason code from the rulebook's `deviation_reasons`.")
NoteOption = typer.Option(None, "--note", help="Why the reason applies (needed with a deviation).")
MeasuresOption = typer.Option(None, "--measures", help="Measure ids, comma-separated (default: the result's).")
RegisterOption = typer.Option(None, "--register", help="The register file (default: $PENALTY_REGISTER or ./penalty-register.sqlite).")
UnitOption = typer.Option(None, "--unit", help="Unit recorded (default: the case's `unit`).")
RegisterKeyOption = typer.Option(None, "--register-key", help="When recording: sign the register's head with the office's Ed25519 private key (PEM; default: $PENALTY_REGISTER_KEY).")
HistoryReasonOption = typer.Option(None, "--history-reason", help="FACT=TEXT: keep the case's own value of a fact the register's record of the party gives differently, for this reason (recorded).")


@contextmanager
def register_errors(lang: str, as_json: bool):
    """Reading the register (the party's record, similar cases, the notice): its errors are worded in the
    command's language and end the command with exit 1, as the register's own commands do, never a traceback."""
    from penalty.audit import messages as audit_messages
    from penalty.audit.errors import AuditError
    from penalty.cli.audit import fail as audit_fail
    chosen = audit_messages.use_lang(lang)
    try:
        yield
    except AuditError as exc:
        raise audit_fail(exc, as_json=as_json) from None
    finally:
        audit_messages.restore_lang(chosen)


def measure_ids(measures):
    return None if measures is None else [m.strip() for m in measures.split(",") if m.strip()]


def register(app: typer.Typer) -> None:
    @app.command("decide")
    def decide_command(
        case: str = CaseArgument,
        amount: str = typer.Option(..., "--amount", help="The decided fine, in the rulebook's unit (e.g. yuan)."),
        grade: Optional[str] = GradeOption,
        reason: Optional[str] = ReasonOption,
        note: Optional[str] = NoteOption,
        measures: Optional[str] = MeasuresOption,
        rulebook: Optional[str] = RulebookOption,
        record: bool = typer.Option(False, "--record", help="Append the decision, its reason and the assessment it rests on to the register (全程留痕)."),
        register: Optional[Path] = RegisterOption,
        officer: Optional[str] = typer.Option(None, "--officer", help="The deciding officer (default: the case's `officer`); needed with --record."),
        unit: Optional[str] = UnitOption,
        register_key: Optional[Path] = RegisterKeyOption,
        change_reason: Optional[str] = typer.Option(None, "--change-reason", help="Why a case already decided in the register is decided again (needed then)."),
        history_reason: Optional[list[str]] = HistoryReasonOption,
        as_json: bool = JsonOption,
        fmt: Format = typer.Option(Format.text, "--format", "-f", help="text (terminal), md (the memo for the case file, 裁量说明, with the decision and its procedure) or json."),
        lang: Optional[str] = LangOption,
    ):
        """Decide a case: accept the amount inside the band, a deviation only for a listed reason, refuse what the law does not allow."""
        from penalty.errors import PenaltyError
        from penalty.rulebook.bundled import resolve
        from penalty.rulebook.load import load_rulebook

        lg = lang_for(lang)
        as_json = as_json or fmt == Format.json
        try:
            rb = load_rulebook(resolve(rulebook))
            lg = lang_for(lang, rb)
            look_up = record or register is not None  # the party's record in the register decided into
            with register_errors(lg, as_json):
                out, outcome = decide_case(rb, resolve(rulebook), case, amount, register=register if look_up else False,
                                           history_reason=history_reason, grade=grade, reason=reason, note=note,
                                           measures=measure_ids(measures))
            if record:
                entry = _record(outcome, out, register, officer, unit, change_reason, lg, register_key, as_json)
                out = {**out, "recorded": {"seq": entry.seq, "entry_hash": entry.entry_hash}}
        except PenaltyError as exc:
            fail(exc, lg, as_json=as_json)
        if record:
            from penalty.cli.calc import _recorded
            console(stderr=True).print(f"[dim]{_recorded(lg, entry.seq, entry.entry_hash)}[/]")
        print_out(rb, out, lg, Format.json if as_json else fmt)


def print_out(rb, out: dict, lang: str, fmt) -> None:
    """The decision as --format asks: json (canonical), md (the memo) or text."""
    if fmt == Format.json:
        from penalty import canonical
        sys.stdout.write(canonical.dumps(out, pretty=True) + "\n")
    elif fmt == Format.md:
        sys.stdout.write(memo(rb, out, lang))
    else:
        show(rb, out, lang)


def decide_case(rb, rulebook_path, case_path, amount_text, register=False, history_reason=None, use_notice=True,
                **choice) -> tuple:
    """Read the case file and decide it with what the register knows (penalty.decision.case.decide_on_register):
    the other versions are read only when it gives dates. `register`: the register whose record of the party
    fills the history facts (None: the default register; False: none looked up)."""
    from penalty.decision.case import decide_on_register
    from penalty.engine.facts import read_case_data
    from penalty.time.choose import DATE_KEYS
    data, name = read_case_data(case_path)
    versions = None
    if isinstance(data, dict) and any(k in data for k in DATE_KEYS):
        from penalty.time.versions import load_versions
        versions = load_versions(rulebook_path, named=rb)
    return decide_on_register(rb, versions, data, name, amount_text, register=register,
                              history_reason=history_reason, use_notice=use_notice, **choice)


def _record(outcome, out: dict, register, officer, unit, change_reason, lang, register_key=None, as_json=False,
            notice: bool = False):
    """The decision, its reason, the party and the officer go into the register with the assessment they rest on:
    `result` is the assessment exactly as `calc --record` stores it (so `audit replay` reproduces it), and the
    decision rides in the stored case under `decision` (the engine reads past that key). Every refusal comes before
    the one write. `notice`: `penalty notify` records the intended penalty notified to the party (art. 44) under
    `notice` instead; a later decision may not be heavier (art. 45 para. 2)."""
    from penalty.audit.errors import AuditError
    from penalty.cli import record as keep
    from penalty.cli.audit import fail as audit_fail
    from penalty.decision.messages import MESSAGES
    from penalty.decision.rules import DecisionRefused
    from penalty.errors import Problem
    from penalty.i18n import fill
    rb, case = outcome.rulebook, outcome.case
    officer = officer or case.meta.get("officer", "")
    if not officer.strip():
        raise DecisionRefused([Problem("decision.needs_officer", None, {})])
    if not (case.case_id or "").strip():
        raise DecisionRefused([Problem("decision.needs_case_id", None, {})])
    result = out["assessment"]
    from penalty.audit import messages as audit_messages
    chosen = audit_messages.use_lang(lang)  # the register's messages in this command's language, as calc does
    try:
        prior = _prior_decisions(register, case.case_id)
        if notice:
            return _record_notice(outcome, out, register, officer, unit, lang, register_key, prior)
        if prior and not (change_reason or "").strip():
            last = prior[-1]
            raise DecisionRefused([Problem("decision.already_decided", None, {
                "case_id": case.case_id, "seq": last.seq, "officer": last.officer,
                "amount": _amount_label(rb, last.facts["decision"].get("amount"))})])
        if not prior and (change_reason or "").strip():
            raise DecisionRefused([Problem("decision.nothing_to_change", None, {"case_id": case.case_id})])
        decided = {**out["decision"], "officer": officer, "party": out["party"],
                   "change_reason": (change_reason or "").strip() or None, "supersedes": prior[-1].seq if prior else None}
        from dataclasses import replace
        stored = replace(case, raw={**case.raw, "decision": decided})
        head = [fill(MESSAGES, "decision.officer_line", lang, officer=officer)]  # said in the stored memo
        if prior:
            head.append(fill(MESSAGES, "decision.change_line", lang, seq=prior[-1].seq, reason=decided["change_reason"]))
        explanation = memo(rb, out, lang, head)
        return keep.record(rb, stored, result, explanation, register, officer, unit, outcome.weighed, register_key)
    except AuditError as exc:
        raise audit_fail(exc, as_json=as_json) from None
    finally:
        audit_messages.restore_lang(chosen)


def _record_notice(outcome, out: dict, register, officer, unit, lang, register_key, prior):
    from dataclasses import replace
    from penalty.cli import record as keep
    from penalty.decision.messages import MESSAGES
    from penalty.decision.rules import DecisionRefused
    from penalty.errors import Problem
    from penalty.i18n import fill
    rb, case = outcome.rulebook, outcome.case
    if prior:  # the notice comes before the decision (art. 44); a decided case is changed, not notified
        raise DecisionRefused([Problem("decision.notice_after_decision", None, {"case_id": case.case_id, "seq": prior[-1].seq})])
    d = out["decision"]
    notified = {"amount": d["amount"], "grade": d["grade"], "measures": d["measures"], "status": d["status"],
                "reason": d["reason"], "note": d["note"], "officer": officer, "party": out["party"],
                "notice_date": case.raw.get("notice_date")}
    stored = replace(case, raw={**case.raw, "notice": notified})
    explanation = memo(rb, out, lang, [fill(MESSAGES, "decision.notice_line", lang, officer=officer)])
    return keep.record(rb, stored, out["assessment"], explanation, register, officer, unit, outcome.weighed, register_key)


def _prior_decisions(register, case_id: str) -> list:
    """The register's decisions (not bare assessments) of this case, in chain order; none when no register yet."""
    from penalty.audit.register import Register, resolve_path
    if not resolve_path(register).exists():  # nothing decided, and nothing created by looking
        return []
    with Register.open(register, create=False) as reg:
        return [e for e in reg.entries(case_id=case_id) if isinstance(e.facts, dict) and isinstance(e.facts.get("decision"), dict)]


def _amount_label(rb, amount):
    from penalty.decision.amounts import money
    return money(amount, rb.unit) if isinstance(amount, int) else str(amount)


def show(rb, out: dict, lang: str) -> None:
    con = console(soft_wrap=True)
    context = context_lines(rb, out, lang)
    for line in context + ([""] if context else []) + lines(rb, out, lang):
        con.print(line, markup=False)


def memo(rb, out: dict, lang: str, extra=()) -> str:
    """The case-file memo: calc's memo of the assessment, then the decision and its procedure (裁量决定, 程序提示) as
    its last sections. `extra`: lines said after the procedure (who decided, what a change replaces). Stored by
    --record."""
    from penalty.cli.render import markdown
    from penalty.cli.versions import time_markdown
    result = out["assessment"]
    tail = lines(rb, out, lang, md=True) + ([""] + [f"- {line}" for line in extra] if extra else [])
    more = time_markdown(rb, result, lang) + "\n".join(context_lines(rb, out, lang, md=True))
    return markdown(rb, result, lang, more).rstrip("\n") + "\n\n" + "\n".join(tail) + "\n"


def context_lines(rb, out: dict, lang: str, md: bool = False) -> list:
    """当事人违法记录 and 类案参考, each its own section, when the register was looked in."""
    from penalty.decision.render import history_lines, similar_lines
    rows: list = []
    for section in (history_lines(out.get("history"), lang, md), similar_lines(rb, out.get("similar"), lang, md)):
        if section:
            rows += ([""] if md or rows else []) + section
    return rows


def lines(rb, out: dict, lang: str, md: bool = False) -> list:
    """The decision and its procedure as text lines (`md`: as Markdown, headings and list items)."""
    from penalty.decision.messages import MESSAGES
    from penalty.decision.render import text
    from penalty.i18n import fill
    from penalty.money import format_amount
    d = out["decision"]
    status = fill(MESSAGES, f"decision.status.{d['status']}", lang)
    heading, item_mark = ("## ", "- ") if md else ("", "  ")
    rows = [heading + fill(MESSAGES, "decision.title", lang), *([""] if md else []),
            item_mark + fill(MESSAGES, "decision.summary", lang, amount=format_amount(d["amount"], rb.unit, lang), status=status)]
    rows += [f"{item_mark}✓ " + text(check, lang) for check in d["checks"]]
    if d["reason"] is not None:
        rows.append(item_mark + fill(MESSAGES, "decision.reason_line", lang, reason=d["reason"], reason_label=d["reason_label"],
                                     note=d["note"] or "-"))
    rows += [f"{item_mark}! " + text(warning, lang) for warning in d["warnings"]]
    rows += ["", heading + fill(MESSAGES, "decision.procedure_title", lang), *([""] if md else [])]
    marks = {"required": "■", "allowed": "○", "info": "·", "warning": "!"}
    rows += [f"{item_mark}{marks[item['kind']]} " + text(item, lang) for item in out["procedure"]["items"]]
    return rows
