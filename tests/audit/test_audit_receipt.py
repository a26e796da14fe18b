"""Receipts: self-contained, verifiable offline by recomputation; optional Ed25519 signature."""
from __future__ import annotations

import builtins
import copy
import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit_helpers import FP_A, FP_B, RULEBOOK_A, fake_recompute
from penalty.audit import (
    ReceiptError, dump_receipt, generate_key, load_private_key, load_public_key, load_receipt, make_receipt,
    sign_receipt, verify_receipt,
)
from penalty.audit import receipt as receipt_mod
from penalty.audit.receipt import content_hash, encrypt_private_key, key_id

FACTS = {"violation": "food-122", "base": "25000", "first_time": True, "notes": "当事人积极配合"}
ENGINE = "penalty 0.1.0"


def issue(**kw):
    facts = kw.pop("facts", FACTS)
    args = dict(case_id="宁市监罚〔2024〕12号", facts=facts, result=fake_recompute(RULEBOOK_A, "a", facts),
                rulebook_fingerprint=FP_A, rulebook_name="food.yaml", engine_version=ENGINE,
                explanation="罚款 50000 元。\n", issued_at=dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc))
    args.update(kw)
    return make_receipt(**args)


def fake_explain(result):
    """The stand-in engine's memo for a result, in its two languages (the receipt's explanation is one)."""
    return [f"罚款 {result['amount']} 元。\n", f"Fine {result['amount']} yuan.\n"]


def check(receipt, **kw):
    """Verify as `receipt verify --allow-unsigned` does unless a test says otherwise (a pinned key is tested
    below, and what happens without one and without --allow-unsigned)."""
    kw.setdefault("rulebook_fingerprint", FP_A)
    kw.setdefault("explain", fake_explain)
    kw.setdefault("allow_unsigned", True)
    return verify_receipt(receipt, fake_recompute, RULEBOOK_A, **kw)


def reread(receipt):
    """Through the file format, as a verifier elsewhere gets it."""
    return load_receipt(dump_receipt(receipt).encode("utf-8"))


def statuses(report):
    return {c.name: c.status for c in report.checks}


def test_a_fresh_receipt_verifies_offline():
    receipt = reread(issue())
    report = check(receipt, current_engine=ENGINE)
    assert report.ok, report.to_json()
    assert statuses(report) == {"hash": "ok", "rulebook": "ok", "result": "ok", "explanation": "ok", "engine": "ok",
                                "signature": "warn"}
    assert report.weaker and "weaker" in report.message
    assert receipt["result"]["amount"] == "50000"  # Decimal written as exact text
    assert receipt["rulebook"] == {"name": "food.yaml", "fingerprint": FP_A}
    assert receipt["engine_version"] == ENGINE and len(receipt["content_hash"]) == 64


def test_receipt_file_is_canonical_and_stable():
    text = dump_receipt(issue())
    assert text == dump_receipt(reread(issue()))
    assert text.endswith("\n") and "当事人积极配合" in text  # UTF-8, not \u escapes
    assert json.loads(text)["content_hash"] == content_hash(json.loads(text))


def test_an_edited_receipt_fails_the_hash_and_the_recomputation():
    receipt = reread(issue())
    receipt["result"]["amount"] = "5000"
    report = check(receipt)
    assert not report.ok
    assert statuses(report)["hash"] == "fail" and statuses(report)["result"] == "fail"
    assert report.check("result").details["paths"] == ["amount"]


def test_an_edited_receipt_with_its_hash_recomputed_still_fails_the_recomputation():
    receipt = reread(issue())
    receipt["result"]["amount"] = "5000"
    receipt["content_hash"] = content_hash(receipt)
    report = check(receipt)
    assert statuses(report)["hash"] == "ok" and statuses(report)["result"] == "fail" and not report.ok


def test_edited_facts_give_a_different_result():
    receipt = reread(issue())
    receipt["facts"]["base"] = "1"
    receipt["content_hash"] = content_hash(receipt)
    assert statuses(check(receipt))["result"] == "fail"


def test_the_wrong_rulebook_is_named():
    report = check(reread(issue()), rulebook_fingerprint=FP_B)
    assert statuses(report)["rulebook"] == "fail" and not report.ok
    assert FP_A in report.check("rulebook").message and FP_B in report.check("rulebook").message


def test_an_engine_error_is_a_failed_check_not_a_crash():
    def broken(text, name, facts):
        raise KeyError("base")
    report = verify_receipt(reread(issue()), broken, RULEBOOK_A, explain=fake_explain, allow_unsigned=True)
    assert statuses(report)["result"] == "fail" and "KeyError" in report.check("result").message


def test_another_engine_version_is_a_warning():
    report = check(reread(issue()), current_engine="penalty 0.2.0")
    assert report.ok and statuses(report)["engine"] == "warn"


