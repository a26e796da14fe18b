"""The explanation's words for the commands: `t` over the CLI's catalogue (its own words and the explanation's);
the explanation itself is penalty.explain.steps, shared with the officer's page."""
from __future__ import annotations

from penalty.cli.messages import MESSAGES
from penalty.i18n import fill
from penalty.explain.steps import amount, band_text, condition_words, fact_label, fact_value, grade_label, steps  # noqa: F401 - re-exported


def t(code, lang, **args) -> str:
    return fill(MESSAGES, code, lang, **args)
