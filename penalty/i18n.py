"""Picking a language for labels and messages.

Each layer keeps its user-facing messages in one catalogue module (rulebook/messages.py, engine/messages.py,
cli/messages.py) as {code: {"en": template, "zh": template}}; this module only chooses and fills them.
"""
from __future__ import annotations

import os
import re

LANGS = ("zh", "en")


def default_lang() -> str:
    """$PENALTY_LANG (zh or en), else Chinese: the first users read Chinese. Commands that load a rulebook
    prefer its first language over this fallback (see cli.common.lang_for)."""
    lang = os.environ.get("PENALTY_LANG", "").strip().lower()[:2]
    return lang if lang in LANGS else "zh"


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


def fill(catalogue: dict, code: str, lang: str, **args) -> str:
    entry = catalogue.get(code)
    if entry is None:  # a missing message must never hide the error itself
        return code + (" " + repr(args) if args else "")
    template = entry.get(lang) or entry.get("en")
    # [[...]] marks an optional part, kept only when the suggestion it shows exists
    if "suggestion" in args and not args["suggestion"]:
        template = re.sub(r"\[\[.*?\]\]", "", template)
    template = template.replace("[[", "").replace("]]", "")
    # an argument may itself be a label ({zh:, en:}): the message shows it in its own language
    args = {k: pick(v, lang) if _is_label(v) else v for k, v in args.items()}
    try:
        return template.format(**args)
    except (KeyError, IndexError, ValueError):  # a message must never hide the error it reports
        return template
