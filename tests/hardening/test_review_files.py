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
    pa = pytest.importorskip("pyarrow")
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
