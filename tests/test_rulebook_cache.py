"""The compiled-rulebook cache (penalty.rulebook.cache): it never changes a result, it notices a changed file
(the rulebook's own or an included one), and it reads nothing it did not write for this user."""
import os
import pickle

import pytest

from penalty import canonical
from penalty.errors import RulebookError
from penalty.rulebook import cache
from penalty.rulebook.bundled import bundled_names, resolve
from penalty.rulebook.load import load_rulebook
from penalty.testing.cases import cases_path_for, load_cases, run_case
from tests.minimal_rulebook import head

RULEBOOK = head("cached", "{en: cached}") + """\
include: [chapter.yaml]
violations:
  - id: first
    title: {en: first}
    statutory: {range: [10000, 100000]}
"""
CHAPTER = """\
penalty_block: 1
id: chapter
violations:
  - id: second
    title: {en: second}
    statutory: {range: [20000, 200000]}
"""


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("PENALTY_CACHE_DIR", str(d))
    monkeypatch.delenv("PENALTY_CACHE", raising=False)
    return d


def write(folder, chapter=CHAPTER):
    (folder / "rb.yaml").write_text(RULEBOOK, encoding="utf-8")
    (folder / "chapter.yaml").write_text(chapter, encoding="utf-8")
    return folder / "rb.yaml"


def entries(d):
    return sorted(d.glob("*.pickle")) if d.exists() else []


def outputs(rb, specs) -> list[bytes]:
    return [canonical.dumps([o.name, o.ok, o.result]) for o in (run_case(rb, spec, pos) for spec, pos in specs)]


def example_cases(name) -> list:
    """The rulebook's own cases, read once for both rulebooks compared (reading ~2,300 cases with positions is
    most of the time on the Guangdong book)."""
    path = cases_path_for(resolve(name))
    return load_cases(path) if path.is_file() else []


@pytest.mark.parametrize("name", bundled_names())
def test_a_cached_rulebook_gives_byte_identical_results(name, cache_dir, monkeypatch):
    monkeypatch.setenv("PENALTY_CACHE", "off")
    fresh = load_rulebook(resolve(name))
    monkeypatch.delenv("PENALTY_CACHE")
    load_rulebook(resolve(name))  # writes the entry
    assert len(entries(cache_dir)) == 1
    cached = load_rulebook(resolve(name))  # read from it
    assert cached is not fresh and cached == fresh and cached.fingerprint == fresh.fingerprint
    specs = example_cases(name)
    assert outputs(cached, specs) == outputs(fresh, specs)


def test_a_changed_included_file_is_seen_at_once(tmp_path, cache_dir):
    path = write(tmp_path)
    assert load_rulebook(path).violation("second").statutory[0].high == 20000000
    write(tmp_path, CHAPTER.replace("200000]", "300000]"))
    assert load_rulebook(path).violation("second").statutory[0].high == 30000000
    assert len(entries(cache_dir)) == 1  # the entry of the main file was written again for the new state


def test_a_rulebook_that_fails_to_load_is_not_cached(tmp_path, cache_dir):
    path = write(tmp_path, CHAPTER.replace("statutory:", "statutory_typo:"))
    for _ in range(2):  # reported every time, from the files themselves
        with pytest.raises(RulebookError):
            load_rulebook(path)
    assert entries(cache_dir) == []


def test_off_writes_nothing(tmp_path, cache_dir, monkeypatch):
    monkeypatch.setenv("PENALTY_CACHE", "off")
    load_rulebook(write(tmp_path))
    assert entries(cache_dir) == []


def test_a_damaged_entry_is_a_miss(tmp_path, cache_dir):
    path = write(tmp_path)
    load_rulebook(path)
    (entry,) = entries(cache_dir)
    entry.write_bytes(entry.read_bytes()[:200])
    assert load_rulebook(path).violation("first").statutory[0].low == 1000000


def test_an_entry_others_may_write_is_not_read(tmp_path, cache_dir, monkeypatch):
    path = write(tmp_path)
    load_rulebook(path)
    (entry,) = entries(cache_dir)
    os.chmod(entry, 0o666)
    calls = []
    monkeypatch.setattr(cache, "_Unpickler", lambda *a: calls.append(a))
    load_rulebook(path)
    assert calls == []


class Boom:
    def __reduce__(self):
        return (os.system, ("echo forged > /dev/null",))


def test_a_forged_entry_cannot_name_a_function_outside_the_package(tmp_path, cache_dir):
    path = write(tmp_path)
    load_rulebook(path)
    (entry,) = entries(cache_dir)
    raw = entry.read_bytes()
    head = len(cache.FORMAT)
    n = int.from_bytes(raw[head:head + 8], "big")
    forged = pickle.dumps(Boom())
    entry.write_bytes(raw[:head + 8 + n] + forged)
    with pytest.raises(pickle.UnpicklingError):
        cache._Unpickler(__import__("io").BytesIO(forged)).load()
    rb = load_rulebook(path)  # the forged entry is a miss: the book is loaded from its files
    assert rb.violation("second").statutory[0].high == 20000000
