"""Art. 37 in the review: every row (within the limitation period) gets the version `penalty calc` would choose (penalty.time.choose is the
reference), across the two bundled versions of cn-env-food (2024.1; 2025.1 from 2025-07-01: one band narrowed,
one violation added)."""
from __future__ import annotations

import csv
import datetime as _dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penalty.errors import CaseError
from penalty.review import review
from penalty.rulebook.bundled import resolve
from penalty.time.choose import assess_in_time
from penalty.time.versions import load_versions

VERSIONS = load_versions(resolve("cn-env-food"))
LATEST = VERSIONS.versions[-1].rulebook
DAY0 = _dt.date(2023, 10, 1)  # a little before the first version, so some rows have no version


def _value(fact, rnd):
    # the first value and the minimum half the time: the cell 2025.1 narrowed is (delaying, none in the year)
    if fact.type == "enum":
        return list(fact.values)[0] if rnd.random() < 0.5 else rnd.choice(list(fact.values))
    if fact.type == "boolean":
        return rnd.random() < 0.2
    if fact.type == "integer":
        return int(fact.min or 0) if rnd.random() < 0.5 else rnd.randint(int(fact.min or 0), int(fact.min or 0) + 4)
    if fact.type == "money":
        return rnd.choice([500, 4_000, 9_999, 10_000, 25_000, 180_000])
    return rnd.choice(["0.5", "1", "2.5", "4"])  # number


def _cases(seed: int, n: int) -> list[dict]:
    rnd = random.Random(seed)
    out = []
    from penalty.engine.facts import facts_read_by
    for i in range(n):
        v = rnd.choice(LATEST.violations)
        act = DAY0 + _dt.timedelta(days=rnd.randint(0, 1000))
        discovery = act + _dt.timedelta(days=rnd.randint(1, 300))
        decision = discovery + _dt.timedelta(days=rnd.randint(1, 300))  # within two years: no art. 36 here
        case = {"case_id": f"V{i}", "violation": v.id, "fine": rnd.choice([0, 20_000, 35_000, 150_000]),
                "act_date": act, "discovery_date": discovery}
        if rnd.random() < 0.9:
            case["decision_date"] = decision
        for name in sorted(facts_read_by(v)):
            if LATEST.facts[name].default is None or rnd.random() < 0.1:
                case[name] = _value(LATEST.facts[name], rnd)
        out.append(case)
    return out


def _write(tmp_path, cases):
    cols = ["case_id", "violation", "fine", "act_date", "discovery_date", "decision_date", *LATEST.facts]
    p = tmp_path / "cases.csv"
    with p.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        for c in cases:
            w.writerow({k: ("true" if v is True else "false" if v is False else v) for k, v in c.items()})
    return p


@settings(max_examples=4, deadline=None)
@given(seed=st.integers(0, 2 ** 32 - 1))
def test_each_row_gets_the_version_calc_chooses(tmp_path_factory, seed):
    cases = _cases(seed, 150)
    r = review(_write(tmp_path_factory.mktemp("v"), cases), VERSIONS.versions[0].rulebook, versions=VERSIONS)
    assert r.read == len(cases)
    got = {row["case_id"]: row for row in r.cases.iter_rows(named=True)}
    rejected = set(r.rejected["case_id"].to_list())
    for case in cases:
        want = _calc(VERSIONS, case)
        if want is None:
            assert case["case_id"] in rejected, case
            continue
        assert case["case_id"] in got, (case, r.rejected.filter(r.rejected["case_id"] == case["case_id"]))
        row = got[case["case_id"]]
        assert (str(row["version"]), row["art37"], str(row["grade"]), row["low"], row["high"], row["recommended"]) \
            == want, case


