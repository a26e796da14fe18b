"""The audit layer's errors: `Problem`s, like every layer's (penalty.errors), worded by the audit catalogue
(penalty/audit/messages.py registers its codes) only when they are shown, in the language asked for then.
"""
from __future__ import annotations

from penalty.errors import PenaltyError, Problem


class AuditError(PenaltyError):
    @classmethod
    def of(cls, code: str, /, **args) -> "AuditError":
        return cls([Problem(code, None, args)])

    @property
    def code(self) -> str:
        """The first problem's code: what tests and the server's status map look at."""
        return self.problems[0].code

    # The words, in the audit layer's language of the moment (--lang of the command, penalty.audit.messages).
    @property
    def message(self) -> str:
        from penalty.audit.messages import lang
        return "\n".join(p.message(lang()) for p in self.problems)

    @property
    def hint(self) -> str:
        from penalty.audit.messages import lang
        return "\n".join(h for h in (p.hint(lang()) for p in self.problems) if h)


class RegisterError(AuditError):
    """The register cannot be opened, read or written as asked. Never raised for tampering: that is a finding
    of `Register.verify()`, not an error, so that verify can always report on a damaged register; except a
    schema edited behind the register's back (a planted trigger, view, table), which no code of ours may run
    against (register.schema_altered), on open, on each write and in verify."""


class ReceiptError(AuditError):
    """A receipt or key file cannot be read, or signing is not available."""
