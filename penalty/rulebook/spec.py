"""The shape of a rulebook, declared once.

The loader validates YAML against these declarations (unknown keys with did-you-mean, wrong types, missing
fields), and `penalty schema` exports the same declarations as JSON Schema for editors: one description, two uses.
"""
from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from penalty.errors import Problem
from penalty.record import Record
from penalty.rulebook.yamlsource import Map, position_of

# ---------------------------------------------------------------- declarations


class Spec(Record):
    doc: str = ""
    _kw_only = ("doc",)

    def json_schema(self) -> dict:
        raise NotImplementedError


class Str(Spec):
    pattern: str | None = None

    def json_schema(self):
        s = {"type": "string"}
        if self.pattern:
            s["pattern"] = self.pattern
        return s


class Int(Spec):
    min: int | None = None
    max: int | None = None

    def json_schema(self):
        s = {"type": "integer"}
        if self.min is not None:
            s["minimum"] = self.min
        if self.max is not None:
            s["maximum"] = self.max
        return s


class Dec(Spec):
    """An exact decimal: a YAML number (read as Decimal, never float)."""
    min: int | None = None

    def json_schema(self):
        s = {"type": "number"}
        if self.min is not None:
            s["minimum"] = self.min
        return s


class Bool(Spec):
    def json_schema(self):
        return {"type": "boolean"}


class Date(Spec):
    def json_schema(self):
        return {"type": "string", "format": "date"}


class Choice(Spec):
    values: tuple = ()

    def json_schema(self):
        return {"enum": list(self.values)}


class Anything(Spec):
    def json_schema(self):
        return {}


class Label(Spec):
    """Text in one language, or {zh: ..., en: ...}."""

    def json_schema(self):
        return {"anyOf": [{"type": "string"},
                          {"type": "object", "properties": {"zh": {"type": "string"}, "en": {"type": "string"}},
                           "additionalProperties": False, "minProperties": 1}]}


class ListOf(Spec):
    item: Spec = None
    min_items: int = 0
    max_items: int | None = None

    def json_schema(self):
        s = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            s["minItems"] = self.min_items
        if self.max_items is not None:
            s["maxItems"] = self.max_items
        return s


class MapOf(Spec):
    """Keys are names chosen by the author (fact names, grade ids); values all share one shape."""
    value: Spec = None
    key_pattern: str | None = None

    def json_schema(self):
        s = {"type": "object", "additionalProperties": self.value.json_schema()}
        if self.key_pattern:
            s["propertyNames"] = {"pattern": self.key_pattern}
        return s


class Field(Record):
    spec: Spec
    required: bool = False
    doc: str = ""


class Obj(Spec):
    fields: dict = None
    one_of: tuple = ()  # groups of keys of which exactly one must be present

    def json_schema(self):
        s = {"type": "object", "additionalProperties": False,
             "properties": {k: _with_doc(f.spec.json_schema(), f.doc or f.spec.doc) for k, f in self.fields.items()}}
        req = [k for k, f in self.fields.items() if f.required]
        if req:
            s["required"] = req
        if self.one_of:
            s["oneOf"] = [{"required": [k]} for k in self.one_of]
        return s


class AnyOf(Spec):
    """The first option whose outer type fits is used (a string, a number, a list, a mapping)."""
    options: tuple = ()

    def json_schema(self):
        return {"anyOf": [o.json_schema() for o in self.options]}


def _with_doc(schema: dict, doc: str) -> dict:
    if doc:
        schema = dict(schema)
        schema["description"] = doc
    return schema


# ---------------------------------------------------------------- validation

LIMITS = {"list_items": 10_000, "text_length": 10_000}


