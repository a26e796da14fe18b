"""What a non-editable install ships (CI installs with `pip install '.[test]'`, not -e): every package of the
source tree is listed in pyproject.toml, and every data file in it is matched by a package-data pattern. A package
left out works in a developer's editable checkout and is missing from every real install."""
import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def folder_of(package: str) -> Path:
    """The source folder of a package, following package-dir (penalty.bundled.blocks -> rulebooks/blocks)."""
    mapped = CONFIG.get("package-dir", {})
    parts = package.split(".")
    for i in range(len(parts), 0, -1):
        if ".".join(parts[:i]) in mapped:
            return ROOT / mapped[".".join(parts[:i])] / Path(*parts[i:])
    return ROOT / Path(*parts)


DIRS = {name: folder_of(name) for name in CONFIG["packages"]}


def test_every_python_package_is_listed():
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "penalty").rglob("__init__.py")
             if "__pycache__" not in p.parts}
    assert found - set(CONFIG["packages"]) == set()


def test_every_data_file_of_a_listed_package_is_shipped():
    missing = []
    for name, folder in DIRS.items():
        patterns = CONFIG.get("package-data", {}).get(name, [])
        for f in folder.iterdir():
            if f.is_file() and f.suffix not in (".py", ".pyc") and not any(fnmatch.fnmatch(f.name, p) for p in patterns):
                missing.append(f"{name}: {f.name}")
    assert missing == []
