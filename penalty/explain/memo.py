"""The memo for the case file (裁量说明), in Markdown, and the parts of a result every view words the same way
(the header, the measures, the warnings, the decision under art. 29). Never computes.

Text from the case or the rulebook is shown with its control characters written out (penalty.safetext)."""
from __future__ import annotations

from penalty.explain.steps import amount, band_text, grade_label, range_text, recommended_text, steps, t
from penalty.i18n import pick
from penalty.safetext import printable


def recommended_key(rb) -> str:
    # "建议金额" is an amount of money; a sentence in months is "建议值"
    return "result.recommended" if rb.unit.kind == "money" else "result.recommended_value"


def header(rb, result, lang) -> list:
    lines = [t("rulebook", lang, title=pick(rb.title, lang), version=rb.version, file=rb.file)]
    if result.get("case_id"):
        # one line: a line break in the id must not forge a line of the memo
        lines.append(t("case", lang, case_id=printable(result["case_id"], keep_lines=False)))
    return lines


def measures_text(rb, act, lang) -> str:
    names = [t("result.measure_if", lang, measure=pick(m["label"], lang), condition=m["condition"])
             if "condition" in m else t("result.measure_basis", lang, measure=pick(m["label"], lang),
                                        basis=pick(m["basis"], lang))
             if "basis" in m else pick(m["label"], lang) for m in act["measures"]]
    sep = "；" if lang == "zh" else "; "
    # follow-up measures depend on a later event (逾期不改正的): shown with it, never counted as applied
    later = [t("result.follow_up", lang, event=pick(f["if"], lang), measures=sep.join(pick(m["label"], lang) for m in f["measures"]))
             for f in act.get("follow_up", ())]
    return sep.join([sep.join(names) or t("result.none", lang), *later])


def warning_lines(rb, act, lang) -> list:
    from penalty.engine.messages import MESSAGES
    from penalty.i18n import fill
    out = []
    for w in act["warnings"]:
        before, bounds = w.get("before"), w.get("bounds")
        if w["code"] == "engine.clamped" and act["recommended"] != before["recommended"]:
            # the amount itself was moved by the law's limit: say from what, to what, under which provision
            basis = pick(act["citations"]["penalty_basis"], lang) or t("result.none", lang)
            out.append(t("warning.clamped_amount", lang, before=amount(rb, before["recommended"], lang),
                         after=amount(rb, act["recommended"], lang), low=amount(rb, bounds["low"], lang),
                         high=amount(rb, bounds["high"], lang), basis=basis))
        else:
            out.append(fill(MESSAGES, w["code"], lang, **{k: v for k, v in w.items() if k != "code"}))
    return out


def decision_line(rb, result, lang) -> str | None:
    d = result["decision"]
    if d["basis"] == "art29":
        act = result["acts"][d["applied"][0]]
        return t("result.decision_art29", lang, title=pick(act["title"], lang))
    if d["basis"] == "separate":
        return t("result.decision_separate", lang, total=amount(rb, d["total_recommended"], lang))
    return None


def alternative(rb, a, lang) -> str:
    return t("result.alternative", lang, label=pick(a["label"], lang) or a["adjustment"], article=pick(a["article"], lang),
             grade=grade_label(rb, a["grade"], lang), band=band_text(rb, a["range"], lang),
             rec=amount(rb, a["recommended"], lang))


def markdown(rb, result: dict, lang: str, extra: str = "") -> str:
    """A memo for the case file: the result, then every step with its rule and article."""
    lines = [f"# {t('memo_title', lang)}", ""]
    lines += [f"- {x}" for x in header(rb, result, lang)]
    lines.append("")
    for act in result["acts"]:
        lines.append(f"## {t('violation', lang, title=pick(act['title'], lang), id=act['violation'])}")
        lines.append("")
        cites = act["citations"]
        if cites.get("violated"):
            lines.append(f"- {t('violated', lang, cite=pick(cites['violated'], lang))}")
        if cites.get("penalty_basis"):
            lines.append(f"- {t('penalty_basis', lang, cite=pick(cites['penalty_basis'], lang))}")
        lines += [
            f"- **{t('result.grade', lang)}**: {grade_label(rb, act['grade'], lang)}",
            f"- **{t('result.range', lang)}**: {range_text(rb, act, lang)}",
            f"- **{t(recommended_key(rb), lang)}**: {recommended_text(rb, act, lang)}",
            f"- **{t('result.measures', lang)}**: {measures_text(rb, act, lang)}",
            "", f"### {t('explanation', lang)}", "",
        ]
        n = 0
        for depth, text in steps(rb, act, lang):
            if depth == 0:
                n += 1
                lines.append(f"{n}. {text}")
            else:
                lines.append(f"    - {text}")
        if act["alternatives"]:
            lines += ["", f"### {t('result.alternatives', lang)}", ""]
            lines += [f"- {alternative(rb, a, lang)}" for a in act["alternatives"]]
        warnings = warning_lines(rb, act, lang)
        if warnings:
            lines += ["", f"### {t('result.warnings', lang)}", ""] + [f"- {w}" for w in warnings]
        lines.append("")
    decision = decision_line(rb, result, lang)
    if decision:
        lines += [f"**{decision}**", ""]
    if extra:
        lines += [extra.rstrip("\n"), ""]
    lines += ["---", t("fingerprint", lang, fp=result["rulebook"]["fingerprint"], engine=result["engine"]), ""]
    return printable("\n".join(lines))  # a memo is also printed (calc -f md, audit show): no control codes

