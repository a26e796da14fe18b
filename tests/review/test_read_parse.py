"""Bad input, nothing lost: every cell rule of parse.py, every reader, read = reviewed + rejected."""
from __future__ import annotations

import datetime as _dt
import json
import sqlite3

import polars as pl
import pytest

from penalty.review import review
from penalty.review.read import ReviewError, load_mapping

HEAD = "案件编号,违法行为,罚款金额,阻挠检查的方式,近一年内同类违法行为次数,决定日期,承办人,承办单位\n"


def _csv(tmp_path, rows, name="c.csv"):
    p = tmp_path / name
    p.write_text(HEAD + "".join(r + "\n" for r in rows), encoding="utf-8")
    return p


def _rejected(result):
    return dict(zip(result.rejected["case_id"].to_list(), result.rejected["reject"].to_list()))


def test_numbers_dates_and_labels(tmp_path, cn):
    rows = [
        "A1,gd-water-81-obstruct,30000,delaying,0,2024-03-05,甲,一队",         # plain
        "A2,gd-water-81-obstruct,\"30,000\",拖延执法人员,0,2024/3/5,甲,一队",   # separators, label, slashes
        "A3,gd-water-81-obstruct,３００００,delaying,０,2024年3月5日,甲,一队",  # full-width digits
        "A4,gd-water-81-obstruct,30000.00,delaying,0,20240305,甲,一队",          # decimals, compact date
        "A5,gd-water-81-obstruct,¥30000,delaying,0,2024-03-05 10:30,甲,一队",    # currency sign, time ignored
        "A6,拒绝、阻挠环境监督检查或者在接受监督检查时弄虚作假,30000,delaying,0,2024.03.05,甲,一队",  # title
    ]
    r = review(_csv(tmp_path, rows), cn)
    assert r.read == 6 and r.rejected.height == 0
    assert r.cases["fine"].to_list() == [3_000_000] * 6
    assert set(r.cases["violation"].cast(pl.String).to_list()) == {"gd-water-81-obstruct"}


@pytest.mark.parametrize("fine,date,code,column", [
    ("\"1,00,000\"", "2024-03-05", "review.reject.bad_separators", "fine"),
    ("壹万元", "2024-03-05", "review.reject.not_number", "fine"),
    ("", "2024-03-05", "review.reject.missing_fine", "fine"),
    ("-5", "2024-03-05", "review.reject.negative", "fine"),
    ("1.234", "2024-03-05", "review.reject.too_precise", "fine"),
    ("1e5", "2024-03-05", "review.reject.exponent", "fine"),
    ("010000", "2024-03-05", "review.reject.leading_zero", "fine"),
    ("+5", "2024-03-05", "review.reject.not_number", "fine"),
    ("\"1 2000\"", "2024-03-05", "review.reject.spaces", "fine"),
    ("1²", "2024-03-05", "review.reject.not_number", "fine"),
    ("30000", "2024-W10-2", "review.reject.bad_date", "decision_date"),
    ("30000", "05/03/2024", "review.reject.bad_date", "decision_date"),
    ("30000", "2024-02-30", "review.reject.bad_date", "decision_date"),
])
def test_bad_cells_are_rejected_with_a_reason(tmp_path, cn, fine, date, code, column):
    r = review(_csv(tmp_path, [f"B1,gd-water-81-obstruct,{fine},delaying,0,{date},甲,一队",
                               "B2,gd-water-81-obstruct,30000,delaying,0,2024-03-05,甲,一队"]), cn)
    assert r.read == 2 and r.cases.height == 1 and r.rejected.height == 1
    assert _rejected(r)["B1"] == f"{code}|{column}"


