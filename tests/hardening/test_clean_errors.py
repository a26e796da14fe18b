"""Commands given a path that is no file of the right kind answer in a sentence, exit 1, never a traceback."""
import json

import pytest
from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.diff.cases import read_cases as diff_cases
from penalty.errors import CaseError

runner = CliRunner()


def run(*args):
    res = runner.invoke(app, list(args), env={"PENALTY_LANG": "en"})
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    return res.exit_code, res.output


@pytest.mark.parametrize("cases, expect", [
    ("/bin/ls", "not UTF-8"),  # a program: bytes that are no text
    ("/dev/zero", "a device or a socket"),
    (".", "a folder, not a file"),
])
def test_test_cases_that_are_no_cases_file(cases, expect):
    code, out = run("test", "cn-env-food", "--cases", cases)
    assert code == 1 and expect in out and "Traceback" not in out


def test_catalogue_output_to_a_folder_or_a_missing_folder(tmp_path):
    code, out = run("catalogue", "cn-env-food", "-o", str(tmp_path))
    assert code == 1 and "cannot write" in out and "a folder, not a file" in out
    code, out = run("catalogue", "cn-env-food", "-o", str(tmp_path / "missing" / "x.md"))
    assert code == 1 and "the folder it goes in does not exist" in out and "Errno" not in out


def test_catalogue_unwritable_in_chinese(tmp_path):
    res = runner.invoke(app, ["catalogue", "cn-env-food", "-o", str(tmp_path / "no" / "x.md"), "--lang", "zh"])
    assert res.exit_code == 1 and "所在的文件夹不存在" in res.output


def test_replay_cases_are_measured_before_they_are_read(tmp_path):
    with pytest.raises(CaseError) as e:
        list(diff_cases("/dev/zero"))
    assert "a device or a socket" in e.value.problems[0].message("en")
    deep = tmp_path / "deep.jsonl"
    deep.write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}\n", encoding="utf-8")
    with pytest.raises(CaseError) as e:
        list(diff_cases(deep))
    assert "nested too deeply" in e.value.problems[0].message("en") and e.value.problems[0].message("zh")


def test_diff_changes_out_to_a_folder_or_a_missing_folder(tmp_path):
    from penalty.rulebook.bundled import bundled_dir
    cases = str(bundled_dir() / "cn-env-food.cases.yaml")
    code, out = run("diff", "cn-env-food", "cn-env-food.2025", "--cases", cases, "--changes-out", str(tmp_path))
    assert code == 1 and "cannot write" in out and "a folder, not a file" in out
    res = runner.invoke(app, ["diff", "cn-env-food", "cn-env-food.2025", "--cases", cases, "--json",
                              "--changes-out", str(tmp_path / "no" / "x.jsonl")], env={"PENALTY_LANG": "en"})
    problem = json.loads(res.output)["problems"][0]
    assert res.exit_code == 1 and problem["code"] == "diff.unwritable"
    assert problem["message"].endswith("the folder it goes in does not exist")


def test_a_case_file_over_the_limit_in_a_replay_folder_is_that_cases_error(tmp_path):
    from penalty.diff.cases import MAX_YAML_BYTES, Unreadable
    from penalty.rulebook.bundled import bundled_dir
    (tmp_path / "a.yaml").write_text((bundled_dir() / "examples" / "gd-obstruct-refusing-entry.yaml")
                                     .read_text(encoding="utf-8"), encoding="utf-8")
    with open(tmp_path / "b.yaml", "wb") as fh:
        fh.truncate(MAX_YAML_BYTES + 1)
    rows = list(diff_cases(tmp_path))
    assert [type(item) is Unreadable for _, item in rows] == [False, True]
    assert rows[1][1].code == "case.too_big" and f"larger than {MAX_YAML_BYTES} bytes" in rows[1][1].message
