"""Masking worked out by hand and as properties; the refusals of publish and of a broken template, each with the
file, line and column where a template is wrong."""
from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from penalty.documents.mask import identity_number, person_name
from tests.documents.conftest import REFUSING, run


def test_masks_worked_out_by_hand():
    assert person_name("张小三") == "张*三" and person_name("张三") == "张*" and person_name("欧阳小明") == "欧**明"
    assert person_name("张") == "*" and person_name("") == ""
    assert identity_number("440106199001011234") == "4401**********1234"
    assert identity_number("1234567") == "1*****7" and identity_number("123") == "***"


@given(st.text(alphabet="0123456789X", min_size=1, max_size=30))
def test_an_identity_number_keeps_its_length_and_never_more_than_half_of_itself(value):
    masked = identity_number(value)
    assert len(masked) == len(value)
    assert sum(a == b for a, b in zip(masked, value)) <= len(value) // 2


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=2, max_size=6))
def test_a_person_name_keeps_only_its_first_and_last_character(name):
    masked = person_name(name)
    assert len(masked) == len(name) and masked[0] == name[0] and set(masked[1:-1] or masked[1:]) <= {"*", name[-1]}


def test_publish_refusals(decide, tmp_path):
    reg = decide(REFUSING, "140000")
    res = run("publish", "--register", reg, "--out", tmp_path / "p.xlsx", "--lang", "en")
    assert res.exit_code == 1 and "must end in .csv, .json" in res.output
    res = run("publish", "--register", reg, "--out", tmp_path / "p.csv", "--since", "2024-13-01", "--lang", "en", "--json")
    assert res.exit_code == 1 and json.loads(res.stdout)["problems"][0]["code"] == "document.bad_date"
    res = run("publish", "--register", reg, "--out", tmp_path / "no" / "p.csv", "--lang", "en")
    assert res.exit_code == 1 and "cannot write" in res.output and "folder it goes in does not exist" in res.output
    res = run("publish", "--register", reg, "--out", tmp_path / "p.csv", "--json")
    assert res.exit_code == 0 and json.loads(res.stdout)["records"] == 1


def test_a_broken_template_is_named_where_it_is_wrong(decide, tmp_path):
    reg = decide(REFUSING, "140000")
    folder = tmp_path / "tpl"
    folder.mkdir()

    def refused(name: str, body: str) -> str:
        (folder / name).write_text(body, encoding="utf-8")
        res = run("document", "decision", "1", "--register", reg, "--template", folder, "--lang", "en")
        (folder / name).unlink()
        assert res.exit_code == 1
        return res.output

    assert "decision.yaml:2:5" in refused("decision.yaml", "blocks:\n  - {title: a, text: b}\n")
    assert "exactly one of" in refused("decision.yaml", "blocks:\n  - {title: a, text: b}\n")
    assert "align is one of" in refused("decision.yaml", "blocks:\n  - {text: a, align: middle}\n")
    assert "needs a list `blocks:`" in refused("decision.yaml", "title: a\n")
    assert "decision.yaml:2:1" in refused("decision.yaml", "blocks: [\n")  # the bracket never closed
    assert "must map a citation" in refused("provisions.yaml", "- a\n")
    assert "must be a mapping" in refused("template.yaml", "- a\n")
    res = run("document", "decision", "1", "--register", reg, "--template", tmp_path / "none", "--lang", "en")
    assert res.exit_code == 1 and "has no template.yaml" in res.output


def test_a_document_that_cannot_be_written(decide, tmp_path):
    reg = decide(REFUSING, "140000")
    for name in ("d.docx", "d.md"):
        res = run("document", "notice", "1", "--register", reg, "--out", tmp_path / "no" / name, "--lang", "en")
        assert res.exit_code == 1 and "cannot write" in res.output
    res = run("document", "notice", "1", "--register", reg, "--json")
    assert json.loads(res.stdout)["fields"]["number"] == "某环罚告〔2024〕001号"
    from penalty.audit.register import Register
    from penalty.documents import document
    with Register.open(reg, create=False) as r:
        text = document(r, "1").text()
    assert text.startswith("行政处罚决定书\n某环罚〔2024〕001号\n") and text.endswith("2024年9月20日")
