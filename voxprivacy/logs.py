"""Logging to the platform's log directory, rotated, without personal data.

Log lines name events, ids and error types, never customer values. As a last
line of defence a filter masks anything that looks like an email address, a
phone number or a card number before a record is written.
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import re
import traceback
from pathlib import Path

import platformdirs

_MASKS = (
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "<email>"),
    (re.compile(r"(?<![\w-])\+?\d[\d ()./-]{7,}\d"), "<number>"),
)


class PersonalDataFilter(logging.Filter):
    """Masks email addresses and long digit runs in every message."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        for pattern, replacement in _MASKS:
            message = pattern.sub(replacement, message)
        record.msg, record.args = message, None
        if record.exc_info and record.exc_info[1] is not None:
            # keep the type and the frames, drop the exception's text (it may quote values)
            _, exc, tb = record.exc_info
            record.msg += f" [{type(exc).__name__}]"
            record.exc_text = "\n".join(
                f"  {frame.filename}:{frame.lineno} in {frame.name}"
                for frame in traceback.extract_tb(tb)
            )
            record.exc_info = None
        return True


PRIVATE = 0o600  # log files: the staff member's account only


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files are created readable by their owner only (0600).

    Each file is created with that mode (not chmod-ed afterwards), so there is no moment
    at which another account could open it; rotation renames files and keeps their mode.
    """

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE)
        stream = open(fd, self.mode, encoding=self.encoding, errors=self.errors)  # noqa: SIM115
        assert isinstance(stream, io.TextIOWrapper)
        return stream


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir("voxprivacy", appauthor=False))


def setup(program: str, level: int = logging.INFO, directory: Path | None = None) -> Path:
    """Send this program's log to <log dir>/<program>.log, 1 MB a file, 5 files kept."""
    target = directory or log_dir()
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = target / f"{program}.log"
    handler = PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(PersonalDataFilter())
    root = logging.getLogger("voxprivacy")
    root.setLevel(level)
    if not any(
        isinstance(h, logging.handlers.RotatingFileHandler) and Path(h.baseFilename) == path
        for h in root.handlers
    ):
        root.addHandler(handler)
    return path
