import pytest

from penalty.rulebook.bundled import bundled_dir
from penalty.rulebook.load import load_rulebook_text


def without_limitation(text: str) -> str:
    """The bundled text without its `limitation:` block, so a test can write its own."""
    import re
    return re.sub(r"\nlimitation:\n(?:  .*\n)+", "\n", text, count=1)


def variant(replacements=(), base="cn-env-food.yaml", name=None):
    """The bundled rulebook, without its limitation block, with exact text replacements (each must apply once)."""
    text = without_limitation((bundled_dir() / base).read_text(encoding="utf-8"))
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return load_rulebook_text(text, name or base, base_dir=bundled_dir())


@pytest.fixture
def make_rb():
    return variant
