"""Fixtures for the server's own tests: the worker's server process, emptied for each
test, a desk of staff who work through it, and raw HTTP as a modified client would."""

from __future__ import annotations

import ssl
from collections.abc import Iterator

import httpx
import pytest
from support.desk import Desk
from support.fixtures import quick_password_hashes
from support.server import ServerProcess, SharedClock

from voxprivacy.client.remote import RemoteContext, RemoteTransport, remote_context
from voxprivacy.services.context import Context

__all__ = ["quick_password_hashes"]  # fixtures, shared


@pytest.fixture
def server(remote_server: ServerProcess) -> ServerProcess:
    remote_server.reset()
    return remote_server


@pytest.fixture
def clock(server: ServerProcess) -> SharedClock:
    return SharedClock(server.clock_file)


@pytest.fixture
def hub(server: ServerProcess, clock: SharedClock) -> Context:
    """The server host's own view of its database (for looking at what was stored)."""
    return Context(server.db, server.secrets, clock=clock)


@pytest.fixture
def workstation(server: ServerProcess, clock: SharedClock) -> Iterator[RemoteContext]:
    """A head-office workstation's context: no database, no keys, only the server."""
    ctx = remote_context(server.url, fingerprint=server.fingerprint, clock=clock)
    try:
        yield ctx
    finally:
        ctx.transport.close()


@pytest.fixture
def desk(workstation: RemoteContext, hub: Context, clock: SharedClock) -> Desk:
    """Staff of every role, signed in through the server (the first admin made on the host)."""
    return Desk(workstation, clock, direct=hub)


@pytest.fixture
def raw(server: ServerProcess) -> Iterator[httpx.Client]:
    """Plain HTTPS to the server, trusting its certificate: what a modified client sends."""
    context = ssl.create_default_context(cafile=str(server.certificate))
    with httpx.Client(base_url=server.url, verify=context, timeout=30) as client:
        yield client


@pytest.fixture
def transport(server: ServerProcess) -> Iterator[RemoteTransport]:
    t = RemoteTransport(server.url, fingerprint=server.fingerprint)
    try:
        yield t
    finally:
        t.close()
