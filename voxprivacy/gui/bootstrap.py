"""Starting the desk's services: the one place that touches the operating system.

Parses the command line, picks the database (``--db``, ``VOXPRIVACY_DB``, the
setting, or the default encrypted file), opens it with the keyring, prepares a
throwaway demo database, and says whether the first-run assistant is needed.
Widgets never open databases or keyrings themselves; they receive a Context.
Everything here except ``parse_args`` may block, so the desk calls it on the worker.
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

from sqlalchemy import select

import voxprivacy
from voxprivacy.errors import ConfigurationError
from voxprivacy.security.keyring_store import ProcessOnlySecrets, SecretStore
from voxprivacy.services import auth, erasure_journal
from voxprivacy.services.auth import Enrollment
from voxprivacy.services.context import Actor, Context
from voxprivacy.storage import schema
from voxprivacy.storage.database import (
    ENV_URL,
    Database,
    DatabaseTarget,
    open_database,
    parse_target,
)
from voxprivacy.storage.models import Installation, Staff

if TYPE_CHECKING:  # the demo generator (and Faker) load only for --demo
    from voxprivacy.services.demo import DemoResult

DEFAULT_DEMO_CUSTOMERS = 2000


@dataclass(frozen=True)
class DeskOptions:
    db: str | None = None
    demo: bool = False
    demo_customers: int = DEFAULT_DEMO_CUSTOMERS


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
    return DeskOptions(db=ns.db, demo=ns.demo, demo_customers=ns.demo_customers)


@dataclass
class DeskServices:
    """An open database with its keyring and service context."""

    target: DatabaseTarget
    db: Database
    ctx: Context
    demo_dir: Path | None = None
    demo: DemoResult | None = None
    first_run: bool = False
    notice: str | None = None  # a roll-back found at open, said once before sign-in
    closed: bool = field(default=False, repr=False)

    @property
    def is_demo(self) -> bool:
        return self.demo_dir is not None

    def close(self) -> None:
        """Release the database; a demo database is deleted with its directory."""
        if self.closed:
            return
        self.closed = True
        if self.demo_dir is None and not self.first_run:
            with contextlib.suppress(Exception):  # closing must not fail on the journal
                erasure_journal.remember_head(self.ctx)
        self.db.dispose()
        if self.demo_dir is not None:
            shutil.rmtree(self.demo_dir, ignore_errors=True)


def choose_url(options: DeskOptions, configured_url: str) -> str | None:
    """``--db`` wins, then VOXPRIVACY_DB, then the settings; None means the default file."""
    return options.db or os.environ.get(ENV_URL) or configured_url or None


def open_services(options: DeskOptions, configured_url: str = "") -> DeskServices:
    """Open the chosen database with the OS keyring and work out whether it is new."""
    target = parse_target(choose_url(options, configured_url))
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
    from voxprivacy.services.demo import generate_demo

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
    schema.upgrade(ctx.db)
    with ctx.db.read() as session:
        installed = session.execute(select(Installation.id)).first() is not None
    if not installed:
        ctx.create_installation()
    return auth.bootstrap_first_admin(ctx, username, password)


def confirm_enrollment(ctx: Context, username: str, password: str, code: str) -> Actor:
    """Sign the new admin in and check their first code (which confirms the enrollment)."""
    actor = auth.sign_in(ctx, username, password)
    auth.step_up(ctx, actor, code)
    return actor
