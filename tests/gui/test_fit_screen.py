"""Every page and dialog, for every role, fits a 1024×768 (and a 1440×900) screen with the
demo panel open, its codes and Use buttons and the status bar's step-up countdown in view.

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


def run_fit_check(tmp_path: Path, width: int, height: int) -> dict[str, object]:
    screen = {"name": "desk", "x": 0, "y": 0, "width": width, "height": height}
    screen.update(logicalDpi=96, logicalBaseDpi=96, dpr=1)
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [screen]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    done = subprocess.run(
        [sys.executable, str(HERE / "fit_screen.py")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


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
