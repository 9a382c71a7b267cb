"""One invocation of the command line: which database, who is acting, and how.

The database comes from ``--db``, ``VOXPRIVACY_DB`` or the default encrypted
file; or, with ``--server URL`` / ``VOXPRIVACY_SERVER``, the services run on the
head office server (``--server-fingerprint`` / ``VOXPRIVACY_SERVER_FINGERPRINT``
for a self-signed certificate) and this machine holds no database and no keys.
The acting staff member comes from ``--user`` or ``VOXPRIVACY_USER``;
the password from ``VOXPRIVACY_PASSWORD`` or a prompt; the second-factor
code from ``--totp``, ``VOXPRIVACY_TOTP`` or a prompt. Prompts appear only
when standard input is a terminal, so a script never hangs.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from voxprivacy.cli.arguments import command_name
from voxprivacy.errors import BadInput, Refused, VoxError
from voxprivacy.i18n import N_, _

if TYPE_CHECKING:  # imported where used, so a command loads only what it runs
    from voxprivacy.security.keyring_store import SecretStore
    from voxprivacy.services.context import Actor, Context
    from voxprivacy.storage.database import Database, DatabaseTarget

ENV_SERVER = "VOXPRIVACY_SERVER"
ENV_SERVER_FINGERPRINT = "VOXPRIVACY_SERVER_FINGERPRINT"
ENV_USER = "VOXPRIVACY_USER"
ENV_PASSWORD = "VOXPRIVACY_PASSWORD"
ENV_TOTP = "VOXPRIVACY_TOTP"

NEEDS_CODE = N_(
    "This command changes data and needs your second-factor code: pass --totp CODE "
    "or set VOXPRIVACY_TOTP."
)


def is_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, OSError, ValueError):
        return False


def stdin_is_terminal() -> bool:
    return is_terminal(sys.stdin)


def read_stdin_line(what: str) -> str:
    """The first line of standard input without its line ending ('' if there is none)."""
    try:
        line = sys.stdin.readline()
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise BadInput(
            _("Could not read {what} from standard input ({exc}).").format(what=what, exc=exc), what
        ) from None
    return line.rstrip("\r\n")


def prompt_line(prompt: str) -> str:
    """Ask on the terminal (prompt on stderr, so stdout stays clean for scripts)."""
    sys.stderr.write(prompt)
    sys.stderr.flush()
    return read_stdin_line("answer").strip()


class Invocation:
    """Opens the database once, signs the staff member in once, closes everything at the end."""

    def __init__(self, args: argparse.Namespace, out: TextIO) -> None:
        self.args = args
        self.out = out
        self._target: DatabaseTarget | None = None
        self._db: Database | None = None
        self._ctx: Context | None = None
        self._secrets: SecretStore | None = None
        self._actor: Actor | None = None  # signed in on the server: signed out at the end

    # ---- output ---------------------------------------------------------------------------

    @property
    def json(self) -> bool:
        return bool(self.args.json)

    def print(self, text: str = "") -> None:
        self.out.write(text + "\n")

    # ---- database -------------------------------------------------------------------------

    def server(self) -> str | None:
        """The head office server's address, when the services run there."""
        url = (getattr(self.args, "server", None) or os.environ.get(ENV_SERVER) or "").strip()
        return url or None

    def _local_only(self) -> None:
        server = self.server()
        if server is None:
            return
        if getattr(self.args, "server_is_head_office", False) and not getattr(
            self.args, "sync_command", None
        ):
            return  # 'sync --server URL': the branch's own database, synchronised with it
        handler = getattr(self.args, "handler", None)
        command = command_name(handler) if handler else _("this command")
        command = command.replace("_", " ")
        raise BadInput(
            _(
                "'{command}' works on a local database and does not apply "
                "to a connection to the head office server ({server}); run "
                "it without --server (and without VOXPRIVACY_SERVER), or "
                "on the server host."
            ).format(command=command, server=server),
            "server",
        )

    @property
    def secrets(self) -> SecretStore:
        self._local_only()
        if self._secrets is None:
            from voxprivacy.security.keyring_store import CommandSecrets

            self._secrets = CommandSecrets()
        return self._secrets

    def target(self) -> DatabaseTarget:
        self._local_only()
        if self._target is None:
            from voxprivacy.storage.database import parse_target

            self._target = parse_target(self.args.db)
        return self._target

    def where(self) -> str:
        """The database as it may be printed (no password), or '' if not known yet."""
        return self._target.display if self._target is not None else ""

    def database(self, *, create: bool = False) -> Database:
        if self._db is None:
            from voxprivacy.storage.database import open_database

            self._db = open_database(self.target(), self.secrets, create=create)
        return self._db

    def context(self, *, create: bool = False, check_schema: bool = True) -> Context:
        """The services' context; unless ``create``, the schema must exist and be current.

        With a server, a context whose services run there (nothing is opened here)."""
        server = self.server()
        if server is not None and not create:
            if self._ctx is None:
                from voxprivacy.client.remote import default_label, remote_context

                fingerprint = getattr(self.args, "server_fingerprint", None) or os.environ.get(
                    ENV_SERVER_FINGERPRINT
                )
                self._ctx = remote_context(
                    server,
                    fingerprint=fingerprint or None,
                    client_label=default_label("voxprivacy-admin"),
                )
            return self._ctx
        if self._ctx is None:
            from voxprivacy.services.context import Context

            db = self.database(create=create)
            if check_schema and not create:
                self._check_schema(db)
            ctx = Context(db, self.secrets)
            if check_schema and not create:
                self._check_journal(ctx)
            self._ctx = ctx
        return self._ctx

    def _check_journal(self, ctx: Context) -> None:
        """Erasures a rolled-back or restored database lacks are carried out before any
        search; the roll-back is reported on stderr (stdout stays clean for scripts)."""
        from voxprivacy.services import erasure_journal

        check = erasure_journal.check_at_open(ctx)
        if check.message:
            sys.stderr.write(_("Note: {message}").format(message=check.message) + "\n")
            sys.stderr.flush()

    def _check_schema(self, db: Database) -> None:
        from voxprivacy.storage import schema

        current = schema.current_revision(db)
        newest = schema.head_revision()
        where = self.target().display
        if current is None:
            raise BadInput(
                _(
                    "The database {where} has no voxprivacy schema yet; set it "
                    "up with 'voxprivacy-admin init'."
                ).format(where=where),
                "db",
            )
        if current != newest:
            raise BadInput(
                _(
                    "The database {where} has schema revision {current}, but "
                    "this program needs {newest}; upgrade it with "
                    "'voxprivacy-admin init'."
                ).format(where=where, current=current, newest=newest),
                "db",
            )

    def close(self) -> None:
        if self._ctx is None and self._db is None:
            return
        from voxprivacy.services import auth, erasure_journal

        remote = self._ctx.remote if self._ctx is not None else None
        if remote is not None:
            if self._actor is not None and self._actor.token and self._ctx is not None:
                with contextlib.suppress(VoxError):  # the command's outcome stands
                    auth.sign_out(self._ctx, self._actor)
            self._actor = None
            close = getattr(remote, "close", None)
            if callable(close):
                close()
            self._ctx = None
        elif self._ctx is not None:
            erasure_journal.remember_head(self._ctx)
        if self._db is not None:
            self._db.dispose()
            self._db = None
            self._ctx = None

    # ---- who is acting --------------------------------------------------------------------

    def username(self) -> str:
        name = (self.args.user or os.environ.get(ENV_USER) or "").strip()
        if not name:
            raise Refused(_("Say who you are: pass --user NAME or set VOXPRIVACY_USER."))
        return name

    def password(self, username: str) -> str:
        password = os.environ.get(ENV_PASSWORD)
        if password:
            return password
        if stdin_is_terminal():
            return getpass.getpass(_("Password for {username}: ").format(username=username))
        raise Refused(
            _(
                "No password: set VOXPRIVACY_PASSWORD or run the command "
                "in a terminal to be asked for it."
            )
        )

    def code(self) -> str:
        code = (self.args.totp or os.environ.get(ENV_TOTP) or "").strip()
        if code:
            return code
        if stdin_is_terminal():
            code = prompt_line(_("Second-factor code (6 digits or a recovery code): "))
            if code:
                return code
        raise Refused(_(NEEDS_CODE))

    def sign_in(self) -> Actor:
        """For reads: a signed-in staff member."""
        ctx = self.context()
        username = self.username()
        from voxprivacy.services import auth

        actor = auth.sign_in(ctx, username, self.password(username))
        self._actor = actor
        return actor

    def sign_in_for_write(self, before_code: Callable[[Actor], None] | None = None) -> Actor:
        """For writes: signed in and a fresh second-factor check (the code is used up).

        ``before_code(actor)`` runs after the sign-in and before the code is checked: input
        that depends on what the database holds is refused there without using up the code.
        """
        ctx = self.context()
        username = self.username()
        password = self.password(username)
        code = self.code()
        from voxprivacy.services import auth

        actor = auth.sign_in(ctx, username, password)
        self._actor = actor
        if before_code is not None:
            before_code(actor)
        auth.step_up(ctx, actor, code)
        return actor
