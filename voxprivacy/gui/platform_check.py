"""Before Qt starts on Linux: can its xcb platform plugin load?

When a library the plugin needs is missing (a minimal install without a desktop
lacks libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1), Qt prints a screenful about
"could not load the Qt platform plugin" and aborts. ``startup_problem`` finds that
case first and gives one line naming the packages to install; it also catches an
xcb start without a display. It imports no Qt module.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

# the libraries Qt's xcb plugin loads beyond the X client library, and their Debian packages
XCB_LIBRARIES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)


def requested_platform(env: Mapping[str, str]) -> str:
    """The platform plugin Qt will try first: QT_QPA_PLATFORM's first entry, else Wayland
    in a Wayland session, else xcb."""
    wanted = env.get("QT_QPA_PLATFORM", "").strip()
    if wanted:
        return wanted.split(";")[0].split(":")[0].strip()
    if env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland":
        return "wayland"
    return "xcb"


def xcb_plugin() -> Path | None:
    """Qt's xcb platform plugin as installed with PySide6 (or in the bundle), if present."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or spec.origin is None:
        return None
    plugin = Path(spec.origin).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    return plugin if plugin.exists() else None


def missing_libraries(plugin: Path | None) -> list[str]:
    """The shared libraries the plugin needs that the dynamic loader cannot find.

    ``ldd`` on the plugin when both are there (exact, transitive); otherwise each
    library of ``XCB_LIBRARIES`` is tried with the loader.
    """
    ldd = shutil.which("ldd")
    if plugin is not None and ldd is not None:
        try:
            result = subprocess.run(
                [ldd, str(plugin)],
                capture_output=True,
                text=True,
                timeout=30,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.SubprocessError):
            result = None
        if result is not None and result.returncode == 0:
            return sorted(set(_NOT_FOUND.findall(result.stdout)))
    missing = []
    for library in XCB_LIBRARIES:
        try:
            ctypes.CDLL(library)
        except OSError:
            missing.append(library)
    return missing


def missing_libraries_line(missing: list[str]) -> str:
    packages = sorted({XCB_LIBRARIES[lib] for lib in missing if lib in XCB_LIBRARIES})
    unknown = [lib for lib in missing if lib not in XCB_LIBRARIES]
    install = (
        f"install them: sudo apt-get install {' '.join(packages)} (Debian/Ubuntu names)"
        if packages
        else "install the packages that provide them"
    )
    also = f"; also needed: {', '.join(unknown)}" if unknown and packages else ""
    return (
        f"voxprivacy cannot start: Qt's xcb platform needs {', '.join(missing)}, "
        f"which {'is' if len(missing) == 1 else 'are'} missing; {install}{also}"
    )


def startup_problem(
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
    missing: list[str] | None = None,
) -> str | None:
    """One line saying why Qt cannot start here and what to do, or None when it can.

    ``platform`` and ``missing`` default to this machine's (``sys.platform``, and the
    plugin's unresolved libraries); tests pass their own.
    """
    env = os.environ if env is None else env
    if not (platform or sys.platform).startswith("linux") or requested_platform(env) != "xcb":
        return None
    if missing is None:
        missing = missing_libraries(xcb_plugin())
    if missing:
        return missing_libraries_line(missing)
    if not env.get("DISPLAY"):
        return (
            "voxprivacy cannot start: no X display (DISPLAY is not set); start it in a "
            "desktop session, or set QT_QPA_PLATFORM=wayland in a Wayland session"
        )
    return None
