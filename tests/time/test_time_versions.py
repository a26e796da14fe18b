import datetime as dt

import pytest

from penalty.errors import CaseError, RulebookError
from penalty.rulebook.bundled import bundled_dir
from penalty.time.versions import family_paths, load_versions, version_set

EFF = "effective: {from: 2024-01-01}"


def test_bundled_family_closes_the_old_period():
    vs = load_versions(bundled_dir() / "cn-env-food.2025.yaml")
    (a, b) = vs.versions
    assert (a.label, a.start, a.end, a.end_from) == ("2024.1", dt.date(2024, 1, 1), dt.date(2025, 6, 30), "next_version")
    assert (b.label, b.start, b.end, b.end_from) == ("2025.1", dt.date(2025, 7, 1), None, "open")
    assert vs.at(dt.date(2025, 6, 30)) is a and vs.at(dt.date(2025, 7, 1)) is b
    assert [p.name for p in family_paths(bundled_dir() / "cn-env-food.yaml")] == ["cn-env-food.2025.yaml", "cn-env-food.yaml"]


def test_before_the_first_version_is_an_error():
    vs = load_versions(bundled_dir() / "cn-env-food.yaml")
    with pytest.raises(CaseError) as exc:
        vs.at(dt.date(2023, 12, 31))
    p = exc.value.problems[0]
    assert p.code == "time.before_first" and "2024-01-01" in p.message("en") and p.hint("en")


def test_a_hole_is_an_error_and_after_the_last_too(make_rb):
    a = make_rb([(EFF, "effective: {from: 2024-01-01, to: 2024-06-30}")])
    b = make_rb([(EFF, "effective: {from: 2024-09-01, to: 2025-12-31}"), ('version: "2024.1"', 'version: "2024.2"')], name="b.yaml")
    vs = version_set([b, a])
    assert vs.at(dt.date(2024, 6, 30)).label == "2024.1"
    with pytest.raises(CaseError) as exc:
        vs.at(dt.date(2024, 7, 15), "decision_date")
    assert exc.value.problems[0].code == "time.in_hole" and "decision_date" in exc.value.problems[0].message("en")
    with pytest.raises(CaseError) as exc:
        vs.at(dt.date(2026, 1, 1))
    assert exc.value.problems[0].code == "time.after_last"


@pytest.mark.parametrize("a_eff,b_eff,code", [
    ("effective: {from: 2024-01-01, to: 2024-09-01}", "effective: {from: 2024-09-01}", "time.overlap"),
    ("effective: {from: 2024-01-01}", "effective: {from: 2024-01-01}", "time.same_from"),
    ("version: x", "effective: {from: 2024-09-01}", "time.no_from"),
])
def test_versions_that_do_not_fit(make_rb, a_eff, b_eff, code):
    a = make_rb([(EFF, "") if a_eff.startswith("version") else (EFF, a_eff)])
    b = make_rb([(EFF, b_eff), ('version: "2024.1"', 'version: "2024.2"')], name="b.yaml")
    with pytest.raises(RulebookError) as exc:
        version_set([a, b])
    assert code in [p.code for p in exc.value.problems]
    assert all(p.pos is not None for p in exc.value.problems)


def test_different_ids_or_units_are_refused(make_rb):
    a = make_rb()
    b = make_rb([("id: cn-env-food", "id: other"), (EFF, "effective: {from: 2025-01-01}")], name="b.yaml")
    with pytest.raises(RulebookError) as exc:
        version_set([a, b])
    assert exc.value.problems[0].code == "time.id_mismatch"
    c = make_rb([("minor_units: 100", "minor_units: 1"), (EFF, "effective: {from: 2025-01-01}")], name="c.yaml")
    with pytest.raises(RulebookError) as exc:
        version_set([a, c])
    assert exc.value.problems[0].code == "time.unit_changed"


def test_a_lone_version_without_dates_is_always_in_force(make_rb):
    vs = version_set([make_rb([(EFF, "")])])
    assert vs.at(dt.date(1990, 1, 1)).label == "2024.1"
