"""Where two JSON values differ, as short paths (result.amount, result.steps[2].grade), for replay and receipts."""
from __future__ import annotations

from typing import Any

from penalty import canonical


def differences(stored: Any, recomputed: Any, *, limit: int = 10) -> list[str]:
    """Paths at which `stored` and `recomputed` differ, depth first, at most `limit` of them ("$" = the whole)."""
    out: list[str] = []
    _walk(canonical.to_plain(stored), canonical.to_plain(recomputed), "$", out, limit)
    return out


def _walk(a: Any, b: Any, path: str, out: list[str], limit: int) -> None:
    if len(out) >= limit:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            sub = f"{path}.{key}" if path != "$" else key
            if key not in a or key not in b:
                out.append(sub)
            else:
                _walk(a[key], b[key], sub, out, limit)
            if len(out) >= limit:
                return
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            _walk(x, y, f"{path}[{i}]", out, limit)
    elif canonical.dumps(a) != canonical.dumps(b):
        out.append(path)
