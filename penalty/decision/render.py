"""Decision checks and procedure items as text in one language (the CLI prints these; nothing here prints)."""
from __future__ import annotations

from penalty.decision.messages import MESSAGES
from penalty.i18n import fill


def text(entry: dict, lang: str) -> str:
    """One {code, args[, why]} entry: a procedure item's grounds (`why`) are worded first and joined."""
    args = dict(entry.get("args") or {})
    if "why" in entry:
        sep = "；" if lang == "zh" else "; "
        args["why"] = sep.join(text(w, lang) for w in entry["why"])
    return fill(MESSAGES, entry["code"], lang, **args)
