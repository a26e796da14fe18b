"""Turning a result (plain JSON data) into explanation lines. Used by the terminal tree, the officer's page and
the memo alike.

Rendering never computes a penalty: it only reads the result and the rulebook's labels.
"""
from __future__ import annotations

import re
from decimal import Decimal

from penalty.explain.messages import MESSAGES
from penalty.i18n import fill, pick
from penalty.money import UNBOUNDED
from penalty.rulebook.boundaries import ends_text, factor_text
# Labels and values in words are the library's, shared with the published catalogue, so that a memo and the
# catalogue never word the same fact differently.
from penalty.authoring.words import amount, fact_label, fact_value, grade_label  # noqa: F401 - re-exported


def t(code, lang, **args) -> str:
    return fill(MESSAGES, code, lang, **args)


def values_text(rb, values: dict, lang) -> str:
    sep, eq = ("；", "：") if lang == "zh" else (", ", " = ")
    return sep.join(f"{fact_label(rb, k, lang)}{eq}{fact_value(rb, k, v, lang)}" for k, v in values.items())


def why(rb, condition: str, values: dict, lang) -> str:
    """The condition in words, then the actual values, unless the words already say them (a matched condition
    on enum and yes/no facts names the very values the case has)."""
    words = condition_words(rb, condition, lang)
    if all(rb.facts.get(n) is not None and (rb.facts[n].type in ("enum", "boolean")
                                            or f" {fact_value(rb, n, v, lang)}" in words) for n, v in values.items()):
        return words
    return f"{words}（{values_text(rb, values, lang)}）" if lang == "zh" else f"{words} ({values_text(rb, values, lang)})"


def condition_words(rb, text: str, lang: str) -> str:
    """A condition in plain words, e.g. `goods_value >= 10000` -> 货值金额 ≥ 10,000元."""
    from penalty.rulebook import conditions as C
    from penalty.rulebook.load import fact_literal
    try:
        ast = C.bind(C.parse(text), rb.facts, lambda f, v: fact_literal(f, v, rb.unit.minor_units))
    except (C.ConditionSyntaxError, C.ConditionTypeError):
        return text
    return C.render(ast, lang, lambda n: fact_label(rb, n, lang), lambda n, v: fact_value(rb, n, v, lang))


def is_warning(rb, grade_id) -> bool:
    """Whether a result's grade is a warning (警告, no fine): its range and amount are then worded as such."""
    g = rb._grade_index.get(grade_id)
    return g is not None and g.kind == "warning"


def range_text(rb, act, lang) -> str:
    """A result's range as shown: the band with its ends, or under a warning grade 不罚款（警告）."""
    return t("result.no_fine_warning", lang) if is_warning(rb, act["grade"]) else band_text(rb, act["range"], lang)


def recommended_text(rb, act, lang) -> str:
    return t("result.no_fine_warning", lang) if is_warning(rb, act["grade"]) else amount(rb, act["recommended"], lang)


def band_text(rb, band, lang) -> str:
    if band is None:
        return "—"
    lo, hi = band["low"], band["high"]
    if "high_inclusive" in band:  # a result's range: say which ends are allowed (issue 12)
        return ends_text(rb.unit, lo, hi, band.get("low_inclusive", True), band["high_inclusive"], lang)
    if lo == hi:
        return amount(rb, lo, lang)
    return f"{amount(rb, lo, lang)} – {amount(rb, hi, lang)}"


def _same_ends(rb, band, final, lang) -> str:
    """A band of the explanation (a table cell, a grade's share) that became the result's range is worded with
    the range's ends, so the step says which ends are allowed just as the result does."""
    return band_text(rb, final if (band["low"], band["high"]) == (final["low"], final["high"]) else band, lang)


def _number(value) -> str:
    return format(Decimal(str(value)).normalize(), "f")


def _share(share):
    if not share:
        return "—"
    return "–".join(format(Decimal(str(s)).normalize(), "f") for s in share)


