"""What every command shares: the console, the language, and the one place errors are rendered."""
from __future__ import annotations

import functools
import sys

import typer

from penalty.cli.messages import MESSAGES
from penalty.explain.listing import case_value  # noqa: F401 - re-exported
from penalty.i18n import LANGS, fill, lang_for  # noqa: F401 - lang_for re-exported

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


def console(stderr: bool = False, soft_wrap: bool | None = None):
    """Made per call, so that output goes to whatever sys.stdout is now (tests capture it)."""
    # Messages are not wrapped: a person copies a path or a hint from them, and tests read them.
    # emoji=False: rich would turn a position like `file.yaml:100:3` into an emoji.
    return _printable_console()(stderr=stderr, highlight=False, soft_wrap=stderr if soft_wrap is None else soft_wrap,
                                emoji=False)


@functools.lru_cache(maxsize=1)
def _printable_console():
    """The one place where text meets the terminal: a rich Console that never passes on a control character.
    Text from a case, a rulebook or a file (a case id with ESC ] 0 ; ... BEL, an officer name with a direction
    override) is written out visibly (`\\x1b`) before rich lays it out, so widths stay right; whatever reaches
    the output another way (a Panel title, a Text built directly) loses its control characters as a last net.
    rich's own styling is applied after this, so colours are unaffected."""
    from rich.console import Console
    from rich.segment import Segment
    from penalty.safetext import printable, strip_control

    class PrintableConsole(Console):
        def render_str(self, text, *args, **kwargs):
            return super().render_str(printable(text), *args, **kwargs)

        def render(self, renderable, options=None):
            for seg in super().render(renderable, options):
                if seg.control or seg.text.isprintable() or seg.text == "\n":
                    yield seg
                else:
                    yield Segment(strip_control(seg.text), seg.style)

    return PrintableConsole


def fail(error, lang: str, as_json: bool = False) -> None:
    """Render a PenaltyError (every problem, with position and hint) and exit 1. Never a traceback."""
    raise failure(error, lang, as_json)


def failure(error, lang: str, as_json: bool = False) -> typer.Exit:
    """The one rendering of every layer's errors (their `Problem`s, each worded by its layer's catalogue):
    `--json` as {"ok": false, "problems": [...]}, else a line per problem on stderr with its position and hint.
    Returns the exit (1) for the caller to raise."""
    if as_json:
        from penalty import canonical
        sys.stdout.write(canonical.dumps({"ok": False, "problems": [p.to_json(lang) for p in error.problems]},
                                         pretty=True) + "\n")
        return typer.Exit(EXIT_PROBLEM)
    err = console(stderr=True)
    for p in error.problems:
        where = f"{p.pos}: " if p.pos else ""
        label = fill(MESSAGES, p.severity if p.severity in ("error", "warning") else "error", lang)
        err.print(f"[bold red]{where}{label}:[/] {_escape(p.message(lang))}")
        hint = p.hint(lang)
        if hint:
            err.print(f"  [cyan]{fill(MESSAGES, 'hint', lang)}:[/] {_escape(hint)}")
    return typer.Exit(EXIT_PROBLEM)


def _escape(text: str) -> str:
    from rich.markup import escape
    return escape(text)


# A language we do not have is a usage error naming the choices (exit 2), never a silent fallback.
def _lang_choice(value: str | None) -> str | None:
    if value is None:
        return None
    if value.strip().lower() not in LANGS:
        raise typer.BadParameter(f"'{value}' is not one of: {', '.join(LANGS)}")
    return value.strip().lower()


LangOption = typer.Option(None, "--lang", callback=_lang_choice, metavar="[zh|en]",
                          help="zh or en: which labels and messages to show (default: $PENALTY_LANG, or the rulebook's first language).")
JsonOption = typer.Option(False, "--json", help="Print the canonical JSON instead of the human view.")
RulebookOption = typer.Option(None, "--rulebook", "-r", help="A rulebook file, or the name of a bundled one (default: cn-env-food).")
