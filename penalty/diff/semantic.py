"""A semantic diff of two rulebooks (usually two versions of one): what a revision changes in the rules, not
in the text. Pure: two loaded Rulebooks in, canonical plain data out; the CLI renders tables and memos.

Violations are matched by id; a removed and an added violation with the same penalty provision and statutory
fine are reported as one renamed violation. Inside a violation: statutory forms by branch, grid cells by
(row id, column id), tiers, situations and weight levels by id, adjustments by id. Conditions are compared by
meaning (penalty.diff.intervals): a rewritten condition with the same set of values is marked as such.
"""
from __future__ import annotations

from penalty.diff.intervals import fact_sets
from penalty.money import UNBOUNDED
from penalty.rulebook.boundaries import item_ends
from penalty.rulebook.model import is_relative


def _amt(x):
    return "unbounded" if x is UNBOUNDED else x


def _band(band):
    if band is None:
        return None
    if is_relative(band):  # multiples of a fact: the factors and the fact
        return {"low": band.low, "high": band.high, "kind": band.kind, "of": band.of}
    return {"low": _amt(band.low), "high": _amt(band.high)}


def _form(f):
    out = {"form": f.kind, "low": _amt(f.low), "high": _amt(f.high)}
    if f.of:
        out["of"] = f.of
    if f.when is not None:
        out["when"] = f.when.text
    if f.warning:  # a warning offered instead of the fine is part of the statutory form: adding one is a change
        out["warning"] = True
    return out


def _item(rb, v, item):
    """A cell or situation as compared: its grade, its band, and the ends the engine gives that band."""
    if item is None:
        return None
    out = {"grade": item.grade, "band": _band(item.band)}
    ends = item_ends(rb, v, item)
    if ends is not None:
        out["ends"] = list(ends)
    return out


def _ends_only(o, n) -> dict:
    """Marks a change of which ends a band includes and nothing else ([a, b] -> [a, b))."""
    if o is None or n is None or "ends" not in o or "ends" not in n:
        return {}
    same_rest = {k: v for k, v in o.items() if k != "ends"} == {k: v for k, v in n.items() if k != "ends"}
    return {"ends_changed": True} if same_rest and o["ends"] != n["ends"] else {}


def _ends(ends):
    return [ends.low, ends.high]


def _split(s):
    if s is None:
        return None
    return {"method": s.method, "geometric_from_ratio": s.geometric_from_ratio,
            "shares": {k: list(v) for k, v in s.shares.items()}, "below_minimum": list(s.below_minimum),
            "open_maximum": {k: list(v) for k, v in s.open_maximum.items()}, "recommend": s.recommend}


def _adj(a):
    return {"mode": a.mode, "when": a.when.text if a.when else None, "effect": a.effect, "value": a.value,
            "article": a.article, "violations": list(a.violations), "source": a.source, "label": a.label}


def _limitation(lim):
    if lim is None:
        return None
    return {"article": lim.article, "months": lim.months, "safety_months": lim.safety_months,
            "harm_fact": lim.harm_fact, "violations": {k: _limitation(v) for k, v in lim.by_violation.items()}}


def _cond(cond, facts):
    if cond is None:
        return None
    return {"text": cond.text, "sets": fact_sets(cond, facts)}


def _cond_change(kind, where, old_c, new_c, old_rb, new_rb, extra=None):
    if (old_c.text if old_c else None) == (new_c.text if new_c else None):
        return None
    o, n = _cond(old_c, old_rb.facts), _cond(new_c, new_rb.facts)
    same = o is not None and n is not None and o["sets"] is not None and o["sets"] == n["sets"]
    return {"kind": kind, "where": where, "old": o, "new": n, "same_meaning": same, **(extra or {})}


def _by_id(items):
    return {i.id: i for i in items}


def _pairs(old: dict, new: dict):
    """Keys in old order, then keys only in new."""
    keys = list(old) + [k for k in new if k not in old]
    return [(k, old.get(k), new.get(k)) for k in keys]


