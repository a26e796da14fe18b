"""Rulebook things in plain words (labels, values, conditions, bands) for documents the library writes, such as
the published catalogue. The CLI's explanation helpers (penalty/cli/explain.py) do the same for results; both
read labels the same way: the rulebook's own label in the chosen language, else the id.
"""
from __future__ import annotations

from penalty.i18n import counted, fill, pick
from penalty.money import format_amount
from penalty.rulebook import conditions as C
from penalty.rulebook.messages import MESSAGES


def t(code: str, lang: str, **args) -> str:
    return fill(MESSAGES, code, lang, **args)


def amount(rb, minor, lang: str) -> str:
    return format_amount(minor, rb.unit, lang)


def band(rb, low, high, lang: str) -> str:
    if low == high:
        return amount(rb, low, lang)
    return f"{amount(rb, low, lang)} – {amount(rb, high, lang)}"


def fact_label(rb, name: str, lang: str) -> str:
    fact = rb.facts.get(name)
    return (pick(fact.label, lang) if fact else "") or name


def fact_value(rb, name: str, value, lang: str) -> str:
    if value is None:
        return "—"
    fact = rb.facts.get(name)
    if fact is None:
        return str(value)
    if fact.type == "money":
        return amount(rb, value, lang)
    if fact.type == "boolean":
        return t("catalogue.yes" if value else "catalogue.no", lang)
    if fact.type == "enum":
        return pick(fact.values.get(value), lang) or str(value)
    unit = counted(pick(fact.unit, lang), value, lang)  # 1 time, 2 times
    return f"{value}{unit}" if unit and lang == "zh" else f"{value} {unit}".strip()


def condition(rb, cond, lang: str) -> str:
    """A bound condition in plain words, e.g. 货值金额 ≥ 10,000元 且 非 首次违法."""
    if cond is None:
        return ""
    return C.render(cond.ast, lang, lambda n: fact_label(rb, n, lang), lambda n, v: fact_value(rb, n, v, lang))


def grade_label(rb, grade_id, lang: str) -> str:
    try:
        return pick(rb.grade(grade_id).label, lang) or grade_id
    except KeyError:
        return str(grade_id)


def label(item, lang: str) -> str:
    return pick(getattr(item, "label", None), lang) or getattr(item, "id", "")


def measures(rb, ids, lang: str) -> str:
    names = [pick(rb.measures[m]["label"], lang) or m for m in ids if m in rb.measures]
    return ("；" if lang == "zh" else "; ").join(names)
