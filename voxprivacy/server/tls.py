"""The server's TLS certificate: a self-signed one for a lab, and its fingerprint.

A self-signed certificate is trusted by pinning: each workstation is given the
certificate's SHA-256 fingerprint (printed by ``voxprivacy-admin server init``)
and refuses a server whose certificate does not match it. The fingerprint is
written as browsers and ``openssl x509 -fingerprint -sha256`` show it:
uppercase hexadecimal pairs separated by colons.

The key is ECDSA on P-256: every TLS stack (OpenSSL through Python's ``ssl``,
uvicorn, nginx, HAProxy, browsers) accepts it.
"""

from __future__ import annotations

import hashlib
import ipaddress
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from voxprivacy.errors import BadInput
from voxprivacy.i18n import _

MAX_DAYS = 3650


def _subject_names(hostnames: list[str]) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = []
    for raw in hostnames:
        name = raw.strip()
        if not name:
            continue
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(name)))
            continue
        except ValueError:
            pass
        label = name.rstrip(".")
        if (
            not label
            or len(label) > 253
            or not all(
                part and len(part) <= 63 and all(c.isalnum() or c in "-*" for c in part)
                for part in label.split(".")
            )
        ):
            raise BadInput(
                _(
                    "{raw!r} is neither a host name nor an IP address; give "
                    "names like privacy.example.org or 192.0.2.10."
                ).format(raw=raw),
                "hostname",
            )
        names.append(x509.DNSName(label.lower()))
    if not names:
        raise BadInput(
            _(
                "A certificate needs at least one host name or IP address "
                "the workstations use to reach the server."
            ),
            "hostname",
        )
    return names


def self_signed_certificate(hostnames: list[str], days: int) -> tuple[bytes, bytes]:
    """A new P-256 key and a certificate for ``hostnames`` valid for ``days``: (cert, key) PEM.

    The key is PKCS#8 PEM without a passphrase: it is kept in a file only the
    service account can read (or a systemd credential), never in the configuration.
    """
    if not 1 <= days <= MAX_DAYS:
        raise BadInput(
            _("A certificate is valid for 1 to {max_days} days, not {days}.").format(
                max_days=MAX_DAYS, days=days
            ),
            "days",
        )
    names = _subject_names(hostnames)
    key = ec.generate_private_key(ec.SECP256R1())
    first = names[0].value
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, str(first)),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "voxprivacy server"),
        ]
    )
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert_pem, key_pem


def _der(cert: bytes) -> bytes:
    if cert.lstrip().startswith(b"-----BEGIN"):
        try:
            loaded = x509.load_pem_x509_certificate(cert)
        except ValueError:
            raise BadInput(
                _("The certificate is not a readable PEM certificate."), "certificate"
            ) from None
        return loaded.public_bytes(serialization.Encoding.DER)
    return cert


def fingerprint(cert: bytes) -> str:
    """SHA-256 of the DER certificate (given as PEM or DER), as ``AB:CD:…`` (95 characters)."""
    digest = hashlib.sha256(_der(cert)).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def not_after(cert_pem: bytes) -> datetime:
    """When the certificate expires (UTC)."""
    return x509.load_pem_x509_certificate(cert_pem).not_valid_after_utc
