"""`penalty check` reads the fine a label or a quoted article states and compares it with the encoded one: a
transcription error (二十万 typed as 2,000,000) is caught where it was made."""
from decimal import Decimal

import pytest

from penalty.authoring.check import check_text
from penalty.authoring.statute_words import fines, number
from tests.minimal_rulebook import head


@pytest.mark.parametrize("text, value", [
    ("二十", 20), ("二十万", 200_000), ("一百万", 1_000_000), ("两千", 2000), ("五千", 5000), ("一万五千", 15_000),
    ("十万", 100_000), ("二百万", 2_000_000), ("20万", 200_000), ("1.5万", 15_000), ("一亿五千万", 150_000_000),
    ("100", 100), ("１０", 10),
])
def test_numbers_as_the_laws_write_them(text, value):
    assert number(text) == Decimal(value)


def test_what_is_not_a_number_reads_as_none():
    assert number("二五") is None and number("若干") is None and number("") is None


def test_the_fines_a_text_states():
    y = Decimal
    assert fines("处二万元以上二十万元以下的罚款") == [("range", y(20000), y(200000))]
    assert fines("处五千元以下罚款") == [("max", None, y(5000))]
    assert fines("处一万元以上罚款") == [("min", y(10000), None)]
    assert fines("处所收费用三倍以上五倍以下的罚款") == [("multiple", y(3), y(5))]
    assert fines("处建设项目总投资额百分之一以上百分之五以下的罚款") == [("percent", y(1), y(5))]
    assert fines("并处十万元以上一百万元以下的罚款；情节严重的，处一百万元以上五百万元以下的罚款") == [
        ("range", y(100000), y(1000000)), ("range", y(1000000), y(5000000))]
    assert fines("责令改正") == []
    # a multiple with a floor on its base states the floor's amounts too (固体废物污染环境防治法 art. 112)
    assert ("range", y(600000), y(1000000)) in fines(
        "处所需处置费用三倍以上五倍以下的罚款，所需处置费用不足二十万元的，按二十万元计算")


BOOK = head("words", "{zh: 条文}") + """\
violations:
  - id: obstruct
    title: {zh: 阻挠检查}
    violated: {zh: 第三十条}
    penalty_basis: {zh: 第八十一条}
    statutory: {range: RANGE, label: {zh: 处二万元以上二十万元以下的罚款}}
    notes: {zh: "处罚依据原文：……由县级以上人民政府环境保护主管部门责令改正，处二万元以上二十万元以下的罚款。"}
ACK"""


def codes(text):
    return [(p.code, p.severity) for p in check_text(text, "w.yaml").problems if p.code.startswith("check.statutory")]


def test_a_range_as_its_words_say_passes():
    assert codes(BOOK.replace("RANGE", "[20000, 200000]").replace("ACK", "")) == []


def test_a_mistyped_range_is_warned_against_both_the_label_and_the_article():
    report = check_text(BOOK.replace("RANGE", "[20000, 2000000]").replace("ACK", ""), "w.yaml")
    found = {p.code: p for p in report.problems if p.code.startswith("check.statutory")}
    assert {c: p.severity for c, p in found.items()} == {"check.statutory_label": "warning",
                                                         "check.statutory_article": "warning"}
    label = found["check.statutory_label"].message("zh")
    assert "20000–2000000元" in label and "20000–200000元" in label
    assert "20000–2000000 yuan" in found["check.statutory_article"].message("en")


def test_a_table_that_departs_from_its_article_on_purpose_is_acknowledged():
    ack = ("    acknowledge:\n      - {check: statutory_label, reason: {zh: 表内如此}}\n"
           "      - {check: statutory_article, reason: {zh: 表内如此}}\n")
    assert sorted(codes(BOOK.replace("RANGE", "[20000, 2000000]").replace("ACK", ack))) == [
        ("check.statutory_article", "note"), ("check.statutory_label", "note")]
