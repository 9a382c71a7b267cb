"""The erasure journal: what was erased, kept outside the database, and roll-back detection.

A copy of the database files put back (or a backup restored) would bring erased
customers back. The journal is a file outside the database that lists every
erasure by a pseudonym (an HMAC of the customer id under a key derived from the
master key), with its time and request id, and remembers the database's audit
head (sequence and hash). Each line carries an HMAC over its content and the
previous line's HMAC, so an edited, removed or reordered line is detected by
anyone who opens the database; without the master key no line can be written
that passes the check.

When a database is opened (``check_at_open``, called by the command line and the
desk before anyone signs in), the journal is read and checked, and:

* erased customers the database shows but the journal lacks (an erasure that came
  by synchronisation, or made before the journal existed) are added to it;
* erasures in the journal that the database does not show are carried out again,
  and so they are when the database's audit head is behind the remembered one; the
  roll-back is recorded as the audit event ``database.rolled_back`` and reported.

The pseudonyms cannot be turned back into ids; the erasures to re-apply are found
by recomputing the pseudonym of every customer the database holds.

Where the file lives: ``VOXPRIVACY_ERASURE_JOURNAL`` if set (a server's configured
path); else, for an SQLite database, beside the database file
(``<file>.erasure-journal``); for PostgreSQL, in this user's data directory, one
file per installation. See docs/backup.md.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import json
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import Select, literal, select

from voxprivacy.domain.enums import CustomerStatus
from voxprivacy.domain.requests import RequestKind, RequestStatus
from voxprivacy.errors import ConfigurationError
from voxprivacy.i18n import _, in_english, ngettext
from voxprivacy.security.audit_chain import GENESIS, canonical
from voxprivacy.security.crypto import derive
from voxprivacy.services import audit, erasure
from voxprivacy.services.context import Context, master_key_name
from voxprivacy.storage import changes
from voxprivacy.storage.database import PRIVATE
from voxprivacy.storage.models import AuditEvent, AuditHead, Customer, PrivacyRequest

ENV_JOURNAL = "VOXPRIVACY_ERASURE_JOURNAL"
SUFFIX = ".erasure-journal"


class JournalTampered(ConfigurationError):
    """The journal file does not pass its check: the database is not opened."""


@dataclass(frozen=True)
class Entry:
    customer: str  # the pseudonym
    request: str | None
    at: datetime


@dataclass
class Journal:
    path: Path
    erasures: dict[str, Entry] = field(default_factory=dict)
    head: tuple[int, str] | None = None  # the remembered audit head
    lines: int = 0
    last_mac: str = GENESIS


@dataclass(frozen=True)
class OpenCheck:
    """What the check at open found and did."""

    journal: Path
    rolled_back: bool = False
    reapplied: int = 0
    added: int = 0
    message: str | None = None  # the sentence for the user, when there was a roll-back


# --------------------------------------------------------------------------- keys and place


def _master(ctx: Context) -> str | None:
    return ctx.secrets.get(master_key_name(ctx.keys().installation_id))


def _journal_key(master: str) -> bytes:
    return derive(master, "erasure-journal")


def pseudonyms(master: str) -> Callable[[uuid.UUID], str]:
    """The pseudonym of a customer id: an HMAC under a key derived from the master key."""
    key = derive(master, "erasure-pseudonym")

    def of(customer_id: uuid.UUID) -> str:
        return hmac.new(key, customer_id.bytes, hashlib.sha256).hexdigest()

    return of


def pseudonym(master: str, customer_id: uuid.UUID) -> str:
    return pseudonyms(master)(customer_id)


def journal_path(ctx: Context) -> Path:
    configured = os.environ.get(ENV_JOURNAL, "").strip()
    if configured:
        return Path(configured).expanduser().resolve()
    path = ctx.db.target.path
    if path is not None:
        return path.with_name(path.name + SUFFIX)
    data = Path(platformdirs.user_data_dir("voxprivacy", appauthor=False))
    return data / "erasure-journals" / f"{ctx.keys().installation_id}{SUFFIX}"


# --------------------------------------------------------------------------- the file


def _tampered(path: Path, line: int, what: str) -> JournalTampered:
    return JournalTampered(
        f"The erasure journal {path} fails its check at line {line} ({what}): it was edited, "
        "cut or reordered, so it cannot be trusted and the database was not opened. Put back "
        "an unaltered copy of that file (from this machine's backups), or move it aside to "
        "start a new journal from the erasures the database shows, and start again."
    )


def _mac(key: bytes, record: dict[str, Any]) -> str:
    return hmac.new(key, canonical(record), hashlib.sha256).hexdigest()


def read(path: Path, master: str) -> Journal:
    """Read and check the whole journal; a missing file is an empty journal."""
    journal = Journal(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return journal
    except OSError as exc:
        raise ConfigurationError(
            _(
                "The erasure journal {path} cannot be read ({strerror}); "
                "fix its permissions and start again."
            ).format(path=path, strerror=exc.strerror)
        ) from None
    key = _journal_key(master)
    for number, text in enumerate(raw.split(b"\n"), start=1):
        if not text.strip():
            if number < raw.count(b"\n") + 1:
                raise _tampered(path, number, "an empty line")
            continue
        try:
            record = json.loads(text)
            mac = record.pop("mac")
            if not isinstance(record, dict) or not isinstance(mac, str):
                raise ValueError
        except (ValueError, KeyError, TypeError, AttributeError):
            raise _tampered(path, number, "not a journal line") from None
        if not hmac.compare_digest(_mac(key, record), mac):
            raise _tampered(path, number, "its seal does not match its content")
        if record.get("n") != number or record.get("prev") != journal.last_mac:
            raise _tampered(path, number, "a line before it is missing or out of order")
        try:
            if record["kind"] == "erasure":
                entry = Entry(
                    str(record["customer"]),
                    record["request"],
                    datetime.fromisoformat(record["at"]),
                )
                journal.erasures[entry.customer] = entry
            elif record["kind"] == "head":
                journal.head = (int(record["seq"]), str(record["hash"]))
            else:
                raise ValueError
        except (ValueError, KeyError, TypeError):
            raise _tampered(path, number, "an unknown kind of line") from None
        journal.lines = number
        journal.last_mac = mac
    return journal


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold the journal's lock: one process at a time reads its end and appends.

    Two commands finishing at once (a desk and a timer's command, two workstations on
    one database) would otherwise seal their lines against the same last line, and the
    journal would then fail its own check."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, PRIVATE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _append(journal: Journal, master: str, records: list[dict[str, Any]]) -> None:
    """Seal and append lines (flushed to disk before this returns), after whatever other
    processes appended since ``journal`` was read."""
    if not records:
        return
    key = _journal_key(master)
    path = journal.path
    try:
        with _locked(path):
            fresh = read(path, master)
            journal.lines, journal.last_mac = fresh.lines, fresh.last_mac
            journal.erasures.update(fresh.erasures)
            journal.head = fresh.head
            out = []
            for record in records:
                record = {**record, "n": journal.lines + 1, "prev": journal.last_mac}
                mac = _mac(key, record)
                out.append(json.dumps({**record, "mac": mac}, sort_keys=True) + "\n")
                journal.lines += 1
                journal.last_mac = mac
                if record["kind"] == "erasure":
                    journal.erasures[record["customer"]] = Entry(
                        record["customer"], record["request"], datetime.fromisoformat(record["at"])
                    )
                else:
                    journal.head = (record["seq"], record["hash"])
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, PRIVATE)
            try:
                os.write(fd, "".join(out).encode())
                os.fsync(fd)
            finally:
                os.close(fd)
    except OSError as exc:
        raise ConfigurationError(
            _(
                "The erasure journal {path} cannot be written "
                "({strerror}); fix its permissions (or set "
                "VOXPRIVACY_ERASURE_JOURNAL to a writable file) and start "
                "again."
            ).format(path=path, strerror=exc.strerror)
        ) from None


def _erasure_record(customer: str, request: object, at: datetime) -> dict[str, Any]:
    return {
        "kind": "erasure",
        "customer": customer,
        "request": str(request) if request is not None else None,
        "at": at.isoformat(timespec="microseconds"),
    }


def position(ctx: Context) -> tuple[int, str]:
    """The journal's length and last seal (written into a backup's manifest)."""
    master = _master(ctx)
    if master is None:
        return 0, GENESIS
    journal = read(journal_path(ctx), master)
    return journal.lines, journal.last_mac


def current_head(ctx: Context) -> tuple[int, str]:
    return _head(ctx)


def _head(ctx: Context) -> tuple[int, str]:
    with ctx.db.read() as session:
        head = session.execute(select(AuditHead).where(AuditHead.id == 1)).scalar_one()
        return int(head.seq), str(head.hash)


def _head_record(head: tuple[int, str]) -> dict[str, Any]:
    return {"kind": "head", "seq": head[0], "hash": head[1]}


# --------------------------------------------------------------------------- writing


def record_erasure(
    ctx: Context, customer_id: uuid.UUID, request_id: uuid.UUID | None, at: datetime
) -> None:
    """After an erasure is committed: journal it, with the audit head that follows it."""
    record_erasures(ctx, [customer_id], request_id, at)


def record_erasures(
    ctx: Context, customer_ids: list[uuid.UUID], request_id: uuid.UUID | None, at: datetime
) -> None:
    """After erasures committed together (a retention run): one line each, then the
    audit head that follows them."""
    master = _master(ctx)
    if master is None or not customer_ids:
        return
    journal = read(journal_path(ctx), master)
    name = pseudonyms(master)
    _append(
        journal,
        master,
        [
            *(_erasure_record(name(cid), request_id, at) for cid in customer_ids),
            _head_record(_head(ctx)),
        ],
    )


def remember_head(ctx: Context) -> None:
    """After a write session: remember the audit head (only when it moved)."""
    master = _master(ctx)
    if master is None:
        return
    journal = read(journal_path(ctx), master)
    head = _head(ctx)
    if journal.head != head:
        _append(journal, master, [_head_record(head)])


# --------------------------------------------------------------------------- the check at open


def _behind(ctx: Context, remembered: tuple[int, str] | None) -> bool:
    """Is the database's audit trail behind (or beside) the remembered head?"""
    if remembered is None or remembered[0] == 0:
        return False
    seq, digest = remembered
    with ctx.db.read() as session:
        at_seq = session.execute(select(AuditEvent.hash).where(AuditEvent.seq == seq)).scalar()
    return at_seq != digest