def test_unknown_violation_missing_and_invalid_facts(tmp_path, cn):
    rows = ["C1,no-such,30000,delaying,0,,甲,一队",
            "C2,gd-water-81-obstruct,30000,,0,,甲,一队",            # missing fact without default
            "C3,gd-water-81-obstruct,30000,flying,0,,甲,一队",      # not an enum value
            "C4,gd-water-81-obstruct,30000,delaying,1.5,,甲,一队",  # not an integer
            "C5,gd-water-81-obstruct,30000,delaying,5000,,甲,一队", # above the fact's max
            "C6,gd-eia-31-3-registration,30000,flying,x,,甲,一队",  # cells of facts it does not read are ignored
            "C7,,30000,delaying,0,,甲,一队"]
    r = review(_csv(tmp_path, rows), cn)
    rej = _rejected(r)
    assert r.read == 7 == r.cases.height + r.rejected.height
    assert rej["C1"] == "review.reject.unknown_violation|violation"
    assert rej["C2"] == "review.reject.missing_fact|obstruction"
    assert rej["C3"] == "review.reject.bad_enum|obstruction"
    assert rej["C4"] == "review.reject.expects_integer|prior_count_1y"
    assert rej["C5"] == "review.reject.out_of_bounds|prior_count_1y"
    assert rej["C6"].startswith("review.reject.missing_fact|zone")  # its own facts are missing, not the others
    assert rej["C7"] == "review.reject.no_violation|violation"


def _sample_rows():
    return [{"案件编号": f"D{i}", "违法行为": "jm-water-82-monitoring", "罚款金额": str(30000 + i * 1000),
             "两年内该违法行为被查处的次数（含本次）": str(1 + i % 4), "承办人": "甲", "承办单位": "一队",
             "决定日期": "2024-05-01"} for i in range(12)] + \
        [{"案件编号": "D99", "违法行为": "jm-water-82-monitoring", "罚款金额": "abc",
          "两年内该违法行为被查处的次数（含本次）": "1"}]


def _write_all(tmp_path):
    rows = _sample_rows()
    headers = list(rows[0])
    frame = pl.DataFrame({h: [r.get(h) for r in rows] for h in headers}, schema={h: pl.String for h in headers})
    paths = {"csv": tmp_path / "s.csv", "jsonl": tmp_path / "s.jsonl", "parquet": tmp_path / "s.parquet",
             "xlsx": tmp_path / "s.xlsx", "sqlite": tmp_path / "s.db"}
    frame.write_csv(paths["csv"])
    paths["jsonl"].write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    frame.write_parquet(paths["parquet"])
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:  # numbers as Excel numbers, as a register exported from Excel holds them
        ws.append([int(r[h]) if r.get(h) and r[h].isdigit() and h != "案件编号" else r.get(h) for h in headers])
    wb.save(paths["xlsx"])
    con = sqlite3.connect(paths["sqlite"])
    con.execute("CREATE TABLE cases (" + ", ".join(f'"{h}" TEXT' for h in headers) + ")")
    con.executemany("INSERT INTO cases VALUES (" + ",".join("?" * len(headers)) + ")",
                    [[r.get(h) for h in headers] for r in rows])
    con.commit()
    con.close()
    return paths


def test_every_format_gives_the_same_review(tmp_path, cn):
    paths = _write_all(tmp_path)
    results = {k: review(str(p) + ("::cases" if k == "sqlite" else ""), cn) for k, p in paths.items()}
    base = results["csv"]
    assert base.read == 13 and base.rejected.height == 1
    for k, r in results.items():
        assert r.counts() == base.counts(), k
        assert r.cases.select("case_id", "fine", "recommended").equals(
            base.cases.select("case_id", "fine", "recommended")), k


def test_parquet_is_streamed_in_the_csv_readers_batches(tmp_path, cn):
    """A Parquet file is read batch by batch (not whole, then cut), and each batch is the frame the CSV reader
    gives for the same cells: the same columns, the same kinds (text / dictionary), rows numbered on across
    batches."""
    from penalty.review.read import iter_cases
    paths = _write_all(tmp_path)
    by_csv = list(iter_cases(paths["csv"], cn, batch_rows=5))
    by_parquet = list(iter_cases(paths["parquet"], cn, batch_rows=5))
    assert len(by_parquet) >= 2  # 13 rows in batches of about 5
    csv_frame, parquet_frame = pl.concat(by_csv), pl.concat(by_parquet)
    assert parquet_frame.schema == csv_frame.schema
    assert parquet_frame["_row"].to_list() == list(range(1, 14))
    assert parquet_frame.with_columns(pl.all().cast(pl.String)).equals(csv_frame.with_columns(pl.all().cast(pl.String)))


