import json

import pytest

from penalty.diff.cases import read_cases
from penalty.diff.replay import Replayer
from penalty.errors import CaseError
from penalty.rulebook.bundled import bundled_dir, bundled_rulebook

CSV = """case_id,violation,obstruction,prior_count_1y,count_2y,exceed_multiple,goods_value,recalled_in_time,harm_caused,repeat_within_year
A1,gd-water-81-obstruct,delaying,0,,,,,,
A2,gd-water-81-obstruct,拖延执法人员,0,,,,,,
A3,gd-water-81-obstruct,refusing_entry,1,,,,,,
A4,jm-water-82-monitoring,,,３,,,,,
A5,gd-water-83-exceeding,,,,2.5,,,,
A6,food-124-additives,,,,,"12,000",是,否,否
A7,gd-water-81-obstruct,flying,0,,,,,,
"""


@pytest.fixture(scope="module")
def pair():
    return bundled_rulebook("cn-env-food"), bundled_rulebook("cn-env-food.2025")


def replay(pair, path, cache=True):
    r = Replayer(*pair, cache=cache)
    return list(r.run(read_cases(path))), r


def test_csv_replay_lists_moved_cases_and_totals(pair, tmp_path):
    p = tmp_path / "past.csv"
    p.write_text(CSV, encoding="utf-8")
    moved, r = replay(pair, p)
    by_id = {m["case_id"]: m for m in moved}
    assert set(by_id) == {"A1", "A2", "A5", "A7"}
    assert by_id["A1"]["changes"] == ["range", "recommended"] and by_id["A1"]["delta"] == -500000
    assert by_id["A5"]["old"]["grade"] is None and by_id["A5"]["new"]["grade"] == "general"
    assert by_id["A7"]["changes"] == [] and by_id["A7"]["old"]["error"] == ["case.bad_enum"]
    t = r.summary()
    assert (t["totals"]["cases"], t["totals"]["changed"], t["totals"]["errors"]) == (7, 3, 1)
    assert t["by_violation"]["gd-water-81-obstruct"]["cases"] == 4
    assert t["by_violation"]["gd-water-81-obstruct"]["down"] == 2


def test_cache_changes_nothing_but_speed(pair, tmp_path):
    p = tmp_path / "past.csv"
    p.write_text(CSV + CSV.split("\n", 1)[1] * 3, encoding="utf-8")
    cached, rc = replay(pair, p, cache=True)
    plain, rp = replay(pair, p, cache=False)
    assert cached == plain and rc.summary()["totals"] == rp.summary()["totals"]
    assert rc.hits > 0 and rp.hits == 0


def test_jsonl_yaml_list_and_folder(pair, tmp_path):
    p = tmp_path / "past.jsonl"
    p.write_text(json.dumps({"case_id": "J1", "violation": "gd-water-81-obstruct",
                             "facts": {"obstruction": "delaying", "prior_count_1y": 0}}) + "\n\n" +
                 json.dumps({"id": "J2", "violation": "jm-water-82-monitoring", "count_2y": 1}) + "\n", encoding="utf-8")
    moved, r = replay(pair, p)
    assert [m["case_id"] for m in moved] == ["J1"] and r.all.cases == 2
    y = tmp_path / "own.cases.yaml"
    y.write_text("cases:\n  - name: t1\n    violation: gd-water-81-obstruct\n    facts: {obstruction: delaying, prior_count_1y: 0}\n"
                 "    expect: {grade: lighter}\n", encoding="utf-8")
    moved, _ = replay(pair, y)
    assert moved[0]["case_id"] == "t1"
    moved, r = replay(pair, bundled_dir() / "examples")
    assert r.all.cases >= 9 and r.all.changed >= 4


def test_unreadable_cases_are_a_clear_error(tmp_path):
    p = tmp_path / "bad.jsonl"
    p.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(CaseError) as exc:
        list(read_cases(p))
    assert exc.value.problems[0].code == "diff.bad_cases"
