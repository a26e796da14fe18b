"""Templates are data an agency replaces: a folder of YAML files (template.yaml: the agency, numbering, typesetting
and publication rule; notice.yaml, decision.yaml, packet.yaml: the documents' blocks; provisions.yaml: the text of
the provisions cited). A folder given with `--template` may hold only some of them: the others are the bundled
ones. Placeholders are `{field}` and nothing else: filled in one pass, so a value is never read as a template.
"""
from __future__ import annotations

import re
from pathlib import Path

from penalty.errors import PenaltyError, Problem

BUNDLED = Path(__file__).parent / "templates"
FILES = ("template.yaml", "notice.yaml", "decision.yaml", "packet.yaml", "provisions.yaml")
BLOCK_KINDS = ("title", "number", "heading", "text", "table", "signature")
ALIGNS = ("left", "center", "right")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
MAX_TEMPLATE_BYTES = 1 << 20  # a template is a page of text: a bigger file is a mistake, not a template


class DocumentError(PenaltyError):
    """A template, an output path or a register look-up the documents layer cannot use."""


def load(folder: str | Path | None = None) -> dict:
    """{"template": {...}, "notice": [...], "decision": [...], "packet": [...], "provisions": {...}}."""
    base = Path(folder) if folder is not None else BUNDLED
    if not base.is_dir():
        raise DocumentError([Problem("document.template_missing", None, {"dir": str(base), "name": "template.yaml"})])
    out = {}
    for name in FILES:
        path = base / name if (base / name).is_file() else BUNDLED / name
        out[name[:-5]] = _read(path)
    settings = _merged(_read(BUNDLED / "template.yaml"), out["template"])
    out["template"] = settings
    for kind in ("notice", "decision", "packet"):
        out[kind] = _blocks(out[kind], base / f"{kind}.yaml")
    if not isinstance(out["provisions"], dict):
        raise _bad(base / "provisions.yaml", None, "provisions.yaml must map a citation to its text")
    return out


def _read(path: Path):
    from penalty.inputs import read_limited
    from penalty.rulebook.yamlsource import YamlProblem, parse_yaml
    raw = read_limited(path, MAX_TEMPLATE_BYTES, DocumentError, "document")
    try:
        data = parse_yaml(raw.decode("utf-8"), str(path))
    except UnicodeDecodeError:
        raise _bad(path, None, "the file is not UTF-8 text") from None
    except YamlProblem as exc:
        raise DocumentError([Problem(exc.code, exc.pos, exc.args_)]) from None
    return {} if data is None else data


def _merged(default: dict, given) -> dict:
    """The agency's template.yaml over the bundled one, key by key one level down (an agency that only sets its
    name keeps the bundled typesetting)."""
    if not isinstance(given, dict):
        raise _bad(None, None, "template.yaml must be a mapping")
    out = {k: dict(v) if isinstance(v, dict) else v for k, v in default.items()}
    for key, value in given.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key].update(value)
        else:
            out[key] = value
    return out


def _blocks(data, path: Path) -> list:
    from penalty.rulebook.yamlsource import position_of
    blocks = data.get("blocks") if isinstance(data, dict) else None
    if not isinstance(blocks, list) or not blocks:
        raise _bad(path, getattr(data, "pos", None), "a document template needs a list `blocks:`")
    out = []
    for i, block in enumerate(blocks):
        kinds = [k for k in BLOCK_KINDS if isinstance(block, dict) and k in block]
        if len(kinds) != 1:
            raise _bad(path, position_of(blocks, i), f"each block has exactly one of {', '.join(BLOCK_KINDS)}")
        kind = kinds[0]
        align = block.get("align", "center" if kind in ("title",) else "right" if kind in ("number", "signature") else "left")
        if align not in ALIGNS:
            raise _bad(path, position_of(block, "align"), f"align is one of {', '.join(ALIGNS)}")
        value = block[kind]
        out.append({"kind": kind, "value": value if isinstance(value, str) else "", "when": block.get("when"),
                    "align": align, "indent": block.get("indent", kind == "text") is True, "pos": position_of(block, kind)})
    return out


def unwritable(exc: OSError, path) -> DocumentError:
    from penalty.inputs import output_problem
    return DocumentError([output_problem(exc, "document", path)])


def _bad(path, pos, detail: str) -> DocumentError:
    where = pos if pos is not None else (None if path is None else _file_pos(path))
    return DocumentError([Problem("document.template_bad", where, {"detail": detail})])


def _file_pos(path):
    from penalty.rulebook.yamlsource import Pos
    return Pos(str(path), 1, 1)


def fill(text: str, fields: dict, pos=None) -> str:
    """`text` with every {field} replaced by its value; an unknown field is an error at the template's position."""
    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in fields:
            raise DocumentError([Problem("document.unknown_field", pos, {"field": name, "fields": ", ".join(sorted(fields))})])
        return str(fields[name])
    return PLACEHOLDER.sub(value, text)


def build(blocks: list, fields: dict, tables: dict | None = None) -> list:
    """The document as filled blocks: [{kind, text, align}] ({kind: table, rows} for a table); a block whose
    `when` field is empty is left out."""
    out = []
    for block in blocks:
        if block["when"] and not fields.get(block["when"]):
            continue
        if block["kind"] == "table":
            out.append({"kind": "table", "rows": (tables or {}).get(block["value"], []), "align": block["align"]})
        elif block["kind"] == "signature":
            out.append({"kind": "signature", "lines": [fields["authority"], fields["seal"], fields["date"]],
                        "align": block["align"]})
        else:
            out.append({"kind": block["kind"], "text": fill(block["value"], fields, block["pos"]), "align": block["align"],
                        "indent": block["indent"]})
    return out
