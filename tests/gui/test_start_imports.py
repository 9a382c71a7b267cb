"""What the desk's start loads: the main window of a desk that is no branch opens without the
branch synchronisation (its transport, pydantic, httpx), the start path reads the same
environment variable as the database code it no longer imports up front, and a
workstation's stand-ins for the database and the keyring answer as those would."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from voxprivacy.client.remote import NoSecrets
from voxprivacy.errors import KeyringUnavailable
from voxprivacy.gui import bootstrap
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.storage import database

PROBE = """
import json, sys
import voxprivacy.gui.app
start = sorted(sys.modules)
import voxprivacy.gui.main_window
print(json.dumps({"start": start, "window": sorted(sys.modules)}))
"""

SYNCHRONISATION = {
    "voxprivacy.gui.branch_sync",
    "voxprivacy.sync.replica",
    "voxprivacy.sync.transport",
    "voxprivacy.client.branch",
}


def _loaded() -> dict[str, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return {key: set(names) for key, names in found.items()}


def test_the_desk_module_loads_no_database_code_and_the_window_no_synchronisation() -> None:
    loaded = _loaded()
    start, window = loaded["start"], loaded["window"]
    assert not {name for name in start if name.split(".")[0] in ("sqlalchemy", "keyring")}
    assert not {name for name in start if name.startswith("voxprivacy.storage")}
    assert "voxprivacy.gui.main_window" in window  # the probe got there
    assert not SYNCHRONISATION & window, sorted(SYNCHRONISATION & window)
    assert "pydantic" not in window


def test_the_start_reads_the_database_codes_environment_variable() -> None:
    assert bootstrap.ENV_URL == database.ENV_URL


def test_a_workstations_keyring_stand_in_answers_every_call_a_secret_store_takes() -> None:
    wanted = {
        name
        for name, value in vars(SecretStore).items()
        if not name.startswith("_") and callable(value)
    }
    assert wanted <= set(dir(NoSecrets)), sorted(wanted - set(dir(NoSecrets)))
    secrets = NoSecrets()
    secrets.ensure_usable()  # nothing to unlock: a workstation keeps no keys
    assert secrets.get("master:anything") is None
    with pytest.raises(KeyringUnavailable) as refused:
        secrets.put("master:anything", "key")
    assert "keeps no keys" in refused.value.message
