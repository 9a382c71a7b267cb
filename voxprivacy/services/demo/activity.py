"""Privacy requests in every state, their timelines, and disclosures."""

from __future__ import annotations

import functools
import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from voxprivacy.domain.enums import InteractionChannel
from voxprivacy.domain.requests import (
    DEFAULT_DEADLINE_DAYS,
    VERIFICATION_LABELS,
    VerificationMethod,
)
from voxprivacy.services.demo.catalog import (
    _ACCESS,
    _APPROVED,
    _CANCELLATIONS,
    _CANCELLED,
    _COMPLETED,
    _DENIALS,
    _DENIED,
    _ERASURE,
    _EXTENSIONS,
    _RECIPIENTS,
    _RECTIFICATION,
    _REQUEST_NOTES,
    _REQUEST_PLAN,
    _STR,
)
from voxprivacy.services.demo.people import _Sampled
from voxprivacy.storage.ids import uuid7
from voxprivacy.storage.models import (
    Disclosure,
    Interaction,
    PrivacyRequest,
    RectificationChange,
    RequestEvent,
)


@dataclass
class _Activity:
    """The demo's privacy requests, their timelines, and disclosures."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    disclosures: list[dict[str, Any]] = field(default_factory=list)
    interactions: list[dict[str, Any]] = field(default_factory=list)
    erase: list[tuple[uuid.UUID, datetime, uuid.UUID]] = field(default_factory=list)

    def tables(self) -> list[tuple[Any, list[dict[str, Any]]]]:
        return [
            (PrivacyRequest, self.requests),
            (RequestEvent, self.events),
            (RectificationChange, self.changes),
            (Disclosure, self.disclosures),
            (Interaction, self.interactions),
        ]


@dataclass(frozen=True)
class _Activities:
    """What the requests are made from: a Random of their own, so the customers stay as
    they were, and the first active customers of the demo."""

    seed: int
    now: datetime
    sample: list[_Sampled]
    agent: uuid.UUID
    supervisor: uuid.UUID

    def activity(self) -> _Activity:
        """Requests in every state and a few disclosures, about the sampled customers."""
        rng = random.Random(f"{self.seed}:activity")
        out = _Activity()
        now = self.now
        alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
        references: set[str] = set()
        methods = list(VerificationMethod)
        plan = _REQUEST_PLAN[: len(self.sample)]
        erased = self.sample[len(plan) - 1].id if plan and plan[-1][1] == _COMPLETED else None
        for n, (kind, status, days, extension) in enumerate(plan):
            customer = self.sample[n]
            if kind == _ERASURE and status == _COMPLETED and customer.id != erased:
                continue
            while (ref := "PR-" + "".join(rng.choice(alphabet) for _ in range(6))) in references:
                pass
            references.add(ref)
            rid = uuid7()
            received = now - timedelta(days=days, hours=rng.randrange(1, 9))
            due = received + timedelta(days=DEFAULT_DEADLINE_DAYS + extension)
            method = methods[rng.randrange(len(methods))]
            # an erasure is decided by a supervisor who did not open it (four eyes)
            opener = self.agent if kind == _ERASURE or rng.random() < 0.7 else self.supervisor
            decider = self.supervisor
            step = received + timedelta(hours=rng.randrange(2, 48))
            row: dict[str, Any] = {
                "id": rid,
                "reference": ref,
                "customer_id": customer.id,
                "kind": kind,
                "status": status,
                "received_at": received,
                "due_at": due,
                "extended": bool(extension),
                "extension_reason": _EXTENSIONS[0] if extension else None,
                "verification_method": str(method),
                "verified_by": opener,
                "verified_at": received,
                "note": _REQUEST_NOTES[rng.randrange(len(_REQUEST_NOTES))],
                "opened_by": opener,
                "decided_by": None,
                "decided_at": None,
                "decision_reason": None,
                "completed_by": None,
                "completed_at": None,
                "version": 1,
            }
            out.requests.append(row)

            event = functools.partial(_add_event, out.events, rid)

            event(received, opener, "identity_verified", VERIFICATION_LABELS[method])
            event(received, opener, "opened", f"{kind} request")
            out.interactions.append(
                {
                    "id": uuid7(),
                    "customer_id": customer.id,
                    "at": received,
                    "channel": _STR[InteractionChannel.PHONE],
                    "staff_id": opener,
                    "summary": f"Asked for the {kind} of their data; opened {ref}",
                }
            )
            if extension:
                event(step, opener, "extended", f"by {extension} days: {_EXTENSIONS[0]}")
            if kind == _ERASURE and status in (_APPROVED, _DENIED, _COMPLETED):
                row["decided_by"], row["decided_at"] = decider, step
                if status == _DENIED:
                    row["decision_reason"] = _DENIALS[rng.randrange(len(_DENIALS))]
                    event(step, decider, "denied", row["decision_reason"])
                else:
                    event(step, decider, "approved", None)
                step += timedelta(hours=rng.randrange(1, 24))
            if status == _CANCELLED:
                row["decision_reason"] = _CANCELLATIONS[rng.randrange(len(_CANCELLATIONS))]
                event(step, opener, "cancelled", row["decision_reason"])
            if status == _COMPLETED:
                row["completed_by"], row["completed_at"] = self.agent, step
                if kind == _ACCESS:
                    event(step, self.agent, "completed", "access package handed out")
                elif kind == _RECTIFICATION:
                    before = _misspelled(customer.name, rng)
                    out.changes.append(
                        {
                            "id": uuid7(),
                            "request_id": rid,
                            "field": "name",
                            "before": before,
                            "after": customer.name,
                            "at": step,
                        }
                    )
                    event(step, self.agent, "completed", "corrected name")
                else:
                    event(
                        step,
                        self.agent,
                        "completed",
                        "erased; invoices kept under the billing reference",
                    )
                    out.erase.append((customer.id, step, rid))
        consenting = [c for c in self.sample if c.disclosure_consent and c.id != erased]
        for n, customer in enumerate(consenting[: len(_RECIPIENTS)]):
            consent = customer.disclosure_consent
            assert consent is not None
            expressed = consent["expressed_at"]
            recipient, data = _RECIPIENTS[n]
            out.disclosures.append(
                {
                    "id": uuid7(),
                    "customer_id": customer.id,
                    "at": self._later_than(max(expressed, now - timedelta(days=90)), rng),
                    "staff_id": self.agent if n % 2 == 0 else self.supervisor,
                    "recipient": recipient,
                    "data": data,
                    "basis": f"consent of {expressed.date().isoformat()} ({consent['source']})",
                    "consent_event_id": uuid.UUID(consent["id"]),
                }
            )
        return out

    def _later_than(self, start: datetime, rng: random.Random) -> datetime:
        span = (self.now - start).total_seconds()
        return start + timedelta(seconds=rng.random() * span) if span > 0 else self.now


def _add_event(
    events: list[dict[str, Any]],
    request_id: uuid.UUID,
    at: datetime,
    who: uuid.UUID | None,
    action: str,
    detail: str | None,
) -> None:
    """A step of a request's timeline, as the request services write it."""
    events.append(
        {
            "id": uuid7(),
            "request_id": request_id,
            "at": at,
            "staff_id": who,
            "action": action,
            "detail": detail,
        }
    )


def _misspelled(name: str, rng: random.Random) -> str:
    """The name as it was first typed: two neighbouring letters swapped."""
    letters = [i for i in range(len(name) - 1) if name[i].isalpha() and name[i + 1].isalpha()]
    if not letters:
        return name + "e"
    i = letters[rng.randrange(len(letters))]
    swapped = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return swapped if swapped != name else name + "e"
