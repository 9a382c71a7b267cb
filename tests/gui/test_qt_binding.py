"""The Qt binding must not corrupt reference counts: a desk emits signals all day."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    changed = Signal(object)


def test_emitting_signals_keeps_true_and_false_alive(qtbot: QtBot) -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.changed.connect(received.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(500):
        emitter.changed.emit(1)
    assert len(received) == 500
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
