"""`penalty audit ...`: verify, replay, list and show the decision register.

Exit codes: 0 all good, 1 a problem was found or the register file is bad, 2 usage (typer's own).
Bad input never shows a traceback: every RegisterError is printed as message + hint.
The engine is imported only inside `replay`, so the other commands work without loading it.
"""
from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path
from typing import Callable, Optional

import typer

from penalty import canonical
from penalty.audit import messages
from penalty.audit.errors import AuditError, RegisterError
from penalty.audit.register import Register

t = messages.text

app = typer.Typer(help=t("cli.audit.help"), no_args_is_help=True, add_completion=False)

RegisterOption = typer.Option(None, "--register", help=t("cli.opt.register"), show_default=False)
JsonOption = typer.Option(False, "--json", help=t("cli.opt.json"))
LANG = typer.Option(None, "--lang", help="zh or en (default: $PENALTY_LANG, else Chinese).")


def _use_lang(lang: Optional[str]) -> None:
    """--lang for this command (None: the project's rule), for the messages this layer words as it goes."""
    if lang is not None and lang not in ("zh", "en"):
        raise typer.BadParameter("use zh or en", param_hint="--lang")
    messages.use_lang(lang)


# --- shared with penalty.cli.receipt ------------------------------------------------------------------------------

def console(stderr: bool = False):
    from penalty.cli.common import console as make
    return make(stderr, soft_wrap=True)  # register lines carry hashes and paths: never wrapped


def print_json(data) -> None:
    sys.stdout.write(canonical.dumps(data, pretty=True) + "\n")


def fail(err: AuditError, as_json: bool) -> typer.Exit:
    """Report an error the user can act on, as every command does (penalty.cli.common.failure), in the
    language this command was given; return the exit to raise (code 1)."""
    from penalty.cli.common import failure
    return failure(err, messages.lang(), as_json)


def escape(text: str) -> str:
    from rich.markup import escape
    return escape(str(text))


def engine_recompute() -> tuple[Callable[[str, str, dict], dict], Callable[[str, str], object]]:
    """(recompute, load) backed by the real engine: recompute(text, name, facts) -> result JSON data, and
    load(text, name) -> Rulebook (for its fingerprint). Rulebooks are parsed once per (name, text)."""
    try:
        import penalty.engine.assess  # noqa: F401 - fail here, clearly, on a broken install
        from penalty.rulebook.load import load_bundle_versions
        from penalty.time import assess_in_time, version_set
    except ImportError as e:
        raise RegisterError.of("replay.engine_missing", detail=e) from None
    cache: dict[tuple[str, str], tuple] = {}

    def versions(text: str, name: str) -> tuple:
        key = (name, text)
        if key not in cache:
            cache[key] = load_bundle_versions(text, name)
        return cache[key]

    def load(text: str, name: str):
        return versions(text, name)[0]

    def recompute(text: str, name: str, facts: dict) -> dict:
        # the same path as `penalty calc`: a dated case weighs the stored versions (art. 37) and art. 36
        main, others = versions(text, name)
        return assess_in_time(version_set([main, *others]), facts, "<replay>", named=main).assessment.to_json()

    return recompute, load


def _open(register: Optional[Path]) -> Register:
    return Register.open(register, create=False)


def read_small(path: Path, limit: int, code: str, error: type[AuditError] = RegisterError) -> bytes:
    """A key, anchor or receipt file's bytes, measured before they are read (penalty.inputs: a huge file or
    /dev/zero must not fill the memory); an `error` of `code` naming the file and why, if it cannot be."""
    from penalty.inputs import Refused, read_limited, why
    try:
        return read_limited(path, limit, Refused, "file")
    except Refused as e:
        raise error.of(code, path=path, detail=why(e.problems[0])) from None


def _on_register(register: Optional[Path], as_json: bool, action: Callable[[Register], object]):
    """action(register) on the register opened for reading; its RegisterError reported, exit 1."""
    try:
        with _open(register) as reg:
            return action(reg)
    except RegisterError as e:
        raise fail(e, as_json) from None


KEY_LIMIT = 64 * 1024


def signing_key(path: Optional[Path]):
    """The office's private key from `path`, else $PENALTY_REGISTER_KEY, else None (entries written unsigned)."""
    import os

    from penalty.audit import signing
    if path is None:
        env = os.environ.get(signing.KEY_ENV_VAR, "").strip()
        if not env:
            return None
        path = Path(env)
    return signing.load_signing_key(read_small(path, KEY_LIMIT, "sign.bad_key"), path=str(path))


def _public_key(path: Optional[Path]):
    if path is None:
        return None
    from penalty.audit import signing
    return signing.load_verify_key(read_small(path, KEY_LIMIT, "sign.bad_key"), path=str(path))


