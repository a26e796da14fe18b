"""What `penalty calc --record / --receipt` do with a result: append it to the register, write a receipt."""
from __future__ import annotations

from pathlib import Path


def record(rb, case, result: dict, explanation: str, register: Path | None, officer: str | None, unit: str | None,
           versions=(), key: Path | None = None):
    """Append to the register; the head is signed with the office key `key`, else $PENALTY_REGISTER_KEY, if any."""
    from penalty.audit.errors import RegisterError
    from penalty.audit.register import Register
    from penalty.cli.audit import signing_key
    from penalty.rulebook.load import bundle_text
    from penalty.version import ENGINE
    if not (case.case_id or "").strip():
        # The case file's omission, not a bug: say what to write (the register finds entries by case id).
        raise RegisterError.of("record.no_case_id")
    applied = result["decision"]["applied"]
    private = signing_key(key)
    with Register.open(register) as reg:
        return reg.record(
            case_id=case.case_id or "", officer=officer or case.meta.get("officer", ""),
            unit=unit or case.meta.get("unit", ""), facts=case.raw, result=result, explanation=explanation,
            engine_version=ENGINE, rulebook_fingerprint=rb.fingerprint, rulebook_name=rb.file,
            rulebook_text=bundle_text(rb, versions), violation=result["acts"][applied[0]]["violation"],
            signing_key=private)


def receipt(rb, case, result: dict, explanation: str, path: Path, sign_key: Path | None, issuer: str | None,
            versions=()):
    from penalty.audit.receipt import dump_receipt, load_private_key, make_receipt, sign_receipt
    from penalty.cli.receipt import read_bounded
    from penalty.version import ENGINE
    body = make_receipt(case_id=case.case_id or "", facts=case.raw, result=result, rulebook_fingerprint=rb.fingerprint,
                        rulebook_name=rb.file, engine_version=ENGINE, explanation=explanation, issuer=issuer)
    if sign_key is not None:
        body = sign_receipt(body, load_private_key(read_bounded(sign_key, "key"), path=str(sign_key)))
    path.write_text(dump_receipt(body), encoding="utf-8")
    return body
