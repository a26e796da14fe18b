"""Case files in the encodings Excel and Chinese Windows write (issue 17 item 1): detected, decoded strictly over
the whole file, named in the summary; a byte that decodes in none refused with its offset and line. Expected
offsets and lines are counted by hand from how each test file is built."""
from __future__ import annotations

import codecs
import json
import re

import pytest
from hypothesis import given, settings, strategies as st
from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.review import review
from penalty.review.encodings import BadBytes, Encoding, decoded_chunks, detect
from penalty.review.output import write_outputs
from penalty.review.read import ReviewError
from penalty.rulebook.bundled import bundled_dir

SAMPLE = bundled_dir() / "examples" / "review-cases.csv"
MAPPING = bundled_dir() / "examples" / "review-mapping.yml"
HEAD = "案件编号,违法行为,罚款金额,阻挠检查的方式,近一年内同类违法行为次数,决定日期,承办人,承办单位\n"
# ASCII: 7 + 21 + 6 + 9 + 2 + 11 + 8 + 5 = 69 bytes a row
ROW = "G{i:05d},gd-water-81-obstruct,30000,delaying,0,2024-03-05,officer,team\n"
runner = CliRunner()


def _problem(path, cn, **kw):
    with pytest.raises(ReviewError) as e:
        review(path, cn, **kw)
    return e.value.problems[0]


@pytest.mark.parametrize("codec, shown", [("gbk", "GB18030"), ("utf-16", "UTF-16LE"), ("utf-16-be", "UTF-16BE"),
                                          ("utf-8-sig", "UTF-8 (BOM)")])
def test_the_bundled_sample_in_each_encoding_reviews_byte_identically(tmp_path, codec, shown):
    """GBK (Excel's "CSV" on Chinese Windows), UTF-16 with a BOM (Excel's "Unicode text", either byte order) and
    UTF-8 with a BOM give the very bytes the UTF-8 file gives, in every output file."""
    text = SAMPLE.read_text(encoding="utf-8")
    other = tmp_path / f"cases-{codec}.csv"
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    other.write_bytes(data)
    base = review(SAMPLE, "cn-env-food", MAPPING)
    again = review(other, "cn-env-food", MAPPING)
    assert (base.encoding, again.encoding) == ("UTF-8", shown)
    a = write_outputs(base, tmp_path / "utf8", "zh")
    b = write_outputs(again, tmp_path / codec, "zh")
    for key in ("flagged", "rejected", "report"):
        assert open(a[key], "rb").read() == open(b[key], "rb").read(), key


