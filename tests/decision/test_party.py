"""Party ids by their national standards' check characters; the expected characters are worked by hand."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from penalty.cli.app import app
from penalty.party import check_party, id_card_check, uscc_check
from penalty.errors import CaseError
from tests.decision.conftest import DELAYING

# GB 32100-2015 (统一社会信用代码), the example code 91350100M000100Y43. Characters are worth 0-9, A10 B11 C12 D13
# E14 F15 G16 H17 J18 K19 L20 M21 N22 P23 Q24 R25 T26 U27 W28 X29 Y30; weights 1 3 9 27 19 26 16 17 20 29 25 13 8
# 24 10 30 28:
#   9·1 + 1·3 + 3·9 + 5·27 + 0·19 + 1·26 + 0·16 + 0·17 + M21·20 + 0·29 + 0·25 + 0·13 + 1·8 + 0·24 + 0·10 + Y30·30 + 4·28
#   = 9 + 3 + 27 + 135 + 26 + 420 + 8 + 900 + 112 = 1640;  1640 mod 31 = 1640 - 52·31 = 28;  31 - 28 = 3  -> "3"
USCC = "91350100M000100Y43"
# GB 11643-1999 (居民身份证号码), the standard's example 11010519491231002X; weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2:
#   1·7 + 1·9 + 0·10 + 1·5 + 0·8 + 5·4 + 1·2 + 9·1 + 4·6 + 9·3 + 1·7 + 2·9 + 3·10 + 1·5 + 0·8 + 0·4 + 2·2
#   = 7 + 9 + 5 + 20 + 2 + 9 + 24 + 27 + 7 + 18 + 30 + 5 + 4 = 167;  167 mod 11 = 2;  (12 - 2) mod 11 = 10 -> "X"
ID_CARD = "11010519491231002X"


def test_the_check_characters_of_the_standards_examples():
    assert uscc_check(USCC[:17]) == "3"
    assert id_card_check(ID_CARD[:17]) == "X"


def test_valid_ids_give_the_party_type():
    assert check_party({"party_id": USCC}) == {"party_type": "organisation", "party_id": USCC, "id_kind": "uscc"}
    assert check_party({"party_id": ID_CARD.lower()})["party_type"] == "citizen"  # a lower-case x is read as X


@pytest.mark.parametrize("value, code", [
    ("91350100M000100Y44", "decision.party_id.bad_check"),   # 4 where the check character is 3
    ("110105194912310021", "decision.party_id.bad_check"),   # 1 where it is X
    ("110105194913310029", "decision.party_id.bad_birth_date"),  # month 13
    ("9135010OM000100Y43", "decision.party_id.bad_format"),  # the letter O is not used in a credit code
    ("1234", "decision.party_id.bad_format"),
])
def test_a_wrong_id_is_refused_with_its_rule(value, code):
    with pytest.raises(CaseError) as exc:
        check_party({"party_id": value})
    assert exc.value.problems[0].code == code


def test_party_type_and_id_must_agree():
    with pytest.raises(CaseError) as exc:
        check_party({"party_id": USCC, "party_type": "citizen"})
    assert exc.value.problems[0].code == "decision.party_type.mismatch"
    with pytest.raises(CaseError) as exc:
        check_party({"party_type": "company"})
    assert exc.value.problems[0].code == "decision.party_type.bad"


def test_the_cli_names_file_line_and_column_in_both_languages(write_case, rulebook_path):
    path = write_case(DELAYING + "party_id: 91350100M000100Y44\n")
    runner = CliRunner(env={"COLUMNS": "200"})
    for lang, words in (("en", "the check character of a 统一社会信用代码"), ("zh", "校验码应为“3”")):
        res = runner.invoke(app, ["decide", path, "-r", str(rulebook_path), "--amount", "30000", "--lang", lang])
        assert res.exit_code == 1
        assert "case.yaml:4:" in res.output and words in res.output


def test_calc_refuses_a_wrong_id_too(write_case):
    path = write_case(DELAYING + "party_id: 110105194912310021\n")
    res = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["calc", path, "--lang", "en"])
    assert res.exit_code == 1 and "case.yaml:4:" in res.output and "GB 11643-1999" in res.output
    ok = write_case(DELAYING + f"party_id: {ID_CARD}\n", "ok.yaml")
    assert CliRunner().invoke(app, ["calc", ok]).exit_code == 0


# ---- one character changed: the check character catches it (both standards' weights are non-zero modulo their
# prime, 31 and 11, so a change of one character's value always changes the weighted sum's remainder)
import datetime  # noqa: E402

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _uscc_by_the_standard(body: str) -> str:
    """GB 32100-2015 from its own text: weights 3^(i-1) mod 31, C18 = 31 - (sum mod 31), 31 written 0."""
    total = sum(_CHARS.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return body + _CHARS[(31 - total % 31) % 31]


def _id_by_the_standard(body: str) -> str:
    """GB 11643-1999 from its own text: weights 2^(18-i) mod 11 for i = 1..17, (12 - sum mod 11) mod 11, 10 as X."""
    total = sum(int(c) * pow(2, 17 - i, 11) for i, c in enumerate(body))
    return body + "0123456789X"[(12 - total % 11) % 11]


@st.composite
def valid_ids(draw):
    if draw(st.booleans()):
        body = draw(st.text(alphabet=_CHARS, min_size=17, max_size=17))
        return _uscc_by_the_standard(body), "organisation"
    birth = draw(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2025, 12, 31)))
    body = draw(st.from_regex(r"\A[1-8][0-9]{5}\Z")) + birth.strftime("%Y%m%d") + draw(st.from_regex(r"\A[0-9]{3}\Z"))
    return _id_by_the_standard(body), "citizen"


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_valid_id_with_one_character_changed_is_refused(data):
    value, party_type = data.draw(valid_ids())
    assert check_party({"party_id": value, "party_type": party_type})["party_id"] == value
    i = data.draw(st.integers(0, 17))
    alphabet = _CHARS if party_type == "organisation" else ("0123456789X" if i == 17 else "0123456789")
    other = data.draw(st.sampled_from([c for c in alphabet if c != value[i]]))
    changed = value[:i] + other + value[i + 1:]
    with pytest.raises(CaseError) as exc:
        check_party({"party_id": changed, "party_type": party_type})
    assert exc.value.problems[0].code in ("decision.party_id.bad_check", "decision.party_id.bad_birth_date")


def test_a_recorded_decision_with_a_wrong_id_writes_nothing(write_case, rulebook_path, tmp_path):
    reg = tmp_path / "register.sqlite"
    path = write_case(DELAYING + "party_id: 91350100M000100Y44\n")
    res = CliRunner().invoke(app, ["decide", path, "-r", str(rulebook_path), "--amount", "30000", "--record",
                                   "--register", str(reg), "--officer", "0451", "--json"])
    assert res.exit_code == 1 and not reg.exists()
    assert '"decision.party_id.bad_check"' in res.stdout