def test_typed_parquet_columns_are_read_as_their_text(tmp_path, cn):
    """Numbers, decimals and dates stored typed (as a database export writes them) reach the review as the text
    they stand for, never through float: the same results as the same cases written as text."""
    from decimal import Decimal
    rows = _sample_rows()[:12]
    typed = pl.DataFrame({
        "案件编号": [r["案件编号"] for r in rows], "违法行为": [r["违法行为"] for r in rows],
        "罚款金额": pl.Series([Decimal(r["罚款金额"]) for r in rows], dtype=pl.Decimal(12, 2)),
        "两年内该违法行为被查处的次数（含本次）": [int(r["两年内该违法行为被查处的次数（含本次）"]) for r in rows],
        "承办人": [r["承办人"] for r in rows], "承办单位": [r["承办单位"] for r in rows],
        "决定日期": [_dt.date(2024, 5, 1)] * len(rows)})
    typed.write_parquet(tmp_path / "typed.parquet")
    text = typed.with_columns(pl.all().cast(pl.String))
    text.write_csv(tmp_path / "text.csv")
    a, b = review(str(tmp_path / "typed.parquet"), cn), review(str(tmp_path / "text.csv"), cn)
    assert a.read == 12 and a.rejected.height == 0
    assert a.cases.select("case_id", "fine", "recommended").equals(b.cases.select("case_id", "fine", "recommended"))
    # the Decimal(12, 2) cell 30000.00 is 30,000 yuan: 3,000,000 fen
    assert a.cases.filter(pl.col("case_id") == "D0")["fine"].to_list() == [3_000_000]


def test_mapping_file_and_its_errors(tmp_path, cn):
    p = tmp_path / "m.csv"
    p.write_text("no,what,amount,deg,prior\nE1,gd-water-81-obstruct,30000,delaying,0\n", encoding="utf-8")
    with pytest.raises(ReviewError) as e:
        review(p, cn)
    assert e.value.problems[0].code == "review.no_column"
    m = tmp_path / "map.yaml"
    m.write_text("review_mapping: 1\ncolumns: {case_id: no, violation: what, fine: amount}\n", encoding="utf-8")
    with pytest.raises(ReviewError) as e:
        load_mapping(m)
    assert e.value.problems[0].code == "review.mapping_not_text" and e.value.problems[0].pos.line == 2
    m.write_text("review_mapping: 1\ncolumns: {case_id: \"no\", violation: what, fine: amount}\n"
                 "facts: {obstruction: deg, prior_count_1y: prior}\n", encoding="utf-8")
    r = review(p, cn, mapping=m)
    assert r.cases.height == 1 and r.rejected.height == 0
    m.write_text("review_mapping: 1\ncolumns: {fines: amount}\n", encoding="utf-8")
    with pytest.raises(ReviewError) as e:
        load_mapping(m)
    assert e.value.problems[0].code == "review.mapping_field"
    assert "fine" in e.value.problems[0].message("en")
    m.write_text("review_mapping: 1\ncolumns: {fine: 金额}\n", encoding="utf-8")
    with pytest.raises(ReviewError) as e:
        review(p, cn, mapping=m)
    assert e.value.problems[0].code == "review.mapping_header"


def test_missing_file_and_unknown_format(tmp_path, cn):
    with pytest.raises(ReviewError) as e:
        review(tmp_path / "nope.csv", cn)
    assert e.value.problems[0].code == "review.not_found"
    (tmp_path / "x.doc").write_text("x")
    with pytest.raises(ReviewError) as e:
        review(tmp_path / "x.doc", cn)
    assert e.value.problems[0].code == "review.unknown_format"


