"""The current consent is derived from the ledger; withdrawal wins a tie."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from voxprivacy.domain.consent import ConsentFact, current_consents
from voxprivacy.domain.enums import ConsentAction, Purpose

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def fact(
    action: ConsentAction, minutes: int, event_id: str, purpose: Purpose = Purpose.NEWSLETTER
) -> ConsentFact:
    return ConsentFact(purpose, action, T0 + timedelta(minutes=minutes), event_id)


def test_no_event_means_no_consent() -> None:
    assert current_consents([]) == {p: False for p in Purpose}


def test_latest_expressed_choice_counts_not_the_latest_recorded() -> None:
    events = [fact(ConsentAction.GRANTED, 10, "b"), fact(ConsentAction.WITHDRAWN, 5, "a")]
    assert current_consents(events)[Purpose.NEWSLETTER] is True


def test_withdrawal_wins_a_tie_in_any_order() -> None:
    grant, withdraw = fact(ConsentAction.GRANTED, 5, "z"), fact(ConsentAction.WITHDRAWN, 5, "a")
    assert current_consents([grant, withdraw])[Purpose.NEWSLETTER] is False
    assert current_consents([withdraw, grant])[Purpose.NEWSLETTER] is False


def test_purposes_are_independent() -> None:
    events = [fact(ConsentAction.GRANTED, 1, "a", Purpose.PRODUCT_UPDATES)]
    state = current_consents(events)
    assert state[Purpose.PRODUCT_UPDATES] and not state[Purpose.NEWSLETTER]
    assert "advertising" not in {p.value for p in Purpose}
