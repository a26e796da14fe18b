"""Fixtures for the audit tests (helpers live in audit_helpers.py, imported by name by the tests)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from audit_helpers import Register, record  # noqa: E402


@pytest.fixture
def reg_path(tmp_path) -> Path:
    return tmp_path / "register.sqlite"


@pytest.fixture
def filled(reg_path) -> Path:
    """A closed register of 6 entries; entries 3 and 6 use rulebook B, the others A."""
    with Register.open(reg_path) as reg:
        for i in range(1, 7):
            record(reg, i, rulebook="B" if i in (3, 6) else "A")
    return reg_path