@pytest.mark.parametrize("text, fragment", [
    (b"not json", "receipt"),
    (b"[1, 2]", "object"),
    (b'{"format": "something/9"}', "format"),
    (b'{"format": "penalty-receipt/1", "case_id": "x"}', "missing"),
    (b'{"amount": NaN}', "NaN"),
    (b"\xff\xfe garbage", "receipt"),
])
def test_unreadable_receipts_raise_a_receipt_error(text, fragment):
    with pytest.raises(ReceiptError) as err:
        load_receipt(text, path="r.json")
    assert fragment in err.value.message and err.value.hint


def test_verify_receipt_reports_a_bad_shape_instead_of_raising():
    report = verify_receipt({"format": "nope"}, fake_recompute, RULEBOOK_A, allow_unsigned=True)
    assert not report.ok and statuses(report) == {"format": "fail"}


# --- signing ----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def keys():
    private, public = generate_key()
    other_private, other_public = generate_key()
    return private, public, other_public


def test_signed_receipt_verifies_against_the_trusted_key(keys):
    private, public, _ = keys
    signed = reread(sign_receipt(issue(), private))
    report = check(signed, public_key=public, allow_unsigned=False)
    assert report.ok and statuses(report)["signature"] == "ok" and not report.weaker
    assert signed["signature"]["key_id"] == key_id(load_public_key(public))
    assert signed["signature"]["algorithm"] == "Ed25519"


def test_signature_without_a_trusted_key_is_only_a_warning(keys):
    private, _, _ = keys
    report = check(reread(sign_receipt(issue(), private)))
    assert report.ok and statuses(report)["signature"] == "warn"
    assert "--public-key" in report.check("signature").message


def test_signed_by_another_key(keys):
    private, _, other_public = keys
    report = check(reread(sign_receipt(issue(), private)), public_key=other_public)
    assert not report.ok and statuses(report)["signature"] == "fail"


def test_a_forger_who_edits_and_rehashes_breaks_the_signature(keys):
    private, public, _ = keys
    signed = reread(sign_receipt(issue(), private))
    signed["case_id"] = "another case"
    signed["content_hash"] = content_hash(signed)
    report = check(signed, public_key=public)
    assert statuses(report)["hash"] == "ok" and statuses(report)["signature"] == "fail" and not report.ok


def test_a_forger_who_re_signs_with_own_key_and_swaps_the_embedded_key(keys):
    _, public, _ = keys
    forger_private, _ = generate_key()
    forged = reread(sign_receipt(issue(), forger_private))
    assert statuses(check(forged))["signature"] == "warn"  # self-consistent ...
    assert statuses(check(forged, public_key=public))["signature"] == "fail"  # ... but not by the trusted key


@pytest.mark.parametrize("field, value", [("value", "AAAA"), ("value", "not base64!"), ("public_key", "xx"),
                                          ("algorithm", "RSA")])
def test_a_mangled_signature_fails(keys, field, value):
    private, public, _ = keys
    signed = reread(sign_receipt(issue(), private))
    signed["signature"][field] = value
    assert statuses(check(signed, public_key=public))["signature"] == "fail"


def test_an_unsigned_receipt_fails_when_a_signature_is_required(keys):
    _, public, _ = keys
    report = check(reread(issue()), public_key=public)
    assert not report.ok and statuses(report)["signature"] == "fail"


def test_an_encrypted_private_key(keys):
    private, public, _ = keys
    locked = encrypt_private_key(private, b"correct horse")
    assert b"ENCRYPTED" in locked
    key = load_private_key(locked, b"correct horse")
    assert check(reread(sign_receipt(issue(), key)), public_key=public).ok
    with pytest.raises(ReceiptError) as err:
        load_private_key(locked, b"wrong")
    assert err.value.code == "sign.bad_key"


def test_a_key_file_that_is_not_a_key():
    with pytest.raises(ReceiptError) as err:
        load_public_key(b"-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n", path="k.pem")
    assert err.value.code == "sign.bad_key" and "k.pem" in err.value.message


def test_without_cryptography_signing_says_how_to_install_it(monkeypatch):
    real_import = builtins.__import__

    def no_crypto(name, *args, **kw):
        if name.startswith("cryptography"):
            raise ImportError("No module named 'cryptography'")
        return real_import(name, *args, **kw)

    monkeypatch.setattr(builtins, "__import__", no_crypto)
    with pytest.raises(ReceiptError) as err:
        generate_key()
    assert err.value.code == "sign.no_crypto" and "penalty[sign]" in err.value.hint
    # Unsigned receipts need nothing extra.
    assert check(reread(issue())).ok


# --- property: any plain facts make a receipt that survives the file format and verifies --------------------

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.text(max_size=20),
                         st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10**9,
                                     max_value=10**9))
facts_strategy = st.dictionaries(st.text(min_size=1, max_size=10), st.recursive(
    json_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                              max_size=4), max_leaves=10),
    max_size=6)


