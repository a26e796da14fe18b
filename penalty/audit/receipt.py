"""Receipts: a self-contained JSON record of one assessment that anyone can re-check offline.

A receipt holds the facts, the result, the rulebook's name and fingerprint, the engine version and a content
hash over all of it. `verify_receipt` checks the hash (was it edited?), the rulebook fingerprint (is this the
rulebook it was issued with?) and recomputes the result with the caller's engine (is it what the rules give?).

Optional Ed25519 signature (`cryptography`, imported only when signing is used): it proves which key issued
the receipt. The public key travels in the receipt for convenience, which proves nothing by itself; only a
check against a public key the verifier already trusts (`public_key=`) does. See docs/audit.md, key handling.
"""
from __future__ import annotations

import base64
import copy
import datetime as _dt
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable, Iterable

from penalty import canonical
from penalty.audit import messages
from penalty.audit.diff import differences
from penalty.audit.errors import ReceiptError

FORMAT = "penalty-receipt/1"
ALGORITHM = "Ed25519"
_REQUIRED = ("format", "case_id", "issued_at", "engine_version", "rulebook", "facts", "result", "content_hash")
# Every key a receipt may hold. Anything else would be shown to a reader without being recomputed: refused.
_ALLOWED = frozenset(_REQUIRED) | {"explanation", "issuer", "signature"}
# Receipts are a few KiB; reading is bounded so that a huge file or a device cannot exhaust memory.
MAX_BYTES = 16 * 1024 * 1024
# Keys outside what the content hash covers: the hash itself and the signature over the hashed body.
_UNHASHED = ("content_hash", "signature")

Recompute = Callable[[str, str, dict], dict]
# explain(recomputed result) -> the explanation texts the result gives (one per language it can be issued in).
Explain = Callable[[Any], Iterable[str]]


# --- making ---------------------------------------------------------------------------------------------------

def make_receipt(*, case_id: str, facts: dict, result: dict, rulebook_fingerprint: str, rulebook_name: str,
                 engine_version: str, explanation: str | None = None, issuer: str | None = None,
                 issued_at: _dt.datetime | None = None) -> dict:
    """A receipt as plain JSON data, content hash included. Write it with `dump_receipt`."""
    issued_at = issued_at or _dt.datetime.now(_dt.timezone.utc)
    if issued_at.tzinfo is None:
        raise ValueError("issued_at must carry a time zone")
    body: dict[str, Any] = {
        "format": FORMAT,
        "case_id": case_id,
        "issued_at": issued_at.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "engine_version": engine_version,
        "rulebook": {"name": rulebook_name, "fingerprint": rulebook_fingerprint},
        "facts": facts,
        "result": result,
    }
    if explanation is not None:
        body["explanation"] = explanation
    if issuer is not None:
        body["issuer"] = issuer
    # Round-trip through the canonical form now, so the receipt in memory is exactly what a reader will parse
    # (Decimal -> string, tuples -> lists) and its hash is the one a reader recomputes.
    body = _loads(canonical.dumps(body))
    body["content_hash"] = content_hash(body)
    return body


def content_hash(receipt: dict) -> str:
    return canonical.sha256(_body(receipt))


def _body(receipt: dict) -> dict:
    return {k: v for k, v in receipt.items() if k not in _UNHASHED}


def _signed_bytes(receipt: dict) -> bytes:
    # What the signature covers: everything but the signature, content_hash included.
    return canonical.dumps({k: v for k, v in receipt.items() if k != "signature"}).encode("utf-8")


def dump_receipt(receipt: dict) -> str:
    """The receipt file's text: canonical JSON, indented for people, with a final newline."""
    return canonical.dumps(receipt, pretty=True) + "\n"


DEEP = {"en": "it is nested too deeply to be a receipt", "zh": "嵌套层数过多，不是回执"}


