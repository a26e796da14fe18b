"""A filled document as Markdown. Every character Markdown or HTML would read as markup is escaped, so a party
name such as `<script>` or `[link](x)` shows as written."""
from __future__ import annotations

import re

_MARKUP = re.compile(r"([\\`*_\[\]<>|~])")
# what starts a heading, a list item or a quote only at the beginning of a line
_LINE_START = re.compile(r"^(\s*)([#+\-=]|[0-9]+[.)])")


def escape(text: str) -> str:
    """Backslash before each markup character (CommonMark escapes ASCII punctuation only: `1\\.`, not `\\1.`)."""
    def start(m: re.Match) -> str:
        mark = m.group(2)
        return m.group(1) + mark[:-1] + "\\" + mark[-1]
    return _LINE_START.sub(start, _MARKUP.sub(r"\\\1", text))


def _lines(text: str) -> list:
    return [escape(line) for line in text.split("\n")]


def render(blocks: list) -> str:
    out: list = []
    for block in blocks:
        kind = block["kind"]
        if kind == "title":
            out += [f"# {escape(block['text'])}", ""]
        elif kind == "heading":
            out += [f"## {escape(block['text'])}", ""]
        elif kind == "table":
            rows = block["rows"]
            if rows:
                out.append("| " + " | ".join(escape(c) for c in rows[0]) + " |")
                out.append("|" + "---|" * len(rows[0]))
                out += ["| " + " | ".join(escape(c) for c in row) + " |" for row in rows[1:]]
                out.append("")
        elif kind == "signature":
            out += [line + "  " for line in _lines("\n".join(block["lines"]))] + [""]
        else:
            lines = [line for line in _lines(block["text"].strip("\n")) if line.strip()]
            if block["align"] == "right" and lines:
                out += [f"<p align=\"right\">{line}</p>" for line in lines] + [""]
            else:
                out += ["  \n".join(lines), ""] if lines else []
    return "\n".join(out).rstrip("\n") + "\n"
