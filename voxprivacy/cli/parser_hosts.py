"""The command table's part for branches and hosts: sync, branch, conflicts, server
and backup (handlers named by strings, never imported here)."""

from __future__ import annotations

import argparse

from voxprivacy.cli.arguments import (
    SERVER_INIT_EPILOG,
    SYNC_EPILOG,
    add_command,
    add_group,
    config_argument,
)
from voxprivacy.domain.enums import CONFLICT_SIDES
from voxprivacy.i18n import _


def add_host_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    _add_branch_commands(sub)
    _add_server_commands(sub)

    group = add_group(sub, "backup", _("encrypted backups of the database (admins)"))
    p = add_command(group, "create", "backup_commands.backup_create", _("write an encrypted copy"))
    p.add_argument("file", metavar="FILE", help=_("the backup file to create"))
    p = add_command(
        group,
        "restore",
        "backup_commands.backup_restore",
        _("replace the database with a backup, then carry out again the erasures made since"),
    )
    p.add_argument("file", metavar="FILE", help=_("a file made by 'backup create'"))
    p.add_argument("--force", action="store_true", help=_("yes, replace the database"))


def _add_branch_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = add_command(
        sub,
        "sync",
        "sync_commands.sync",
        _("synchronise this branch with the central database (no sign-in, no code)"),
        epilog=_(SYNC_EPILOG),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--central",
        metavar="URL",
        help=_(
            "the central PostgreSQL database, without its password (needed only to set "
            "the branch up; later runs use the one remembered)"
        ),
    )
    p.add_argument(
        "--branch",
        metavar="NAME",
        help=_(
            "this branch's name when it is set up with --central (default: the machine's "
            "host name; with --enrol the name comes with the token)"
        ),
    )
    p.add_argument(
        "--enrol",
        metavar="TOKEN",
        help=_(
            "set a new branch up through the head office server (--server URL) with the "
            "one-time token an admin issued"
        ),
    )
    p.set_defaults(server_is_head_office=True)
    status = p.add_subparsers(dest="sync_command", metavar="COMMAND", required=False)
    add_command(
        status,
        "status",
        "sync_commands.sync_status",
        _(
            "show this database's role, central database, changes waiting and the last sync "
            "(reads only this database)"
        ),
    )

    group = add_group(sub, "branch", _("branch offices enrolled through the head office server"))
    p = add_command(
        group,
        "enrol",
        "branch_commands.branch_enrol",
        _("issue a one-time enrolment token for a branch (admins, fresh code)"),
    )
    p.add_argument("name", metavar="NAME", help=_("the branch's name, as its changes carry it"))
    p.add_argument(
        "--hours", type=float, default=24.0, help=_("how long the token works (default 24)")
    )
    add_command(group, "list", "branch_commands.branch_list", _("enrolled branches (admins)"))
    p = add_command(
        group,
        "revoke",
        "branch_commands.branch_revoke",
        _("refuse every later request of a branch (admins, fresh code)"),
    )
    p.add_argument("name", metavar="NAME")

    group = add_group(
        sub, "conflicts", _("fields the central database and a branch changed differently")
    )
    p = add_command(
        group,
        "list",
        "sync_commands.conflicts_list",
        _("open conflicts, oldest first, with both values (supervisors)"),
    )
    p.add_argument("--all", action="store_true", help=_("also the conflicts already settled"))
    p = add_command(
        group,
        "resolve",
        "sync_commands.conflicts_resolve",
        _(
            "settle a conflict: keep the central value, take the branch's, or type the right "
            "one (supervisors)"
        ),
    )
    p.add_argument("conflict", metavar="ID", help=_("the id shown by 'conflicts list'"))
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--keep", choices=list(CONFLICT_SIDES), help=_("which side's value stays"))
    how.add_argument("--value", metavar="TEXT", help=_("the right value, typed (text fields only)"))


def _add_server_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    server = add_group(
        sub, "server", _("prepare and watch a head office server's host (run there)")
    )
    p = add_command(
        server,
        "init",
        "server_commands.server_init",
        _(
            "prepare this host and its PostgreSQL database for voxprivacy-server: roles, schema, "
            "secrets, certificate, configuration, first admin (safe to run again)"
        ),
        epilog=_(SERVER_INIT_EPILOG),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--database",
        metavar="URL",
        required=True,
        help=_(
            "the database as a PostgreSQL administrator (superuser or CREATEROLE), without "
            "a password, e.g. postgresql://postgres@localhost/voxprivacy (created if missing)"
        ),
    )
    p.add_argument(
        "--password-file",
        metavar="FILE",
        help=_(
            "the administrator's PostgreSQL password, first line of FILE (default: "
            "$PGPASSWORD, or a prompt in a terminal; never on the command line)"
        ),
    )
    p.add_argument(
        "--config-dir",
        metavar="DIR",
        default="/etc/voxprivacy",
        help=_("where server.toml and the certificate go (default: /etc/voxprivacy)"),
    )
    p.add_argument(
        "--credentials",
        metavar="DIR",
        help=_("the private directory for the secrets (default: CONFIG_DIR/credentials)"),
    )
    p.add_argument(
        "--hostname",
        metavar="NAME",
        action="append",
        help=_(
            "a name or address workstations use to reach the server, for the certificate "
            "(repeatable; default: this host's name, localhost, 127.0.0.1)"
        ),
    )
    p.add_argument("--listen", metavar="ADDRESS", default="127.0.0.1", help=_("listen address"))
    p.add_argument("--port", metavar="N", type=int, default=8443, help=_("listen port"))
    p.add_argument("--owner-role", metavar="ROLE", default="voxprivacy_owner")
    p.add_argument("--app-role", metavar="ROLE", default="voxprivacy_app")
    p.add_argument(
        "--admin",
        metavar="NAME",
        help=_(
            "user name of the first admin, for a database without staff (its password "
            "comes from $VOXPRIVACY_PASSWORD or a prompt)"
        ),
    )
    p.add_argument(
        "--master-key-file",
        metavar="FILE",
        help=_(
            "moving a direct-connection setup over: the line 'voxprivacy-admin key export' "
            "printed (INSTALLATION_ID:KEY)"
        ),
    )
    p.add_argument(
        "--service-user",
        metavar="USER",
        help=_(
            "give the credentials directory to this account (as root; not needed with "
            "systemd's LoadCredential=)"
        ),
    )
    p.add_argument(
        "--new-app-password",
        action="store_true",
        help=_(
            "give the application role a new random password (then restart the server, and "
            "copy the file to every other server host)"
        ),
    )
    p.add_argument(
        "--force",
        action="store_true",
        help=_(
            "replace the certificate (workstations then pin the new fingerprint) and the "
            "configuration, or set a password for an application role whose file is lost"
        ),
    )

    p = add_command(
        server,
        "log-head",
        "server_commands.server_log_head",
        _("append the audit chain's head to an append-only log (run it from a timer)"),
    )
    config_argument(p)
    p.add_argument("--log", metavar="FILE", required=True, help=_("the chain-head log"))

    p = add_command(
        server,
        "check-chain",
        "server_commands.server_check_chain",
        _(
            "compare the chain with the heads in the log: "
            "exit 1 if its tail was rewritten or cut off"
        ),
    )
    config_argument(p)
    p.add_argument("--log", metavar="FILE", required=True, help=_("the chain-head log"))
