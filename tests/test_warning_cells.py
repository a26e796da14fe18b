"""A cell that is a warning and no fine (警告), where the statute reads 给予警告或者处…罚款 (issue 13; Guangdong
Annex 1 §5.2 p. 129 and §5.5 pp. 131-132). Expected results read from the printed tables and the law by hand:
the warning cell has no fine (range 0-0, recommended 0), no statutory clamp to the 300 yuan minimum, the measure
警告 citing the penalty provision; every other cell of the table is what it was."""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penalty.engine.assess import assess, assess_act
from penalty.engine.facts import parse_case
from penalty.errors import RulebookError
from penalty.rulebook.bundled import bundled_rulebook
from penalty.rulebook.load import load_rulebook_text

YUAN = 100
BASIS_52 = "《广东省实施〈中华人民共和国环境噪声污染防治法〉办法》第三十一条第二项"

# A small rulebook of the same shape: a fixed range (the key path of the review) and a multiple of gains (the
# columnar path), each with a 警告 cell; the clamp would bring a 0 up to the minimum if a warning were a fine.
SMALL = """\
penalty_rulebook: 1
id: warn-small
title: {zh: 警告单元测试, en: warning cell test}
version: "1"
languages: [zh, en]
unit: {kind: money, currency: CNY, minor_units: 100, label: {zh: 元, en: yuan}}
boundaries: lower_inclusive
rounding: {step: 1, mode: half_up}
grades:
  - {id: none, kind: no_penalty, label: {zh: 不予处罚, en: no penalty}}
  - {id: warn, kind: warning, label: {zh: 警告, en: warning}}
  - {id: mitig, kind: below_minimum, label: {zh: 减轻处罚, en: mitigated}}
  - {id: light, label: {zh: 从轻处罚, en: lighter}}
  - {id: heavy, label: {zh: 从重处罚, en: heavier}}
default_grade: light
split: {method: linear, shares: {light: [0, 50], heavy: [50, 100]}, recommend: midpoint}
measures:
  fix: {label: {zh: 责令改正, en: order to correct}, correction: true}
facts:
  serious: {type: boolean, label: {zh: 情节严重, en: serious}, default: false}
  repeat: {type: boolean, label: {zh: 再次违法, en: repeated}, default: false}
  minor: {type: boolean, label: {zh: 主动减轻危害后果, en: reduced the harm}, default: false}
  cleared: {type: boolean, label: {zh: 轻微并及时改正, en: minor and corrected}, default: false}
  gains: {type: money, label: {zh: 违法所得, en: illegal gains}, default: 0}
adjustments:
  - {id: a-minor, article: 《行政处罚法》第三十二条, mode: shall, when: minor, effect: {at_most: light}}
  - {id: a-cleared, article: 《行政处罚法》第三十三条第一款, mode: shall, when: cleared, effect: {grade: none}}
violations:
  - id: fixed
    title: {zh: 固定幅度, en: fixed range}
    penalty_basis: {zh: 某条例第一条, en: art. 1}
    statutory: {range: [300, 3000], warning: true, label: {zh: 给予警告或者处300元以上3000元以下罚款}}
    measures: {always: [fix]}
    model:
      grid:
        rows:
          tiers:
            - {id: plain, when: "not serious"}
            - {id: serious, when: "serious"}
        columns:
          tiers:
            - {id: first, when: "not repeat"}
            - {id: again, when: "repeat"}
        cells:
          plain: [warn, [300, 1000]]
          serious: [[1000, 2000], [2000, 3000]]
  - id: multiple
    title: {zh: 倍数, en: multiple}
    penalty_basis: {zh: 某条例第二条, en: art. 2}
    statutory: {multiple: [1, 3], of: gains, warning: true}
    model:
      situations:
        - {id: first, when: "not repeat", grade: warn}
        - {id: again, when: "repeat", grade: heavy}
"""


@pytest.fixture(scope="module")
def gd():
    return bundled_rulebook("gd-eco-2022")


@pytest.fixture(scope="module")
def small():
    return load_rulebook_text(SMALL, "warn-small.yaml")


def act(rb, vid, facts):
    return assess(rb, parse_case({"violation": vid, "facts": facts}, rb)).acts[0].data


# ---------------------------------------------------------------- hand-worked, from the printed tables

