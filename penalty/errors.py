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


# Each layer's catalogue registers itself with the code prefixes it words (at the end of its messages.py):
# this module knows no layer. A code whose prefix no catalogue has claimed yet makes the layers' catalogues be
# found once (every penalty/<layer>/messages.py); the rulebook's catalogue words what no other layer claims.
_CATALOGUES: dict[str, dict] = {}
FALLBACK = "*"
_found_all = False


def register_messages(prefixes: tuple[str, ...], messages: dict) -> None:
    """Make `messages` the catalogue of every code starting with one of `prefixes` (e.g. ("review",)); the
    prefix "*" is the catalogue of codes no layer claims."""
    for prefix in prefixes:
        _CATALOGUES[prefix] = messages


def _find_all_catalogues() -> None:
    global _found_all
    import importlib
    import pkgutil
    from pathlib import Path
    root = Path(__file__).parent
    for info in pkgutil.iter_modules([str(root)]):
        if info.ispkg and (root / info.name / "messages.py").exists():
            importlib.import_module(f"penalty.{info.name}.messages")
    _found_all = True


def _catalogue(code: str) -> dict:
    prefix = code.split(".", 1)[0]
    if prefix not in _CATALOGUES and not _found_all:
        _find_all_catalogues()
    return _CATALOGUES.get(prefix) or _CATALOGUES.get(FALLBACK, {})


class PenaltyError(Exception):
    """Base: a list of problems, all of which the user should see at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("; ".join(p.render() for p in self.problems))


class RulebookError(PenaltyError):
    """The rulebook cannot be used as written."""


class CaseError(PenaltyError):
    """The case's facts do not fit the rulebook."""