def _model_changes(ov, nv, old_rb, new_rb) -> list:
    om, nm = ov.model, nv.model
    out = []
    okind, nkind = (om.kind if om else None), (nm.kind if nm else None)
    if okind != nkind:
        return [{"kind": "model", "where": "model", "old": okind, "new": nkind}]
    if om is None:
        return out
    if okind == "grid":
        for axis in ("rows", "columns"):
            for tid, ot, nt in _pairs(_by_id(getattr(om, axis).tiers), _by_id(getattr(nm, axis).tiers)):
                where = f"{axis}:{tid}"
                label = (nt or ot).label
                if ot is None or nt is None:
                    out.append({"kind": "tier", "where": where, "label": label,
                                "old": _cond(ot.when, old_rb.facts) if ot else None,
                                "new": _cond(nt.when, new_rb.facts) if nt else None})
                else:
                    c = _cond_change("tier_condition", where, ot.when, nt.when, old_rb, new_rb, {"label": label})
                    if c:
                        out.append(c)
        for key, oc, nc in _pairs(om.cells, nm.cells):
            o = _item(old_rb, ov, oc)
            n = _item(new_rb, nv, nc)
            if o != n:
                row = next((t for t in (*nm.rows.tiers, *om.rows.tiers) if t.id == key[0]), None)
                col = next((t for t in (*nm.columns.tiers, *om.columns.tiers) if t.id == key[1]), None)
                out.append({"kind": "cell", "where": f"{key[0]}×{key[1]}", "row": key[0], "column": key[1],
                            "row_label": row.label if row else None, "column_label": col.label if col else None,
                            "old": o, "new": n, **_ends_only(o, n)})
    elif okind == "situations":
        for sid, os_, ns in _pairs(_by_id(om.items), _by_id(nm.items)):
            label = (ns or os_).label
            o = _item(old_rb, ov, os_)
            n = _item(new_rb, nv, ns)
            if os_ is None or ns is None:
                out.append({"kind": "situation", "where": sid, "label": label, "old": o, "new": n,
                            "old_condition": _cond(os_.when, old_rb.facts) if os_ else None,
                            "new_condition": _cond(ns.when, new_rb.facts) if ns else None})
                continue
            if o != n:
                out.append({"kind": "situation", "where": sid, "label": label, "old": o, "new": n, **_ends_only(o, n)})
            c = _cond_change("situation_condition", sid, os_.when, ns.when, old_rb, new_rb, {"label": label})
            if c:
                out.append(c)
    else:
        for field in ("start", "cap", "of"):
            if getattr(om, field) != getattr(nm, field):
                out.append({"kind": "points", "where": field, "old": getattr(om, field), "new": getattr(nm, field)})
        for fid, of, nf in _pairs(_by_id(om.factors), _by_id(nm.factors)):
            olv = _by_id(of.levels) if of else {}
            nlv = _by_id(nf.levels) if nf else {}
            for lid, ol, nl in _pairs(olv, nlv):
                where = f"{fid}.{lid}" if not lid.startswith(fid + ".") else lid
                label = (nl or ol).label
                if ol is None or nl is None or ol.weight != nl.weight:
                    out.append({"kind": "level", "where": where, "label": label,
                                "old": {"weight": ol.weight} if ol else None, "new": {"weight": nl.weight} if nl else None})
                if ol is not None and nl is not None:
                    c = _cond_change("level_condition", where, ol.when, nl.when, old_rb, new_rb, {"label": label})
                    if c:
                        out.append(c)
    return out


def violation_changes(ov, nv, old_rb, new_rb) -> list:
    out = []
    for field in ("title", "violated", "penalty_basis", "touches_safety"):
        if getattr(ov, field) != getattr(nv, field):
            out.append({"kind": field, "where": field, "old": getattr(ov, field), "new": getattr(nv, field)})
    of, nf = [_form(f) for f in ov.statutory], [_form(f) for f in nv.statutory]
    for i in range(max(len(of), len(nf))):
        o = of[i] if i < len(of) else None
        n = nf[i] if i < len(nf) else None
        if o != n:
            out.append({"kind": "statutory", "where": f"branch {i + 1}" if max(len(of), len(nf)) > 1 else "statutory",
                        "old": o, "new": n,
                        "label": (nv.statutory[i].label if i < len(nv.statutory) else ov.statutory[i].label)})
    if ov.ends != nv.ends and (old_rb.ends, new_rb.ends) != (ov.ends, nv.ends):  # the violation's own words
        out.append({"kind": "boundaries", "where": "boundaries", "old": _ends(ov.ends), "new": _ends(nv.ends)})
    if _split(ov.split) != _split(nv.split):
        out.append({"kind": "split", "where": "split", "old": _split(ov.split), "new": _split(nv.split)})
    out += _model_changes(ov, nv, old_rb, new_rb)
    om = {"always": list(ov.measures_always), "by_grade": {k: list(v) for k, v in ov.measures_by_grade.items()}}
    nm = {"always": list(nv.measures_always), "by_grade": {k: list(v) for k, v in nv.measures_by_grade.items()}}
    for side, v in ((om, ov), (nm, nv)):  # the conditional keys only when written: older diffs stay as they were
        if v.measures_when or ov.measures_when or nv.measures_when:
            side["when"] = [{"if": c.text, "add": list(ids)} for c, ids in v.measures_when]
        if v.measures_follow_up or ov.measures_follow_up or nv.measures_follow_up:
            side["follow_up"] = [{"if": e, "add": list(ids)} for e, ids in v.measures_follow_up]
    if om != nm:
        out.append({"kind": "measures", "where": "measures", "old": om, "new": nm})
    own_o = {a.id: a for a in ov.adjustments if a.source == "violation"}
    own_n = {a.id: a for a in nv.adjustments if a.source == "violation"}
    out += _adjustment_changes(own_o, own_n)
    return out


