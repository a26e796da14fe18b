"""The fines a Chinese legal text states, read from its words, so that `penalty check` can compare an encoded
statutory range with the article it quotes (issue 13: transcription errors are caught where they are made).

    处二万元以上二十万元以下的罚款        -> ("range", 20000, 200000)
    处20万元以上100万元以下的罚款         -> ("range", 200000, 1000000)
    处五千元以下罚款                      -> ("max", None, 5000)
    处所收费用三倍以上五倍以下的罚款      -> ("multiple", 3, 5)
    处应缴纳排污费数额一倍以上三倍以下    -> ("multiple", 1, 3)
    处项目总投资额百分之一以上百分之五以下 -> ("percent", 1, 5)

Amounts are in yuan (Decimal). Only what the words state plainly is read; a text this does not understand gives
no fines, and the check then says nothing (it never guesses).
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
_NUMERAL = r"[0-9.零〇一二两三四五六七八九十百千万亿]+"


def number(text: str) -> Decimal | None:
    """A number written in Arabic digits, Chinese numerals or both (二十, 一百五十, 20, 1.5, 两千): None if not one."""
    text = unicodedata.normalize("NFKC", text)
    if not text:
        return None
    if re.fullmatch(r"[0-9]+(\.[0-9]+)?", text):
        return Decimal(text)
    m = re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)([十百千万亿]+)", text)
    if m:  # 20万, 1.5万, 5千
        value = Decimal(m.group(1))
        for unit in m.group(2):
            value *= _SMALL.get(unit) or _BIG[unit]
        return value
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            if digit is not None:  # 二五: not a numeral this reads
                return None
            digit = _DIGITS[ch]
        elif ch in _SMALL:
            section += (1 if digit is None else digit) * _SMALL[ch]
            digit = None
        elif ch in _BIG:
            section += digit or 0
            total = (total + section) * _BIG[ch] if ch == "亿" or total == 0 else total + section * _BIG[ch]
            section, digit = 0, None
        else:
            return None
    return Decimal(total + section + (digit or 0))


_AMOUNT = rf"({_NUMERAL})元"
_RANGE = re.compile(rf"{_AMOUNT}以上(?:、)?{_AMOUNT}以下")
_MAX = re.compile(rf"{_AMOUNT}以下")  # the high end of a range is inside the range's own match, so not read twice
_MIN = re.compile(rf"{_AMOUNT}以上")
_MULTIPLE = re.compile(rf"({_NUMERAL})倍以上({_NUMERAL})倍以下")
_PERCENT = re.compile(rf"百分之({_NUMERAL})以上百分之({_NUMERAL})以下|({_NUMERAL}(?:\.[0-9]+)?)%以上({_NUMERAL}(?:\.[0-9]+)?)%以下")


def fines(text: str) -> list[tuple]:
    """Every fine the text states, in order: (kind, low, high) with kind range | max | min | multiple | percent."""
    text = unicodedata.normalize("NFKC", text or "")
    found: list[tuple] = []
    taken: list[tuple[int, int]] = []

    def add(kind, low, high, span):
        if any(a <= span[0] < b for a, b in taken):
            return
        taken.append(span)
        found.append((span[0], (kind, low, high)))
    for m in _RANGE.finditer(text):
        low, high = number(m.group(1)), number(m.group(2))
        if low is not None and high is not None:
            add("range", low, high, m.span())
    for m in _MULTIPLE.finditer(text):
        low, high = number(m.group(1)), number(m.group(2))
        if low is not None and high is not None:
            add("multiple", low, high, m.span())
    for m in _PERCENT.finditer(text):
        a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        low, high = number(a), number(b)
        if low is not None and high is not None:
            add("percent", low, high, m.span())
    for m in _MAX.finditer(text):
        high = number(m.group(1))
        if high is not None:
            add("max", None, high, m.span())
    for m in _MIN.finditer(text):
        low = number(m.group(1))
        if low is not None:
            add("min", low, None, m.span())
    # 不足二十万元的，按二十万元计算: a multiple of a base with a floor also states that floor's amounts
    floors = [number(m.group(1)) for m in re.finditer(rf"按({_NUMERAL})元计算", text)]
    multiples = [f for _, f in found if f[0] == "multiple"]
    derived = [(len(text), ("range", low * x, high * x)) for x in floors if x is not None
               for _, low, high in multiples]
    return [f for _, f in sorted(found)] + [f for _, f in derived]
