"""The errors every layer raises and every front end turns into a message.

Each error is a plain sentence that names the problem and, where the user can
do something about it, the fix. Front ends map the classes to exit statuses
(command line) or to messages in the window (desk); they never show a traceback.
"""

from __future__ import annotations

from typing import Any


class VoxError(Exception):
    """Base of every error the user can be shown."""

    exit_status = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BadInput(VoxError):
    """Input that cannot be accepted; nothing was written."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(BadInput):
    """The thing asked for does not exist."""


class ConfigurationError(VoxError):
    """The installation cannot work as configured (database, keyring)."""

    exit_status = 2


class KeyringUnavailable(ConfigurationError):
    """No safe keyring backend, a locked keyring or a missing key."""


class DatabaseUnavailable(ConfigurationError):
    """The database cannot be reached or opened."""


class DatabaseBusy(VoxError):
    """Another session holds a lock the operation waited for too long; nothing was written.

    Retryable: the same command a moment later usually succeeds. Exit status 75
    (EX_TEMPFAIL), so scripts and timers can tell it from bad input.
    """

    exit_status = 75


class StaleEdit(VoxError):
    """Someone else changed the record since it was read; nothing was overwritten."""

    exit_status = 1

    def __init__(self, message: str, current: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.current = current or {}


class Refused(VoxError):
    """The operation is not allowed for this staff member now.

    ``audit`` names the event to append once the refused transaction has rolled
    back (action, entity_type, entity_id, detail); the service gate writes it.
    """

    exit_status = 3

    def __init__(self, message: str, *, audit: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.audit = audit
        self.audited = False  # set once the gate has written the event


class AuthenticationFailed(Refused):
    """Wrong user name, password or code, or a locked account."""


class SessionEnded(AuthenticationFailed):
    """The head office server no longer accepts this session (signed out, locked, expired
    or revoked): the desk asks for the password again and keeps what was typed."""


class StepUpRequired(Refused):
    """A write needs a fresh second-factor check."""


class RoleForbidden(Refused):
    """The staff member's role does not allow this."""


class FourEyesViolation(Refused):
    """The same person may not both ask for and approve an action."""


class CustomerErased(Refused):
    """The customer was erased; nothing can be done with the record."""


class RateLimited(AuthenticationFailed):
    """Too many attempts from one account or one address in a short time; nothing was tried.

    Retryable a little later: exit status 75 (EX_TEMPFAIL), like a busy database.
    """

    exit_status = 75

    def __init__(self, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after
