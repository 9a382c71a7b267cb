"""``voxprivacy-admin [--db URL] [--user NAME] [--totp CODE] [--json] COMMAND … [OPTIONS]``

The global options (--db, --user, --totp, --json) may also follow the command.

The table of commands and the entry point, where errors become exit
statuses: 0 done, 1 a check found a problem, 2 bad usage or input (nothing
was written), 3 refused, 75 the database is busy (try again). Errors are one
line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from voxprivacy import __version__, i18n
from voxprivacy.cli import language
from voxprivacy.cli.arguments import (
    PROG,
    ROLES,
    DeferredSubParsers,
    Handler,
    add_command,
    add_global_options,
    add_group,
    command_name,
    count,
    handler_of,
    seed,
)
from voxprivacy.cli.failures import database_error, fail, first_line
from voxprivacy.cli.parser_casework import add_casework_commands
from voxprivacy.cli.parser_hosts import add_host_commands
from voxprivacy.cli.parser_records import add_record_commands
from voxprivacy.errors import InvalidFields, VoxError
from voxprivacy.i18n import N_, _

DESCRIPTION = N_("""\
Administer the voxprivacy privacy desk from a terminal or a script.

The database is --db URL, else $VOXPRIVACY_DB, else the encrypted file in your
data directory. With --server URL (or $VOXPRIVACY_SERVER) the commands run on the
head office server instead, and this machine holds no database and no keys.
The acting staff member is --user or $VOXPRIVACY_USER; the
password comes from $VOXPRIVACY_PASSWORD (or a prompt in a terminal). Commands
that change data also need the current code from your authenticator: --totp,
$VOXPRIVACY_TOTP or a prompt in a terminal.