def load_receipt(text: str | bytes, *, path: str = "<receipt>") -> dict:
    """Parse a receipt file; raises ReceiptError (not a traceback) for anything that is not one.

    Only the exact bytes `dump_receipt` writes are accepted. A duplicate key (a fake "explanation" placed before
    the real one, which one JSON reader shows and another hashes) or any other non-canonical spelling would let
    two readers see two receipts behind one valid hash and signature."""
    try:
        if isinstance(text, (bytes, bytearray)):
            text = bytes(text).decode("utf-8")
        data = _loads(text)
    except (ValueError, UnicodeDecodeError) as e:
        raise ReceiptError.of("receipt.unreadable", path=path, detail=e) from None
    except RecursionError:  # JSON nested deeper than Python's parser goes: no receipt is more than a few deep
        raise ReceiptError.of("receipt.unreadable", path=path, detail=DEEP) from None
    problem = _shape_problem(data)
    if problem:
        raise ReceiptError.of("receipt.bad_format", detail=problem)
    try:
        canonical_text = dump_receipt(data)
    except (TypeError, ValueError) as e:
        raise ReceiptError.of("receipt.bad_format", detail=e) from None
    if text != canonical_text:
        raise ReceiptError.of("receipt.not_canonical", path=path, line=_first_difference(text, canonical_text))
    return data


def _first_difference(text: str, canonical_text: str) -> int:
    for line, (a, b) in enumerate(zip(text.splitlines(keepends=True), canonical_text.splitlines(keepends=True)), 1):
        if a != b:
            return line
    return min(text.count("\n"), canonical_text.count("\n")) + 1


def _loads(text: str | bytes) -> Any:
    # Decimal for any number with a fraction: floats would alter the bytes, and so the hash.
    def no_constants(name: str) -> Any:
        raise ValueError(f"{name} is not allowed")
    return json.loads(text, parse_float=Decimal, parse_constant=no_constants, object_pairs_hook=_unique_keys)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict:
    data: dict = {}
    for key, value in pairs:
        if key in data:
            raise ValueError(f"the key {key!r} appears twice in one object")
        data[key] = value
    return data


def _shape_problem(data: Any) -> str | None:
    if not isinstance(data, dict):
        return "the top level is not a JSON object"
    if data.get("format") != FORMAT:
        return f"format is {data.get('format')!r}, expected {FORMAT!r}"
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        return "missing " + ", ".join(missing)
    unknown = sorted(k for k in data if k not in _ALLOWED)
    if unknown:
        return "unknown keys " + ", ".join(unknown)
    if "explanation" in data and not isinstance(data["explanation"], str):
        return "explanation must be text"
    rulebook = data["rulebook"]
    if not isinstance(rulebook, dict) or not isinstance(rulebook.get("fingerprint"), str) \
            or not isinstance(rulebook.get("name"), str):
        return "rulebook must have a name and a fingerprint"
    if not isinstance(data["facts"], dict) or not isinstance(data["result"], dict):
        return "facts and result must be JSON objects"
    if "signature" in data and not isinstance(data["signature"], dict):
        return "signature must be a JSON object"
    return None


# --- keys and signing -----------------------------------------------------------------------------------------

def _crypto():
    """The cryptography modules, imported on first use so that unsigned receipts need nothing extra."""
    try:
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ed25519
    except ImportError:
        raise ReceiptError.of("sign.no_crypto") from None
    return ed25519, serialization, InvalidSignature


def generate_key() -> tuple[bytes, bytes]:
    """A new Ed25519 key pair as (private PEM, public PEM). The private PEM is unencrypted: protect the file
    (the CLI writes it mode 0600) or encrypt it with `encrypt_private_key`."""
    ed25519, serialization, _ = _crypto()
    key = ed25519.Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return private, public_pem(key)


def encrypt_private_key(private_pem: bytes, password: bytes) -> bytes:
    ed25519, serialization, _ = _crypto()
    key = load_private_key(private_pem)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.BestAvailableEncryption(password))


def public_pem(private_key) -> bytes:
    _, serialization, _ = _crypto()
    return private_key.public_key().public_bytes(serialization.Encoding.PEM,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo)


def load_private_key(pem: bytes, password: bytes | None = None, *, path: str = "<key>"):
    ed25519, serialization, _ = _crypto()
    try:
        key = serialization.load_pem_private_key(pem, password=password)
    except (ValueError, TypeError) as e:
        raise ReceiptError.of("sign.bad_key", path=path, detail=e) from None
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise ReceiptError.of("sign.bad_key", path=path, detail="not an Ed25519 key")
    return key


def load_public_key(pem: bytes, *, path: str = "<key>"):
    ed25519, serialization, _ = _crypto()
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError) as e:
        raise ReceiptError.of("sign.bad_key", path=path, detail=e) from None
    if not isinstance(key, ed25519.Ed25519PublicKey):
        raise ReceiptError.of("sign.bad_key", path=path, detail="not an Ed25519 key")
    return key