def _calc(versions, case):
    """What penalty calc decides for the case: (version, art. 37 reason, grade, low, high, recommended), or None
    when it refuses the case."""
    data = {k: v for k, v in case.items() if k in ("case_id", "violation") or k.endswith("_date")}
    data["facts"] = {k: v for k, v in case.items() if k in LATEST.facts}
    try:
        outcome = assess_in_time(versions, data, case["case_id"])
    except CaseError:
        return None
    act = outcome.assessment.acts[0].data
    reason = outcome.assessment.time["reason"] if "decision_date" in case else "time.no_decision_date"
    return (outcome.rulebook.version, reason, act["grade"], act["range"]["low"], act["range"]["high"],
            act["recommended"])


def test_no_versions_pins_the_named_one(tmp_path):
    cases = _cases(3, 60)
    p = _write(tmp_path, cases)
    r = review(p, VERSIONS.versions[0].rulebook, versions=False)
    assert set(r.cases["version"].cast(str).to_list()) == {"2024.1"}
    assert r.engine["versions"] == ["2024.1"]


@pytest.mark.parametrize("act,decision,version,reason", [
    ("2024-03-01", "2024-05-01", "2024.1", "time.same_version"),
    ("2025-03-01", "2025-08-01", "2025.1", "time.decision_lower_max"),  # the narrowed band is lighter
    ("2025-08-01", "2025-10-01", "2025.1", "time.same_version"),
])
def test_the_narrowed_band(tmp_path, act, decision, version, reason):
    p = tmp_path / "one.csv"
    p.write_text("案件编号,违法行为,阻挠检查的方式,近一年内同类违法行为次数,罚款金额,违法行为发生日期,决定日期\n"
                 f"A,gd-water-81-obstruct,delaying,0,35000,{act},{decision}\n", encoding="utf-8")
    r = review(p, "cn-env-food")
    row = r.cases.row(0, named=True)
    assert (str(row["version"]), row["art37"]) == (version, reason)
    assert row["f_above_range"] == (version == "2025.1")  # 35,000 is above 20,000 - 30,000


def test_dates_outside_every_version_are_rejected(tmp_path):
    p = tmp_path / "one.csv"
    p.write_text("案件编号,违法行为,阻挠检查的方式,近一年内同类违法行为次数,罚款金额,违法行为发生日期,决定日期\n"
                 "A,gd-water-81-obstruct,delaying,0,35000,2023-03-01,2023-05-01\n"
                 "B,gd-water-83-exceeding,,,200000,2024-03-01,2024-05-01\n", encoding="utf-8")
    r = review(p, "cn-env-food")
    assert r.read == 2 and r.cases.height == 0
    assert r.rejected["reject"].to_list() == ["review.reject.no_version|act_date", "review.reject.not_listed|violation"]


def test_the_random_cases_reach_every_outcome(tmp_path):
    """The generator above is worth something only if it reaches each art. 37 outcome."""
    r = review(_write(tmp_path, _cases(1, 400)), VERSIONS.versions[0].rulebook, versions=VERSIONS)
    reasons = set(r.cases["art37"].cast(str).to_list())
    assert {"time.same_version", "time.no_decision_date", "time.decision_lower_max", "time.act_not_listed",
            "time.equal_act_applies"} <= reasons, reasons
    rejects = {x.split("|")[0] for x in r.rejected["reject"].to_list()}
    assert {"review.reject.no_version", "review.reject.not_listed"} <= rejects, rejects
    assert r.engine["two_versions"] > 0


