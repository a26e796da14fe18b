"""The catalogue reproduces a published benchmark's structure: its chapters as the contents' groups, each item
headed by the document's own number (§2.5.1), in the document's order."""
from penalty.authoring.catalogue import build, html, markdown
from penalty.rulebook.bundled import resolve
from penalty.rulebook.load import load_rulebook, load_rulebook_text
from tests.minimal_rulebook import head

RULEBOOK = head("chaptered", "{zh: 裁量表, en: table}") + """\
chapters:
  - {number: "1", title: {zh: 第一章 甲类, en: "Chapter 1"}}
  - {number: "2", title: {zh: 第二章 乙类, en: "Chapter 2"}}
violations:
  - {id: a, number: "1.1", title: {zh: 甲一}, statutory: {range: [1000, 2000]}}
  - {id: b, number: "1.2", title: {zh: 甲二}, statutory: {range: [1000, 2000]}}
  - {id: c, number: "2.5.1", title: {zh: 乙五之一}, statutory: {range: [1000, 2000]}}
  - {id: d, title: {zh: 无编号}, statutory: {range: [1000, 2000]}}
"""


def test_items_are_headed_by_their_number_and_grouped_by_chapter():
    cat = build(load_rulebook_text(RULEBOOK, "c.yaml"), "zh")
    (toc,) = [b for b in cat.blocks if b[0] == "toc_chapters"]
    assert [(a, text, [x[1] for x in items]) for a, text, items in toc[1]] == [
        ("c1", "第一章 甲类", ["§1.1 甲一", "§1.2 甲二"]),
        ("c2", "第二章 乙类", ["§2.5.1 乙五之一"]),
        ("c", "其他事项", ["无编号"]),
    ]
    heads = [b[2] for b in cat.blocks if b[0] in ("chapter", "h3")]
    assert heads == ["第一章 甲类", "§1.1 甲一", "§1.2 甲二", "第二章 乙类", "§2.5.1 乙五之一", "其他事项", "4. 无编号"]
    page = html(cat)
    assert '<h2 class="chapter" id="c2">第二章 乙类</h2>' in page and "<h3>§2.5.1 乙五之一</h3>" in page
    assert "## 第二章 乙类" in markdown(cat) and "### §2.5.1 乙五之一" in markdown(cat)


def test_a_book_without_chapters_keeps_its_plain_contents():
    text = RULEBOOK.split("chapters:")[0] + "violations:" + RULEBOOK.split("violations:")[1]
    cat = build(load_rulebook_text(text, "c.yaml"), "zh")
    assert [b[0] for b in cat.blocks].count("toc") == 1 and not any(b[0] == "h3" for b in cat.blocks)
    assert "§1.1 甲一" in [b[2] for b in cat.blocks if b[0] == "h2"]


def _key(number: str):
    return tuple(int(x) for x in number.split("."))


def test_the_guangdong_items_follow_the_annex_order_under_known_chapters():
    rb = load_rulebook(resolve("gd-eco-2022"))
    from penalty.rulebook.load import written_violations
    numbers = [vd["number"] for vd in written_violations(rb.plain) if "number" in vd]
    chapters = {c["number"] for c in rb.plain["rulebook"]["chapters"]}
    assert len(numbers) >= 70 and {n.split(".")[0] for n in numbers} <= chapters
    assert numbers == sorted(numbers, key=_key), "an item is out of the Annex's order"
