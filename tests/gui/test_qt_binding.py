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
    emits = 5000
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(emits):
        emitter.changed.emit(1)
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert len(received) == emits
    # The faulty binding drops one reference per emit. Other threads (the
    # collector, Qt's own) move these counts by a few at any moment, so the
    # test allows a small drift and nothing near one per emit.
    drift = max(abs(after[0] - before[0]), abs(after[1] - before[1]))
    assert drift < emits // 100, f"True/False reference counts moved by {drift}"
