"""Every bundled rulebook's example cases give the results copied from the published tables."""
import pytest

from penalty.rulebook.bundled import bundled_dir, bundled_names
from penalty.rulebook.load import load_rulebook
from penalty.testing.cases import cases_path_for, load_cases, run_case

ALL = [(name, spec, pos) for name in bundled_names()
       for spec, pos in load_cases(cases_path_for(bundled_dir() / f"{name}.yaml"))]


def test_every_bundled_rulebook_has_cases():
    assert {"cn-env-food", "ussg-2016"} <= set(bundled_names())
    for name in bundled_names():
        assert cases_path_for(bundled_dir() / f"{name}.yaml").is_file(), name


@pytest.fixture(scope="module")
def rulebooks():
    return {name: load_rulebook(bundled_dir() / f"{name}.yaml") for name in bundled_names()}


@pytest.mark.parametrize("name,spec,pos", ALL, ids=[f"{n}:{s['name']}" for n, s, _ in ALL])
def test_example_case(rulebooks, name, spec, pos):
    outcome = run_case(rulebooks[name], spec, pos)
    assert outcome.ok, (outcome.diffs, outcome.error)


def test_guangdong_grid_is_fully_exercised():
    cells = {(s["facts"]["obstruction"], s["facts"]["prior_count_1y"]) for n, s, _ in ALL
             if n == "cn-env-food" and s.get("violation") == "gd-water-81-obstruct" and "prior_count_1y" in s["facts"]}
    assert len(cells) == 10


def test_ussg_worked_examples_present():
    names = [s["name"] for n, s, _ in ALL if n == "ussg-2016"]
    for tag in ("USSG-1", "USSG-2", "USSG-3", "USSG-4", "USSG-5", "USSG-6"):
        assert any(x.startswith(tag) for x in names), tag
    assert sum(x.startswith("cell ") for x in names) == 43 * 6


def test_every_bundled_rulebook_reaches_full_coverage():
    from typer.testing import CliRunner
    from penalty.cli.app import app
    for name in bundled_names():
        r = CliRunner().invoke(app, ["test", name, "--min-coverage", "100"])
        assert r.exit_code == 0, (name, r.output[-800:])