# The words for kinds of value, as labels, so that a message in Chinese says them in Chinese (i18n.fill picks
# the reader's language from a label argument).
KIND_WORDS = {
    "boolean": {"en": "true or false", "zh": "是非值（true/false）"}, "integer": {"en": "a whole number", "zh": "整数"},
    "number": {"en": "a number", "zh": "数"}, "text": {"en": "text", "zh": "文字"},
    "date": {"en": "a date (YYYY-MM-DD)", "zh": "日期（YYYY-MM-DD）"}, "list": {"en": "a list", "zh": "列表"},
    "mapping": {"en": "a mapping", "zh": "映射（键: 值）"}, "nothing": {"en": "nothing", "zh": "空值"},
    "choice": {"en": "one of the listed words", "zh": "所列词语之一"},
    "label": {"en": "text or {zh:, en:}", "zh": "文字或 {zh:, en:}"}, "anything": {"en": "anything", "zh": "任意值"},
}


def _type_name(value) -> dict:
    if isinstance(value, bool):
        return KIND_WORDS["boolean"]
    if isinstance(value, int):
        return KIND_WORDS["integer"]
    if isinstance(value, Decimal):
        return KIND_WORDS["number"]
    if isinstance(value, str):
        return KIND_WORDS["text"]
    if isinstance(value, (_dt.date, _dt.datetime)):
        return KIND_WORDS["date"]
    if isinstance(value, list):
        return KIND_WORDS["list"]
    if isinstance(value, dict):
        return KIND_WORDS["mapping"]
    if value is None:
        return KIND_WORDS["nothing"]
    return {"en": type(value).__name__, "zh": type(value).__name__}


