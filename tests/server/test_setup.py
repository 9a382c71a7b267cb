"""``voxprivacy-admin server init``: what it prints, writes and keeps."""

from __future__ import annotations

import base64
import json
import stat
from pathlib import Path

import psycopg
import pytest
from host_support import (
    ADMIN,
    Host,
    init_host,
    new_host,
    password_checking_pg,
    run_admin,
)
from support.branches import cheap_password_hashes
from support.postgres import PostgresServer

from voxprivacy.server.setup import read_config
from voxprivacy.server.tls import fingerprint

__all__ = ["password_checking_pg"]  # a fixture


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def host(
    password_checking_pg: PostgresServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Host:
    cheap_password_hashes(monkeypatch)
    return new_host(password_checking_pg, tmp_path)


def test_init_prepares_the_host(
    host: Host, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = init_host(host, capsys, monkeypatch, "--admin", ADMIN)
    assert result.code == 0, result.err
    assert result.err == ""
    out = result.out
    assert "schema created at revision" in out
    assert f"owner role {host.owner}: owns the schema, cannot sign in" in out

    # the fingerprint printed is the certificate's
    cert = (host.config_dir / "server.crt").read_bytes()
    lines = result.lines
    at = lines.index("certificate SHA-256 fingerprint (give it to every workstation to pin):")
    assert lines[at + 1].strip() == fingerprint(cert)

    # the first admin's enrolment, printed as 'voxprivacy-admin init' prints it
    assert f"First admin {ADMIN} created." in lines
    assert f"Recovery codes for {ADMIN} (admin); each works once, keep them offline:" in lines
    assert lines[-1].startswith(f"otpauth://totp/voxprivacy:{ADMIN}?secret=")

    # secrets: a private directory of private files
    assert _mode(host.credentials) == 0o700
    for name in ("database-password", "master-key", "tls-key"):
        assert _mode(host.credentials / name) == 0o600, name
    assert sorted(p.name for p in host.credentials.iterdir()) == [
        "database-password",
        "master-key",
        "tls-key",
    ]

    # the configuration names everything and holds no secret
    text = host.config.read_text()
    for name in ("database-password", "master-key", "tls-key"):
        secret = (host.credentials / name).read_text().strip()
        for line in secret.splitlines():
            if "-----" not in line:
                assert line not in text, name
    config = read_config(host.config)
    assert config.certificate == (host.config_dir / "server.crt").resolve()
    assert config.credentials_directory == host.credentials.resolve()
    assert config.port == 8443 and config.host == "127.0.0.1"
    assert config.database_url.startswith(f"postgresql+psycopg://{host.app}@")
    assert config.database_url.endswith(f"/{host.dbname}")

    # the application role signs in with the password in the secrets, and only with it
    with host.connect_as_app() as conn:
        assert conn.execute("SELECT current_user").fetchone() == (host.app,)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        host.connect_as_app("not the password").close()


def test_running_init_again_keeps_the_installation(
    host: Host, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert init_host(host, capsys, monkeypatch, "--admin", ADMIN).code == 0
    files = {p: p.read_bytes() for p in [*host.credentials.iterdir(), host.config]}
    files[host.config_dir / "server.crt"] = (host.config_dir / "server.crt").read_bytes()

    again = init_host(host, capsys, monkeypatch)  # no --admin: the database has staff
    assert again.code == 0, again.err
    assert "schema at revision" in again.out
    assert "An existing installation was found and kept" in again.out
    assert "nothing was overwritten" in again.out
    assert "First admin" not in again.out
    assert {p: p.read_bytes() for p in files} == files

    as_json = init_host(host, capsys, monkeypatch, "--json")
    assert as_json.code == 0, as_json.err
    report = json.loads(as_json.out)
    assert report["fingerprint"] == fingerprint((host.config_dir / "server.crt").read_bytes())
    assert report["admin"] is None and report["created"] == []
    assert f"application role {host.app}" in report["kept"]
    with host.connect_as_app() as conn:
        assert conn.execute("SELECT count(*) FROM staff").fetchone() == (1,)


def test_the_application_role_gets_a_new_password_and_the_certificate_stays(
    host: Host, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert init_host(host, capsys, monkeypatch, "--admin", ADMIN).code == 0
    old_password = host.app_password()
    old_cert = (host.config_dir / "server.crt").read_bytes()
    rotated = init_host(host, capsys, monkeypatch, "--new-app-password")
    assert rotated.code == 0, rotated.err
    assert host.app_password() != old_password
    assert _mode(host.credentials / "database-password") == 0o600
    assert (host.config_dir / "server.crt").read_bytes() == old_cert
    with host.connect_as_app() as conn:
        assert conn.execute("SELECT current_user").fetchone() == (host.app,)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        host.connect_as_app(old_password).close()


def test_force_replaces_the_certificate_and_keeps_the_password(
    host: Host, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert init_host(host, capsys, monkeypatch, "--admin", ADMIN).code == 0
    password = host.app_password()
    old_cert = (host.config_dir / "server.crt").read_bytes()
    forced = init_host(host, capsys, monkeypatch, "--force")
    assert forced.code == 0, forced.err
    new_cert = (host.config_dir / "server.crt").read_bytes()
    assert new_cert != old_cert
    assert fingerprint(new_cert) in forced.out and fingerprint(old_cert) not in forced.out
    assert host.app_password() == password


def test_a_lost_password_file_is_not_replaced_silently(
    host: Host, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert init_host(host, capsys, monkeypatch, "--admin", ADMIN).code == 0
    password = host.app_password()
    (host.credentials / "database-password").unlink()
    result = init_host(host, capsys, monkeypatch)
    assert result.code == 2
    assert f"The role {host.app} exists but" in result.err
    assert "pass --force to give the role a new password" in result.err
    assert not (host.credentials / "database-password").exists()
    with host.connect_as_app(password) as conn:  # the role still has its password
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_a_password_in_the_url_is_refused_before_anything_is_made(
    host: Host, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    args = host.init_args("--admin", ADMIN)
    at = args.index("--database") + 1
    args[at] = args[at].replace("postgresql+psycopg://postgres@", "postgresql://postgres:pw@")
    result = run_admin(capsys, monkeypatch, *args, env={"VOXPRIVACY_PASSWORD": "x" * 20})
    assert result.code == 2
    assert "Do not put the password in the URL" in result.err
    assert "--password-file" in result.err
    assert not host.config_dir.exists()


def test_an_empty_database_needs_a_first_admin(
    host: Host, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = init_host(host, capsys, monkeypatch)
    assert result.code == 2
    assert "name the first admin with --admin NAME" in result.err
    assert "Nothing was changed" in result.err
    assert not host.config_dir.exists()
    with host.server.connect() as conn:
        roles = conn.execute(
            "SELECT rolname FROM pg_roles WHERE rolname IN (%s, %s)", (host.owner, host.app)
        ).fetchall()
        databases = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (host.dbname,)
        ).fetchall()
    assert roles == [] and databases == []


def test_the_password_file_option_is_read(
    host: Host,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """The administrator's password from --password-file; a missing file is a sentence."""
    missing = run_admin(
        capsys,
        monkeypatch,
        *host.init_args("--admin", ADMIN, "--password-file", str(tmp_path / "nope")),
        env={"VOXPRIVACY_PASSWORD": "y" * 20},
    )
    assert missing.code == 2
    assert f"Cannot read password from {tmp_path / 'nope'}" in missing.err
    assert not host.config_dir.exists()


def _login_role(host: Host, name: str, rights: str) -> str:
    with host.server.connect() as conn:
        conn.execute(f"CREATE ROLE {name} LOGIN {rights} PASSWORD 'dba password'")
    url = host.server.server_url(host.dbname).set(username=name, password=None)
    return url.render_as_string(hide_password=False)


def test_a_role_with_createrole_and_createdb_can_prepare_the_host(
    host: Host, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _login_role(host, host.owner.replace("owner", "dba"), "CREATEROLE CREATEDB")
    args = host.init_args("--admin", ADMIN)
    args[args.index("--database") + 1] = url
    result = run_admin(
        capsys,
        monkeypatch,
        *args,
        env={"PGPASSWORD": "dba password", "VOXPRIVACY_PASSWORD": "alice's long password 1"},
    )
    assert result.code == 0, result.err
    with host.connect_as_app() as conn:
        assert conn.execute("SELECT count(*) FROM staff").fetchone() == (1,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM audit_events")


def test_a_role_that_may_not_create_roles_is_told_so(
    host: Host, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _login_role(host, host.owner.replace("owner", "plain"), "CREATEDB")
    args = host.init_args("--admin", ADMIN)
    args[args.index("--database") + 1] = url
    result = run_admin(
        capsys,
        monkeypatch,
        *args,
        env={"PGPASSWORD": "dba password", "VOXPRIVACY_PASSWORD": "alice's long password 1"},
    )
    assert result.code == 2
    assert "may not create roles; connect as a superuser" in result.err
    assert not host.config_dir.exists()


def test_a_master_key_of_another_database_is_refused(
    host: Host, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert init_host(host, capsys, monkeypatch, "--admin", ADMIN).code == 0
    key_file = host.credentials / "master-key"
    key_file.write_text(base64.b64encode(bytes(range(32))).decode())
    config = host.config.read_bytes()
    result = init_host(host, capsys, monkeypatch)
    assert result.code == 2
    assert "That master key does not decrypt this database's data" in result.err
    assert host.config.read_bytes() == config
