"""Locking the desk: after an idle time, on Ctrl+L, and after the machine slept.

``IdleWatch`` sees every key and mouse event of the application (an event
filter) and checks once a second whether the idle time has passed, on the
monotonic clock and on the wall clock: the monotonic clock stops while the
machine sleeps, so a wall-clock jump past the deadline means it slept and the
desk locks as soon as it wakes. ``LockScreen`` covers the window's content (the
widgets underneath stay alive, with whatever was typed) and asks for the
password, checked by the auth service on the worker; or signs out, so that
someone else can sign in at the same workstation. When the head office server ended
the session (expired, revoked), the same screen says so and signs the member in
again with their password: a new session, the work underneath kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from voxprivacy.errors import SessionEnded
from voxprivacy.gui import look
from voxprivacy.gui.operations import Failure
from voxprivacy.gui.session import DeskSession
from voxprivacy.services import auth
from voxprivacy.services.context import Actor

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class IdleWatch(QObject):
    """Emits ``idle`` once the user has done nothing for ``idle_seconds``."""

    idle = Signal()

    def __init__(
        self,
        idle_seconds: float,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._idle_seconds = idle_seconds
        self._monotonic = monotonic
        self._wall = wall
        self._last_mono = monotonic()
        self._last_wall = wall()
        self._armed = False
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self.check)

    @property
    def idle_seconds(self) -> float:
        return self._idle_seconds

    def set_idle_seconds(self, seconds: float) -> None:
        self._idle_seconds = seconds
        self.touch()

    def start(self) -> None:
        """Start watching (again) from now, e.g. after signing in or unlocking."""
        self.touch()
        self._armed = True
        self._tick.start()

    def stop(self) -> None:
        self._armed = False
        self._tick.stop()

    def touch(self) -> None:
        self._last_mono = self._monotonic()
        self._last_wall = self._wall()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._armed and event.type() in _ACTIVITY:
            self.touch()
        return False

    def check(self) -> None:
        if not self._armed:
            return
        awake_for = self._monotonic() - self._last_mono
        # the wall clock runs on while the machine sleeps; the monotonic clock does not
        wall_for = self._wall() - self._last_wall
        if awake_for >= self._idle_seconds or wall_for >= self._idle_seconds:
            self.stop()
            self.idle.emit()


class LockScreen(QWidget):
    """Covers the desk until the signed-in staff member enters their password again."""

    unlocked = Signal()
    switch_user_requested = Signal()  # sign out, so someone else can sign in

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.ended = False  # the server ended the session: unlocking signs in again
        self.setObjectName("lockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)

        card = QFrame()
        card.setObjectName("lockCard")
        icon = QLabel()
        icon.setPixmap(look.icon("lock", color="#eef3f8").pixmap(look.em(self, 3)))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(self.tr("The desk is locked"))
        title.setObjectName("lockTitle")
        title.setProperty("role", "title")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title_label = title
        who = QLabel(
            self.tr(
                "Signed in as {0}. Enter your password to continue; your work "
                "is kept as you left it."
            ).format(session.actor.username)
        )
        self.who_label = who
        who.setWordWrap(True)
        who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("unlockPassword")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("Password"))
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.password_edit.returnPressed.connect(self.submit)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setProperty("primary", True)
        self.unlock_button.clicked.connect(self.submit)
        self.error_label = QLabel()
        self.error_label.setProperty("role", "error")
        self.error_label.setWordWrap(True)
        self.error_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.error_label.hide()

        row = QHBoxLayout()
        row.addWidget(self.password_edit, 1)
        row.addWidget(self.unlock_button)
        card_layout = QVBoxLayout(card)
        margin = look.em(self, 1.5)
        card_layout.setContentsMargins(margin, margin, margin, margin)
        card_layout.setSpacing(look.em(self, 0.6))
        card_layout.addWidget(icon)
        card_layout.addWidget(title)
        card_layout.addWidget(who)
        card_layout.addLayout(row)
        card_layout.addWidget(self.error_label)
        self.switch_button = QPushButton(self.tr("Sign in as someone else"))
        self.switch_button.setObjectName("switchUser")
        self.switch_button.setToolTip(
            self.tr(
                "Sign {0} out (unsaved changes are asked about first) and show the sign-in"
            ).format(session.actor.username)
        )
        self.switch_button.setFlat(True)
        self.switch_button.clicked.connect(self.switch_user_requested)
        card_layout.addWidget(self.switch_button, 0, Qt.AlignmentFlag.AlignHCenter)
        card.setFixedWidth(look.em(self, 24))

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)

    def reset(self) -> None:
        self.password_edit.clear()
        self.error_label.hide()
        self._set_busy(False)
        self.password_edit.setFocus()

    def show_ended(self, reason: str) -> None:
        """The server no longer accepts the session: say why; the password signs in again."""
        self.ended = True
        self.title_label.setText(self.tr("Sign in again"))
        self.who_label.setText(
            self.tr(
                "{0}, the head office server ended your session. Enter your password to "
                "sign in again; your work is kept as you left it."
            ).format(self._session.actor.username)
        )
        self.error_label.setText(reason)
        self.error_label.show()
        self.password_edit.clear()
        self._set_busy(False)
        self.password_edit.setFocus()

    def submit(self) -> None:
        password = self.password_edit.text()
        if not password:
            return
        self._set_busy(True)
        s = self._session
        if self.ended:
            s.call(auth.sign_in, s.ctx, s.actor.username, password).then(
                self._signed_in_again
            ).failed(self._refused).run(owner=self)
            return
        s.query(auth.check_password, password).then(self._accepted).failed(self._refused).run(
            owner=self
        )

    def _signed_in_again(self, actor: Actor) -> None:
        self._session.resume(actor)
        self.ended = False
        self.title_label.setText(self.tr("The desk is locked"))
        self.who_label.setText(
            self.tr(
                "Signed in as {0}. Enter your password to continue; your work "
                "is kept as you left it."
            ).format(actor.username)
        )
        self._accepted(None)

    def _set_busy(self, busy: bool) -> None:
        self.password_edit.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)

    def _accepted(self, _: object) -> None:
        self.password_edit.clear()
        self._set_busy(False)
        self.unlocked.emit()

    def _refused(self, failure: Failure) -> None:
        if isinstance(failure.error, SessionEnded) and not self.ended:
            self.show_ended(failure.message)  # a locked session the server let expire
            return
        self._set_busy(False)
        self.error_label.setText(failure.message)
        self.error_label.show()
        self.password_edit.clear()
        self.password_edit.setFocus()
