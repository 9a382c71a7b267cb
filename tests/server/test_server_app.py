"""The app in-process: an unexpected exception is a sentence with an id, never a
traceback, and the id is in the server's log."""

from __future__ import annotations

import logging
import re

import pytest
from fastapi.testclient import TestClient
from support.desk import Clock, Desk

from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.server.app import create_app
from voxprivacy.services import sessions
from voxprivacy.services.context import Context
from voxprivacy.storage.database import Database


@pytest.fixture
def local(sqlite_db: Database) -> Desk:
    """The app over a local SQLite database (no server process)."""
    clock = Clock()
    ctx = Context(sqlite_db, SecretStore(), clock=clock)
    ctx.create_installation()
    return Desk(ctx, clock)


def test_an_unexpected_error_is_a_sentence_with_an_id(
    local: Desk, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    client = TestClient(create_app(local.ctx), raise_server_exceptions=False)
    signed = client.post(
        "/api/v1/sign-in", json={"username": "admin", "password": "admin password 1"}
    )
    token = signed.json()["token"]

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("customer Jürgen Müller, j.mueller@example.de")

    monkeypatch.setattr(sessions, "resolve", broken)
    with caplog.at_level(logging.ERROR, logger="voxprivacy.server"):
        answer = client.post(
            "/api/v1/services/staff.list_staff",
            json={"args": {}},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert answer.status_code == 500
    message = answer.json()["error"]["message"]
    found = re.search(r"error id ([0-9a-f]{12})", message)
    assert found and "Müller" not in answer.text and "Traceback" not in answer.text
    assert any(found.group(1) in record.getMessage() for record in caplog.records)


def test_health_says_nothing_but_ok_and_what_answers(local: Desk) -> None:
    client = TestClient(create_app(local.ctx))
    assert client.get("/api/v1/health").json() == {"status": "ok", "service": "voxprivacy-server"}
    assert client.get("/api/v1/nothing").json()["error"]["kind"] == "not_found"
    assert client.get("/api/v1/sign-in").json()["error"]["kind"] == "bad_input"