exit status: 0 done, 1 a check found a problem, 2 bad usage or input,
3 refused (sign-in, second factor, role), 75 the database is busy (another
session holds a lock; nothing was written, try again).""")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description=_(DESCRIPTION), formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {__version__}",
        help=_("show the program's version and exit"),
    )
    parser.add_argument(
        "--language",
        metavar="CODE",
        choices=list(i18n.LANGUAGES),
        help=_(
            "language of messages and output: en, fr or nl (default: from $LANGUAGE, "
            "$LC_ALL, $LC_MESSAGES or $LANG; English otherwise)"
        ),
    )
    add_global_options(parser, after_command=False)
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", required=True, action=DeferredSubParsers
    )

    p = add_command(
        sub,
        "init",
        "commands.init",
        _("create or upgrade the database; on a database without staff create the first admin"),
    )
    p.add_argument(
        "--admin",
        metavar="NAME",
        help=_("user name of the first admin (its password comes from $VOXPRIVACY_PASSWORD)"),
    )

    p = add_command(
        sub,
        "demo",
        "commands.demo",
        _("fill a new, empty database with made-up customers and one demo account per role"),
    )
    p.add_argument(
        "--customers",
        metavar="N",
        type=count,
        required=True,
        help=_("how many customers to make up"),
    )
    p.add_argument("--seed", metavar="S", type=seed, help=_("same seed, same data"))

    staff = add_group(sub, "staff", _("manage staff accounts"))
    p = add_command(
        staff,
        "add",
        "commands.staff_add",
        _("add a staff member (admins); the initial password is the first line of standard input"),
    )
    p.add_argument("name", metavar="NAME")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--display-name", metavar="TEXT")
    add_command(staff, "list", "commands.staff_list", _("list staff members"))
    p = add_command(
        staff,
        "unlock",
        "commands.staff_unlock",
        _("unlock an account locked after failed attempts"),
    )
    p.add_argument("name", metavar="NAME")
    p = add_command(
        staff,
        "reset-2fa",
        "commands.staff_reset_2fa",
        _("give a staff member a new authenticator secret and recovery codes"),
    )
    p.add_argument("name", metavar="NAME")
    p = add_command(
        staff,
        "reset-password",
        "commands.staff_reset_password",
        _(
            "set a staff member's password (first line of standard input); their second factor "
            "is reset too and must be enrolled again"
        ),
    )
    p.add_argument("name", metavar="NAME")
    p = add_command(staff, "set-role", "commands.staff_set_role", _("change a staff member's role"))
    p.add_argument("name", metavar="NAME")
    p.add_argument("role", metavar="ROLE", choices=ROLES, help=", ".join(ROLES))
    p = add_command(
        staff, "deactivate", "commands.staff_deactivate", _("stop a staff member from signing in")
    )
    p.add_argument("name", metavar="NAME")

    group = add_group(sub, "sessions", _("staff sessions on the head office server"))
    p = add_command(
        group,
        "list",
        "commands.sessions_list",
        _("open sessions on the server, newest first (supervisors, admins; with --server)"),
    )
    p.add_argument("--name", metavar="NAME", help=_("only this staff member's sessions"))
    p.add_argument("--all", action="store_true", help=_("ended sessions too"))
    p = add_command(
        group,
        "revoke",
        "commands.sessions_revoke",
        _("end a staff member's session now: its next request is refused"),
    )
    p.add_argument("session", metavar="ID", help=_("the session's id, from 'sessions list'"))

    add_record_commands(sub)

    group = add_group(sub, "audit", _("the tamper-evident audit trail"))
    p = add_command(
        group, "verify", "commands.audit_verify", _("recompute the chain (exit 1 if it is broken)")
    )
    p.add_argument(
        "--head",
        metavar="SEQ:HASH",
        help=_("a head saved earlier with 'audit head'; catches entries cut off the end"),
    )
    add_command(group, "head", "commands.audit_head", _("print the newest entry as SEQ:HASH"))

    group = add_group(sub, "key", _("move the database's master key between workstations"))
    add_command(group, "export", "commands.key_export", _("print INSTALLATION_ID:KEY (admins)"))
    add_command(
        group,
        "import",
        "commands.key_import",
        _(
            "store the line printed by 'key export' "
            "(read from standard input) in this workstation's keyring"
        ),
    )

    group = add_group(sub, "db", _("database connection settings"))
    add_command(
        group,
        "remember-password",
        "commands.db_remember_password",
        _("keep the PostgreSQL password (first line of standard input) in the keyring"),
    )

    add_casework_commands(sub)
    add_host_commands(sub)

    add_command(
        sub,
        "doctor",
        "doctor.doctor",
        _(
            "check the database, keyring, schema, master key, audit "
            "chain (with --user) and log directory; exit 1 if something is wrong"
        ),
    )
    return parser


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status (the entry point passes it to sys.exit).

    Only the command's own module is imported, after the arguments are parsed: --help,
    --version and usage errors never load a service, the storage layer or SQLAlchemy."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    language.choose(arguments)  # before the parser: its help texts are translated as built
    language.install_argparse_translator()
    parser = build_parser()
    try:
        args = parser.parse_args(arguments)
    except SystemExit as exc:  # --help, --version and usage errors (status 2)
        return _exit_code(exc.code)
    import logging

    from voxprivacy import logs
    from voxprivacy.cli.session import Invocation

    log = logging.getLogger("voxprivacy.admin")
    with contextlib.suppress(OSError):  # an unwritable log directory must not stop IT
        logs.setup("admin")
    name = command_name(args.handler)
    log.info("command %s", name)
    invocation = Invocation(args, sys.stdout)
    try:
        handler: Handler = handler_of(args.handler)
        return handler(invocation)
    except InvalidFields as exc:
        fail("; ".join(exc.errors.values()))
        return exc.exit_status
    except VoxError as exc:
        fail(exc.message)
        return exc.exit_status
    except KeyboardInterrupt:
        fail(i18n._("interrupted; nothing more was done."))
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as exc:
        status = database_error(exc, invocation.where)
        if status is not None:
            return status
        log.exception("internal error in %s", name)
        fail(
            i18n._("internal error: {kind}: {detail}").format(
                kind=type(exc).__name__, detail=first_line(exc)
            )
        )
        return 1
    finally:
        with contextlib.suppress(Exception):  # closing must not hide the outcome
            invocation.close()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
