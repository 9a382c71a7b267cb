"""What voxprivacy-admin prints reads as English: counts in the right number, one spelling
of each vocabulary value (either accepted as input), the deadline without jargon."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from cli_support import Desk

from voxprivacy.cli import output
from voxprivacy.services.requests import RequestView


def _a_customer(desk: Desk) -> str:
    found = desk.as_("agent", "customers", "search", "vx", "--status", "active", json=True)
    assert found.code == 0, found.err
    number: str = found.json()[0]["account_number"]
    return number


SQLITE = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@SQLITE
def test_in_person_is_taken_in_both_spellings_and_printed_with_a_hyphen(demo_desk: Desk) -> None:
    number = _a_customer(demo_desk)
    consent = demo_desk.as_(
        "agent",
        "consent",
        "set",
        "--verified-by",
        "callback",
        number,
        "third-party-disclosure",
        "on",
        "--source",
        "in_person",
        "--evidence",
        "at the counter",
        code=True,
    )
    assert consent.code == 0, consent.err
    assert re.search(r"third_party_disclosure\s+on\s+\S+ \S+\s+in-person", consent.out)
    assert "in_person" not in consent.out

    opened = demo_desk.as_(
        "supervisor",
        "request",
        "open",
        number,
        "--kind",
        "access",
        "--verified-by",
        "in_person",
        code=True,
    )
    assert opened.code == 0, opened.err
    assert "identity verified by in person, with an identity document." in opened.out
    assert re.search(r"^Due \S+ \S+ \(30 days left\)\.$", opened.out, re.MULTILINE)
    shown_request = demo_desk.as_("agent", "request", "show", opened.last_line)
    assert re.search(r"Identity verified\s*:?\s+.*\(in-person\)$", shown_request.out, re.MULTILINE)
    assert re.search(r"Due\s*:?\s+\S+ \S+ \(30 days left\)$", shown_request.out, re.MULTILINE)
    assert "calm" not in shown_request.out and " d left" not in shown_request.out

    shown = demo_desk.as_("agent", "customer", "show", number)
    history = [line for line in shown.out.splitlines() if "at the counter" in line]
    assert len(history) == 1 and " in-person " in history[0]
    listed = demo_desk.as_("agent", "request", "list", "--status", "received")
    assert re.search(r"access\s+received\s+" + number + r".*\s30 days$", listed.out, re.MULTILINE)


@SQLITE
def test_the_queue_filter_takes_the_status_as_printed(demo_desk: Desk) -> None:
    for spelling in ("pending approval", "pending-approval", "pending_approval"):
        result = demo_desk.as_("agent", "request", "list", "--status", spelling)
        assert result.code == 0, (spelling, result.err)
        assert "No privacy requests" in result.out


def _view(days_left: int, urgency: str, status: str = "received") -> RequestView:
    now = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    return RequestView(
        id="1",
        reference="PR-ABCDEF",
        customer_id="2",
        account_number="VX1",
        customer_name="Ada",
        kind="access",
        status=status,
        received_at=now - timedelta(days=20),
        due_at=now + timedelta(days=days_left),
        days_left=days_left,
        urgency=urgency,
        extended=False,
        verification_method="pin",
        verification="the PIN",
        verified_by="a",
        verified_at=now,
        opened_by="a",
    )


@pytest.mark.parametrize(
    ("days_left", "urgency", "left", "due"),
    [
        (30, "calm", "30 days", "(30 days left)"),
        (1, "urgent", "1 day", "(1 day left; urgent)"),
        (7, "warning", "7 days", "(7 days left; due soon)"),
        (0, "urgent", "0 days", "(0 days left; urgent)"),
        (-1, "urgent", "overdue 1 day", "(overdue 1 day)"),
        (-3, "urgent", "overdue 3 days", "(overdue 3 days)"),
    ],
)
def test_days_left_in_words(days_left: int, urgency: str, left: str, due: str) -> None:
    view = _view(days_left, urgency)
    assert output.days_left_text(view) == left
    assert output.due_text(view).endswith(" " + due)
    assert output.request_text(view).count(due) == 1


def test_a_closed_request_shows_no_time_left() -> None:
    view = _view(3, "calm", status="completed")
    assert output.days_left_text(view) == "-"
    assert "left" not in output.due_text(view)
    assert re.search(r"^\s*Status\s*:?\s+completed$", output.request_text(view), re.MULTILINE)
