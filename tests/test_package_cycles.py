"""No package of penalty imports, directly or through others, a package that imports it back.

A package is a folder of penalty/ (penalty/engine/...), or a module at the top (penalty/errors.py, penalty/party.py:
each its own node, as they are leaves every layer may use); penalty/__init__.py is the public API's facade, which
imports the layers (lazily) and which no layer imports. Every import counts, at the top of a module or inside a
function: a local import hides a cycle from Python's start-up, not from the next engineer.
"""
import ast
from pathlib import Path

import penalty

ROOT = Path(penalty.__file__).parent
FACADE = "penalty (the facade, __init__.py)"


def _node(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else FACADE


def _imported(tree: ast.AST) -> list:
    """(module, line) of every `penalty...` import in a module."""
    out = []
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom) and n.level == 0 and n.module and n.module.split(".")[0] == "penalty":
            # `from penalty import canonical` imports the module penalty.canonical
            out += [(f"penalty.{a.name}", n.lineno) for a in n.names] if n.module == "penalty" else [(n.module, n.lineno)]
        elif isinstance(n, ast.Import):
            out += [(a.name, n.lineno) for a in n.names if a.name.split(".")[0] == "penalty"]
    return out


def package_graph(root: Path = ROOT) -> dict:
    """{package: {package it imports: [file:line, ...]}}."""
    graph: dict = {}
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent).with_suffix("").parts
        source = FACADE if rel == ("penalty", "__init__") else rel[1]
        for module, line in _imported(ast.parse(path.read_text(encoding="utf-8"))):
            target = _node(module)
            if target != source:
                graph.setdefault(source, {}).setdefault(target, []).append(f"{path.relative_to(root.parent)}:{line}")
    return graph


def cycles(graph: dict) -> list:
    """The strongly connected groups of more than one package (Tarjan), each sorted."""
    index: dict = {}
    low: dict = {}
    stack: list = []
    on_stack: set = set()
    found = []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def test_no_package_cycle():
    graph = package_graph()
    assert {"cli", "serve", "engine", "rulebook", "explain", "errors"} <= set(graph) | {t for g in graph.values() for t in g}
    said = []
    for group in cycles(graph):
        said.append(" <-> ".join(group))
        said += [f"  {a} -> {b}: {', '.join(graph[a][b][:3])}" for a in group for b in group if b in graph.get(a, {})]
    assert not said, "\n".join(said)


def test_the_facade_is_imported_by_no_layer():
    graph = package_graph()
    assert [source for source, targets in graph.items() if FACADE in targets] == []


def test_a_cycle_is_found_and_named(tmp_path):
    (tmp_path / "penalty" / "a").mkdir(parents=True)
    (tmp_path / "penalty" / "b").mkdir()
    (tmp_path / "penalty" / "__init__.py").write_text("")
    (tmp_path / "penalty" / "errors.py").write_text("")
    (tmp_path / "penalty" / "a" / "x.py").write_text("from penalty.b.y import f\nfrom penalty import errors\n")
    (tmp_path / "penalty" / "b" / "y.py").write_text("def f():\n    import penalty.a.x\n")
    graph = package_graph(tmp_path / "penalty")
    assert graph == {"a": {"b": ["penalty/a/x.py:1"], "errors": ["penalty/a/x.py:2"]}, "b": {"a": ["penalty/b/y.py:2"]}}
    assert cycles(graph) == [["a", "b"]]
