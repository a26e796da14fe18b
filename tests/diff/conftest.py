# The fixtures of tests/time/conftest.py (the bundled rulebook with exact text replacements), shared, not copied.
import runpy
from pathlib import Path

_shared = runpy.run_path(str(Path(__file__).parents[1] / "time" / "conftest.py"))
variant, make_rb = _shared["variant"], _shared["make_rb"]
