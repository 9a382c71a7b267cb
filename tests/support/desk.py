"""A controllable clock and a desk with staff of every role, for service tests."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pyotp

from voxprivacy.domain.enums import Role
from voxprivacy.services import auth, customers, staff
from voxprivacy.services.context import Actor, Context
from voxprivacy.storage.models import Customer, Invoice, PaymentCard


class Clock:
    """Wall-clock time that tests move forward by hand."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Member:
    username: str
    password: str
    secret: str
    actor: Actor


class Desk:
    """A database with an admin and helpers to add and step up staff."""

    def __init__(self, ctx: Context, clock: Clock, direct: Context | None = None) -> None:
        """``direct``: a context on the same database without the server, for what only
        the host does (the first admin) when ``ctx`` sends its services to a server."""
        self.ctx = ctx
        self.direct = direct or ctx
        self.clock = clock
        enrollment = auth.bootstrap_first_admin(self.direct, "admin", "admin password 1")
        self.admin = Member(
            "admin",
            "admin password 1",
            enrollment.secret,
            auth.sign_in(ctx, "admin", "admin password 1"),
        )
        self.step_up(self.admin)

    def code(self, member: Member) -> str:
        return pyotp.TOTP(member.secret).at(self.clock.now)

    def step_up(self, member: Member) -> None:
        """A fresh step-up; moves the clock to the next time step so codes never repeat."""
        self.clock.advance(seconds=30)
        auth.step_up(self.ctx, member.actor, self.code(member))

    def member(
        self, role: Role | str, username: str | None = None, stepped_up: bool = True
    ) -> Member:
        name = username or f"{role}{self.clock.now.timestamp():.0f}"[-20:]
        name = name if name[0].isalpha() else f"u{name}"
        self.step_up(self.admin)
        password = f"{name} password"
        enrollment = staff.add_staff(self.ctx, self.admin.actor, name, str(role), password)
        member = Member(name, password, enrollment.secret, auth.sign_in(self.ctx, name, password))
        if stepped_up:
            self.step_up(member)
        return member

    def customer(
        self, agent: Member, name: str = "Jürgen Müller", **fields: str
    ) -> customers.CustomerView:
        values = {
            "email": "j.mueller@example.de",
            "phone": "+49 30 1234567",
            "address.private.street": "Hauptstraße 1",
            "address.private.postal_code": "10115",
            "address.private.city": "Berlin",
            "address.private.country": "DE",
        }
        values.update({k.replace("__", "."): val for k, val in fields.items()})
        # test customers share the default phone and address: duplicates are intended here
        return customers.create_customer(
            self.ctx, agent.actor, "private", name, values, even_if_duplicate=True
        )

    def card_and_invoice(
        self, customer_id: str, token: str, invoice_number: str, amount_cents: int = 1999
    ) -> None:
        """Put a card (with an encrypted processor token) and an open invoice on file.

        Billing data arrives from the payment system, not through the desk, so tests
        write it directly.
        """
        cid = uuid.UUID(customer_id)
        with self.direct.db.write() as session:
            card = PaymentCard(
                customer_id=cid, brand="Visa", last4="4242", exp_month=8, exp_year=2030, token=b""
            )
            session.add(card)
            session.flush()
            card.token = self.direct.keys().cipher.encrypt(token, "payment_cards", "token", card.id)
            customer = session.get(Customer, cid)
            assert customer is not None
            session.add(
                Invoice(
                    customer_id=cid,
                    number=invoice_number,
                    billing_reference=customer.billing_reference,
                    issued_on=dt.date(2026, 9, 1),
                    due_on=dt.date(2026, 9, 30),
                    amount_cents=amount_cents,
                    paid_cents=0,
                    currency="EUR",
                    status="open",
                )
            )
