"""Starts the real voxprivacy-server for tests, with two test-only changes made here.

- Argon2 with minimal cost, as in the test process (service tests hash hundreds of
  passwords and recovery codes);
- with ``VOXPRIVACY_TEST_CLOCK_FILE`` set, the server's clock is the time written in
  that file (the tests' ``SharedClock``), so tests move the server's time.

Nothing of this is in the installed server: ``voxprivacy-server`` has no clock hook.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from argon2 import PasswordHasher

from voxprivacy.security import passwords, totp
from voxprivacy.server import main as server_main
from voxprivacy.server.config import ServerSettings
from voxprivacy.services.context import system_clock

CLOCK_ENV = "VOXPRIVACY_TEST_CLOCK_FILE"


def file_clock(path: Path) -> Callable[[], datetime]:
    def now() -> datetime:
        try:
            text = path.read_text(encoding="utf-8").strip()
        except OSError:
            return system_clock()
        return datetime.fromisoformat(text).astimezone(UTC) if text else system_clock()

    return now


def main() -> int:
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    passwords._HASHER = cheap  # type: ignore[attr-defined]
    totp._RECOVERY_HASHER = cheap  # type: ignore[attr-defined]
    chosen = os.environ.get(CLOCK_ENV)
    if chosen:

        def clock_for(settings: ServerSettings) -> Callable[[], datetime]:
            return file_clock(Path(chosen))

        server_main.clock_for = clock_for
    return server_main.main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
