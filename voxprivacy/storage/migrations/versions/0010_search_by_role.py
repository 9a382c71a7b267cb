"""Search terms carry their kind; searches are counted per staff member and day.

``customer_search_terms`` gains ``kind`` (account, name, email, phone) as part
of its key, so a search can be limited to the kinds the searcher's role may
see. The terms are derived data: the table is rebuilt from the customer
records (every customer that is not erased), with the rules of the search
index as they stood at this revision, copied here so that later changes to
the live code do not change what this migration does.

``search_counts`` holds how many searches each member ran on each UTC day.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 15:40:00
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable
from typing import Any

import phonenumbers
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_CHUNK = 2000
_MAX_TERM = 300
_WORD_SPLIT = re.compile(r"[\s,;/()\"']+")

_TERM = sa.String(length=300).with_variant(sa.String(length=300, collation="C"), "postgresql")


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("ß", "ss").replace("ø", "o").replace("ł", "l").replace("đ", "d")


def _words(text: str | None) -> set[str]:
    if not text:
        return set()
    out: set[str] = set()
    for word in _WORD_SPLIT.split(_fold(text)):
        if not word:
            continue
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


def _terms(
    account: str, name: str, company: str | None, emails: Iterable[str], phones: Iterable[str]
) -> set[tuple[str, str]]:
    by_kind: dict[str, set[str]] = {
        "account": {_fold(account)},
        "name": _words(name) | _words(company),
        "email": set(),
        "phone": set(),
    }
    for email in emails:
        folded = _fold(email)
        by_kind["email"].add(folded)
        local = folded.partition("@")[0]
        by_kind["email"].update(_words(local.replace(".", " ").replace("_", " ")))
    for phone in phones:
        by_kind["phone"] |= _phone_terms(phone)
    return {(t[:_MAX_TERM], kind) for kind, terms in by_kind.items() for t in terms if t}


def _create_terms_table(with_kind: bool) -> None:
    key = ["term", "customer_id", "kind"] if with_kind else ["term", "customer_id"]
    op.create_table(
        "customer_search_terms",
        sa.Column("term", _TERM, nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        *([sa.Column("kind", sa.String(length=16), nullable=False)] if with_kind else []),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_customer_search_terms_customer_id_customers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(*key, name=op.f("pk_customer_search_terms")),
    )
    op.create_index(
        "ix_customer_search_terms_customer",
        "customer_search_terms",
        ["customer_id", "term"],
        unique=False,
    )


def _rebuild_terms(with_kind: bool) -> None:
    conn = op.get_bind()
    customers = sa.table(
        "customers",
        sa.column("id", sa.Uuid()),
        sa.column("account_number", sa.String()),
        sa.column("name", sa.String()),
        sa.column("company", sa.String()),
        sa.column("status", sa.String()),
    )
    emails = sa.table("emails", sa.column("customer_id", sa.Uuid()), sa.column("address"))
    phones = sa.table("phones", sa.column("customer_id", sa.Uuid()), sa.column("e164"))
    columns: list[sa.ColumnClause[Any]] = [
        sa.column("term", _TERM),
        sa.column("customer_id", sa.Uuid()),
    ]
    if with_kind:
        columns.append(sa.column("kind", sa.String()))
    terms = sa.table("customer_search_terms", *columns)
    ids = list(
        conn.execute(
            sa.select(customers.c.id).where(customers.c.status != "erased").order_by(customers.c.id)
        ).scalars()
    )
    for start in range(0, len(ids), _CHUNK):
        chunk: list[uuid.UUID] = ids[start : start + _CHUNK]
        people = conn.execute(
            sa.select(
                customers.c.id, customers.c.account_number, customers.c.name, customers.c.company
            ).where(customers.c.id.in_(chunk))
        ).all()
        mail: dict[uuid.UUID, list[str]] = {}
        for cid, address in conn.execute(
            sa.select(emails.c.customer_id, emails.c.address).where(emails.c.customer_id.in_(chunk))
        ).all():
            mail.setdefault(cid, []).append(address)
        dial: dict[uuid.UUID, list[str]] = {}
        for cid, e164 in conn.execute(
            sa.select(phones.c.customer_id, phones.c.e164).where(phones.c.customer_id.in_(chunk))
        ).all():
            dial.setdefault(cid, []).append(e164)
        rows: list[dict[str, Any]] = []
        for cid, account, name, company in people:
            found = _terms(account, name, company, mail.get(cid, ()), dial.get(cid, ()))
            if with_kind:
                rows.extend({"term": t, "customer_id": cid, "kind": k} for t, k in found)
            else:
                rows.extend({"term": t, "customer_id": cid} for t in {t for t, _ in found})
        if rows:
            conn.execute(sa.insert(terms), rows)


def upgrade() -> None:
    op.drop_index("ix_customer_search_terms_customer", table_name="customer_search_terms")
    op.drop_table("customer_search_terms")
    _create_terms_table(with_kind=True)
    _rebuild_terms(with_kind=True)
    op.create_table(
        "search_counts",
        sa.Column("staff_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("searches", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_search_counts_staff_id_staff"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("staff_id", "day", name=op.f("pk_search_counts")),
    )


def downgrade() -> None:
    op.drop_table("search_counts")
    op.drop_index("ix_customer_search_terms_customer", table_name="customer_search_terms")
    op.drop_table("customer_search_terms")
    _create_terms_table(with_kind=False)
    _rebuild_terms(with_kind=False)
