"""`penalty document notice|decision`: every generated .docx is read back with python-docx and its text checked
against the case, the published cell and the law (art. 44, 59, 63, 64; 复议 60 days, 诉讼 6 months)."""
from __future__ import annotations

import json

import docx
from docx.oxml.ns import qn

from tests.documents.conftest import REFUSING, run


def read_back(path) -> str:
    """Every paragraph and table cell of a .docx, as python-docx reads it."""
    d = docx.Document(str(path))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def test_the_decision_holds_what_article_59_requires(decide, tmp_path):
    reg = decide(REFUSING, "140000")
    out = tmp_path / "决定书.docx"
    res = run("document", "decision", "1", "--register", reg, "--out", out)
    assert res.exit_code == 0, res.output
    text = read_back(out)
    for expected in (
        "行政处罚决定书", "某环罚〔2024〕001号",  # the bundled numbering pattern, the decision year, entry 1
        "当事人：某某化工有限公司（法人或者其他组织）", "统一社会信用代码：91350100M000100Y43", "某市某区工业路 8 号",
        "当事人拒绝执法人员进入现场", "1. 现场检查笔录", "3. 现场照片 12 张",  # facts and evidence as given
        "违反了《中华人民共和国水污染防治法》第三十条", "有权对管辖范围内的排污单位进行现场检查",
        "依据《中华人民共和国水污染防治法》第八十一条", "处二万元以上二十万元以下的罚款",
        "拒绝进入现场 × 一次及以上", "130,000元 至 150,000元（不含）",  # the published cell, Guangdong's [a, b)
        "责令改正；罚款 140,000元",
        "15日内", "每日按罚款数额的百分之三加处罚款",  # art. 67, 72
        "六十日内向某市人民政府申请行政复议", "六个月内向某市某区人民法院提起行政诉讼",
        "要求听证的权利",  # 140,000 ≥ 100,000 for an organisation (art. 63)
        "某市生态环境局", "（印章）", "2024年9月20日",
    ):
        assert expected in text, expected
    assert "1. 认定的事实" in text and "裁量表格单元" in text  # the 裁量说明 from the trace
    assert "rb.yaml:" not in text  # rulebook positions belong in the case file's memo, not the party's document


def test_the_notice_gives_the_hearing_deadline_in_working_days(decide, tmp_path):
    reg = decide(REFUSING, "140000")
    out = tmp_path / "告知书.docx"
    assert run("document", "notice", "粤环罚〔2024〕001号", "--register", reg, "--out", out).exit_code == 0
    text = read_back(out)
    assert "行政处罚事先告知书" in text and "某环罚告〔2024〕001号" in text
    assert "陈述和申辩" in text and "第四十五条" in text
    assert "五个工作日内（2024年9月9日前）" in text  # Mon 2 Sep + 5 working days (art. 64, 85)
    assert "2024年9月2日" in text  # dated on the notice day
    assert "拟对你（单位）作出如下行政处罚：责令改正；罚款 140,000元" in text


def test_no_hearing_right_below_the_organisation_threshold(decide, tmp_path):
    # 拖延执法人员 × 无: [20,000, 40,000); 30,000 yuan is under an organisation's 100,000 (art. 63): no hearing
    delaying = REFUSING.replace("refusing_entry", "delaying").replace("prior_count_1y: 1", "prior_count_1y: 0")
    reg = decide(delaying, "30000")
    out = tmp_path / "n.docx"
    assert run("document", "notice", "1", "--register", reg, "--out", out).exit_code == 0
    text = read_back(out)
    assert "听证" not in text and "拖延执法人员 × 无" in text and "20,000元 至 40,000元（不含）" in text


