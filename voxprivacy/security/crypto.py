"""Keys derived from a database's master key, and field encryption.

Each database has one random master key, kept in the keyring of every
workstation that uses the database. From it, HKDF derives the key for
AES-GCM field encryption (TOTP secrets, card tokens) and the HMAC key of the
audit chain. A ciphertext names the key id it was made with (rotation) and is
bound to its table, column and row, so a value copied into another row does
not decrypt.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from voxprivacy.errors import ConfigurationError
from voxprivacy.i18n import _

KEY_ID = b"k1"


def new_master_key() -> str:
    return base64.b64encode(os.urandom(32)).decode("ascii")


def derive(master_key: str, purpose: str) -> bytes:
    try:
        raw = base64.b64decode(master_key, validate=True)
    except ValueError:
        raise ConfigurationError(_("The master key in the keyring is damaged.")) from None
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"voxprivacy:{purpose}".encode()
    ).derive(raw)


class FieldCipher:
    """AES-256-GCM with a random nonce and the row's identity as associated data."""

    def __init__(self, key: bytes, key_id: bytes = KEY_ID) -> None:
        self._aead = AESGCM(key)
        self._key_id = key_id

    @staticmethod
    def _aad(table: str, column: str, row_id: object) -> bytes:
        return f"{table}.{column}.{row_id}".encode()

    def encrypt(self, plaintext: str, table: str, column: str, row_id: object) -> bytes:
        nonce = os.urandom(12)
        ct = self._aead.encrypt(nonce, plaintext.encode(), self._aad(table, column, row_id))
        return self._key_id + b":" + nonce + ct

    def decrypt(self, blob: bytes, table: str, column: str, row_id: object) -> str:
        key_id, sep, rest = bytes(blob).partition(b":")
        if not sep or key_id != self._key_id or len(rest) < 28:
            raise ConfigurationError(
                _(
                    "An encrypted value in {table}.{column} was made with an "
                    "unknown key; check that this workstation has the "
                    "database's master key."
                ).format(table=table, column=column)
            )
        try:
            return self._aead.decrypt(
                rest[:12], rest[12:], self._aad(table, column, row_id)
            ).decode()
        except InvalidTag:
            raise ConfigurationError(
                _(
                    "An encrypted value in {table}.{column} does not belong to "
                    "its row or was altered; it cannot be read."
                ).format(table=table, column=column)
            ) from None
