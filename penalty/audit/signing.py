"""The office's key over the register: Ed25519 signatures of chain heads, and anchors (a signed head to publish).

What is signed is a head, (seq, entry hash): the entry hash covers the entry and, through `prev`, every entry
before it, so one valid signature of entry n vouches for entries 1..n as they were when it was made. A writer
with the key signs each entry's head as it appends it (`Register.record(signing_key=...)`); an office that
keeps the key off the writing machine signs heads elsewhere instead (`penalty audit anchor --key` on a backup)
and publishes them as anchors. Someone who can write the file but does not hold the key cannot make a signature,
so whatever they append or rewrite is not vouched for. See docs/audit.md, "The office key".

The keys and the Ed25519 code are those of receipts (penalty.audit.receipt, `cryptography` imported on use).
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any

from penalty import canonical
from penalty.audit import receipt as keys
from penalty.audit.errors import RegisterError

# Domain separation: a head signature can never be taken for a receipt signature, or the reverse.
HEAD_CONTEXT = "penalty-register-head/1"
ANCHOR_FORMAT = "penalty-register-anchor/1"
ALGORITHM = keys.ALGORITHM
KEY_ENV_VAR = "PENALTY_REGISTER_KEY"  # path of the office's private key (PEM) for `calc --record`
MAX_ANCHOR_BYTES = 64 * 1024


def head_message(seq: int, entry_hash: str) -> bytes:
    return f"{HEAD_CONTEXT}\n{int(seq)}\n{entry_hash}\n".encode("ascii")


def sign_head(private_key, seq: int, entry_hash: str) -> tuple[str, str]:
    """(key id, base64 signature) of the head (seq, entry_hash)."""
    return (keys.key_id(private_key.public_key()),
            base64.b64encode(private_key.sign(head_message(seq, entry_hash))).decode("ascii"))


def head_signed_by(public_key, seq: int, entry_hash: str, signature: Any) -> bool:
    """True if `signature` (base64 text) is `public_key`'s signature of the head; False for anything else."""
    _, _, invalid = keys._crypto()
    try:
        value = base64.b64decode(signature, validate=True)
        public_key.verify(value, head_message(seq, entry_hash))
    except (invalid, TypeError, ValueError):
        return False
    return True


def load_signing_key(pem: bytes, *, path: str):
    """The office's private key; a bad file is a RegisterError, worded as the receipts' key errors."""
    try:
        return keys.load_private_key(pem, path=path)
    except keys.ReceiptError as e:
        raise RegisterError(e.problems) from None


def load_verify_key(pem: bytes, *, path: str):
    try:
        return keys.load_public_key(pem, path=path)
    except keys.ReceiptError as e:
        raise RegisterError(e.problems) from None


def key_id(key) -> str:
    """Key id of a public or private key (first 16 hex digits of the SHA-256 of the raw public key)."""
    return keys.key_id(key.public_key() if hasattr(key, "sign") else key)


# --- anchors ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Anchor:
    """A head published outside the register: entries 1..seq must still chain to `hash` later."""

    seq: int
    hash: str
    timestamp: str
    key_id: str | None = None
    signature: str | None = None

    def to_json(self) -> dict:
        return {"format": ANCHOR_FORMAT, "seq": self.seq, "hash": self.hash, "timestamp": self.timestamp,
                "signature": None if self.signature is None else
                {"algorithm": ALGORITHM, "key_id": self.key_id, "value": self.signature}}

    def signed_by(self, public_key) -> bool:
        return self.signature is not None and head_signed_by(public_key, self.seq, self.hash, self.signature)


def dump_anchor(anchor: Anchor) -> str:
    return canonical.dumps(anchor.to_json(), pretty=True) + "\n"


def load_anchor(data: bytes, *, path: str) -> Anchor:
    """Parse an anchor file; RegisterError (never a traceback) for anything that is not one."""
    if len(data) > MAX_ANCHOR_BYTES:
        raise RegisterError.of("anchor.bad", path=path, detail=f"over {MAX_ANCHOR_BYTES // 1024} KiB")
    try:
        body = json.loads(data.decode("utf-8"), object_pairs_hook=keys._unique_keys)
    except (ValueError, UnicodeDecodeError, RecursionError) as e:
        raise RegisterError.of("anchor.bad", path=path, detail=e) from None
    problem = _anchor_problem(body)
    if problem:
        raise RegisterError.of("anchor.bad", path=path, detail=problem)
    sig = body["signature"]
    return Anchor(seq=body["seq"], hash=body["hash"].lower(), timestamp=body["timestamp"],
                  key_id=sig["key_id"] if sig else None, signature=sig["value"] if sig else None)


def _anchor_problem(body: Any) -> str | None:
    if not isinstance(body, dict) or body.get("format") != ANCHOR_FORMAT:
        return f"not a {ANCHOR_FORMAT} object"
    seq, digest = body.get("seq"), body.get("hash")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        return "seq must be a positive whole number"
    if not isinstance(digest, str) or len(digest) != 64 or any(c not in "0123456789abcdefABCDEF" for c in digest):
        return "hash must be 64 hex digits"
    if not isinstance(body.get("timestamp"), str):
        return "timestamp must be text"
    sig = body.get("signature")
    if sig is not None and not (isinstance(sig, dict) and sig.get("algorithm") == ALGORITHM
                                and isinstance(sig.get("value"), str) and isinstance(sig.get("key_id"), str)):
        return "signature must be null or an Ed25519 signature object"
    return None