def test_bundled_sample_and_mapping_read_completely(cn):
    from penalty.rulebook.bundled import bundled_dir
    ex = bundled_dir() / "examples"
    r = review(ex / "review-cases.csv", cn, mapping=ex / "review-mapping.yml")
    assert r.read == 600 == r.cases.height + r.rejected.height
    assert r.rejected.height > 0 and r.flagged_count > 0
    assert isinstance(r.cases["_end"].to_list()[0], _dt.date)


def test_distinct_cells_of_a_large_column_match_the_hash_path():
    """by_value's count-per-code path (columns of 65,536 rows or more) finds the same codes and texts as unique()."""
    import random
    from penalty.review.parse import _distinct
    rnd = random.Random(7)
    cells = [rnd.choice(["2024-01-0%d" % d for d in range(1, 10)] + [None, "２０２４年３月５日"]) for _ in range(70_000)]
    col = pl.Series(cells, dtype=pl.Categorical)
    codes, texts = _distinct(col)
    uniq = col.unique().drop_nulls()
    assert sorted(zip(codes, texts)) == sorted(zip(uniq.to_physical().to_list(), uniq.cast(pl.String).to_list()))
    assert len(codes) == 10


def test_a_decided_life_sentence_is_read_as_the_open_top(tmp_path):
    """On a scale with an open top (USSG months, `unbounded: life`), "life" / 终身监禁 is a decided amount, not an
    unreadable number: within a [360, life] range it is inside, above a finite range it is flagged."""
    p = tmp_path / "ussg.csv"
    p.write_text("case_id,violation,offense_level,criminal_history_points,fine\n"
                 "A,sentencing-table,43,0,life\n"       # range life - life
                 "B,sentencing-table,40,0,终身监禁\n"    # range 292 - 365: life is above it
                 "C,sentencing-table,40,0,300\n"
                 "D,sentencing-table,40,0,forever\n", encoding="utf-8")
    r = review(p, "ussg-2016", versions=False)
    assert r.read == 4 and r.rejected["case_id"].to_list() == ["D"]
    rows = {row["case_id"]: row for row in r.cases.iter_rows(named=True)}
    assert not rows["A"]["f_above_range"] and rows["B"]["f_above_range"] and not rows["C"]["f_above_range"]
    f = r.flagged("en")
    assert f.filter(pl.col("case_id") == "B")["reasons"][0].startswith(
        "Fine life is above the range from 292 months up to and including 365 months")
    # the amount columns spell the open top with the unit's own word, whatever the language of the reasons
    assert f.filter(pl.col("case_id") == "B")["fine"].to_list() == r.flagged("zh").filter(
        pl.col("case_id") == "B")["fine"].to_list() == ["life"]


def test_every_value_error_has_a_reason_in_words():
    """Each error penalty.values can raise for a cell becomes a review.reject.<name>, which must have a text."""
    import re
    from pathlib import Path
    import penalty.values
    from penalty.review.messages import MESSAGES
    from penalty.review.parse import _code
    codes = set(re.findall(r'"((?:number|value)\.[a-z_]+)"', Path(penalty.values.__file__).read_text(encoding="utf-8")))
    assert len(codes) > 10 and {c for c in codes - {"value.float"} if _code(ValueError(c)) not in MESSAGES} == set()


