"""Rebuild the search terms of customers changed by synchronisation.

Until this revision a hub applied the changes branches pushed without
rebuilding the search terms of the customers they changed, so head office
could not find a customer by a name or email changed at a branch; a branch
set up afterwards copied those stale terms. Only the terms that differ from
the records are written:

- a hub: every customer its synchronisation log mentions;
- a branch replica: every customer (it cannot tell which terms it copied stale);
- a standalone database: nothing (it never synchronised).

The terms are computed by a copy of the search index's rules as they stood at
this revision, kept here so the migration does not change when the live
service code does (a later change of the rules brings its own migration).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 11:45:00
"""

from __future__ import annotations

import json
import re
import unicodedata
import uuid
from collections.abc import Iterable

import phonenumbers
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_CHUNK = 2000


def upgrade() -> None:
    conn = op.get_bind()
    role = conn.execute(sa.text("SELECT role FROM sync_state WHERE id = 1")).scalar()
    if role == "hub":
        query = sa.text(
            "SELECT customer_id FROM sync_change_log WHERE customer_id IS NOT NULL "
            "UNION SELECT customer_id FROM sync_change_customers"
        )
    elif role == "replica":
        query = sa.text("SELECT id FROM customers")
    else:
        return
    # PostgreSQL gives uuid objects, SQLite its 32 hex digits: both as the usual text
    customers = sorted({str(uuid.UUID(str(v))) for v in conn.execute(query).scalars()})
    for start in range(0, len(customers), _CHUNK):
        _reindex(conn, customers[start : start + _CHUNK])


# ---- the search index's rules at this revision --------------------------------------------

_WORD_SPLIT = re.compile(r"[\s,;/()\"']+")
_MAX_TERM = 300


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("ß", "ss").replace("ø", "o").replace("ł", "l").replace("đ", "d")


def _words(text: str | None) -> set[str]:
    out: set[str] = set()
    for word in _WORD_SPLIT.split(_fold(text or "")):
        if word:
            out.add(word)
            if "-" in word or "." in word:
                out.update(p for p in re.split(r"[-.]", word) if p)
    return out


def _phone_terms(e164: str) -> set[str]:
    digits = e164.lstrip("+")
    for size in (1, 2, 3):
        code = digits[:size]
        if code.isdigit() and int(code) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            rest = digits[size:].lstrip("0")
            return {digits, rest} if rest.isdigit() else {digits}
    return {digits}


def _terms_for(
    account: str, name: str, company: str | None, emails: Iterable[str], phones: Iterable[str]
) -> set[str]:
    terms = {_fold(account)} | _words(name) | _words(company)
    for email in emails:
        folded = _fold(email)
        terms.add(folded)
        terms.update(_words(folded.partition("@")[0].replace(".", " ").replace("_", " ")))
    for phone in phones:
        terms |= _phone_terms(phone)
    return {t[:_MAX_TERM] for t in terms if t}


def _reindex(conn: sa.Connection, customer_ids: list[str]) -> None:
    """Write the difference between these customers' terms and their records."""
    postgres = conn.dialect.name == "postgresql"
    # the id as the database holds it: a uuid on PostgreSQL, 32 hex digits on SQLite
    keys = customer_ids if postgres else [cid.replace("-", "") for cid in customer_ids]
    if postgres:
        among = "{} = ANY(CAST(CAST(:ids AS text[]) AS uuid[]))"
        params: dict[str, object] = {"ids": keys}
    else:
        among = "{} IN (SELECT value FROM json_each(:ids))"
        params = {"ids": json.dumps(keys)}

    def rows(query: str, column: str) -> list[tuple[str, ...]]:
        found = conn.execute(sa.text(query.format(among.format(column))), params).all()
        return [(str(first), *rest) for first, *rest in found]

    people = {
        cid: (account, name, company)
        for cid, account, name, company, status in rows(
            "SELECT id, account_number, name, company, status FROM customers WHERE {}", "id"
        )
        if status != "erased"
    }
    emails: dict[str, list[str]] = {}
    for cid, address in rows("SELECT customer_id, address FROM emails WHERE {}", "customer_id"):
        emails.setdefault(cid, []).append(address)
    phones: dict[str, list[str]] = {}
    for cid, e164 in rows("SELECT customer_id, e164 FROM phones WHERE {}", "customer_id"):
        phones.setdefault(cid, []).append(e164)
    held: dict[str, set[str]] = {}
    for cid, term in rows(
        "SELECT customer_id, term FROM customer_search_terms WHERE {}", "customer_id"
    ):
        held.setdefault(cid, set()).add(term)

    gone: list[dict[str, str]] = []
    new: list[dict[str, str]] = []
    for cid in keys:
        person = people.get(cid)
        wanted = (
            _terms_for(*person, emails.get(cid, ()), phones.get(cid, ()))
            if person is not None
            else set()
        )
        before = held.get(cid, set())
        gone.extend({"c": cid, "t": term} for term in sorted(before - wanted))
        new.extend({"c": cid, "t": term} for term in sorted(wanted - before))
    # one statement per list over a JSON document, on both databases
    if postgres:
        recordset = "json_to_recordset(CAST(:rows AS json)) AS v(c uuid, t text)"
        delete = (
            f"DELETE FROM customer_search_terms s USING {recordset} "
            "WHERE s.customer_id = v.c AND s.term = v.t"
        )
        insert = f"INSERT INTO customer_search_terms (customer_id, term) SELECT v.c, v.t FROM {recordset}"
    else:
        pairs = (
            "SELECT json_extract(value, '$.c') AS c, json_extract(value, '$.t') AS t "
            "FROM json_each(:rows)"
        )
        delete = f"DELETE FROM customer_search_terms WHERE (customer_id, term) IN ({pairs})"
        insert = f"INSERT INTO customer_search_terms (customer_id, term) {pairs}"
    if gone:
        conn.execute(sa.text(delete), {"rows": json.dumps(gone, ensure_ascii=False)})
    if new:
        conn.execute(sa.text(insert), {"rows": json.dumps(new, ensure_ascii=False)})


def downgrade() -> None:
    """Nothing to undo: the terms only follow the records again."""
