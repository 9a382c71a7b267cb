"""The consent ledger's rule: the current choice is derived, never stored.

Each event says granted or withdrawn, when the customer expressed it, through
which source and with what evidence. The current state of a purpose is the
latest expressed event; on a tie a withdrawal wins, so that merging ledgers
from two offices can never turn a "no" into a "yes". No event means no consent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from voxprivacy.domain.enums import ConsentAction, Purpose


@dataclass(frozen=True)
class ConsentFact:
    purpose: Purpose
    action: ConsentAction
    expressed_at: datetime
    event_id: str


def _rank(fact: ConsentFact) -> tuple[datetime, int, str]:
    # withdrawal outranks a grant expressed at the same moment
    return (fact.expressed_at, 1 if fact.action is ConsentAction.WITHDRAWN else 0, fact.event_id)


def current_consents(events: Iterable[ConsentFact]) -> dict[Purpose, bool]:
    latest: dict[Purpose, ConsentFact] = {}
    for fact in events:
        seen = latest.get(fact.purpose)
        if seen is None or _rank(fact) > _rank(seen):
            latest[fact.purpose] = fact
    return {
        purpose: (purpose in latest and latest[purpose].action is ConsentAction.GRANTED)
        for purpose in Purpose
    }
