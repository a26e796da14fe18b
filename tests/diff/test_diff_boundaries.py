"""`penalty diff` names a change of which ends a band includes ([a, b] -> [a, b)), worded as the documents word
them (issue 12); the same rule written in other words is no change."""
from __future__ import annotations

from penalty.diff.render import diff_sections
from penalty.diff.semantic import diff_rulebooks
from penalty.rulebook.load import load_rulebook_text

BOOK = """\
penalty_rulebook: 1
id: ends
title: ends
version: "{version}"
unit: {{kind: money, currency: CNY, minor_units: 100, label: {{zh: 元, en: yuan}}}}
boundaries: {words}
rounding: {{step: 1, mode: half_up}}
grades:
  - {{id: lighter, label: {{zh: 从轻, en: lighter}}}}
  - {{id: heavier, label: {{zh: 从重, en: heavier}}}}
split: {{shares: {{lighter: [0, 50], heavier: [50, 100]}}}}
facts:
  count: {{type: integer, min: 1}}
  fees: {{type: money, min: 1, label: {{zh: 所收费用, en: Fees received}}}}
violations:
  - id: v
    title: v
    violated: x
    penalty_basis: y
    statutory: {{range: [0, 50000]}}
    model:
      situations:
        - {{id: once, when: "count == 1", band: [0, 10000]{once}}}
        - {{id: again, when: "count >= 2", band: [10000, 50000]}}
  - id: fees
    title: fees
    violated: x
    penalty_basis: y
    statutory: {{multiple: [1, 3], of: fees}}
    model:
      situations:
        - {{id: once, when: "count == 1", band: {{multiple: [1, 2], of: fees}}{fees_once}}}
        - {{id: again, when: "count >= 2", band: {{multiple: [2, 3], of: fees}}}}
"""


def book(version="1", words="lower_inclusive", once="", fees_once=""):
    return load_rulebook_text(BOOK.format(version=version, words=words, once=once, fees_once=fees_once), "ends.yaml")


def test_the_same_rule_in_other_words_is_no_change():
    d = diff_rulebooks(book(), book("2", words="“以下”不包括本数，“以上”包括本数"))
    assert d["rulebook"] == [] and d["violations"]["changed"] == []


def test_a_cell_whose_end_becomes_included_is_named_in_the_documents_words():
    old, new = book(), book("2", once=", boundaries: 以上、以下均含本数")
    d = diff_rulebooks(old, new)
    [v] = [c for c in d["violations"]["changed"] if c["id"] == "v"]
    [change] = v["changes"]
    assert change["kind"] == "situation" and change["ends_changed"] is True
    assert (change["old"]["ends"], change["new"]["ends"]) == ([True, False], [True, True])
    _, sections = diff_sections(d, old, new, "zh")
    rows = [r for _, _, rs in sections for r in rs]
    row = next(r for r in rows if "once" in r[1])
    assert "端点" in row[0]
    assert row[2] == "0元以上、10,000元以下（不含10,000元）" and row[3] == "0元以上、10,000元以下（含0元、10,000元）"


def test_a_band_of_multiples_is_compared_on_its_factors():
    old, new = book(), book("2", fees_once=", boundaries: \"[a, b]\"")
    d = diff_rulebooks(old, new)
    [v] = [c for c in d["violations"]["changed"] if c["id"] == "fees"]
    _, sections = diff_sections(d, old, new, "zh")
    rows = [r for _, _, rs in sections for r in rs]
    row = next(r for r in rows if "once" in r[1] and "倍" in r[2])
    assert row[2] == "所收费用1倍以上、2倍以下（不含2倍）" and row[3] == "所收费用1倍以上、2倍以下（含1倍、2倍）"
    assert v["changes"][0]["ends_changed"] is True


def test_a_rulebook_wide_change_of_the_words_is_one_change_worded():
    old, new = book(), book("2", words="both_inclusive")
    d = diff_rulebooks(old, new)
    assert [c["kind"] for c in d["rulebook"]] == ["boundaries"]
    _, sections = diff_sections(d, old, new, "en")
    row = sections[0][2][0]
    assert "[a, b)" in row[2] and "share an endpoint" in row[3]
