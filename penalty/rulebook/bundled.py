"""The rulebooks and include blocks shipped with the package (the repository's rulebooks/ folder)."""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

DEFAULT = "cn-env-food"


@lru_cache(maxsize=1)
def bundled_dir() -> Path:
    spec = importlib.util.find_spec("penalty.bundled")
    if spec is not None and spec.submodule_search_locations:
        for loc in spec.submodule_search_locations:
            if Path(loc, f"{DEFAULT}.yaml").is_file():
                return Path(loc)
    # A checkout that was not installed: rulebooks/ beside the package.
    return Path(__file__).resolve().parents[2] / "rulebooks"


def bundled_names() -> list[str]:
    return sorted(p.name[: -len(".yaml")] for p in bundled_dir().glob("*.yaml")
                  if not p.name.endswith(".cases.yaml"))


def bundled_path(name: str) -> Path | None:
    p = bundled_dir() / f"{name}.yaml"
    return p if p.is_file() and name in bundled_names() else None


def block_names() -> list[str]:
    return sorted(p.stem for p in (bundled_dir() / "blocks").glob("*.yaml"))


def block_path(name: str) -> Path | None:
    if "/" in name or "\\" in name or name.endswith(".yaml"):
        return None
    p = bundled_dir() / "blocks" / f"{name}.yaml"
    return p if p.is_file() else None


def resolve(spec: str | None) -> Path:
    """A --rulebook value: a bundled name, or a path. None -> the default bundled rulebook."""
    if spec is None:
        return bundled_dir() / f"{DEFAULT}.yaml"
    p = bundled_path(spec)
    return p if p is not None else Path(spec)


def bundled_rulebook(name: str = DEFAULT):
    from penalty.rulebook.load import load_rulebook
    return load_rulebook(resolve(name))
