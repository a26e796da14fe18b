"""Every file a person names is measured before it is read (penalty.inputs): a device, a folder or a file over
the limit is refused at once with a sentence, never read into memory, never a traceback or raw OS text."""
from pathlib import Path

import pytest
from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.errors import CaseError, RulebookError
from penalty.rulebook.bundled import bundled_dir
from penalty.rulebook.load import MAX_FILE_BYTES, load_rulebook
from penalty.engine.facts import MAX_CASE_BYTES, read_case_data
from penalty.review.read import MAX_MAPPING_BYTES, MAX_REVIEW_BYTES, ReviewError, load_mapping, read_cases

runner = CliRunner()
CASE = "violation: gd-water-81-obstruct\nfacts: {obstruction: delaying, prior_count_1y: 0}\n"
RULEBOOK = (bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8")


def run(*args, input=None):
    res = runner.invoke(app, list(args), input=input, env={"PENALTY_LANG": "en"})
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code, res.output


def sparse(path: Path, size: int) -> Path:
    """A file of `size` bytes that takes no disk space (and would take `size` of memory if read)."""
    with open(path, "wb") as fh:
        fh.truncate(size)
    return path


def test_dev_zero_as_a_case_is_refused_as_a_device():
    code, out = run("calc", "/dev/zero")
    assert code == 1 and "device" in out and "Traceback" not in out


def test_dev_zero_as_a_rulebook_is_refused_as_a_device(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(CASE, encoding="utf-8")
    code, out = run("calc", str(case), "--rulebook", "/dev/zero")
    assert code == 1 and "device" in out


def test_a_1_gib_case_is_refused_before_it_is_read(tmp_path):
    big = sparse(tmp_path / "big.yaml", 1 << 30)
    with pytest.raises(CaseError) as e:
        read_case_data(big)
    p = e.value.problems[0]
    assert p.code == "case.too_big" and p.args["limit"] == MAX_CASE_BYTES and str(big) in p.message("en")


def test_a_rulebook_one_byte_over_the_limit_is_refused_and_one_at_it_is_read(tmp_path):
    with pytest.raises(RulebookError) as e:
        load_rulebook(sparse(tmp_path / "big.yaml", MAX_FILE_BYTES + 1))
    p = e.value.problems[0]
    assert p.code == "load.too_big" and (p.pos.file, p.pos.line, p.pos.column) == ("big.yaml", 1, 1)
    # at the limit the file is read (and then found to be no rulebook: NUL bytes), not refused for its size
    with pytest.raises(RulebookError) as e:
        load_rulebook(sparse(tmp_path / "edge.yaml", MAX_FILE_BYTES))
    assert e.value.problems[0].code != "load.too_big"


def test_a_folder_is_named_as_a_folder_in_both_languages(tmp_path):
    with pytest.raises(CaseError) as e:
        read_case_data(tmp_path)
    p = e.value.problems[0]
    assert p.code == "case.unreadable"
    assert "it is a folder, not a file" in p.message("en") and "这是文件夹，不是文件" in p.message("zh")
    assert "Errno" not in p.message("en")
    with pytest.raises(RulebookError) as e:
        load_rulebook(tmp_path)
    assert "folder" in e.value.problems[0].message("en")


def test_standard_input_has_the_case_limit():
    code, out = run("calc", "-", input="#" * (MAX_CASE_BYTES + 1))
    assert code == 1 and str(MAX_CASE_BYTES) in out


def test_a_review_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    rb = load_rulebook(bundled_dir() / "cn-env-food.yaml")
    for name in ("big.csv", "big.jsonl"):
        with pytest.raises(ReviewError) as e:
            read_cases(sparse(tmp_path / name, MAX_REVIEW_BYTES + 1), rb)
        assert e.value.problems[0].code == "review.too_big" and e.value.problems[0].hint("zh")


def test_a_folder_named_like_a_review_file_is_a_folder(tmp_path):
    rb = load_rulebook(bundled_dir() / "cn-env-food.yaml")
    (tmp_path / "cases.csv").mkdir()
    with pytest.raises(ReviewError) as e:
        read_cases(tmp_path / "cases.csv", rb)
    assert e.value.problems[0].code == "review.unreadable" and "folder" in e.value.problems[0].message("en")


def test_mapping_limits_and_missing_mapping(tmp_path):
    with pytest.raises(ReviewError) as e:
        load_mapping(sparse(tmp_path / "m.yml", MAX_MAPPING_BYTES + 1))
    assert e.value.problems[0].code == "review.mapping.too_big"
    with pytest.raises(ReviewError) as e:
        load_mapping(tmp_path / "absent.yml")
    assert e.value.problems[0].code == "review.mapping.not_found"
    (tmp_path / "gbk.yml").write_bytes("review_mapping: 1\ncolumns: {case_id: 案件编号}\n".encode("gbk"))
    with pytest.raises(ReviewError) as e:
        load_mapping(tmp_path / "gbk.yml")
    assert "UTF-8" in e.value.problems[0].message("en")


def test_permission_denied_is_a_sentence(tmp_path, monkeypatch):
    case = tmp_path / "case.yaml"
    case.write_text(CASE, encoding="utf-8")

    def refused(*args, **kwargs):  # what open() raises for a file of mode 000 (as any user but root)
        raise PermissionError(13, "Permission denied", str(case))
    monkeypatch.setattr("penalty.inputs.open", refused, raising=False)
    with pytest.raises(CaseError) as e:
        read_case_data(case)
    assert "permission denied" in e.value.problems[0].message("en")
    assert "没有读取权限" in e.value.problems[0].message("zh") and "Errno" not in e.value.problems[0].message("en")


def test_receipts_and_keys_are_measured_and_worded(tmp_path, monkeypatch):
    code, out = run("receipt", "verify", "/dev/zero", "--rulebook", "cn-env-food")
    assert code == 1 and "it is a device or a socket, not a regular file" in out
    code, out = run("receipt", "verify", str(tmp_path / "absent.json"), "--rulebook", "cn-env-food")
    assert code == 1 and "there is no such file" in out and "Errno" not in out
    from penalty.audit.errors import ReceiptError
    from penalty.cli.audit import KEY_LIMIT as MAX_KEY_BYTES
    from penalty.cli.receipt import read_bounded
    monkeypatch.setenv("PENALTY_LANG", "zh")
    with pytest.raises(ReceiptError) as e:
        read_bounded(sparse(tmp_path / "k.pem", MAX_KEY_BYTES + 1), "key")
    assert e.value.code == "sign.bad_key" and f"文件超过 {MAX_KEY_BYTES} 字节" in e.value.message


DEEP = "[" * 100_000 + "]" * 100_000


def test_a_receipt_nested_100000_deep_is_a_message(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text('{"format": "penalty-receipt/1", "x": ' + DEEP + "}", encoding="utf-8")
    code, out = run("receipt", "verify", str(deep), "--rulebook", "cn-env-food")
    assert code == 1 and "nested too deeply" in out


def test_a_jsonl_line_nested_100000_deep_is_a_rejected_row(tmp_path):
    rb = load_rulebook(bundled_dir() / "cn-env-food.yaml")
    good = '{"案件编号": "J1", "违法行为": "gd-water-81-obstruct", "罚款金额": "30000"}'
    f = tmp_path / "cases.jsonl"
    f.write_text(good + "\n" + '{"a": ' + DEEP + "}\n", encoding="utf-8")
    frame = read_cases(f, rb)
    assert frame.height == 2  # the deep line is kept as a row that is rejected, not lost
