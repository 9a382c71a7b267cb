"""The log never holds personal data."""

from __future__ import annotations

import logging
from pathlib import Path

from voxprivacy import logs


def test_emails_numbers_and_exception_texts_are_masked(tmp_path: Path) -> None:
    path = logs.setup("test", directory=tmp_path)
    log = logging.getLogger("voxprivacy.test")
    log.info("sent reset to anna.meier@example.org for +49 30 1234567, card 4111111111111111")
    try:
        raise ValueError("name 'Anna Meier' is invalid")
    except ValueError:
        log.exception("edit failed for customer %s", "0190a3c2")
    for handler in logging.getLogger("voxprivacy").handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "anna.meier" not in text and "1234567" not in text and "4111" not in text
    assert "Anna Meier" not in text
    assert "<email>" in text and "[ValueError]" in text and "0190a3c2" in text
