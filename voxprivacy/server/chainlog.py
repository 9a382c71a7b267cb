"""The audit chain's head, logged outside the database at intervals.

The chain links every event to the one before with a keyed hash, so changing
an event in the middle breaks every later link. Someone who can write the
database *and* knows the audit key (an owner-role password plus a stolen
master key, a restored old backup) can still rewrite the tail and the stored
head together, or cut events off the end and move the head back: ``audit
verify`` then checks a chain that is consistent with itself.

The server therefore appends the head (sequence number and hash, with the
time) to a log on its own host at intervals: one JSON object per line in an
append-only file (``chattr +a`` keeps even root's editors from rewriting it),
and a line on the Python logger (so journald or a log shipper keeps a copy
elsewhere). ``check_against_log`` compares every logged head with the chain:
an entry whose hash changed, or that no longer exists, shows the tail was
rewritten or cut off after that time.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from voxprivacy.i18n import _
from voxprivacy.security.audit_chain import GENESIS
from voxprivacy.services.context import Context
from voxprivacy.storage.models import AuditEvent

_log = logging.getLogger("voxprivacy.server.chain")

LOG_MODE = 0o640
_LOOKUP_CHUNK = 1000


@dataclass(frozen=True)
class LoggedHead:
    at: datetime
    seq: int
    hash: str
    line: int = 0  # its line in the log file (1-based; 0 when not read from a file)

    def to_json(self) -> str:
        return json.dumps(
            {"at": self.at.isoformat(timespec="seconds"), "seq": self.seq, "hash": self.hash},
            separators=(",", ":"),
        )

    @property
    def text(self) -> str:
        return f"{self.seq}:{self.hash}"


@dataclass(frozen=True)
class ChainLogReport:
    ok: bool
    checked: int  # logged heads compared
    chain_seq: int  # the chain's head now
    chain_hash: str
    first_mismatch: LoggedHead | None = None
    problem: str | None = None


def current_head(ctx: Context) -> tuple[int, str]:
    """The newest event's (seq, hash); (0, GENESIS) for an empty chain."""
    with ctx.db.read() as session:
        last = session.execute(
            select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)
        ).first()
    return (int(last[0]), str(last[1])) if last else (0, GENESIS)


def log_chain_head(ctx: Context, where: Path | logging.Logger) -> LoggedHead:
    """Append the chain's head now to ``where`` (a file path: also to the Python logger)."""
    seq, digest = current_head(ctx)
    head = LoggedHead(ctx.now().astimezone(UTC), seq, digest)
    logger = where if isinstance(where, logging.Logger) else _log
    logger.info("audit chain head %s at %s", head.text, head.to_json())
    if isinstance(where, Path):
        append_line(where, head.to_json())
    return head


def append_line(path: Path, line: str) -> None:
    """Append one line (O_APPEND: concurrent writers never interleave within a line)."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, LOG_MODE)
    try:
        os.write(fd, (line + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


class LogUnreadable(ValueError):
    """The chain-head log cannot be read or has a line that is not a logged head."""


def read_log(path: Path) -> list[LoggedHead]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LogUnreadable(_("There is no chain-head log at {path}.").format(path=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LogUnreadable(
            _("The chain-head log {path} cannot be read ({exc}).").format(path=path, exc=exc)
        ) from None
    heads: list[LoggedHead] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
            head = LoggedHead(
                datetime.fromisoformat(str(data["at"])),
                int(data["seq"]),
                str(data["hash"]).lower(),
                number,
            )
        except (ValueError, KeyError, TypeError):
            raise LogUnreadable(
                _(
                    "Line {number} of {path} is not a logged chain head "
                    '({{"at": …, "seq": …, "hash": …}}); was the log edited?'
                ).format(number=number, path=path)
            ) from None
        if head.seq < 0 or len(head.hash) != 64:
            raise LogUnreadable(
                _("Line {number} of {path} is not a logged chain head.").format(
                    number=number, path=path
                )
            )
        heads.append(head)
    return heads


def _stored_hashes(ctx: Context, seqs: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(seqs))
    found: dict[int, str] = {}
    with ctx.db.read() as session:
        for start in range(0, len(wanted), _LOOKUP_CHUNK):
            chunk = wanted[start : start + _LOOKUP_CHUNK]
            rows = session.execute(
                select(AuditEvent.seq, AuditEvent.hash).where(AuditEvent.seq.in_(chunk))
            )
            found.update((int(seq), str(digest)) for seq, digest in rows)
    return found


def check_against_log(ctx: Context, log_path: Path) -> ChainLogReport:
    """Compare every head in the log with the chain; report the first one that no longer holds.

    Raises ``LogUnreadable`` for a log that cannot be read or parsed.
    """
    heads = read_log(log_path)
    chain_seq, chain_hash = current_head(ctx)
    with ctx.db.read() as session:
        count = int(session.execute(select(func.count()).select_from(AuditEvent)).scalar_one())
    stored = _stored_hashes(ctx, (h.seq for h in heads if h.seq > 0))
    for head in heads:
        when = head.at.isoformat(timespec="seconds")
        if head.seq == 0:
            continue  # an empty chain was logged: nothing to compare
        digest = stored.get(head.seq)
        if digest is None:
            problem = (
                f"the log recorded entry {head.seq} at {when} (line {head.line}), but the "
                f"chain now ends at entry {chain_seq}: entries were cut off"
                if head.seq > chain_seq
                else f"the log recorded entry {head.seq} at {when} (line {head.line}), but "
                "the chain no longer has it"
            )
        elif digest != head.hash:
            problem = (
                f"entry {head.seq} differs from the head logged at {when} (line {head.line}): "
                "the chain was rewritten at or before that entry"
            )
        else:
            continue
        return ChainLogReport(False, len(heads), chain_seq, chain_hash, head, problem)
    if chain_seq != count:
        return ChainLogReport(
            False,
            len(heads),
            chain_seq,
            chain_hash,
            None,
            f"the chain's newest entry is {chain_seq} but it holds {count} entries: "
            "entries are missing; run 'voxprivacy-admin audit verify'",
        )
    return ChainLogReport(True, len(heads), chain_seq, chain_hash)
