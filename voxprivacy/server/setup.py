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
secret needs ``force``.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import os
import re
import secrets as pysecrets
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import select
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from voxprivacy.errors import BadInput, ConfigurationError, DatabaseUnavailable
from voxprivacy.i18n import _
from voxprivacy.security import passwords
from voxprivacy.security.crypto import FieldCipher, derive
from voxprivacy.security.keyring_store import ProcessOnlySecrets
from voxprivacy.server import tls
from voxprivacy.server.config import CHAIN_LOG_INTERVAL, RateLimits, load_settings
from voxprivacy.server.credentials import (
    DATABASE_PASSWORD,
    MASTER_KEY,
    TLS_KEY,
    CredentialFiles,
    make_private_directory,
    write_private,
)
from voxprivacy.services import auth
from voxprivacy.services.auth import Enrollment
from voxprivacy.services.context import Context, master_key_name
from voxprivacy.services.erasure import ERASURE_TABLES
from voxprivacy.services.sessions import ABSOLUTE_LIFETIME, IDLE_LIFETIME
from voxprivacy.services.staff import check_username
from voxprivacy.storage import schema
from voxprivacy.storage.database import Database, open_database, parse_target
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

# The starter configuration's keys and the files it names (voxprivacy-server reads them).
DEFAULT_CONFIG_DIR = Path("/etc/voxprivacy")
CONFIG_FILE = "server.toml"
CERTIFICATE_FILE = "server.crt"
CHAIN_LOG_FILE = "chain-head.log"  # beside the configuration, by default
CREDENTIALS_DIRECTORY = "credentials"  # under the configuration directory, by default
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8443
CERTIFICATE_DAYS = 825

OWNER_ROLE = "voxprivacy_owner"
APP_ROLE = "voxprivacy_app"

# What the application role may do to a table. Every table not named here gets the
# services' ordinary reads and writes.
READ_WRITE = ("SELECT", "INSERT", "UPDATE", "DELETE")
RESTRICTED: dict[str, tuple[str, ...]] = {
    "audit_events": ("SELECT", "INSERT"),  # append-only: no UPDATE, DELETE, TRUNCATE
    "alembic_version": ("SELECT",),  # the schema is the owner's
    "installation": ("SELECT",),  # the database's identity, written once by init
}

_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_APP_PASSWORD_BYTES = 32


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class ServerConfig:
    """The keys of ``server.toml`` that init writes and the server reads."""

    host: str
    port: int
    certificate: Path
    credentials_directory: Path
    database_url: str  # without a password
    chain_log: Path | None = None  # the audit chain's head, appended at intervals

    def to_toml(self) -> str:
        audit = (
            "\n"
            "[audit]\n"
            "# The audit chain's head is appended here at intervals (docs/server.md).\n"
            f"chain_log = {_toml_string(str(self.chain_log))}\n"
            f"chain_log_minutes = {int(CHAIN_LOG_INTERVAL.total_seconds() // 60)}\n"
            if self.chain_log is not None
            else ""
        )
        return (
            "# voxprivacy-server's configuration (docs/server.md). It holds no secret: the\n"
            "# database password, the master key and the TLS key are files in\n"
            "# credentials_directory (or systemd credentials of the same names).\n"
            "\n"
            "[server]\n"
            f"host = {_toml_string(self.host)}\n"
            f"port = {self.port}\n"
            f"certificate = {_toml_string(str(self.certificate))}\n"
            f"credentials_directory = {_toml_string(str(self.credentials_directory))}\n"
            "\n"
            "[database]\n"
            f"url = {_toml_string(self.database_url)}\n"
            "\n"
            "[sessions]\n"
            f"idle_minutes = {int(IDLE_LIFETIME.total_seconds() // 60)}\n"
            f"absolute_minutes = {int(ABSOLUTE_LIFETIME.total_seconds() // 60)}\n"
            "\n"
            "[rate_limits]\n"
            f"per_account = {RateLimits.per_account}\n"
            f"per_source = {RateLimits.per_source}\n"
            f"window_seconds = {RateLimits.window_seconds}\n"
            f"{audit}"
        )


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped) + '"'


