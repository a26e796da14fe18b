import pytest

from penalty.diff import diff_rulebooks
from penalty.rulebook.bundled import bundled_rulebook


@pytest.fixture(scope="module")
def bundled_diff():
    return diff_rulebooks(bundled_rulebook("cn-env-food"), bundled_rulebook("cn-env-food.2025"))


def kinds(d, vid):
    return [c for v in d["violations"]["changed"] if v["id"] == vid for c in v["changes"]]


def test_bundled_revision(bundled_diff):
    d = bundled_diff
    assert [v["id"] for v in d["violations"]["added"]] == ["gd-water-83-exceeding"]
    (cell,) = kinds(d, "gd-water-81-obstruct")
    assert cell["where"] == "delaying×none_in_year"
    assert cell["old"]["band"] == {"low": 2000000, "high": 4000000} and cell["new"]["band"] == {"low": 2000000, "high": 3000000}
    assert {c["kind"] for c in d["rulebook"]} == {"fact"}  # both versions declare the same limitation
    assert d["summary"] == {"added": 1, "removed": 0, "renamed": 0, "changed": 1, "bands_changed": 1, "rulebook_changes": 1}


def test_identical_rulebooks_have_no_changes():
    rb = bundled_rulebook()
    d = diff_rulebooks(rb, rb)
    assert d["rulebook"] == [] and d["violations"] == {"added": [], "removed": [], "renamed": [], "changed": []}


def test_conditions_show_old_and_new_sets(make_rb):
    new = make_rb([('when: "count_2y >= 4"', 'when: "count_2y >= 3"'),
                   ('when: "count_2y == 3"', 'when: "count_2y >= 3 and count_2y <= 3"')])
    d = diff_rulebooks(bundled_rulebook(), new)
    changes = {c["where"]: c for c in kinds(d, "jm-water-82-monitoring")}
    more = changes["more_times"]
    assert more["kind"] == "situation_condition" and not more["same_meaning"]
    assert more["old"]["sets"]["count_2y"]["intervals"] == [[4, True, 1000, True]]
    assert more["new"]["sets"]["count_2y"]["intervals"] == [[3, True, 1000, True]]
    assert changes["third_time"]["same_meaning"] is True


def test_statutory_adjustment_measures_and_grid_changes(make_rb):
    new = make_rb([
        ("statutory: {max: 50000,", "statutory: {max: 60000,"),
        ("    measures: {always: [order_file]}", "    measures: {always: [order_file, order_correct]}\n"
         "    adjustments:\n      - {id: filed-early, article: 粤环发〔2021〕7号, mode: may, when: filed_within_deadline, effect: {step: -1}}"),
        ("- {id: one_in_year, label: {zh: 一次及以上, en: one or more}, when: \"prior_count_1y >= 1\"}",
         "- {id: one_in_year, label: {zh: 一次及以上, en: one or more}, when: \"prior_count_1y >= 2\"}"),
    ])
    d = diff_rulebooks(bundled_rulebook(), new)
    eia = {c["kind"]: c for c in kinds(d, "gd-eia-31-3-registration")}
    assert {"statutory", "measures", "adjustment"} <= set(eia)
    assert eia["adjustment"]["old"] is None and eia["adjustment"]["new"]["mode"] == "may"
    assert eia["statutory"]["new"]["high"] == 6000000
    tier = [c for c in kinds(d, "gd-water-81-obstruct") if c["kind"] == "tier_condition"][0]
    assert tier["where"] == "columns:one_in_year"
    assert tier["new"]["sets"]["prior_count_1y"]["intervals"] == [[2, True, 1000, True]]


def test_renamed_and_removed_violations(make_rb):
    new = make_rb([("  - id: jm-water-82-monitoring", "  - id: jm-water-82-self-monitoring")])
    d = diff_rulebooks(bundled_rulebook(), new)
    assert d["violations"]["renamed"] == [{"old": "jm-water-82-monitoring", "new": "jm-water-82-self-monitoring"}]
    assert d["violations"]["removed"] == [] and d["violations"]["added"] == []
    d2 = diff_rulebooks(bundled_rulebook("cn-env-food.2025"), bundled_rulebook())
    assert [v["id"] for v in d2["violations"]["removed"]] == ["gd-water-83-exceeding"]
