"""The demo's accounts with their current authenticator codes, so nobody needs a phone.

Shown only with ``--demo``: each demo staff member's user name (and role, when the
name does not say it) with the password beneath it, the code their authenticator
would show now (refreshed every second with the seconds it has left) and a button
that fills in the sign-in form.
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

        # Two lines a member (name, then password beneath it) keep the panel narrow
        # enough to sit beside the desk on a 1024-pixel-wide screen.
        grid = QGridLayout()
        grid.setHorizontalSpacing(look.em(self, 0.8))
        grid.setVerticalSpacing(look.em(self, 0.15))
        for column, heading in enumerate((self.tr("Account"), self.tr("Code now"), "")):
            label = QLabel(f"<b>{heading}</b>")
            grid.addWidget(label, 0, column)
        self.code_labels: list[QLabel] = []
        self.use_buttons: list[QPushButton] = []
        self.password_labels: list[QLabel] = []
        for index, member in enumerate(self._staff):
            row = 1 + index * 2
            who = QLabel(self._who(member))
            who.setObjectName("demoUser")
            who.setToolTip(role_label(member.role))
            grid.addWidget(who, row, 0)
            code = QLabel()
            code.setProperty("role", "totp")
            code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(code, row, 1)
            self.code_labels.append(code)
            use = QPushButton(self.tr("Use"))
            use.setToolTip(self.tr("Fill the sign-in form with this account"))
            use.clicked.connect(
                lambda _=False, m=member: self.use_account.emit(m.username, m.password)
            )
            grid.addWidget(use, row, 2, 2, 1, Qt.AlignmentFlag.AlignVCenter)
            self.use_buttons.append(use)
            password = QLabel(member.password)
            password.setProperty("role", "secret")
            password.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            password.setAccessibleName(self.tr("Password of {0}").format(member.username))
            grid.addWidget(password, row + 1, 0, 1, 2)
            self.password_labels.append(password)
        grid.setColumnStretch(0, 1)

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

    def _who(self, member: DemoStaff) -> str:
        """The user name, and the role when the name does not already say it."""
        if str(member.role).casefold() == member.username.casefold():
            return f"<b>{member.username}</b>"  # "supervisor" says it in any language
        return f"<b>{member.username}</b> · {role_label(member.role)}"

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