def test_a_deviation_carries_its_reason_and_note(decide, tmp_path):
    # 160,000 is inside the statutory 20,000 – 200,000 but outside [130,000, 150,000): a deviation with a reason
    reg = decide(REFUSING, "160000", "--reason", "social_impact", "--note", "省级媒体报道")
    out = tmp_path / "d.md"
    assert run("document", "decision", "1", "--register", reg, "--out", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "本案处罚金额在基准幅度之外，理由：社会影响（省级媒体报道）" in text and "罚款 160,000元" in text


def test_the_docx_is_typeset_as_the_template_says(decide, tmp_path):
    reg = decide(REFUSING, "140000")
    out = tmp_path / "d.docx"
    assert run("document", "decision", "1", "--register", reg, "--out", out).exit_code == 0
    d = docx.Document(str(out))
    section = d.sections[0]
    # GB/T 9704-2012: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)] == [37, 35, 28, 26]
    title = d.paragraphs[0].runs[0]
    assert title.text == "行政处罚决定书" and title.font.name == "黑体" and title.font.size.pt == 22
    assert title._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    body = next(p for p in d.paragraphs if p.text.startswith("当事人："))
    assert body.runs[0].font.name == "仿宋" and body.runs[0].font.size.pt == 16


def test_text_from_the_case_is_neutralised(decide, tmp_path):
    hostile = REFUSING.replace("party_name: 某某化工有限公司", 'party_name: "<b>某[公司](http://x)\\u001b]0;t\\u0007"')
    reg = decide(hostile, "140000")
    md = run("document", "decision", "1", "--register", reg).stdout
    # shown as written (the backslash of the spelled-out \\x1b escaped too), no control character left
    assert "\\<b\\>某\\[公司\\](http://x)\\\\x1b" in md and "\x1b" not in md and "\x07" not in md
    out = tmp_path / "d.docx"
    assert run("document", "decision", "1", "--register", reg, "--out", out).exit_code == 0
    assert "<b>某[公司](http://x)\\x1b]0;t\\x07" in read_back(out)  # shown as written, control codes spelled out


def test_an_agency_template_replaces_the_bundled_one_file_by_file(decide, tmp_path):
    reg = decide(REFUSING, "140000")
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "template.yaml").write_text("agency: {authority: 广州市生态环境局, authority_short: 穗环}\n"
                                          "numbering: {decision: \"{authority_short}法罚〔{year}〕{number}号\", number_width: 4}\n",
                                          encoding="utf-8")
    md = run("document", "decision", "1", "--register", reg, "--template", folder).stdout
    assert "穗环法罚〔2024〕0001号" in md and "广州市生态环境局" in md and "六十日内" in md  # the rest is bundled
    (folder / "decision.yaml").write_text("blocks:\n  - title: 决定书\n  - text: \"{party_nmae}\"\n", encoding="utf-8")
    res = run("document", "decision", "1", "--register", reg, "--template", folder, "--lang", "en")
    assert res.exit_code == 1 and "decision.yaml:3:" in res.output and "unknown field {party_nmae}" in res.output


def test_refusals_name_what_is_wrong(decide, tmp_path):
    reg = decide(REFUSING, "140000")
    res = run("document", "decision", "7", "--register", reg, "--lang", "en", "--json")
    assert res.exit_code == 1 and json.loads(res.stdout)["problems"][0]["code"] == "document.no_decision"
    res = run("document", "decision", "1", "--register", reg, "--out", tmp_path / "d.pdf", "--lang", "en")
    assert res.exit_code == 1 and "must end in .docx, .md" in res.output
    res = run("document", "decision", "1", "--register", tmp_path / "none.sqlite", "--lang", "en")
    assert res.exit_code == 1 and "no register" in res.output and not (tmp_path / "none.sqlite").exists()


def test_the_library_call(decide):
    from penalty.audit.register import Register
    from penalty.documents import document
    reg = decide(REFUSING, "140000")
    with Register.open(reg, create=False) as r:
        doc = document(r, "粤环罚〔2024〕001号", kind="notice")
    assert doc.seq == 1 and doc.fields["number"] == "某环罚告〔2024〕001号" and "听证" in doc.fields["hearing"]


def test_every_field_is_documented(decide):
    """docs/documents.md lists every field a template may use (the fields table), and no field that does not exist."""
    import re
    from pathlib import Path

    from penalty.audit.register import Register
    from penalty.documents.packet import packet
    reg = decide(REFUSING, "140000")
    with Register.open(reg, create=False) as r:
        fields = set(packet(r, "1").fields)
    doc = (Path(__file__).resolve().parents[2] / "docs" / "documents.md").read_text(encoding="utf-8")
    table = doc.split("### The fields", 1)[1].split("\n\n", 2)[1]
    documented = {name for row in table.splitlines()[2:] for name in re.findall(r"`(\w+)`", row.split("|")[1])}
    assert documented == fields
