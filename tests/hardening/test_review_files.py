"""Review files at the file level: what cannot be read is named in a sentence, and every row is counted once."""
import csv

import pytest
from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.review.read import ReviewError, read_cases
from penalty.rulebook.bundled import bundled_dir
from penalty.rulebook.load import load_rulebook

runner = CliRunner()
EXAMPLES = bundled_dir() / "examples"
MAPPING = EXAMPLES / "review-mapping.yml"


def example_rows(n):
    return list(csv.reader(open(EXAMPLES / "review-cases.csv", encoding="utf-8-sig")))[: n + 1]


@pytest.fixture(scope="module")
def rb():
    return load_rulebook(bundled_dir() / "cn-env-food.yaml")


def test_parquet_with_a_list_column_names_the_column(tmp_path, rb):
    import pyarrow as pa
    import pyarrow.parquet as pq
    from penalty.review.read import load_mapping
    rows = example_rows(5)
    table = {h: pa.array([r[i] for r in rows[1:]]) for i, h in enumerate(rows[0])}
    table["承办人"] = pa.array([[1]] * 5)
    table["不读的列"] = pa.array([{"a": 1}] * 5)  # a record in a column nobody reads is no matter
    pq.write_table(pa.table(table), tmp_path / "l.parquet")
    with pytest.raises(ReviewError) as e:
        read_cases(tmp_path / "l.parquet", rb, load_mapping(MAPPING))
    p = e.value.problems[0]
    assert p.code == "review.nested_column" and "承办人" in p.message("en") and "不读的列" not in p.message("en")
    assert p.hint("zh")


def test_out_that_is_a_file_is_a_sentence(tmp_path):
    f = tmp_path / "cases.csv"
    with open(f, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(example_rows(2))
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    res = runner.invoke(app, ["review", str(f), "--mapping", str(MAPPING), "--out", str(tmp_path / "taken")],
                        env={"PENALTY_LANG": "en"})
    assert res.exit_code == 1 and "a file of that name is already there" in res.output and "Errno" not in res.output


def write_csv(path, rows, eol="\n"):
    path.write_text("".join(",".join(f'"{c}"' if "," in c else c for c in r) + eol for r in rows), encoding="utf-8")
    return path


def counts(path, rb):
    from penalty.review import review
    from penalty.review.read import load_mapping
    c = review(path, rb, mapping=load_mapping(MAPPING)).counts()
    return c["read"], c["reviewed"] + c["rejected"]


def test_blank_lines_are_not_rows(tmp_path, rb):
    rows = example_rows(10)
    text = "\n\n".join(",".join(f'"{c}"' if "," in c else c for c in r) for r in rows) + "\n\n\n"
    f = tmp_path / "blank.csv"
    f.write_text(text, encoding="utf-8")
    assert counts(f, rb) == (10, 10)  # ten cases, 21 lines between them and after: every case accounted for


def test_cr_only_line_ends_are_read_as_lines(tmp_path, rb):
    rows = example_rows(10)
    assert counts(write_csv(tmp_path / "cr.csv", rows, "\r"), rb) == counts(write_csv(tmp_path / "lf.csv", rows), rb)
    assert counts(tmp_path / "cr.csv", rb) == (10, 10)


def test_a_file_of_no_rows_reads_0_rows_in_every_format(tmp_path, rb):
    import openpyxl
    header = example_rows(0)[0]
    csv_file = write_csv(tmp_path / "h.csv", [header])
    wb = openpyxl.Workbook()
    wb.active.append(header)
    wb.save(tmp_path / "h.xlsx")
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    for f in (csv_file, tmp_path / "h.xlsx", tmp_path / "empty.jsonl"):
        assert counts(f, rb) == (0, 0), f.name


def test_an_os_error_while_reading_a_workbook_is_a_sentence(tmp_path, rb, monkeypatch):
    import openpyxl
    f = tmp_path / "cases.xlsx"
    openpyxl.Workbook().save(f)

    def denied(*args, **kwargs):  # what opening a file of mode 000 raises for any user but root
        raise PermissionError(13, "Permission denied", str(f))
    monkeypatch.setattr(openpyxl, "load_workbook", denied)
    with pytest.raises(ReviewError) as e:
        read_cases(f, rb)
    p = e.value.problems[0]
    assert p.code == "review.unreadable" and p.message("en").endswith("permission denied")
    assert "没有读取权限" in p.message("zh") and "Errno" not in p.message("en")


def test_an_empty_csv_says_it_has_no_header_and_an_empty_jsonl_reads_0_rows(tmp_path, rb):
    from penalty.review import review
    for text in ("", "\n\n", "\ufeff\r\n"):
        (tmp_path / "e.csv").write_text(text, encoding="utf-8")
        with pytest.raises(ReviewError) as e:
            read_cases(tmp_path / "e.csv", rb)
        assert e.value.problems[0].code == "review.empty_file" and e.value.problems[0].hint("zh")
    (tmp_path / "e.jsonl").write_text("\n\n", encoding="utf-8")
    assert review(tmp_path / "e.jsonl", rb).counts()["read"] == 0  # no mapping: nothing is "missing" either
