"""The server's self-signed certificate and its fingerprint."""

from __future__ import annotations

import contextlib
import ipaddress
import shutil
import ssl
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from voxprivacy.errors import BadInput
from voxprivacy.server.tls import fingerprint, self_signed_certificate


def test_certificate_names_every_host_and_address() -> None:
    cert_pem, key_pem = self_signed_certificate(["privacy.example.org", "127.0.0.1", "::1"], 30)
    cert = x509.load_pem_x509_certificate(cert_pem)
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["privacy.example.org"]
    assert san.get_values_for_type(x509.IPAddress) == [
        ipaddress.ip_address("127.0.0.1"),
        ipaddress.ip_address("::1"),
    ]
    assert 29 <= (cert.not_valid_after_utc - cert.not_valid_before_utc).days <= 31
    key = serialization.load_pem_private_key(key_pem, password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    assert key.curve.name == "secp256r1"


def test_python_ssl_loads_the_pair_and_serves_it(tmp_path: Path) -> None:
    cert_pem, key_pem = self_signed_certificate(["localhost", "127.0.0.1"], 10)
    (tmp_path / "cert.pem").write_bytes(cert_pem)
    (tmp_path / "key.pem").write_bytes(key_pem)
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    client = ssl.create_default_context(cafile=str(tmp_path / "cert.pem"))
    # a handshake in memory: the client trusts exactly this certificate for 127.0.0.1
    c_in, c_out, s_in, s_out = (ssl.MemoryBIO() for _ in range(4))
    tls_client = client.wrap_bio(c_in, c_out, server_hostname="127.0.0.1")
    tls_server = server.wrap_bio(s_in, s_out, server_side=True)
    for _ in range(10):
        for side in (tls_client, tls_server):
            with contextlib.suppress(ssl.SSLWantReadError):
                side.do_handshake()
        s_in.write(c_out.read())
        c_in.write(s_out.read())
    peer = tls_client.getpeercert(binary_form=True)
    assert peer is not None
    assert fingerprint(peer) == fingerprint(cert_pem)


def test_fingerprint_matches_openssl() -> None:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.fail("openssl is not installed (Debian package openssl)")
    cert_pem, _ = self_signed_certificate(["privacy.example.org"], 5)
    shown = subprocess.run(
        [openssl, "x509", "-noout", "-fingerprint", "-sha256"],
        input=cert_pem,
        capture_output=True,
        check=True,
    ).stdout.decode()
    # "sha256 Fingerprint=AB:CD:…" (the prefix's spelling differs between versions)
    assert fingerprint(cert_pem) == shown.strip().split("=", 1)[1]
    der = x509.load_pem_x509_certificate(cert_pem).public_bytes(serialization.Encoding.DER)
    assert fingerprint(der) == fingerprint(cert_pem)
    assert len(fingerprint(der)) == 95


@pytest.mark.parametrize(
    ("names", "days", "said"),
    [
        ([], 30, "at least one host name"),
        (["bad host!"], 30, "'bad host!' is neither a host name nor an IP address"),
        (["localhost"], 0, "1 to 3650 days, not 0"),
    ],
)
def test_bad_names_and_lifetimes_are_refused(names: list[str], days: int, said: str) -> None:
    with pytest.raises(BadInput, match=said):
        self_signed_certificate(names, days)