def clamp_text(rb, before, after, bounds, lang: str) -> str:
    """The statutory clamp in words: what the amount was, which limit of the law moved it, what it became."""
    low, high = amount(rb, bounds[0], lang), amount(rb, bounds[1], lang)
    if before == after:  # only the band's ends moved
        return t("step.clamp", lang, low=low, high=high)
    key = "step.clamp_up" if after == bounds[0] else "step.clamp_down"
    return t(key, lang, before=amount(rb, before, lang), after=amount(rb, after, lang), low=low, high=high)


def steps(rb, act: dict, lang: str) -> list:
    """(depth, text) lines, in the order the engine took the steps."""
    out = []
    for s in act["trace"]:
        kind, d = s["step"], s["data"]
        at = s.get("at")
        cite = pick(s.get("cite"), lang) if s.get("cite") else ""
        suffix = "".join(f" [{x}]" for x in (at, cite) if x)
        if kind == "facts":
            out.append((0, t("step.facts", lang)))
            for name, value in d["facts"].items():
                out.append((1, t("step.fact", lang, label=fact_label(rb, name, lang), value=fact_value(rb, name, value, lang))))
            if d.get("defaults"):
                out.append((1, t("step.defaults", lang, facts=values_text(rb, d["defaults"], lang))))
        elif kind == "statutory":
            # a statute's 以上/以下 include the number (Civil Code art. 1259): both ends are allowed, said so
            out.append((0, t("step.statutory", lang, form=t("form." + d["form"], lang),
                             band=ends_text(rb.unit, d["low"], d["high"], True, True, lang)) + suffix))
            if d.get("label"):
                out.append((1, pick(d["label"], lang)))
            if d.get("condition"):
                out.append((1, t("step.statutory_branch", lang, why=why(rb, d["condition"], d["values"], lang))))
            if d.get("base"):
                key = "step.statutory_percent" if d["form"] == "percent" else "step.statutory_base"
                out.append((1, t(key, lang, factors="–".join(_number(f) for f in d["factors"]),
                                 base=fact_label(rb, d["base"], lang), base_value=amount(rb, d["base_value"], lang))))
        elif kind == "tier":
            axis = pick(d.get("axis_label"), lang) or d["axis"]
            label = pick(d["label"], lang) or d["id"]
            if d["chosen"]:
                out.append((0, t("step.tier", lang, axis=axis, label=label, why=why(rb, d["condition"], d["values"], lang))
                            + suffix))
            else:
                out.append((1, t("step.tier_not_chosen", lang, axis=axis, label=label, rule=rb.overlaps)))
        elif kind == "situation":
            line = t("step.situation", lang, label=pick(d["label"], lang) or d["id"],
                     why=why(rb, d["condition"], d["values"], lang))
            out.append((0 if d["chosen"] else 1, line + suffix))
        elif kind == "level":
            out.append((0, t("step.level", lang, factor=pick(d.get("factor_label"), lang) or d["factor"],
                             label=pick(d["label"], lang) or d["id"], weight=d["weight"],
                             why=why(rb, d["condition"], d["values"], lang)) + suffix))
        elif kind == "points":
            parts = " + ".join(f"{p['weight']}%" for p in d["parts"]) or "0%"
            base = amount(rb, d["base"], lang)
            key = "step.points_floor" if d.get("floor") is not None else "step.points"
            out.append((0, t(key, lang, start=d["start"], parts=parts, sum=d["sum"], cap=d["cap"], floor=d.get("floor"),
                             capped=d["capped"], base=base, amount=amount(rb, d["amount"], lang)) + suffix))
        elif kind == "tier_move":
            out.append((0, t("step.tier_move", lang, before=pick(d["from_label"], lang) or d["from"],
                             after=pick(d["to_label"], lang) or d["to"]) + suffix))
        elif kind == "cell":
            band = _same_ends(rb, d["band"], act["range"], lang) if d["band"] else grade_label(rb, d["grade"], lang)
            if d["band"] and "factors" in d["band"]:  # a cell of multiples of a fact: its words, then its amounts
                b = d["band"]
                low, high = b["factors"]
                band = f"{factor_text(rb, b['kind'], low, high, b['of'], b['factors_included'], lang)}" \
                       f"{'：' if lang == 'zh' else ': '}{band}"
            out.append((0, t("step.cell", lang, row=pick(d["row_label"], lang) or d["row"],
                             column=pick(d["column_label"], lang) or d["column"], band=band) + suffix))
        elif kind == "grade":
            out.append((0, t("step.grade", lang, source=t("source." + d["from"], lang), grade=grade_label(rb, d["grade"], lang))))
        elif kind == "adjustment":
            value = d["value"]
            if d["effect"] in ("grade", "at_most", "at_least"):
                value = grade_label(rb, value, lang)
            elif d["effect"] in ("within", "scale"):
                value = "–".join(_number(x) for x in value)
            effect = t("effect." + d["effect"], lang, value=value)
            out.append((0, t("step.adjustment", lang, mode=t("mode." + d["mode"], lang), label=pick(d["label"], lang) or d["id"],
                             outcome=t("outcome." + d["outcome"], lang), condition=condition_words(rb, d["condition"], lang),
                             effect=effect) + suffix))
        elif kind == "split" and d["source"] == "points" and d["low"] == d["high"]:
            out.append((0, t("step.points_amount", lang, amount=amount(rb, d["low"], lang),
                             grade=grade_label(rb, d["grade"], lang))))
        elif kind == "split" and is_warning(rb, d["grade"]):
            out.append((0, t("step.warning", lang, grade=grade_label(rb, d["grade"], lang)) + suffix))
        elif kind == "rounding" and is_warning(rb, act["grade"]):
            continue  # no amount to round
        elif kind == "split":
            if d["source"] == "table":
                how = t("how.table", lang)
            elif d["source"] == "table_in_grade":
                how = t("how.table_in_grade", lang, share=_share(d.get("share")))
            elif d["source"] == "points":
                how = t("how.points", lang)
            elif d.get("share"):
                how = t("how.split", lang, method=t("method." + (d.get("method") or "linear"), lang), share=_share(d["share"]))
            else:
                how = t("how.whole", lang)
            band = _same_ends(rb, d, act["range"], lang)
            out.append((0, t("step.split", lang, grade=grade_label(rb, d["grade"], lang), band=band, how=how) + suffix))
            for effect, (a, b) in d.get("parts", ()):
                out.append((1, t("step.part_" + effect, lang, low=_number(a), high=_number(b))))
        elif kind == "rounding":
            raw = d["recommended_raw"]
            # a result read back from the register writes the exact Decimal as text ("14000000"): still a number
            numeric = not isinstance(raw, str) or re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", raw) is not None
            raw_text = amount(rb, Decimal(str(raw)), lang) if raw is not UNBOUNDED and numeric else amount(rb, raw, lang)
            out.append((1, t("step.rounding", lang, raw=raw_text, mode=t("rounding." + d["mode"], lang), step=amount(rb, d["step"], lang),
                             rec=amount(rb, d["recommended"], lang))))
        elif kind == "clamp":
            out.append((0, clamp_text(rb, d["before"][2], d["after"][2], d["bounds"], lang) + suffix))
        elif kind == "limitation":
            out.append((0, t("step.limitation", lang, last_day=d.get("last_day", "—")) + suffix))
        elif kind == "not_listed":
            out.append((0, t("step.not_listed", lang, version=d.get("version", "—")) + suffix))
        elif kind == "measures":
            names = [pick(rb.measures[m]["label"], lang) for m in d["measures"]]
            out.append((0, t("step.measures", lang, measures=("；" if lang == "zh" else "; ").join(names) or t("result.none", lang))))
    return out
