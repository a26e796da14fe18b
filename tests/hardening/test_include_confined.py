"""`include:` names a bundled block or a file in the rulebook's folder (or below it): never an absolute path,
never `..` out of the folder, never a symbolic link that leads out; the refusal names line and column."""
import os

import pytest

from penalty.errors import RulebookError
from penalty.rulebook.bundled import bundled_dir
from penalty.rulebook.load import load_rulebook, load_rulebook_text

RULEBOOK = (bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8")
BLOCK = (bundled_dir() / "blocks" / "apl-2021.yaml").read_text(encoding="utf-8")
INCLUDE = "include: [apl-2021]"


def with_include(folder, ref):
    assert INCLUDE in RULEBOOK
    p = folder / "rb.yaml"
    p.write_text(RULEBOOK.replace(INCLUDE, f"include: ['{ref}']"), encoding="utf-8")
    return p


def include_line():
    return next(i for i, line in enumerate(RULEBOOK.splitlines(), 1) if line.startswith(INCLUDE))


@pytest.mark.parametrize("ref", ["/etc/passwd", "../outside.yaml", "sub/../../outside.yaml"])
def test_paths_out_of_the_folder_are_refused(tmp_path, ref):
    inner = tmp_path / "inner"
    inner.mkdir()
    (tmp_path / "outside.yaml").write_text(BLOCK, encoding="utf-8")
    with pytest.raises(RulebookError) as e:
        load_rulebook(with_include(inner, ref))
    p = e.value.problems[0]
    assert p.code == "load.include_outside" and (p.pos.file, p.pos.line) == ("rb.yaml", include_line())
    assert p.pos.column > 1 and ref in p.message("en") and p.hint("zh")


def test_a_link_that_leads_out_is_refused(tmp_path):
    inner = tmp_path / "inner"
    inner.mkdir()
    (tmp_path / "outside.yaml").write_text(BLOCK, encoding="utf-8")
    os.symlink(tmp_path / "outside.yaml", inner / "link.yaml")
    with pytest.raises(RulebookError) as e:
        load_rulebook(with_include(inner, "link.yaml"))
    assert e.value.problems[0].code == "load.include_outside"


def test_a_file_in_the_folder_or_below_is_included(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "mine.yaml").write_text(BLOCK, encoding="utf-8")
    bundled = load_rulebook(bundled_dir() / "cn-env-food.yaml")
    for ref in ("sub/mine.yaml", "sub/../sub/mine.yaml"):
        rb = load_rulebook(with_include(tmp_path, ref))
        assert [v.id for v in rb.violations] == [v.id for v in bundled.violations] and rb.include_texts


def test_text_without_a_folder_cannot_include_a_path():
    text = RULEBOOK.replace(INCLUDE, "include: ['/etc/passwd']")
    with pytest.raises(RulebookError) as e:
        load_rulebook_text(text, "stdin.yaml")
    assert e.value.problems[0].code == "load.include_outside"
