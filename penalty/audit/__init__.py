"""Decision records (全程留痕): the tamper-evident register of assessments, and receipts that verify offline.

Independent of the engine: everything here takes plain data, and recomputation is a function passed in
`recompute(rulebook_text, rulebook_name, facts) -> result`.
"""
from penalty.audit.errors import AuditError, ReceiptError, RegisterError
from penalty.audit.receipt import (
    ReceiptReport,
    dump_receipt,
    generate_key,
    load_private_key,
    load_public_key,
    load_receipt,
    make_receipt,
    sign_receipt,
    verify_receipt,
)
from penalty.audit.register import (
    ENV_VAR,
    Entry,
    Finding,
    Register,
    ReplayReport,
    VerifyReport,
    resolve_path,
)

__all__ = [
    "AuditError", "RegisterError", "ReceiptError",
    "Register", "Entry", "Finding", "VerifyReport", "ReplayReport", "resolve_path", "ENV_VAR",
    "make_receipt", "sign_receipt", "verify_receipt", "dump_receipt", "load_receipt", "ReceiptReport",
    "generate_key", "load_private_key", "load_public_key",
]
