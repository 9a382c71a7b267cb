"""The demo's accounts with their current authenticator codes, so nobody needs a phone.

Shown only with ``--demo``: each demo staff member's user name, role and
password, the code their authenticator would show now (refreshed every second
with the seconds it has left) and a button that fills in the sign-in form.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pyotp
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.gui import look
from voxprivacy.gui.widgets import role_label

if TYPE_CHECKING:  # the demo generator (and Faker) load only for --demo
    from voxprivacy.services.demo import DemoStaff

STEP_SECONDS = 30

class DemoAccountsPanel(QFrame):
    """Demo credentials and live TOTP codes; ``use_account`` asks to fill the sign-in form."""

    use_account = Signal(str, str)  # username, password

    def __init__(
        self,
        staff: Sequence[DemoStaff],
        *,
        clock: Callable[[], float] = time.time,
        show_title: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("demoPanel")
        self._staff = list(staff)
        self._clock = clock
        self._totps = [pyotp.TOTP(s.secret) for s in self._staff]

        title = QLabel(self.tr("Demo accounts"))
        title.setProperty("role", "title")
        note = QLabel(
            self.tr(
                "Demo only: these accounts and codes exist in this throwaway "
                "database, which is deleted when the desk closes. The code is "
                "what an authenticator app would show now; each code works once."
            )
        )
        note.setWordWrap(True)
        note.setProperty("role", "hint")

        grid = QGridLayout()
        grid.setHorizontalSpacing(look.em(self, 0.8))
        for column, heading in enumerate(
            (self.tr("User"), self.tr("Role"), self.tr("Password"), self.tr("Code now"), "")
        ):
            label = QLabel(f"<b>{heading}</b>")
            grid.addWidget(label, 0, column)
        self.code_labels: list[QLabel] = []
        self.use_buttons: list[QPushButton] = []
        for row, member in enumerate(self._staff, start=1):
            grid.addWidget(QLabel(member.username), row, 0)
            grid.addWidget(QLabel(role_label(member.role)), row, 1)
            password = QLabel(member.password)
            password.setProperty("role", "secret")
            password.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(password, row, 2)
            code = QLabel()
            code.setProperty("role", "totp")
            code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(code, row, 3)
            self.code_labels.append(code)
            use = QPushButton(self.tr("Use"))
            use.setToolTip(self.tr("Fill the sign-in form with this account"))
            use.clicked.connect(
                lambda _=False, m=member: self.use_account.emit(m.username, m.password)
            )
            grid.addWidget(use, row, 4)
            self.use_buttons.append(use)

        self.countdown = QProgressBar()
        self.countdown.setRange(0, STEP_SECONDS)
        self.countdown.setTextVisible(True)
        self.countdown.setMaximumHeight(look.em(self, 1.2))

        layout = QVBoxLayout(self)
        if show_title:
            layout.addWidget(title)
        layout.addWidget(note)
        layout.addLayout(grid)
        layout.addWidget(self.countdown)
        layout.addStretch(1)

        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def refresh(self) -> None:
        now = self._clock()
        left = STEP_SECONDS - int(now) % STEP_SECONDS
        for label, totp in zip(self.code_labels, self._totps, strict=True):
            code = totp.at(now)
            label.setText(f"{code[:3]} {code[3:]}")
        self.countdown.setValue(left)
        self.countdown.setFormat(self.tr("New codes in {0} s").format(left))

    def current_code(self, username: str) -> str:
        """The code shown for ``username`` right now, without the space."""
        for member, totp in zip(self._staff, self._totps, strict=True):
            if member.username == username:
                return str(totp.at(self._clock()))
        raise KeyError(username)
