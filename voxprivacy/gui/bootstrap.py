"""Starting the desk's services: the one place that touches the operating system.

Parses the command line, picks where the desk works — the head office server
(``--server``, ``VOXPRIVACY_SERVER`` or the setting) or a database (``--db``,
``VOXPRIVACY_DB``, the setting, or the default encrypted file) — and opens it: a
database with the keyring, after the erasure-journal check; a server by asking it
whether it is there (no database driver, no keyring, no keys: the token of whoever
signs in stays in memory). It also prepares a throwaway demo database and says
whether the first-run assistant is needed.
Widgets never open databases or keyrings themselves; they receive a Context.
Everything here except ``parse_args`` may block, so the desk calls it on the worker.

The database code (SQLAlchemy, storage, the services) is imported by the functions
that open a database, never at load: a workstation that works through the server
reaches its sign-in window without it (docs/architecture.md, "A workstation's start").
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import voxprivacy
from voxprivacy.errors import ConfigurationError

if TYPE_CHECKING:
    from voxprivacy.services.auth import Enrollment
    from voxprivacy.services.context import Actor, Context
    from voxprivacy.services.demo import DemoResult
    from voxprivacy.storage.database import Database, DatabaseTarget

DEFAULT_DEMO_CUSTOMERS = 2000


ENV_URL = "VOXPRIVACY_DB"  # storage.database.ENV_URL, read here without the database code
ENV_SERVER = "VOXPRIVACY_SERVER"  # the same variables as voxprivacy-admin's
ENV_SERVER_FINGERPRINT = "VOXPRIVACY_SERVER_FINGERPRINT"


@dataclass(frozen=True)
class DeskOptions:
    db: str | None = None
    demo: bool = False
    demo_customers: int = DEFAULT_DEMO_CUSTOMERS
    server: str | None = None
    server_fingerprint: str | None = None


@dataclass(frozen=True)
class ServerChoice:
    """The head office server the desk works through, and the pin for its certificate."""

    url: str
    fingerprint: str | None


def _customer_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= 10_000_000:
        raise argparse.ArgumentTypeError("give a number from 0 to 10,000,000")
    return value


def argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="voxprivacy",
        description="The privacy desk: customer records, consents and "
        "privacy requests for support staff, supervisors and finance.",
    )
    parser.add_argument(
        "--version", action="version", version=f"voxprivacy {voxprivacy.__version__}"
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database URL (default: VOXPRIVACY_DB, the configured shared "
        "database, or the encrypted database of this user)",
    )
    parser.add_argument(
        "--server",
        metavar="URL",
        help="work through the head office server at https://HOST:PORT (default: "
        "VOXPRIVACY_SERVER or the configured server); this computer then holds no "
        "database and no keys",
    )
    parser.add_argument(
        "--server-fingerprint",
        metavar="SHA256",
        help="the server certificate's SHA-256 fingerprint, for a self-signed server "
        "(default: VOXPRIVACY_SERVER_FINGERPRINT or the configured one)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a throwaway demo database, deleted when the desk closes",
    )
    parser.add_argument(
        "--demo-customers",
        metavar="N",
        type=_customer_count,
        default=DEFAULT_DEMO_CUSTOMERS,
        help=f"customers in the demo database (default {DEFAULT_DEMO_CUSTOMERS})",
    )
    return parser


def parse_args(argv: Sequence[str]) -> DeskOptions:
    """Parse the command line; bad arguments exit with status 2 (argparse's convention)."""
    parser = argument_parser()
    ns = parser.parse_args(list(argv))
    if ns.demo and ns.db:
        parser.error("--demo opens its own throwaway database; leave out --db")
    if ns.server and (ns.db or ns.demo):
        parser.error("--server works through the head office server; leave out --db and --demo")
    if ns.server_fingerprint and not ns.server:
        parser.error("--server-fingerprint pins the certificate of --server URL; give both")
    return DeskOptions(
        db=ns.db,
        demo=ns.demo,
        demo_customers=ns.demo_customers,
        server=ns.server,
        server_fingerprint=ns.server_fingerprint,
    )


@dataclass
class DeskServices:
    """An open database with its keyring and service context."""

    target: DatabaseTarget | None  # None: the head office server (``server``)
    db: Database
    ctx: Context
    server: str | None = None
    demo_dir: Path | None = None
    demo: DemoResult | None = None
    first_run: bool = False
    notice: str | None = None  # a roll-back found at open, said once before sign-in
    closed: bool = field(default=False, repr=False)

    @property
    def is_demo(self) -> bool:
        return self.demo_dir is not None

    @property
    def mode(self) -> str:
        """``server``, or the database's mode: ``encrypted``, ``sqlite``, ``postgresql``."""
        return "server" if self.target is None else self.target.mode

    @property
    def display(self) -> str:
        """Where the desk works, as it may be shown (no password)."""
        return self.server or (self.target.display if self.target is not None else "")

    def close(self) -> None:
        """Release the database (or the server's connections); a demo database is
        deleted with its directory."""
        if self.closed:
            return
        self.closed = True
        if self.server is not None:
            from voxprivacy.client.remote import RemoteContext

            if isinstance(self.ctx, RemoteContext):
                self.ctx.transport.close()
            return
        from voxprivacy.services import erasure_journal

        if self.demo_dir is None and not self.first_run:
            with contextlib.suppress(Exception):  # closing must not fail on the journal
                erasure_journal.remember_head(self.ctx)
        self.db.dispose()
        if self.demo_dir is not None:
            shutil.rmtree(self.demo_dir, ignore_errors=True)


def choose_url(options: DeskOptions, configured_url: str) -> str | None:
    """``--db`` wins, then VOXPRIVACY_DB, then the settings; None means the default file."""
    return options.db or os.environ.get(ENV_URL) or configured_url or None


def choose_server(
    options: DeskOptions, configured: str = "", configured_fingerprint: str = ""
) -> ServerChoice | None:
    """The head office server, if the desk works through one: the command line first
    (``--server``; ``--db`` or ``--demo`` there mean a database), then the environment
    (VOXPRIVACY_SERVER before VOXPRIVACY_DB, as for voxprivacy-admin), then the settings."""
    if options.server:
        return ServerChoice(options.server, options.server_fingerprint or None)
    if options.db or options.demo:
        return None
    environment = (os.environ.get(ENV_SERVER) or "").strip()
    if environment:
        return ServerChoice(environment, os.environ.get(ENV_SERVER_FINGERPRINT) or None)
    if os.environ.get(ENV_URL) or not configured.strip():
        return None
    return ServerChoice(configured.strip(), configured_fingerprint.strip() or None)


def open_server(choice: ServerChoice) -> DeskServices:
    """The head office server's context, after it answered that it is there.

    Nothing local is opened: no database, no keyring (a workstation in this mode keeps
    no secrets), no erasure journal (the server keeps the head office's)."""
    from voxprivacy.client.probe import ask_health
    from voxprivacy.client.remote import default_label, remote_context

    ctx = remote_context(
        choice.url, fingerprint=choice.fingerprint, client_label=default_label("voxprivacy")
    )
    try:
        ask_health(ctx.transport)
    except BaseException:
        ctx.transport.close()
        raise
    return DeskServices(None, ctx.db, ctx, server=ctx.transport.base)


def open_services(
    options: DeskOptions, configured_url: str = "", *, trusted: bool = True
) -> DeskServices:
    """Open the chosen database with the OS keyring and work out whether it is new.

    A PostgreSQL URL that comes from the settings alone is opened only on a workstation
    marked trusted (``trusted``); ``--db`` and VOXPRIVACY_DB are explicit each time."""
    from voxprivacy.security.keyring_store import SecretStore
    from voxprivacy.services import erasure_journal
    from voxprivacy.services.context import Context
    from voxprivacy.storage.database import open_database, parse_target

    url = choose_url(options, configured_url)
    target = parse_target(url)
    if target.mode == "postgresql" and not trusted and not (options.db or os.environ.get(ENV_URL)):
        raise ConfigurationError(
            f"The settings open the PostgreSQL database {target.display} directly, which "
            "only a trusted workstation does: it would hold the keys that bypass the second "
            "factor and the audit trail. In Settings choose the head office server, or "
            "choose PostgreSQL again to mark this workstation as trusted."
        )
    secrets = SecretStore()
    secrets.ensure_usable()  # a locked keyring stops the desk before a file is created
    db = open_database(target, secrets, create=True)
    ctx = Context(db, secrets)
    notice = None
    try:
        first_run = needs_first_run(db, target)
        if not first_run:
            db.sync_role()  # read here, remembered: the window asks without waiting on it
            # erasures a rolled-back or restored database lacks, before anyone can search
            notice = erasure_journal.check_at_open(ctx).message
    except BaseException:
        db.dispose()
        raise
    return DeskServices(target, db, ctx, first_run=first_run, notice=notice)


def needs_first_run(db: Database, target: DatabaseTarget) -> bool:
    """True for a database without schema or without staff; a local one is upgraded."""
    from sqlalchemy import select

    from voxprivacy.storage import schema
    from voxprivacy.storage.models import Staff

    if not schema.has_schema(db):
        return True
    behind = schema.current_revision(db) != schema.head_revision()
    if behind and target.mode != "postgresql":
        schema.upgrade(db)  # a local file belongs to this desk; a shared one to IT
    elif behind:
        raise ConfigurationError(
            f"The shared database {target.display} has an older schema than this desk; "
            "ask IT to upgrade it with 'voxprivacy-admin init' and start again."
        )
    with db.read() as session:
        return session.execute(select(Staff.id).limit(1)).first() is None


def open_demo(customers: int, progress: Callable[[int, int], None] | None = None) -> DeskServices:
    """A throwaway encrypted demo database in a temporary directory, filled with demo data.

    Its key lives only in this process (ProcessOnlySecrets), so the file is unreadable
    once the desk exits, and DeskServices.close() deletes it.
    """
    from voxprivacy.security.keyring_store import ProcessOnlySecrets
    from voxprivacy.services.context import Context
    from voxprivacy.services.demo import generate_demo
    from voxprivacy.storage import schema
    from voxprivacy.storage.database import open_database, parse_target

    directory = Path(tempfile.mkdtemp(prefix="voxprivacy-demo-"))
    try:
        target = parse_target(f"sqlite+pysqlcipher:///{directory / 'demo.db'}")
        secrets = ProcessOnlySecrets()
        db = open_database(target, secrets, create=True)
        services = DeskServices(target, db, Context(db, secrets), demo_dir=directory)
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    try:
        schema.upgrade(db)
        services.demo = generate_demo(services.ctx, customers, progress=progress)
    except BaseException:
        services.close()
        raise
    return services


def create_first_admin(ctx: Context, username: str, password: str) -> Enrollment:
    """Schema, installation identity and the first admin of a new database."""
    from sqlalchemy import select

    from voxprivacy.services import auth
    from voxprivacy.storage import schema
    from voxprivacy.storage.models import Installation

    schema.upgrade(ctx.db)
    with ctx.db.read() as session:
        installed = session.execute(select(Installation.id)).first() is not None
    if not installed:
        ctx.create_installation()
    return auth.bootstrap_first_admin(ctx, username, password)


def confirm_enrollment(ctx: Context, username: str, password: str, code: str) -> Actor:
    """Sign the new admin in and check their first code (which confirms the enrollment)."""
    from voxprivacy.services import auth

    actor = auth.sign_in(ctx, username, password)
    auth.step_up(ctx, actor, code)
    return actor
