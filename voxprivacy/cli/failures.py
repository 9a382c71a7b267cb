"""How an error that reaches the command line becomes one line on stderr and an exit
status. Light, like the parser: SQLAlchemy is imported only when it is loaded already,
since only then can the error be a database driver's."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING

from voxprivacy.cli.arguments import PROG
from voxprivacy.i18n import _

if TYPE_CHECKING:
    from sqlalchemy.exc import DBAPIError


def _one_line(text: str) -> str:
    return " ".join(text.split())


def fail(message: str) -> None:
    sys.stderr.write(f"{PROG}: {_one_line(message)}\n")
    sys.stderr.flush()


def database_error(exc: Exception, where: Callable[[], str]) -> int | None:
    """The exit status of a database driver's error that reached the command line (schema
    inspection and migrations talk to the engine directly), after its one-line message;
    None for any other error."""
    if "sqlalchemy" not in sys.modules:  # nothing touched a database
        return None
    from sqlalchemy.exc import DBAPIError

    from voxprivacy.storage.database import busy_error, is_busy

    if not isinstance(exc, DBAPIError):
        return None
    if is_busy(exc):
        busy = busy_error(where())
        fail(busy.message)
        return busy.exit_status
    if not (isinstance(exc.orig, Exception) and _is_connection_error(exc)):
        fail(
            _("internal error: {kind}: {detail}").format(
                kind=type(exc).__name__, detail=first_line(exc)
            )
        )
        return 1
    shown = where()
    fail(
        _("The database {where}cannot be reached or used ({detail}).").format(
            where=shown + " " if shown else "", detail=first_line(exc.orig)
        )
    )
    return 2


def _is_connection_error(exc: DBAPIError) -> bool:
    from sqlalchemy.exc import InterfaceError, OperationalError

    return isinstance(exc, OperationalError | InterfaceError) or exc.connection_invalidated


def first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return textwrap.shorten(lines[0], 300) if lines else type(exc).__name__
