"""Databases that are not what --db says: a clear sentence and exit 2, nothing written."""

from __future__ import annotations

import os
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from voxprivacy.cli.main import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err, err
    return code, err


def test_a_file_that_is_not_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(os.urandom(65536))
    for scheme, says in (
        ("sqlite", "not a voxprivacy database"),
        ("sqlite+pysqlcipher", "has no key for the encrypted database"),
    ):
        code, err = _run(
            capsys, "--db", f"{scheme}:///{garbage}", "--user", "admin", "customers", "search", "a"
        )
        assert code == 2 and says in err


@pytest.mark.parametrize("url", ["foo://", "postgresql+psycopg://x@[::1", "mysql://u@h/d"])
def test_a_url_that_is_not_one_we_can_use(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(capsys, "--db", url, "--user", "admin", "customers", "search", "a")
    assert code == 2 and ("not supported" in err or "not a database URL" in err)


def test_init_with_an_unsafe_keyring_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(fail.Keyring())  # the memory_keyring fixture restores the old one
    monkeypatch.setenv("VOXPRIVACY_PASSWORD", "a long enough password")
    target = tmp_path / "new.db"
    for command in (["init", "--admin", "root"], ["demo", "--customers", "1"]):
        code, err = _run(capsys, "--db", f"sqlite:///{target}", *command)
        assert code == 2 and "keyring" in err.lower()
        assert not target.exists()