def read_config(path: Path) -> ServerConfig:
    """Read ``server.toml`` with the server's own reader; what init needs must be there."""
    settings = load_settings(path)
    missing = [
        f"[server] {key}"
        for key, value in (
            ("certificate", settings.tls_certificate),
            ("credentials_directory", settings.credentials_dir),
        )
        if value is None
    ]
    if missing or settings.tls_certificate is None or settings.credentials_dir is None:
        raise ConfigurationError(
            _(
                "The server configuration {path} has no {or_join_missing}; see docs/server.md."
            ).format(path=path, or_join_missing=" or ".join(missing))
        )
    return ServerConfig(
        host=settings.host,
        port=settings.port,
        certificate=settings.tls_certificate,
        credentials_directory=settings.credentials_dir,
        database_url=settings.database_url,
        chain_log=settings.chain_log,
    )


SYSTEMD_CREDENTIALS = "CREDENTIALS_DIRECTORY"  # set by systemd for LoadCredential=


def credentials_directory(config: ServerConfig) -> Path:
    """systemd's ``$CREDENTIALS_DIRECTORY`` when it is set, else the configuration's."""
    given = os.environ.get(SYSTEMD_CREDENTIALS, "").strip()
    return Path(given) if given else config.credentials_directory


def server_context(config: ServerConfig) -> Context:
    """The services' context on the server host: the application role, the file secrets."""
    store = CredentialFiles(credentials_directory(config))
    store.check()
    return Context(open_database(parse_target(config.database_url), store), store)


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


def _check_role_name(name: str, what: str) -> str:
    if not _ROLE_NAME.match(name):
        raise BadInput(
            _(
                "{name!r} is not a usable {what} role name: use lower-case "
                "letters, digits and underscores, starting with a letter."
            ).format(name=name, what=what),
            what,
        )
    return name


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


def _connect(url: URL, password: str | None, dbname: str) -> psycopg.Connection[Any]:
    params: dict[str, Any] = {
        key: value for key, value in url.query.items() if isinstance(value, str)
    }
    params.update(
        host=url.host or params.get("host"),
        port=url.port or params.get("port"),
        user=url.username,
        password=password,
        dbname=dbname,
        connect_timeout=10,
        autocommit=True,
    )
    try:
        return psycopg.connect(**{k: v for k, v in params.items() if v is not None})
    except psycopg.OperationalError as exc:
        detail = " ".join(str(exc).split()) or type(exc).__name__
        raise DatabaseUnavailable(
            _(
                "Cannot connect to PostgreSQL as {user} at {socket} "
                "({detail}). Check the URL and the password "
                "(--password-file or PGPASSWORD)."
            ).format(
                user=url.username or "the default user",
                socket=url.host or "the local socket",
                detail=detail,
            )
        ) from None


@contextlib.contextmanager
def _connection(url: URL, password: str | None, dbname: str) -> Iterator[psycopg.Connection[Any]]:
    conn = _connect(url, password, dbname)
    try:
        yield conn
    finally:
        conn.close()


def _exists(conn: psycopg.Connection[Any], query: str, *params: object) -> bool:
    return conn.execute(query, params).fetchone() is not None


def _password_verifier(conn: psycopg.Connection[Any], role: str, password: str) -> str:
    """The SCRAM verifier of ``password`` made here, so the server (and its log) never sees
    the password itself."""
    verifier = conn.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
    return verifier.decode("ascii")