def _raw_public(public_key) -> bytes:
    _, serialization, _ = _crypto()
    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public_key) -> str:
    """A short name for a public key (first 16 hex digits of the SHA-256 of its raw 32 bytes), to print."""
    return hashlib.sha256(_raw_public(public_key)).hexdigest()[:16]


def sign_receipt(receipt: dict, private_key) -> dict:
    """A copy of `receipt` with an Ed25519 signature over everything else in it. `private_key` is a key object
    from `load_private_key` or PEM bytes (unencrypted)."""
    if isinstance(private_key, (bytes, bytearray)):
        private_key = load_private_key(bytes(private_key))
    signed = copy.deepcopy(receipt)
    signed.pop("signature", None)
    signed["content_hash"] = content_hash(signed)
    public = private_key.public_key()
    signed["signature"] = {
        "algorithm": ALGORITHM,
        "key_id": key_id(public),
        "public_key": base64.b64encode(_raw_public(public)).decode("ascii"),
        "value": base64.b64encode(private_key.sign(_signed_bytes(signed))).decode("ascii"),
    }
    return signed


# --- verifying ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Check:
    name: str  # format | hash | rulebook | result | engine | signature
    status: str  # ok | fail | warn | skip
    message: str
    details: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"name": self.name, "status": self.status, "message": self.message, **self.details}


@dataclass(frozen=True)
class ReceiptReport:
    checks: list[Check]

    @property
    def ok(self) -> bool:
        return all(c.status != "fail" for c in self.checks)

    @property
    def weaker(self) -> bool:
        """Passed without a pinned key having verified a signature (allow_unsigned): the issuer is not proven."""
        signature = self.check("signature")
        return self.ok and signature is not None and signature.status != "ok"

    @property
    def message(self) -> str:
        return messages.text("receipt.failed" if not self.ok else "receipt.ok_weaker" if self.weaker else "receipt.ok")

    def check(self, name: str) -> Check | None:
        return next((c for c in self.checks if c.name == name), None)

    def to_json(self) -> dict:
        return {"ok": self.ok, "weaker": self.weaker, "message": self.message, "checks": [c.to_json() for c in self.checks],
                "hint": "" if self.ok else messages.text("receipt.failed.hint")}


def verify_receipt(receipt: dict, recompute: Recompute, rulebook_text: str, rulebook_name: str | None = None, *,
                   rulebook_fingerprint: str | None = None, public_key=None,
                   current_engine: str | None = None, explain: Explain | None = None,
                   allow_unsigned: bool = False) -> ReceiptReport:
    """Check a receipt offline. Never raises for a bad receipt: every problem is a failed check.

    - hash: the content hash matches the content (nobody edited the file);
    - rulebook: `rulebook_fingerprint` (of the rulebook file given, computed by the caller's engine) is the one
      in the receipt; skipped if not given;
    - result: recompute(rulebook_text, name, facts) gives the receipt's result;
    - engine: a warning if the receipt came from another engine version (explains a differing result);
    - explanation: explain(recomputed result) gives the receipt's explanation text (what a reader is shown is
      recomputed too, not only the result); a receipt with an explanation and no `explain` fails;
    - signature: valid and by `public_key` (a PEM or key object, the pinned key of the issuer). Without a pinned
      key the receipt fails, unless `allow_unsigned` asks for the weaker check (hash and recomputation only),
      which the signature check then says (warn).
    """
    problem = _shape_problem(receipt)
    if problem:
        return ReceiptReport([Check("format", "fail", messages.text("receipt.bad_format", detail=problem))])
    checks: list[Check] = []

    try:
        expected_hash = content_hash(receipt)
    except (TypeError, ValueError):
        expected_hash = None
    if expected_hash is not None and expected_hash == receipt["content_hash"]:
        checks.append(Check("hash", "ok", messages.text("receipt.check.hash.ok"), {"hash": expected_hash}))
    else:
        checks.append(Check("hash", "fail", messages.text("receipt.check.hash.fail"),
                            {"stored": receipt["content_hash"], "computed": expected_hash}))

    issued_fp = receipt["rulebook"]["fingerprint"]
    if rulebook_fingerprint is None:
        checks.append(Check("rulebook", "skip", messages.text("receipt.check.rulebook.skip")))
    elif rulebook_fingerprint == issued_fp:
        checks.append(Check("rulebook", "ok", messages.text("receipt.check.rulebook.ok", fingerprint=issued_fp)))
    else:
        checks.append(Check("rulebook", "fail", messages.text("receipt.check.rulebook.fail", expected=issued_fp,
                                                              actual=rulebook_fingerprint)))

    raw = None
    try:
        raw = recompute(rulebook_text, rulebook_name or receipt["rulebook"]["name"], receipt["facts"])
        recomputed = canonical.to_plain(raw)
        same = canonical.dumps(recomputed) == canonical.dumps(receipt["result"])
    except Exception as e:  # noqa: BLE001 - the engine's complaint is the outcome of this check
        checks.append(Check("result", "fail", messages.text("receipt.check.result.error", error=_describe(e))))
    else:
        if same:
            checks.append(Check("result", "ok", messages.text("receipt.check.result.ok")))
        else:
            paths = differences(receipt["result"], recomputed) or ["$"]
            checks.append(Check("result", "fail", messages.text("receipt.check.result.fail", paths=", ".join(paths)),
                                {"paths": paths, "recomputed": recomputed}))

    if "explanation" in receipt:
        checks.append(_check_explanation(receipt["explanation"], raw, explain))

    if current_engine is not None:
        issued = receipt["engine_version"]
        if issued == current_engine:
            checks.append(Check("engine", "ok", messages.text("receipt.check.engine.ok", engine=issued)))
        else:
            checks.append(Check("engine", "warn", messages.text("receipt.check.engine.warn", issued=issued,
                                                                current=current_engine)))

    checks.append(_check_signature(receipt, public_key, allow_unsigned))
    return ReceiptReport(checks)


