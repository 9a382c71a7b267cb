"""The audit chain's arithmetic: canonical records and their keyed hashes.

hash = HMAC-SHA256(key, prev_hash || canonical JSON of the record). Changing,
inserting or removing a row breaks every later link; cutting rows off the end
is caught against a head (seq, hash) exported earlier.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping

GENESIS = "0" * 64


def canonical(record: Mapping[str, object]) -> bytes:
    return json.dumps(
        record, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str
    ).encode()


def link_hash(key: bytes, prev_hash: str, record: Mapping[str, object]) -> str:
    return hmac.new(key, prev_hash.encode() + b"|" + canonical(record), hashlib.sha256).hexdigest()