def _date(value: Optional[str]) -> Optional[_dt.date]:
    if value is None:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(t("cli.bad_date", value=value)) from None


# --- commands ------------------------------------------------------------------------------------------------------

@app.command("verify", help=t("cli.cmd.verify"))
def verify_cmd(
    register: Optional[Path] = RegisterOption,
    expect_head: Optional[str] = typer.Option(
        None, "--expect-head", metavar="HASH", help=t("cli.opt.expect_head")),
    public_key: Optional[Path] = typer.Option(None, "--public-key", metavar="PEM",
                                              help=t("cli.opt.verify_public_key")),
    anchor_file: Optional[Path] = typer.Option(None, "--anchor", metavar="FILE", help=t("cli.opt.anchor")),
    as_json: bool = JsonOption,
    lang: Optional[str] = LANG,
) -> None:
    """Re-hash the whole register; name the first entry altered, deleted or reordered."""
    _use_lang(lang)
    try:
        key = _public_key(public_key)
        anchor = None
        if anchor_file is not None:
            from penalty.audit import signing
            anchor = signing.load_anchor(read_small(anchor_file, signing.MAX_ANCHOR_BYTES, "anchor.bad"),
                                         path=str(anchor_file))
        with _open(register) as reg:
            report = reg.verify(expect_head=expect_head, public_key=key, anchor=anchor)
    except RegisterError as e:
        raise fail(e, as_json) from None
    if as_json:
        print_json(report.to_json())
    else:
        out = console()
        if report.ok:
            out.print(f"[bold green]✓[/] {escape(report.message)}")
            if report.anchor_seq is not None:
                out.print("  " + escape(t("verify.anchor_found", anchor=report.anchor, seq=report.anchor_seq)))
                if anchor is not None and report.anchor_signed is None:
                    out.print("  [yellow]" + escape(t("verify.anchor_unchecked")) + "[/]")
                elif report.anchor_signed:
                    out.print("  " + escape(t("verify.anchor_signed")))
            if report.signatures_message:
                out.print("  " + escape(report.signatures_message))
            elif report.entries > report.unsigned:  # signed, but nobody asked whose the signatures are
                out.print("  [yellow]" + escape(t("verify.signatures_unchecked",
                                                  count=report.entries - report.unsigned)) + "[/]")
            if report.head_hash:
                out.print(f"  [dim]{escape(t('verify.anchor_hint'))}[/]")
        else:
            out.print(f"[bold red]✗[/] {escape(report.message)}")
            out.print("  " + escape(t("verify.seen", count=report.entries, seq=report.head_seq or 0,
                                      head=report.head_hash or "-")))
            out.print(f"  [yellow]{t('cli.hint')}:[/] {escape(t('verify.failed.hint'))}")
    raise typer.Exit(0 if report.ok else 1)


@app.command("anchor", help=t("cli.cmd.anchor"))
def anchor_cmd(
    register: Optional[Path] = RegisterOption,
    key: Optional[Path] = typer.Option(None, "--key", metavar="PEM", help=t("cli.opt.key")),
    lang: Optional[str] = LANG,
) -> None:
    """Print the current head, signed, as JSON (the anchor file); notes go to stderr."""
    _use_lang(lang)
    try:
        private = signing_key(key)
        with _open(register) as reg:
            anchor = reg.anchor(private)
    except RegisterError as e:
        raise fail(e, False) from None
    if anchor is None:
        console(stderr=True).print(escape(t("anchor.empty")))
        raise typer.Exit(1)
    from penalty.audit import signing
    sys.stdout.write(signing.dump_anchor(anchor))
    if anchor.signature is None:
        console(stderr=True).print("[yellow]" + escape(t("anchor.unsigned")) + "[/]")


@app.command("backup", help=t("cli.cmd.backup"))
def backup_cmd(
    dest: Path = typer.Argument(..., metavar="DEST", help=t("cli.arg.backup_dest")),
    register: Optional[Path] = RegisterOption,
    as_json: bool = JsonOption,
    lang: Optional[str] = LANG,
) -> None:
    """Copy the register with SQLite's backup API (never a file copy: see docs/audit.md) and verify the copy."""
    _use_lang(lang)
    report = _on_register(register, as_json, lambda reg: reg.backup(dest))
    if as_json:
        print_json({"backup": str(dest), **report.to_json()})
    else:
        out = console()
        if report.ok:
            out.print("[bold green]✓[/] " + escape(t("backup.written", path=dest, count=report.entries,
                                                       seq=report.head_seq or 0, head=report.head_hash or "-")))
        else:  # the source itself is damaged: the copy is faithful, and says so
            out.print(f"[bold red]✗[/] {escape(report.message)}")
    raise typer.Exit(0 if report.ok else 1)


