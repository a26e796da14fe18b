"""Documents and publication from the register (issue 16): the 行政处罚事先告知书 (art. 44) and 行政处罚决定书
(art. 59) of a recorded decision, the publication record (art. 48) and the public-review packet (群众公议).

    from penalty.audit.register import Register
    from penalty.documents import document, write
    with Register.open("decisions.sqlite", create=False) as reg:
        doc = document(reg, "1", kind="decision")          # entry number or case id; template=DIR
    write(doc, "决定书.docx")                              # or .md; doc.markdown() is the Markdown text

Nothing here prints; python-docx is imported only when a .docx is written.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from penalty.errors import Problem
from penalty.documents.template import DocumentError

KINDS = ("notice", "decision")
SUFFIXES = (".docx", ".md")


@dataclass(frozen=True)
class Document:
    kind: str  # notice | decision | packet
    seq: int  # the register entry it is made from
    blocks: list
    fields: dict
    style: dict

    def markdown(self) -> str:
        from penalty.documents.markdown import render
        return render(self.blocks)

    def text(self) -> str:
        """Every paragraph's text, in order (what a reader of the document reads)."""
        out: list = []
        for b in self.blocks:
            out += b.get("lines") or ([b["text"]] if "text" in b else ["\t".join(r) for r in b.get("rows", [])])
        return "\n".join(out)


def document(reg, target: str, kind: str = "decision", template=None, lang: str = "zh") -> Document:
    """The 告知书 (kind="notice") or 决定书 (kind="decision") of the decision `target` names in `reg`."""
    from penalty.documents import fields as F
    from penalty.documents import lookup
    from penalty.documents.template import build, load
    tpl = load(template)
    entry = lookup.decision_entry(reg, target)
    rb = lookup.rulebook_of(reg, entry)
    values = F.decision_fields(entry, rb, tpl["template"], tpl["provisions"], kind, lang)
    return Document(kind, entry.seq, build(tpl[kind], values), values, tpl["template"].get("style") or {})


def write(doc: Document, out) -> Path:
    """Write `doc` to `out`: .docx (python-docx) or .md, chosen by the file name."""
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise DocumentError([Problem("document.bad_out", None, {"path": str(path), "suffixes": ", ".join(SUFFIXES)})])
    try:
        if suffix == ".docx":
            from penalty.documents.docx import render
            render(doc.blocks, doc.style, path)
        else:
            path.write_text(doc.markdown(), encoding="utf-8")
    except OSError as exc:
        from penalty.documents.template import unwritable
        raise unwritable(exc, path) from None
    return path
