"""`penalty calc --cross-check`: evaluate a case's conditions with durable-rules too, and compare the sets.

The answer is plain data for the CLI (penalty/cli/render.py::cross_check) and for `--json`:
    {"available": False, "reason": "..."}                  durable-rules cannot run here; never an exception
    {"available": True, "ok": bool, "matched": n, "only_ours": [...], "only_theirs": [...]}
`matched` counts the rules both evaluators agree on; the lists name disagreements by site (penalty.oracle.sites),
prefixed with the act number (`#2 ...`) when the case has several acts.
"""
from __future__ import annotations

from penalty.oracle.durable import NotEncodable, Unavailable, compile_rulebook, unavailable_reason, DurableSession
from penalty.oracle.matches import matched_rules
from penalty.oracle.sites import rulebook_sites

_CHOSEN_KINDS = {"row": "row", "column": "column", "situation": "situation"}


def _acts_data(result) -> list:
    acts = result.acts if hasattr(result, "acts") else result["acts"]
    return [a.data if hasattr(a, "data") else a for a in acts]


def _chosen(rb, data: dict) -> set:
    """Site names of the tiers/situations/levels the engine chose: they must be among the matched ones."""
    vid = data["violation"]
    out = set()
    for m in data.get("matched", ()):
        if m["kind"] in _CHOSEN_KINDS:
            out.add(f"{vid}/{_CHOSEN_KINDS[m['kind']]}/{m['id']}")
        elif m["kind"] == "level":  # levels are named per factor; the result names only the level
            out.update(s for s, _ in rulebook_sites(rb)[vid] if s.startswith(f"{vid}/level/")
                       and s.endswith(f"/{m['id']}"))
    return out


def cross_check_case(rulebook, case, result=None, timeout: float | None = None) -> dict:
    reason = unavailable_reason()
    if reason:
        return {"available": False, "reason": reason}
    acts = list(case.acts)
    ours = [set(matched_rules(rulebook, a.violation, a.facts)) for a in acts]
    if result is not None:
        for mine, data in zip(ours, _acts_data(result)):
            mine |= _chosen(rulebook, data)
    try:
        program = compile_rulebook(rulebook)
        kwargs = {} if timeout is None else {"timeout": timeout}
        with DurableSession(program, **kwargs) as session:
            theirs = session.match([(a.violation, a.facts) for a in acts])
    except (Unavailable, NotEncodable) as exc:
        return {"available": False, "reason": str(exc)}
    only_ours, only_theirs, agreed = [], [], 0
    for i, (o, t) in enumerate(zip(ours, theirs)):
        prefix = f"#{i + 1} " if len(acts) > 1 else ""
        only_ours += [prefix + s for s in sorted(o - t)]
        only_theirs += [prefix + s for s in sorted(t - o)]
        agreed += len(o & t)
    return {"available": True, "ok": not only_ours and not only_theirs, "matched": agreed,
            "only_ours": only_ours, "only_theirs": only_theirs}