@app.command("replay", help=t("cli.cmd.replay"))
def replay_cmd(register: Optional[Path] = RegisterOption, as_json: bool = JsonOption,
               lang: Optional[str] = LANG) -> None:
    """Recompute every entry with its stored rulebook; list those whose result differs now."""
    _use_lang(lang)
    try:
        recompute, _ = engine_recompute()
        with _open(register) as reg:
            report = reg.replay(recompute)
            intact = reg.verify().ok
    except RegisterError as e:
        raise fail(e, as_json) from None
    if not intact:
        _warn_not_intact()
    if as_json:
        print_json(report.to_json())
    else:
        out = console()
        if report.ok:
            out.print(f"[bold green]✓[/] {escape(report.message)}")
        else:
            out.print(f"[bold red]✗[/] {escape(report.message)}")
            for item in [*report.differ, *report.failed]:
                out.print("  - " + escape(item.message))
            out.print(f"  [yellow]{t('cli.hint')}:[/] {escape(t('replay.hint'))}")
    raise typer.Exit(0 if report.ok else 1)


def _warn_not_intact() -> None:
    """Replay compares results, list shows rows: neither can vouch for rows the hash chain says were altered."""
    console(stderr=True).print(f"[bold yellow]{escape(t('cli.not_intact'))}[/]")


@app.command("list", help=t("cli.cmd.list"))
def list_cmd(
    register: Optional[Path] = RegisterOption,
    since: Optional[str] = typer.Option(None, "--since", "--from", metavar="YYYY-MM-DD",
                                        help=t("cli.opt.since")),
    until: Optional[str] = typer.Option(None, "--until", "--to", metavar="YYYY-MM-DD",
                                        help=t("cli.opt.until")),
    officer: Optional[str] = typer.Option(None, "--officer", help=t("cli.opt.officer")),
    unit: Optional[str] = typer.Option(None, "--unit", help=t("cli.opt.unit")),
    violation: Optional[str] = typer.Option(None, "--violation", help=t("cli.opt.violation")),
    case_id: Optional[str] = typer.Option(None, "--case", help=t("cli.opt.case")),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help=t("cli.opt.limit")),
    as_json: bool = JsonOption,
    lang: Optional[str] = LANG,
) -> None:
    """List recorded assessments, oldest first, filtered."""
    _use_lang(lang)
    since_d, until_d = _date(since), _date(until)
    try:
        with _open(register) as reg:
            entries = reg.entries(since=since_d, until=until_d, officer=officer, unit=unit, violation=violation,
                                  case_id=case_id, limit=limit)
            intact = reg.verify().ok
    except RegisterError as e:
        raise fail(e, as_json) from None
    if not intact:
        _warn_not_intact()
    if as_json:
        print_json([{**e.summary(), "result": e.result} for e in entries])
        return
    out = console()
    if not entries:
        out.print(t("cli.no_entries"))
        return
    from rich.table import Table
    table = Table(show_lines=False)
    for code in ("cli.col.seq", "cli.col.time", "cli.col.case", "cli.col.officer", "cli.col.unit",
                 "cli.col.violation"):
        table.add_column(t(code), justify="right" if code == "cli.col.seq" else "left")
    for e in entries:
        table.add_row(str(e.seq), e.timestamp[:19].replace("T", " "), escape(e.case_id), escape(e.officer),
                      escape(e.unit), escape(e.violation or ""))
    out.print(table)


@app.command("show", help=t("cli.cmd.show"))
def show_cmd(
    seq: int = typer.Argument(..., metavar="ID", help=t("cli.arg.id")),
    register: Optional[Path] = RegisterOption,
    as_json: bool = JsonOption,
    lang: Optional[str] = LANG,
) -> None:
    """Print the stored explanation exactly as it was given at the time (details of the entry go to stderr)."""
    _use_lang(lang)
    entry = _on_register(register, as_json, lambda reg: reg.get(seq))
    if as_json:
        print_json(entry.to_json())
        return
    console(stderr=True).print(
        f"[dim]#{entry.seq} · {escape(entry.case_id)} · {escape(entry.officer)} · {escape(entry.unit)} · "
        f"{entry.timestamp} · {escape(entry.rulebook_name)} ({entry.rulebook_fingerprint[:12]}) · "
        f"{escape(entry.engine_version)}[/]")
    # Raw, not through rich: no markup, wrapping or highlighting may change a byte of the explanation.
    sys.stdout.write(entry.explanation)
    sys.stdout.flush()
