import pytest

from penalty.rulebook.bundled import bundled_dir
from penalty.rulebook.load import load_rulebook_text


def variant(replacements=(), base="cn-env-food.yaml", name=None):
    """The bundled rulebook with exact text replacements (each must apply once)."""
    text = (bundled_dir() / base).read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return load_rulebook_text(text, name or base, base_dir=bundled_dir())


@pytest.fixture
def make_rb():
    return variant
