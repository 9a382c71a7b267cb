"""Logging to the platform's log directory, rotated, without personal data.

Log lines name events, ids and error types, never customer values. As a last
line of defence a filter masks anything that looks like an email address, a
phone number or a card number before a record is written.
"""

from __future__ import annotations

import logging
import logging.handlers
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


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir("voxprivacy", appauthor=False))


def setup(program: str, level: int = logging.INFO, directory: Path | None = None) -> Path:
    """Send this program's log to <log dir>/<program>.log, 1 MB a file, 5 files kept."""
    target = directory or log_dir()
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{program}.log"
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
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
