"""Fixtures for the desk's tests: a demo database, the worker, settings, signed-in staff."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from demo_desk import Clock, SessionFor
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget
from support.fixtures import quick_password_hashes

from voxprivacy.gui import language
from voxprivacy.gui.session import DeskSession
from voxprivacy.gui.settings import DeskSettings
from voxprivacy.gui.worker import DbWorker
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import auth
from voxprivacy.services.context import Context
from voxprivacy.services.demo import DemoResult, generate_demo
from voxprivacy.storage.database import Database

__all__ = ["quick_password_hashes"]  # a fixture, shared: Argon2 at minimal cost in the desk's tests


@pytest.fixture(autouse=True, scope="session")
def desk_language(qapp: QApplication) -> str:
    """The desk in English, as it starts on an English system (plural forms included)."""
    return language.apply("en", qapp)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def kept_widgets() -> Iterator[list[QWidget]]:
    """Widgets a test keeps until the worker has stopped: a job's callbacks must never drop
    the last reference to a widget on the worker thread, so they die on the GUI thread."""
    widgets: list[QWidget] = []
    yield widgets
    widgets.clear()


@pytest.fixture
def worker(kept_widgets: list[QWidget]) -> Iterator[DbWorker]:
    w = DbWorker()
    yield w
    w.shutdown(wait=True)


@pytest.fixture
def settings(tmp_path: Path) -> DeskSettings:
    return DeskSettings(QSettings(str(tmp_path / "desk.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def demo_size() -> int:
    """How many customers the demo database has; a test module may ask for fewer."""
    return 50


@pytest.fixture
def demo(sqlite_db: Database, clock: Clock, demo_size: int) -> tuple[Context, DemoResult]:
    ctx = Context(sqlite_db, SecretStore(), clock=clock)
    return ctx, generate_demo(ctx, demo_size, seed=1)


@pytest.fixture
def session_for(demo: tuple[Context, DemoResult], worker: DbWorker) -> SessionFor:
    """Signs a demo staff member in by user name and gives the desk session."""
    ctx, result = demo

    def signed_in(username: str) -> DeskSession:
        member = next(s for s in result.staff if s.username == username)
        return DeskSession(ctx, auth.sign_in(ctx, username, member.password), worker, mode="sqlite")

    return signed_in
