"""On a Linux without the xcb libraries (or without a display) the desk says in one line what
to install instead of Qt's "could not load the Qt platform plugin" and an abort."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from voxprivacy.gui import platform_check
from voxprivacy.gui.platform_check import (
    missing_libraries,
    requested_platform,
    startup_problem,
    xcb_plugin,
)

ROOT = Path(__file__).resolve().parents[2]
MINIMAL_LINUX = ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"]


def test_the_line_names_the_packages_to_install() -> None:
    line = startup_problem({"DISPLAY": ":0"}, platform="linux", missing=MINIMAL_LINUX)
    assert line == (
        "voxprivacy cannot start: Qt's xcb platform needs libxcb-cursor.so.0, "
        "libxcb-icccm.so.4, libxcb-keysyms.so.1, which are missing; install them: "
        "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 (Debian/Ubuntu names)"
    )


def test_one_missing_library_and_one_the_table_does_not_know() -> None:
    line = startup_problem({}, platform="linux", missing=["libxcb-cursor.so.0", "libfoo.so.9"])
    assert line is not None
    assert "needs libxcb-cursor.so.0, libfoo.so.9, which are missing" in line
    assert (
        "sudo apt-get install libxcb-cursor0 (Debian/Ubuntu names); also needed: libfoo.so.9"
        in line
    )
    only = startup_problem({}, platform="linux", missing=["libxcb-cursor.so.0"])
    assert only is not None and "libxcb-cursor.so.0, which is missing" in only


def test_no_display_is_named_when_the_libraries_are_there() -> None:
    assert startup_problem({}, platform="linux", missing=[]) == (
        "voxprivacy cannot start: no X display (DISPLAY is not set); start it in a desktop "
        "session, or set QT_QPA_PLATFORM=wayland in a Wayland session"
    )
    assert startup_problem({"DISPLAY": ":0"}, platform="linux", missing=[]) is None


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({}, "xcb", "xcb"),
        ({"QT_QPA_PLATFORM": "offscreen"}, "offscreen", None),
        ({"QT_QPA_PLATFORM": "xcb:nograb"}, "xcb", "xcb"),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, "wayland", None),
        ({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, "wayland", None),
    ],
)
def test_only_an_xcb_start_is_checked(
    env: dict[str, str], platform: str, expected: str | None
) -> None:
    assert requested_platform(env) == platform
    line = startup_problem(env, platform="linux", missing=MINIMAL_LINUX)
    assert (line is not None) == (expected == "xcb")


def test_other_systems_are_not_checked() -> None:
    assert startup_problem({}, platform="win32", missing=MINIMAL_LINUX) is None
    assert startup_problem({}, platform="darwin", missing=MINIMAL_LINUX) is None


def _fake_ldd(directory: Path, *missing: str) -> Path:
    """An ``ldd`` that reports these libraries as not found."""
    directory.mkdir(exist_ok=True)
    lines = "".join(f"\\t{lib} => not found\\n" for lib in missing)
    script = directory / "ldd"
    script.write_text(
        f"#!/bin/sh\nprintf '\\tlibc.so.6 => /lib/libc.so.6 (0x1)\\n{lines}'\n", encoding="utf-8"
    )
    script.chmod(0o755)
    return directory


def test_missing_libraries_reads_ldd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plugin = xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    bin_dir = _fake_ldd(tmp_path / "bin", "libxcb-keysyms.so.1", "libxcb-icccm.so.4")
    monkeypatch.setenv("PATH", str(bin_dir))
    assert missing_libraries(plugin) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]


def test_without_ldd_each_library_is_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    tried: list[str] = []

    def cdll(name: str) -> object:
        tried.append(name)
        if name == "libxcb-cursor.so.0":
            raise OSError(f"{name}: cannot open shared object file")
        return object()

    monkeypatch.setattr(platform_check.shutil, "which", lambda _name: None)
    monkeypatch.setattr(platform_check.ctypes, "CDLL", cdll)
    assert missing_libraries(xcb_plugin()) == ["libxcb-cursor.so.0"]
    assert tried == list(platform_check.XCB_LIBRARIES)


def _start_desk(tmp_path: Path, path: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(
        QT_QPA_PLATFORM="xcb",
        PATH=path,
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    return subprocess.run(
        [sys.executable, "-m", "voxprivacy", "--demo"],
        cwd=ROOT,
        env=env,
        text=True,
        capture_output=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb platform is Linux's")
def test_the_desk_on_a_minimal_linux_prints_one_line_and_exits_1(tmp_path: Path) -> None:
    bin_dir = _fake_ldd(tmp_path / "bin", "libxcb-cursor.so.0")
    result = _start_desk(tmp_path, f"{bin_dir}:{os.environ.get('PATH', '')}")
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines() == [
        "voxprivacy cannot start: Qt's xcb platform needs libxcb-cursor.so.0, which is "
        "missing; install them: sudo apt-get install libxcb-cursor0 (Debian/Ubuntu names)"
    ]
    log = (tmp_path / "state" / "voxprivacy" / "log" / "desk.log").read_text(encoding="utf-8")
    assert "libxcb-cursor0" in log


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb platform is Linux's")
def test_the_desk_without_a_display_never_reaches_qts_abort(tmp_path: Path) -> None:
    """This machine as it is: whatever is missing (libraries or the display) is one line."""
    result = _start_desk(tmp_path, os.environ.get("PATH", ""))
    assert result.returncode == 1, result.stderr
    [line] = result.stderr.splitlines()
    assert line.startswith("voxprivacy cannot start: ")
    assert "could not load the Qt platform plugin" not in result.stderr.lower()
