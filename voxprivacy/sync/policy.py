"""What head office applies from a branch: a rule for every synchronised table and field.

A branch's operation is the row changes its transaction made (storage/changes.py).
Head office checks them against this table before it applies anything: who signed
the operation (sync/hub.py checks the signature) and what that member's role may
write, insert, change or delete, field by field. The rules mirror what the services
do — a field a role may not write through a service cannot arrive from a branch
either — and some things never come from a branch at all: staff, their keys,
passwords, roles and second factors, recovery codes, settings, invoices, the hub's
own conflicts, an erasure approval.

The table is complete by construction: every table in ``wire.SYNCED`` has a
``TablePolicy`` and every synchronised column of it a ``Rule``
(``tests/sync/test_hub_policy.py`` fails for a new table or column without one).
Anything not written here is refused.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from voxprivacy.domain.enums import Role
from voxprivacy.domain.roles import Permission, may
from voxprivacy.i18n import N_, _
from voxprivacy.storage import changes, wire
from voxprivacy.storage import models as m
from voxprivacy.storage.wire import Action, Erasure, RowChange

P = Permission


@dataclass(frozen=True)
class Rule:
    """Who may write a field (or insert, or delete a row) from a branch.

    ``may``: any of these permissions suffices; empty means never from a branch.
    ``own``: only on the signer's own row (their staff row, their recovery codes).
    ``billing``: these permissions also suffice on a billing address.
    ``refused``: values no service writes from a branch, with the reason.
    """

    may: frozenset[Permission] = frozenset()
    own: bool = False
    billing: frozenset[Permission] = frozenset()
    refused: Mapping[Any, str] = field(default_factory=dict)

    @property
    def never(self) -> bool:
        return not self.may and not self.billing and not self.own


NEVER = Rule()


def _rule(*permissions: Permission, **more: Any) -> Rule:
    return Rule(frozenset(permissions), **more)


@dataclass(frozen=True)
class TablePolicy:
    insert: Rule
    delete: Rule
    fields: Mapping[str, Rule]  # updates, every synchronised column but the key
    why: str  # why what is never allowed here is not
    signer_fields: tuple[str, ...] = ()  # columns naming the member who acted: the signer


def _never(table: str, why: str, columns: str) -> TablePolicy:
    """A table nothing of which comes from a branch; ``columns`` names every column but
    the key, so a column added later is a decision, not a default."""
    return TablePolicy(NEVER, NEVER, _all(table, NEVER, columns), why)


def _all(table: str, rule: Rule, columns: str, **fields: Rule) -> dict[str, Rule]:
    """``rule`` for the named ``columns`` (space-separated), ``fields`` for the others.

    Every column must be named in one of the two: ``test_hub_policy`` fails for a
    synchronised column that is not, and at run time such a column is refused.
    """
    spec = wire.SYNCED[table]
    named = dict.fromkeys(columns.split(), rule)
    named.update(fields)
    return {f: r for f, r in named.items() if f in spec.columns and f != spec.pk}


# Who edits a record: the desk's correction, a rectification, a registration.
_RECORD = (P.EDIT_CUSTOMERS, P.PROCESS_REQUESTS)
_ERASED_ONLY_BY_ERASURE = N_(
    "a customer becomes erased only through an erasure request approved at head office"
)
_APPROVED_AT_HEAD_OFFICE = N_(
    "an erasure is approved at head office, by a supervisor who did not open the request"
)
# Anyone whose service changes a customer row moves its updated_at.
_TOUCH = _rule(
    P.EDIT_CUSTOMERS,
    P.PROCESS_REQUESTS,
    P.TERMINATE_ACCOUNTS,
    P.REACTIVATE_ACCOUNTS,
    P.MANAGE_SERVICES,
    P.SET_CONSENTS,
    P.IMPORT_UNSUBSCRIBES,
    P.RECORD_INTERACTIONS,
    P.EDIT_BILLING,
    P.RESOLVE_CONFLICTS,
)
_LIFECYCLE = _rule(
    P.TERMINATE_ACCOUNTS,
    P.REACTIVATE_ACCOUNTS,
    refused={"erased": _ERASED_ONLY_BY_ERASURE},
)
_CONTACT = _rule(*_RECORD, billing=frozenset({P.EDIT_BILLING}))

POLICY: dict[str, TablePolicy] = {
    "staff": TablePolicy(
        NEVER,
        NEVER,
        _all(
            "staff",
            NEVER,
            "username display_name role password_hash totp_secret locked active created_at",
            # a code used at a branch is used everywhere: the member's own step only
            totp_last_step=Rule(own=True),
            totp_enrolled=Rule(
                own=True, refused={False: N_("a second factor is reset at head office")}
            ),
        ),
        N_("staff, roles, passwords and second factors are managed at head office"),
    ),
    "staff_keys": _never(
        "staff_keys",
        N_("signing keys are born and kept at head office"),
        "public_key salt kdf wrapped_key wrapped_totp created_at",
    ),
    "recovery_codes": TablePolicy(
        NEVER,
        NEVER,
        _all("recovery_codes", NEVER, "staff_id salt code_hash", used_at=Rule(own=True)),
        N_("recovery codes are issued at head office"),
    ),
    "settings": _never("settings", N_("settings are changed at head office"), "value"),
    "customers": TablePolicy(
        _rule(P.EDIT_CUSTOMERS),
        NEVER,
        _all(
            "customers",
            _rule(*_RECORD),
            "kind name company preferred_channel language note",
            account_number=NEVER,
            billing_reference=NEVER,
            created_at=NEVER,
            status=_LIFECYCLE,
            terminated_at=_LIFECYCLE,
            termination_due=_LIFECYCLE,
            termination_reason=_LIFECYCLE,
            updated_at=_TOUCH,
        ),
        N_(
            "a customer's account number, billing reference and creation never change, and a "
            "customer is never deleted"
        ),
    ),
    "addresses": TablePolicy(
        _CONTACT,
        _CONTACT,
        _all("addresses", _CONTACT, "kind street postal_code city country", customer_id=NEVER),
        N_("an address never moves to another customer"),
    ),
    "phones": TablePolicy(
        _rule(*_RECORD),
        _rule(*_RECORD),
        _all("phones", _rule(*_RECORD), "kind e164 is_primary", customer_id=NEVER),
        N_("a phone number never moves to another customer"),
    ),
    "emails": TablePolicy(
        _rule(*_RECORD),
        _rule(*_RECORD),
        _all(
            "emails",
            _rule(*_RECORD),
            "address address_folded is_primary",
            customer_id=NEVER,
        ),
        N_("an email address never moves to another customer"),
    ),
    "subscriptions": TablePolicy(
        _rule(P.MANAGE_SERVICES),
        NEVER,
        _all(
            "subscriptions",
            _rule(P.MANAGE_SERVICES),
            "identifier attributes",
            status=_rule(P.MANAGE_SERVICES, P.TERMINATE_ACCOUNTS),
            ended_at=_rule(P.MANAGE_SERVICES, P.TERMINATE_ACCOUNTS),
            end_outcome=_rule(P.MANAGE_SERVICES, P.TERMINATE_ACCOUNTS),
            customer_id=NEVER,
            product=NEVER,
            started_at=NEVER,
        ),
        N_("a service is ended, never deleted, and keeps its customer, product and start"),
    ),
    "payment_cards": TablePolicy(
        _rule(P.EDIT_BILLING),
        _rule(P.EDIT_BILLING),
        _all(
            "payment_cards",
            _rule(P.EDIT_BILLING),
            "brand last4 exp_month exp_year token",
            customer_id=NEVER,
            created_at=NEVER,
        ),
        N_("a card stays with its customer"),
    ),
    "invoices": _never(
        "invoices",
        N_("invoices are issued by head office's billing"),
        "customer_id number billing_reference issued_on due_on amount_cents paid_cents "
        "currency status",
    ),
    "interactions": TablePolicy(
        _rule(P.RECORD_INTERACTIONS),
        NEVER,
        _all("interactions", NEVER, "customer_id at channel staff_id summary"),
        N_("a recorded contact is never changed or deleted"),
        signer_fields=("staff_id",),
    ),
    "consent_events": TablePolicy(
        _rule(P.SET_CONSENTS, P.IMPORT_UNSUBSCRIBES, P.EDIT_CUSTOMERS),
        NEVER,
        _all(
            "consent_events",
            NEVER,
            "customer_id purpose action source evidence staff_id expressed_at recorded_at "
            "policy_version",
        ),
        N_("the consent ledger is append-only"),
        signer_fields=("staff_id",),
    ),
    "privacy_requests": TablePolicy(
        _rule(P.PROCESS_REQUESTS),
        NEVER,
        _all(
            "privacy_requests",
            NEVER,
            "reference customer_id kind received_at verification_method verified_by "
            "verified_at opened_by purposes",
            lifted_at=_rule(P.PROCESS_REQUESTS),
            lifted_by=_rule(P.PROCESS_REQUESTS),
            status=_rule(
                P.PROCESS_REQUESTS,
                P.APPROVE_ERASURE,
                refused={"approved": _APPROVED_AT_HEAD_OFFICE},
            ),
            due_at=_rule(P.PROCESS_REQUESTS),
            extended=_rule(P.PROCESS_REQUESTS),
            extension_reason=_rule(P.PROCESS_REQUESTS),
            note=_rule(P.PROCESS_REQUESTS),
            completed_by=_rule(P.PROCESS_REQUESTS),
            completed_at=_rule(P.PROCESS_REQUESTS),
            decided_by=_rule(P.APPROVE_ERASURE),
            decided_at=_rule(P.APPROVE_ERASURE),
            decision_reason=_rule(P.APPROVE_ERASURE),
        ),
        N_(
            "a request keeps its customer, kind, reference, receipt and identity check, and is "
            "never deleted"
        ),
        signer_fields=("opened_by", "verified_by", "decided_by", "completed_by", "lifted_by"),
    ),
    "request_events": TablePolicy(
        _rule(P.PROCESS_REQUESTS, P.APPROVE_ERASURE, P.RELEASE_BILLING),
        NEVER,
        _all("request_events", NEVER, "request_id at staff_id action detail"),
        N_("a request's timeline is append-only"),
        signer_fields=("staff_id",),
    ),
    "rectification_changes": TablePolicy(
        _rule(P.PROCESS_REQUESTS),
        NEVER,
        _all("rectification_changes", NEVER, "request_id field before after at"),
        N_("a rectification's record is never changed"),
    ),
    "disclosures": TablePolicy(
        _rule(P.RECORD_DISCLOSURES),
        NEVER,
        _all(
            "disclosures",
            NEVER,
            "customer_id at staff_id recipient data basis consent_event_id",
        ),
        N_("the register of disclosures is append-only"),
        signer_fields=("staff_id",),
    ),
    "sync_conflicts": TablePolicy(
        NEVER,
        NEVER,
        _all(
            "sync_conflicts",
            NEVER,
            "op_id origin kind tbl row_id field customer_id central_value branch_value "
            "branch_staff_id created_at",
            resolved_at=_rule(P.RESOLVE_CONFLICTS),
            resolved_by=_rule(P.RESOLVE_CONFLICTS),
            resolution=_rule(P.RESOLVE_CONFLICTS),
        ),
        N_("conflicts are written by head office; a branch only settles them"),
        signer_fields=("resolved_by",),
    ),
}


@dataclass(frozen=True)
class Signer:
    """The member whose key signed an operation, as head office knows them."""

    staff_id: uuid.UUID
    username: str
    role: Role


class Refusal(Exception):
    """Why head office does not apply an operation (the sentence is its reason)."""


@dataclass
class HubView:
    """What the checks read from head office's own database (never from the branch)."""

    session: Session
    hub_branch: str
    now: datetime
    _rows: dict[tuple[str, str], dict[str, Any] | None] = field(default_factory=dict)

    def row(self, table: str, row_id: str) -> dict[str, Any] | None:
        key = (table, row_id)
        if key not in self._rows:
            self._rows[key] = changes.read_rows(self.session, wire.SYNCED[table], [row_id]).get(
                row_id
            )
        return self._rows[key]

    def row_versions(self, table: str, row_id: str) -> dict[str, str]:
        return changes.load_versions(self.session, [(table, row_id)]).get((table, row_id), {})

    def origin_of(self, version: str | None) -> str | None:
        """Where the operation with this id was made, by head office's log."""
        if version is None:
            return None
        log = m.table_of(m.ChangeLog)
        found = (
            self.session.connection()
            .execute(select(log.c.origin).where(log.c.op_id == uuid.UUID(version)))
            .scalar()
        )
        return None if found is None else str(found)


