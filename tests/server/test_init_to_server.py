"""From an empty PostgreSQL to a working head office, as an administrator does it.

``voxprivacy-admin server init`` (a subprocess) prepares the roles, the database, the
secrets, the certificate and ``server.toml``; ``voxprivacy-server --config`` (a real
process) serves with exactly that file, connected as the application role init made;
the command line then works through it: the first admin signs in with a code from the
printed secret, adds an agent, the agent edits a customer, and ``audit verify`` passes.
The server meanwhile appends the audit chain's head to the log the configuration names.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from host_support import Host, new_host, password_checking_pg
from support.postgres import PostgresServer
from support.server import free_port

from voxprivacy.client.remote import remote_context
from voxprivacy.server import chainlog
from voxprivacy.server.config import load_settings
from voxprivacy.server.setup import read_config, server_context
from voxprivacy.services import auth, customers
from voxprivacy.services.context import Context

__all__ = ["password_checking_pg"]  # a fixture

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

ADMIN = "alice"
ADMIN_PASSWORD = "alice's long password 1"
AGENT = "anna"
AGENT_PASSWORD = "anna's long password 22"


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp),
        "XDG_DATA_HOME": str(tmp / "data"),
        "XDG_STATE_HOME": str(tmp / "state"),
        "XDG_CONFIG_HOME": str(tmp / "config"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        **extra,
    }


def _admin_cli(
    tmp: Path, *args: str, stdin: str = "", **env: str
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "voxprivacy.cli", *args],
        env=_env(tmp, **env),
        input=stdin,
        text=True,
        capture_output=True,
        timeout=300,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def _secret(otpauth: str) -> str:
    query = urllib.parse.parse_qs(urllib.parse.urlparse(otpauth).query)
    return query["secret"][0]


def _otpauth(out: str) -> str:
    return next(line.strip() for line in out.splitlines() if line.strip().startswith("otpauth://"))


@pytest.fixture
def host(password_checking_pg: PostgresServer, tmp_path: Path) -> Host:
    return new_host(password_checking_pg, tmp_path)


@pytest.fixture
def started(host: Host, tmp_path: Path) -> Iterator[tuple[Host, str, str, str, Path]]:
    """init as the CLI, then voxprivacy-server on the file it wrote (heads every second)."""
    port = free_port()
    env = {"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD}
    if host.admin_password:
        env["PGPASSWORD"] = host.admin_password
    init = _admin_cli(tmp_path, *host.init_args("--admin", ADMIN, "--port", str(port)), **env)
    assert init.returncode == 0, init.stderr
    lines = init.stdout.splitlines()
    at = lines.index("certificate SHA-256 fingerprint (give it to every workstation to pin):")
    fingerprint = lines[at + 1].strip()
    secret = _secret(_otpauth(init.stdout))

    text = host.config.read_text(encoding="utf-8")
    assert "chain_log_minutes = 15" in text
    host.config.write_text(
        text.replace("chain_log_minutes = 15", "chain_log_seconds = 1"), encoding="utf-8"
    )
    settings = load_settings(host.config)
    assert settings.port == port and f"//{host.app}@" in settings.database_url
    assert settings.chain_log == host.config_dir / "chain-head.log"
    assert settings.chain_log is not None

    log_file = tmp_path / "server.log"
    with log_file.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "voxprivacy.server.main", "--config", str(host.config)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=_env(tmp_path),
        )
    url = f"https://127.0.0.1:{port}"
    try:
        probe = remote_context(url, fingerprint=fingerprint)
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, log_file.read_text(errors="replace")
            try:
                probe.transport.health()
                break
            except Exception:
                assert time.monotonic() < deadline, log_file.read_text(errors="replace")
                time.sleep(0.2)
        probe.transport.close()
        yield host, url, fingerprint, secret, settings.chain_log
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def _fresh_code(secret: str, used: set[str]) -> str:
    """A code not used before (a code works once): wait for the next 30-second step."""
    totp = pyotp.TOTP(secret)
    while (code := totp.now()) in used:
        time.sleep(1)
    used.add(code)
    return code


def test_init_then_server_then_the_command_line(
    started: tuple[Host, str, str, str, Path], tmp_path: Path
) -> None:
    host, url, fingerprint, secret, chain_log = started
    remote = {"VOXPRIVACY_SERVER": url, "VOXPRIVACY_SERVER_FINGERPRINT": fingerprint}
    used: set[str] = set()

    added = _admin_cli(
        tmp_path,
        "--user",
        ADMIN,
        "--totp",
        _fresh_code(secret, used),
        "staff",
        "add",
        AGENT,
        "--role",
        "agent",
        stdin=AGENT_PASSWORD + "\n",
        VOXPRIVACY_PASSWORD=ADMIN_PASSWORD,
        **remote,
    )
    assert added.returncode == 0, added.stderr
    agent_secret = _secret(_otpauth(added.stdout))
    agent_used: set[str] = set()

    # the agent registers a customer from a workstation (the desk's client)
    desk = remote_context(url, fingerprint=fingerprint)
    try:
        agent = auth.sign_in(desk, AGENT, AGENT_PASSWORD)
        auth.step_up(desk, agent, _fresh_code(agent_secret, agent_used))
        view = customers.create_customer(
            desk, agent, "private", "Jürgen Müller", {"email": "j.mueller@example.de"}
        )
    finally:
        desk.transport.close()
    account = view.account_number

    edited = _admin_cli(
        tmp_path,
        "--server",
        url,
        "--server-fingerprint",
        fingerprint,
        "--user",
        AGENT,
        "--totp",
        _fresh_code(agent_secret, agent_used),
        "customer",
        "edit",
        account,
        "name=Jürgen Meier",
        "--verified-by",
        "callback",
        VOXPRIVACY_PASSWORD=AGENT_PASSWORD,
    )
    assert edited.returncode == 0, edited.stderr
    shown = _admin_cli(
        tmp_path,
        "--server",
        url,
        "--server-fingerprint",
        fingerprint,
        "--user",
        AGENT,
        "customer",
        "show",
        account,
        VOXPRIVACY_PASSWORD=AGENT_PASSWORD,
    )
    assert shown.returncode == 0 and "Jürgen Meier" in shown.stdout, shown.stderr

    verified = _admin_cli(
        tmp_path,
        "--server",
        url,
        "--server-fingerprint",
        fingerprint,
        "--user",
        ADMIN,
        "--json",
        "audit",
        "verify",
        VOXPRIVACY_PASSWORD=ADMIN_PASSWORD,
    )
    assert verified.returncode == 0, verified.stderr + verified.stdout

    # the server logged the chain's head: it catches up with the edit within seconds
    ctx = _owner_view(host)
    try:
        head = chainlog.current_head(ctx)
        deadline = time.monotonic() + 20
        while True:
            heads = chainlog.read_log(chain_log) if chain_log.exists() else []
            if heads and (heads[-1].seq, heads[-1].hash) == head:
                break
            assert time.monotonic() < deadline, f"no head {head} in {chain_log}: {heads}"
            time.sleep(0.5)
        assert len(heads) >= 2  # at start and again at the interval
        assert chainlog.check_against_log(ctx, chain_log).ok
    finally:
        ctx.db.dispose()
    assert json.loads(chain_log.read_text().splitlines()[-1])["seq"] == head[0]


def _owner_view(host: Host) -> Context:
    return server_context(read_config(host.config))
