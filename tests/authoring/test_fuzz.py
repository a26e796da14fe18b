"""Random and mutated YAML never gives a Python traceback: only a clean RulebookError, or a checked rulebook."""
from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from penalty.errors import RulebookError
from penalty.rulebook.bundled import resolve
from penalty.authoring.check import check_text
from penalty.rulebook.load import load_rulebook_text

SOURCES = [Path(__file__).parent / "base.yaml", Path(resolve("cn-env-food"))]
TEXTS = [p.read_text(encoding="utf-8") for p in SOURCES]
WEIRD = ["", "-", "- -", "{", "}", "[", "]", ":", "::", "null", "~", "true", "no", "1e400", "-1", "0", "0.0000001",
         "99999999999999999999", ".nan", ".inf", "life", "'x'", "\"\"", "&a x", "*a", "<<: {}", "!!python/object x",
         "2024-13-01", "2024-01-01", "[1, 2, 3]", "{a: 1}", "count >= 3", "not not", "'", "\t", "０", "十", "？", "%",
         "goods_value", "heavier", "grade", "band", "when", "id"]
settings.register_profile("authoring", deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _loads_or_clean_error(text: str):
    try:
        load_rulebook_text(text, "fuzz.yaml")
    except RulebookError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.message("en") and p.message("zh")


def _checks_without_crashing(text: str):
    report = check_text(text, "fuzz.yaml")
    for p in report.problems:
        assert p.render("en") and p.render("zh")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_random_text(text):
    _loads_or_clean_error(text)
    _checks_without_crashing(text)


def _mutate(data, text):
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(1, 3))):
        op = data.draw(st.sampled_from(["delete", "duplicate", "swap", "token", "indent", "truncate", "insert"]))
        i = data.draw(st.integers(0, len(lines) - 1))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "token":
            words = lines[i].replace(",", " , ").replace(":", " : ").split(" ")
            if words:
                k = data.draw(st.integers(0, len(words) - 1))
                words[k] = data.draw(st.sampled_from(WEIRD))
                lines[i] = " ".join(words)
        elif op == "indent":
            lines[i] = data.draw(st.sampled_from(["", " ", "  ", "    ", "\t"])) + lines[i].lstrip()
        elif op == "truncate":
            lines[i] = lines[i][: data.draw(st.integers(0, max(0, len(lines[i]))))]
        else:
            lines.insert(i, data.draw(st.sampled_from(WEIRD)))
    return "\n".join(lines)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_rulebooks(data):
    text = _mutate(data, data.draw(st.sampled_from(TEXTS)))
    _loads_or_clean_error(text)
    _checks_without_crashing(text)


NUMBERS = st.sampled_from(["0", "1", "3", "10000", "20000", "50000", "100000", "200000", "0.5", "9999.99"])


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_mutated_numbers_and_conditions_keep_the_checker_sound(data):
    """Valid-looking edits (numbers, operators) reach the semantic checks, which must never crash."""
    import re
    text = TEXTS[0]
    nums = list(re.finditer(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])", text))
    ops = list(re.finditer(r"(>=|<=|==|<|>)", text))
    for _ in range(data.draw(st.integers(1, 4))):
        if data.draw(st.booleans()):
            m = nums[data.draw(st.integers(0, len(nums) - 1))]
            text = text[: m.start()] + data.draw(NUMBERS) + text[m.end():]
        else:
            m = ops[data.draw(st.integers(0, len(ops) - 1))]
            text = text[: m.start()] + data.draw(st.sampled_from([">=", "<=", "==", "!=", "<", ">"])) + text[m.end():]
        nums = list(re.finditer(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])", text))
        ops = list(re.finditer(r"(>=|<=|==|<|>)", text))
    _checks_without_crashing(text)
