"""`penalty receipt ...`: verify a receipt offline; make an Ed25519 key pair for signing receipts.

Exit codes: 0 verified, 1 verification failed or a file is bad, 2 usage.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from penalty.audit import messages
from penalty.audit.errors import AuditError, ReceiptError
from penalty.errors import PenaltyError, Problem
from penalty.audit.receipt import MAX_BYTES, generate_key, key_id, load_public_key, load_receipt, verify_receipt
from penalty.cli import audit as audit_cli
from penalty.cli.audit import LANG, _use_lang
from penalty.version import ENGINE

t = messages.text
app = typer.Typer(help=t("cli.receipt.help"), no_args_is_help=True, add_completion=False)

_STATUS_STYLE = {"ok": "[green]✓[/]", "fail": "[bold red]✗[/]", "warn": "[yellow]![/]", "skip": "[dim]-[/]"}


def read_bounded(path: Path, what: str) -> bytes:
    """A receipt's or a key's bytes, measured before they are read (penalty.inputs, through audit's read_small)."""
    code = "receipt.unreadable" if what == "receipt" else "sign.bad_key"
    return audit_cli.read_small(path, MAX_BYTES if what == "receipt" else audit_cli.KEY_LIMIT, code, ReceiptError)


@app.command("verify", help=t("cli.cmd.receipt_verify"))
def verify_cmd(
    file: Path = typer.Argument(..., metavar="FILE", help=t("cli.arg.receipt")),
    rulebook: str = typer.Option(..., "--rulebook", metavar="PATH",
                                 help=t("cli.opt.rulebook")),
    public_key: Optional[Path] = typer.Option(None, "--public-key", metavar="PEM",
                                              help=t("cli.opt.public_key")),
    allow_unsigned: bool = typer.Option(False, "--allow-unsigned", help=t("cli.opt.allow_unsigned")),
    as_json: bool = typer.Option(False, "--json", help=t("cli.opt.json")),
    lang: Optional[str] = LANG,
) -> None:
    """Recompute a receipt offline with the given rulebook and say whether it matches."""
    _use_lang(lang)
    try:
        receipt = load_receipt(read_bounded(file, "receipt"), path=str(file))
        trusted = load_public_key(read_bounded(public_key, "key"), path=str(public_key)) if public_key else None
        recompute, load = audit_cli.engine_recompute()
        rulebook_text, name, fingerprint = _rulebook_for(rulebook, receipt, load)
        report = verify_receipt(receipt, recompute, rulebook_text, name,
                                rulebook_fingerprint=fingerprint, public_key=trusted, current_engine=ENGINE,
                                explain=_explainer(load(rulebook_text, name)), allow_unsigned=allow_unsigned)
    except AuditError as e:
        raise audit_cli.fail(e, as_json) from None
    if as_json:
        audit_cli.print_json(report.to_json())
    else:
        out = audit_cli.console()
        for check in report.checks:
            out.print(f"{_STATUS_STYLE.get(check.status, check.status)} {audit_cli.escape(check.message)}")
        if report.ok:
            out.print(f"[bold green]{audit_cli.escape(report.message)}[/]")
        else:
            out.print(f"[bold red]{audit_cli.escape(report.message)}[/]")
            # the rulebook hint only when the rulebook or the result is what failed, not a hash or a signature
            failed = {c.name for c in report.checks if c.status == "fail"}
            if failed & {"rulebook", "result", "recompute", "engine"}:
                out.print(f"  [yellow]{t('cli.hint')}:[/] {audit_cli.escape(t('receipt.failed.hint'))}")
            if trusted is None and not allow_unsigned:
                hint = t("receipt.check.signature.no_key.hint")
                out.print(f"  [yellow]{t('cli.hint')}:[/] {audit_cli.escape(hint)}")
    raise typer.Exit(0 if report.ok else 1)


def _explainer(rb):
    """explain(result) -> the memo `calc --receipt` writes for that result, in each language it can be issued in
    (the receipt does not say which), rendered from the recomputed result, never taken from the receipt."""
    def explain(result):
        from penalty.cli.render import markdown
        from penalty.cli.versions import time_markdown
        return [markdown(rb, result, lang, time_markdown(rb, result, lang)) for lang in ("zh", "en")]
    return explain


def _rulebook_for(spec: str, receipt: dict, load) -> tuple:
    """(rulebook text, file name, fingerprint) for `--rulebook`: a file or a bundled name. A dated case weighed
    the versions beside it (art. 37): they come too, bundled, with the one the receipt names as the main one."""
    from penalty.rulebook.bundled import resolve
    path = resolve(spec)
    try:
        text = read_bounded(path, "receipt").decode("utf-8")
    except UnicodeDecodeError as e:
        raise ReceiptError.of("receipt.unreadable", path=path, detail=e) from None
    facts = receipt.get("facts")
    if isinstance(facts, dict) and any(k in facts for k in ("act_date", "act_end_date", "decision_date")):
        return _with_versions(path, receipt)
    try:
        return text, path.name, load(text, path.name).fingerprint
    except PenaltyError as e:
        raise _unusable(path, e) from None


def _unusable(path, error) -> ReceiptError:
    """The rulebook's own problems, with their positions and hints, then what to give instead."""
    return ReceiptError([*error.problems, Problem("receipt.rulebook_invalid", None, {"file": path.name})])


def _with_versions(path, receipt) -> tuple:
    from penalty.rulebook.load import bundle_text, load_rulebook
    from penalty.time import load_versions
    try:
        given = load_rulebook(path)
        versions = [v.rulebook for v in load_versions(path, named=given).versions]
    except PenaltyError as e:
        raise _unusable(path, e) from None
    wanted = (receipt.get("rulebook") or {}).get("fingerprint")
    main = next((v for v in versions if v.fingerprint == wanted), given)
    return bundle_text(main, versions), main.file, main.fingerprint


@app.command("keygen", help=t("cli.cmd.keygen"))
def keygen_cmd(
    out: Path = typer.Option(..., "--out", metavar="PATH",
                             help=t("cli.opt.out_key")),
    lang: Optional[str] = LANG,
) -> None:
    """Make an Ed25519 key pair for signing receipts. Never overwrites an existing file."""
    _use_lang(lang)
    public_path = Path(str(out) + ".pub")
    try:
        for path in (out, public_path):
            if path.exists():
                raise ReceiptError.of("sign.exists", path=path)
        private_pem, public_pem = generate_key()
        # Created with mode 0600 from the start (O_EXCL: never follow or replace an existing file).
        try:
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(private_pem)
            with open(public_path, "xb") as f:
                f.write(public_pem)
        except FileExistsError:
            raise ReceiptError.of("sign.exists", path=out) from None
        except OSError as e:
            raise ReceiptError.of("sign.bad_key", path=out, detail=e.strerror or e) from None
    except AuditError as e:
        raise audit_cli.fail(e, False) from None
    audit_cli.console().print(t("sign.written", private=out, public=public_path,
                                key_id=key_id(load_public_key(public_pem))))
