"""A long benchmark keeps a chapter per file: an include block may hold violations, and a cases file may include
the cases files of the chapters. The rulebook's own violations come first, then each block's in `include:` order;
an id written twice is refused at the second place with the first named."""
import pytest

from penalty.errors import RulebookError
from penalty.rulebook.load import load_rulebook
from penalty.testing.cases import load_cases
from tests.minimal_rulebook import head

RULEBOOK = head("chapters", "{en: chapters}") + """\
include: [water.yaml]
violations:
  - id: first
    title: {en: first}
    statutory: {range: [10000, 100000]}
"""
CHAPTER = """\
penalty_block: 1
id: water
violations:
  - id: second
    title: {en: second}
    statutory: {range: [20000, 200000]}
"""


def write(folder, rulebook=RULEBOOK, chapter=CHAPTER):
    (folder / "rb.yaml").write_text(rulebook, encoding="utf-8")
    (folder / "water.yaml").write_text(chapter, encoding="utf-8")
    return folder / "rb.yaml"


def test_a_block_adds_its_violations_after_the_rulebooks_own(tmp_path):
    rb = load_rulebook(write(tmp_path))
    assert [v.id for v in rb.violations] == ["first", "second"]
    second = rb.violations[1]
    assert (second.statutory[0].low, second.statutory[0].high) == (2_000_000, 20_000_000)  # minor units
    assert second.pos.file == "water.yaml" and second.pos.line == 4


def test_an_id_in_the_rulebook_and_a_chapter_is_refused_where_it_is_written_twice(tmp_path):
    with pytest.raises(RulebookError) as e:
        load_rulebook(write(tmp_path, chapter=CHAPTER.replace("id: second", "id: first")))
    p = next(p for p in e.value.problems if p.code == "load.violation_twice")
    assert (p.pos.file, p.pos.line) == ("water.yaml", 4) and "rb.yaml:12" in p.message("en")


def test_the_fingerprint_covers_the_chapter(tmp_path):
    one = load_rulebook(write(tmp_path)).fingerprint
    two = load_rulebook(write(tmp_path, chapter=CHAPTER.replace("200000", "190000"))).fingerprint
    assert one != two


CASES = """\
penalty_cases: 1
rulebook: chapters
include: [{ref}]
cases:
  - {{name: own, violation: first, facts: {{}}, expect: {{grade: general}}}}
"""
CHAPTER_CASES = """\
penalty_cases: 1
rulebook: chapters
cases:
  - {name: chapter, violation: second, facts: {}, expect: {grade: general}}
"""


def test_a_cases_file_includes_the_chapters_cases_after_its_own(tmp_path):
    (tmp_path / "water.cases.yaml").write_text(CHAPTER_CASES, encoding="utf-8")
    (tmp_path / "rb.cases.yaml").write_text(CASES.format(ref="water.cases.yaml"), encoding="utf-8")
    cases = load_cases(tmp_path / "rb.cases.yaml")
    assert [c["name"] for c, _ in cases] == ["own", "chapter"]
    assert cases[1][1].file == "water.cases.yaml" and cases[1][1].line == 4


@pytest.mark.parametrize("ref", ["missing.cases.yaml", "../rb.cases.yaml", "/etc/passwd"])
def test_a_cases_include_that_is_not_a_file_in_the_folder_is_refused(tmp_path, ref):
    inner = tmp_path / "inner"
    inner.mkdir()
    (tmp_path / "rb.cases.yaml").write_text(CHAPTER_CASES, encoding="utf-8")
    (inner / "rb.cases.yaml").write_text(CASES.format(ref=ref), encoding="utf-8")
    with pytest.raises(RulebookError) as e:
        load_cases(inner / "rb.cases.yaml")
    p = e.value.problems[0]
    assert p.code == "load.cases_include" and (p.pos.file, p.pos.line) == ("rb.cases.yaml", 3)
    assert ref in p.message("en") and p.hint("zh")


def test_a_cases_include_loop_is_refused(tmp_path):
    (tmp_path / "a.cases.yaml").write_text(CASES.format(ref="b.cases.yaml"), encoding="utf-8")
    (tmp_path / "b.cases.yaml").write_text(CASES.format(ref="a.cases.yaml"), encoding="utf-8")
    with pytest.raises(RulebookError) as e:
        load_cases(tmp_path / "a.cases.yaml")
    assert e.value.problems[0].code == "load.include_loop"
