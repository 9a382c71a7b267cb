"""The pinned certificate's check itself: the digest, then the validity dates."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from voxprivacy.client.pinned_tls import (
    PinnedContext,
    PinRefused,
    check_certificate,
    fingerprint_of,
    refusal_in,
)
from voxprivacy.client.remote import RemoteTransport
from voxprivacy.errors import DatabaseUnavailable


def _der(days_from: int, days_to: int) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "head office")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + dt.timedelta(days=days_from))
        .not_valid_after(now + dt.timedelta(days=days_to))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.DER)


def test_only_the_pinned_certificate_within_its_dates_passes() -> None:
    good, expired, early = _der(-1, 30), _der(-60, -2), _der(3, 30)
    check_certificate(good, fingerprint_of(good))
    with pytest.raises(PinRefused) as other:
        check_certificate(good, fingerprint_of(expired))
    assert other.value.problem == "mismatch" and other.value.seen == fingerprint_of(good)
    with pytest.raises(PinRefused) as old:
        check_certificate(expired, fingerprint_of(expired))
    assert old.value.problem == "expired"
    with pytest.raises(PinRefused) as future:
        check_certificate(early, fingerprint_of(early))
    assert future.value.problem == "not yet valid"
    with pytest.raises(PinRefused):
        check_certificate(None, fingerprint_of(good))


def test_the_refusals_read_as_sentences_naming_what_to_do() -> None:
    expired = _der(-60, -2)
    transport = RemoteTransport("https://127.0.0.1:1", fingerprint=fingerprint_of(expired))
    try:
        check_certificate(expired, fingerprint_of(expired))
    except PinRefused as exc:
        wrapped = RuntimeError("connect failed")
        wrapped.__cause__ = exc
        sentence = transport._unreachable(wrapped)
    assert isinstance(sentence, DatabaseUnavailable)
    assert "expired on" in sentence.message and "Nothing was sent" in sentence.message
    assert refusal_in(RuntimeError("unrelated")) is None


def test_a_pinned_context_refuses_what_it_could_not_check() -> None:
    context = PinnedContext("00" * 32)
    with pytest.raises(TypeError):
        context.wrap_bio(None, None)  # type: ignore[arg-type]
