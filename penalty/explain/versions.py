"""Which version applied (art. 37) and the limitation checks (art. 36) of a result, as lines of text: shown by
`penalty calc`, the officer's page and the memo."""
from __future__ import annotations

from penalty.i18n import fill, pick
from penalty.time.messages import MESSAGES


def tt(code, lang, **args) -> str:
    return fill(MESSAGES, code, lang, **args)


def _period(v: dict, lang) -> str:
    if v["from"] is None:
        return tt("time.period_always", lang)
    if v["to"] is None:
        return tt("time.period_open", lang, from_=v["from"])
    return tt("time.period", lang, from_=v["from"], to=v["to"])


def _range_text(rb, weight: dict, lang) -> str:
    from penalty.explain.steps import amount
    return f"{amount(rb, weight['low'], lang)} – {amount(rb, weight['high'], lang)}"


def time_lines(rb, result: dict, lang: str) -> list:
    """(depth, text) lines: both computations, the version applied and why, then the art. 36 checks."""
    from penalty.explain.steps import amount, grade_label
    tm = result.get("time")
    if not tm:
        return []
    out = [(0, tt("time.title", lang, article=pick(tm["article"], lang)))]
    av = tm["act_version"]
    out.append((1, tt("time.act_line", lang, when=tt("time.when." + tm["act_time_from"], lang), date=tm["act_time"],
                      key=tm["act_time_from"], version=av["version"], file=av["file"], period=_period(av, lang))))
    dv = tm["decision_version"]
    if dv:
        out.append((1, tt("time.decision_line", lang, date=tm["decision_date"], version=dv["version"], file=dv["file"],
                          period=_period(dv, lang))))
    else:
        out.append((1, tt("time.no_decision_line", lang)))
    by_role = {c["role"]: c for c in tm["computations"]}
    for c in tm["computations"]:
        mark = tt("time.chosen_mark", lang) if c["chosen"] and len(tm["computations"]) > 1 else ""
        for act in c["acts"]:
            out.append((1, tt("time.computation", lang, version=c["version"]["version"],
                              grade=grade_label(rb, act["grade"], lang), low=amount(rb, act["range"]["low"], lang),
                              high=amount(rb, act["range"]["high"], lang), rec=amount(rb, act["recommended"], lang),
                              mark=mark)))
        if c["unlisted"]:
            out.append((2, tt("time.computation_unlisted", lang, version=c["version"]["version"],
                              violations=", ".join(c["unlisted"]))))
    old = _range_text(rb, by_role["act"]["weight"], lang)
    new = _range_text(rb, by_role["decision"]["weight"], lang) if "decision" in by_role else ""
    args = {"old": old, "new": new}
    if tm["reason"] == "time.decision_lower_max":
        args = {"old": amount(rb, by_role["act"]["weight"]["high"], lang), "new": amount(rb, by_role["decision"]["weight"]["high"], lang)}
    elif tm["reason"] == "time.decision_lower_min":
        args = {"old": amount(rb, by_role["act"]["weight"]["low"], lang), "new": amount(rb, by_role["decision"]["weight"]["low"], lang)}
    out.append((1, tt("time.why", lang, reason=tt(tm["reason"], lang, **args))))
    checks = [c for c in tm["limitation"] if c]
    if checks:
        article = next((c["article"] for c in checks if c.get("article")), None)
        out.append((0, tt("time.lim_title", lang, article=pick(article, lang))))
        for c in checks:
            if not c.get("checked") and "last_day" not in c:
                out.append((1, tt(c["reason"], lang, version=c.get("version", ""))))
                continue
            from penalty.time.dates import months_text
            verdict = tt(c["reason"], lang)
            out.append((1, tt("time.lim_line", lang, violation=c.get("violation", ""), period=months_text(c["period_months"], lang),
                              safety=tt("time.lim_safety", lang) if c["safety"] else "", start=c["start"],
                              key=c["start_from"], last=c["last_day"], found=c.get("discovery_date", "—"),
                              verdict=verdict)))
    return out


def time_markdown(rb, result: dict, lang: str) -> str:
    out = []
    for depth, text in time_lines(rb, result, lang):
        out.append(f"\n### {text}\n" if depth == 0 else "  " * (depth - 1) + f"- {text}")
    return "\n".join(out) + ("\n" if out else "")

