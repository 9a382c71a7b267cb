"""Branch offices enrolled through voxprivacy-server: tokens, keys, revocation.

An admin (with a fresh code) issues a one-time enrolment token for a branch name;
only the token's SHA-256 is stored, with its lifetime. The branch makes an Ed25519
key pair and its own field-encryption key, and sends the public key and the field
key with the token (``enrol``, run by the server, not a staff service). From then
on every sync request is signed with the branch's private key over the request,
a time and a nonce (``verify_request``); a copied request is refused, a revoked
branch is refused with a sentence that says so, and nothing else is a credential.

The branch's field key is kept wrapped under the central master key: the server
re-encrypts the values a branch holds (card tokens, second-factor secrets) between
the central key and the branch's, so a branch never holds the central master key.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from voxprivacy.domain.enums import AuditOutcome
from voxprivacy.domain.roles import Permission
from voxprivacy.errors import AuthenticationFailed, BadInput, ConfigurationError, NotFound, Refused
from voxprivacy.i18n import _, ngettext
from voxprivacy.security.crypto import FieldCipher, derive
from voxprivacy.services import audit
from voxprivacy.services.context import Actor, Context, master_key_name
from voxprivacy.services.guard import reads, writes
from voxprivacy.storage import changes as ch
from voxprivacy.storage.models import Branch, BranchEnrolment, BranchNonce

TOKEN_PREFIX = "vxb1-"
DEFAULT_LIFETIME = timedelta(hours=24)
LONGEST_LIFETIME = timedelta(days=7)
# A signed request is accepted this long either side of the server's time; its nonce
# is remembered at least as long, so within the window a copy is refused by its nonce
# and after it by its time.
REQUEST_WINDOW = timedelta(minutes=5)
NAME_LIMIT = 100
SEEN_EVERY = timedelta(seconds=30)  # last_seen_at is written at most this often
FIELD_KEY_BYTES = 32


@dataclass(frozen=True)
class EnrolmentToken:
    branch: str
    token: str  # shown once; only its hash is kept
    expires_at: datetime


@dataclass(frozen=True)
class BranchView:
    name: str
    enrolled_at: datetime
    enrolled_by: str
    last_seen_at: datetime | None
    revoked_at: datetime | None
    revoked_by: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class Enrolled:
    """What a newly enrolled branch is told."""

    branch: str
    installation_id: str  # the central installation it is a copy of


def hash_token(token: str) -> bytes:
    return hashlib.sha256(token.strip().encode("utf-8", "surrogateescape")).digest()


def check_name(raw: str) -> str:
    name = raw.strip()
    if not name or len(name) > NAME_LIMIT or not name.isprintable():
        raise BadInput(
            _(
                "{raw!r} is not usable as a branch name (printable text, 1 to {limit} "
                "characters); choose another."
            ).format(raw=raw, limit=NAME_LIMIT),
            "branch",
        )
    if name.casefold() == "central":
        raise BadInput(
            _("'central' names the central database's own changes; choose another branch name."),
            "branch",
        )
    return name


def _view(row: Branch) -> BranchView:
    return BranchView(
        row.name, row.enrolled_at, row.enrolled_by, row.last_seen_at, row.revoked_at, row.revoked_by
    )


@writes(Permission.CONFIGURE, fresh=True)
def issue_enrolment(
    ctx: Context, actor: Actor, branch: str, lifetime_hours: float = 24.0
) -> EnrolmentToken:
    """A one-time token with which the branch ``branch`` enrols (admins, fresh code).

    The token is shown once and expires after ``lifetime_hours`` (at most a week).
    A name already enrolled and not revoked is refused.
    """
    name = check_name(branch)
    lifetime = timedelta(hours=lifetime_hours)
    if lifetime <= timedelta(0) or lifetime > LONGEST_LIFETIME:
        raise BadInput(
            _(
                "An enrolment token lives between a minute and a week; give --hours between "
                "0.02 and 168."
            ),
            "lifetime_hours",
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = ctx.now()
    with ctx.db.write() as session:
        existing = session.get(Branch, name)
        if existing is not None and existing.revoked_at is None:
            raise Refused(
                _(
                    "The branch {name!r} is already enrolled (since {since} UTC); revoke it "
                    "first with 'branch revoke {name}' to enrol it again."
                ).format(name=name, since=f"{existing.enrolled_at:%Y-%m-%d %H:%M}")
            )
        session.add(
            BranchEnrolment(
                token_hash=hash_token(token),
                branch=name,
                issued_by=actor.username,
                issued_at=now,
                expires_at=now + lifetime,
            )
        )
        audit.record(
            session,
            ctx,
            actor,
            "branch.enrolment_issued",
            entity_type="branch",
            entity_id=name,
            detail=f"valid until {now + lifetime:%Y-%m-%d %H:%M} UTC",
        )
    return EnrolmentToken(name, token, now + lifetime)


@reads(Permission.CONFIGURE)
def list_branches(ctx: Context, actor: Actor) -> list[BranchView]:
    """Every enrolled branch, revoked ones included, by name."""
    with ctx.db.read() as session:
        return [_view(r) for r in session.execute(select(Branch).order_by(Branch.name)).scalars()]


@writes(Permission.CONFIGURE, fresh=True)
def revoke_branch(ctx: Context, actor: Actor, branch: str) -> BranchView:
    """Refuse every later request of the branch (admins, fresh code).

    Its queued changes stay in its own outbox: nothing it did is lost, and an admin
    who enrols it again (a new token) lets them through the usual checks.
    """
    now = ctx.now()
    with ctx.db.write() as session:
        row = session.get(Branch, branch.strip(), with_for_update=True)
        if row is None:
            raise NotFound(
                _("There is no enrolled branch {branch!r}; 'branch list' shows them.").format(
                    branch=branch
                ),
                "branch",
            )
        if row.revoked_at is not None:
            raise Refused(
                _("The branch {name!r} was already revoked on {at} UTC by {admin}.").format(
                    name=row.name, at=f"{row.revoked_at:%Y-%m-%d %H:%M}", admin=row.revoked_by
                )
            )
        row.revoked_at, row.revoked_by = now, actor.username
        session.execute(delete(BranchNonce).where(BranchNonce.branch == row.name))
        audit.record(session, ctx, actor, "branch.revoke", entity_type="branch", entity_id=row.name)
        return _view(row)


# ----------------------------------------------------------------------------- the server's side


def _public_key(raw: bytes) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise BadInput(_("The branch's public key is not an Ed25519 key."), "public_key") from None


def enrol(ctx: Context, token: str, public_key: bytes, field_key: bytes) -> Enrolled:
    """Use a one-time token: the branch's public key and field key are kept under its name.

    Run by the server for a request that carries the token; a token that is unknown,
    altered, expired or already used is refused (and the attempt audited).
    """
    _public_key(public_key)
    if len(field_key) != FIELD_KEY_BYTES:
        raise BadInput(_("The branch's field key must be 32 bytes."), "field_key")
    now = ctx.now()
    keys = ctx.keys()
    refusal: str | None = None
    with ctx.db.write() as session:
        row = session.get(BranchEnrolment, hash_token(token), with_for_update=True)
        if row is None:
            refusal = _(
                "This enrolment token is not one head office issued (mistyped or altered); "
                "ask an admin for a new one ('branch enrol NAME')."
            )
        elif row.used_at is not None:
            refusal = _(
                "This enrolment token was already used on {at} UTC "
                "(for the branch {branch!r}); a token enrols one branch once. Ask an "
                "admin for a new one."
            ).format(at=f"{row.used_at:%Y-%m-%d %H:%M}", branch=row.branch)
        elif row.expires_at <= now:
            refusal = _(
                "This enrolment token expired on {at} UTC; ask an admin for a new one."
            ).format(at=f"{row.expires_at:%Y-%m-%d %H:%M}")
        else:
            name = row.branch
            existing = session.get(Branch, name, with_for_update=True)
            if existing is not None and existing.revoked_at is None:
                refusal = _(
                    "The branch {name!r} is already enrolled; an admin revokes it first "
                    "('branch revoke {name}') and issues a new token."
                ).format(name=name)
            elif session.execute(
                select(Branch.name).where(Branch.public_key == public_key, Branch.name != name)
            ).first():
                refusal = _("This public key belongs to another branch already; make a new one.")
            else:
                row.used_at = now
                wrapped = _wrapping(ctx).encrypt(
                    base64.b64encode(field_key).decode("ascii"), "branches", "field_key", name
                )
                if existing is None:
                    existing = Branch(name=name)
                    session.add(existing)
                existing.public_key = public_key
                existing.field_key = wrapped
                existing.enrolled_at = now
                existing.enrolled_by = row.issued_by
                existing.last_seen_at = now
                existing.revoked_at = None
                existing.revoked_by = None
                audit.record(
                    session,
                    ctx,
                    None,
                    "branch.enrol",
                    entity_type="branch",
                    entity_id=name,
                    username=f"branch {name}",
                    detail=f"token issued by {row.issued_by}",
                )
                return Enrolled(name, keys.installation_id)
    audit.record_alone(
        ctx,
        None,
        "branch.enrol",
        entity_type="branch",
        username="branch (not enrolled)",
        outcome=AuditOutcome.REFUSED,
        detail=refusal,
    )
    raise AuthenticationFailed(refusal or "The enrolment was refused.")


def _wrapping(ctx: Context) -> FieldCipher:
    """The cipher that wraps branch field keys: its key derived from the central master key."""
    keys = ctx.keys()
    master = ctx.secrets.get(master_key_name(keys.installation_id))
    if master is None:  # pragma: no cover - ctx.keys() already refused
        raise ConfigurationError(_("The server's keyring has no master key."))
    return FieldCipher(derive(master, "branch-field-keys"))


def field_key(ctx: Context, branch: Branch) -> bytes:
    """The branch's own field-encryption key, unwrapped with the central master key."""
    text = _wrapping(ctx).decrypt(branch.field_key, "branches", "field_key", branch.name)
    return base64.b64decode(text)