def _allowed(rule: Rule, signer: Signer, billing: Callable[[], bool]) -> bool:
    if any(may(signer.role, p) for p in rule.may):
        return True
    return bool(rule.billing) and any(may(signer.role, p) for p in rule.billing) and billing()


def _own(change: RowChange, signer: Signer, hub: HubView) -> bool:
    mine = str(signer.staff_id)
    if change.table == "staff":
        return change.row_id == mine
    stored = hub.row(change.table, change.row_id)
    return stored is not None and stored.get("staff_id") == mine


def _check_erasure(marker: Erasure, signer: Signer, hub: HubView) -> None:
    """An erasure from a branch carries out a request head office approved."""
    if not may(signer.role, P.PROCESS_REQUESTS):
        raise Refusal(
            _("an erasure by {role} {username}, whose role may not erase").format(
                role=signer.role, username=signer.username
            )
        )
    request = hub.row("privacy_requests", marker.keep)
    if request is None or request.get("kind") != "erasure":
        raise Refusal(_("an erasure without an erasure request known at head office"))
    if request.get("customer_id") != marker.customer:
        raise Refusal(_("an erasure of another customer than its request's"))
    if request.get("status") not in ("approved", "completed") or not request.get("decided_by"):
        raise Refusal(
            _("an erasure whose request is not approved: {reason}").format(
                reason=_(_APPROVED_AT_HEAD_OFFICE)
            )
        )
    if request.get("decided_by") == request.get("opened_by"):
        raise Refusal(_("an erasure approved by the member who opened its request"))
    versions = hub.row_versions("privacy_requests", marker.keep)
    origin = hub.origin_of(versions.get("decided_by"))
    if origin is not None and origin != hub.hub_branch:
        raise Refusal(
            _("an erasure approved at branch {origin}, not at head office").format(origin=origin)
        )


