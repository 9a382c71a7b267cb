"""A keyring backend that fails when loaded or used: a clear sentence and exit 2 (doctor: a
problem), never "internal error"; nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import keyring
import keyring.core
import pytest
from cli_support import Run
from support.broken_keyring import BreaksWhenUsed

from voxprivacy.security.keyring_store import SecretStore


@pytest.fixture
def needs_crypto(monkeypatch: pytest.MonkeyPatch) -> None:
    """The keyring library is told to load a backend whose loading fails."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "support.broken_keyring.NeedsCrypto")
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)  # the fixture restores one


@pytest.mark.usefixtures("needs_crypto")
@pytest.mark.parametrize("scheme", ["sqlite", "sqlite+pysqlcipher"])
def test_a_backend_that_fails_to_load_is_bad_usage(run: Run, tmp_path: Path, scheme: str) -> None:
    target = tmp_path / "new.db"
    for command in (["init", "--admin", "root"], ["demo", "--customers", "1"]):
        result = run(
            "--db",
            f"{scheme}:///{target}",
            *command,
            env={"VOXPRIVACY_PASSWORD": "a long enough password"},
        )
        assert result.code == 2, result.err
        assert "The keyring backend support.broken_keyring.NeedsCrypto" in result.err
        assert "set by PYTHON_KEYRING_BACKEND" in result.err
        assert "cannot be used (RuntimeError: pycryptodome/x required)" in result.err
        assert not target.exists()


@pytest.mark.usefixtures("needs_crypto")
def test_doctor_reports_a_backend_that_fails_to_load(run: Run, tmp_path: Path) -> None:
    result = run("--db", f"sqlite:///{tmp_path}/x.db", "--json", "doctor")
    assert result.code == 1
    report = result.json()
    assert report["keyring"]["safe"] is False
    assert "support.broken_keyring.NeedsCrypto" in report["keyring"]["backend"]
    assert "cannot be used (RuntimeError: pycryptodome/x required)" in (report["keyring"]["detail"])
    assert "keyring" in report["problems"]


def test_a_backend_that_fails_when_used_is_bad_usage(run: Run, tmp_path: Path) -> None:
    keyring.set_keyring(BreaksWhenUsed())  # the memory_keyring fixture restores the old one
    target = tmp_path / "new.db"
    result = run("--db", f"sqlite+pysqlcipher:///{target}", "demo", "--customers", "1")
    assert result.code == 2, result.err
    assert (
        "The keyring backend BreaksWhenUsed (support.broken_keyring) cannot be used "
        "(RuntimeError: the vault daemon went away)"
    ) in result.err
    assert not target.exists()


def test_doctor_reads_the_keyring_to_find_a_backend_that_fails_when_used(
    run: Run, tmp_path: Path
) -> None:
    keyring.set_keyring(BreaksWhenUsed())
    result = run("--db", f"sqlite:///{tmp_path}/x.db", "doctor")
    assert result.code == 1
    line = next(x for x in result.lines if x.startswith("keyring:"))
    assert line.startswith("keyring: PROBLEM:"), line
    assert "cannot be used (RuntimeError: the vault daemon went away)" in line


def test_the_secret_store_turns_every_failure_into_keyring_unavailable() -> None:
    from voxprivacy.errors import KeyringUnavailable

    store = SecretStore(BreaksWhenUsed())
    for call in (
        lambda: store.get("x"),
        lambda: store.put("x", "y"),
        lambda: store.delete("x"),
        store.ensure_usable,
    ):
        with pytest.raises(KeyringUnavailable, match="the vault daemon went away") as caught:
            call()
        assert caught.value.exit_status == 2


def test_the_installed_command_with_a_backend_that_fails_to_load(tmp_path: Path) -> None:
    """As a user who set PYTHON_KEYRING_BACKEND to keyrings.alt's EncryptedKeyring without
    pycryptodome meets it: the installed command, in a process of its own."""
    program = str(Path(sys.executable).parent / "voxprivacy-admin")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("VOXPRIVACY_", "PYTHON_KEYRING"))
    }
    env.update(
        PYTHON_KEYRING_BACKEND="support.broken_keyring.NeedsCrypto",
        PYTHONPATH=str(Path(__file__).parents[1]),
        HOME=str(tmp_path),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_STATE_HOME=str(tmp_path / "state"),
    )
    target = tmp_path / "new.db"
    for argv, status in ((["demo", "--customers", "1"], 2), (["doctor"], 1)):
        done = subprocess.run(
            [program, "--db", f"sqlite+pysqlcipher:///{target}", *argv],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        assert done.returncode == status, done.stderr + done.stdout
        text = done.stderr + done.stdout
        assert "internal error" not in text and "Traceback" not in text
        assert "NeedsCrypto (set by PYTHON_KEYRING_BACKEND) cannot be used" in text
        assert "Install and unlock a system keyring" in text
    assert not target.exists()
