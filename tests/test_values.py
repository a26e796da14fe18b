"""One set of rules for reading a value (penalty.values; docs/rulebook-format.md, "Values"): the accepted forms
read back what was written, the refused forms give a message, and a case file, the YAML loader and a review
cell agree. Expected values are the numbers and dates written, worked out by hand, never the tool's output."""
from __future__ import annotations

import datetime as _dt
import json
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given, settings, strategies as st
from typer.testing import CliRunner

from penalty import values
from penalty.cli.app import app
from penalty.engine.messages import MESSAGES as CASE_MESSAGES
from penalty.i18n import LANGS
from penalty.review.messages import MESSAGES as REVIEW_MESSAGES
from penalty.review.parse import _code, money
from penalty.rulebook.bundled import bundled_dir
from penalty.rulebook.messages import MESSAGES as RULEBOOK_MESSAGES
from penalty.rulebook.yamlsource import YamlProblem, parse_yaml

runner = CliRunner()
FULL = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
FOOD = "violation: food-124-additives\nfacts: {{goods_value: {v}, recalled_in_time: true, harm_caused: false, repeat_within_year: false}}\n"
OBSTRUCT = "violation: gd-water-81-obstruct\nfacts: {{obstruction: delaying, prior_count_1y: {v}}}\n"


def grouped(n: int) -> str:
    return f"{n:,}"


def cli(*args, input=None):
    r = runner.invoke(app, list(args), input=input, catch_exceptions=False)
    assert "Traceback" not in r.output
    return r.exit_code, r.output


