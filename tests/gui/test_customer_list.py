"""The customer list: search as you type, status filter, lazy loading, keyboard, trouble."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from demo_desk import SessionFor
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from voxprivacy.domain.enums import Role
from voxprivacy.domain.roles import sections_for
from voxprivacy.errors import DatabaseUnavailable
from voxprivacy.gui import look
from voxprivacy.gui.customer_list import (
    MAX_ROWS,
    PAGE,
    CustomerListModel,
    CustomerListWidget,
)
from voxprivacy.gui.worker import DbWorker
from voxprivacy.services import auth, customers
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.customers import CustomerHit
from voxprivacy.services.demo import DemoResult

# the offscreen platform says so for every shown window; not a problem of the desk
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def agent(demo: tuple[Context, DemoResult]) -> Actor:
    ctx, result = demo
    member = next(s for s in result.staff if s.role == "agent")
    return auth.sign_in(ctx, member.username, member.password)


def real_search(ctx: Context, actor: Actor) -> Any:
    def search(
        text: str, *, statuses: tuple[str, ...] | None = None, limit: int = 100
    ) -> list[CustomerHit]:
        return customers.search_customers(ctx, actor, text, statuses=statuses, limit=limit)

    return search


def fake_hits(n: int, prefix: str = "Name") -> list[CustomerHit]:
    return [
        CustomerHit(
            str(uuid.uuid4()),
            f"VX{i:07d}",
            f"{prefix} {i:04d}",
            None,
            "active",
            f"c{i}@example.org",
            None,
        )
        for i in range(n)
    ]


class FakeSearch:
    """Returns ``total`` invented hits (the service's limit applies) and records calls."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.calls: list[tuple[str, int]] = []

    def __call__(
        self, text: str, *, statuses: tuple[str, ...] | None = None, limit: int = 100
    ) -> list[CustomerHit]:
        self.calls.append((text, limit))
        return fake_hits(min(self.total, limit, MAX_ROWS), prefix=text)


def a_name_prefix(ctx: Context, actor: Actor) -> str:
    hits = customers.search_customers(ctx, actor, "a", limit=10)
    assert hits, "the demo data should have a name with an 'a'"
    return hits[0].name.split()[0]


def test_empty_list_invites_typing(qtbot: QtBot, worker: DbWorker) -> None:
    widget = CustomerListWidget(worker, FakeSearch(0))
    qtbot.addWidget(widget)
    assert widget.results.currentWidget() is widget.empty_label
    assert widget.empty_label.text() == "Type a name, email, phone or account number"


def test_a_role_without_contact_data_is_not_invited_to_search_it(
    qtbot: QtBot, worker: DbWorker
) -> None:
    widget = CustomerListWidget(worker, FakeSearch(0), sections=sections_for(Role.FINANCE))
    qtbot.addWidget(widget)
    assert widget.empty_label.text() == "Type a name, company or account number"
    assert "email" not in widget.search_edit.placeholderText()


def test_results_appear_while_typing(
    qtbot: QtBot, worker: DbWorker, demo: tuple[Context, DemoResult], agent: Actor
) -> None:
    ctx, _ = demo
    word = a_name_prefix(ctx, agent)
    widget = CustomerListWidget(worker, real_search(ctx, agent))
    qtbot.addWidget(widget)
    widget.show()
    widget.focus_search()
    qtbot.keyClicks(widget.search_edit, word[:3])
    qtbot.waitUntil(lambda: widget.model.rowCount() > 0, timeout=5000)
    assert widget.results.currentWidget() is widget.table
    names = [
        widget.model.data(widget.model.index(r, CustomerListModel.NAME))
        for r in range(widget.model.rowCount())
    ]
    assert any(word[:3].casefold() in n.casefold() for n in names)
    assert widget.summary_label.text().startswith("Customers found: ")


def test_with_a_session_the_list_searches_as_the_signed_in_member(
    qtbot: QtBot, demo: tuple[Context, DemoResult], session_for: SessionFor, agent: Actor
) -> None:
    ctx, result = demo
    finance = next(s for s in result.staff if s.role == "finance")
    session = session_for(finance.username)
    word = a_name_prefix(ctx, session.actor)
    # an agent sees contact data for these customers; finance does not
    assert any(h.email for h in customers.search_customers(ctx, agent, word))
    widget = CustomerListWidget(session, sections=sections_for(Role.FINANCE))
    qtbot.addWidget(widget)
    widget.search_edit.setText(word)
    qtbot.waitUntil(
        lambda: widget.model.rowCount() > 0 and not widget.model.searching, timeout=5000
    )
    shown = [widget.model.hit(r) for r in range(widget.model.rowCount())]
    expected = customers.search_customers(ctx, session.actor, word, limit=PAGE + 1)[:PAGE]
    assert [h.id for h in shown if h] == [h.id for h in expected]
    assert all(h is not None and h.email is None and h.phone is None for h in shown)


def test_without_a_session_the_list_needs_a_search_function(worker: DbWorker) -> None:
    with pytest.raises(ValueError, match="search function"):
        CustomerListModel(worker)


def test_no_match_says_so(
    qtbot: QtBot, worker: DbWorker, demo: tuple[Context, DemoResult], agent: Actor
) -> None:
    ctx, _ = demo
    widget = CustomerListWidget(worker, real_search(ctx, agent))
    qtbot.addWidget(widget)
    widget.search_edit.setText("zzqxj")
    qtbot.waitUntil(lambda: "No customer matches" in widget.empty_label.text(), timeout=5000)
    assert widget.results.currentWidget() is widget.empty_label


def test_status_filter_narrows_the_results(
    qtbot: QtBot, worker: DbWorker, demo: tuple[Context, DemoResult], agent: Actor
) -> None:
    ctx, _ = demo
    everyone = customers.search_customers(ctx, agent, "a", limit=1000)
    statuses = {h.status for h in everyone}
    widget = CustomerListWidget(worker, real_search(ctx, agent))
    qtbot.addWidget(widget)
    widget.search_edit.setText("a")
    qtbot.waitUntil(
        lambda: widget.model.rowCount() > 0 and not widget.model.searching, timeout=5000
    )
    for title, wanted in (("Active", "active"), ("Terminated", "terminated")):
        with qtbot.waitSignal(widget.model.results_changed, timeout=5000):
            widget.status_combo.setCurrentIndex(widget.status_combo.findText(title))
        shown = {
            widget.model.data(widget.model.index(r, CustomerListModel.STATUS))
            for r in range(widget.model.rowCount())
        }
        if wanted in statuses:
            assert shown == {title}
        else:
            assert shown == set()


def test_enter_opens_the_selected_customer(qtbot: QtBot, worker: DbWorker) -> None:
    widget = CustomerListWidget(worker, FakeSearch(5))
    qtbot.addWidget(widget)
    widget.show()
    widget.focus_search()
    qtbot.keyClicks(widget.search_edit, "Ann")
    qtbot.waitUntil(lambda: widget.model.rowCount() == 5, timeout=5000)
    qtbot.keyClick(widget.search_edit, Qt.Key.Key_Down)
    assert widget.table.hasFocus()
    qtbot.keyClick(widget.table, Qt.Key.Key_Down)
    expected = widget.model.data(widget.model.index(1, 0), CustomerListModel.CUSTOMER_ID_ROLE)
    with qtbot.waitSignal(widget.open_requested, timeout=2000) as opened:
        qtbot.keyClick(widget.table, Qt.Key.Key_Return)
    assert opened.args == [expected]


def test_enter_in_the_search_box_opens_the_first_hit(qtbot: QtBot, worker: DbWorker) -> None:
    widget = CustomerListWidget(worker, FakeSearch(3))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.keyClicks(widget.search_edit, "Bo")
    qtbot.waitUntil(lambda: widget.model.rowCount() == 3, timeout=5000)
    first = widget.model.data(widget.model.index(0, 0), CustomerListModel.CUSTOMER_ID_ROLE)
    with qtbot.waitSignal(widget.open_requested, timeout=2000) as opened:
        qtbot.keyClick(widget.search_edit, Qt.Key.Key_Return)
    assert opened.args == [first]


def test_answers_to_superseded_searches_are_dropped(qtbot: QtBot, worker: DbWorker) -> None:
    model = CustomerListModel(worker, FakeSearch(3))
    seen: list[str] = []
    model.results_changed.connect(lambda: seen.append(model.text))
    model.search("first")
    model.search("second")
    model.search("third")
    qtbot.waitUntil(lambda: model.rowCount() == 3 and not model.searching, timeout=5000)
    qtbot.wait(50)
    assert seen == ["third"]
    assert model.data(model.index(0, CustomerListModel.NAME)).startswith("third")


def test_rows_load_lazily_a_page_at_a_time(qtbot: QtBot, worker: DbWorker) -> None:
    search = FakeSearch(250)
    model = CustomerListModel(worker, search)
    model.search("many")
    qtbot.waitUntil(lambda: model.rowCount() == PAGE, timeout=5000)
    assert search.calls == [("many", PAGE + 1)]
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE, timeout=5000)
    assert search.calls[-1] == ("many", MAX_ROWS)
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 250
    assert not model.canFetchMore(QModelIndex())
    assert len(search.calls) == 2
    assert not model.truncated


