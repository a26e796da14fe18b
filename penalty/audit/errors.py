"""The audit layer's errors: a message and a fix-it hint, both already in the user's language.

A `code` is kept as well so that tests and `--json` output do not depend on the wording.
"""
from __future__ import annotations

from penalty.audit import messages


class AuditError(Exception):
    def __init__(self, message: str, hint: str = "", *, code: str = "", args: dict | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.code = code
        self.args_ = dict(args or {})

    @classmethod
    def of(cls, code: str, /, **args) -> "AuditError":
        return cls(messages.text(code, **args), messages.hint(code, **args), code=code, args=args)

    def __str__(self) -> str:
        return self.message + (f"\n  hint: {self.hint}" if self.hint else "")

    def to_json(self) -> dict:
        return {"code": self.code, "message": self.message, "hint": self.hint}


class RegisterError(AuditError):
    """The register cannot be opened, read or written as asked. Never raised for tampering: that is a finding
    of `Register.verify()`, not an error, so that verify can always report on a damaged register; except a
    schema edited behind the register's back (a planted trigger, view, table), which no code of ours may run
    against (register.schema_altered), on open, on each write and in verify."""


class ReceiptError(AuditError):
    """A receipt or key file cannot be read, or signing is not available."""
