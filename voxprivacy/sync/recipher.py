"""Field-encrypted values between head office's key and a branch's own key.

Second-factor secrets and card tokens are AES-GCM ciphertext under a key derived
from a database's master key. A branch enrolled through the server has its own
master key and never holds head office's: the server decrypts such a value with
one key and encrypts it with the other, row by row, in everything it sends a
branch (the initial copy, pulled effects). Pushed operations are applied as the
branch sent them (the members' signatures cover them): a value a branch encrypted
itself stays under the branch's key, which head office holds wrapped. Values that
do not decrypt are passed on as they are.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from voxprivacy.errors import ConfigurationError
from voxprivacy.security.crypto import FieldCipher
from voxprivacy.storage import wire
from voxprivacy.storage.wire import RowChange

# (table, column) of every field-encrypted column; the row's primary key binds it.
# staff.totp_secret is not among them: a branch checks codes with the copy the
# member's password opens (services/member_keys.py), so it receives head office's
# ciphertext of the secret, which nothing at a branch can open
ENCRYPTED: frozenset[tuple[str, str]] = frozenset({("payment_cards", "token")})
TABLES = frozenset(t for t, _ in ENCRYPTED)


def value(
    raw: Any, table: str, column: str, row_id: object, source: FieldCipher, target: FieldCipher
) -> Any:
    """A wire value (``{"b64": …}`` or bytes) re-encrypted from ``source`` to ``target``."""
    as_json = wire.is_bytes(raw)
    blob = wire.decode_value(wire.SYNCED[table].columns[column], raw) if as_json else raw
    if not isinstance(blob, bytes | bytearray | memoryview):
        return raw
    try:
        plain = source.decrypt(bytes(blob), table, column, row_id)
    except ConfigurationError:
        return raw
    sealed = target.encrypt(plain, table, column, row_id)
    return wire.encode_value(wire.SYNCED[table].columns[column], sealed) if as_json else sealed


def row(
    table: str, values: dict[str, Any], pk: str, source: FieldCipher, target: FieldCipher
) -> dict[str, Any]:
    """A row (or a change's values) with its encrypted columns re-encrypted."""
    if table not in TABLES:
        return values
    out = dict(values)
    row_id = values.get(pk)
    for t, column in ENCRYPTED:
        if t == table and out.get(column) is not None and row_id is not None:
            out[column] = value(out[column], table, column, row_id, source, target)
    return out


def operation(op: wire.Operation, source: FieldCipher, target: FieldCipher) -> wire.Operation:
    """An operation (or a log entry's effects) with its encrypted values re-encrypted."""
    changed = False
    out: list[wire.Change] = []
    for change in op.changes:
        if isinstance(change, RowChange) and change.table in TABLES and change.values:
            values = dict(change.values)
            for t, column in ENCRYPTED:
                if t == change.table and values.get(column) is not None:
                    values[column] = value(values[column], t, column, change.row_id, source, target)
                    changed = True
            change = replace(change, values=values)
        out.append(change)
    return wire.Operation(tuple(out)) if changed else op