def _adjustment_changes(old: dict, new: dict) -> list:
    out = []
    for aid, oa, na in _pairs(old, new):
        o, n = (_adj(oa) if oa else None), (_adj(na) if na else None)
        if o != n:
            fields = sorted(k for k in (o or n) if (o or {}).get(k) != (n or {}).get(k))
            out.append({"kind": "adjustment", "where": aid, "old": o, "new": n, "fields": fields,
                        "label": (na or oa).label, "article": (na or oa).article})
    return out


def _shared_adjustments(rb) -> dict:
    out = {}
    for v in rb.violations:
        for a in v.adjustments:
            if a.source != "violation":
                out.setdefault(a.id, a)
    return out


def _fact(f):
    return {"type": f.type, "min": _amt(f.min) if f.min is not None else None, "max": f.max,
            "values": sorted(f.values), "default": f.default, "required": f.required}


def _header(rb):
    return {"id": rb.id, "version": rb.version, "file": rb.file, "fingerprint": rb.fingerprint,
            "effective": {"from": rb.effective_from, "to": rb.effective_to}, "title": rb.title}


def _same_law(ov, nv) -> bool:
    return ov.penalty_basis == nv.penalty_basis and [_form(f) for f in ov.statutory] == [_form(f) for f in nv.statutory]


def diff_rulebooks(old, new) -> dict:
    """Everything `new` changes relative to `old`, as canonical plain data (see docs/versions.md)."""
    from penalty.canonical import to_plain
    top = []
    if old.ends != new.ends:  # compared by meaning: [a, b) written as lower_inclusive or as 以下不含本数 is one rule
        top.append({"kind": "boundaries", "where": "boundaries", "old": _ends(old.ends), "new": _ends(new.ends)})
    for field in ("overlaps", "default_grade"):
        if getattr(old, field) != getattr(new, field):
            top.append({"kind": field, "where": field, "old": getattr(old, field), "new": getattr(new, field)})
    if old.rounding != new.rounding:
        top.append({"kind": "rounding", "where": "rounding", "old": {"step": old.rounding.step, "mode": old.rounding.mode},
                    "new": {"step": new.rounding.step, "mode": new.rounding.mode}})
    og = [(g.id, g.kind) for g in old.grades]
    ng = [(g.id, g.kind) for g in new.grades]
    if og != ng:
        top.append({"kind": "grades", "where": "grades", "old": [g for g, _ in og], "new": [g for g, _ in ng]})
    if _limitation(old.limitation) != _limitation(new.limitation):
        top.append({"kind": "limitation", "where": "limitation", "old": _limitation(old.limitation),
                    "new": _limitation(new.limitation)})
    for name, of, nf in _pairs(old.facts, new.facts):
        o, n = (_fact(of) if of else None), (_fact(nf) if nf else None)
        if o != n:
            top.append({"kind": "fact", "where": name, "old": o, "new": n, "label": (nf or of).label})
    top += _adjustment_changes(_shared_adjustments(old), _shared_adjustments(new))

    ov, nv = _by_id(old.violations), _by_id(new.violations)
    removed = [i for i in ov if i not in nv]
    added = [i for i in nv if i not in ov]
    renamed = []
    for rid in list(removed):
        match = next((aid for aid in added if _same_law(ov[rid], nv[aid])), None)
        if match is not None:
            removed.remove(rid)
            added.remove(match)
            renamed.append((rid, match))
    changed = []
    for vid in ov:
        if vid in nv:
            ch = violation_changes(ov[vid], nv[vid], old, new)
            if ch:
                changed.append({"id": vid, "title": nv[vid].title, "changes": ch})
    for rid, aid in renamed:
        changed.append({"id": aid, "old_id": rid, "title": nv[aid].title,
                        "changes": violation_changes(ov[rid], nv[aid], old, new)})

    def brief(v):
        return {"id": v.id, "title": v.title, "penalty_basis": v.penalty_basis, "statutory": [_form(f) for f in v.statutory],
                "model": v.model.kind if v.model else None}
    # every place a case can be graded differently: a cell, situation or level (its band or its condition), a tier
    graded = ("cell", "situation", "level", "tier_condition", "situation_condition", "level_condition")
    n_cells = sum(1 for c in changed for x in c["changes"] if x["kind"] in graded)
    data = {
        "old": _header(old), "new": _header(new), "same_rulebook": old.id == new.id,
        "rulebook": top,
        "violations": {"added": [brief(nv[i]) for i in added], "removed": [brief(ov[i]) for i in removed],
                       "renamed": [{"old": r, "new": a} for r, a in renamed], "changed": changed},
        "summary": {"added": len(added), "removed": len(removed), "renamed": len(renamed), "changed": len(changed),
                    "bands_changed": n_cells, "rulebook_changes": len(top)},
    }
    return to_plain(data)