def _ensure_roles(
    conn: psycopg.Connection[Any],
    options: InitOptions,
    app_password: str | None,
    result: InitResult,
) -> None:
    me = conn.execute(
        "SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    superuser, can_create = bool(me and me[0]), bool(me and me[1])
    owner, app = options.owner_role, options.app_role
    owner_exists = _exists(conn, "SELECT 1 FROM pg_roles WHERE rolname = %s", owner)
    app_exists = _exists(conn, "SELECT 1 FROM pg_roles WHERE rolname = %s", app)
    if not (superuser or can_create) and not (owner_exists and app_exists):
        raise BadInput(
            _(
                "The PostgreSQL user of --database may not create roles; "
                "connect as a superuser (e.g. postgres) or a role with "
                "CREATEROLE."
            ),
            "database",
        )
    if owner_exists:
        result.kept.append(f"owner role {owner}")
    else:
        conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(owner)))
        result.created.append(f"owner role {owner}")
    if not superuser:  # so that this connection can act as the owner (SET ROLE)
        conn.execute(sql.SQL("GRANT {} TO CURRENT_USER").format(sql.Identifier(owner)))
    if app_exists:
        result.kept.append(f"application role {app}")
    else:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(app)))
        result.created.append(f"application role {app}")
    # whatever it was before: a plain login that inherits nothing and may create nothing
    if superuser:
        attributes = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT"
    else:  # only a superuser may change the others; refuse a role that has them
        special = conn.execute(
            "SELECT rolsuper OR rolreplication OR rolbypassrls FROM pg_roles WHERE rolname = %s",
            (app,),
        ).fetchone()
        if special is not None and special[0]:
            raise BadInput(
                _(
                    "The role {app} is a superuser or may replicate or bypass "
                    "row security; run server init as a superuser so that it "
                    "can take that away."
                ).format(app=app),
                "app_role",
            )
        attributes = "LOGIN NOCREATEDB NOCREATEROLE NOINHERIT"
    conn.execute(sql.SQL(f"ALTER ROLE {{}} {attributes}").format(sql.Identifier(app)))
    for (member_of,) in conn.execute(
        "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
        "JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = %s",
        (app,),
    ).fetchall():
        conn.execute(
            sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(member_of), sql.Identifier(app))
        )
        result.warnings.append(f"{app} was a member of {member_of}; that membership was removed")
    if app_password is not None:
        conn.execute(
            sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                sql.Identifier(app), sql.Literal(_password_verifier(conn, app, app_password))
            )
        )


def _ensure_database(conn: psycopg.Connection[Any], dbname: str, owner: str) -> bool:
    """Create the database if it is missing (owned by the owner role); True if created."""
    if _exists(conn, "SELECT 1 FROM pg_database WHERE datname = %s", dbname):
        return False
    conn.execute(
        sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0").format(
            sql.Identifier(dbname), sql.Identifier(owner)
        )
    )
    return True


def _take_ownership(conn: psycopg.Connection[Any], owner: str, result: InitResult) -> None:
    """The owner role owns the schema and everything in it (tables made by an earlier
    direct-connection setup belong to whoever ran 'init' then)."""
    db_owner = conn.execute(
        "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"
    ).fetchone()
    if db_owner is not None and db_owner[0] != owner:
        try:
            conn.execute(
                sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                    sql.Identifier(conn.info.dbname), sql.Identifier(owner)
                )
            )
            result.warnings.append(f"the database now belongs to {owner} (was {db_owner[0]})")
        except psycopg.errors.InsufficientPrivilege:
            result.warnings.append(
                f"the database still belongs to {db_owner[0]}, who can create schemas in it; "
                f"as a superuser: ALTER DATABASE {conn.info.dbname} OWNER TO {owner}"
            )
    conn.execute(sql.SQL("ALTER SCHEMA public OWNER TO {}").format(sql.Identifier(owner)))
    moved = 0
    for kind, name in conn.execute(
        "SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' "
        "WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END, c.relname "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S') "
        "AND pg_get_userbyid(c.relowner) <> %s "
        "AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid "
        "AND d.deptype IN ('a', 'i')))",
        (owner,),
    ).fetchall():
        conn.execute(
            sql.SQL("ALTER {} {} OWNER TO {}").format(
                sql.SQL(kind), sql.Identifier("public", name), sql.Identifier(owner)
            )
        )
        moved += 1
    for (signature,) in conn.execute(
        "SELECT p.oid::regprocedure::text FROM pg_proc p "
        "JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> %s",
        (owner,),
    ).fetchall():
        conn.execute(
            sql.SQL("ALTER FUNCTION {} OWNER TO {}").format(
                sql.SQL(signature), sql.Identifier(owner)
            )
        )
        moved += 1
    if moved:
        result.warnings.append(f"{moved} existing object(s) in the database now belong to {owner}")


