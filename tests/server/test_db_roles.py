"""The database defends itself: what the application role written by ``server init`` may do.

The server connects as the application role. It can do all the services do — proved by
running them through a ``Context`` on that role and the credential files — and no more:
the audit trail takes only new entries, and the schema cannot be changed.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout

import psycopg
import pytest
from host_support import ADMIN, ADMIN_PASSWORD, Host, new_host, password_checking_pg
from sqlalchemy import text
from support.branches import cheap_password_hashes
from support.desk import Clock, Desk, Member
from support.postgres import PostgresServer

from voxprivacy.cli.main import main
from voxprivacy.domain.enums import Role
from voxprivacy.server.credentials import CredentialFiles
from voxprivacy.server.setup import read_config
from voxprivacy.services import audit, auth, customers, requests
from voxprivacy.services.context import Context
from voxprivacy.services.erasure import ERASURE_TABLES
from voxprivacy.storage.database import open_database, parse_target

__all__ = ["password_checking_pg"]  # a fixture

INSUFFICIENT = "42501"  # insufficient_privilege (also "must be owner of table")


@pytest.fixture(scope="module")
def module_monkeypatch() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.fixture(scope="module")
def host(
    password_checking_pg: PostgresServer,
    tmp_path_factory: pytest.TempPathFactory,
    module_monkeypatch: pytest.MonkeyPatch,
) -> Host:
    """One host prepared by 'server init' for every test here (they only add to it)."""
    cheap_password_hashes(module_monkeypatch)
    prepared = new_host(password_checking_pg, tmp_path_factory.mktemp("host"))
    out, err = io.StringIO(), io.StringIO()
    module_monkeypatch.setenv("VOXPRIVACY_PASSWORD", ADMIN_PASSWORD)
    if prepared.admin_password:
        module_monkeypatch.setenv("PGPASSWORD", prepared.admin_password)
    module_monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with redirect_stdout(out), redirect_stderr(err):
        code = main(prepared.init_args("--admin", ADMIN))
    assert code == 0, err.getvalue()
    prepared.enrolment = out.getvalue()  # type: ignore[attr-defined]
    return prepared


@pytest.fixture
def app(host: Host) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    with host.connect_as_app() as conn:
        yield conn


def _refused(conn: psycopg.Connection[tuple[object, ...]], statement: str) -> str:
    """Run ``statement``; it must fail for lack of privilege. Returns the server's message."""
    with pytest.raises(psycopg.Error) as caught:
        conn.execute(statement)
    assert caught.value.sqlstate == INSUFFICIENT, (statement, caught.value)
    return str(caught.value)


def test_the_app_role_appends_to_the_audit_trail(
    app: psycopg.Connection[tuple[object, ...]],
) -> None:
    with app.transaction(force_rollback=True):
        app.execute(
            "INSERT INTO audit_events (seq, at, branch, action, fields, outcome, prev_hash, hash) "
            "VALUES (999999, now(), 'central', 'test.append', '[]', 'ok', %s, %s)",
            ("0" * 64, "1" * 64),
        )
        assert app.execute("SELECT count(*) FROM audit_events WHERE seq = 999999").fetchone() == (
            1,
        )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET detail = 'changed'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
        "ALTER TABLE audit_events DISABLE TRIGGER USER",
        "UPDATE alembic_version SET version_num = '0001'",
        "UPDATE installation SET branch = 'elsewhere'",
    ],
)
def test_the_app_role_cannot_rewrite_the_trail(
    app: psycopg.Connection[tuple[object, ...]], statement: str
) -> None:
    """Refused by the grants (insufficient privilege), not only by the append-only trigger
    (which the table's owner could drop)."""
    message = _refused(app, statement)
    assert "permission denied" in message or "must be owner" in message


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE TABLE notes (id int)",
        "ALTER TABLE customers ADD COLUMN extra text",
        "DROP TABLE customers",
        "DROP TABLE audit_events",
        "CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1'",
        "CREATE VIEW everyone AS SELECT * FROM customers",
        "CREATE SCHEMA side",
    ],
)
def test_the_app_role_cannot_change_the_schema(
    app: psycopg.Connection[tuple[object, ...]], statement: str
) -> None:
    _refused(app, statement)