def test_rejected_reasons_name_the_files_own_columns(tmp_path, cn):
    from penalty.review.explain import rejected_reasons
    rows = ["R1,gd-water-81-obstruct,三万,delaying,0,2024-03-05,甲,一队",
            "R2,gd-water-81-obstruct,30000,delaying,0,2024-13-05,甲,一队"]
    r = review(_csv(tmp_path, rows), cn)
    en = dict(zip(*rejected_reasons(r, "en").select("case_id", "reasons").to_dict(as_series=False).values()))
    zh = dict(zip(*rejected_reasons(r, "zh").select("case_id", "reasons").to_dict(as_series=False).values()))
    # the value as written is echoed (issue 17 item 2)
    assert en["R1"] == "罚款金额 (fine): “三万” not a number" and zh["R1"] == "罚款金额（fine）：“三万”不是数字"
    assert en["R2"].startswith("决定日期 (decision_date): “2024-13-05” not a date")
    # a mapped header is named as the file names it; a header that is the field's own name is named once
    p = tmp_path / "m.jsonl"
    p.write_text(json.dumps({"no": "M1", "violation": "gd-water-81-obstruct", "amount": "x", "deg": "delaying",
                             "prior": "0"}) + "\n", encoding="utf-8")
    m = tmp_path / "map.yaml"
    m.write_text("review_mapping: 1\ncolumns: {case_id: \"no\", fine: amount}\n"
                 "facts: {obstruction: deg, prior_count_1y: prior}\n", encoding="utf-8")
    r = review(p, cn, mapping=m)
    assert rejected_reasons(r, "en")["reasons"].to_list() == ["amount (fine): “x” not a number"]
    p.write_text(json.dumps({"no": "M2", "violation": "nope", "amount": "1", "deg": "delaying", "prior": "0"})
                 + "\n", encoding="utf-8")
    # the allowed ones: the violations of cn-env-food 2024.1 in its order (a Rulebook object is reviewed alone)
    assert rejected_reasons(review(p, cn, mapping=m), "en")["reasons"].to_list() == [
        "violation: “nope” unknown violation (allowed: gd-water-81-obstruct, gd-eia-31-3-registration, "
        "jm-water-82-monitoring, food-124-additives)"]


def test_headers_are_named_without_their_padding_and_reasons_join_in_the_language(tmp_path, cn):
    from penalty.review.explain import rejected_reasons
    p = tmp_path / "pad.csv"
    p.write_text(" 案件编号 ,违法行为,罚款金额　, fine ,阻挠检查的方式,近一年内同类违法行为次数\n"
                 "P1,gd-water-81-obstruct,x,,delaying,0\n", encoding="utf-8")
    with pytest.raises(ReviewError) as e:  # 罚款金额 and fine are both the fine: the user says which
        review(p, cn)
    assert e.value.problems[0].code == "review.ambiguous_column"
    assert "罚款金额" in e.value.problems[0].message("en") and "fine" in e.value.problems[0].hint("en")
    p.write_text(" 案件编号 ,违法行为,罚款金额　,阻挠检查的方式,近一年内同类违法行为次数,决定日期\n"
                 "P1,gd-water-81-obstruct,x,delaying,0,2024-13-01\n", encoding="utf-8")
    r = review(p, cn)
    assert rejected_reasons(r, "zh")["reasons"][0].startswith("罚款金额（fine）：“x”不是数字；决定日期（decision_date）：“2024-13-01”")
    p.write_text("case_id, fine ,violation,obstruction,prior_count_1y\nP2,x,gd-water-81-obstruct,delaying,0\n",
                 encoding="utf-8")
    assert rejected_reasons(review(p, cn), "en")["reasons"].to_list() == ["fine: “x” not a number"]


def test_a_mapping_settles_two_columns_of_the_same_field(tmp_path, cn):
    p = tmp_path / "two.csv"
    p.write_text("案件编号,违法行为,违法行为编号,罚款金额,阻挠检查的方式,近一年内同类违法行为次数\n"
                 "T1,拒绝、阻挠环境监督检查或者在接受监督检查时弄虚作假,gd-water-81-obstruct,30000,delaying,0\n",
                 encoding="utf-8")
    with pytest.raises(ReviewError) as e:
        review(p, cn)
    assert e.value.problems[0].code == "review.ambiguous_column"
    m = tmp_path / "map.yaml"
    m.write_text("review_mapping: 1\ncolumns: {violation: 违法行为编号}\n", encoding="utf-8")
    r = review(p, cn, mapping=m)
    assert r.rejected.height == 0 and r.cases["violation"].cast(pl.String).to_list() == ["gd-water-81-obstruct"]


