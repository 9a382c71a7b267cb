"""Branches through the head office server: ``sync --server URL --enrol TOKEN``, the
unattended ``sync`` of an enrolled branch, and ``branch enrol|list|revoke`` (admins).

A branch set up this way keeps no central database password and no central master
key: its keyring holds its own master key and its Ed25519 signing key, and its
database the pinned server address and certificate.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from pathlib import Path

from voxprivacy.cli import output
from voxprivacy.cli.session import ENV_SERVER_FINGERPRINT, Invocation
from voxprivacy.client import branch as remote_branch
from voxprivacy.errors import BadInput
from voxprivacy.i18n import _, ngettext
from voxprivacy.services import branches, conflicts, erasure_journal
from voxprivacy.services.context import Context
from voxprivacy.storage.database import Database, DatabaseTarget, sqlcipher_key_name
from voxprivacy.sync import replica

OK = 0


def _fingerprint(inv: Invocation) -> str | None:
    raw = getattr(inv.args, "server_fingerprint", None) or os.environ.get(ENV_SERVER_FINGERPRINT)
    return raw or None


def enrolled(local: Database) -> bool:
    """Was this replica set up through the server (it has a pinned certificate)?"""
    with local.read() as session:
        from voxprivacy.storage.models import SyncState

        state = session.get(SyncState, 1)
    return state is not None and bool(state.central_fingerprint)


def set_up(inv: Invocation, *, create: bool) -> int:
    """``sync --server URL --enrol TOKEN`` on a new, empty database."""
    server = inv.server()
    if server is None:
        raise BadInput(
            _(
                "Enrolling needs the head office server: 'voxprivacy-admin sync --server "
                "https://HOST:PORT --enrol TOKEN'."
            ),
            "server",
        )
    if inv.args.branch is not None:
        raise BadInput(
            _(
                "The branch's name comes with its enrolment token (an admin chose it); leave "
                "--branch out."
            ),
            "branch",
        )
    target = inv.target()
    replica.refuse_unencrypted(target)
    inv.secrets.ensure_usable()
    created = create and target.path is not None and not target.path.exists()
    key_name = sqlcipher_key_name(target.path) if target.mode == "encrypted" and target.path else ""
    key_existed = bool(key_name) and inv.secrets.get(key_name) is not None
    try:
        local = inv.database(create=create)
        name = remote_branch.enrol(local, inv.secrets, server, _fingerprint(inv), inv.args.enrol)
    except BaseException:
        if created:
            _remove_new_database(inv, target, "" if key_existed else key_name)
        raise
    report = remote_branch.first_copy(local, inv.secrets)  # enrolled: the file stays
    if inv.json:
        inv.print(output.to_json({"action": "setup", "branch": name, **dataclasses.asdict(report)}))
        return OK
    for line in output.setup_lines(name, target.display, report):
        inv.print(line)
    return OK


def _remove_new_database(inv: Invocation, target: DatabaseTarget, key_name: str) -> None:
    inv.close()
    path = target.path
    if path is None:
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    if key_name:
        with contextlib.suppress(Exception):
            inv.secrets.delete(key_name)


def synchronise(inv: Invocation, local: Database) -> int:
    """The unattended sync of an enrolled branch: only with the server it enrolled with."""
    server = inv.server()
    state = replica.status(local)
    if server is not None and server.rstrip("/") != (state.central or ""):
        raise BadInput(
            _(
                "This branch synchronises with {central}, the server it was enrolled "
                "with, but --server names {server}; nothing was sent. Leave --server out."
            ).format(central=state.central, server=server),
            "server",
        )
    if getattr(inv.args, "enrol", None):
        raise BadInput(
            _(
                "This branch is already enrolled with {central}; --enrol is only for a "
                "new, empty database."
            ).format(central=state.central),
            "enrol",
        )
    try:
        report = remote_branch.sync(local, inv.secrets)
    except replica.Offline as exc:
        waiting = replica.status(local).waiting
        here = ngettext(
            "{message} ({n} change waits here.)", "{message} ({n} changes wait here.)", waiting
        )
        raise replica.Offline(here.format(message=exc.message, n=waiting)) from None
    except BaseException as exc:
        replica.remember_failure(local, exc)
        raise
    if report.erased:
        erasure_journal.check_at_open(Context(local, inv.secrets))
    open_conflicts = conflicts.count_open(Context(local, inv.secrets))
    if inv.json:
        inv.print(
            output.to_json(
                {
                    "action": "sync",
                    **dataclasses.asdict(report),
                    "moved": report.moved,
                    "open_conflicts": open_conflicts,
                }
            )
        )
        return OK
    for line in output.sync_lines(report, open_conflicts):
        inv.print(line)
    return OK


# --------------------------------------------------------------------------- branch …


def branch_enrol(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    issued = branches.issue_enrolment(
        inv.context(), actor, inv.args.name, lifetime_hours=inv.args.hours
    )
    if inv.json:
        inv.print(output.to_json(dataclasses.asdict(issued)))
        return OK
    inv.print(
        _("Enrolment token for the branch {branch} (shown once):").format(
            branch=output.safe(issued.branch)
        )
    )
    inv.print(f"  {issued.token}")
    inv.print(
        _(
            "It works once, until {expires_at:%Y-%m-%d %H:%M} UTC. On the branch "
            "run: voxprivacy-admin sync --server URL [--server-fingerprint FP] "
            "--enrol TOKEN"
        ).format(expires_at=issued.expires_at)
    )
    return OK


def branch_list(inv: Invocation) -> int:
    actor = inv.sign_in()
    views = branches.list_branches(inv.context(), actor)
    if inv.json:
        inv.print(output.to_json([{**dataclasses.asdict(v), "active": v.active} for v in views]))
        return OK
    if not views:
        inv.print(_("No branch is enrolled."))
        return OK
    rows = [
        (
            v.name,
            "active" if v.active else f"revoked {v.revoked_at:%Y-%m-%d %H:%M} by {v.revoked_by}",
            f"{v.enrolled_at:%Y-%m-%d %H:%M}",
            f"{v.last_seen_at:%Y-%m-%d %H:%M}" if v.last_seen_at else "-",
        )
        for v in views
    ]
    inv.print(
        output.table((_("branch"), _("state"), _("enrolled (UTC)"), _("last seen (UTC)")), rows)
    )
    return OK


def branch_revoke(inv: Invocation) -> int:
    actor = inv.sign_in_for_write()
    view = branches.revoke_branch(inv.context(), actor, inv.args.name)
    if inv.json:
        inv.print(output.to_json({**dataclasses.asdict(view), "active": view.active}))
        return OK
    inv.print(
        _(
            "The branch {name} is revoked: head office refuses its requests from now "
            "on. Its queued changes stay in its own database."
        ).format(name=output.safe(view.name))
    )
    return OK