def _fits_outer(spec: Spec, value) -> bool:
    if isinstance(spec, (Str, Choice)):
        return isinstance(value, str)
    if isinstance(spec, Label):
        return isinstance(value, (str, dict))
    if isinstance(spec, Int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(spec, Dec):
        return isinstance(value, (int, Decimal)) and not isinstance(value, bool)
    if isinstance(spec, Bool):
        return isinstance(value, bool)
    if isinstance(spec, Date):
        return isinstance(value, _dt.date)
    if isinstance(spec, ListOf):
        return isinstance(value, list)
    if isinstance(spec, (Obj, MapOf)):
        return isinstance(value, dict)
    if isinstance(spec, AnyOf):
        return any(_fits_outer(o, value) for o in spec.options)
    return True


def _expected(spec: Spec) -> dict:
    if isinstance(spec, AnyOf):
        parts = [_expected(o) for o in spec.options]
        return {"en": " or ".join(p["en"] for p in parts), "zh": "或".join(p["zh"] for p in parts)}
    kind = {Str: "text", Choice: "choice", Label: "label", Int: "integer", Dec: "number", Bool: "boolean",
            Date: "date", ListOf: "list", Obj: "mapping", MapOf: "mapping", Anything: "anything"}.get(type(spec))
    return KIND_WORDS[kind] if kind else {"en": type(spec).__name__, "zh": type(spec).__name__}


MAX_UNKNOWN_SHOWN = 20  # unknown keys of one object named one by one; the rest are counted (as for a case's facts)


def did_you_mean(word: str, candidates) -> str:
    import difflib  # only when there is a mistake to suggest a fix for
    close = difflib.get_close_matches(str(word), [str(c) for c in candidates], n=1, cutoff=0.6)
    return close[0] if close else ""


def validate(value, spec: Spec, pos, where: str, problems: list[Problem]) -> None:
    """Collect every structural problem below `value`; never raises."""
    if isinstance(spec, AnyOf):
        for option in spec.options:
            if _fits_outer(option, value):
                validate(value, option, pos, where, problems)
                return
        problems.append(Problem("spec.wrong_type", pos, {"where": where, "expected": _expected(spec),
                                                          "found": _type_name(value)}))
        return
    if not _fits_outer(spec, value):
        problems.append(Problem("spec.wrong_type", pos, {"where": where, "expected": _expected(spec),
                                                          "found": _type_name(value)}))
        return
    if isinstance(spec, Choice):
        if value not in spec.values:
            problems.append(Problem("spec.bad_choice", pos, {"where": where, "value": value,
                                                              "choices": ", ".join(spec.values),
                                                              "suggestion": did_you_mean(value, spec.values)}))
    elif isinstance(spec, Str):
        if len(value) > LIMITS["text_length"]:
            problems.append(Problem("spec.too_long", pos, {"where": where, "limit": LIMITS["text_length"]}))
        elif spec.pattern:
            import re
            if not re.fullmatch(spec.pattern, value):
                problems.append(Problem("spec.bad_name", pos, {"where": where, "value": value}))
    elif isinstance(spec, Int):
        if (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max):
            problems.append(Problem("spec.out_of_range", pos, {"where": where, "value": value,
                                                                "min": spec.min, "max": spec.max}))
    elif isinstance(spec, Dec):
        if spec.min is not None and value < spec.min:
            problems.append(Problem("spec.negative", pos, {"where": where, "value": value}))
        if abs(value) > Decimal(10) ** 15:
            problems.append(Problem("spec.too_big", pos, {"where": where, "value": value}))
    elif isinstance(spec, Label):
        if isinstance(value, dict):
            for k, v in value.items():
                kpos = value.key_pos.get(k) if isinstance(value, Map) else pos
                if k not in ("zh", "en"):
                    problems.append(Problem("spec.label_key", kpos, {"where": where, "key": k}))
                elif not isinstance(v, str):
                    problems.append(Problem("spec.wrong_type", position_of(value, k),
                                            {"where": f"{where}.{k}", "expected": KIND_WORDS["text"],
                                             "found": _type_name(v)}))
            if not value:
                problems.append(Problem("spec.empty_label", pos, {"where": where}))
    elif isinstance(spec, ListOf):
        n = len(value)
        if n < spec.min_items:
            problems.append(Problem("spec.too_few", pos, {"where": where, "min": spec.min_items}))
        limit = spec.max_items if spec.max_items is not None else LIMITS["list_items"]
        if n > limit:
            problems.append(Problem("spec.too_many", pos, {"where": where, "max": limit}))
            return
        for i, item in enumerate(value):
            validate(item, spec.item, position_of(value, i), f"{where}[{i + 1}]", problems)
    elif isinstance(spec, MapOf):
        for k, v in value.items():
            if spec.key_pattern:
                import re
                if not re.fullmatch(spec.key_pattern, str(k)):
                    kpos = value.key_pos.get(k) if isinstance(value, Map) else pos
                    problems.append(Problem("spec.bad_name", kpos, {"where": where, "value": k}))
            validate(v, spec.value, position_of(value, k), f"{where}.{k}", problems)
    elif isinstance(spec, Obj):
        unknown = 0
        for k, v in value.items():
            if k not in spec.fields:
                unknown += 1
                if unknown <= MAX_UNKNOWN_SHOWN:  # past that a did-you-mean each costs much and helps no one
                    kpos = value.key_pos.get(k) if isinstance(value, Map) else pos
                    problems.append(Problem("spec.unknown_key", kpos, {
                        "where": where, "key": k, "allowed": ", ".join(spec.fields),
                        "suggestion": did_you_mean(k, spec.fields)}))
                continue
            validate(v, spec.fields[k].spec, position_of(value, k), f"{where}.{k}", problems)
        if unknown > MAX_UNKNOWN_SHOWN:
            problems.append(Problem("spec.more_unknown_keys", pos, {
                "where": where, "count": unknown - MAX_UNKNOWN_SHOWN, "shown": MAX_UNKNOWN_SHOWN,
                "allowed": ", ".join(spec.fields)}))
        for k, f in spec.fields.items():
            if f.required and k not in value:
                problems.append(Problem("spec.missing", pos, {"where": where, "key": k}))
        if spec.one_of:
            present = [k for k in spec.one_of if k in value]
            if len(present) != 1:
                problems.append(Problem("spec.one_of", pos, {"where": where, "choices": ", ".join(spec.one_of),
                                                              "found": ", ".join(present) or "none"}))


# ---------------------------------------------------------------- the rulebook format, version 1

NAME = r"[A-Za-z_][A-Za-z0-9_.\-]*"
AMOUNT = AnyOf((Dec(min=0), Str()), doc="an amount in major units (yuan, dollars, months), or the unit's unbounded word such as `life`")
PAIR_PCT = ListOf(Dec(min=0), min_items=2, max_items=2)
FACTORS = AnyOf((Dec(min=0), PAIR_PCT), doc="one factor, or [low, high]")
_OF_BASE = {"multiple": Field(FACTORS, doc="times the base fact named in `of` (所收费用3.5倍以上4倍以下: [3.5, 4])"),
            "percent": Field(FACTORS, doc="percent of the base fact named in `of`"),
            "of": Field(Str(pattern=NAME), doc="the base fact (a money fact)")}
RELATIVE_BAND = Obj(_OF_BASE, one_of=("multiple", "percent"))
BAND = AnyOf((AMOUNT.options[0], AMOUNT.options[1], ListOf(AMOUNT, min_items=2, max_items=2), RELATIVE_BAND),
             doc="a fixed amount, [low, high] in major units, or {multiple: [low, high], of: fact} "
                 "({percent: ...}): a band or single value as a multiple or percentage of a base fact")
BOUNDARIES = AnyOf((Str(), Obj({"low": Field(Choice(("included", "excluded")), required=True),
                                 "high": Field(Choice(("included", "excluded")), required=True)})),
                   doc="which ends include the number: lower_inclusive, both_inclusive, \"[a, b)\", \"(a, b]\", "
                       "{low: included, high: excluded}, or the document's words (以上含本数、以下不含本数; 超过…不满)")
COND = Str(doc="a condition in the rulebook's expression language, e.g. `goods_value >= 10000 and not first_offence`")

SPLIT = Obj({
    "method": Field(Choice(("linear", "geometric")), doc="how a grade's share is placed on the range"),
    "geometric_from_ratio": Field(Dec(min=1), doc="use geometric splitting when max / min reaches this (Zhejiang: 4)"),
    "shares": Field(MapOf(PAIR_PCT), doc="grade id -> [from %, to %] of the active statutory range"),
    "below_minimum": Field(PAIR_PCT, doc="减轻: [from %, to %] of the statutory minimum (default [0, 100])"),
    "open_maximum": Field(MapOf(ListOf(AnyOf((Dec(min=0), Str())), min_items=2, max_items=2)),
                          doc="when the law sets only a minimum: grade id -> [from, to] multiples of the minimum; `none` for no upper end"),
    "recommend": Field(AnyOf((Choice(("midpoint", "low", "high")), Dec(min=0))),
                       doc="the recommended amount in a band: midpoint, low, high, or a percent of the band"),
})

FACT = Obj({
    "type": Field(Choice(("money", "number", "integer", "boolean", "enum", "date")), required=True),
    "label": Field(Label()),
    "unit": Field(Label(), doc="shown after values, e.g. 元, months"),
    "min": Field(Dec()),
    "max": Field(Dec()),
    "values": Field(MapOf(Label(), key_pattern=NAME), doc="enum: value id -> label"),
    "required": Field(Bool(), doc="default true, unless a default is given"),
    "default": Field(Anything()),
    "description": Field(Label()),
})

FINE_FORM_KEYS = ("range", "max", "min", "multiple", "percent")
_FORM_FIELDS = {
    "range": Field(ListOf(AMOUNT, min_items=2, max_items=2), doc="[min, max] in major units"),
    "max": Field(AMOUNT, doc="only a maximum (…以下): the minimum is 0"),
    "min": Field(AMOUNT, doc="only a minimum (…以上): no written maximum"),
    "multiple": Field(PAIR_PCT, doc="[low, high] times the base fact named in `of`"),
    "percent": Field(PAIR_PCT, doc="[low %, high %] of the base fact named in `of`"),
    "of": Field(Str(pattern=NAME), doc="the base fact for multiple / percent"),
    "warning": Field(Bool(), doc="the law offers a warning instead of the fine (给予警告或者处…罚款): only then may a "
                                 "cell, situation or grade measure give a grade of kind `warning` (警告, no fine)"),
    "label": Field(Label()),
}
FINE_BRANCH = Obj({"when": Field(COND, required=True), **_FORM_FIELDS}, one_of=FINE_FORM_KEYS)
STATUTORY = Obj({**_FORM_FIELDS, "switch": Field(ListOf(FINE_BRANCH, min_items=1),
                                                 doc="choose the first branch whose condition holds (Food Safety Law arts. 122/124)")},
                one_of=FINE_FORM_KEYS + ("switch",))

TIER = Obj({"id": Field(Str(pattern=NAME), required=True), "label": Field(Label()),
            "when": Field(COND, required=True)})
AXIS = Obj({"fact_label": Field(Label()), "label": Field(Label()),
            "tiers": Field(ListOf(TIER, min_items=1), required=True, doc="ordered from lightest to heaviest")})
CELL_OBJ = Obj({"grade": Field(Str(pattern=NAME)), "band": Field(BAND), "measures": Field(ListOf(Str())),
                "label": Field(Label()), "boundaries": Field(BOUNDARIES, doc="this cell's own boundary words"),
                **_OF_BASE})
CELL = AnyOf((Str(), Dec(min=0), ListOf(AMOUNT, min_items=2, max_items=2), CELL_OBJ),
             doc="a grade id, a fixed amount, [low, high], or {grade, band, measures}; "
                 "{multiple: [low, high], of: fact} for a band of multiples of a base fact")
GRID = Obj({
    "rows": Field(AXIS, required=True),
    "columns": Field(AXIS, required=True),
    "cells": Field(MapOf(ListOf(CELL, min_items=1)), required=True, doc="row tier id -> one cell per column, in column order"),
})
SITUATION = Obj({"id": Field(Str(pattern=NAME), required=True), "label": Field(Label()),
                 "when": Field(COND, required=True), "grade": Field(Str(pattern=NAME)), "band": Field(BAND),
                 "measures": Field(ListOf(Str())), "boundaries": Field(BOUNDARIES, doc="this tier's own boundary words")})
LEVEL = Obj({"id": Field(Str(pattern=NAME)), "label": Field(Label()), "when": Field(COND, required=True),
             "weight": Field(Dec(), required=True, doc="percent added when this level matches")})
POINTS = Obj({
    "start": Field(Dec(), doc="starting weight in percent (default 0)"),
    "cap": Field(Dec(min=0), doc="the sum is capped at this percent (default 100; Guangdong art. 6: 最高不超过100%)"),
    "floor": Field(Dec(min=0), doc="a sum under this percent counts as this percent (总和不足20%的，按20%计算); at most `cap`"),
    "around": Field(ListOf(Dec(min=0), min_items=2, max_items=2),
                    doc="[below, above] percentage points: the result is this band around the sum, not one amount"),
    "of": Field(Str(pattern=NAME), doc="`statutory_max` (default) or a base fact"),
    "factors": Field(ListOf(Obj({"id": Field(Str(pattern=NAME), required=True), "label": Field(Label()),
                                 "levels": Field(ListOf(LEVEL, min_items=1), required=True)}), min_items=1),
                     required=True),
    "clamp": Field(Bool(), doc="sums that would fall outside the statutory range are brought inside it on purpose (checked by `penalty check`)"),
})
MODEL = Obj({"situations": Field(ListOf(SITUATION, min_items=1)), "grid": Field(GRID), "points": Field(POINTS),
             "boundaries": Field(BOUNDARIES, doc="the table's boundary words, when they differ from the violation's")},
            one_of=("situations", "grid", "points"))

EFFECT = Obj({
    "grade": Field(Str(pattern=NAME), doc="fix the grade (e.g. no_penalty)"),
    "at_most": Field(Str(pattern=NAME), doc="the grade can be no heavier than this"),
    "at_least": Field(Str(pattern=NAME), doc="the grade can be no lighter than this"),
    "step": Field(Int(min=-10, max=10), doc="move the grade this many places (negative: lighter)"),
    "recommend": Field(Choice(("low", "midpoint", "high")), doc="put the recommended amount at this point of the band"),
    "tier": Field(Int(min=-10, max=10), doc="shall only: take the situation (or grid row) this many places heavier "
                                            "(negative: lighter), e.g. Jiangmen art. 5: three priors -> one tier up"),
    "within": Field(PAIR_PCT, doc="keep [from %, to %] of the band, e.g. Guangdong art. 12: 从重 [50, 100], 从轻 [0, 50]"),
    "scale": Field(PAIR_PCT, doc="the band's ends times [low %, high %], e.g. Guangdong art. 14 (30-50% lower): "
                                 "[50, 70]; the statutory clamp still keeps the result at or above the minimum"),
}, one_of=("grade", "at_most", "at_least", "step", "recommend", "tier", "within", "scale"))
CORRECTIONS = Obj({"article": Field(Label(), required=True, doc="the provision that keeps the order to correct")},
                  doc="measures marked `correction: true` are kept where no penalty is given (Administrative Penalty "
                      "Law art. 28: 行政机关实施行政处罚时，应当责令当事人改正或者限期改正违法行为)")
ADJUSTMENT = Obj({
    "id": Field(Str(pattern=NAME), required=True),
    "label": Field(Label()),
    "article": Field(Label(), required=True, doc="the legal basis, shown in every explanation"),
    "mode": Field(Choice(("shall", "may")), required=True, doc="shall (应当): applied; may (可以): offered as an alternative"),
    "when": Field(COND, required=True),
    "effect": Field(EFFECT, required=True),
    "violations": Field(ListOf(Str()), doc="only for these violation ids (default: all)"),
    "measures": Field(ListOf(Str(pattern=NAME)), doc="measures the law attaches to this rule, added whenever it "
                                                      "applies, also with no penalty (art. 30: 责令监护人加以管教)"),
})
ACK_CHECKS = ("monotonic", "unreachable", "no_share", "cell_overlap", "statutory_label", "statutory_article")
MEASURES_OF_VIOLATION = Obj({
    "always": Field(ListOf(Str())), "by_grade": Field(MapOf(ListOf(Str()))),
    "when": Field(ListOf(Obj({"if": Field(COND, required=True),
                              "add": Field(ListOf(Str(pattern=NAME), min_items=1), required=True)})),
                  doc="measures added only when a condition on the facts holds, e.g. {if: \"severe\", add: [ban]}"),
    "follow_up": Field(ListOf(Obj({"if": Field(Label(), required=True, doc="what must happen first, e.g. 逾期不改正"),
                                   "add": Field(ListOf(Str(pattern=NAME), min_items=1), required=True)})),
                       doc="measures shown as conditional on a later event (逾期不改正的，责令停产整治), never applied"),
})
VIOLATION = Obj({
    "id": Field(Str(pattern=NAME), required=True),
    "number": Field(Str(pattern=r"[0-9]+(\.[0-9]+)*"),
                    doc="the item's number as the document prints it (§2.5.1 -> \"2.5.1\"): the catalogue heads the "
                        "item with it and files it under the chapter of its first part (`chapters`)"),
    "title": Field(Label(), required=True),
    "violated": Field(Label(), doc="the provision violated (违法依据)"),
    "penalty_basis": Field(Label(), doc="the provision that sets the penalty (处罚依据)"),
    "statutory": Field(STATUTORY, required=True, doc="the statutory fine (法定处罚幅度)"),
    "split": Field(SPLIT),
    "boundaries": Field(BOUNDARIES, doc="this violation's boundary words, when they differ from the rulebook's"),
    "model": Field(MODEL),
    "measures": Field(MEASURES_OF_VIOLATION),
    "adjustments": Field(ListOf(ADJUSTMENT)),
    "touches_safety": Field(Bool(), doc="life, health or financial safety (art. 36: 5-year limitation when harm was caused)"),
    "notes": Field(Label()),
    "acknowledge": Field(ListOf(Obj({"check": Field(Choice(ACK_CHECKS), required=True),
                                     "reason": Field(Label(), required=True, doc="why the benchmark does this on purpose")})),
                         doc="warnings of `penalty check` the authors accept for this violation, each with its reason"),
})
PERIOD = Obj({"years": Field(Int(min=0, max=100)), "months": Field(Int(min=0, max=1200))},
             doc="a period in whole years and/or months, counted as the civil law counts them (docs/versions.md)")
LIMITATION = Obj({
    "article": Field(Label(), required=True, doc="the legal basis cited when a case is time-barred (行政处罚法第三十六条)"),
    "period": Field(PERIOD, required=True, doc="not discovered within this period from the act (or its end): no penalty"),
    "safety_period": Field(PERIOD, doc="the longer period for violations marked touches_safety when harm was caused"),
    "harm_fact": Field(Str(pattern=NAME), doc="the boolean fact saying harm was caused (needed with safety_period)"),
    "violations": Field(MapOf(Obj({"period": Field(PERIOD, required=True), "safety_period": Field(PERIOD),
                                   "article": Field(Label())})),
                        doc="violation id -> its own periods, where another law sets them"),
})
# issue 15: what the decision layer (penalty/decision) reads; the engine ignores both keys.
PARTY_AMOUNTS = Obj({"citizen": Field(Dec(min=0), required=True, doc="for a citizen (公民), in major units"),
                     "organisation": Field(Dec(min=0), required=True, doc="for a legal person or other organisation, in major units")})
JURISDICTION = Obj({
    "base": Field(Choice(("general", "public_security")), doc="the national defaults to start from (docs/decision.md)"),
    "label": Field(Label(), doc="the profile's name, shown with every procedural prompt"),
    "hearing_fine": Field(PARTY_AMOUNTS, doc="较大数额罚款: a fine of this much or more carries the hearing right (art. 63)"),
    "legal_review_fine": Field(PARTY_AMOUNTS, doc="法制审核 before deciding from this fine on (art. 58)"),
    "collective_discussion_fine": Field(PARTY_AMOUNTS, doc="负责人集体讨论 from this fine on (art. 57)"),
    "on_the_spot_fine": Field(PARTY_AMOUNTS, doc="the most an on-the-spot decision may fine (art. 51)"),
    "hearing_measures": Field(ListOf(Str(pattern=NAME)), doc="measure ids that carry the hearing right (吊销, 责令停产停业 …)"),
})
# issue 15: the party's history read from the register (penalty/decision/history.py); the engine ignores it.
HISTORY_FACT = Obj({
    "of": Field(Choice(("same_violation", "same_kind")), doc="count prior decisions of the same violation (default) or of any violation of the same kind (`kinds`)"),
    "within": Field(PERIOD, required=True, doc="the window before this case, e.g. {years: 1} for 近一年内"),
    "means": Field(Choice(("count", "any", "none")), doc="count (an integer fact, the default), any (a boolean: at least one) or none (a boolean: no prior, 首次违法)"),
    "counts_this": Field(Bool(), doc="the count includes this case (含本次), e.g. Jiangmen's 两年内被查处的次数"),
})
HISTORY = Obj({
    "kinds": Field(MapOf(Str(pattern=NAME)), doc="violation id -> its kind (同类违法行为): priors of any violation of the kind count"),
    "facts": Field(MapOf(HISTORY_FACT, key_pattern=NAME), required=True, doc="fact -> how the register fills it"),
})
RULEBOOK = Obj({
    "penalty_rulebook": Field(Int(min=1, max=1), required=True, doc="format version"),
    "id": Field(Str(pattern=NAME), required=True),
    "title": Field(Label(), required=True),
    "authority": Field(Label()),
    "document": Field(Label(), doc="document number, e.g. 粤环发〔2021〕7号"),
    "version": Field(Str(), required=True),
    "effective": Field(Obj({"from": Field(Date(), required=True), "to": Field(Date())})),
    "languages": Field(ListOf(Choice(("zh", "en")))),
    "unit": Field(Obj({"kind": Field(Choice(("money", "duration", "count")), required=True),
                       "currency": Field(Str()), "minor_units": Field(Int(min=1, max=10_000)),
                       "label": Field(Label()),
                       "unbounded": Field(Obj({"id": Field(Str(pattern=NAME), required=True),
                                               "label": Field(Label())}))}), required=True),
    "boundaries": Field(BOUNDARIES, required=True,
                        doc="lower_inclusive: 以上 includes, 以下 excludes, bands are [a, b); both_inclusive: bands share "
                            "endpoints; or an interval (\"(a, b]\") or the document's own words (以上含本数、以下不含本数)"),
    "overlaps": Field(Choice(("first", "heaviest")), doc="when several tiers match: the first listed, or the heaviest (Jiangmen art. 14)"),
    "rounding": Field(Obj({"step": Field(Dec(min=0), required=True, doc="in major units, e.g. 1 (yuan) or 0.01"),
                           "mode": Field(Choice(("half_up", "half_even", "down", "up", "floor", "ceiling")),
                                         required=True)}), required=True),
    "grades": Field(ListOf(Obj({"id": Field(Str(pattern=NAME), required=True), "label": Field(Label()),
                                "kind": Field(Choice(("no_penalty", "warning", "below_minimum", "within_range")),
                                              doc="warning: 警告 and no fine, where the statute offers it (ranked "
                                                  "after no_penalty, before every fine grade)"),
                                "description": Field(Label())}), min_items=1), required=True,
                    doc="ordered from lightest to heaviest"),
    "default_grade": Field(Str(pattern=NAME), doc="the grade when the model gives none"),
    "split": Field(SPLIT),
    "facts": Field(MapOf(FACT, key_pattern=NAME)),
    "measures": Field(MapOf(Obj({"label": Field(Label()), "description": Field(Label()),
                                 "correction": Field(Bool(), doc="an order to correct the violation (责令改正, 责令限期改正, "
                                                                 "责令备案 ...): kept where no penalty is given, under `corrections`")}),
                            key_pattern=NAME)),
    "corrections": Field(CORRECTIONS),
    "include": Field(ListOf(Str()), doc="bundled blocks (e.g. apl-2021) or paths relative to this file"),
    "adjustments": Field(ListOf(ADJUSTMENT)),
    "violations": Field(ListOf(VIOLATION, min_items=1), required=True),
    "chapters": Field(ListOf(Obj({"number": Field(Str(pattern=r"[0-9]+"), required=True),
                                  "title": Field(Label(), required=True)}), min_items=1),
                      doc="the document's chapters (第二章 水污染防治类): the catalogue's contents group the items by "
                          "the first part of their `number`"),
    "limitation": Field(LIMITATION, doc="limitation periods (Administrative Penalty Law art. 36)"),
    "deviation_reasons": Field(MapOf(Label(), key_pattern=NAME),
                               doc="reason code -> label: the reasons an officer may give to decide outside the band (逸脱)"),
    "jurisdiction": Field(JURISDICTION, doc="thresholds of the procedure the law attaches to a decision (arts. 51, 57, 58, 63)"),
    "history": Field(HISTORY, doc="facts the party's prior decided violations in the register fill (docs/decision.md)"),
    "notes": Field(Label()),
})

# An include block adds facts, measures, adjustments and violations (a long benchmark may keep a chapter per
# file: the rulebook's own violations come first, then each block's in the order of `include:`).
BLOCK = Obj({
    "penalty_block": Field(Int(min=1, max=1), required=True),
    "id": Field(Str(pattern=NAME), required=True),
    "title": Field(Label()),
    "facts": Field(MapOf(FACT, key_pattern=NAME)),
    "measures": RULEBOOK.fields["measures"],
    "corrections": RULEBOOK.fields["corrections"],
    "adjustments": Field(ListOf(ADJUSTMENT)),
    "violations": Field(ListOf(VIOLATION, min_items=1)),
})