def test_the_app_role_owns_nothing_and_holds_no_other_role(
    host: Host, app: psycopg.Connection[tuple[object, ...]]
) -> None:
    owned = app.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname "
        "= %s)",
        (host.owner,),
    ).fetchall()
    assert owned == []
    attributes = app.execute(
        "SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls "
        "FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    assert attributes == (False, False, False, False, False)
    assert app.execute(
        "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
        "WHERE r.rolname = current_user"
    ).fetchone() == (0,)
    privileges = dict(
        app.execute(
            "SELECT privilege_type, count(*) FROM information_schema.role_table_grants "
            "WHERE grantee = current_user AND table_name = 'audit_events' GROUP BY 1"
        ).fetchall()
    )
    assert set(privileges) == {"SELECT", "INSERT"}


def test_the_owner_role_cannot_sign_in(host: Host) -> None:
    url = host.server.server_url(host.dbname)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(
            host=url.host,
            port=url.port,
            user=host.owner,
            password="anything",
            dbname=host.dbname,
            connect_timeout=10,
        ).close()


@pytest.fixture
def desk(host: Host, monkeypatch: pytest.MonkeyPatch) -> Iterator[Desk]:
    """Services on the application role and the credential files, with a clock tests move."""
    cheap_password_hashes(monkeypatch)
    config = read_config(host.config)
    store = CredentialFiles(config.credentials_directory)
    clock = Clock()
    ctx = Context(open_database(parse_target(config.database_url), store), store, clock=clock)
    secret = next(
        line.split("secret=")[1].split("&")[0]
        for line in host.enrolment.splitlines()  # type: ignore[attr-defined]
        if line.startswith("otpauth://")
    )
    board = object.__new__(Desk)
    board.ctx, board.clock = ctx, clock
    board.admin = Member(ADMIN, ADMIN_PASSWORD, secret, auth.sign_in(ctx, ADMIN, ADMIN_PASSWORD))
    board.step_up(board.admin)
    try:
        yield board
    finally:
        ctx.db.dispose()


def test_the_services_work_on_the_app_role(desk: Desk) -> None:
    """Sign in, create, edit, and an erasure approved by a second supervisor: the grants are
    complete for ordinary work, and the trail still verifies."""
    assert desk.ctx.db.target.url.username.startswith("vx_app_")  # type: ignore[union-attr]
    agent = desk.member(Role.AGENT, f"agent{desk.clock.now.timestamp():.0f}"[-12:])
    first = desk.member(Role.SUPERVISOR, "sup_one")
    second = desk.member(Role.SUPERVISOR, "sup_two")

    view = desk.customer(agent)
    desk.step_up(agent)
    edited = customers.edit_customer(
        desk.ctx,
        agent.actor,
        view.id,
        {"name": "Jürgen Meier"},
        expected_version=view.version,
        verified_by="callback",
    )
    assert edited.name == "Jürgen Meier"

    desk.step_up(first)
    request = requests.open_request(desk.ctx, first.actor, view.id, "erasure", "in-person")
    desk.step_up(second)
    requests.approve_erasure(desk.ctx, second.actor, request.reference)
    desk.step_up(first)
    done = requests.complete_erasure(desk.ctx, first.actor, request.reference)
    assert done.status == "completed"
    # PostgreSQL before 17 lets only a table's owner VACUUM it: the erasure says which tables
    # keep old row versions until the nightly VACUUM (docs/server.md) instead of skipping them
    with desk.ctx.db.read() as session:
        version = int(session.execute(text("SHOW server_version_num")).scalar_one())
    if version < 170000:
        assert set(done.not_vacuumed) == set(ERASURE_TABLES)
    else:
        assert done.not_vacuumed == []
    assert customers.show_customer(desk.ctx, agent.actor, view.id).status == "erased"

    report = audit.verify_chain(desk.ctx, desk.admin.actor)
    assert report.ok, report.problem
    assert report.events > 10