def test_scrolling_the_view_fetches_more(qtbot: QtBot, worker: DbWorker) -> None:
    widget = CustomerListWidget(worker, FakeSearch(2000))
    qtbot.addWidget(widget)
    widget.show()
    widget.search_edit.setText("Lee")
    qtbot.waitUntil(lambda: widget.model.rowCount() == PAGE, timeout=5000)
    assert "scroll for more" in widget.summary_label.text()
    for _ in range(20):
        widget.table.scrollToBottom()
        qtbot.wait(20)
        if widget.model.rowCount() == MAX_ROWS:
            break
    qtbot.waitUntil(lambda: widget.model.rowCount() == MAX_ROWS, timeout=5000)
    assert widget.model.truncated
    assert "refine the search" in widget.summary_label.text()


def test_model_passes_the_model_tester(qtbot: QtBot, qtmodeltester: Any, worker: DbWorker) -> None:
    model = CustomerListModel(worker, FakeSearch(150))
    qtmodeltester.check(model)
    model.search("Kim")
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=5000)
    qtmodeltester.check(model, force_py=True)
    model.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: model.rowCount() == 150, timeout=5000)
    qtmodeltester.check(model)


def test_model_with_real_results_passes_the_model_tester(
    qtbot: QtBot,
    qtmodeltester: Any,
    worker: DbWorker,
    demo: tuple[Context, DemoResult],
    agent: Actor,
) -> None:
    ctx, _ = demo
    model = CustomerListModel(worker, real_search(ctx, agent))
    model.search("e")
    qtbot.waitUntil(lambda: model.rowCount() > 0 and not model.searching, timeout=5000)
    qtmodeltester.check(model)
    row = model.index(0, CustomerListModel.ACCOUNT)
    customer_id = model.data(row, CustomerListModel.CUSTOMER_ID_ROLE)
    assert customers.show_customer(ctx, agent, customer_id).account_number == model.data(row)


