"""voxprivacy-server as a process: sessions across processes and restarts, the error
shape and the same exception classes on the client, every service reachable, TLS
pinning, rate limits, and a configuration that refuses to start."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text
from support.desk import Desk
from support.server import ServerProcess

from voxprivacy.api.codec import LOCAL_ONLY, remote_services
from voxprivacy.client.remote import RemoteContext, remote_context
from voxprivacy.domain.enums import Role
from voxprivacy.errors import (
    AuthenticationFailed,
    DatabaseBusy,
    DatabaseUnavailable,
    FourEyesViolation,
    NotFound,
    RateLimited,
    Refused,
    RoleForbidden,
)
from voxprivacy.server.config import load_settings
from voxprivacy.server.main import main as server_main
from voxprivacy.services import auth, customers, requests, sessions
from voxprivacy.services.customers import InvalidFields, StaleCustomerEdit
from voxprivacy.storage.models import Customer

# ---- sessions ----------------------------------------------------------------------------


def test_a_revoked_session_is_refused_at_its_next_request(desk: Desk) -> None:
    agent = desk.member(Role.AGENT, "anna")
    supervisor = desk.member(Role.SUPERVISOR, "sven")
    customers.search_customers(desk.ctx, agent.actor, "Müller")
    mine = sessions.list_sessions(desk.ctx, supervisor.actor, username="anna")
    assert len(mine) == 1 and not mine[0].yours
    desk.step_up(supervisor)
    sessions.revoke_session(desk.ctx, supervisor.actor, mine[0].id)
    with pytest.raises(AuthenticationFailed, match="revoked by sven"):
        customers.search_customers(desk.ctx, agent.actor, "Müller")
    assert [s.yours for s in sessions.list_sessions(desk.ctx, supervisor.actor)].count(True) == 1


def test_lock_ends_the_session_and_the_password_opens_a_new_one(desk: Desk) -> None:
    agent = desk.member(Role.AGENT, "anna")
    old = agent.actor.token
    auth.lock(desk.ctx, agent.actor)
    assert agent.actor.checked_at is None
    with pytest.raises(AuthenticationFailed, match="locked"):
        customers.search_customers(desk.ctx, agent.actor, "Müller")
    with pytest.raises(AuthenticationFailed, match="Wrong password"):
        auth.check_password(desk.ctx, agent.actor, "not it")
    auth.check_password(desk.ctx, agent.actor, agent.password)
    assert agent.actor.token not in (None, old)
    assert customers.search_customers(desk.ctx, agent.actor, "Müller") == []
    # the step-up did not survive the lock
    with pytest.raises(Refused, match="second factor"):
        desk.customer(agent)


def test_sign_out_ends_the_session(desk: Desk) -> None:
    agent = desk.member(Role.AGENT, "anna")
    token = agent.actor.token
    auth.sign_out(desk.ctx, agent.actor)
    agent.actor.token = token
    with pytest.raises(AuthenticationFailed, match="signed out"):
        customers.search_customers(desk.ctx, agent.actor, "Müller")


def test_another_process_serves_the_session_and_a_restart_keeps_it(
    desk: Desk, server: ServerProcess, tmp_path: Path, clock: Any
) -> None:
    agent = desk.member(Role.AGENT, "anna")
    view = desk.customer(agent)  # stepped up on the first process
    second = server.another(tmp_path / "second").start()
    try:
        elsewhere = remote_context(second.url, fingerprint=second.fingerprint, clock=clock)
        shown = customers.show_customer(elsewhere, agent.actor, view.account_number)
        customers.edit_customer(
            elsewhere, agent.actor, view.id, {"name": "Anna Changed It"}, verified_by="callback"
        )
        assert shown.name == "Jürgen Müller"
        elsewhere.transport.close()
    finally:
        second.stop()
    server.stop()
    server.start()
    again = customers.show_customer(desk.ctx, agent.actor, view.account_number)
    assert again.name == "Anna Changed It"
    customers.record_interaction(desk.ctx, agent.actor, view.id, "phone", "still stepped up")


# ---- the error shape ---------------------------------------------------------------------


def test_errors_come_back_as_the_same_classes(desk: Desk) -> None:
    agent = desk.member(Role.AGENT, "anna")
    supervisor = desk.member(Role.SUPERVISOR, "sven")
    view = desk.customer(agent)
    with pytest.raises(InvalidFields) as bad:
        customers.edit_customer(
            desk.ctx, agent.actor, view.id, {"email": "not an address"}, verified_by="callback"
        )
    assert bad.value.field == "email" and set(bad.value.errors) == {"email"}
    assert bad.value.exit_status == 2
    other = desk.member(Role.AGENT, "otto")
    customers.edit_customer(
        desk.ctx,
        other.actor,
        view.id,
        {"name": "Otto's Change"},
        expected_version=view.version,
        verified_by="callback",
    )
    with pytest.raises(StaleCustomerEdit) as stale:
        customers.edit_customer(
            desk.ctx,
            agent.actor,
            view.id,
            {"name": "Anna's"},
            expected_version=view.version,
            verified_by="callback",
        )
    assert stale.value.view.name == "Otto's Change"
    assert stale.value.current["name"] == "Otto's Change" and stale.value.exit_status == 1
    with pytest.raises(NotFound) as missing:
        customers.show_customer(desk.ctx, agent.actor, "VX00000000")
    assert missing.value.exit_status == 2
    desk.step_up(supervisor)
    opened = requests.open_request(desk.ctx, supervisor.actor, view.id, "erasure", "callback")
    desk.step_up(supervisor)
    with pytest.raises(FourEyesViolation) as four:
        requests.approve_erasure(desk.ctx, supervisor.actor, opened.reference)
    assert four.value.exit_status == 3
    desk.step_up(agent)
    with pytest.raises(RoleForbidden):
        requests.approve_erasure(desk.ctx, agent.actor, opened.reference)
    with pytest.raises(TypeError):
        customers.show_customer(desk.ctx, agent.actor)  # type: ignore[call-arg]


@pytest.mark.slow
def test_a_busy_row_comes_back_as_busy(desk: Desk, server: ServerProcess) -> None:
    agent = desk.member(Role.AGENT, "anna")
    view = desk.customer(agent)
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with server.db.engine.begin() as conn:
            conn.execute(
                select(Customer.id)
                .where(Customer.account_number == view.account_number)
                .with_for_update()
            )
            held.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        held.wait(10)
        with pytest.raises(DatabaseBusy) as busy:
            customers.edit_customer(
                desk.ctx, agent.actor, view.id, {"name": "Waiting"}, verified_by="callback"
            )
        assert busy.value.exit_status == 75
    finally:
        release.set()
        holder.join()


def test_an_unknown_argument_or_a_wrong_type_names_the_argument(
    desk: Desk, raw: httpx.Client
) -> None:
    agent = desk.member(Role.AGENT, "anna")
    headers = {"Authorization": f"Bearer {agent.actor.token}"}
    wrong = raw.post(
        "/api/v1/services/customers.search.search_customers",
        json={"args": {"text": "x", "limit": "many"}},
        headers=headers,
    )
    assert wrong.status_code == 400
    assert wrong.json()["error"]["field"] == "limit"
    assert "limit" in wrong.json()["error"]["message"]
    missing = raw.post(
        "/api/v1/services/customers.search.search_customers", json={"args": {}}, headers=headers
    )
    assert missing.json()["error"] == {
        "kind": "bad_input",
        "type": "voxprivacy.errors.BadInput",
        "message": "customers.search.search_customers needs the argument 'text'.",
        "field": "text",
        "current": None,
        "errors": None,
        "hits": None,
    }
    garbage = raw.post(
        "/api/v1/services/customers.search.search_customers",
        content=b"{not json",
        headers={**headers, "Content-Type": "application/json"},
    )
    assert garbage.status_code == 400 and "Traceback" not in garbage.text


# ---- the registry is the API -------------------------------------------------------------


def test_every_registered_service_is_reachable_and_the_others_are_refused(
    raw: httpx.Client,
) -> None:
    services = remote_services()
    assert len(services) > 30
    paths = raw.get("/api/v1/openapi.json").json()["paths"]
    for name in services:
        assert f"/api/v1/services/{name}" in paths, name
        answer = raw.post(f"/api/v1/services/{name}", json={"args": {}})
        assert answer.json()["error"]["kind"] == "authentication_failed", name
    for name, reason in LOCAL_ONLY.items():
        answer = raw.post(f"/api/v1/services/{name}", json={"args": {}})
        assert (answer.status_code, answer.json()["error"]["message"]) == (403, reason)
    assert "/api/v1/sign-in" in paths
    health = raw.get("/api/v1/health")
    assert health.json() == {"status": "ok", "service": "voxprivacy-server"}


# ---- the client's connection -------------------------------------------------------------


def test_a_wrong_fingerprint_is_refused_naming_both(server: ServerProcess) -> None:
    wrong = "AB:" * 31 + "AB"
    ctx = remote_context(server.url, fingerprint=wrong)
    with pytest.raises(DatabaseUnavailable) as refused:
        auth.sign_in(ctx, "admin", "admin password 1")
    assert server.shown_fingerprint in refused.value.message
    assert wrong in refused.value.message and "Nothing was sent" in refused.value.message


def test_a_self_signed_server_without_a_fingerprint_is_not_trusted(server: ServerProcess) -> None:
    ctx = remote_context(server.url)
    with pytest.raises(DatabaseUnavailable, match="--server-fingerprint"):
        auth.sign_in(ctx, "admin", "admin password 1")


def test_an_unreachable_server_is_one_sentence() -> None:
    from support.server import free_port

    ctx = remote_context(f"https://127.0.0.1:{free_port()}")
    with pytest.raises(DatabaseUnavailable, match="Cannot reach the head office server at"):
        auth.sign_in(ctx, "admin", "admin password 1")


def test_sign_in_and_step_up_are_rate_limited(
    desk: Desk, server: ServerProcess, tmp_path: Path
) -> None:
    strict = server.another(tmp_path / "strict", per_account=3).start()
    try:
        ctx = remote_context(strict.url, fingerprint=strict.fingerprint)
        for _ in range(3):
            with pytest.raises(AuthenticationFailed) as failed:
                auth.sign_in(ctx, "admin", "wrong password")
            assert not isinstance(failed.value, RateLimited)
        with pytest.raises(RateLimited, match="Too many sign-in attempts") as limited:
            auth.sign_in(ctx, "admin", "admin password 1")
        assert limited.value.exit_status == 75 and limited.value.retry_after >= 1
        ctx.transport.close()
    finally:
        strict.stop()


# ---- configuration -----------------------------------------------------------------------


def test_a_credentials_folder_others_can_read_stops_the_start(
    server: ServerProcess, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    twin = server.another(tmp_path / "open")
    folder = tmp_path / "open-credentials"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    config = twin.config.read_text().replace(str(server.credentials), str(folder))
    twin.config.write_text(config)
    os.environ.pop("CREDENTIALS_DIRECTORY", None)
    assert server_main(["--config", str(twin.config)]) == 2
    err = capsys.readouterr().err
    assert "can be read by other accounts" in err and f"chmod 700 {folder}" in err


def test_a_secret_in_the_configuration_is_refused(tmp_path: Path) -> None:
    from voxprivacy.errors import ConfigurationError

    path = tmp_path / "server.toml"
    db = '[database]\nurl = "postgresql+psycopg://app@db/vox"\n'
    path.write_text('[database]\nurl = "postgresql+psycopg://app:hunter2@db/vox"\n')
    with pytest.raises(ConfigurationError, match=r"password in \[database\] url"):
        load_settings(path)
    path.write_text(db + 'master_key = "x"\n')
    with pytest.raises(ConfigurationError, match=r"names a secret \(database.master_key\)"):
        load_settings(path)
    path.write_text(db + "[server]\nport = 0\n")
    with pytest.raises(ConfigurationError, match=r"\[server\] port = 0"):
        load_settings(path)
    path.write_text(db + '[server]\nsecrets = "keyring"\n[sessions]\nidle_minutes = 15\n')
    settings = load_settings(path)
    assert settings.secrets == "keyring" and settings.lifetimes.idle.total_seconds() == 900


def test_the_configuration_is_read_from_its_sections(tmp_path: Path) -> None:
    from voxprivacy.errors import ConfigurationError

    path = tmp_path / "server.toml"
    path.write_text(
        '[server]\nhost = "0.0.0.0"\nport = 9443\ncertificate = "tls/server.crt"\n'
        'credentials_directory = "/srv/creds"\n'
        '[database]\nurl = "postgresql+psycopg://app@db/vox"\n'
        "[rate_limits]\nper_account = 5\n"
        '[audit]\nchain_log = "chain-head.log"\nchain_log_minutes = 5\n'
    )
    settings = load_settings(path)
    assert (settings.host, settings.port) == ("0.0.0.0", 9443)
    assert settings.tls_certificate == tmp_path / "tls" / "server.crt"
    assert settings.credentials_dir == Path("/srv/creds")
    assert settings.rate_limits.per_account == 5
    assert settings.chain_log == tmp_path / "chain-head.log"
    assert settings.chain_log_interval.total_seconds() == 300
    path.write_text('database_url = "postgresql+psycopg://app@db/vox"\nport = 8443\n')
    with pytest.raises(ConfigurationError, match="database_url, port at the top") as caught:
        load_settings(path)
    assert "[server] and [database] sections" in caught.value.message
    path.write_text('[database]\nurl = "postgresql+psycopg://app@db/vox"\n[audti]\nx = 1\n')
    with pytest.raises(ConfigurationError, match="has audti, which the server does not know"):
        load_settings(path)
    path.write_text("[server]\nport = 8443\n")
    with pytest.raises(ConfigurationError, match=r"needs \[database\] url"):
        load_settings(path)


def test_the_server_log_holds_no_token_or_password(
    desk: Desk, server: ServerProcess, workstation: RemoteContext
) -> None:
    agent = desk.member(Role.AGENT, "anna")
    time.sleep(0.2)
    log = server.log()
    assert agent.actor.token and agent.actor.token not in log
    assert agent.password not in log and server.master_key not in log
    with server.db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM staff_sessions")).scalar_one() >= 2
