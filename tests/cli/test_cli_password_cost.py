"""The command line stores passwords and recovery codes at the application's own Argon2
cost (the other command-line tests lower it to save time)."""

from __future__ import annotations

import pytest
from cli_support import ADMIN_PASSWORD, Run, recovery_codes
from sqlalchemy import select
from support.memory_keyring import MemoryKeyring

from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.storage.database import open_database, parse_target
from voxprivacy.storage.models import RecoveryCode, Staff


@pytest.mark.production_hashes
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_init_stores_the_admin_password_and_codes_at_production_cost(
    run: Run, db_url: str, memory_keyring: MemoryKeyring
) -> None:
    result = run(
        "--db", db_url, "init", "--admin", "root", env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD}
    )
    assert result.code == 0, result.err
    assert len(recovery_codes(result.out)) == 10
    db = open_database(parse_target(db_url), SecretStore(memory_keyring))
    try:
        with db.read() as session:
            password_hash = session.execute(
                select(Staff.password_hash).where(Staff.username == "root")
            ).scalar_one()
            code_hashes = session.execute(select(RecoveryCode.code_hash)).scalars().all()
    finally:
        db.dispose()
    assert password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert len(code_hashes) == 10
    assert all(h.startswith("$argon2id$v=19$m=19456,t=2,p=1$") for h in code_hashes)
    signed_in = run(
        "--db",
        db_url,
        "--user",
        "root",
        "audit",
        "head",
        env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD},
    )
    assert signed_in.code == 0, signed_in.err