def test_a_violation_the_later_version_removed(tmp_path):
    """The two bundled versions with their dates swapped: the later one no longer lists gd-water-83-exceeding, so
    a case decided under it gets no penalty (time.decision_removed), exactly as penalty calc decides."""
    from penalty.rulebook.load import load_rulebook_text
    from penalty.time.versions import version_set
    a, b = (VERSIONS.versions[i].rulebook for i in (0, 1))
    early = load_rulebook_text(b.source_text.replace("effective: {from: 2025-07-01}", "effective: {from: 2023-01-01}"),
                               "early.yaml", base_dir=resolve("cn-env-food").parent)
    late = load_rulebook_text(a.source_text.replace("effective: {from: 2024-01-01}", "effective: {from: 2025-07-01}"),
                              "late.yaml", base_dir=resolve("cn-env-food").parent)
    swapped = version_set([early, late])
    cases = [c for c in _cases(5, 400) if c["violation"] == "gd-water-83-exceeding"]
    r = review(_write(tmp_path, cases), early, versions=swapped)
    got = {row["case_id"]: row for row in r.cases.iter_rows(named=True)}
    removed = 0
    for case in cases:
        want = _calc(swapped, case)
        if want is None:
            assert case["case_id"] not in got
            continue
        row = got[case["case_id"]]
        assert (str(row["version"]), row["art37"], str(row["grade"]), row["low"], row["high"], row["recommended"]) \
            == want, case
        removed += row["art37"] == "time.decision_removed"
        if row["art37"] == "time.decision_removed":
            assert row["f_fined_no_penalty"] == (case["fine"] > 0)
    assert removed > 0


HEAD = "案件编号,违法行为,阻挠检查的方式,近一年内同类违法行为次数,罚款金额,违法行为发生日期,立案日期,决定日期\n"


def _family(tmp_path, later_text_edit):
    """The two bundled versions with an edit to the later one's text, as a VersionSet."""
    from penalty.rulebook.load import load_rulebook_text
    from penalty.time.versions import version_set
    a, b = (VERSIONS.versions[i].rulebook for i in (0, 1))
    base = resolve("cn-env-food").parent
    later = load_rulebook_text(later_text_edit(b.source_text), "later.yaml", base_dir=base)
    return version_set([a, later])


def test_batches_of_one_version_and_of_two_join(tmp_path, monkeypatch):
    """Every batch gets the same column types, whichever versions its rows fall under (a batch of rows all under
    one version used to keep that version's Enum and fail to join the next)."""
    import penalty.review.read as read
    monkeypatch.setattr(read, "BATCH_ROWS", 2)
    p = tmp_path / "b.csv"
    p.write_text(HEAD + "A,gd-water-81-obstruct,delaying,0,25000,2024-05-10,2024-06-01,2024-08-20\n"
                 "B,gd-water-81-obstruct,delaying,0,25000,2024-05-10,2024-06-01,2024-08-20\n"
                 "C,gd-water-83-exceeding,,,250000,2025-08-10,2025-08-12,2025-08-20\n", encoding="utf-8")
    r = review(p, "cn-env-food")
    assert r.read == 3 and r.rejected.height == 1  # C lacks exceed_multiple, which 2025.1 requires
    assert r.rejected["reject"][0] == "review.reject.missing_fact|exceed_multiple"


def test_a_rulebook_wide_adjustment_makes_versions_differ(tmp_path):
    """A later version that adds a rulebook-wide adjustment is not 'the same' for the violation it touches."""
    fam = _family(tmp_path, lambda t: t + "\nadjustments:\n  - id: x-first-lighter\n    article: {zh: 示例, en: example}\n"
                  "    label: {zh: 示例从轻, en: example lighter}\n    mode: shall\n    when: prior_count_1y == 0\n"
                  "    effect: {at_most: lighter}\n    violations: [gd-water-81-obstruct]\n")
    p = tmp_path / "a.csv"
    p.write_text(HEAD + "D1,gd-water-81-obstruct,blocking,0,130000,2025-05-10,2025-05-12,2025-08-20\n", encoding="utf-8")
    r = review(p, fam.versions[0].rulebook, versions=fam)
    row = r.cases.row(0, named=True)
    data = {"case_id": "D1", "violation": "gd-water-81-obstruct", "act_date": _dt.date(2025, 5, 10),
            "discovery_date": _dt.date(2025, 5, 12), "decision_date": _dt.date(2025, 8, 20),
            "facts": {"obstruction": "blocking", "prior_count_1y": 0}}
    outcome = assess_in_time(fam, data, "D1")
    act = outcome.assessment.acts[0].data
    assert (str(row["version"]), row["art37"], row["low"], row["high"]) == \
        (outcome.rulebook.version, outcome.assessment.time["reason"], act["range"]["low"], act["range"]["high"])