@pytest.mark.parametrize("vid, facts", [
    # §5.2 p. 129: 非环境敏感区 × 限期内改正违法行为 → 警告
    ("gd-noise-5-2-registration-refused", {"corrected_within_deadline": True}),
    # §5.5 p. 132: 拒绝现场检查 × 无同类违法行为 → 警告
    ("gd-noise-5-5-inspection-refused", {"noise_inspection_conduct": "refused"}),
])
def test_the_warning_cell_gives_a_warning_and_no_fine(gd, vid, facts):
    a = act(gd, vid, facts)
    assert (a["grade"], a["grade_kind"]) == ("warning", "warning")
    assert a["grade_label"] == {"zh": "警告", "en": "warning"}
    assert a["range"] == {"low": 0, "high": 0, "low_inclusive": True, "high_inclusive": True}
    assert a["recommended"] == 0
    assert a["statutory"] == {"form": "range", "low": 300 * YUAN, "high": 3000 * YUAN}
    # no clamp to the 300 yuan minimum: a warning is not a fine under the minimum
    assert not [s for s in a["trace"] if s["step"] == "clamp"]
    assert not [w for w in a["warnings"] if w["code"] == "engine.clamped"]
    assert [m["id"] for m in a["measures"]] == ["order_correct", "warning"]
    assert a["measures"][1]["label"]["zh"] == "警告" and a["measures"][1]["basis"] == a["citations"]["penalty_basis"]


def test_the_cell_beside_the_warning_is_a_fine_of_its_band(gd):
    # §5.2 非环境敏感区 × 逾期未改正: 300元以上1000元以下, [300, 1000) by art. 23, midpoint 650
    a = act(gd, "gd-noise-5-2-registration-refused", {"corrected_within_deadline": False})
    assert a["range"] == {"low": 300 * YUAN, "high": 1000 * YUAN, "low_inclusive": True, "high_inclusive": False}
    assert a["recommended"] == 650 * YUAN and a["grade"] == "lighter"


def test_a_shall_lighter_cap_keeps_the_warning_and_no_penalty_wins(small):
    assert act(small, "fixed", {"minor": True})["grade"] == "warn"  # at_most light: a warning is lighter already
    cleared = act(small, "fixed", {"cleared": True})
    assert cleared["grade"] == "none" and cleared["recommended"] == 0
    assert [m["id"] for m in cleared["measures"]] == ["fix"] or cleared["measures"] == []


def test_a_fix_to_mitigated_keeps_the_warning(small):
    from penalty.engine.adjust import apply_adjustments
    from penalty.rulebook.model import Adjustment
    fix = Adjustment("m", None, "x", "shall", None, "grade", "mitig", (), "rulebook", None)
    grade, _, outcomes = apply_adjustments("warn", [fix], small.grades)
    assert grade == "warn" and outcomes == [(fix, "applied")]
    # from a fine grade the fix still gives 减轻
    assert apply_adjustments("heavy", [fix], small.grades)[0] == "mitig"


def test_steps_pass_over_the_warning_grade(small):
    from penalty.engine.adjust import apply_adjustments
    from penalty.rulebook.model import Adjustment
    down = Adjustment("d", None, "x", "shall", None, "step", -1, (), "rulebook", None)
    assert apply_adjustments("mitig", [down], small.grades)[0] == "none"  # not onto the warning
    assert apply_adjustments("warn", [down], small.grades)[0] == "none"
    up = Adjustment("u", None, "x", "shall", None, "step", 1, (), "rulebook", None)
    assert apply_adjustments("warn", [up], small.grades)[0] == "mitig"


def test_a_warning_on_a_multiple_has_no_fine_whatever_the_base(small):
    a = act(small, "multiple", {"gains": "12345.67"})
    assert a["grade"] == "warn" and a["range"]["low"] == a["range"]["high"] == 0 and a["recommended"] == 0
    # 1-3 x 12,345.67 = 12,345.67-37,037.01; heavy 50-100 %: from 24,691.34, rounded to 24,691 (a shared end),
    # to the statutory maximum; the midpoint of the unrounded band (24,691.34 + 37,037.01) / 2 = 30,864.175 -> 30,864
    heavy = act(small, "multiple", {"gains": "12345.67", "repeat": True})
    assert heavy["range"]["low"] == 24_691_00 and heavy["recommended"] == 30_864_00


# ---------------------------------------------------------------- the property

CELLS = [("plain", "first"), ("plain", "again"), ("serious", "first"), ("serious", "again")]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(CELLS), st.booleans(), st.booleans())
def test_a_warning_cell_never_carries_a_fine_and_the_rest_of_the_table_is_unchanged(small, where, minor, cleared):
    # the same table with the warning cell written as a band instead: every other cell gives the same result
    banded = load_rulebook_text(SMALL.replace("plain: [warn, [300, 1000]]", "plain: [[300, 600], [300, 1000]]"),
                                "warn-small.yaml")
    facts = {"serious": where[0] == "serious", "repeat": where[1] == "again", "minor": minor, "cleared": cleared}
    a = act(small, "fixed", facts)
    if a["grade_kind"] in ("warning", "no_penalty"):
        assert a["range"]["low"] == a["range"]["high"] == a["recommended"] == 0
    if where == ("plain", "first"):
        assert a["grade"] == ("none" if cleared else "warn")
        return
    b = act(banded, "fixed", facts)
    keys = ("grade", "range", "recommended", "measures", "amount_source")
    assert {k: a[k] for k in keys} == {k: b[k] for k in keys}
    assert a["range"]["high"] == 0 or a["range"]["low"] >= 300 * YUAN


