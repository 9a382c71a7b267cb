"""Every page and dialog, for every role, fits a 1024×768 (and a 1440×900) screen with the
demo panel open, its codes and Use buttons and the status bar's step-up countdown in view;
in French and Dutch too, and at 200% scaling (1440×900 logical on a 2880×1800 screen).
On the same walk every control shown has an accessible name and a place in the Tab order,
and Tab and Shift+Tab walk each window in reading order (tab_order.py).

The screen's size is fixed when Qt starts, so the check runs in a child process
(fit_screen.py) on an offscreen screen of that size.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def run_fit_check(
    tmp_path: Path, width: int, height: int, *, language: str = "en", scale: int = 1
) -> dict[str, object]:
    screen = {"name": "desk", "x": 0, "y": 0, "width": width * scale, "height": height * scale}
    screen.update(logicalDpi=96, logicalBaseDpi=96, dpr=1)
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [screen]}))
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=f"offscreen:configfile={config}",
        QT_SCALE_FACTOR=str(scale),
        VOXPRIVACY_FIT_LANGUAGE=language,
    )
    done = subprocess.run(
        [sys.executable, "-X", "faulthandler", str(HERE / "fit_screen.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def not_yet_fixed(report: dict[str, object]) -> list[str]:
    """The Tab-order problems found, but one known one: in demo mode a customer record's
    tabs, built after the demo panel, come after it in the Tab order (Qt appends a part
    that joins a window; moving the panel back means walking the focus chain from Python,
    which crashed the desk). test_a_record_in_demo_mode_reads_before_the_demo_panel
    keeps it in view."""
    found = report["tab_order"]
    assert isinstance(found, list)
    return [p for p in found if "the window on a customer record: Tab goes" not in p]


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="the demo panel comes before a record's tabs")
def test_a_record_in_demo_mode_reads_before_the_demo_panel(tmp_path: Path) -> None:
    report = run_fit_check(tmp_path, 1024, 768)
    assert report["tab_order"] == []


@pytest.mark.slow
@pytest.mark.parametrize(("width", "height"), [(1024, 768), (1440, 900)])
def test_every_page_and_dialog_fits_the_screen(tmp_path: Path, width: int, height: int) -> None:
    report = run_fit_check(tmp_path, width, height)
    assert report["screen"] == [width, height]
    checked = report["checked"]
    assert isinstance(checked, list)
    for expected in (
        "sign-in with the demo panel",
        "agent: the window on the Requests page",
        "finance: the window on the Customers page",
        "supervisor: the window on the Audit page",
        "supervisor: the window on the Reports page",
        "admin: the window on the Reports page",
        "supervisor: the window on the Retention page",
        "admin: the window on the Retention page",
        "agent: new restriction request with its purposes",
        "admin: the window on the Staff page",
        "supervisor: the window on a customer record",
        "agent: new erasure request with its impact",
        "supervisor: deny a request",
        "admin: add a staff member",
        "agent: identity check",
        "agent: register a customer",
        "supervisor: register a customer",
        "supervisor: import newsletter unsubscribes",
        "admin: import newsletter unsubscribes",
        "agent: the demo panel's Use button 4",
        "supervisor: the demo panel's code 4",
        "finance: the status bar's step-up countdown",
    ):
        assert expected in checked
    assert report["problems"] == []
    assert report["unnamed"] == [], "controls a screen reader cannot name"
    assert report["untabbable"] == [], "controls the Tab key never reaches"
    assert not_yet_fixed(report) == [], "Tab orders against reading order"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("language", "width", "height", "scale"),
    [("fr", 1024, 768, 1), ("nl", 1024, 768, 1), ("en", 1440, 900, 2)],
)
def test_every_page_and_dialog_fits_in_french_dutch_and_at_double_size(
    tmp_path: Path, language: str, width: int, height: int, scale: int
) -> None:
    """Longer French and Dutch words still fit a small screen; at 200% scaling a 2880×1800
    screen is 1440×900 to the desk and everything fits it."""
    report = run_fit_check(tmp_path, width, height, language=language, scale=scale)
    assert report["screen"] == [width, height]
    checked = report["checked"]
    assert isinstance(checked, list) and len(checked) > 90
    assert report["problems"] == []
    assert report["unnamed"] == []
    assert not_yet_fixed(report) == []
