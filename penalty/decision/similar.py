"""Similar cases (类案参考, 偏离预警): the register's decided cases that the rulebook treats alike, and whether the
officer's amount sits far from them, by the review's own peer rule (penalty/peers.py: the same violation,
cell / situation / weight total and grade; band positions; |position − median| > 3.5 × max(1.4826 × MAD, 2.5 %)
among at least 10 peers). Pure: the register's entries are an argument.
"""
from __future__ import annotations

from penalty.peers import Options, far_from_peers, lower_median, model_key, position_bp, robust_scale

RECENT = 5  # the last case ids shown
REVIEW = Options()  # the review's defaults: 3.5 robust deviations, a 2.5 % floor, at least 10 peers


def position(amount, band: dict, grade_kind: str):
    """The band position of an amount in basis points, or None where the review leaves it undefined (an open or
    fixed band, 不予处罚)."""
    low, high = band["low"], band["high"]
    if not (isinstance(amount, int) and isinstance(low, int) and isinstance(high, int)) or high <= low \
            or grade_kind == "no_penalty":
        return None
    return position_bp(amount, low, high)


def peer_group(act: dict, entries, case_id: str | None, opt: Options = REVIEW) -> dict:
    """The decided cases alike to `act` (an act of a result's JSON) among `entries` (the register's standing
    decisions of its violation), other than this case itself."""
    from penalty.audit.register import decision_of
    key = _key(act)
    peers = []
    for e in entries:
        decision = decision_of(e)
        acts = e.result.get("acts") if isinstance(e.result, dict) else None
        if decision is None or e.case_id == case_id or not isinstance(acts, list):
            continue
        index = decision.get("act", 0)
        if not isinstance(index, int) or not 0 <= index < len(acts):
            continue
        theirs = acts[index]
        if not isinstance(theirs, dict) or not isinstance(theirs.get("range"), dict) or _key(theirs) != key:
            continue  # another cell or grade (or an entry no engine wrote: `audit verify` says which)
        amount = decision.get("amount")
        peers.append({"seq": e.seq, "case_id": e.case_id, "amount": amount,
                      "position": position(amount, theirs["range"], theirs.get("grade_kind", ""))})
    positions = [p["position"] for p in peers if p["position"] is not None]
    amounts = [p["amount"] for p in peers if isinstance(p["amount"], int)]
    out = {"violation": key[0], "model_key": key[1], "grade": key[2], "count": len(peers),
           "positioned": len(positions), "median_bp": None, "mad_bp": None,
           "amounts": {"low": min(amounts), "high": max(amounts)} if amounts else None,
           "recent": [{"seq": p["seq"], "case_id": p["case_id"]} for p in peers[-RECENT:]],
           "min_peers": opt.min_peers}
    if positions:
        median = lower_median(positions)
        out["median_bp"] = median
        out["mad_bp"] = lower_median([abs(p - median) for p in positions])
    return out


def _key(act: dict):
    try:
        return act.get("violation"), model_key(act), act.get("grade")
    except (KeyError, TypeError, AttributeError):
        return None


def far_warning(group: dict, amount: int, act: dict, opt: Options = REVIEW) -> dict | None:
    """The warning `decide` gives when `amount` is an outlier among its peers (the review's rule), or None."""
    mine = position(amount, act["range"], act.get("grade_kind", ""))
    if mine is None or group["median_bp"] is None:
        return None
    dev = mine - group["median_bp"]
    scale = robust_scale(group["mad_bp"], opt.floor_bp)
    if not far_from_peers(abs(dev), scale, group["positioned"], opt):
        return None
    return {"code": "decision.similar.far", "args": {
        "position": percent(mine), "median": percent(group["median_bp"]), "n": group["positioned"],
        "deviations": _tenths(abs(dev), scale), "threshold": str(opt.threshold)}}


def _tenths(numerator: int, denominator: int) -> str:
    """numerator / denominator to one decimal, rounded half up, in integers."""
    tenths = (numerator * 20 + denominator) // (denominator * 2)
    return f"{tenths // 10}.{tenths % 10}"


def percent(bp: int) -> str:
    """Basis points as a whole percent (rounded half up, as the review's shares)."""
    return f"{(bp * 2 + 100) // 200}%" if bp >= 0 else f"-{(-bp * 2 + 100) // 200}%"


def from_register(register, result: dict, case_id: str | None) -> list:
    """类案参考 for each act the result applies: the peers among the register's standing decisions."""
    from penalty.audit.register import Register, decided_cases, resolve_path
    groups = []
    acts = [result["acts"][i] for i in result["decision"]["applied"]]
    entries: dict = {}
    if resolve_path(register).exists():
        with Register.open(register, create=False) as reg:
            for act in acts:
                entries.setdefault(act["violation"], decided_cases(reg, violation=act["violation"]))
    for act in acts:
        groups.append(peer_group(act, entries.get(act["violation"], []), case_id))
    return groups
