"""Nothing is said by colour alone: a refused field's red message is also said, in words,
to a screen reader on the field itself."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from voxprivacy.gui.customer.fields import LineField

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_a_refused_field_says_so_to_a_screen_reader_and_forgets_it_when_fixed(
    qtbot: QtBot,
) -> None:
    field = LineField("email", "Email", editable=True)
    field.editor.setAccessibleDescription("the primary email address")
    holder = QWidget()
    qtbot.addWidget(holder)
    field.container.setParent(holder)
    holder.show()

    field.show_error("Give an address like name@example.org.")
    assert field.error.isVisible()
    assert field.error.text() == "Give an address like name@example.org."
    assert (
        field.editor.accessibleDescription()
        == "Not accepted: Give an address like name@example.org."
    )

    field.show_error(None)
    assert not field.error.isVisible()
    assert field.editor.accessibleDescription() == "the primary email address"