def test_a_failed_search_shows_a_sentence_and_keeps_the_text(
    qtbot: QtBot, worker: DbWorker
) -> None:
    def broken(text: str, **_: Any) -> list[CustomerHit]:
        raise DatabaseUnavailable("The database desk.db cannot be used (disk I/O error).")

    widget = CustomerListWidget(worker, broken)
    qtbot.addWidget(widget)
    widget.show()
    widget.search_edit.setText("Smith")
    qtbot.waitUntil(widget.problem.isVisible, timeout=5000)
    assert "cannot be used" in widget.problem_label.text()
    assert widget.search_edit.text() == "Smith"
    assert widget.search_edit.isEnabled()


@pytest.mark.parametrize("width", [1024, 540])  # the window, and the list beside the panels
def test_names_are_shown_whole_and_other_columns_give_way(
    qtbot: QtBot, worker: DbWorker, demo: tuple[Context, DemoResult], agent: Actor, width: int
) -> None:
    ctx, _ = demo
    widget = CustomerListWidget(worker, real_search(ctx, agent), sections=sections_for(Role.AGENT))
    qtbot.addWidget(widget)
    widget.resize(width, 768)
    widget.show()
    widget.search_edit.setText("a")
    qtbot.waitUntil(
        lambda: widget.model.rowCount() > 0 and not widget.model.searching, timeout=5000
    )
    table = widget.table
    qtbot.waitUntil(lambda: table.columnWidth(CustomerListModel.NAME) > 0)
    metrics = table.fontMetrics()
    for row in range(min(widget.model.rowCount(), 30)):
        name = widget.model.data(widget.model.index(row, CustomerListModel.NAME))
        assert table.columnWidth(CustomerListModel.NAME) > metrics.horizontalAdvance(name), name
    columns = range(widget.model.columnCount())
    assert sum(table.columnWidth(c) for c in columns) <= table.viewport().width()
    if width < 1000:  # short of room: the company column narrowed, never below its title
        header = table.horizontalHeader()
        assert table.columnWidth(CustomerListModel.COMPANY) < look.em(widget, 10)
        assert table.columnWidth(CustomerListModel.COMPANY) >= header.sectionSizeHint(
            CustomerListModel.COMPANY
        )


def test_finance_does_not_get_email_and_phone_columns(qtbot: QtBot, worker: DbWorker) -> None:
    finance = CustomerListWidget(worker, FakeSearch(3), sections=sections_for(Role.FINANCE))
    agent = CustomerListWidget(worker, FakeSearch(3), sections=sections_for(Role.AGENT))
    for widget in (finance, agent):
        qtbot.addWidget(widget)
    hidden = {CustomerListModel.EMAIL, CustomerListModel.PHONE}
    assert {c for c in range(6) if finance.table.isColumnHidden(c)} == hidden
    assert not any(agent.table.isColumnHidden(c) for c in range(6))
