"""What the desk's tests share besides fixtures: a clock they can move, and signing in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from voxprivacy.gui.session import DeskSession

SessionFor = Callable[[str], DeskSession]  # a demo staff member's user name -> signed in


class Clock:
    """The services' clock: real time that a test can move on."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now().astimezone() + self.offset

    def advance(self, delta: timedelta) -> None:
        self.offset += delta

    def next_code_step(self) -> None:
        self.offset += timedelta(seconds=31)