def check(operation: wire.Operation, signer: Signer, hub: HubView) -> None:
    """Raise ``Refusal`` naming the first change of ``operation`` the signer may not make."""
    erasing: set[str] = set()
    for marker in operation.erasures:
        _check_erasure(marker, signer, hub)
        erasing.add(marker.customer)
    for n, change in enumerate(operation.rows, 1):
        if change.customer in erasing:
            continue  # what the purge itself wrote: every copy runs the same purge again
        _check_change(n, change, signer, hub)


def _check_change(n: int, change: RowChange, signer: Signer, hub: HubView) -> None:
    policy = POLICY[change.table]
    where = _("change {n} ({table})").format(n=n, table=change.table)
    billing_cache: list[bool] = []

    def billing() -> bool:
        if not billing_cache:
            kind = change.values.get("kind")
            if kind is None:
                stored = hub.row(change.table, change.row_id)
                kind = stored.get("kind") if stored else None
            billing_cache.append(change.table == "addresses" and kind == "billing")
        return billing_cache[0]

    def refuse(rule: Rule, what: str) -> None:
        if rule.never:
            raise Refusal(
                _("{where}: {what} may not come from a branch ({why})").format(
                    where=where, what=what, why=_(policy.why)
                )
            )
        raise Refusal(
            _("{where}: {role} {username} may not {what}").format(
                where=where, role=signer.role, username=signer.username, what=what
            )
        )

    def need(rule: Rule, what: str) -> None:
        if rule.own:
            if not _own(change, signer, hub):
                raise Refusal(
                    _("{where}: {what} of another member may not come from a branch").format(
                        where=where, what=what
                    )
                )
        elif not _allowed(rule, signer, billing):
            refuse(rule, what)

    if change.action is Action.DELETE:
        need(policy.delete, _("delete a row of {table}").format(table=change.table))
        return
    if change.action is Action.INSERT:
        need(policy.insert, _("add a row to {table}").format(table=change.table))
    for name, value in change.values.items():
        if change.action is Action.UPDATE:
            need(
                policy.fields.get(name, NEVER),
                _("change {table}.{field}").format(table=change.table, field=name),
            )
        rule = policy.fields.get(name, NEVER)
        if _hashable(value) and value in rule.refused:
            raise Refusal(
                _("{where}: {table}.{field} = {value!r}: {reason}").format(
                    where=where,
                    table=change.table,
                    field=name,
                    value=value,
                    reason=_(rule.refused[value]),
                )
            )
        if name in policy.signer_fields and value is not None and value != str(signer.staff_id):
            raise Refusal(
                _(
                    "{where}: {table}.{field} names another member than the signer "
                    "{username}; a service records the member who acts"
                ).format(where=where, table=change.table, field=name, username=signer.username)
            )


def _hashable(value: Any) -> bool:
    return isinstance(value, str | int | bool) or value is None
