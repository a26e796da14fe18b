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
