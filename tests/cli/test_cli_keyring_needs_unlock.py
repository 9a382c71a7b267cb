"""A GNOME Keyring whose collection cannot be created or unlocked (created with an empty
password, so creating the collection needs a prompt nobody answers): every command that
would make a database says the keyring needs unlocking, and writes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.gnome_keyring import GnomeKeyringSession, KeyringEnvUnavailable

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def empty_password_keyring() -> Iterator[dict[str, str]]:
    session = GnomeKeyringSession(password="")
    try:
        env = session.start()
    except KeyringEnvUnavailable as exc:  # CI installs them: there a missing one is an error
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail(str(exc), pytrace=False)
        pytest.skip(str(exc))
    try:
        yield env
    finally:
        session.stop()


def _run(env: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "voxprivacy.cli", *argv],
        env={**env, "VOXPRIVACY_PASSWORD": "root-password-0123"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


SYNC = ("sync", "--central", "postgresql+psycopg://desk@127.0.0.1:1/vp", "--branch", "b")
CASES = [
    pytest.param(scheme, argv, id=f"{argv[0]}-{scheme}")
    for argv in (("init", "--admin", "root"), ("demo", "--customers", "3"), SYNC)
    for scheme in ("sqlite", "sqlite+pysqlcipher", "default")
    if not (argv == SYNC and scheme == "sqlite")  # a plain branch is refused before that
]


@pytest.mark.parametrize(("scheme", "argv"), CASES)
def test_a_keyring_that_needs_unlocking_is_named_and_nothing_is_written(
    empty_password_keyring: dict[str, str], tmp_path: Path, scheme: str, argv: tuple[str, ...]
) -> None:
    data = Path(empty_password_keyring["XDG_DATA_HOME"]) / "voxprivacy"
    before = sorted(data.rglob("*")) if data.exists() else []
    options = () if scheme == "default" else ("--db", f"{scheme}:///{tmp_path}/desk.db")
    result = _run(empty_password_keyring, *options, *argv)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    err = result.stderr
    assert "Traceback" not in err and "internal error" not in err
    assert "keyring is locked or has no usable collection" in err, err
    assert "Prompt dismissed" in err and "empty password" in err and "Nothing was written" in err
    assert list(tmp_path.iterdir()) == []
    assert (sorted(data.rglob("*")) if data.exists() else []) == before
