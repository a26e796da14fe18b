"""A block of rules each tied to named violations is a published list of its own in the catalogue (Guangdong's
Annex 2, 不予行政处罚的轻微违法行为目录, beside Annex 1's tables); a block for every violation (apl-2021) is not."""
from __future__ import annotations

import re

from penalty.authoring import catalogue as K
from penalty.rulebook.bundled import bundled_rulebook
from penalty.rulebook.load import load_rulebook_text

ANNEX2 = "## 广东省生态环境不予行政处罚的轻微违法行为目录（粤环发〔2021〕7号 附件2）"
GENERAL = "## 不予处罚、减轻处罚、从轻处罚情形"


def sections(md: str) -> dict:
    """h2 heading -> its text up to the next heading."""
    out, head = {}, None
    for line in md.splitlines():
        if line.startswith("## "):
            head = line
            out[head] = []
        elif head:
            out[head].append(line)
    return {h: "\n".join(body) for h, body in out.items()}


def test_annex_2_is_its_own_section_in_the_published_order():
    md = K.markdown(K.build(bundled_rulebook("gd-eco-2022"), "zh"))
    parts = sections(md)
    annex2 = parts[ANNEX2]
    rows = [line for line in annex2.splitlines() if line.startswith("| 附件2")]
    # items 1-20 of Annex 2, in the order printed
    assert [re.match(r"\d+", r.split("第", 1)[1]).group() for r in rows] == [str(i) for i in range(1, 21)]
    assert "同时满足（1）属于首次违法；（2）在责令改正期限内改正违法行为，危害后果轻微的，不予行政处罚" in rows[0]
    assert rows[0].endswith("| 应当 | 不予处罚 | gd-eia-1-3-registration |")
    # the general section keeps the Administrative Penalty Law and art. 14, and no Annex 2 item twice
    assert "《行政处罚法》第三十条" in parts[GENERAL] and "第十四条" in parts[GENERAL]
    assert "附件2" not in parts[GENERAL]
    assert list(parts).index(GENERAL) < list(parts).index(ANNEX2)


def test_annex_2_section_in_html_has_its_own_anchor():
    page = K.html(K.build(bundled_rulebook("gd-eco-2022"), "en"))
    assert '<section id="list-gd-eco-2022-annex2">' in page
    assert "Guangdong list of minor eco-environmental violations not penalised (Annex 2)" in page


RULEBOOK = """\
penalty_rulebook: 1
id: lists
title: {en: lists}
version: "1"
unit: {kind: money, currency: CNY, minor_units: 100}
boundaries: lower_inclusive
rounding: {step: 1, mode: half_up}
grades: [{id: no_penalty, kind: no_penalty}, {id: general}]
split: {method: linear, shares: {general: [0, 100]}, recommend: midpoint}
include: [list.yaml]
violations:
  - {id: one, title: {en: one}, statutory: {range: [100, 200]}}
  - {id: two, title: {en: two}, statutory: {range: [100, 200]}}
"""
BLOCK = """\
penalty_block: 1
id: the-list
title: {en: The published list}
facts:
  minor: {type: boolean, default: false}
adjustments:
  - {id: second, article: {en: item 2}, mode: shall, when: minor, effect: {grade: no_penalty}, violations: [two]}
  - {id: first, article: {en: item 1}, mode: shall, when: minor, effect: {grade: no_penalty}, violations: [one]}
"""


def catalogue(block: str) -> dict:
    rb = load_rulebook_text(RULEBOOK, "rb.yaml", include_texts={"list.yaml": block})
    return sections(K.markdown(K.build(rb, "en")))


def test_a_list_keeps_the_order_it_is_written_in():
    body = catalogue(BLOCK)["## The published list"]
    assert body.index("| item 2 |") < body.index("| item 1 |")


def test_a_block_with_a_rule_for_every_violation_stays_in_the_general_section():
    parts = catalogue(BLOCK.replace(", violations: [one]", ""))
    assert "## The published list" not in parts
    general = parts["## No penalty, mitigated or lighter penalty (statutory adjustments)"]
    assert "| item 2 |" in general and "| item 1 |" in general
