"""Every layer's message catalogue is complete in both languages: each code has a Chinese and an English text,
and both name the same arguments (a message that drops an argument in one language hides what went wrong).

The catalogues are found by file (penalty/<layer>/messages.py), so a new layer's catalogue is checked too.
"""
import importlib
import re
import string
from pathlib import Path

import pytest

import penalty
from penalty.i18n import LANGS

ROOT = Path(penalty.__file__).parent
LAYERS = sorted(p.parent.name for p in ROOT.glob("*/messages.py"))
PLURAL = re.compile(r"\{(\w+)\|[^{}|]*\|[^{}|]*\}")  # {n|file|files}: English plural forms of argument n


def arguments(template: str) -> set:
    names = set(PLURAL.findall(template))
    template = PLURAL.sub("", template).replace("[[", "").replace("]]", "")
    names |= {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(template) if field}
    return names


def test_every_layer_has_a_catalogue():
    assert {"audit", "cli", "engine", "review", "rulebook", "time"} <= set(LAYERS)


@pytest.mark.parametrize("layer", LAYERS)
def test_each_code_has_both_languages_naming_the_same_arguments(layer):
    messages = importlib.import_module(f"penalty.{layer}.messages").MESSAGES
    assert messages
    problems = []
    for code, entry in messages.items():
        missing = [lang for lang in LANGS if not (entry.get(lang) or "").strip()]
        if missing:
            problems.append(f"{code}: no {', '.join(missing)} text")
            continue
        zh, en = arguments(entry["zh"]), arguments(entry["en"])
        if zh != en:
            problems.append(f"{code}: zh names {sorted(zh)}, en names {sorted(en)}")
    assert not problems, "\n".join(problems)


# ---- one error model: a Problem's code is worded by the catalogue its layer registered (penalty.errors knows no layer)

PROBLEM_LAYERS = ("decision", "engine", "review", "rulebook", "serve", "time")  # the catalogues of Problem codes


@pytest.mark.parametrize("layer", PROBLEM_LAYERS)
def test_every_code_of_a_problem_catalogue_is_worded_through_the_registry(layer):
    from penalty.errors import _CATALOGUES, FALLBACK, Problem, _catalogue
    messages = importlib.import_module(f"penalty.{layer}.messages").MESSAGES
    _catalogue("no-such-layer.code")  # every layer's catalogue found and registered
    claimed = {prefix for prefix, catalogue in _CATALOGUES.items() if catalogue is messages}
    assert claimed, f"penalty.{layer}.messages registers no prefix"
    mine = [c for c in messages if c.split(".")[0] in claimed
            or (FALLBACK in claimed and c.split(".")[0] not in _CATALOGUES)]
    assert mine and [c for c in mine if c not in _catalogue(c)] == []
    code = next(c for c in mine if not c.endswith(".hint") and "{" not in messages[c]["en"])
    assert Problem(code).message("en") == messages[code]["en"].replace("[[", "").replace("]]", "")


def test_errors_imports_no_layer():
    import ast
    tree = ast.parse((ROOT / "errors.py").read_text(encoding="utf-8"))
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module] + \
               [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert [m for m in imported if m.startswith("penalty.") and m.split(".")[1] in LAYERS] == []
