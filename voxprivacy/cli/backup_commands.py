"""``backup create FILE`` and ``backup restore FILE`` (admins, with a fresh code)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from voxprivacy.cli import output
from voxprivacy.cli.session import Invocation
from voxprivacy.errors import BadInput
from voxprivacy.i18n import _
from voxprivacy.services import backup
from voxprivacy.services.context import Actor

OK = 0


def backup_create(inv: Invocation) -> int:
    out = Path(inv.args.file).expanduser()

    def check(_actor: Actor) -> None:
        if out.exists():
            raise BadInput(
                _("{out} exists already; give the name of a new file.").format(out=out), "file"
            )

    actor = inv.sign_in_for_write(check)
    view = backup.create_backup(inv.context(), actor, inv.args.file)
    if inv.json:
        inv.print(output.to_json(dataclasses.asdict(view)))
        return OK
    inv.print(
        _(
            "Backup written to {path} ({kind} copy, {size} bytes, audit entry "
            "{audit_seq}), encrypted with a key derived from the master key."
        ).format(
            path=output.safe(view.path), kind=view.kind, size=view.size, audit_seq=view.audit_seq
        )
    )
    return OK


def backup_restore(inv: Invocation) -> int:
    path = Path(inv.args.file).expanduser()

    def check(_actor: Actor) -> None:
        if not path.is_file():
            raise BadInput(_("There is no backup file at {path}.").format(path=path), "file")
        manifest, _raw = backup.read_manifest(path)
        if not inv.args.force:
            raise BadInput(
                _(
                    "Restoring replaces the database {inv_where} with the copy "
                    "of {manifest_get_created_at}: everything written since is "
                    "lost, and the erasures made since are carried out again. "
                    "Close every desk using it, then run the command again "
                    "with --force."
                ).format(
                    inv_where=inv.where(), manifest_get_created_at=manifest.get("created_at", "?")
                ),
                "force",
            )

    actor = inv.sign_in_for_write(check)
    view = backup.restore_backup(inv.context(), actor, inv.args.file)
    if inv.json:
        inv.print(output.to_json(dataclasses.asdict(view)))
        return OK
    inv.print(view.message)
    return OK
