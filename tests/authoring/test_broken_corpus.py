"""Error quality: each broken rulebook names its one mistake, with the exact message and file:line:column."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from penalty.authoring.check import check_file

HERE = Path(__file__).parent
BROKEN = sorted((HERE / "broken").glob("*.yaml"))
EXPECT = re.compile(r"# expect: (error|warning|note) (\S+) (\d+):(\d+) (.*)$")


def expectations(path: Path) -> list:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = EXPECT.match(line)
        if m:
            out.append((m[1], m[2], int(m[3]), int(m[4]), m[5]))
    return out


def test_the_corpus_is_large_enough():
    assert len(BROKEN) >= 40


def test_the_base_rulebook_is_clean():
    assert check_file(HERE / "base.yaml").problems == []


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_rulebook_names_its_mistake(path):
    expected = expectations(path)
    assert expected, f"{path.name} has no `# expect:` line"
    report = check_file(path)
    got = [(p.severity, p.code, p.pos.line, p.pos.column, p.message("en").splitlines()[0]) for p in report.problems]
    assert got == expected
    for p in report.problems:
        assert p.pos.file == path.name
        for lang in ("en", "zh"):
            text = p.message(lang) + p.hint(lang)
            assert not re.search(r"\{[a-z_]+\}", text), text  # every placeholder filled
            assert "[[" not in text


def test_misspellings_get_a_did_you_mean_hint():
    hints = {p.stem: [x.hint("en") for x in check_file(p).problems] for p in BROKEN}
    assert "did you mean 'title'?" in hints["unknown-key"][1]
    assert "did you mean 'count'?" in hints["unknown-fact"][0]
    assert "did you mean 'heavier'?" in hints["unknown-grade"][0]
    assert "did you mean 'goods_value'?" in hints["unknown-base"][0]
    assert "did you mean 'sensitive_zone'?" in hints["unknown-row"][1]
