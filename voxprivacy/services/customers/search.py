"""Customer search, and the per-day count of each member's searches."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from datetime import UTC, timedelta

from sqlalchemy import bindparam
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from voxprivacy.domain import validation as v
from voxprivacy.domain.enums import CustomerStatus
from voxprivacy.domain.roles import Permission, Section, TermKind, searchable_kinds, sections_for
from voxprivacy.errors import BadInput
from voxprivacy.i18n import _
from voxprivacy.services import audit, search_index
from voxprivacy.services.context import Actor, Context
from voxprivacy.services.customers.views import CustomerHit
from voxprivacy.services.guard import reads
from voxprivacy.storage.models import SearchCount, table_of

STATUSES = tuple(s.value for s in CustomerStatus)


def _matching_in_order(
    session: Session,
    prefixes: list[str],
    statuses: tuple[str, ...] | None,
    wanted: int,
    with_contact: bool,
    kinds: frozenset[TermKind] | None = None,
) -> list[CustomerHit]:
    """The first ``wanted`` matches, ordered by the matching word.

    A customer may match with several words ("Marie Martin"); the index is read a
    page at a time from a cursor until enough distinct customers were seen.
    """
    hits: list[CustomerHit] = []
    seen: set[uuid.UUID] = set()
    cursor: tuple[str, uuid.UUID] | None = None
    # A page of as many rows as customers wanted: most customers match with one word, so
    # one page is usually enough; each row costs the primary email and phone lookups.
    page = wanted
    while len(hits) < wanted:
        stmt, values = search_index.matches_in_term_order(
            prefixes, cursor, statuses, with_contact, kinds
        )
        rows = session.connection().execute(stmt.limit(page), values).all()
        for cid, _term, account, name, company, status, email, phone in rows:
            if cid not in seen:
                seen.add(cid)
                shown_phone = v.display_phone(phone) if phone else None
                hits.append(
                    CustomerHit(str(cid), account, name, company, status, email, shown_phone)
                )
        if len(rows) < page:
            break
        cursor = (rows[-1][1], rows[-1][0])
        # the rest, with room for the customers that turn up twice again
        page = max(16, 2 * (wanted - len(hits)))
    return hits[:wanted]


@reads(Permission.SEARCH_CUSTOMERS)
def search_customers(
    ctx: Context,
    actor: Actor,
    text: str,
    *,
    statuses: tuple[str, ...] | None = None,
    limit: int = 100,
) -> list[CustomerHit]:
    """Prefix search over name, company, email, phone and account number.

    A role searches only the fields it may see (finance and admins: name, company
    and account number; not emails or phone numbers). Results come in the order of
    the matching word (a phone book of what was typed), which lets the index deliver
    the first page at once even for one typed letter. Every search is counted for
    the searcher (see ``_write_count``).
    """
    prefixes = search_index.query_prefixes(v.clean_text(text, "search", limit=200, required=False))
    if not prefixes:
        return []
    if statuses:
        bad = [s for s in statuses if s not in STATUSES]
        if bad:
            raise BadInput(
                _("Unknown status {bad_0!r}; use {join_statuses}.").format(
                    bad_0=bad[0], join_statuses=", ".join(STATUSES)
                ),
                "status",
            )
    wanted = max(1, min(limit, 1000))
    with_contact = Section.CONTACT in sections_for(actor.role)
    kinds = searchable_kinds(actor.role)
    only = None if kinds == frozenset(TermKind) else kinds
    if not _count_due(ctx, actor):
        with ctx.db.read() as session:
            hits = _matching_in_order(session, prefixes, statuses, wanted, with_contact, only)
        actor.searches.pending += 1
        return hits
    # the count is written now: in the search's own transaction, one round trip less
    # each way (on the server, where every search writes it); outside the
    # synchronisation log, so searches on a hub do not queue for its counter
    with ctx.db.write(logged=False) as session:
        hits = _matching_in_order(session, prefixes, statuses, wanted, with_contact, only)
        written = _write_count(session, ctx, actor)
    written()  # committed: the tally starts again
    return hits


# A member's searches are counted per UTC day; the audit trail gets an event when the
# count reaches SEARCH_ALERT_AT and each doubling of it (500, 1,000, 2,000, 4,000 …).
SEARCH_ALERT_AT = 500
# The count is written at a sign-in's first search, then after this many searches or
# this long, and always before it could reach the next threshold.
SEARCH_WRITE_EVERY = 25
SEARCH_WRITE_AFTER = timedelta(minutes=1)


def _next_alert(count: int) -> int:
    threshold = SEARCH_ALERT_AT
    while threshold <= count:
        threshold *= 2
    return threshold


def _count_due(ctx: Context, actor: Actor) -> bool:
    """Whether this search writes the member's count for today (see ``_write_count``)."""
    tally = actor.searches
    now = ctx.now()
    return not (
        tally.written_at is not None
        and tally.day == now.astimezone(UTC).date()
        and tally.pending + 1 < SEARCH_WRITE_EVERY
        and now - tally.written_at < SEARCH_WRITE_AFTER
        and tally.known + tally.pending + 1 < _next_alert(tally.known)
    )


@functools.cache
def _count_upsert(dialect: str) -> Executable:
    """The daily count's upsert, built once per dialect: a statement object used again
    keeps its cache key, which SQLAlchemy would otherwise work out on every search."""
    table = table_of(SearchCount)
    # the dialect's own module: its engine has loaded it, the other one is not imported
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as upsert
    else:
        from sqlalchemy.dialects.sqlite import insert as upsert  # type: ignore[assignment]
    added = bindparam("added", type_=table.c.searches.type)
    return (
        upsert(table)
        .values(staff_id=bindparam("staff_id"), day=bindparam("day"), searches=added)
        .on_conflict_do_update(
            index_elements=[table.c.staff_id, table.c.day],
            set_={"searches": table.c.searches + added},
        )
        .returning(table.c.searches)
    )


def _write_count(session: Session, ctx: Context, actor: Actor) -> Callable[[], None]:
    """Count this search and the ones not yet written for the member today; audit the
    count when it crosses a threshold.

    Searches are not audited one by one (the desk searches as one types); the count
    is, so a walk of the index (thousands of searches to spell out addresses or
    numbers) stands out in the audit trail while a normal day leaves no event. The
    desk adds its searches to the database in batches (a write per search would cost
    more than the search), never so late that a threshold is crossed unrecorded
    (``_count_due``). Returns what to do to the tally once the transaction has
    committed.
    """
    tally = actor.searches
    added = tally.pending + 1
    now = ctx.now()
    day = now.astimezone(UTC).date()
    statement = _count_upsert(session.get_bind().dialect.name)
    count = int(
        session.execute(
            statement, {"staff_id": actor.staff_id, "day": day, "added": added}
        ).scalar_one()
    )
    threshold = _next_alert(count - added)
    while threshold <= count:
        audit.record(
            session,
            ctx,
            actor,
            "customer.search_volume",
            entity_type="staff",
            entity_id=actor.staff_id,
            detail=(
                f"{threshold} customer searches reached on {day.isoformat()} (UTC); "
                f"the next event at {threshold * 2}"
            ),
        )
        threshold *= 2

    def written() -> None:
        tally.pending -= added - 1  # this search was not in it
        tally.day, tally.known, tally.written_at = day, count, now

    return written