def erased_customers() -> Select[uuid.UUID, datetime]:
    """The erased customers' ids and times, read through the partial index
    ``ix_customers_erased``: the status is written into the statement, since a planner
    uses a partial index only for a condition it can see (not for a bound parameter)."""
    erased = literal(str(CustomerStatus.ERASED), literal_execute=True)
    return select(Customer.id, Customer.updated_at).where(Customer.status == erased)


def check_at_open(ctx: Context) -> OpenCheck:
    """Check the journal against the database; re-apply erasures it lacks (see module doc).

    Runs before anyone signs in. A database without installation or master key in
    this keyring is left alone (nothing can be checked; the commands that need the
    key say so themselves).
    """
    try:
        master = _master(ctx)
    except ConfigurationError:
        return OpenCheck(Path())
    if master is None:
        return OpenCheck(Path())
    path = journal_path(ctx)
    journal = read(path, master)
    behind = _behind(ctx, journal.head)
    name_of = pseudonyms(master)
    erased = str(CustomerStatus.ERASED)
    shown: set[str] = set()
    missing: list[dict[str, Any]] = []
    with ctx.db.read() as session:
        for cid, updated in session.execute(erased_customers()):
            name = name_of(cid)
            shown.add(name)
            if name not in journal.erasures:
                request = session.execute(
                    select(PrivacyRequest.id).where(
                        PrivacyRequest.customer_id == cid,
                        PrivacyRequest.kind == str(RequestKind.ERASURE),
                        PrivacyRequest.status == str(RequestStatus.COMPLETED),
                    )
                ).scalar()
                missing.append(_erasure_record(name, request, updated))
        live: dict[str, uuid.UUID] = {}
        if not journal.erasures.keys() <= shown:  # some journaled erasure is not shown
            for (cid,) in session.execute(select(Customer.id).where(Customer.status != erased)):
                name = name_of(cid)
                if name in journal.erasures:
                    live[name] = cid
    _append(journal, master, missing)
    if not live and not behind:
        remember_head(ctx)
        return OpenCheck(path, added=len(missing))
    reapplied = _reapply(ctx, journal, live, behind)
    why = (
        _("This database was rolled back or restored from an older copy: its audit trail is "
          "behind the one this workstation remembers.")
        if behind
        else _("This database was rolled back or restored from an older copy: its audit trail "
               "lacks erasures.")
    )  # fmt: skip
    again = ngettext(
        "{n} erasure from the erasure journal was carried out again; erased customers stay "
        "erased. The audit trail records this as 'database.rolled_back'.",
        "{n} erasures from the erasure journal were carried out again; erased customers stay "
        "erased. The audit trail records this as 'database.rolled_back'.",
        reapplied,
    ).format(n=reapplied)
    message = f"{why} {again}"
    return OpenCheck(path, True, reapplied, len(missing), message)


def _reapply(ctx: Context, journal: Journal, live: dict[str, uuid.UUID], behind: bool) -> int:
    with ctx.db.write() as session:
        for name, cid in live.items():
            entry = journal.erasures[name]
            kept = uuid.UUID(entry.request) if entry.request else None
            erasure.purge_customer(session, cid, entry.at, kept, here=True)
            if kept is not None:
                changes.note(session, changes.erasure(cid, entry.at, kept))
        remembered = f"entry {journal.head[0]}" if journal.head else "none"
        audit.record(
            session,
            ctx,
            None,
            "database.rolled_back",
            username="system",
            entity_type="customer" if len(live) == 1 else None,
            entity_id=next(iter(live.values())) if len(live) == 1 else None,
            detail=(
                in_english("re-applied {n} erasure", "re-applied {n} erasures", len(live)).format(
                    n=len(live)
                )
                + " from the erasure journal; "
                f"remembered audit head {remembered}"
                f"{', database behind it' if behind else ''}"
            ),
        )
    if live:
        ctx.db.purge_freed_pages(erasure.ERASURE_TABLES)
    remember_head(ctx)
    return len(live)