def _check_explanation(shown: str, raw: Any, explain: Explain | None) -> Check:
    if raw is None or explain is None:
        return Check("explanation", "fail", messages.text("receipt.check.explanation.unchecked"))
    try:
        candidates = list(explain(raw))
    except Exception as e:  # noqa: BLE001 - the renderer's complaint is the outcome of this check
        return Check("explanation", "fail", messages.text("receipt.check.result.error", error=_describe(e)))
    if shown in candidates:
        return Check("explanation", "ok", messages.text("receipt.check.explanation.ok"))
    return Check("explanation", "fail", messages.text("receipt.check.explanation.fail"))


def _check_signature(receipt: dict, trusted, allow_unsigned: bool = False) -> Check:
    signature = receipt.get("signature")
    if trusted is None and not allow_unsigned:
        return Check("signature", "fail", messages.text("receipt.check.signature.no_key"))
    if signature is None:
        if trusted is not None:
            return Check("signature", "fail", messages.text("receipt.check.signature.missing"))
        return Check("signature", "warn", messages.text("receipt.check.signature.weaker"))
    ed25519, _, InvalidSignature = _crypto()
    if isinstance(trusted, (bytes, bytearray)):
        trusted = load_public_key(bytes(trusted))
    try:
        if signature.get("algorithm") != ALGORITHM:
            raise ValueError("algorithm")
        carried = ed25519.Ed25519PublicKey.from_public_bytes(base64.b64decode(signature["public_key"],
                                                                              validate=True))
        value = base64.b64decode(signature["value"], validate=True)
    except (KeyError, TypeError, ValueError):
        return Check("signature", "fail", messages.text("receipt.check.signature.fail"))
    carried_id = key_id(carried)
    if trusted is not None and _raw_public(trusted) != _raw_public(carried):
        return Check("signature", "fail", messages.text("receipt.check.signature.wrong_key", key_id=carried_id,
                                                        trusted_id=key_id(trusted)), {"key_id": carried_id})
    try:
        carried.verify(value, _signed_bytes(receipt))
    except (InvalidSignature, TypeError, ValueError):
        return Check("signature", "fail", messages.text("receipt.check.signature.fail"), {"key_id": carried_id})
    if trusted is None:  # allow_unsigned: a signature by a key nobody pinned proves nothing more than none
        return Check("signature", "warn", messages.text("receipt.check.signature.untrusted", key_id=carried_id),
                     {"key_id": carried_id})
    return Check("signature", "ok", messages.text("receipt.check.signature.ok", key_id=carried_id),
                 {"key_id": carried_id})


def _describe(e: BaseException) -> str:
    text = str(e).strip()
    return f"{type(e).__name__}: {text}" if text else type(e).__name__
