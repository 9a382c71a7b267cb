"""The head office database's two roles, and what the application role may do.

``server init`` (``server/setup.py``) connects as an administrator and, with these,
makes or keeps an owner role (NOLOGIN; it owns the schema and every table) and an
application role (a plain login for voxprivacy-server), creates the database, hands
everything in it to the owner, and grants the application role the services'
reads and writes and nothing more: only SELECT and INSERT on the audit trail, only
SELECT on the schema's version and the installation record, no CREATE on the schema.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any, Protocol

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL

from voxprivacy.errors import BadInput, DatabaseUnavailable
from voxprivacy.i18n import _
from voxprivacy.security.keyring_store import ProcessOnlySecrets
from voxprivacy.services.erasure import ERASURE_TABLES
from voxprivacy.storage.database import Database, open_database, parse_target

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


class Report(Protocol):
    """Where the steps say what they made, kept and warn about (``setup.InitResult``)."""

    created: list[str]
    kept: list[str]
    warnings: list[str]


def check_role_name(name: str, what: str) -> str:
    if not _ROLE_NAME.match(name):
        raise BadInput(
            _(
                "{name!r} is not a usable {what} role name: use lower-case "
                "letters, digits and underscores, starting with a letter."
            ).format(name=name, what=what),
            what,
        )
    return name


def connect(url: URL, password: str | None, dbname: str) -> psycopg.Connection[Any]:
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
def connection(url: URL, password: str | None, dbname: str) -> Iterator[psycopg.Connection[Any]]:
    conn = connect(url, password, dbname)
    try:
        yield conn
    finally:
        conn.close()


def exists(conn: psycopg.Connection[Any], query: str, *params: object) -> bool:
    return conn.execute(query, params).fetchone() is not None


def password_verifier(conn: psycopg.Connection[Any], role: str, password: str) -> str:
    """The SCRAM verifier of ``password`` made here, so the server (and its log) never sees
    the password itself."""
    verifier = conn.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
    return verifier.decode("ascii")


def ensure_roles(
    conn: psycopg.Connection[Any],
    owner: str,
    app: str,
    app_password: str | None,
    result: Report,
) -> None:
    """The owner role (NOLOGIN) and the application role (a plain login), made or kept;
    the application role stripped of whatever more it had, its password set if given."""
    me = conn.execute(
        "SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    superuser, can_create = bool(me and me[0]), bool(me and me[1])
    owner_exists = exists(conn, "SELECT 1 FROM pg_roles WHERE rolname = %s", owner)
    app_exists = exists(conn, "SELECT 1 FROM pg_roles WHERE rolname = %s", app)
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
                sql.Identifier(app), sql.Literal(password_verifier(conn, app, app_password))
            )
        )


def ensure_database(conn: psycopg.Connection[Any], dbname: str, owner: str) -> bool:
    """Create the database if it is missing (owned by the owner role); True if created."""
    if exists(conn, "SELECT 1 FROM pg_database WHERE datname = %s", dbname):
        return False
    conn.execute(
        sql.SQL("CREATE DATABASE {} OWNER {} ENCODING 'UTF8' TEMPLATE template0").format(
            sql.Identifier(dbname), sql.Identifier(owner)
        )
    )
    return True


def take_ownership(conn: psycopg.Connection[Any], owner: str, result: Report) -> None:
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


def grant(conn: psycopg.Connection[Any], dbname: str, owner: str, app: str) -> list[str]:
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


def database_with_role(url: URL, password: str | None, role: str | None) -> Database:
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
