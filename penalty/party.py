"""Who the party is: `party_type` and `party_id` of a case, the id checked by its national standard's check digit.

- 统一社会信用代码, GB 32100-2015: 18 characters from 0-9 and A-Y without I, O, S, V, Z (31 characters, worth
  0..30); the 18th is the check character: C18 = 31 - (sum of value_i x weight_i mod 31), 31 written as 0, with
  weights 3^(i-1) mod 31 = 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28.
- 居民身份证号码, GB 11643-1999: 17 digits and a check character: (12 - (sum of digit_i x weight_i mod 11)) mod 11,
  10 written as X, with weights 2^(18-i) mod 11 = 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; characters 7-14 are the
  birth date.
"""
from __future__ import annotations

import datetime as _dt

from penalty.errors import CaseError, Problem

PARTY_TYPES = ("citizen", "organisation")
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"  # (12 - s mod 11) mod 11 for s mod 11 = 0..10: 1 0 X 9 8 7 6 5 4 3 2
_KIND_OF_TYPE = {"uscc": "organisation", "id_card": "citizen"}
_STANDARD = {"uscc": "GB 32100-2015", "id_card": "GB 11643-1999"}
# The identifiers' names as the standards give them (a message's {kind}, in the message's language): kept with
# the kinds here, so that this module, which the engine reads cases with, needs no layer above it.
_KIND_NAME = {"uscc": {"en": "统一社会信用代码 (unified social credit code)", "zh": "统一社会信用代码"},
              "id_card": {"en": "居民身份证号码 (citizen ID number)", "zh": "居民身份证号码"}}


def uscc_check(body: str) -> str:
    """The check character of the first 17 characters of a 统一社会信用代码."""
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body, USCC_WEIGHTS))
    return USCC_CHARS[(31 - total % 31) % 31]


def id_card_check(body: str) -> str:
    """The check character of the first 17 digits of a 居民身份证号码."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS)) % 11]


def shapes(value: str) -> tuple:
    """The kinds of id whose shape `value` has (the check character not yet looked at): an 18-digit text can
    be both, since a credit code may be all digits."""
    out = []
    if len(value) == 18 and value.isascii() and value[:17].isdigit() and (value[17].isdigit() or value[17] == "X"):
        out.append("id_card")
    if len(value) == 18 and all(c in USCC_CHARS for c in value):
        out.append("uscc")
    return tuple(out)


def check_character(kind: str, value: str) -> str:
    return uscc_check(value[:17]) if kind == "uscc" else id_card_check(value[:17])


def _birth_date(value: str):
    try:
        return _dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return None


def _id_problem(value: str, kinds: tuple):
    """(kind, None) for a valid id of one of `kinds`, else (None, (code, args)) for the likeliest reading."""
    for kind in kinds:
        if check_character(kind, value) == value[17] and (kind != "id_card" or _birth_date(value) is not None):
            return kind, None
    if not kinds:
        return None, ("decision.party_id.bad_format", {"value": value})
    # 18 digits that pass neither check read as an ID number (a credit code nearly always has a letter); a
    # case that gives `party_type: organisation` has them read as a credit code instead (check_party)
    kind = "id_card" if "id_card" in kinds else "uscc"
    if kind == "id_card" and _birth_date(value) is None:
        return None, ("decision.party_id.bad_birth_date", {"value": value, "date": value[6:14]})
    return None, ("decision.party_id.bad_check", {"value": value, "kind": _kind_label(kind), "standard": _STANDARD[kind],
                                                 "expected": check_character(kind, value), "found": value[17]})


def check_party(data) -> dict:
    """The party of a case (plain data with positions, as read from the file): {party_type, party_id, id_kind},
    each None when not given. Raises CaseError naming the file, line and column of what is wrong."""
    out, problems = _read_party(data)
    if problems:
        raise CaseError(problems)
    return out


def party_problems(data) -> list:
    """What is wrong with a case's party_type / party_id (the case parser collects these with its own)."""
    return _read_party(data)[1]


def _read_party(data) -> tuple:
    from penalty.rulebook.yamlsource import position_of
    problems: list = []
    out: dict[str, str | None] = {"party_type": None, "party_id": None, "id_kind": None}
    if not isinstance(data, dict):
        return out, problems
    if "party_type" in data:
        value = str(data["party_type"]).strip().lower()
        if value in PARTY_TYPES:
            out["party_type"] = value
        else:
            problems.append(Problem("decision.party_type.bad", position_of(data, "party_type"), {"value": data["party_type"]}))
    if "party_id" in data:
        value = str(data["party_id"]).strip().upper()
        pos = position_of(data, "party_id")
        kinds = shapes(value)
        if out["party_type"] is not None and len(kinds) > 1:  # the type given says which of the two it is
            kinds = tuple(k for k in kinds if _KIND_OF_TYPE[k] == out["party_type"])
        kind, problem = _id_problem(value, kinds)
        if problem is not None:
            problems.append(Problem(problem[0], pos, problem[1]))
        else:
            out["party_id"], out["id_kind"] = value, kind
            if out["party_type"] is not None and out["party_type"] != _KIND_OF_TYPE[kind]:
                problems.append(Problem("decision.party_type.mismatch", pos,
                                        {"party_type": out["party_type"], "kind": _kind_label(kind)}))
            out["party_type"] = out["party_type"] or _KIND_OF_TYPE[kind]
    return out, problems


def _kind_label(kind: str) -> dict:
    return dict(_KIND_NAME[kind])