def case_file(tmp_path, text, name="case.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# ---------------------------------------------------------------- properties of the one set of rules

amounts = st.integers(min_value=0, max_value=10 ** 15)
spellings = st.sampled_from([str, grouped, lambda n: str(n).translate(FULL), lambda n: grouped(n).translate(FULL),
                             lambda n: f"¥{n}", lambda n: f"{grouped(n)}元", lambda n: f" {n} "])


@given(amounts, spellings)
def test_accepted_numbers_read_back(n, spell):
    text = spell(n)
    assert values.read_money(text, 100, "CNY") == n * 100
    if "¥" not in text and "元" not in text:
        assert values.read_number(text) == n and values.read_integer(text) == n


@given(st.integers(min_value=0, max_value=10 ** 12), st.integers(min_value=0, max_value=99))
def test_amounts_with_fen_read_back(yuan, fen):
    assert values.read_money(f"{grouped(yuan)}.{fen:02d}", 100, "CNY") == yuan * 100 + fen


def _refused(text):
    with pytest.raises(ValueError) as e:
        values.read_number(text)
    code = str(e.value)
    # every refusal has words in the case layer (a case file, an answer) and in the review (a cell), both languages
    assert code in CASE_MESSAGES and all(lang in CASE_MESSAGES[code] for lang in LANGS)
    assert _code(e.value) in REVIEW_MESSAGES
    return code


@given(st.integers(min_value=1, max_value=10 ** 9))
def test_refused_forms_give_a_message(n):
    assert _refused(f"0{n}") == "number.leading_zero"  # YAML 1.1 octal
    assert _refused(f"{n}e3") == "number.exponent"
    assert _refused(f"0x{n:x}") == "number.not_decimal"
    assert _refused(f"{n}:30:00") == "number.not_decimal"  # YAML 1.1 base 60
    assert _refused(f"{n} 000") == "number.spaces"
    assert _refused(f"{n}_000") == "number.underscore"
    assert _refused(f"{n}²") == "number.not_number"  # NFKC would have read it as a digit
    assert _refused(f"{n}万") == "number.unit_suffix"
    assert _refused(f"+{n}") == "number.not_number"


@given(st.text(alphabet="0123456789", min_size=29, max_size=60).filter(lambda t: t.lstrip("0")[:1] not in ("", )))
def test_more_than_28_digits_is_refused_never_rounded(digits):
    text = digits.lstrip("0")
    if len(text) <= 28:
        return
    assert _refused("0." + text) == "number.too_many_digits"


dates = st.dates(min_value=_dt.date(1900, 1, 1), max_value=_dt.date(2200, 12, 31))
date_forms = st.sampled_from([lambda d: d.isoformat(), lambda d: f"{d.year}/{d.month}/{d.day}",
                              lambda d: f"{d.year}.{d.month}.{d.day}", lambda d: f"{d.year}年{d.month}月{d.day}日",
                              lambda d: f"{d.year}-{d.month}-{d.day}", lambda d: d.strftime("%Y%m%d"),
                              lambda d: d.isoformat() + " 10:30", lambda d: d.isoformat().translate(FULL)])


@given(dates, date_forms)
def test_accepted_dates_read_back(d, spell):
    assert values.read_date(spell(d)) == d


@given(dates)
def test_refused_dates(d):
    y, w, wd = d.isocalendar()
    for text in (f"{y}-W{w:02d}-{wd}", d.strftime("%d/%m/%Y"), f"{d.year}-{d.timetuple().tm_yday:03d}",
                 d.strftime("%y-%m-%d")):
        with pytest.raises(ValueError, match="value.expects_date"):
            values.read_date(text)


def test_dates_the_calendar_lacks_are_refused():
    for text in ("2024-02-30", "2023-02-29", "2024-13-01", "2024/3/5 garbage", "2024-03/05"):
        with pytest.raises(ValueError):
            values.read_date(text)


@given(st.sampled_from(values.TRUE_WORDS + values.FALSE_WORDS), st.sampled_from([str.upper, str.lower, str.title]))
def test_boolean_words(word, case):
    assert values.read_boolean(" " + case(word) + " ") is (word in values.TRUE_WORDS)


@given(st.text(max_size=6))
def test_other_text_is_not_a_boolean(text):
    if text.strip().lower() in {w.lower() for w in values.TRUE_WORDS + values.FALSE_WORDS}:
        return
    import unicodedata
    if unicodedata.normalize("NFKC", text).strip().lower() in values.TRUE_WORDS + values.FALSE_WORDS:
        return
    with pytest.raises(ValueError, match="value.expects_boolean"):
        values.read_boolean(text)


@pytest.mark.parametrize("word", ["on", "off", "maybe", "2"])
def test_on_off_are_not_booleans(word):
    with pytest.raises(ValueError):
        values.read_boolean(word)


def test_choices_by_id_or_label():
    choices = {"delaying": {"zh": "拖延执法人员", "en": "delaying the officers"}}
    assert values.read_choice("delaying", choices) == values.read_choice(" 拖延执法人员 ", choices) == "delaying"
    with pytest.raises(ValueError, match="value.bad_enum"):
        values.read_choice("delay", choices)


# ---------------------------------------------------------------- a review cell reads as a case file does

cells = st.one_of(amounts.map(str), amounts.map(grouped), st.integers(0, 10 ** 6).map(lambda n: f"0{n}"),
                  st.integers(0, 10 ** 6).map(lambda n: f"+{n}"), st.text(alphabet="0123456789,.+- ¥元e_x", max_size=12))


@settings(max_examples=200)
@given(cells)
def test_review_column_reads_as_the_case_reader(text):
    value, err = money(pl.Series([text]), 100, None, None, (), "CNY")
    try:
        expected = values.read_money(text, 100, "CNY")
    except ValueError as exc:
        if not text.strip():
            return
        assert value[0] is None and err[0] == _code(exc)
    else:
        assert value[0] == expected and err[0] is None


# ---------------------------------------------------------------- the YAML loader: same rules, with positions

@given(st.integers(min_value=0, max_value=10 ** 20))
def test_yaml_reads_decimal_integers(n):
    assert parse_yaml(f"a: {n}", "f.yaml")["a"] == n


@pytest.mark.parametrize("text,code", [
    ("010000", "yaml.leading_zero"), ("017", "yaml.leading_zero"), ("2:46:40", "yaml.not_decimal"),
    ("0x2710", "yaml.not_decimal"), ("0o17", "yaml.not_decimal"), ("1.0e+5", "yaml.exponent"), ("1e5", "yaml.exponent"),
    ("1_000", "yaml.underscore"), ("9" * 5000, "yaml.too_many_digits"), ("0." + "9" * 29, "yaml.too_many_digits"),
    ("!!bool", "yaml.bad_tag_value"), ("!!bool x", "yaml.bad_tag_value"), ("!!int", "yaml.bad_tag_value"),
    ("!!int x", "yaml.bad_tag_value"), ("!!int 0x10", "yaml.not_decimal"), ("!!timestamp x", "yaml.bad_tag_value"),
    ("!!float x", "yaml.bad_tag_value"), ("!!binary aGk=", "yaml.bad_tag"), (".inf", "yaml.non_finite"),
    ("1.0e+999999999", "yaml.exponent"),
])
def test_yaml_refuses_misreadable_numbers_at_their_position(text, code):
    with pytest.raises(YamlProblem) as e:
        parse_yaml(f"x: 1\ny: {text}\n", "f.yaml")
    assert e.value.code == code and (e.value.pos.line, e.value.pos.column) == (2, 4)
    assert code in RULEBOOK_MESSAGES and code + ".hint" in RULEBOOK_MESSAGES


def test_yaml_on_off_are_text_yes_no_booleans():
    assert parse_yaml("a: on\nb: off\nc: yes\nd: No\ne: 12.50\n", "f.yaml") == \
        {"a": "on", "b": "off", "c": True, "d": False, "e": Decimal("12.50")}


def test_control_character_names_line_and_column():
    with pytest.raises(YamlProblem) as e:
        parse_yaml("a: 中文\nb: 1\nc: \"ab\x00\"\n", "f.yaml")
    assert e.value.code == "yaml.control_character" and (e.value.pos.line, e.value.pos.column) == (3, 7)
    assert e.value.args_["character"] == "U+0000"


# ---------------------------------------------------------------- through the CLI: exit 1, a sentence, no traceback

@pytest.mark.parametrize("v,where,words", [
    ("010000", "case.yaml:2:22:", "starts with a zero"), ("017", "case.yaml:2:22:", "octal"),
    ("2:46:40", "case.yaml:2:22:", "base 60"), ("0x2710", "case.yaml:2:22:", "hexadecimal"),
    ("1.0e+5", "case.yaml:2:22:", "exponent"), ('"1 2000"', "case.yaml:2:22:", "spaces"),
    ('"1²"', "case.yaml:2:22:", "is not a number"), ("12,000", "case.yaml:2:22:", "comma separates entries"),
    ("9" * 5000, "case.yaml:2:22:", "more than 28 digits"), ("0." + "9" * 29, "case.yaml:2:22:", "more than 28 digits"),
])
def test_case_number_forms_are_refused(tmp_path, v, where, words):
    code, out = cli("calc", str(case_file(tmp_path, FOOD.format(v=v))), "--lang", "en")
    assert code == 1 and where in out and words in out


def test_case_plain_and_grouped_amounts_agree(tmp_path):
    a = json.loads(cli("calc", str(case_file(tmp_path, FOOD.format(v="10000"))), "--json")[1])
    b = json.loads(cli("calc", str(case_file(tmp_path, FOOD.format(v='"10,000元"'), "b.yaml")), "--json")[1])
    assert a["acts"][0]["facts"]["goods_value"] == b["acts"][0]["facts"]["goods_value"] == 1_000_000  # fen


def test_json_exponent_overflow_is_a_message(tmp_path):
    p = case_file(tmp_path, '{"violation":"gd-water-83-exceeding","facts":{"exceed_multiple": 1.0e+999999999}}', "c.json")
    code, out = cli("calc", str(p), "--rulebook", "cn-env-food.2025", "--lang", "en")
    assert code == 1 and "exponent" in out


@pytest.mark.parametrize("text,words", [
    (OBSTRUCT.format(v="!!int x"), "!!int"),
    ("violation: gd-water-81-obstruct\nact_date: !!timestamp x\nfacts: {obstruction: delaying, prior_count_1y: 0}\n",
     "!!timestamp"),
    (OBSTRUCT.format(v="0") + "act_date: 2024-W10-2\n", "week dates"),
])
def test_case_tags_and_dates(tmp_path, text, words):
    code, out = cli("calc", str(case_file(tmp_path, text)), "--lang", "en")
    assert code == 1 and "case.yaml:" in out and words in out


def test_rulebook_octal_minimum_is_a_load_error(tmp_path):
    text = (bundled_dir() / "cn-env-food.yaml").read_text(encoding="utf-8")
    assert "range: [20000, 200000]" in text
    p = tmp_path / "oct.yaml"
    p.write_text(text.replace("range: [20000, 200000]", "range: [020000, 200000]", 1), encoding="utf-8")
    line = next(i for i, s in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if "[020000" in s)
    code, out = cli("check", str(p), "--lang", "en")
    assert code == 1 and f"oct.yaml:{line}:" in out and "octal" in out


@pytest.mark.parametrize("head", ["penalty_rulebook: !!bool\n", "penalty_rulebook: !!int\n", "penalty_rulebook: !!timestamp x\n"])
def test_rulebook_bad_tags(tmp_path, head):
    p = tmp_path / "t.yaml"
    p.write_text(head, encoding="utf-8")
    code, out = cli("check", str(p), "--lang", "en")
    assert code == 1 and "t.yaml:1:19" in out and "is not a value of the tag" in out


def test_mapping_bad_tag_is_said_in_words(tmp_path):
    from penalty.review.read import ReviewError, load_mapping
    p = tmp_path / "m.yml"
    p.write_text("review_mapping: !!bool\n", encoding="utf-8")
    with pytest.raises(ReviewError) as e:
        load_mapping(p)
    assert "m.yml:1:17" in e.value.problems[0].render("en") and "!!bool" in e.value.problems[0].render("en")


def test_a_million_digit_cell_rejects_its_row_only(tmp_path):
    from penalty.review import review
    head = "案件编号,违法行为,罚款金额,阻挠检查的方式,近一年内同类违法行为次数,决定日期,承办人,承办单位\n"
    p = tmp_path / "c.csv"
    p.write_text(head + f"A,gd-water-81-obstruct,{'9' * 1_100_000},delaying,0,2024-03-05,甲,一队\n"
                 "B,gd-water-81-obstruct,30000,delaying,0,2024-03-05,甲,一队\n", encoding="utf-8")
    r = review(p, "cn-env-food", versions=False)
    assert r.read == 2 and r.cases["case_id"].to_list() == ["B"]
    assert r.rejected["reject"].to_list() == ["review.reject.too_many_digits|fine"]


def test_interactive_boolean_message_matches_its_prompt():
    """Issue 19: the prompt offers (y/n); a wrong answer must say y/n too, not `true or false`."""
    answers = "food-124-additives\n10000\nmaybe\n" + "n\n" * 3 + "\n" * 30
    out = " ".join(runner.invoke(app, ["calc", "--interactive", "--lang", "en"], input=answers).output.split())
    assert "(y/n)" in out and "must be yes or no (y/n), not 'maybe'" in out and "true or false" not in out
    out = "".join(runner.invoke(app, ["calc", "--interactive", "--lang", "zh"], input=answers).output.split())
    assert "应为是或否（y/n）" in out and "true或false" not in out