def _grant(conn: psycopg.Connection[Any], dbname: str, owner: str, app: str) -> list[str]:
    """The application role's privileges, from nothing: returns other roles that still hold
    privileges on the tables (an earlier direct-connection setup's login, say)."""
    ident_app = sql.Identifier(app)
    conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(owner)))
    try:
        conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        conn.execute(sql.SQL("REVOKE ALL ON SCHEMA public FROM {}").format(ident_app))
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(ident_app))
        conn.execute(sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {}").format(ident_app))
        conn.execute(
            sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {}").format(ident_app)
        )
        conn.execute(sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC"))
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        for table in tables:
            rights = RESTRICTED.get(table, READ_WRITE)
            conn.execute(
                sql.SQL("GRANT {} ON TABLE {} TO {}").format(
                    sql.SQL(", ").join(sql.SQL(r) for r in rights),
                    sql.Identifier("public", table),
                    ident_app,
                )
            )
        conn.execute(
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(ident_app)
        )
        version = conn.execute("SHOW server_version_num").fetchone()
        if version is not None and int(version[0]) >= 170000:
            # PostgreSQL 17: the erasure's VACUUM of the tables it changed, without ownership
            for table in sorted(set(ERASURE_TABLES) & set(tables)):
                conn.execute(
                    sql.SQL("GRANT MAINTAIN ON TABLE {} TO {}").format(
                        sql.Identifier("public", table), ident_app
                    )
                )
    finally:
        conn.execute("RESET ROLE")
    conn.execute(
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(dbname), ident_app)
    )
    others = conn.execute(
        "SELECT DISTINCT grantee FROM information_schema.role_table_grants "
        "WHERE table_schema = 'public' AND grantee NOT IN (%s, %s, 'PUBLIC') "
        "AND grantee NOT IN (SELECT rolname FROM pg_roles WHERE rolsuper) ORDER BY grantee",
        (owner, app),
    ).fetchall()
    return [str(row[0]) for row in others]


def _database_with_role(url: URL, password: str | None, role: str | None) -> Database:
    """The administrator's connection acting as ``role`` for every statement (migrations)."""
    acting = url
    if role is not None:
        given = url.query.get("options", "")
        given = given if isinstance(given, str) else " ".join(given)
        acting = url.update_query_dict({"options": f"{given} -c role={role}".strip()})
    if password is not None:
        acting = acting.set(password=password)
    target = parse_target(acting.render_as_string(hide_password=False))
    return open_database(target, ProcessOnlySecrets(), create=False)


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
    with _connection(url, password, dbname) as conn:
        staff = installation = None
        if _exists(conn, "SELECT 1 WHERE to_regclass('public.staff') IS NOT NULL"):
            staff = conn.execute("SELECT 1 FROM public.staff LIMIT 1").fetchone()
        if _exists(conn, "SELECT 1 WHERE to_regclass('public.installation') IS NOT NULL"):
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
    owner = _check_role_name(options.owner_role, "owner")
    app = _check_role_name(options.app_role, "application")
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
    with _connection(url, password, "postgres") as maintenance:
        app_known = _exists(maintenance, "SELECT 1 FROM pg_roles WHERE rolname = %s", app)
        db_known = _exists(maintenance, "SELECT 1 FROM pg_database WHERE datname = %s", dbname)
        may_create = _exists(
            maintenance,
            "SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)",
        )
        owner_known = _exists(maintenance, "SELECT 1 FROM pg_roles WHERE rolname = %s", owner)
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
        admin_db = _database_with_role(url, password, None)
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

    with _connection(url, password, "postgres") as maintenance:
        _ensure_roles(maintenance, options, app_password, result)
        if _ensure_database(maintenance, dbname, owner):
            result.created.append(f"database {dbname}")
    with _connection(url, password, dbname) as conn:
        _take_ownership(conn, owner, result)

    db = _database_with_role(url, password, owner)
    try:
        before, after = schema.upgrade(db)
        result.revision_before, result.revision = before, after
        with _connection(url, password, dbname) as conn:
            others = _grant(conn, dbname, owner, app)
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
