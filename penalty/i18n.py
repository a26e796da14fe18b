"""Picking a language for labels and messages.

Each layer keeps its user-facing messages in one catalogue module (rulebook/messages.py, engine/messages.py,
cli/messages.py) as {code: {"en": template, "zh": template}}; this module only chooses and fills them.
"""
from __future__ import annotations

import os
import re

LANGS = ("zh", "en")


def env_lang() -> str | None:
    """$PENALTY_LANG when it names a language we have (zh or en; `en_GB.UTF-8` reads as en), else None."""
    lang = os.environ.get("PENALTY_LANG", "").strip().lower()[:2]
    return lang if lang in LANGS else None


def default_lang() -> str:
    """$PENALTY_LANG (zh or en), else Chinese: the first users read Chinese. Commands that load a rulebook
    prefer its first language over this fallback (lang_for)."""
    return env_lang() or "zh"


def lang_for(option: str | None, rulebook=None) -> str:
    """The one rule of every front end (the CLI, the server): the language asked for (--lang, ?lang=), else
    $PENALTY_LANG, else the rulebook's first language, else Chinese."""
    if option:
        return option
    env = env_lang()
    if env:  # an unknown $PENALTY_LANG is ignored (and said so once: cli/app.py), as if it were unset
        return env
    if rulebook is not None and rulebook.languages:
        return rulebook.languages[0]
    return default_lang()


def unknown_env_lang() -> str | None:
    """The value of $PENALTY_LANG when it is set but names no language we have (the CLI says so once, on
    stderr: an ignored setting must not look like a working one)."""
    raw = os.environ.get("PENALTY_LANG", "").strip()
    return raw if raw and env_lang() is None else None


def pick(label, lang: str) -> str:
    """A rulebook label is a string or {zh:, en:}; prefer `lang`, fall back to the other."""
    if label is None:
        return ""
    if isinstance(label, str):
        return label
    if lang in label and label[lang]:
        return str(label[lang])
    for other in LANGS:
        if label.get(other):
            return str(label[other])
    return ""


def _is_label(value) -> bool:
    return isinstance(value, dict) and value and set(value) <= set(LANGS)


# ---------------------------------------------------------------- plurals (English only: Chinese has none)
# A template says `{n} {n|file|files}`: the first form when the argument n is exactly one, else the second.
_PLURAL = re.compile(r"\{(\w+)\|([^{}|]*)\|([^{}|]*)\}")
_IRREGULAR = {"people": "person", "children": "child", "feet": "foot", "men": "man", "women": "woman"}
_SAME = ("ss", "us", "is", "ics", "series", "species", "means")


def is_one(count) -> bool:
    """Exactly one as written: 1, -1, Decimal('1'), "1" (but not 1.0 or 1.5, which English reads as plural)."""
    return not isinstance(count, bool) and str(count).strip().lstrip("+-") == "1"


def singular(word: str) -> str:
    """The English singular of a plural word by the regular rules (times -> time, inches -> inch,
    batteries -> battery); a word that is not a regular plural (yuan, kg, %) is kept as it is."""
    low = word.lower()
    if low in _IRREGULAR:
        return word[0] + _IRREGULAR[low][1:]
    if len(word) <= 2 or not low.endswith("s") or low.endswith(_SAME):
        return word
    if low.endswith("ies") and len(word) > 4:
        return word[:-3] + ("Y" if word[-3:].isupper() else "y")
    if low.endswith(("ches", "shes", "sses", "xes", "zzes")):  # sizes -> size, not siz
        return word[:-2]
    return word[:-1]


def counted(unit: str, count, lang: str) -> str:
    """A rulebook's unit word (written as the plural: `en: times`) as it reads after `count`: `1 time`,
    `2 times`. Of several words, the last is the noun (`square metres`)."""
    if lang != "en" or not unit or not is_one(count):
        return unit
    head, _, last = unit.rpartition(" ")
    return f"{head} {singular(last)}" if head else singular(last)


def _plurals(template: str, args: dict) -> str:
    return _PLURAL.sub(lambda m: m.group(2) if is_one(args.get(m.group(1))) else m.group(3), template)


def fill(catalogue: dict, code: str, lang: str, **args) -> str:
    entry = catalogue.get(code)
    if entry is None:  # a missing message must never hide the error itself
        return code + (" " + repr(args) if args else "")
    template = entry.get(lang) or entry.get("en")
    # [[...]] marks an optional part, kept only when the suggestion it shows exists
    if "suggestion" in args and not args["suggestion"]:
        template = re.sub(r"\[\[.*?\]\]", "", template)
    template = _plurals(template.replace("[[", "").replace("]]", ""), args)
    # an argument may itself be a label ({zh:, en:}): the message shows it in its own language
    args = {k: pick(v, lang) if _is_label(v) else v for k, v in args.items()}
    try:
        return template.format(**args)
    except (KeyError, IndexError, ValueError):  # a message must never hide the error it reports
        return template
