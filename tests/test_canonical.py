"""The canonical JSON is the same bytes whichever encoder writes it: the standard library's (every CLI command) or
orjson (switched on by the server, penalty/canonical.py). Checked by property against the standard library's
own call with the canonical settings, on values of every shape the results hold, and on the ones orjson cannot
write (integers past 64 bits, lone surrogates, nesting past its limit), which fall back to the standard library."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penalty import canonical

pytest.importorskip("orjson")  # in the test extra; without it there is only the one encoder

_keys = st.text(max_size=8)
_scalars = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
            | st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
            | st.sampled_from(["\x00", "\x1f", "\x7f", "\u2028", '"\\', "\b\f\n\r\t", "元以上、", "😀"]))
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=4),
                       max_leaves=25)


def _standard(plain, pretty: bool) -> str:
    if pretty:
        return json.dumps(plain, sort_keys=True, ensure_ascii=False, indent=2)
    return json.dumps(plain, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@pytest.fixture
def fast():
    before = canonical._fast
    assert canonical.use_fast_encoder()
    yield
    canonical._fast = before


@settings(max_examples=400, deadline=None)
@given(value=_values, pretty=st.booleans())
def test_orjson_writes_the_standard_librarys_bytes(value, pretty):
    before = canonical._fast
    try:
        canonical.use_fast_encoder()
        assert canonical.dumps(value, pretty=pretty) == _standard(value, pretty)
    finally:
        canonical._fast = before


@pytest.mark.parametrize("value", [2**64, -(2**63) - 1, "\ud800", {"k": ["\udfff"]}])
@pytest.mark.parametrize("pretty", [False, True])
def test_what_orjson_refuses_is_written_by_the_standard_library(fast, value, pretty):
    assert canonical.dumps(value, pretty=pretty) == _standard(value, pretty)


def test_nesting_past_orjsons_limit_falls_back(fast):
    deep: list = []
    for _ in range(300):
        deep = [deep]
    assert canonical.dumps(deep, pretty=True) == _standard(deep, True)


def test_plain_values_first(fast):
    value = {2: Decimal("1.50"), "d": dt.date(2024, 3, 5), "s": {"b", "a"}, "t": (1, 2)}
    expected = '{"2":"1.5","d":"2024-03-05","s":["a","b"],"t":[1,2]}'
    assert canonical.dumps(value) == expected
    assert canonical.sha256(value) == canonical.sha256(json.loads(expected))


def _reference_plain(value):
    """to_plain as it was written before its exact-type fast path: the isinstance chain alone."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, Decimal):
        return canonical._decimal_text(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _reference_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_reference_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_reference_plain(v) for v in value)
    return _reference_plain(value.to_json())


class _Label(str):
    pass


_rich_scalars = (_scalars | st.decimals(allow_nan=False, allow_infinity=False, places=3) | st.dates()
                 | st.builds(_Label, st.text(max_size=4)))
_rich = st.recursive(_rich_scalars, lambda inner: (
    st.lists(inner, max_size=4) | st.lists(inner, max_size=3).map(tuple)
    | st.dictionaries(_keys | st.integers(0, 9), inner, max_size=4)
    | st.frozensets(st.text(max_size=3), max_size=3)), max_leaves=25)


@settings(max_examples=400, deadline=None)
@given(value=_rich)
def test_the_fast_path_of_to_plain_gives_what_the_general_chain_gives(value):
    assert canonical.to_plain(value) == _reference_plain(value)
    assert canonical.dumps(value) == _standard(_reference_plain(value), False)