def test_a_gbk_csv_is_read_as_gb18030(tmp_path, cn):
    p = tmp_path / "gbk.csv"
    p.write_bytes((HEAD + "G1,gd-water-81-obstruct,30000,拖延执法人员,0,2024-03-05,甲,一队\n").encode("gbk"))
    r = review(p, cn)
    assert r.encoding == "GB18030" and r.rejected.height == 0 and r.cases["unit"].cast(str).to_list() == ["一队"]


def test_sqlite_errors_are_for_people(tmp_path, cn):
    bad = tmp_path / "not.db"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ReviewError) as e:
        review(str(bad) + "::cases", cn)
    assert e.value.problems[0].code == "review.unreadable"
    two = tmp_path / "two.db"
    con = sqlite3.connect(two)
    con.execute("CREATE TABLE a (x TEXT)")
    con.execute("CREATE TABLE b (x TEXT)")
    con.commit()
    con.close()
    with pytest.raises(ReviewError) as e:
        review(two, cn)
    assert e.value.problems[0].code == "review.sqlite_choose" and "a, b" in e.value.problems[0].message("en")


def test_arrow_frames_carry_their_headers(cn):
    import pyarrow as pa
    from penalty.review.core import review_frame
    from penalty.review.explain import rejected_reasons
    from penalty.review.read import from_arrow
    table = pa.table({"案件编号": ["F1"], "违法行为": ["gd-water-81-obstruct"], "罚款金额": ["x"],
                      "阻挠检查的方式": ["delaying"], "近一年内同类违法行为次数": ["0"]})
    headers = {}
    r = review_frame(cn, from_arrow(table, cn, headers=headers), headers=headers)
    assert rejected_reasons(r, "en")["reasons"].to_list() == ["罚款金额 (fine): “x” not a number"]


def test_a_jsonl_line_that_is_not_an_object_is_rejected_as_such(tmp_path, cn):
    from penalty.review.explain import rejected_reasons
    p = tmp_path / "c.jsonl"
    good = {"案件编号": "J1", "违法行为": "gd-water-81-obstruct", "罚款金额": "30000", "阻挠检查的方式": "delaying",
            "近一年内同类违法行为次数": "0"}
    p.write_text(json.dumps(good, ensure_ascii=False) + "\n{not json\n[1, 2]\n", encoding="utf-8")
    r = review(p, cn)
    assert (r.read, r.cases.height, r.rejected.height) == (3, 1, 2)
    assert rejected_reasons(r, "en")["reasons"].to_list() == ["the line is not a JSON object"] * 2
    assert rejected_reasons(r, "zh")["reasons"].to_list() == ["该行不是 JSON 对象"] * 2


