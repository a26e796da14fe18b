"""JSON Schema for rulebooks, include blocks and cases files, exported from the declarations the loader uses
(penalty.rulebook.spec, penalty.testing.cases), so the format is described once.

The package ships the generated files beside this module (`rulebook.schema.json`, ...); a test keeps them equal
to what `generate()` gives, and `penalty schema` prints them. Editors with a YAML language server read them for
completion and inline errors (docs/authoring.md).
"""
from __future__ import annotations

from pathlib import Path

from penalty import canonical

DRAFT = "https://json-schema.org/draft/2020-12/schema"
KINDS = ("rulebook", "block", "cases")
_TITLES = {
    "rulebook": "penalty rulebook (discretion benchmark, 裁量基准), format 1",
    "block": "penalty include block (shared facts, measures and adjustments), format 1",
    "cases": "penalty example cases file (<rulebook>.cases.yaml), format 1",
}


def _spec(kind: str):
    if kind == "rulebook":
        from penalty.rulebook.spec import RULEBOOK
        return RULEBOOK
    if kind == "block":
        from penalty.rulebook.spec import BLOCK
        return BLOCK
    if kind == "cases":
        from penalty.testing.cases import CASES_FILE
        return CASES_FILE
    raise ValueError(kind)


def generate(kind: str = "rulebook") -> dict:
    schema = _spec(kind).json_schema()
    return {"$schema": DRAFT, "$id": f"penalty-{kind}-1.schema.json", "title": _TITLES[kind], **schema}


def text(kind: str = "rulebook") -> str:
    """The schema as the shipped file holds it: canonical, pretty, one trailing newline."""
    return canonical.dumps(generate(kind), pretty=True) + "\n"


def shipped_path(kind: str = "rulebook") -> Path:
    return Path(__file__).with_name(f"{kind}.schema.json")


def write_shipped() -> list:
    """Regenerate the shipped files (run after changing spec.py: `python -m penalty.authoring.schema`)."""
    paths = []
    for kind in KINDS:
        p = shipped_path(kind)
        p.write_text(text(kind), encoding="utf-8")
        paths.append(p)
    return paths


if __name__ == "__main__":
    for p in write_shipped():
        print(p)
