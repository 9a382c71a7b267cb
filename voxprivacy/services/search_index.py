"""The customer search index: folded words, phone digits, account numbers.

Searching is a prefix match on these terms, done as a range scan (term >= p
and term < p + U+10FFFF): no LIKE, so '%', '_' and quotes are plain text, and
the same index serves SQLite and PostgreSQL (whose column collates as "C").

Each term carries its kind (``TermKind``: account, name, email, phone), and a
search matches only the kinds the searcher's role may see, so a role that does
not see contact data cannot find out which customers have an email or a phone
number starting with what it typed.
"""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Iterable
from typing import Any

import phonenumbers
from sqlalchemy import (
    Column,
    Connection,
    and_,
    bindparam,
    delete,
    func,
    insert,
    null,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from voxprivacy.domain.roles import TermKind
from voxprivacy.domain.validation import fold
from voxprivacy.storage import changes as ch
from voxprivacy.storage import wire
from voxprivacy.storage.models import Customer, CustomerSearchTerm, Email, Phone, table_of

_WORD_SPLIT = re.compile(r"[\s,;/()\"']+")
_PHONE_QUERY = re.compile(r"^\+?[\d\s().\-/]+$")
TOP = "\U0010ffff"
MAX_TERM = 300
# The fields the terms are made from, table by table: a change to one of them reindexes.
SEARCHED: dict[str, frozenset[str]] = {
    "customers": frozenset({"account_number", "name", "company"}),
    "emails": frozenset({"address"}),
    "phones": frozenset({"e164"}),
}


def _words(text: str | None) -> set[str]:
    if not text:
        return set()
    out: set[str] = set()
    for word in _WORD_SPLIT.split(fold(text)):
        if not word:
            continue
        out.add(word)
        if "-" in word or "." in word:
            out.update(p for p in re.split(r"[-.]", word) if p)
    return out


def phone_terms(e164: str) -> set[str]:
    """The digits as stored and as dialled at home (the number without its country code).

    A stored number is E.164 as ``phonenumbers`` formats a valid number: "+",
    the country calling code, then the national significant number. Calling
    codes are prefix-free, so the first one to three digits that form a known
    code are it; what follows, without leading zeros, is the national number
    ``phonenumbers.parse`` would give, at a fraction of the cost of parsing.
    """
    digits = e164.lstrip("+")
    for size in (1, 2, 3):
        code = digits[:size]
        if code.isdigit() and int(code) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            rest = digits[size:].lstrip("0")
            return {digits, rest} if rest.isdigit() else {digits}
    return {digits}


Term = tuple[str, str]  # (term, kind)


def terms_for(
    account_number: str,
    name: str,
    company: str | None,
    emails: Iterable[str],
    phones: Iterable[str],
) -> set[Term]:
    """The (term, kind) pairs of a customer's searched fields."""
    by_kind: dict[TermKind, set[str]] = {
        TermKind.ACCOUNT: {fold(account_number)},
        TermKind.NAME: _words(name) | _words(company),
        TermKind.EMAIL: set(),
        TermKind.PHONE: set(),
    }
    for email in emails:
        folded = fold(email)
        by_kind[TermKind.EMAIL].add(folded)
        local = folded.partition("@")[0]
        by_kind[TermKind.EMAIL].update(_words(local.replace(".", " ").replace("_", " ")))
    for phone in phones:
        by_kind[TermKind.PHONE] |= phone_terms(phone)
    return {(t[:MAX_TERM], str(kind)) for kind, terms in by_kind.items() for t in terms if t}


def replace_terms(session: Session, customer_id: uuid.UUID, terms: set[Term]) -> None:
    session.execute(delete(CustomerSearchTerm).where(CustomerSearchTerm.customer_id == customer_id))
    if terms:
        session.execute(
            insert(CustomerSearchTerm),
            [{"term": t, "kind": k, "customer_id": customer_id} for t, k in sorted(terms)],
        )


def reindex_many(conn: Connection, customer_ids: Iterable[str]) -> None:
    """Bring the terms of these customers (ids as text) in line with their records.

    For changes that arrive in bulk (a synchronisation page): each customer's
    searched fields are read, the terms computed and compared with those held,
    and only the difference is written. Ids stay text throughout (no
    ``uuid.UUID`` per row read), which is most of the cost at 10,000 customers.
    An erased or missing customer keeps no terms.
    """
    c, e, p = (table_of(x) for x in (Customer, Email, Phone))
    keys = sorted({ch.uuid_text_of(conn, cid) for cid in customer_ids})
    if not keys:
        return
    gone: list[tuple[str, str, str]] = []  # (customer, term, kind)
    new: list[tuple[str, str, str]] = []
    for chunk in ch.batches(conn, keys):
        people = {
            cid: (account, name, company)
            for cid, account, name, company, status in conn.execute(
                select(
                    ch.uuid_text(conn, c.c.id),
                    c.c.account_number,
                    c.c.name,
                    c.c.company,
                    c.c.status,
                ).where(ch.among_text(conn, c.c.id, chunk))
            ).all()
            if status != "erased"
        }
        emails = _values_by_customer(conn, e.c.customer_id, e.c.address, chunk)
        phones = _values_by_customer(conn, p.c.customer_id, p.c.e164, chunk)
        held = _held_terms(conn, chunk)
        for cid in chunk:
            person = people.get(cid)
            wanted = (
                terms_for(*person, emails.get(cid, ()), phones.get(cid, ()))
                if person is not None
                else set()
            )
            before = held.get(cid, set())
            gone.extend((cid, term, kind) for term, kind in before - wanted)
            new.extend((cid, term, kind) for term, kind in wanted - before)
    if conn.dialect.name == "postgresql":
        _write_terms_as_json(conn, gone, new)
        return
    # SQLite: plain executemany of text values (no per-row parameter processing)
    if gone:
        conn.exec_driver_sql(
            "DELETE FROM customer_search_terms WHERE customer_id = ? AND term = ? AND kind = ?",
            gone,
        )
    if new:
        conn.exec_driver_sql(
            "INSERT INTO customer_search_terms (customer_id, term, kind) VALUES (?, ?, ?)",
            new,
        )


def _values_by_customer(
    conn: Connection, customer: Column[Any], value: Column[Any], keys: list[str]
) -> dict[str, list[str]]:
    """A column's values for these customers (ids in ``uuid_text`` form), by customer."""
    found: dict[str, list[str]] = {}
    query = select(ch.uuid_text(conn, customer), value).where(ch.among_text(conn, customer, keys))
    for cid, text_value in conn.execute(query).all():
        found.setdefault(cid, []).append(text_value)
    return found


def _held_terms(conn: Connection, keys: list[str]) -> dict[str, set[Term]]:
    """The terms the index holds for these customers (ids in ``uuid_text`` form)."""
    t = table_of(CustomerSearchTerm)
    customer = ch.uuid_text(conn, t.c.customer_id)
    held: dict[str, set[Term]] = {}
    if conn.dialect.name == "postgresql":  # a row per customer, not per term
        grouped = (
            select(customer, func.array_agg(t.c.term), func.array_agg(t.c.kind))
            .where(ch.among_text(conn, t.c.customer_id, keys))
            .group_by(t.c.customer_id)
        )
        return {
            cid: set(zip(terms, kinds, strict=True))
            for cid, terms, kinds in conn.execute(grouped).all()
        }
    query = select(customer, t.c.term, t.c.kind).where(ch.among_text(conn, t.c.customer_id, keys))
    for cid, term, kind in conn.execute(query).all():
        held.setdefault(cid, set()).add((term, kind))
    return held


def _write_terms_as_json(
    conn: Connection, gone: list[tuple[str, str, str]], new: list[tuple[str, str, str]]
) -> None:
    """PostgreSQL: each list as one statement over a JSON document (an executemany would
    cost the server a statement per term)."""
    rows = "json_to_recordset(CAST(:rows AS json)) AS v(c uuid, t text, k text)"
    if gone:
        conn.execute(
            text(
                f"DELETE FROM customer_search_terms s USING {rows} "
                "WHERE s.customer_id = v.c AND s.term = v.t AND s.kind = v.k"
            ),
            {"rows": wire.dumps([{"c": c, "t": t, "k": k} for c, t, k in gone])},
        )
    if new:
        conn.execute(
            text(
                "INSERT INTO customer_search_terms (customer_id, term, kind) "
                f"SELECT v.c, v.t, v.k FROM {rows}"
            ),
            {"rows": wire.dumps([{"c": c, "t": t, "k": k} for c, t, k in new])},
        )


def query_prefixes(text: str) -> list[str]:
    """Split what was typed into the prefixes every match must have."""
    stripped = text.strip()
    if not stripped:
        return []
    if _PHONE_QUERY.match(stripped) and sum(c.isdigit() for c in stripped) >= 3:
        digits = re.sub(r"\D", "", stripped)
        # 0049… and 030… as typed in Europe: the index holds 49… and 30…
        return [digits[2:] if digits.startswith("00") else digits.lstrip("0") or digits]
    words = [w for w in _WORD_SPLIT.split(fold(stripped)) if w]
    # the longest prefixes are the most selective; look them up first
    return sorted(set(words), key=len, reverse=True)[:6]


# The aliases the search statement is built from, made once: an alias works out its
# column collection on first use, which per search cost more than running the query.
_T0 = CustomerSearchTerm.__table__.alias("t0")
_FURTHER = tuple(CustomerSearchTerm.__table__.alias(f"t{i}") for i in range(1, 8))


def matches_in_term_order(
    prefixes: list[str],
    after: tuple[str, uuid.UUID] | None,
    statuses: tuple[str, ...] | None,
    with_contact: bool,
    kinds: frozenset[TermKind] | None = None,
) -> tuple[Select[Any], dict[str, Any]]:
    """Matching customers in the order of the index, from a cursor on: a statement and
    the values to run it with.

    Rows: customer id, matched term, account number, name, company, status, and the
    primary email and phone (None unless ``with_contact``). The first prefix is the
    most selective one; its range of the index is walked in order, so the first page
    comes without sorting every match, however many there are. ``kinds`` limits every
    prefix to terms of those kinds (None: every kind). The statement depends only on
    the shape of the search (how many words, a cursor or not, ...), so it is built once
    per shape and reused: building it cost more than running it.
    """
    stmt = _statement(len(prefixes), after is not None, bool(statuses), with_contact, kinds)
    values: dict[str, Any] = {}
    for i, prefix in enumerate(prefixes):
        values[f"lo{i}"], values[f"hi{i}"] = prefix, prefix + TOP
    if after is not None:
        values["after_term"], values["after_id"] = after
    if statuses:
        values["statuses"] = list(statuses)
    return stmt, values


@functools.lru_cache(maxsize=256)
def _statement(
    words: int,
    with_cursor: bool,
    with_statuses: bool,
    with_contact: bool,
    kinds: frozenset[TermKind] | None,
) -> Select[Any]:
    t0 = _T0
    c = Customer.__table__
    if with_contact:
        email = (
            select(Email.address)
            .where(Email.customer_id == t0.c.customer_id, Email.is_primary.is_(True))
            .limit(1)
            .scalar_subquery()
        )
        phone = (
            select(Phone.e164)
            .where(Phone.customer_id == t0.c.customer_id, Phone.is_primary.is_(True))
            .limit(1)
            .scalar_subquery()
        )
    stmt = (
        select(
            t0.c.customer_id,
            t0.c.term,
            c.c.account_number,
            c.c.name,
            c.c.company,
            c.c.status,
            email if with_contact else null(),
            phone if with_contact else null(),
        )
        .join(c, c.c.id == t0.c.customer_id)
        .where(t0.c.term >= bindparam("lo0"), t0.c.term < bindparam("hi0"))
    )
    if with_cursor:
        term: Any = bindparam("after_term")
        customer_id: Any = bindparam("after_id")
        stmt = stmt.where(
            or_(t0.c.term > term, and_(t0.c.term == term, t0.c.customer_id > customer_id))
        )
    if kinds is not None:
        stmt = stmt.where(t0.c.kind.in_(sorted(kinds)))
    for i in range(1, words):
        t = _FURTHER[i - 1]
        further = select(t.c.customer_id).where(
            t.c.customer_id == t0.c.customer_id,
            t.c.term >= bindparam(f"lo{i}"),
            t.c.term < bindparam(f"hi{i}"),
        )
        if kinds is not None:
            further = further.where(t.c.kind.in_(sorted(kinds)))
        stmt = stmt.where(further.exists())
    if with_statuses:
        stmt = stmt.where(c.c.status.in_(bindparam("statuses", expanding=True)))
    return stmt.order_by(t0.c.term, t0.c.customer_id)
