"""The procedure the Administrative Penalty Law attaches to a decision: thresholds and deadlines by hand."""
from __future__ import annotations

import datetime as dt

import pytest

from penalty.decision import procedure
from penalty.decision.render import text
from penalty.rulebook.bundled import bundled_dir, bundled_rulebook
from penalty.rulebook.load import load_rulebook

YUAN = 100


def codes(p, kind=None):
    return [i["code"] for i in p["items"] if kind is None or i["kind"] == kind]


@pytest.fixture(scope="module")
def rb():
    return bundled_rulebook("cn-env-food")


@pytest.fixture()
def police(tmp_path):
    """cn-env-food under the public-security base: hearing from 2,000 (citizen) / 10,000 (organisation) yuan."""
    path = tmp_path / "cn-env-food.yaml"
    path.write_text((bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8")
                    + "jurisdiction:\n  base: public_security\n", encoding="utf-8")
    return load_rulebook(path)


@pytest.mark.parametrize("party, amount, hearing", [
    # national default for most authorities: 较大数额 10,000 (citizen) / 100,000 (organisation); 以上 includes it
    ("citizen", 10_000 * YUAN, True), ("citizen", 10_000 * YUAN - 1, False),
    ("organisation", 100_000 * YUAN, True), ("organisation", 99_999 * YUAN, False),
])
def test_the_hearing_right_art63(rb, party, amount, hearing):
    p = procedure(rb, amount, (), party)
    assert p["hearing"] is hearing
    assert ("decision.proc.hearing" in codes(p, "required")) is hearing
    # 法制审核 (art. 58) and 集体讨论 (art. 57) are drawn at the same line by default
    assert ("decision.proc.legal_review" in codes(p)) is hearing and ("decision.proc.collective" in codes(p)) is hearing


def test_public_security_thresholds(police):
    assert procedure(police, 2_000 * YUAN, (), "citizen")["hearing"] is True
    assert procedure(police, 1_999 * YUAN, (), "citizen")["hearing"] is False
    assert procedure(police, 10_000 * YUAN, (), "organisation")["hearing"] is True


def test_revocation_carries_the_hearing_right_whatever_the_fine(rb):
    p = procedure(rb, 0, ("revoke_licence",), "organisation")
    assert p["hearing"] is True and "decision.proc.no_on_the_spot_measure" in codes(p)


@pytest.mark.parametrize("party, amount, allowed", [
    ("citizen", 200 * YUAN, True), ("citizen", 200 * YUAN + 1, False),           # art. 51: 二百元以下
    ("organisation", 3_000 * YUAN, True), ("organisation", 3_000 * YUAN + 1, False),  # 三千元以下
])
def test_on_the_spot_limits_art51(rb, party, amount, allowed):
    assert ("decision.proc.on_the_spot" in codes(procedure(rb, amount, (), party))) is allowed


def test_unknown_party_type_uses_the_stricter_citizen_thresholds(rb):
    p = procedure(rb, 10_000 * YUAN, (), None)
    assert p["hearing"] is True and "decision.proc.party_unknown" in codes(p, "warning")


def test_late_fee_art72(rb):
    item = next(i for i in procedure(rb, 50_000 * YUAN, (), "organisation")["items"] if i["code"] == "decision.proc.late_fee")
    # 3 % of 50,000 = 1,500 a day; 33 days make 99 %, the 34th reaches the cap of the fine itself
    assert item["args"]["per_day"]["en"] == "1,500 yuan" and item["args"]["cap"]["en"] == "50,000 yuan"
    assert item["args"]["days"] == 34


def test_deadlines_in_working_days_around_national_day_2025(rb):
    # 国办发明电〔2024〕12号: 10月1日至8日放假调休，9月28日（周日）、10月11日（周六）上班.
    dates = {"filing_date": dt.date(2025, 7, 1), "decision_date": dt.date(2025, 9, 26), "notice_date": dt.date(2025, 9, 30)}
    items = {i["code"]: i for i in procedure(rb, 100_000 * YUAN, (), "organisation", dates)["items"]}
    # art. 60: 90 days from 1 July: July has 30 more days, August 31, then 29 in September -> 29 September
    assert items["decision.proc.decide_by"]["args"]["date"] == "2025-09-29"
    # art. 61: 7 working days from Fri 26 Sep: 28 (Sun, worked), 29, 30; 9, 10, 11 (Sat, worked); 13 Oct
    assert items["decision.proc.serve_by"]["args"]["date"] == "2025-10-13"
    # art. 64: 5 working days from Tue 30 Sep: 9, 10, 11 (Sat, worked), 13, 14 Oct
    assert items["decision.proc.hearing_request_by"]["args"]["date"] == "2025-10-14"
    assert "decision.proc.hearing_notice" in items


def test_a_decision_after_the_90_days_is_warned(rb):
    dates = {"filing_date": dt.date(2025, 7, 1), "decision_date": dt.date(2025, 9, 30)}
    assert "decision.proc.decided_late" in codes(procedure(rb, 0, (), "citizen", dates), "warning")


def test_a_deadline_past_the_holiday_calendar_is_not_guessed(rb):
    from penalty.decision.workdays import coverage
    last = coverage()[1]
    dates = {"decision_date": dt.date(last, 12, 28)}  # 7 working days run into the next year
    p = procedure(rb, 0, (), "citizen", dates)
    assert "decision.proc.calendar_gap" in codes(p, "warning") and "decision.proc.serve_by" not in codes(p)


def test_every_item_reads_in_both_languages_with_its_article(rb):
    dates = {"filing_date": dt.date(2025, 7, 1), "decision_date": dt.date(2025, 9, 26), "notice_date": dt.date(2025, 9, 30)}
    for item in procedure(rb, 100_000 * YUAN, ("revoke_licence",), "organisation", dates)["items"]:
        zh, en = text(item, "zh"), text(item, "en")
        assert "{" not in zh + en and zh != en
        if item["code"] not in ("decision.proc.decided_late",):
            assert "第" in zh or item["kind"] == "warning"


def test_a_hearing_measure_the_rulebook_lacks_is_warned(tmp_path):
    path = tmp_path / "cn-env-food.yaml"
    path.write_text((bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8")
                    + "jurisdiction:\n  hearing_measures: [revoke_licence, revoke_lisence]\n", encoding="utf-8")
    rb = load_rulebook(path)
    p = procedure(rb, 0, ("revoke_licence",), "organisation")
    warned = [i for i in p["items"] if i["code"] == "decision.proc.unknown_hearing_measure"]
    assert [w["args"]["measure"] for w in warned] == ["revoke_lisence"] and p["hearing"] is True


def test_the_decision_json_is_the_same_under_any_hash_seed(tmp_path):
    import os
    import subprocess
    import sys
    case = tmp_path / "case.yaml"
    case.write_text("case_id: H-1\nviolation: gd-water-81-obstruct\nfacts: {obstruction: delaying, prior_count_1y: 0}\n"
                    "party_id: 91350100M000100Y43\nfiling_date: 2025-07-01\ndecision_date: 2025-09-26\n"
                    "act_date: 2025-06-01\n", encoding="utf-8")
    # dated, so decided under the art. 37 choice between 2024.1 and 2025.1; 25,000 lies inside both versions'
    # delaying bands ([20,000, 40,000) and [20,000, 30,000))
    outs = set()
    for seed in ("0", "1", "12345"):
        done = subprocess.run([sys.executable, "-m", "penalty.cli.app", "decide", str(case), "--amount", "25000", "--json"],
                              env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        outs.add(done.stdout)
    assert len(outs) == 1


def test_a_threshold_finer_than_the_unit_is_the_rulebooks_mistake_not_a_traceback(tmp_path):
    from penalty.errors import RulebookError
    path = tmp_path / "cn-env-food.yaml"
    path.write_text((bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8")
                    + "jurisdiction:\n  hearing_fine: {citizen: 0.001, organisation: 10000}\n", encoding="utf-8")
    with pytest.raises(RulebookError) as exc:
        procedure(load_rulebook(path), 0, (), "citizen")
    assert exc.value.problems[0].code == "decision.bad_threshold"
    assert "jurisdiction.hearing_fine.citizen is 0.001" in exc.value.problems[0].message("en")
