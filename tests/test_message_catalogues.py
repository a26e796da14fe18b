"""Every layer's message catalogue is complete in both languages: each code has a Chinese and an English text,
and both name the same arguments (a message that drops an argument in one language hides what went wrong).

The catalogues are found by file (penalty/<layer>/messages.py), so a new layer's catalogue is checked too.
"""
import ast
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
    assert {"audit", "cli", "diff", "engine", "review", "rulebook", "time"} <= set(LAYERS)


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

PROBLEM_LAYERS = ("audit", "decision", "diff", "engine", "review", "rulebook", "serve", "time")  # catalogues of Problem codes


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
    code = next(c for c in mine if not c.endswith(".hint") and "|" not in messages[c]["en"])
    args = {name: f"<{name}>" for name in arguments(messages[code]["en"])}
    assert Problem(code, None, args).message("en") == \
        messages[code]["en"].replace("[[", "").replace("]]", "").format(**args)


def test_errors_imports_no_layer():
    import ast
    tree = ast.parse((ROOT / "errors.py").read_text(encoding="utf-8"))
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module] + \
               [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert [m for m in imported if m.startswith("penalty.") and m.split(".")[1] in LAYERS] == []


def test_each_prefix_is_claimed_by_the_catalogue_that_holds_its_codes():
    from penalty.errors import _CATALOGUES, FALLBACK, _catalogue
    _catalogue("no-such-layer.code")
    for prefix, catalogue in _CATALOGUES.items():
        assert prefix == FALLBACK or any(code.startswith(prefix + ".") for code in catalogue), prefix


# ---- every argument a message names is given where the error is made (a missing one shows `{name}` to the user)

CODE = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")
# Where an error is made: a Problem, an AuditError's `of`, the rulebook builder's `err`, the checker's `add`, and
# the parsers' own exceptions, which become Problems in one place each with what the parser cannot know added.
# (A ValueError("code") is a signal to the caller, who makes the Problem with its arguments: not a site.)
MADE_BY = {"Problem": set(), "YamlProblem": set(), "of": set(), "err": set(), "add": set(),
           "ConditionSyntaxError": {"caret"}, "ConditionTypeError": {"caret"}}  # rulebook.load: Builder.condition
ADDED_FROM = {"known": "suggestion"}  # cond.unknown_fact: the known names become the did-you-mean


def _supplied(call: ast.Call, made_by: str) -> set | None:
    """The argument names a call gives its message, or None when they are not written out at the call."""
    if made_by == "Problem":
        given = call.args[2] if len(call.args) > 2 else next((k.value for k in call.keywords if k.arg == "args"), None)
        if given is None:
            return set()
        if isinstance(given, ast.Dict) and all(isinstance(k, ast.Constant) for k in given.keys):
            return {k.value for k in given.keys}
        return None
    if any(k.arg is None for k in call.keywords):
        return None
    names = {k.arg for k in call.keywords} - {"severity"}
    return names | MADE_BY[made_by] | {ADDED_FROM[n] for n in names if n in ADDED_FROM}


def raise_sites(where: str, source: str):
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str) and CODE.match(node.args[0].value)):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in MADE_BY:
            yield f"{where}:{node.lineno}", node.args[0].value, _supplied(node, name)


def unworded(where: str, source: str) -> tuple[list, int]:
    """(what is wrong at the error sites in `source`, how many sites were checked)."""
    from penalty.errors import _catalogue
    problems, checked = [], 0
    for at, code, supplied in raise_sites(where, source):
        catalogue = _catalogue(code)
        if code not in catalogue:
            problems.append(f"{at}: {code} is in no catalogue that claims its prefix")
            continue
        if supplied is None:
            continue
        checked += 1
        needed = set().union(*(arguments(catalogue[key][lang]) for key in (code, code + ".hint") if key in catalogue
                               for lang in LANGS))
        if needed - supplied:
            problems.append(f"{at}: {code} names {sorted(needed - supplied)}, not given")
    return problems, checked


def test_every_argument_a_message_names_is_given_where_the_error_is_made():
    problems, checked = [], 0
    for path in sorted(ROOT.rglob("*.py")):
        found, n = unworded(str(path.relative_to(ROOT.parent)), path.read_text(encoding="utf-8"))
        problems += found
        checked += n
    assert not problems, "\n".join(problems)
    assert checked > 250  # the scan finds the sites (about 320 today), not nothing


def test_the_scan_finds_a_missing_argument_and_an_unknown_code():
    source = """
RegisterError.of("register.missing")
Problem("diff.bad_cases", None, {"path": p})
Problem("diff.no_such_code")
ConditionTypeError("cond.unknown_fact", 3, name=n, known=k)
RegisterError.of("register.busy", **args)
"""
    problems, checked = unworded("x.py", source)
    assert problems == ["x.py:2: register.missing names ['path'], not given",
                        "x.py:3: diff.bad_cases names ['reason'], not given",
                        "x.py:4: diff.no_such_code is in no catalogue that claims its prefix"]
    assert checked == 3  # the condition error gets its caret and suggestion where it becomes a Problem