# ---------------------------------------------------------------- refused where the statute offers no warning

def _problems(text):
    with pytest.raises(RulebookError) as e:
        load_rulebook_text(text, "warn-small.yaml")
    return e.value.problems


def test_a_warning_cell_without_a_warning_in_the_statute_is_refused_with_its_position():
    text = SMALL.replace("statutory: {range: [300, 3000], warning: true,", "statutory: {range: [300, 3000],")
    (p,) = _problems(text)
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "plain: [warn" in s)
    assert p.code == "load.warning_not_allowed" and p.pos.line == line and p.pos.column == 19
    words = p.render("zh")
    assert "警告" in words and "warning: true" in words


def test_an_adjustment_or_default_naming_the_warning_grade_is_refused():
    text = SMALL.replace("effect: {at_most: light}", "effect: {at_most: warn}").replace(
        "default_grade: light", "default_grade: warn")
    assert sorted(p.code for p in _problems(text)) == ["load.warning_not_here", "load.warning_not_here"]


def test_a_warning_grade_ranked_among_the_fines_is_refused():
    text = SMALL.replace("  - {id: warn, kind: warning, label: {zh: 警告, en: warning}}\n", "").replace(
        "  - {id: heavy,", "  - {id: warn, kind: warning, label: {zh: 警告, en: warning}}\n  - {id: heavy,")
    assert [p.code for p in _problems(text)] == ["load.warning_rank"]


def test_penalty_check_refuses_it_with_line_column_and_hint(tmp_path):
    from typer.testing import CliRunner
    from penalty.cli.app import app
    f = tmp_path / "warn-small.yaml"
    f.write_text(SMALL.replace(", warning: true, label: {zh: 给予警告或者处300元以上3000元以下罚款}", ""),
                 encoding="utf-8")
    r = CliRunner().invoke(app, ["check", str(f), "--lang", "en"])
    assert r.exit_code == 1
    line = next(i for i, s in enumerate(f.read_text(encoding="utf-8").splitlines(), 1) if "plain: [warn" in s)
    assert f"warn-small.yaml:{line}:19" in r.output and "warning: true" in r.output


# ---------------------------------------------------------------- every output says it

def test_calc_terminal_and_md_memo_say_no_fine_a_warning(gd, tmp_path):
    from typer.testing import CliRunner
    from penalty.cli.app import app
    case = tmp_path / "c.yaml"
    case.write_text("violation: gd-noise-5-2-registration-refused\nfacts: {corrected_within_deadline: true}\n",
                    encoding="utf-8")
    run = CliRunner().invoke
    text = run(app, ["calc", str(case), "-r", "gd-eco-2022", "--lang", "zh"]).output
    assert "裁量阶次  警告" in text and "裁量幅度  不罚款（警告）" in text and "0元" not in text.split("裁量过程")[0]
    memo = run(app, ["calc", str(case), "-r", "gd-eco-2022", "-f", "md", "--lang", "zh"]).output
    assert "- **裁量幅度**: 不罚款（警告）" in memo and "- **建议金额**: 不罚款（警告）" in memo
    assert f"警告（{BASIS_52}）" in memo
    en = run(app, ["calc", str(case), "-r", "gd-eco-2022", "-f", "md", "--lang", "en"]).output
    assert "no fine (a warning)" in en
    data = json.loads(run(app, ["calc", str(case), "-r", "gd-eco-2022", "--json"]).output)
    assert data["acts"][0]["recommended"] == 0 and data["decision"]["total_recommended"] == 0


def test_the_catalogue_prints_the_warning_in_its_cell(gd):
    from penalty.authoring.catalogue import build
    doc = build(gd, "zh")
    cells = [e for e in doc.entries if e.violation == "gd-noise-5-2-registration-refused"]
    warning = next(e for e in cells if e.item == "not_sensitive×corrected")
    assert warning.grade == "警告" and warning.band == "不罚款" and (warning.low, warning.high) == (0, 0)
    assert "警告" in warning.measures
    beside = next(e for e in cells if e.item == "not_sensitive×not_corrected")
    assert beside.band == "300元以上、1,000元以下（不含1,000元）"


def test_a_split_table_lists_the_warning_grade_only_where_the_statute_offers_it(gd):
    from penalty.authoring.catalogue import build
    doc = build(gd, "zh")
    # §5.1 (points, with a split table) has no warning in its statute
    split = [e for e in doc.entries if e.violation == "gd-noise-5-1-facilities-corrected" and e.item == "warning"]
    assert split == []


