"""The one canonical JSON form: sorted keys, no floats, ISO dates, UTF-8.

Used for rulebook fingerprints, `--json` output, receipts and the audit register alike, so that the same
rulebook and facts give byte-identical bytes in any process and under any PYTHONHASHSEED.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
from decimal import Decimal
from typing import Any


_SCALARS = frozenset((str, int, bool, type(None)))


def to_plain(value: Any) -> Any:
    """Convert to JSON-ready values: Decimal -> string (exact), date -> ISO, tuples/sets -> lists."""
    # A result holds ~200 values, nearly all plain str/int/dict/list: those are told by their exact type first
    # (one set look-up instead of a chain of isinstance calls); anything else goes down the general chain.
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict:
        return {k if type(k) is str else str(k): v if type(v) in _SCALARS else to_plain(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [v if type(v) in _SCALARS else to_plain(v) for v in value]
    return _other_to_plain(value)


def _other_to_plain(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(to_plain(v) for v in value)
    to_json = getattr(value, "to_json", None)
    if to_json is not None:
        return to_plain(to_json())
    raise TypeError(f"not canonicalisable: {type(value).__name__}")


def _decimal_text(d: Decimal) -> str:
    # Normalise so that 1.50 and 1.5 give the same bytes; never exponent notation.
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


# orjson writes the very same bytes (sorted keys, ", "-free separators, two-space indent, the same escapes: a
# property test holds the two equal) about 50 times faster for the pretty form, which the standard library can
# only write with its pure-Python encoder (~0.3 ms of the ~0.8 ms a /v1/assess request costs). Importing it costs
# ~15 ms, more than a whole `calc --json` can spare, so only long-running processes switch it on (the server).
_fast: Any = None


def use_fast_encoder() -> bool:
    """Write through orjson from now on in this process, when it is installed (the `serve` extra); False if not."""
    global _fast
    try:
        import orjson
    except ImportError:
        return False
    _fast = orjson
    return True


def dumps(value: Any, *, pretty: bool = False) -> str:
    plain = to_plain(value)
    if _fast is not None:
        try:
            option = _fast.OPT_SORT_KEYS | (_fast.OPT_INDENT_2 if pretty else 0)
            return _fast.dumps(plain, option=option).decode("utf-8")
        except TypeError:  # an integer past 64 bits or a lone surrogate: the standard library writes those
            pass
    if pretty:
        return json.dumps(plain, sort_keys=True, ensure_ascii=False, indent=2)
    return json.dumps(plain, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sha256(value: Any) -> str:
    return hashlib.sha256(dumps(value).encode("utf-8")).hexdigest()
