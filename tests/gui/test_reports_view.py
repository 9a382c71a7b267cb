"""The reports page through its real widgets: the table, the chart and the export."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from demo_desk import SessionFor
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from voxprivacy.gui.reports_view import ReportsPage
from voxprivacy.gui.session import DeskSession
from voxprivacy.services.context import Context
from voxprivacy.services.demo import DemoResult
from voxprivacy.storage.models import AuditEvent, Disclosure

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

DemoFix = tuple[Context, DemoResult]
OpenPage = Callable[[DeskSession], ReportsPage]


@pytest.fixture
def demo_size() -> int:
    return 100  # the smallest demo with requests and disclosures


@pytest.fixture
def open_page(qtbot: QtBot, kept_widgets: list[QWidget]) -> OpenPage:
    def opened(session: DeskSession) -> ReportsPage:
        page = ReportsPage(session)
        qtbot.addWidget(page)
        kept_widgets.append(page)
        page.resize(1000, 700)
        page.show()
        return page

    return opened


def _colours(widget: QWidget) -> set[int]:
    image = widget.grab().toImage()
    step = 3
    return {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }


def test_a_supervisor_sees_requests_per_month_as_a_table_and_a_chart(
    qtbot: QtBot, demo: DemoFix, session_for: SessionFor, open_page: OpenPage
) -> None:
    page = open_page(session_for("supervisor"))
    qtbot.waitUntil(lambda: page.report is not None)
    assert page.report is not None and page.report.name == "requests"
    assert page.model.rowCount() == 12
    assert page.model.headerData(6, Qt.Orientation.Horizontal) == "Median days to complete"
    opened = sum(int(str(v)) for v in page.report.column("opened"))
    assert opened > 0  # the demo has requests this year
    assert page.chart.isVisible()
    colours = _colours(page.chart)
    assert len(colours) > 3, "the chart is blank"
    assert page.chart.colours()["opened"].rgb() in colours
    assert QColor(colours.pop()).isValid()


def test_the_disclosure_register_matches_the_table_and_exports(
    qtbot: QtBot, demo: DemoFix, session_for: SessionFor, open_page: OpenPage, tmp_path: Path
) -> None:
    ctx, _ = demo
    page = open_page(session_for("supervisor"))
    qtbot.waitUntil(lambda: page.report is not None)
    page.choice.setCurrentIndex(page.choice.findData("disclosures"))
    assert not page.chart.isVisible()
    page.run_button.click()
    qtbot.waitUntil(lambda: page.report is not None and page.report.name == "disclosures")
    with ctx.db.read() as session:
        total = session.execute(select(func.count()).select_from(Disclosure)).scalar_one()
    assert page.model.rowCount() == total > 0
    assert page.status_label.text() == f"Register of disclosures: {total} rows"

    target = tmp_path / "register.csv"
    assert page.export_to(str(target), "csv")
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert rows[0][:3] == ["date", "account_number", "customer_name"]
    assert len(rows) == total + 1
    assert page.status_label.text() == f"Saved to {target}"

    assert not page.export_to(str(tmp_path / "missing" / "x.json"), "json")
    assert "does not exist; create it or choose another file" in page.error.text()
    assert page.error.isVisible()


def test_the_audit_filters_show_only_for_the_audit_trail(
    qtbot: QtBot, demo: DemoFix, session_for: SessionFor, open_page: OpenPage
) -> None:
    page = open_page(session_for("admin"))
    qtbot.waitUntil(lambda: page.report is not None)
    assert not page.customer_edit.isVisible()
    page.choice.setCurrentIndex(page.choice.findData("audit"))
    assert page.customer_edit.isVisible()
    page.customer_edit.setText("VX00000000")
    page.run_button.click()
    qtbot.waitUntil(lambda: page.error.isVisible())
    assert "No customer has the account number" in page.error.text()


def test_an_agent_runs_nothing(
    qtbot: QtBot, demo: DemoFix, session_for: SessionFor, open_page: OpenPage
) -> None:
    ctx, _ = demo
    page = open_page(session_for("agent"))
    assert page.status_label.text() == "Reports are for supervisors and admins."
    assert not page.run_button.isEnabled()
    with ctx.db.read() as session:
        runs = session.execute(
            select(func.count()).where(AuditEvent.action == "report.run")
        ).scalar_one()
    assert runs == 0
