"""Answering the questions the desk asks on save: the impact on running services and the
identity check (gui/identity_check.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from voxprivacy.gui.identity_check import IdentityCheckDialog


def shown(kind: type[QWidget], name: str | None = None) -> QWidget | None:
    return next(
        (
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, kind) and w.isVisible() and (name is None or w.objectName() == name)
        ),
        None,
    )


def impact_box() -> QMessageBox | None:
    box = shown(QMessageBox, "impactConfirm")
    return box if isinstance(box, QMessageBox) else None


def identity_check() -> IdentityCheckDialog | None:
    dialog = shown(IdentityCheckDialog)
    return dialog if isinstance(dialog, IdentityCheckDialog) else None


def verify_caller(qtbot: QtBot, method: str = "callback", *, confirm_impact: bool = True) -> None:
    """Wait for the save's questions and answer them: confirm an impact shown first (or
    fail when ``confirm_impact`` is False and one is shown), then choose ``method``."""
    qtbot.waitUntil(lambda: impact_box() is not None or identity_check() is not None)
    box = impact_box()
    if box is not None:
        assert confirm_impact, f"unexpected impact: {box.informativeText()}"
        save = box.findChild(QPushButton, "impactSave")
        assert save is not None
        save.click()
        qtbot.waitUntil(lambda: identity_check() is not None)
    dialog = identity_check()
    assert dialog is not None
    dialog.choose(method)