def test_the_summary_and_json_name_the_encoding(tmp_path):
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("gbk"))
    res = runner.invoke(app, ["review", str(gbk), "--mapping", str(MAPPING), "--out", str(tmp_path / "o"), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["encoding"] == "GB18030"
    res = runner.invoke(app, ["review", str(gbk), "--mapping", str(MAPPING), "--out", str(tmp_path / "o"),
                              "--lang", "zh"])
    assert res.exit_code == 0 and "文本编码：GB18030" in res.output
    res = runner.invoke(app, ["review", str(SAMPLE), "--mapping", str(MAPPING), "--out", str(tmp_path / "o"),
                              "--lang", "en"])
    assert "text read as UTF-8" in res.output


def test_a_bad_byte_past_the_first_64_kib_is_refused_with_its_offset(tmp_path, cn):
    """Nothing is decoded lossily: the byte that is not UTF-8 stops the run, wherever it is."""
    rows = "".join(ROW.format(i=i) for i in range(2000))  # 138,000 bytes of ASCII
    head = HEAD.encode("utf-8")  # 8 fields of Chinese: the first 64 KiB decide for UTF-8
    p = tmp_path / "late.csv"
    p.write_bytes(head + rows.encode() + b"G99999,\xff\n")
    problem = _problem(p, cn)
    # the byte after the header, 2,000 rows of 69 bytes and "G99999,", on line 1 + 2000 + 1
    assert problem.code == "review.bad_bytes"
    assert problem.args["offset"] == len(head) + 138_000 + 7 and problem.args["line"] == 2002
    assert f"offset {len(head) + 138_007} (line 2002) is not UTF-8" in problem.message("en")
    assert "第 2002 行" in problem.message("zh") and "--encoding" in problem.hint("en")
    res = runner.invoke(app, ["review", str(p), "--out", str(tmp_path / "o")])
    assert res.exit_code == 1 and "Traceback" not in res.output


def test_a_file_that_is_neither_utf8_nor_gb18030_is_refused_naming_both(tmp_path, cn):
    p = tmp_path / "mixed.csv"
    # UTF-8 up to the GBK 甲 (fails at its first byte); as GB18030 the UTF-8 header fails within its first 134 bytes
    # (at byte 47, where a pair has no GB18030 character): the one that reads further is named
    p.write_bytes(HEAD.encode("utf-8") + "G1,甲".encode("gbk") + b"\n")
    problem = _problem(p, cn)
    assert problem.code == "review.bad_bytes"
    assert problem.args["offset"] == len(HEAD.encode("utf-8")) + 3 and problem.args["line"] == 2
    assert "is not UTF-8 (nor is the file GB18030)" in problem.message("en")
    assert "该文件也不是 GB18030 编码" in problem.message("zh")


def test_gbk_after_an_ascii_head_is_detected(tmp_path, cn):
    """The first part with a byte above 0x7F decides, wherever it is: here after 3,000 rows of ASCII."""
    head = "case_id,violation,fine,obstruction,prior_count_1y\n"
    p = tmp_path / "late-gbk.csv"
    rows = "".join(f"G{i:05d},gd-water-81-obstruct,30000,delaying,0\n" for i in range(3000))
    p.write_bytes((head + rows + "G99999,gd-water-81-obstruct,30000,拖延执法人员,0\n").encode("gbk"))
    r = review(p, cn)
    assert r.encoding == "GB18030" and r.read == 3001 and r.rejected.height == 0


def test_utf16_without_a_bom_and_a_forced_encoding(tmp_path, cn):
    text = HEAD + "U1,gd-water-81-obstruct,30000,拖延执法人员,0,2024-03-05,甲,一队\n"
    le = tmp_path / "le.csv"
    le.write_bytes(text.encode("utf-16-le"))
    assert review(le, cn).encoding == "UTF-16LE"
    be = tmp_path / "be.csv"
    be.write_bytes(text.encode("utf-16-be"))
    assert review(be, cn).encoding == "UTF-16BE"
    assert review(le, cn, encoding="UTF-16").encoding == "UTF-16LE"  # no BOM: little endian, as Windows writes
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(text.encode("gbk"))
    forced = review(gbk, cn, encoding="GBK")
    assert forced.encoding == "GBK" and forced.cases["officer"].cast(str).to_list() == ["甲"]
    assert _problem(gbk, cn, encoding="latin-1").code == "review.unknown_encoding"
    res = runner.invoke(app, ["review", str(gbk), "--encoding", "latin-1", "--lang", "en"])
    assert res.exit_code == 2 and "Unknown encoding" in res.output and "gb18030" in res.output
    res = runner.invoke(app, ["review", str(tmp_path / "c.xlsx"), "--encoding", "gbk", "--lang", "zh"])
    assert res.exit_code == 2 and "仅适用于文本文件" in res.output  # an option that would be ignored is refused
    # forced UTF-8 on the GBK file: its first Chinese byte is where it stops (the header's first character)
    problem = _problem(gbk, cn, encoding="utf-8")
    assert problem.code == "review.bad_bytes" and (problem.args["offset"], problem.args["line"]) == (0, 1)


def test_utf16_with_a_lone_surrogate_is_refused_at_it(tmp_path, cn):
    before = HEAD + "U1,gd-water-81-obstruct,"
    p = tmp_path / "bad16.csv"
    p.write_bytes(codecs.BOM_UTF16_LE + before.encode("utf-16-le") + b"\x00\xdc" + "1\n".encode("utf-16-le"))
    problem = _problem(p, cn)  # U+DC00 alone: half of a pair, no character
    assert problem.args["offset"] == 2 + 2 * len(before) and problem.args["line"] == 2
    assert "is not UTF-16LE" in problem.message("en")


def test_jsonl_in_gbk_and_a_utf32_file(tmp_path, cn):
    row = {"案件编号": "J1", "违法行为": "gd-water-81-obstruct", "罚款金额": "30000", "阻挠检查的方式": "拖延执法人员",
           "近一年内同类违法行为次数": "0"}
    p = tmp_path / "c.jsonl"
    p.write_bytes((json.dumps(row, ensure_ascii=False) + "\r\n").encode("gbk") * 2)
    r = review(p, cn)
    assert r.encoding == "GB18030" and (r.read, r.rejected.height) == (2, 0)
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(p.read_bytes() + b"\x81\n")  # a lead byte with no second byte, on the third line
    problem = _problem(bad, cn)  # GB18030 reads further than UTF-8 (which fails at the first 案): it is named
    assert (problem.args["offset"], problem.args["line"]) == (len(p.read_bytes()), 3)
    assert "is not GB18030 (nor is the file UTF-8)" in problem.message("en")
    u32 = tmp_path / "u32.csv"
    u32.write_bytes(HEAD.encode("utf-32"))
    problem = _problem(u32, cn)
    assert problem.code == "review.unsupported_encoding" and "UTF-32" in problem.message("en")


def test_an_xlsx_has_no_encoding_to_name(tmp_path, cn):
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.append(HEAD.strip().split(","))
    wb.active.append(["X1", "gd-water-81-obstruct", "30000", "delaying", "0", "2024-03-05", "甲", "一队"])
    wb.save(tmp_path / "c.xlsx")
    assert review(tmp_path / "c.xlsx", cn).encoding is None


CODECS = ("utf-8", "gb18030", "utf-16-le", "utf-16-be")
BAD = {"utf-8": b"\xff", "gb18030": b"\xff", "utf-16-le": b"\x00\xdc", "utf-16-be": b"\xdc\x00"}
TEXT = st.text(st.characters(blacklist_categories=("Cs",)) | st.sampled_from("\r\n,甲𠀀"), max_size=80)


def _line_ends(text: str) -> int:
    return len(re.findall(r"\r\n|\r|\n", text))


@settings(max_examples=150, deadline=None)
@given(TEXT, TEXT, st.sampled_from(CODECS), st.integers(1, 40))
def test_chunks_decode_exactly_and_find_the_first_bad_byte(tmp_path_factory, before, after, codec, size):
    """Any text, cut in chunks of any size, decodes to itself; a bad code unit between two texts is found at its
    offset, on the line its preceding text ends on."""
    d = tmp_path_factory.mktemp("chunks")
    good = d / "good.txt"
    good.write_bytes((before + after).encode(codec))
    assert "".join(decoded_chunks(good, Encoding(codec), size)) == before + after
    bad = d / "bad.txt"
    bad.write_bytes(before.encode(codec) + BAD[codec] + after.encode(codec))
    with pytest.raises(BadBytes) as e:
        "".join(decoded_chunks(bad, Encoding(codec), size))
    assert e.value.offset == len(before.encode(codec))
    # a CR right before the bad byte may yet be a CRLF: either way it has ended the line the bad byte is on
    assert e.value.line == _line_ends(before) + 1


def test_detect_reads_the_bom_and_skips_it(tmp_path):
    p = tmp_path / "b.csv"
    p.write_bytes(codecs.BOM_UTF8 + "a,甲\n".encode())
    assert detect(p) == Encoding("utf-8", 3) and detect(p).name == "UTF-8 (BOM)"
    assert "".join(decoded_chunks(p, detect(p))) == "a,甲\n"
    p.write_bytes(b"a,b\n" * 10)  # ASCII only: UTF-8
    assert detect(p) == Encoding("utf-8")
    assert detect(p, "utf-16") == Encoding("utf-16-le")  # forced: no guess made