def test_file_level_problems_are_named_not_tracebacks(tmp_path, cn):
    """Each file a user can hand over by mistake stops the run with a problem in words (code checked here)."""
    def code(path, **kw):
        with pytest.raises(ReviewError) as e:
            review(path, cn, **kw)
        return e.value.problems[0]
    rows = [{"案件编号": "J1", "违法行为": "gd-water-81-obstruct", "罚款金额": "30000"}]
    gbk = tmp_path / "gbk.jsonl"  # GBK with a byte that is no character: where it is (encodings: test_encodings)
    gbk.write_bytes("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("gbk") + b"\xff")
    assert code(gbk).code == "review.bad_bytes"
    cut = tmp_path / "cut.csv"  # the GBK guess does not depend on where the sample ends
    cut.write_bytes(HEAD.encode("gbk") + ("G1,gd-water-81-obstruct,30000,拖延执法人员,0,2024-03-05,甲,一队\n" * 3000)
                    .encode("gbk"))
    assert review(cut, cn).encoding == "GB18030"
    nothing = tmp_path / "none.jsonl"
    nothing.write_text("[1]\nnot json\n", encoding="utf-8")
    assert code(nothing).code == "review.not_jsonl"
    twice = tmp_path / "twice.csv"
    twice.write_text("案件编号,违法行为,违法行为,罚款金额\nD1,gd-water-81-obstruct,x,30000\n", encoding="utf-8")
    assert code(twice).code == "review.duplicate_header"
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.append(["案件编号", "违法行为", "罚款金额", "罚款金额"])
    wb.active.append(["X1", "gd-water-81-obstruct", "30000", "1"])
    wb.save(tmp_path / "twice.xlsx")
    assert code(tmp_path / "twice.xlsx").code == "review.duplicate_header"
    for name in ("bad.xlsx", "bad.parquet"):
        (tmp_path / name).write_bytes(b"not what the name says" * 50)
        assert code(tmp_path / name).code == "review.unreadable"
    sqlite3.connect(tmp_path / "empty.db").close()
    (tmp_path / "empty.db").touch()
    assert code(tmp_path / "empty.db").code == "review.sqlite_empty"


def test_a_user_column_named_like_the_readers_own_is_just_a_column(tmp_path, cn):
    p = tmp_path / "c.jsonl"
    row = {"案件编号": "U1", "违法行为": "gd-water-81-obstruct", "罚款金额": "30000", "阻挠检查的方式": "delaying",
           "近一年内同类违法行为次数": "0", "_unreadable": "oops"}
    p.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    r = review(p, cn)
    assert r.rejected.height == 0 and r.cases.height == 1


def test_ambiguity_hints_name_the_mapping_section_and_padded_headers_map(tmp_path, cn):
    p = tmp_path / "gv.csv"
    p.write_text(" 案件编号 , 违法行为 ,违法行为编号,罚款金额,货值金额,goods_value\n"
                 "A1,x,food-124-additives,30000,1000,2000\n", encoding="utf-8")
    with pytest.raises(ReviewError) as e:
        review(p, cn)
    hints = {pr.message("en"): pr.hint("en") for pr in e.value.problems}
    assert any("facts: {goods_value: 货值金额}" in h for h in hints.values()), hints
    assert any("columns: {violation: 违法行为}" in h for h in hints.values()), hints
    m = tmp_path / "map.yaml"  # the hints, followed: a padded header is found as the mapping names it
    m.write_text("review_mapping: 1\ncolumns: {violation: 违法行为编号}\nfacts: {goods_value: 货值金额}\n",
                 encoding="utf-8")
    r = review(p, cn, mapping=m)  # the violation is read (from 违法行为编号); this row lacks other facts
    assert r.rejected["violation"].to_list() == ["food-124-additives"]
    assert "violation" not in r.rejected["reject"][0] and "goods_value" not in r.rejected["reject"][0]
    m.write_text("review_mapping: 1\ncolumns: {violation: 违法行为}\nfacts: {goods_value: goods_value}\n",
                 encoding="utf-8")
    assert review(p, cn, mapping=m).rejected.height == 1  # "x" is no violation: read from the padded column


def test_a_mapping_header_not_in_the_file_is_shown_where_it_is_written(tmp_path, cn):
    m = tmp_path / "map.yaml"
    m.write_text("review_mapping: 1\ncolumns:\n  fine: 罚款金额（元）\n", encoding="utf-8")
    with pytest.raises(ReviewError) as e:
        review(_csv(tmp_path, ["M1,gd-water-81-obstruct,30000,delaying,0,2024-03-05,甲,一队"]), cn, mapping=m)
    problem = e.value.problems[0]
    assert problem.code == "review.mapping_header" and (problem.pos.file, problem.pos.line) == ("map.yaml", 3)
    assert "罚款金额" in problem.message("en").split("did you mean")[1] and "案件编号" in problem.hint("en")
    with pytest.raises(ReviewError) as e:
        load_mapping(tmp_path / "missing.yaml")
    assert e.value.problems[0].code == "review.mapping.not_found" and e.value.problems[0].hint("en")
    assert "missing.yaml" in e.value.problems[0].message("en")
