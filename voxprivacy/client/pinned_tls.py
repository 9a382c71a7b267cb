"""TLS that accepts exactly one certificate, checked on the connection that carries the requests.

A pinned server is a self-signed one: no authority vouches for it, its SHA-256
fingerprint (taken at enrolment, or given to a workstation) is the whole trust.
``PinnedContext`` is an ``ssl.SSLContext`` whose ``wrap_socket`` completes the
handshake, then compares the digest of the certificate the peer presented on *that*
socket with the pin, and checks the certificate's validity dates. A connection whose
certificate differs is closed before httpx writes a byte of the request on it, so
every connection of the pool — the first, and any opened later after a keep-alive
ran out — is held to the pin, with one handshake each.

The handshake itself proves the peer holds the certificate's private key (its
signature over the handshake is always verified); what the context does not do is
chain building, since a pinned certificate has no chain.
"""

from __future__ import annotations

import hashlib
import socket
import ssl
from datetime import UTC, datetime
from typing import Any

from cryptography import x509


class PinRefused(ssl.SSLError):
    """The peer's certificate is not the pinned one, or is outside its validity dates."""

    def __init__(self, seen: str, problem: str) -> None:
        super().__init__(problem)
        self.seen = seen  # the fingerprint presented, lowercase hex
        self.problem = problem  # "mismatch", "expired" or "not yet valid"
        self.until: datetime | None = None


def fingerprint_of(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def check_certificate(der: bytes | None, pin: str, now: datetime | None = None) -> None:
    """Raise ``PinRefused`` unless ``der`` is the pinned certificate, valid at ``now``."""
    if not der:
        raise PinRefused("", "no certificate")
    seen = fingerprint_of(der)
    if seen != pin:
        raise PinRefused(seen, "mismatch")
    cert = x509.load_der_x509_certificate(der)
    moment = now or datetime.now(UTC)
    if moment > cert.not_valid_after_utc:
        refused = PinRefused(seen, "expired")
        refused.until = cert.not_valid_after_utc
        raise refused
    if moment < cert.not_valid_before_utc:
        refused = PinRefused(seen, "not yet valid")
        refused.until = cert.not_valid_before_utc
        raise refused


class PinnedContext(ssl.SSLContext):
    """A client context trusting exactly the certificate whose SHA-256 is ``pin``."""

    pin: str

    def __new__(cls, pin: str) -> PinnedContext:
        return super().__new__(cls, ssl.PROTOCOL_TLS_CLIENT)

    def __init__(self, pin: str) -> None:
        self.pin = pin
        self.minimum_version = ssl.TLSVersion.TLSv1_2
        # no chain to build and no name to match: the pinned certificate itself is the
        # trust, compared in wrap_socket once the handshake is done
        self.check_hostname = False
        self.verify_mode = ssl.CERT_NONE

    def wrap_socket(self, sock: socket.socket, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        if kwargs.get("do_handshake_on_connect") is False or kwargs.get("server_side"):
            raise ValueError("a pinned context checks its peer during the handshake")
        tls = super().wrap_socket(sock, *args, **kwargs)
        try:
            check_certificate(tls.getpeercert(binary_form=True), self.pin)
        except BaseException:
            tls.close()
            raise
        return tls

    def wrap_bio(self, *args: Any, **kwargs: Any) -> ssl.SSLObject:
        # an asynchronous handshake would finish after this returns, unchecked
        raise TypeError("a pinned context serves blocking sockets only")


def refusal_in(exc: BaseException | None) -> PinRefused | None:
    """The ``PinRefused`` behind an exception httpx or httpcore raised, if any."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, PinRefused):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None