def test_an_earlier_title_still_names_its_violation(tmp_path):
    old = "建设项目环境影响登记表未依法备案"
    fam = _family(tmp_path, lambda t: t.replace("zh: " + old, "zh: 环评登记表未备案（新称）"))
    assert {v.id: v.title["zh"] for v in fam.versions[1].rulebook.violations}["gd-eia-31-3-registration"] != old
    p = tmp_path / "t.csv"
    p.write_text("案件编号,违法行为,项目所在区域,在责令期限内完成备案,罚款金额,违法行为发生日期,决定日期\n"
                 f"T1,{old},general,是,20000,2025-05-10,2025-08-20\n", encoding="utf-8")
    r = review(p, fam.versions[0].rulebook, versions=fam)
    assert r.rejected.height == 0 and str(r.cases["violation"][0]) == "gd-eia-31-3-registration"


@pytest.mark.parametrize("row,code", [
    ("E1,gd-water-81-obstruct,delaying,0,25000,2025-09-10,2025-09-12,2025-05-20", "review.reject.date_order|decision_date"),
    ("E2,gd-water-81-obstruct,delaying,0,25000,2025-09-10,2025-09-01,2025-09-20", "review.reject.date_order|discovery_date"),
    ("E3,gd-water-81-obstruct,delaying,0,25000,,2025-05-12,2025-08-20", "review.reject.no_act_date|act_date"),
    # an unreadable act date is that cell's error, and the row's other errors are said too
    ("E4,gd-water-81-obstruct,delaying,0,３万,2025-13-01,2025-05-12,2025-08-20",
     "review.reject.unit_suffix|fine;review.reject.bad_date|act_date"),
    ("E5,gd-water-81-obstruct,delaying,0,３万,2023-03-01,2023-04-01,2023-05-01",
     "review.reject.no_version|act_date;review.reject.unit_suffix|fine"),
])
def test_dates_calc_refuses_are_rejected(tmp_path, row, code):
    p = tmp_path / "d.csv"
    p.write_text(HEAD + row + "\n", encoding="utf-8")
    r = review(p, "cn-env-food")
    assert r.cases.height == 0 and r.rejected["reject"].to_list() == [code]


def test_a_header_without_rows(tmp_path):
    p = tmp_path / "h.csv"
    p.write_text(HEAD, encoding="utf-8")
    for versions in (None, False):
        r = review(p, "cn-env-food", versions=versions)
        assert (r.read, r.cases.height, r.rejected.height) == (0, 0, 0)


def test_grouped_and_row_paths_agree_under_versions(tmp_path):
    """The per-row path (taken when a rulebook has too many amount conditions to pack) gives the same cases as
    the grouped one when versions are weighed: same amount type, same dictionaries."""
    import polars as pl
    from penalty.review import columnar
    from penalty.review.core import _batch
    from penalty.review.read import read_cases
    cases = _cases(11, 400)
    raw = read_cases(_write(tmp_path, cases), VERSIONS.versions[0].rulebook, versions=VERSIONS)
    named = VERSIONS.versions[0].rulebook
    a_cases, a_bad = _batch(named, raw, {}, columnar.Stats(), grouped=True, versions=VERSIONS)
    b_cases, b_bad = _batch(named, raw, {}, columnar.Stats(), grouped=False, versions=VERSIONS)
    assert a_bad.equals(b_bad) and a_cases.schema == b_cases.schema
    assert a_cases.with_columns(pl.col(pl.Categorical).cast(pl.String)).equals(
        b_cases.with_columns(pl.col(pl.Categorical).cast(pl.String)))
