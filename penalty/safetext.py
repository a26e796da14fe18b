"""Text from inputs made safe for the place it is shown, one rule per place.

A case id, an officer's name or a rulebook label is anyone's text. Shown on a terminal, an ESC or OSC sequence in it
would retitle the window, clear the screen or forge lines; opened in a spreadsheet, a cell that starts with `=`
would run as a formula. The engine and the canonical JSON keep every value exactly as given; only what is shown to
people (terminal, memo) and what a spreadsheet opens (CSV, .xlsx) pass through here.
"""
from __future__ import annotations

import re

# C0 and C1 control characters (TAB and LF are layout, kept apart), DEL, and the invisible direction marks and
# overrides that reorder what a reader sees ("Trojan Source").
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL_RE = re.compile(f"[{_CONTROL}]")
_CONTROL_OR_BREAK_RE = re.compile(f"[{_CONTROL}\t\n]")


def _visible(match: re.Match) -> str:
    c = ord(match.group())
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def printable(text: str, keep_lines: bool = True) -> str:
    """`text` with every control character written out as an escape (`\\x1b`, `\\u202e`), so that it shows what
    was there instead of acting on the terminal. keep_lines=False also writes out TAB and LF, for one-line
    fields where a line break would forge a line of output."""
    pattern = _CONTROL_RE if keep_lines else _CONTROL_OR_BREAK_RE
    return pattern.sub(_visible, text) if pattern.search(text) else text


def strip_control(text: str) -> str:
    """`text` without its control characters (TAB and LF kept): for text already laid out, whose width may not
    change."""
    return _CONTROL_RE.sub("", text)


# OWASP, CSV injection: a cell that starts with = + - @ TAB or CR may be read as a formula by Excel, LibreOffice
# or Google Sheets; the full-width forms are included because some spreadsheet locales accept them too. Such a
# cell is written with a leading apostrophe, which spreadsheets show as text. A plain number (-5, +3.5) cannot
# be a formula and keeps its value. The same two patterns serve Python cells and polars columns.
FORMULA_START = "^[=+\\-@\t\r\uff1d\uff0b\uff0d\uff20]"
PLAIN_NUMBER = "^[+-]?[0-9]+(\\.[0-9]+)?$"
_FORMULA_RE, _NUMBER_RE = re.compile(FORMULA_START), re.compile(PLAIN_NUMBER)


def spreadsheet_cell(value):
    """One cell for a CSV or .xlsx file: text that a spreadsheet would run as a formula gets a leading `'`."""
    if isinstance(value, str) and _FORMULA_RE.match(value) and not _NUMBER_RE.match(value):
        return "'" + value
    return value


def spreadsheet_frame(frame):
    """`spreadsheet_cell` over every text column of a polars frame (vectorised: the flagged list can be long)."""
    import polars as pl
    text = [c for c, t in frame.schema.items() if t in (pl.String, pl.Categorical, pl.Enum)]
    if not text:
        return frame
    return frame.with_columns(
        pl.when(pl.col(c).cast(pl.String).str.contains(FORMULA_START)
                & ~pl.col(c).cast(pl.String).str.contains(PLAIN_NUMBER))
        .then(pl.lit("'") + pl.col(c).cast(pl.String)).otherwise(pl.col(c).cast(pl.String)).alias(c)
        for c in text)
