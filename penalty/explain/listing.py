"""A rulebook's violations and the facts a violation needs, as rows: what `penalty violations --json` prints
and what the officer's page lists."""
from __future__ import annotations


def statutory_text(rb, v, lang) -> str:
    from penalty.explain.steps import amount, fact_label, t
    parts = []
    for form in v.statutory:
        if form.kind in ("range", "max", "min"):
            parts.append(f"{amount(rb, form.low, lang)} – {amount(rb, form.high, lang)}")
        else:
            key = "statutory.multiple" if form.kind == "multiple" else "statutory.percent"
            parts.append(t(key, lang, low=form.low, high=form.high, base=fact_label(rb, form.of, lang)))
        if form.warning:  # 给予警告或者处…罚款: the statute offers a warning instead of the fine
            parts[-1] += " " + t("statutory.or_warning", lang)
    return " | ".join(parts)


def violation_row(rb, v, lang) -> dict:
    """One row of `penalty violations --json` (also what `penalty serve` lists)."""
    return {"id": v.id, "title": v.title, "statutory": statutory_text(rb, v, lang),
            "model": v.model.kind if v.model else None, "penalty_basis": v.penalty_basis}


def matching(rb, query: str) -> list:
    """The violations whose id, titles (zh and en) or citations (违反条款, 处罚依据) contain every word of `query`,
    compared after NFKC folding and case folding (full-width letters and digits match their ASCII forms), in the
    rulebook's order: officers look a violation up by words (`penalty violations --grep 排污许可`, the web page).
    A word written as an item number (`5.2`, `§2.7`) also finds the item the document numbers so and the items
    under it (§2.7.1, §2.7.2), not §5.20: officers cite a benchmark item by its number."""
    import re
    import unicodedata

    from penalty.i18n import LANGS, pick
    from penalty.rulebook.load import item_numbers

    def folded(text: str) -> str:
        return unicodedata.normalize("NFKC", text).casefold()

    def texts(label):
        return [pick(label, lang) or "" for lang in LANGS]
    words = folded(query or "").split()
    numbers = item_numbers(rb)

    def numbered(v, word: str) -> bool:
        item = re.fullmatch(r"§?(\d+(?:\.\d+)*)", word)
        number = str(numbers.get(v.id) or "")
        if item is None or not number:
            return False
        return number == item[1] or number.startswith(item[1] + ".")
    return [v for v in rb.violations
            if all(numbered(v, w)
                   or w in folded(" ".join([v.id, *texts(v.title), *texts(v.violated), *texts(v.penalty_basis)]))
                   for w in words)]


def fact_rows(rb, violation) -> list[dict]:
    """The facts a case of `violation` needs, in the order `calc --interactive` asks them, each as a case file
    writes it: money and bounds in major units, a default as the value a case would give."""
    from penalty.engine.facts import _show_bound, facts_read_by
    rows = []
    for name in facts_read_by(violation):
        fact = rb.facts[name]
        rows.append({"name": name, "type": fact.type, "label": fact.label, "unit": fact.unit,
                     "min": None if fact.min is None else _show_bound(fact.min, fact, rb),
                     "max": None if fact.max is None else _show_bound(fact.max, fact, rb),
                     "choices": [{"id": vid, "label": label} for vid, label in fact.values.items()],
                     "default": case_value(rb, name, fact.default), "required": fact.default is None})
    return rows



def case_value(rb, name: str, value):
    """A parsed fact value as a case file writes it: money back in major units, exact (never a float); other
    values as they are (None stays None)."""
    if value is not None and rb.facts[name].type == "money":
        from decimal import Decimal
        return Decimal(value) / rb.unit.minor_units
    return value