def revoked_sentence(row: Branch, waiting: str = "") -> str:
    return _(
        "The branch {name!r} was revoked on {at} UTC by {admin}; head office accepts nothing "
        "from it. Its queued changes are kept in the branch's own database{waiting}; an admin "
        "can enrol it again with a new token ('branch enrol NAME'), after which they are sent "
        "through the usual checks."
    ).format(
        name=row.name, at=f"{row.revoked_at:%Y-%m-%d %H:%M}", admin=row.revoked_by, waiting=waiting
    )


def verify_request(
    ctx: Context, name: str, message: bytes, signature: bytes, nonce: str, at: datetime
) -> Branch:
    """The enrolled, not revoked branch whose key signed ``message``; refused otherwise.

    ``at`` is the time the request says it was made; with ``nonce`` it is part of the
    signed message, so neither can be changed, and a request seen before is refused.
    """
    now = datetime.now(UTC)  # the wall clock, as the branch signs with
    with ctx.db.write() as session:
        # nothing here is synchronised: no need to queue behind a push for the log's counter
        session.info[ch.APPLYING] = True
        row = session.get(Branch, name)
        unknown = AuthenticationFailed(
            _(
                "Head office has no enrolled branch {name!r} with this key; enrol the branch "
                "with a token from an admin ('voxprivacy-admin sync --server URL --enrol TOKEN')."
            ).format(name=name)
        )
        if row is None:
            raise unknown
        try:
            _public_key(row.public_key).verify(signature, message)
        except InvalidSignature:
            raise unknown from None
        if row.revoked_at is not None:
            raise Refused(revoked_sentence(row))
        if abs(now - at) > REQUEST_WINDOW:
            window = int(REQUEST_WINDOW.total_seconds() // 60)
            raise AuthenticationFailed(
                ngettext(
                    "This request was signed at {at} UTC and head office's time is {now} UTC; "
                    "a request is accepted within {n} minute. Set the branch's clock right "
                    "(NTP) and sync again.",
                    "This request was signed at {at} UTC and head office's time is {now} UTC; "
                    "a request is accepted within {n} minutes. Set the branch's clock right "
                    "(NTP) and sync again.",
                    window,
                ).format(at=f"{at:%Y-%m-%d %H:%M:%S}", now=f"{now:%Y-%m-%d %H:%M:%S}", n=window)
            )
        session.execute(delete(BranchNonce).where(BranchNonce.seen_at < now - 2 * REQUEST_WINDOW))
        session.add(BranchNonce(branch=name, nonce=nonce, seen_at=now))
        try:
            session.flush()
        except IntegrityError:
            raise AuthenticationFailed(
                _(
                    "This request was sent before (its nonce was already used); a copied "
                    "request is refused. Sync again: a new request is signed each time."
                )
            ) from None
        if row.last_seen_at is None or now - row.last_seen_at >= SEEN_EVERY:
            row.last_seen_at = now
            session.flush()
        session.expunge(row)
        return row
