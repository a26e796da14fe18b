"""One home for reading a value a person wrote: a number, an amount of money, a whole number, a date, a yes/no, a
choice. Case files, interactive answers and review cells are all read here, by one set of rules
(docs/rulebook-format.md, "Values"), so that `penalty calc` and `penalty review` read the same text the same way.

Every reader takes what a file or a person gave (text, or a number/date/bool a YAML or JSON parser already
typed) and returns the fact's exact domain: money -> int minor units, number -> Decimal, integer -> int,
boolean -> bool, enum -> the value id, date -> datetime.date. A value outside the rules raises
ValueError(code): `value.*` (the caller names it in its own layer: case.*, review.reject.*) or `number.*`.

Nothing here is guessed: a form that could mean two things (`010000`: octal to YAML 1.1, decimal to a person;
`05/03/2024`; `1.0e+5`) is refused with a code that says how to write it, never read one way silently.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from decimal import Decimal

from penalty.money import MAX_MAJOR
MAX_DIGITS = 28  # Decimal's default precision: a longer number would be compared exactly but recorded rounded

TRUE_WORDS = ("true", "yes", "y", "1", "是", "有", "真")
FALSE_WORDS = ("false", "no", "n", "0", "否", "无", "没有", "假")
_TRUE, _FALSE = frozenset(TRUE_WORDS), frozenset(FALSE_WORDS)

# Full-width digits and marks an input method types (NFKC would also turn ² and ① into digits: not read).
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－", "0123456789.,-")
# Currency signs an amount may carry, by the rulebook unit's currency: (before, after).
CURRENCY_SIGNS = {"CNY": (("¥", "￥"), ("元",))}
_UNIT_SUFFIXES = frozenset("元圆万千百角分¥$%")

_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)?(?:\.[0-9]*)?")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_,]+(?:\.[0-9_]*)?")
_EXPONENT = re.compile(r"[-+]?(?:[0-9][0-9_]*\.?[0-9_]*|\.[0-9_]+)[eE][-+]?[0-9]+")
_OTHER_BASE = re.compile(r"[-+]?(?:0[xXoObB][0-9a-fA-F_]+|[0-9]+(?::[0-9]+)+(?:\.[0-9]*)?)")
_UNDERSCORE = re.compile(r"[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?")
REFUSED_NUMBER_FORMS = re.compile("|".join(f"(?:{rx.pattern})" for rx in (_OTHER_BASE, _LEADING_ZERO, _EXPONENT, _UNDERSCORE)))
_DATE = re.compile(r"([0-9]{4})(?:(?P<sep>[-/.])([0-9]{1,2})(?P=sep)([0-9]{1,2})|年([0-9]{1,2})月([0-9]{1,2})日|"
                   r"([0-9]{2})([0-9]{2}))"
                   r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?")


def layer_code(code: str, layer: str) -> str:
    """A reader's code in a layer's catalogue: `value.negative` -> `case.negative`; `number.*` are shared."""
    return layer + "." + code.split(".", 1)[1] if code.startswith("value.") else code


def number_form_problem(text: str) -> str | None:
    """The code for a number written in a form the rules refuse (`010000`, `0x2710`, `2:46:40`, `1.0e+5`,
    `1_000`), or None. Shared by the YAML loader, so that a rulebook and a case refuse the same forms."""
    if _OTHER_BASE.fullmatch(text):
        return "number.not_decimal"
    if _LEADING_ZERO.fullmatch(text):
        return "number.leading_zero"
    if _EXPONENT.fullmatch(text):
        return "number.exponent"
    if _UNDERSCORE.fullmatch(text):
        return "number.underscore"
    return None


def digit_count(text: str) -> int:
    """Digits a number's text carries, not counting leading zeros (0.5 has one)."""
    return sum(c.isdigit() for c in text.lstrip("-+").lstrip("0."))


def read_number(value, currency: str | None = None) -> Decimal:
    """A number, exactly. Accepted: int; Decimal (from YAML/JSON text); text of ASCII or full-width digits with
    an optional leading `-`, an optional decimal point, commas between groups of three (`12,000`) and, for an
    amount in a currency with signs (`currency`), a leading ¥/￥ or a trailing 元. At most 28 digits and 10^15.
    Refused with a code: floats, booleans, leading zeros, exponents, other bases, spaces, units, other digits."""
    if isinstance(value, bool):
        raise ValueError("number.not_number")
    if isinstance(value, float):
        raise ValueError("value.float")
    if isinstance(value, int):
        if abs(value) > MAX_MAJOR:  # before any str(): an int of 5,000 digits cannot be printed
            raise ValueError("number.too_big")
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("number.not_finite")
        if len(value.as_tuple().digits) > MAX_DIGITS:
            raise ValueError("number.too_many_digits")
        if value.adjusted() >= 16 or abs(value) > MAX_MAJOR:
            raise ValueError("number.too_big")
        return value
    if not isinstance(value, str):
        raise ValueError("number.not_number")
    return _read_number_text(value, currency)