# ---------------------------------------------------------------- decision and publication

def test_decide_accepts_no_fine_on_a_warning_cell_and_a_fine_only_as_a_deviation(small):
    from penalty.decision.rules import DecisionRefused, decide
    result = assess(small, parse_case({"violation": "fixed", "facts": {}}, small)).to_json()
    d = decide(small, result, 0)
    assert d.status == "within_band" and d.measures == ("fix", "warn") and d.grade == "warn"
    with pytest.raises(DecisionRefused) as e:  # inside the statute, off the band: a deviation needs a reason
        decide(small, result, 500 * YUAN)
    assert e.value.problems[0].code == "decision.no_reasons"
    with pytest.raises(DecisionRefused) as e:  # under the statutory minimum of a fine
        decide(small, result, 100 * YUAN)
    assert e.value.problems[0].code == "decision.below_minimum"


def test_a_warning_alone_is_warning_only_for_publication(small):
    from penalty.documents.publication import _is_warning_only
    assert _is_warning_only(small, {"amount": 0, "measures": ["fix", "warn"]})  # 责令改正 is not a penalty
    assert _is_warning_only(small, {"amount": 0, "measures": ["warning"]})
    assert not _is_warning_only(small, {"amount": 500 * YUAN, "measures": ["warn"]})
    assert not _is_warning_only(small, {"amount": 0, "measures": ["fix"]})


# ---------------------------------------------------------------- the review: both backends, by hand

def test_the_review_agrees_with_the_hand_worked_warning_on_every_path(small):
    from penalty.review.columnar import OUT_COLS, Stats, evaluate, frame_from_facts, reference_row
    base = {"serious": False, "repeat": False, "minor": False, "cleared": False, "gains": 0}
    rows = [("fixed", base), ("fixed", {**base, "repeat": True}), ("multiple", {**base, "gains": 12_345_67}),
            ("multiple", {**base, "gains": 12_345_67, "repeat": True})]
    stats = Stats()
    out = evaluate(small, frame_from_facts(small, rows), stats).select(OUT_COLS).to_dicts()
    keys = ("grade", "low", "high", "low_inclusive", "high_inclusive", "recommended", "before_clamp")
    warning = dict(grade="warn", low=0, high=0, low_inclusive=True, high_inclusive=True, recommended=0,
                   before_clamp=None)
    fine = dict(grade="light", low=300 * YUAN, high=1000 * YUAN, low_inclusive=True, high_inclusive=False,
                recommended=650 * YUAN, before_clamp=None)
    # 1-3 x 12,345.67 yuan (the lower factor 1: the base column itself, which the columnar path once failed to
    # name): heavy 50-100 % from 24,691.34, rounded to 24,691 yuan, to the maximum 37,037.01 (included: no other
    # cell holds it); midpoint (24,691.34 + 37,037.01) / 2 = 30,864.175 -> 30,864 yuan
    multiple = dict(grade="heavy", low=24_691_00, high=37_037_01, low_inclusive=True, high_inclusive=True,
                    recommended=30_864_00, before_clamp=None)
    for (vid, facts), got, expected in zip(rows, out, (warning, fine, warning, multiple)):
        assert {k: got[k] for k in keys} == expected
        ref = reference_row(small, small.violation(vid), facts)
        assert {k: ref[k] for k in keys} == expected
    assert {r["path"] for r in out} == {"key", "columnar"}


def test_review_flags_a_fine_on_a_warning_cell_as_off_the_band_not_a_decided_warning(small, tmp_path):
    from penalty.review.core import review
    csv = tmp_path / "r.csv"
    csv.write_text("case_id,violation,fine,serious,repeat\nW0,fixed,0,否,否\nW1,fixed,1000,否,否\n"
                   "W2,fixed,5000,否,否\n", encoding="utf-8")
    result = review(str(csv), small)
    flags = {r["case_id"]: r for r in result.cases.select("case_id", "f_above_range", "f_below_range",
                                                           "f_above_statutory").to_dicts()}
    assert not flags["W0"]["f_above_range"] and not flags["W0"]["f_below_range"]
    assert flags["W1"]["f_above_range"] and not flags["W1"]["f_above_statutory"]
    assert flags["W2"]["f_above_range"] and flags["W2"]["f_above_statutory"]
    from penalty.review.explain import reasons
    words = dict(reasons(result, "zh").select("case_id", "reasons").iter_rows())
    assert words["W1"].startswith("罚款 1,000元，而裁量表格此处为警告（不罚款）")


def test_assess_act_head_is_the_warning(gd):
    r = assess_act(gd, "gd-noise-5-5-inspection-refused", {
        **{n: f.default for n, f in gd.facts.items() if f.default is not None},
        "noise_inspection_conduct": "refused"})
    assert r.head["grade_kind"] == "warning" and r.head["recommended"] == 0
