"""The installation itself: handing its master key to another workstation."""

from __future__ import annotations

from voxprivacy.domain.roles import Permission
from voxprivacy.errors import ConfigurationError
from voxprivacy.i18n import _
from voxprivacy.services import audit
from voxprivacy.services.context import Actor, Context, master_key_name
from voxprivacy.services.guard import writes


@writes(Permission.CONFIGURE, fresh=True)
def export_master_key(ctx: Context, actor: Actor) -> str:
    """The line 'key import' takes on another workstation: INSTALLATION_ID:KEY (admins only).

    The export is audited; a staff member whose role may not export is refused
    (and that refusal audited) by the service gate.
    """
    installation_id = ctx.keys().installation_id
    key = ctx.secrets.get(master_key_name(installation_id))
    if key is None:  # pragma: no cover - ctx.keys() already refused
        raise ConfigurationError(_("This workstation's keyring has no master key."))
    audit.record_alone(
        ctx, actor, "installation.key_export", entity_type="installation", entity_id=installation_id
    )
    return f"{installation_id}:{key}"
