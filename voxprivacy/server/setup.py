"""Preparing a head office server's host: ``voxprivacy-admin server init``.

Given a PostgreSQL connection with the right to create roles (a superuser, or
a role with CREATEROLE that owns the database), it

1. creates an owner role (NOLOGIN: nobody signs in as it; the administrator's
   connection takes it on with SET ROLE for init and upgrades) that owns the
   schema and every table, and an application role (LOGIN, a random password)
   for the server;
2. runs the migrations as the owner;
3. grants the application role what the services do and nothing more:
   reading and writing the tables, but only SELECT and INSERT on the audit
   trail, only SELECT on the schema's version and the installation record, no
   CREATE on the schema, ownership of nothing — so the server's own
   credentials can neither rewrite the trail nor change the schema;
4. writes the server's secrets into a private credentials directory (0700,
   files 0600): ``database-password``, ``master-key``, ``tls-key``; the
   certificate and a starter ``server.toml`` (no secrets) beside it;
5. creates the first admin.

Run again, it keeps what exists (roles, passwords, keys, certificate,
configuration), upgrades the schema and refreshes the grants; replacing a
secret needs ``force``. The roles and grants are ``server/db_roles.py``'s, the
configuration file ``server/host_config.py``'s.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets as pysecrets
import socket
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import psycopg
from sqlalchemy import select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from voxprivacy.errors import BadInput, ConfigurationError
from voxprivacy.i18n import _
from voxprivacy.security import passwords
from voxprivacy.security.crypto import FieldCipher, derive
from voxprivacy.server import tls
from voxprivacy.server.credentials import (
    DATABASE_PASSWORD,
    MASTER_KEY,
    TLS_KEY,
    CredentialFiles,
    make_private_directory,
    write_private,
)
from voxprivacy.server.db_roles import (
    APP_ROLE,
    OWNER_ROLE,
    check_role_name,
    connection,
    database_with_role,
    ensure_database,
    ensure_roles,
    exists,
    grant,
    take_ownership,
)
from voxprivacy.server.host_config import (
    CERTIFICATE_FILE,
    CHAIN_LOG_FILE,
    CONFIG_FILE,
    CREDENTIALS_DIRECTORY,
    DEFAULT_CONFIG_DIR,
    DEFAULT_HOST,
    DEFAULT_PORT,
    ServerConfig,
    read_config,
    server_context,
)
from voxprivacy.services import auth
from voxprivacy.services.auth import Enrollment
from voxprivacy.services.context import Context, master_key_name
from voxprivacy.services.staff import check_username
from voxprivacy.storage import schema
from voxprivacy.storage.database import Database, parse_target
from voxprivacy.storage.models import Installation, Staff

__all__ = [
    "APP_ROLE",
    "CERTIFICATE_FILE",
    "CONFIG_FILE",
    "CREDENTIALS_DIRECTORY",
    "DATABASE_PASSWORD",
    "DEFAULT_CONFIG_DIR",
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "MASTER_KEY",
    "OWNER_ROLE",
    "TLS_KEY",
    "InitOptions",
    "InitResult",
    "ServerConfig",
    "init_server",
    "read_config",
    "server_context",
]

CERTIFICATE_DAYS = 825

_APP_PASSWORD_BYTES = 32


# --------------------------------------------------------------------------- init


@dataclass
class InitOptions:
    database_url: str  # the administrator's connection, without a password
    database_password: str | None = None  # from a prompt, a file or PGPASSWORD
    config_dir: Path = DEFAULT_CONFIG_DIR
    credentials_dir: Path | None = None  # default: config_dir / "credentials"
    hostnames: list[str] = field(default_factory=list)  # for the certificate
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    owner_role: str = OWNER_ROLE
    app_role: str = APP_ROLE
    admin: str | None = None  # first admin's user name (a database without staff)
    admin_password: str | None = None
    master_key_line: str | None = None  # INSTALLATION_ID:KEY from 'key export' (moving over)
    service_user: tuple[int, int] | None = None  # chown the secrets to this (uid, gid)
    new_app_password: bool = False  # rotate the application role's password
    force: bool = False  # replace the certificate, the configuration, a stray master key

    @property
    def credentials(self) -> Path:
        return self.credentials_dir or self.config_dir / CREDENTIALS_DIRECTORY


@dataclass
class InitResult:
    database: str  # the database as it may be printed
    revision_before: str | None
    revision: str
    installation_id: str
    owner_role: str
    app_role: str
    config_path: Path
    certificate_path: Path
    credentials_dir: Path
    fingerprint: str
    certificate_expires: datetime
    enrollment: Enrollment | None
    created: list[str] = field(default_factory=list)  # what this run made
    kept: list[str] = field(default_factory=list)  # what existed and was left alone
    warnings: list[str] = field(default_factory=list)


def _admin_url(options: InitOptions) -> URL:
    try:
        target = parse_target(options.database_url)
    except BadInput:
        raise BadInput(
            _(
                "{database_url!r} is not a PostgreSQL URL; give one like "
                "postgresql://postgres@db.example/voxprivacy."
            ).format(database_url=options.database_url),
            "database",
        ) from None
    if target.mode != "postgresql":
        raise BadInput(
            _(
                "A head office server keeps its data in PostgreSQL: give a "
                "postgresql:// URL of the database (it is created if it "
                "does not exist)."
            ),
            "database",
        )
    url = target.url
    if url.password is not None:
        raise BadInput(
            _(
                "Do not put the password in the URL (other accounts see "
                "command lines); give it with --password-file FILE or "
                "PGPASSWORD, or type it when asked."
            ),
            "database",
        )
    if not url.database:
        raise BadInput(
            _(
                "The URL names no database; end it with the database's "
                "name, e.g. postgresql://postgres@db.example/voxprivacy."
            ),
            "database",
        )
    return url


def _installation(db: Database) -> Installation | None:
    if not schema.has_schema(db):
        return None
    with db.read() as session:
        return session.execute(select(Installation)).scalar_one_or_none()


def _has_staff(db: Database) -> bool:
    with db.read() as session:
        return session.execute(select(Staff.id).limit(1)).first() is not None


def _parse_master_key_line(line: str, installation_id: str, db: Database) -> str:
    given_id, sep, key = line.strip().partition(":")
    try:
        raw = base64.b64decode(key.strip(), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if not sep or len(raw) != 32:
        raise BadInput(
            _(
                "The master key file must hold the line printed by "
                "'voxprivacy-admin key export' (INSTALLATION_ID:KEY)."
            ),
            "master_key",
        )
    if given_id.strip() != installation_id:
        raise BadInput(
            _(
                "That master key belongs to database {given_id_strip}, but "
                "this database is {installation_id}; nothing was changed."
            ).format(given_id_strip=given_id.strip(), installation_id=installation_id),
            "master_key",
        )
    with db.read() as session:
        row = session.execute(
            select(Staff.id, Staff.totp_secret).where(Staff.totp_secret.is_not(None)).limit(1)
        ).first()
    if row is not None and row[1] is not None:
        try:
            FieldCipher(derive(key.strip(), "field-encryption")).decrypt(
                row[1], "staff", "totp_secret", row[0]
            )
        except Exception:
            raise BadInput(
                _("That master key does not decrypt this database's data; nothing was changed."),
                "master_key",
            ) from None
    return key.strip()


def _what_is_there(url: URL, password: str | None, dbname: str) -> tuple[bool, str | None]:
    """Before anything is changed: (the database has staff, its installation id or None)."""
    with connection(url, password, dbname) as conn:
        staff = installation = None
        if exists(conn, "SELECT 1 WHERE to_regclass('public.staff') IS NOT NULL"):
            staff = conn.execute("SELECT 1 FROM public.staff LIMIT 1").fetchone()
        if exists(conn, "SELECT 1 WHERE to_regclass('public.installation') IS NOT NULL"):
            installation = conn.execute(
                "SELECT installation_id FROM public.installation LIMIT 1"
            ).fetchone()
    return staff is not None, str(installation[0]) if installation else None


def default_hostnames() -> list[str]:
    names = [socket.getfqdn(), "localhost", "127.0.0.1"]
    return list(dict.fromkeys(n for n in names if n))


def _plan_files(options: InitOptions) -> tuple[bool, bool]:
    """Which of (certificate and TLS key, configuration) to write; refuses a half pair."""
    cert_path = options.config_dir / CERTIFICATE_FILE
    key_path = options.credentials / TLS_KEY
    config_path = options.config_dir / CONFIG_FILE
    have_cert, have_key = cert_path.exists(), key_path.exists()
    if have_cert != have_key and not options.force:
        missing = key_path if have_cert else cert_path
        raise BadInput(
            _(
                "{missing} is missing but its partner exists; restore it "
                "from the backup, or pass --force to make a new "
                "certificate and key."
            ).format(missing=missing),
            "force",
        )
    write_cert = options.force or not (have_cert and have_key)
    write_config = options.force or not config_path.exists()
    return write_cert, write_config


def init_server(options: InitOptions) -> InitResult:
    """Prepare the host and the database; see the module's description.

    PostgreSQL's refusals (a missing right, a name in use) become one sentence; what was
    done before stays done, and running init again carries on from there.
    """
    try:
        return _init_server(options)
    except psycopg.Error as exc:
        raise ConfigurationError(_refusal(exc.sqlstate, str(exc))) from None
    except DBAPIError as exc:
        orig = exc.orig
        raise ConfigurationError(
            _refusal(getattr(orig, "sqlstate", None), str(orig if orig is not None else exc))
        ) from None


def _refusal(sqlstate: str | None, text: str) -> str:
    detail = " ".join(text.split()) or "no detail"
    hint = (
        " Connect as a PostgreSQL superuser (e.g. postgres), or as a role with CREATEROLE "
        "that owns the database."
        if sqlstate == "42501"
        else ""
    )
    return f"PostgreSQL refused a step of server init ({detail}).{hint} Run it again once fixed."


def _init_server(options: InitOptions) -> InitResult:
    url = _admin_url(options)
    owner = check_role_name(options.owner_role, "owner")
    app = check_role_name(options.app_role, "application")
    if owner == app:
        raise BadInput(_("The owner and the application role must be two different roles."), "role")
    if url.username in (owner, app):
        raise BadInput(
            _(
                "Connect as a PostgreSQL administrator (e.g. postgres), not as {url_username}."
            ).format(url_username=url.username),
            "database",
        )
    if options.admin is not None:
        check_username(options.admin)
        passwords.check_new_password(options.admin_password or "")
    if not 1 <= options.port <= 65535:
        raise BadInput(
            _("{port} is not a TCP port (1 to 65535).").format(port=options.port), "port"
        )
    hostnames = options.hostnames or default_hostnames()
    write_cert, write_config = _plan_files(options)
    cert_pair = tls.self_signed_certificate(hostnames, CERTIFICATE_DAYS) if write_cert else None

    store = CredentialFiles(options.credentials, options.service_user)
    dbname = str(url.database)
    password = options.database_password
    result = InitResult(
        database=url.render_as_string(hide_password=True),
        revision_before=None,
        revision="",
        installation_id="",
        owner_role=owner,
        app_role=app,
        config_path=options.config_dir / CONFIG_FILE,
        certificate_path=options.config_dir / CERTIFICATE_FILE,
        credentials_dir=options.credentials,
        fingerprint="",
        certificate_expires=datetime.min,
        enrollment=None,
    )

    # The database first: it answers, and what it holds decides what may be written.
    with connection(url, password, "postgres") as maintenance:
        app_known = exists(maintenance, "SELECT 1 FROM pg_roles WHERE rolname = %s", app)
        db_known = exists(maintenance, "SELECT 1 FROM pg_database WHERE datname = %s", dbname)
        may_create = exists(
            maintenance,
            "SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)",
        )
        owner_known = exists(maintenance, "SELECT 1 FROM pg_roles WHERE rolname = %s", owner)
    if not may_create and not (owner_known and app_known):
        raise BadInput(
            _(
                "The PostgreSQL user of --database may not create roles; "
                "connect as a superuser (e.g. postgres) or a role with "
                "CREATEROLE. Nothing was changed."
            ),
            "database",
        )
    has_staff, installation_id = (
        _what_is_there(url, password, dbname) if db_known else (False, None)
    )
    if options.admin is None and not has_staff:
        raise BadInput(
            _(
                "The database has no staff yet: name the first admin with "
                "--admin NAME (the password comes from "
                "VOXPRIVACY_PASSWORD, or a prompt in a terminal). Nothing "
                "was changed."
            ),
            "admin",
        )
    key_file = options.credentials / MASTER_KEY
    given_key = options.master_key_line
    if installation_id is not None and given_key is None and key_file.exists():
        given_key = f"{installation_id}:{key_file.read_text(encoding='utf-8').strip()}"
    if installation_id is not None and given_key is not None:
        admin_db = database_with_role(url, password, None)
        try:  # a key of another database is refused before anything changes
            _parse_master_key_line(given_key, installation_id, admin_db)
        finally:
            admin_db.dispose()
    if installation_id is not None and options.master_key_line is None and not key_file.exists():
        raise BadInput(
            _(
                "The database already has an installation "
                "({installation_id}) but {key_file} does not exist: copy "
                "the credentials directory from the first server host, or, "
                "when moving a direct-connection setup over, give "
                "--master-key-file FILE with the line 'voxprivacy-admin "
                "key export' prints. Nothing was changed."
            ).format(installation_id=installation_id, key_file=key_file),
            "master_key",
        )
    if installation_id is None and key_file.exists() and not options.force:
        raise BadInput(
            _(
                "{key_file} exists but the database has no installation "
                "yet: it belongs to another database. Give another "
                "--credentials directory, or pass --force to replace it. "
                "Nothing was changed."
            ).format(key_file=key_file),
            "force",
        )
    password_file = options.credentials / DATABASE_PASSWORD
    if app_known and not password_file.exists() and not options.force:
        raise BadInput(
            _(
                "The role {app} exists but {password} does not: copy the "
                "credentials directory from the host where 'server init' "
                "ran first, or pass --force to give the role a new "
                "password (every other server host then needs the new "
                "file). Nothing was changed."
            ).format(app=app, password=options.credentials / DATABASE_PASSWORD),
            "force",
        )
    make_private_directory(options.credentials, options.service_user)
    app_password = store.read_file(DATABASE_PASSWORD)
    if app_password is None:
        app_password = pysecrets.token_urlsafe(_APP_PASSWORD_BYTES)
        write_private(
            options.credentials / DATABASE_PASSWORD, app_password.encode(), options.service_user
        )
        result.created.append(f"{options.credentials / DATABASE_PASSWORD}")
    elif options.new_app_password and app_known:
        app_password = pysecrets.token_urlsafe(_APP_PASSWORD_BYTES)
        write_private(
            options.credentials / DATABASE_PASSWORD, app_password.encode(), options.service_user
        )
        result.created.append(f"{options.credentials / DATABASE_PASSWORD} (a new password)")
    else:
        result.kept.append(f"{options.credentials / DATABASE_PASSWORD}")

    with connection(url, password, "postgres") as maintenance:
        ensure_roles(maintenance, owner, app, app_password, result)
        if ensure_database(maintenance, dbname, owner):
            result.created.append(f"database {dbname}")
    with connection(url, password, dbname) as conn:
        take_ownership(conn, owner, result)

    db = database_with_role(url, password, owner)
    try:
        before, after = schema.upgrade(db)
        result.revision_before, result.revision = before, after
        with connection(url, password, dbname) as conn:
            others = grant(conn, dbname, owner, app)
        for other in others:
            result.warnings.append(
                f"the role {other} still holds privileges on the tables (an earlier direct "
                f"connection?); take them away: REVOKE ALL ON ALL TABLES IN SCHEMA public "
                f"FROM {other}"
            )
        existing = _installation(db)
        stored_key = store.read_file(MASTER_KEY)
        if existing is None:
            if stored_key is not None and not options.force:
                raise BadInput(
                    _(
                        "{credentials_master_key} exists but the database has no "
                        "installation yet: it belongs to another database. Point "
                        "--credentials at a new directory, or pass --force to "
                        "replace it."
                    ).format(credentials_master_key=options.credentials / MASTER_KEY),
                    "force",
                )
            keys = Context(db, store).create_installation()
            result.installation_id = keys.installation_id
            result.created.append(f"{options.credentials / MASTER_KEY}")
        else:
            result.installation_id = existing.installation_id
            if options.master_key_line is not None:
                key = _parse_master_key_line(options.master_key_line, existing.installation_id, db)
                if stored_key is not None and stored_key != key and not options.force:
                    raise BadInput(
                        _(
                            "{credentials_master_key} holds another key; pass --force "
                            "to replace it."
                        ).format(credentials_master_key=options.credentials / MASTER_KEY),
                        "force",
                    )
                store.put(master_key_name(existing.installation_id), key)
                result.created.append(f"{options.credentials / MASTER_KEY} (from the export)")
            elif stored_key is None:
                raise BadInput(
                    _(
                        "The database already has an installation "
                        "({existing_installation_id}) but {credentials_master_key} "
                        "does not exist: copy it from the first server host, or, "
                        "when moving a direct-connection setup over, give "
                        "--master-key-file FILE with the line 'voxprivacy-admin "
                        "key export' prints."
                    ).format(
                        existing_installation_id=existing.installation_id,
                        credentials_master_key=options.credentials / MASTER_KEY,
                    ),
                    "master_key",
                )
            else:
                result.kept.append(f"{options.credentials / MASTER_KEY}")
        needs_admin = not _has_staff(db)
    finally:
        db.dispose()

    if cert_pair is not None:
        cert_pem, key_pem = cert_pair
        write_private(options.credentials / TLS_KEY, key_pem, options.service_user)
        options.config_dir.mkdir(parents=True, exist_ok=True)
        _write_public(result.certificate_path, cert_pem)
        result.created.append(f"certificate {result.certificate_path}")
    else:
        result.kept.append(f"certificate {result.certificate_path}")
    cert_pem = result.certificate_path.read_bytes()
    result.fingerprint = tls.fingerprint(cert_pem)
    result.certificate_expires = tls.not_after(cert_pem)

    app_url = URL.create(
        "postgresql+psycopg",
        username=app,
        host=url.host,
        port=url.port,
        database=dbname,
        query={k: v for k, v in url.query.items() if k != "password"},
    )
    config = ServerConfig(
        host=options.host,
        port=options.port,
        certificate=result.certificate_path.resolve(),
        credentials_directory=options.credentials.resolve(),
        database_url=app_url.render_as_string(hide_password=True),
        chain_log=(options.config_dir / CHAIN_LOG_FILE).resolve(),
    )
    if write_config:
        options.config_dir.mkdir(parents=True, exist_ok=True)
        _write_public(result.config_path, config.to_toml().encode())
        result.created.append(f"configuration {result.config_path}")
        config = read_config(result.config_path)  # the server's reader accepts what was written
    else:
        result.kept.append(f"configuration {result.config_path}")

    if needs_admin and options.admin is not None and options.admin_password is not None:
        app_ctx = server_context(config)
        try:
            result.enrollment = auth.bootstrap_first_admin(
                app_ctx, options.admin, options.admin_password
            )
        finally:
            app_ctx.db.dispose()
    return result


def _write_public(path: Path, data: bytes) -> None:
    """A file others may read (certificate, configuration), replaced whole."""
    temporary = path.with_name(f".{path.name}.new")
    temporary.write_bytes(data)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)