def echo_recompute(text, name, facts):
    # A stand-in engine whose result carries the facts back, to exercise every shape of value.
    return {"facts_seen": facts, "amount": Decimal("100.50")}


FUZZ_PRIVATE_PEM, FUZZ_PUBLIC = generate_key()
FUZZ_KEY = load_private_key(FUZZ_PRIVATE_PEM)


@settings(max_examples=100, deadline=None)
@given(facts=facts_strategy)
def test_any_facts_round_trip_and_verify(facts):
    receipt = make_receipt(case_id="c", facts=facts, result=echo_recompute("", "", facts), rulebook_fingerprint=FP_A,
                           rulebook_name="r", engine_version=ENGINE)
    signed = sign_receipt(receipt, FUZZ_KEY)
    again = load_receipt(dump_receipt(signed))
    assert again == signed
    report = verify_receipt(again, echo_recompute, "", rulebook_fingerprint=FP_A, public_key=FUZZ_PUBLIC)
    assert report.ok and not report.weaker, report.to_json()


def test_make_receipt_does_not_share_structure_with_its_input():
    facts = copy.deepcopy(FACTS)
    receipt = issue(facts=facts)
    facts["base"] = "changed"
    assert receipt["facts"]["base"] == "25000"
    assert receipt_mod.FORMAT == receipt["format"]


# --- canonical bytes only, everything shown recomputed, a pinned key required (issue 14) ---------------------------

def test_a_duplicate_key_with_a_fake_explanation_first_is_refused(keys):
    """The reproducer: a fake "explanation" placed before the real one verified with the trusted key."""
    private, _, _ = keys
    text = dump_receipt(sign_receipt(issue(), private))
    forged = text.replace("{\n", '{\n  "explanation": "罚款 5,000 元（伪造）",\n', 1)
    with pytest.raises(ReceiptError) as err:
        load_receipt(forged.encode("utf-8"), path="dup.json")
    assert "explanation" in err.value.message and "twice" in err.value.message


@pytest.mark.parametrize("respell", [
    lambda t: t.replace("\n", "\r\n"),                         # line endings
    lambda t: json.dumps(json.loads(t), ensure_ascii=False),   # one line, other spacing
    lambda t: json.dumps(json.loads(t), ensure_ascii=True, indent=2, sort_keys=True) + "\n",  # \u escapes
    lambda t: t.replace('"amount": "50000"', '"amount":  "50000"'),  # spacing inside
    lambda t: t[:-1],                                           # final newline dropped
])
def test_non_canonical_bytes_are_refused(respell):
    text = dump_receipt(issue())
    other = respell(text)
    assert other != text
    with pytest.raises(ReceiptError) as err:
        load_receipt(other.encode("utf-8"), path="r.json")
    assert err.value.code == "receipt.not_canonical" and "r.json" in err.value.message


def test_a_key_no_check_would_recompute_is_refused():
    body = issue()
    body["note"] = "已结案，无需复核"
    body["content_hash"] = content_hash(body)
    with pytest.raises(ReceiptError) as err:
        load_receipt(dump_receipt(body).encode("utf-8"))
    assert err.value.code == "receipt.bad_format" and "note" in err.value.message


def test_json_nested_100000_deep_is_a_clean_error():
    text = '{"format": "penalty-receipt/1", "x": ' + "[" * 100000 + "]" * 100000 + "}"
    with pytest.raises(ReceiptError) as err:
        load_receipt(text.encode("utf-8"), path="deep.json")
    assert err.value.code == "receipt.unreadable" and "deep.json" in err.value.message


def test_an_edited_explanation_fails_even_when_rehashed_and_re_signed():
    forger_private, _ = generate_key()
    body = issue()
    body["explanation"] = "罚款 5000 元。\n"  # the result still says 50000
    forged = reread(sign_receipt(body, forger_private))
    report = check(forged)
    assert statuses(report)["hash"] == "ok" and statuses(report)["result"] == "ok"
    assert statuses(report)["explanation"] == "fail" and not report.ok


def test_an_explanation_that_cannot_be_recomputed_is_not_confirmed():
    report = check(reread(issue()), explain=None)
    assert statuses(report)["explanation"] == "fail" and not report.ok


@pytest.mark.parametrize("sign", [False, True])
def test_without_a_pinned_key_a_receipt_fails_unless_the_weaker_check_is_asked_for(keys, sign):
    """A stripped receipt (sign=False) or one re-signed by anyone (the key travels inside) proves no issuer."""
    private, _, _ = keys
    receipt = reread(sign_receipt(issue(), private) if sign else issue())
    strict = check(receipt, allow_unsigned=False)
    assert not strict.ok and statuses(strict)["signature"] == "fail"
    assert "no trusted key" in strict.check("signature").message
    weaker = check(receipt, allow_unsigned=True)
    assert weaker.ok and weaker.weaker and statuses(weaker)["signature"] == "warn"
    assert "weaker" in weaker.message
