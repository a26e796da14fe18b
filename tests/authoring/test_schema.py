"""The JSON Schema is generated from the loader's declarations, shipped, and accepts what the loader accepts."""
from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.authoring import schema as S
from penalty.rulebook.bundled import bundled_dir, bundled_names, resolve
from penalty.rulebook.yamlsource import parse_yaml

HERE = Path(__file__).parent


def plain(value):
    """Parsed YAML -> what an editor's YAML server hands to the schema (dates stay text)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def validator(kind):
    return jsonschema.Draft202012Validator(S.generate(kind))


@pytest.mark.parametrize("kind", S.KINDS)
def test_shipped_schema_equals_the_generated_one(kind):
    assert S.shipped_path(kind).read_text(encoding="utf-8") == S.text(kind), \
        "regenerate with: python -m penalty.authoring.schema"


@pytest.mark.parametrize("kind", S.KINDS)
def test_schema_is_valid_json_schema(kind):
    jsonschema.Draft202012Validator.check_schema(S.generate(kind))


def test_bundled_files_validate():
    for name in bundled_names():
        path = resolve(name)
        validator("rulebook").validate(plain(parse_yaml(path.read_text(encoding="utf-8"), path.name)))
    for cases in bundled_dir().glob("*.cases.yaml"):
        validator("cases").validate(plain(parse_yaml(cases.read_text(encoding="utf-8"), cases.name)))
    for block in (bundled_dir() / "blocks").glob("*.yaml"):
        validator("block").validate(plain(parse_yaml(block.read_text(encoding="utf-8"), block.name)))
    validator("rulebook").validate(plain(parse_yaml((HERE / "base.yaml").read_text(encoding="utf-8"), "base.yaml")))


@pytest.mark.parametrize("name", ["unknown-key", "missing-title", "wrong-type", "bad-choice", "negative-amount"])
def test_structure_mistakes_are_schema_errors_too(name):
    text = (HERE / "broken" / f"{name}.yaml").read_text(encoding="utf-8")
    errors = list(validator("rulebook").iter_errors(plain(parse_yaml(text, name))))
    assert errors


def test_cli_prints_the_shipped_schema():
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    boundaries = json.loads(result.output)["properties"]["boundaries"]
    assert [o["type"] for o in boundaries["anyOf"]] == ["string", "object"]  # a keyword or words, or {low:, high:}
    assert "lower_inclusive" in boundaries["description"] and "以下不含本数" in boundaries["description"]
    assert CliRunner().invoke(app, ["schema", "--path"]).output.strip().endswith("rulebook.schema.json")
