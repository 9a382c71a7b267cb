"""Someone edits an audit entry with the database's own shell; `audit verify` names it.

The real tools: the sqlite3 shell on a plain file and psql on PostgreSQL. (Debian's
sqlcipher shell is SQLCipher 3 and cannot open the version 4 files sqlcipher3 writes;
the encrypted default is tampered with through its driver in test_cli_commands.) A
missing tool fails under CI (.ci/run installs them) and skips elsewhere.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from cli_support import Desk
from sqlalchemy.engine import make_url

TAMPER = [
    "DROP TRIGGER audit_events_no_update;",
    "UPDATE audit_events SET detail = 'nothing to see' WHERE seq = 2;",
]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        message = f"the {name} shell is not installed (Debian package: {name})"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _tamper_with_a_shell(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        dsn = f"postgresql://{parsed.username}@{parsed.host}:{parsed.port}/{parsed.database}"
        script = (
            "DROP TRIGGER audit_events_append_only ON audit_events;\n"
            "UPDATE audit_events SET detail = 'nothing to see' WHERE seq = 2;\n"
        )
        command = [_tool("psql"), "-v", "ON_ERROR_STOP=1", "-q", dsn]
    else:
        assert parsed.database is not None
        script = "\n".join(TAMPER) + "\n"
        command = [_tool("sqlite3"), "-bail", parsed.database]
    done = subprocess.run(command, input=script, text=True, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "db_url", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
def test_an_entry_changed_with_the_database_shell_is_named(demo_desk: Desk, db_url: str) -> None:
    assert demo_desk.as_("admin", "audit", "verify").code == 0
    _tamper_with_a_shell(db_url)
    broken = demo_desk.as_("admin", "audit", "verify")
    assert broken.code == 1
    assert broken.out.strip().startswith("audit chain BROKEN at entry 2:")