def _read_number_text(value: str, currency: str | None) -> Decimal:
    text = value.strip().translate(_FULL_WIDTH)
    before, after = CURRENCY_SIGNS.get(currency or "", ((), ()))
    for sign in before:
        text = text.removeprefix(sign).lstrip()
    for sign in after:
        text = text.removesuffix(sign).rstrip()
    plain = text.replace(",", "")
    if not _DECIMAL.fullmatch(plain) or not any(c.isdigit() for c in plain):
        raise ValueError(_why_not_number(text))
    if "," in text:
        whole, _, fraction = text.partition(".")
        head, *groups = whole.lstrip("-").split(",")
        if not head or len(head) > 3 or any(len(g) != 3 for g in groups) or "," in fraction:
            raise ValueError("number.bad_separators")
    if digit_count(plain) > MAX_DIGITS:
        raise ValueError("number.too_many_digits")
    d = Decimal(plain)
    if abs(d) > MAX_MAJOR:
        raise ValueError("number.too_big")
    return d


def _why_not_number(text: str) -> str:
    """The most helpful code for text that is not a number in the accepted forms."""
    if not text:
        return "number.not_number"
    if text.lower().lstrip("+-") in ("nan", "inf", "infinity", ".inf", ".nan"):
        return "number.not_finite"
    form = number_form_problem(text)
    if form:
        return form
    if text[-1] in _UNIT_SUFFIXES and any(c.isdigit() for c in text):
        return "number.unit_suffix"
    if any(c.isspace() for c in text) and all(c.isdigit() or c.isspace() or c in ".,-" for c in text):
        return "number.spaces"
    return "number.not_number"


def read_money(value, minor_units: int, currency: str | None = None) -> int:
    """An amount in the unit's major units (yuan) -> int minor units (fen). Never negative."""
    d = read_number(value, currency)
    if d < 0:
        raise ValueError("value.negative")
    scaled = d * minor_units
    if scaled != scaled.to_integral_value():
        raise ValueError("value.too_precise")
    return int(scaled)


def read_integer(value) -> int:
    d = read_number(value)
    if d != d.to_integral_value():
        raise ValueError("value.expects_integer")
    return int(d)


def read_boolean(value) -> bool:
    """true/false, yes/no, y/n, 1/0, 是/否, 有/无(没有), 真/假, any case; a YAML/JSON boolean; the numbers 1 and 0."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return value == 1
    if isinstance(value, str):
        s = unicodedata.normalize("NFKC", value).strip().lower()
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
    raise ValueError("value.expects_boolean")


def boolean_words(lang: str) -> str:
    """The accepted yes/no words, as a message lists them (the same in both languages: they are what is typed)."""
    return " / ".join(f"{t}/{f}" for t, f in zip(TRUE_WORDS, FALSE_WORDS))


def choice_spellings(values: dict) -> dict:
    """{spelling: value id} for an enum: each id and each of its labels (zh, en), NFKC-normalised."""
    out: dict[str, str] = {}
    for vid, label in values.items():
        labels = [label] if isinstance(label, str) else list((label or {}).values())
        for key in (vid, *labels):
            if isinstance(key, str) and key:
                out.setdefault(unicodedata.normalize("NFKC", key).strip(), vid)
    return out


def read_choice(value, values: dict, spellings: dict | None = None) -> str:
    """An enum value: its id or a label (an officer may type the label). `spellings`: choice_spellings(values),
    when the caller reads many values of one fact."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # an id such as `1` that YAML read as a number
    if isinstance(value, str):
        s = unicodedata.normalize("NFKC", value).strip()
        found = (spellings if spellings is not None else choice_spellings(values)).get(s)
        if found is not None:
            return found
    raise ValueError("value.bad_enum")


def read_date(value) -> _dt.date:
    """A date: a YAML date; text 2024-03-05, 2024-3-5, 2024/3/5, 2024.3.5, 2024年3月5日 or 20240305, optionally
    followed by a time of day (ignored). Refused: day-first or month-first forms (05/03/2024, ambiguous), ISO week
    and ordinal dates (2024-W10-2, 2024-065), two-digit years, days the calendar does not have."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        m = _DATE.fullmatch(value.strip().translate(_FULL_WIDTH))
        if m:
            g = m.groups()
            y, mo, d = g[0], *next((g[i], g[i + 1]) for i in (2, 4, 6) if g[i] is not None)
            try:
                return _dt.date(int(y), int(mo), int(d))
            except ValueError:  # written as a date, but the calendar has no such day (2024-02-30)
                pass
    raise ValueError("value.expects_date")


def read_value(fact_type: str, value, minor_units: int = 1, values: dict | None = None,
               currency: str | None = None):
    """One value -> the fact type's exact domain (see the module's docstring). Raises ValueError(code)."""
    if fact_type == "boolean":
        return read_boolean(value)
    if fact_type == "enum":
        return read_choice(value, values or {})
    if fact_type == "date":
        return read_date(value)
    if fact_type == "money":
        return read_money(value, minor_units, currency)
    if fact_type == "integer":
        return read_integer(value)
    return read_number(value)
