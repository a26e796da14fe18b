"""A filled document as .docx, with python-docx (the one module that imports it, so that only
`penalty document` pays for it). Typesetting from template.yaml's `style`: A4, margins in mm, fonts by their
Chinese names (仿宋 / 黑体: set as the East Asian font too, which Word and LibreOffice use for CJK text)."""
from __future__ import annotations

from penalty.errors import Problem

PAGES_MM = {"A4": (210, 297), "A3": (297, 420), "B5": (176, 250)}


def available() -> bool:
    try:
        import docx  # noqa: F401
    except ImportError:
        return False
    return True


def render(blocks: list, style: dict, path) -> None:
    from penalty.documents.template import DocumentError
    try:
        import docx
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt
    except ImportError:
        raise DocumentError([Problem("document.no_docx", None, {})]) from None
    document = docx.Document()
    _page(document, style, Mm)
    fonts, sizes = style.get("fonts") or {}, style.get("sizes_pt") or {}
    spacing = style.get("line_spacing_pt")
    aligns = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
    for block in blocks:
        kind = block["kind"]
        role = "title" if kind == "title" else "heading" if kind == "heading" else "body"
        if kind == "table":
            _table(document, block["rows"], fonts.get("body"), sizes.get("body"), Pt)
            continue
        lines = block["lines"] if kind == "signature" else [x for x in block["text"].strip("\n").split("\n") if x.strip()]
        for line in lines:
            para = document.add_paragraph()
            para.alignment = aligns[block["align"]]
            # float() below is only ever a typographic length (points, mm) for python-docx, whose Pt/Mm take
            # floats and round to whole EMUs; no amount passes here (amounts arrive as the result's exact text)
            if spacing:
                para.paragraph_format.line_spacing = Pt(float(spacing))
            if block.get("indent") and block["align"] == "left":
                para.paragraph_format.first_line_indent = Pt(2 * float(sizes.get("body") or 16))  # 首行缩进两字
            _run(para.add_run(line), fonts.get(role), sizes.get(role), Pt, bold=kind == "title")
    document.save(str(path))


def _page(document, style: dict, Mm) -> None:
    width, height = PAGES_MM.get(str(style.get("page") or "A4"), PAGES_MM["A4"])
    margins = style.get("margins_mm") or {}
    for section in document.sections:
        section.page_width, section.page_height = Mm(width), Mm(height)
        for side in ("top", "bottom", "left", "right"):
            if side in margins:
                setattr(section, f"{side}_margin", Mm(float(margins[side])))


def _run(run, font, size, Pt, bold=False) -> None:
    from docx.oxml.ns import qn
    if font:
        run.font.name = str(font)
        # python-docx sets only the Latin font; CJK text is drawn with the East Asian one
        fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), str(font))
    if size:
        run.font.size = Pt(float(size))
    run.bold = bold or None


def _table(document, rows: list, font, size, Pt) -> None:
    if not rows:
        return
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.text = ""
            _run(cell.paragraphs[0].add_run(value), font, size and float(size) * 0.75, Pt, bold=i == 0)
