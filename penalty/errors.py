"""Error types, one per layer, each carrying a position and a fix-it hint.

The message text lives in the layer's catalogue (see penalty.i18n); an error only holds a code and its arguments,
so the CLI can render it in the user's language in one place.
"""
from __future__ import annotations

from penalty.record import Record


class Problem(Record):
    code: str
    pos: object | None = None  # rulebook.yamlsource.Pos
    args: dict = None
    severity: str = "error"  # error | warning
    _factories = {"args": dict}

    def message(self, lang: str = "en") -> str:
        from penalty.i18n import fill
        return fill(_catalogue(self.code), self.code, lang, **self.args)

    def hint(self, lang: str = "en") -> str:
        from penalty.i18n import fill
        cat = _catalogue(self.code)
        key = self.code + ".hint"
        return fill(cat, key, lang, **self.args) if key in cat else ""

    def render(self, lang: str = "en") -> str:
        where = f"{self.pos}: " if self.pos else ""
        hint = self.hint(lang)
        text = f"{where}{self.severity}: {self.message(lang)}"
        return text + (f"\n  hint: {hint}" if hint else "")

    def to_json(self, lang: str = "en") -> dict:
        out = {"code": self.code, "severity": self.severity, "message": self.message(lang), "hint": self.hint(lang)}
        if self.pos is not None:
            out.update(file=self.pos.file, line=self.pos.line, column=self.pos.column)
        return out


def _catalogue(code: str) -> dict:
    if code.startswith("review."):
        from penalty.review.messages import MESSAGES
    elif code.startswith("decision."):
        from penalty.decision.messages import MESSAGES
    elif code.startswith(("case.", "engine.", "number.")):
        from penalty.engine.messages import MESSAGES
    elif code.startswith("time.") or code.startswith("diff."):
        from penalty.time.messages import MESSAGES
    elif code.startswith("serve."):
        from penalty.serve.messages import MESSAGES
    else:
        from penalty.rulebook.messages import MESSAGES
    return MESSAGES


class PenaltyError(Exception):
    """Base: a list of problems, all of which the user should see at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(p.render() for p in self.problems))


class RulebookError(PenaltyError):
    """The rulebook cannot be used as written."""


class CaseError(PenaltyError):
    """The case's facts do not fit the rulebook."""
