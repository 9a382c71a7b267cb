"""``voxprivacy --self-test``: run as IT and CI run it, and made to fail on purpose."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from voxprivacy.gui import app, self_test
from voxprivacy.services.audit import ChainReport

ROOT = Path(__file__).resolve().parents[2]

EXPECTED = (
    "ok  loaded the stylesheet and icons",
    "ok  database drivers:",
    "ok  keyring backends available:",
    "ok  demo generator:",
    "ok  prepared a demo database: 50 customers, encrypted",
    "ok  signed in as agent",
    "ok  opened main window",
    "ok  search '",
    "ok  opened customer ",
    "ok  confirmed the write with a generated authenticator code",
    "ok  added an interaction and read it back",
    "ok  audit chain verified as supervisor",
    "ok  closed the window",
    "ok  deleted the temporary demo database",
)


def leftovers(directory: Path) -> list[str]:
    return sorted(
        p.name
        for p in directory.iterdir()
        if p.name.startswith(("voxprivacy-demo-", "voxprivacy-self-test-"))
    )


@pytest.mark.slow
def test_self_test_from_source_passes(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "TMPDIR": str(temp),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "voxprivacy", "--self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert not [line for line in lines if line.startswith("FAIL")]
    for expected in EXPECTED:
        assert any(line.startswith(expected) for line in lines), expected
    search = next(line for line in lines if line.startswith("ok  search '"))
    assert " → " in search and "customer" in search
    assert lines[-1].startswith("self-test passed: ")
    assert "propagateSizeHints" not in result.stderr
    assert leftovers(temp) == []
    # the lines also went to the desk's log in the platform's log directory
    log = (tmp_path / "state" / "voxprivacy" / "log" / "desk.log").read_text(encoding="utf-8")
    assert "self-test passed" in log


def test_a_failed_check_prints_fail_exits_one_and_cleans_up(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))

    def broken_chain(ctx: object, actor: object) -> ChainReport:
        return ChainReport(False, 7, 7, "0" * 64, 4, "entry 4 does not match its hash")

    monkeypatch.setattr(self_test.audit, "verify_chain", broken_chain)
    out = io.StringIO()
    application = QApplication.instance()
    assert isinstance(application, QApplication)
    status = self_test.SelfTest(application, out, timeout=60).run()
    lines = out.getvalue().splitlines()
    assert status == 1
    assert "FAIL audit chain: entry 4 does not match its hash" in lines
    assert "ok  added an interaction and read it back" in lines
    assert lines[-1].startswith("self-test FAILED")
    assert leftovers(tmp_path) == []


def test_a_check_that_does_not_finish_times_out(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    application = QApplication.instance()
    assert isinstance(application, QApplication)
    out = io.StringIO()
    status = self_test.SelfTest(application, out, timeout=0.01).run()
    lines = out.getvalue().splitlines()
    assert status == 1
    assert any(line.startswith("FAIL ") and "timed out after" in line for line in lines)
    assert leftovers(tmp_path) == []


def test_self_test_takes_no_other_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert app.main(["--self-test", "--demo"]) == 2
    assert "--self-test takes no other options" in capsys.readouterr().err


def test_help_mentions_the_self_test(capsys: pytest.CaptureFixture[str]) -> None:
    assert app.main(["--help"]) == 0
    assert "--self-test" in capsys.readouterr().out
