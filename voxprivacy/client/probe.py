""" "Check connection" for a head office server: what answers at an address, in one sentence.

``check_server(url, fingerprint)`` connects as the desk would (the fingerprint pinned when
given, the system's certificate store otherwise), asks ``GET /api/v1/health`` and returns
the server's answer; every way it can go wrong is a ``VoxError`` whose message says which:
the address is not https, the server cannot be reached, the certificate's fingerprint is
not the pinned one (both named), the certificate is not trusted, the TLS handshake failed,
or what answers is not a voxprivacy server. Nothing is signed in and nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from voxprivacy.api import HEALTH_SERVICE
from voxprivacy.api.wire_errors import rebuild
from voxprivacy.client.remote import API, RemoteTransport, check_server_url, show_fingerprint
from voxprivacy.errors import DatabaseUnavailable
from voxprivacy.i18n import _


@dataclass(frozen=True)
class ServerAnswer:
    url: str
    fingerprint: str | None  # the pinned fingerprint the certificate matched, shown with colons


def check_server(url: str, fingerprint: str | None = None) -> ServerAnswer:
    """Ask the server at ``url`` whether it is there; raises with the reason when not."""
    transport = RemoteTransport(check_server_url(url), fingerprint=fingerprint or None)
    try:
        return ask_health(transport)
    finally:
        transport.close()


def ask_health(transport: RemoteTransport) -> ServerAnswer:
    """``GET /api/v1/health`` on the transport's connection (which it then keeps open)."""
    try:
        response = transport.client().get(f"{API}/health")
    except httpx.TransportError as exc:
        cause = exc.__cause__ or exc.__context__ or exc
        raise transport._unreachable(cause if isinstance(cause, Exception) else exc) from None
    data = _json(response)
    if isinstance(data, dict) and data.get("service") == HEALTH_SERVICE:
        return ServerAnswer(
            transport.base,
            show_fingerprint(transport.pin) if transport.pin else None,
        )
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        raise rebuild(data, response.status_code)  # the server's own sentence (database down)
    raise DatabaseUnavailable(
        _(
            "Something answers at {transport_base} (HTTP status "
            "{response_status_code}), but it is not a voxprivacy "
            "server; check the address and the port (voxprivacy-server "
            "listens on the port in its server.toml)."
        ).format(transport_base=transport.base, response_status_code=response.status_code)
    )


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
