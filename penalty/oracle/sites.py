"""Every place in a violation where a condition decides something, each with a stable name.

    <violation>/statutory/<n>        the n-th (1-based) branch of a statutory switch
    <violation>/row/<tier>           grid row tier            <violation>/column/<tier>   grid column tier
    <violation>/situation/<id>       situations list          <violation>/level/<factor>/<level>   points
    <violation>/adjustment/<id>      a legal adjustment (the violation's own and the rulebook's applicable ones)

Both evaluators report matches with these names, so their results can be compared as sets.
"""
from __future__ import annotations


def violation_sites(violation) -> tuple:
    """((site name, Condition), ...) in rulebook order. Conditions without a `when` are not sites."""
    v = violation
    out = []
    for n, form in enumerate(v.statutory, start=1):
        if form.when is not None:
            out.append((f"{v.id}/statutory/{n}", form.when))
    m = v.model
    if m is not None and m.kind == "grid":
        out += [(f"{v.id}/row/{t.id}", t.when) for t in m.rows.tiers]
        out += [(f"{v.id}/column/{t.id}", t.when) for t in m.columns.tiers]
    elif m is not None and m.kind == "situations":
        out += [(f"{v.id}/situation/{s.id}", s.when) for s in m.items]
    elif m is not None:
        out += [(f"{v.id}/level/{f.id}/{lv.id}", lv.when) for f in m.factors for lv in f.levels]
    out += [(f"{v.id}/adjustment/{a.id}", a.when) for a in v.adjustments if a.when is not None]
    names = [name for name, _ in out]
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise ValueError(f"two conditions share a site name: {', '.join(dup)}")
    return tuple(out)


_CACHE: dict = {}


def rulebook_sites(rb) -> dict:
    """{violation id: sites}, built once per loaded rulebook (rulebooks are immutable)."""
    hit = _CACHE.get(id(rb))
    if hit is not None and hit[0] is rb:
        return hit[1]
    sites = {v.id: violation_sites(v) for v in rb.violations}
    if len(_CACHE) > 32:  # a long-lived process that loads many rulebooks must not keep them all
        _CACHE.clear()
    _CACHE[id(rb)] = (rb, sites)  # holding rb keeps id() from being reused while cached
    return sites
