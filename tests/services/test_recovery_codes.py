"""Recovery codes cannot be guessed offline from a copied database, and keep working."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import insert, select
from support.desk import Desk

from voxprivacy.errors import AuthenticationFailed
from voxprivacy.security import totp
from voxprivacy.services import auth, staff
from voxprivacy.storage import schema
from voxprivacy.storage.ids import uuid7
from voxprivacy.storage.models import RecoveryCode, Staff, table_of


def _codes(desk: Desk, username: str) -> list[RecoveryCode]:
    with desk.ctx.db.read() as session:
        staff_id = session.execute(select(Staff.id).where(Staff.username == username)).scalar_one()
        return list(
            session.execute(select(RecoveryCode).where(RecoveryCode.staff_id == staff_id))
            .scalars()
            .all()
        )


def test_codes_are_stored_as_argon2_and_one_still_passes_the_second_factor(desk: Desk) -> None:
    desk.step_up(desk.admin)
    enrollment = staff.add_staff(desk.ctx, desk.admin.actor, "rita", "agent", "rita password 1")
    stored = _codes(desk, "rita")
    assert len(stored) == 10
    assert all(row.code_hash.startswith("$argon2id$") and row.salt == b"" for row in stored)
    plain = [totp.normalise_recovery_code(c) or "" for c in enrollment.recovery_codes]
    old_form = {totp.legacy_recovery_digest(row.salt, code) for row in stored for code in plain}
    assert not old_form & {row.code_hash for row in stored}

    rita = auth.sign_in(desk.ctx, "rita", "rita password 1")
    with pytest.raises(AuthenticationFailed, match="recovery code is wrong"):
        auth.step_up(desk.ctx, rita, "abcde-fghjk")
    assert rita.checked_at is None
    auth.step_up(desk.ctx, rita, enrollment.recovery_codes[3])
    assert rita.checked_at == desk.clock.now
    with pytest.raises(AuthenticationFailed, match="already used"):
        auth.step_up(desk.ctx, rita, enrollment.recovery_codes[3])


def _back_to(desk: Desk, revision: str) -> None:
    from alembic import command

    cfg = schema._config()
    with desk.ctx.db.connect() as conn, conn.begin():
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def test_upgrading_wraps_old_digests_and_the_codes_keep_working(
    desk: Desk, request: pytest.FixtureRequest
) -> None:
    desk.step_up(desk.admin)
    staff.add_staff(desk.ctx, desk.admin.actor, "rita", "agent", "rita password 1")
    staff_id = _codes(desk, "rita")[0].staff_id
    _back_to(desk, "0010")
    # codes as the previous revision stored them: HMAC-SHA256 beside its salt
    unused, spent = "abcde23456", "mnpqr78923"
    rows: dict[str, uuid.UUID] = {}
    with desk.ctx.db.engine.begin() as conn:
        for code, used_at in ((unused, None), (spent, desk.clock.now)):
            salt = os.urandom(16)
            rows[code] = uuid7()
            conn.execute(
                insert(table_of(RecoveryCode)).values(
                    id=rows[code],
                    staff_id=staff_id,
                    salt=salt,
                    code_hash=totp.legacy_recovery_digest(salt, code),
                    used_at=used_at,
                )
            )
    assert schema.upgrade(desk.ctx.db) == ("0010", schema.head_revision())
    if getattr(getattr(request.node, "callspec", None), "params", {}).get("db_url") == "remote":
        request.getfixturevalue("remote_server").regrant()  # as 'server init' after an upgrade

    stored = {row.id: row for row in _codes(desk, "rita")}
    assert stored[rows[unused]].code_hash.startswith("sha256+$argon2id$")
    assert stored[rows[spent]].code_hash == "spent"
    rita = auth.sign_in(desk.ctx, "rita", "rita password 1")
    with pytest.raises(AuthenticationFailed):
        auth.step_up(desk.ctx, rita, spent)
    auth.step_up(desk.ctx, rita, unused)
    assert rita.checked_at == desk.clock.now
    with pytest.raises(AuthenticationFailed, match="already used"):
        auth.step_up(desk.ctx, rita, unused)
