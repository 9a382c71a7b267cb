"""The remote client: a ``Context`` whose services run on voxprivacy-server (``remote``).

httpx is loaded here without its own command line: ``import httpx`` also imports
``httpx._main`` (click, rich and pygments) whenever those happen to be installed, about
half of httpx's import time, and a workstation's start waits for it. The client never
runs that command line; httpx's own fallback for a missing one stands in.
"""

from __future__ import annotations

import sys

if "httpx" not in sys.modules:
    sys.modules["httpx._main"] = None  # type: ignore[assignment]  # "not importable"
    try:
        import httpx  # noqa: F401
    finally:
        del sys.modules["httpx._main"]  # whoever asks for it later still gets it
