"""Shared test fixtures: every bundled rulebook, loaded once per session."""
from __future__ import annotations

import pytest

from penalty.rulebook.bundled import bundled_names, bundled_rulebook

BUNDLED = bundled_names()


@pytest.fixture(scope="session")
def rulebooks():
    """{name: Rulebook} for every bundled rulebook (whatever is bundled: new ones are picked up)."""
    return {name: bundled_rulebook(name) for name in BUNDLED}
