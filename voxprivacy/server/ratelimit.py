"""Attempts at signing in and stepping up, limited per account and per source address.

A sliding window per key, in this process. The failure counters, delays and
lock-out in the staff table (``services.auth``) stay authoritative across every
server process; this only keeps one process from being used to hammer them.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from voxprivacy.errors import RateLimited
from voxprivacy.i18n import _


class RateLimiter:
    def __init__(
        self,
        per_account: int,
        per_source: int,
        window_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._limits = {"account": per_account, "source": per_source}
        self._window = window_seconds
        self._clock = clock
        self._seen: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def attempt(self, what: str, account: str, source: str) -> None:
        """Count one attempt; refuse it (RateLimited) when either key is over its limit."""
        now = self._clock()
        with self._lock:
            waits = []
            for kind, key in (("account", account.casefold()), ("source", source)):
                times = self._seen.setdefault((kind, key), deque())
                while times and times[0] <= now - self._window:
                    times.popleft()
                if len(times) >= self._limits[kind]:
                    waits.append(times[0] + self._window - now)
            if waits:
                wait = max(1, math.ceil(max(waits)))
                raise RateLimited(
                    _(
                        "Too many {what} attempts from this account or this "
                        "address in a short time; wait {wait} seconds and try "
                        "again."
                    ).format(what=what, wait=wait),
                    retry_after=wait,
                )
            for kind, key in (("account", account.casefold()), ("source", source)):
                self._seen[(kind, key)].append(now)
            if len(self._seen) > 10_000:  # forget keys with nothing in the window
                for k in [k for k, v in self._seen.items() if not v or v[-1] <= now - self._window]:
                    del self._seen[k]
