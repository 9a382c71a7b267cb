"""A workstation's context whose services run on voxprivacy-server.

``remote_context(url)`` returns a ``Context`` with no database and no keys: its
``remote`` transport sends every registered service to the server (the service
gate does it, ``services/guard.py``), so the desk and the command line keep
calling ``customers.edit_customer(ctx, actor, …)`` unchanged.

TLS is verified against the system's certificate store, or pinned to the SHA-256
fingerprint of a self-signed server certificate: every connection the pool opens
compares the digest of the certificate presented on it with the pin right after its
handshake, before a request is written on it (``client/pinned_tls.py``). The
signed-in member's token lives in their ``Actor``, in memory only; ``checked_at``
there mirrors the server's for the countdown and is refreshed from every answer
(the server never reads it from the client).
"""

from __future__ import annotations

import base64
import functools
import json
import os
import socket
import ssl
import tempfile
import threading
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

import httpx

import voxprivacy
from voxprivacy import i18n
from voxprivacy.api.wire_errors import rebuild
from voxprivacy.client.pinned_tls import PinnedContext, PinRefused, refusal_in
from voxprivacy.domain.enums import Role
from voxprivacy.errors import (
    BadInput,
    ConfigurationError,
    DatabaseUnavailable,
    KeyringUnavailable,
    RateLimited,
    SessionEnded,
)
from voxprivacy.i18n import _
from voxprivacy.services.context import Actor, Context, Keys, system_clock

if TYPE_CHECKING:
    from voxprivacy.api.codec import ServiceCodec
    from voxprivacy.security.keyring_store import SecretStore
    from voxprivacy.storage.database import Database

API = "/api/v1"
WORKSTATION_HEADER = "Voxprivacy-Workstation"  # where files written for this call end up
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 120.0  # an erasure or an access package can take a while
KEEP_ALIVE_SECONDS = 30.0  # an idle connection is closed after this (the server's: 75 s)


def normalise_fingerprint(raw: str) -> str:
    """``AB:CD:…``, ``sha256:abcd…`` or ``SHA256 Fingerprint=AB:…`` → lowercase hex."""
    text = raw.strip().lower()
    for prefix in ("sha256 fingerprint=", "sha256:", "sha256="):
        text = text.removeprefix(prefix)
    digits = "".join(ch for ch in text if ch not in ": -")
    if len(digits) != 64 or any(ch not in "0123456789abcdef" for ch in digits):
        raise BadInput(
            _(
                "{raw!r} is not a SHA-256 certificate fingerprint; copy "
                "the one 'voxprivacy-admin server init' printed (64 "
                "hexadecimal digits, colons allowed)."
            ).format(raw=raw),
            "server_fingerprint",
        )
    return digits


def show_fingerprint(digits: str) -> str:
    return ":".join(digits[i : i + 2] for i in range(0, len(digits), 2)).upper()


def check_server_url(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme != "https" or not parts.hostname:
        raise BadInput(
            _(
                "{url!r} is not a head office server address; use "
                "https://host:port (the server speaks only TLS)."
            ).format(url=url),
            "server",
        )
    return url.strip().rstrip("/")


def default_label(program: str) -> str:
    return f"{program} {voxprivacy.__version__} on {socket.gethostname()}"[:200]


class NoDatabase:
    """The database of a workstation that talks to the server: there is none here.

    It stands where a ``Database`` would (every attribute refuses), without importing
    the database code: a workstation never loads SQLAlchemy to start.
    """

    def __init__(self, server: str) -> None:  # no engine: nothing to open
        object.__setattr__(self, "_server", server)

    def __getattribute__(self, name: str) -> Any:
        if name.startswith("__") or name == "_server":
            return object.__getattribute__(self, name)
        raise ConfigurationError(
            _(
                "This workstation is connected to the head office server "
                "({server}) and has no database of its own; this step "
                "works only on a workstation with a local database."
            ).format(server=object.__getattribute__(self, "_server"))
        )


class NoSecrets:
    """A workstation in server mode keeps no database password and no master key.

    It answers as a ``SecretStore`` does, without loading the keyring library.
    """

    def check(self) -> None:
        return None

    def ensure_usable(self) -> None:
        return None  # nothing is ever stored here

    def get(self, name: str) -> str | None:
        return None

    def put(self, name: str, value: str) -> None:
        raise KeyringUnavailable(
            _(
                "A workstation connected to the head office server keeps "
                "no keys; nothing was stored."
            )
        )

    def delete(self, name: str) -> None:
        return None


class RemoteContext(Context):
    """The context of a workstation whose services run on the server."""

    def __init__(
        self, transport: RemoteTransport, clock: Callable[[], datetime] = system_clock
    ) -> None:
        super().__init__(
            cast("Database", NoDatabase(transport.base)),
            cast("SecretStore", NoSecrets()),
            clock=clock,
            remote=transport,
        )
        self.transport = transport

    def keys(self) -> Keys:
        raise ConfigurationError(
            _(
                "The database's keys stay on the head office server; this "
                "workstation never holds them."
            )
        )


class RemoteTransport:
    """Sends registered services to the server over one reused HTTPS connection pool."""

    def __init__(
        self,
        url: str,
        *,
        fingerprint: str | None = None,
        client_label: str | None = None,
        timeout: float = READ_TIMEOUT,
    ) -> None:
        self.base = check_server_url(url)
        self.pin = normalise_fingerprint(fingerprint) if fingerprint else None
        self.label = client_label or default_label("voxprivacy")
        self.host = socket.gethostname()
        self._timeout = httpx.Timeout(timeout, connect=CONNECT_TIMEOUT)
        self._client: httpx.Client | None = None
        self._lock = threading.Lock()

    # ---- the connection -------------------------------------------------------------

    def _tls(self) -> ssl.SSLContext:
        if self.pin is None:
            return ssl.create_default_context()
        # checked on every connection the pool opens, before a request is written on it
        return PinnedContext(self.pin)

    def _pin_refused(self, refused: PinRefused) -> DatabaseUnavailable:
        assert self.pin is not None
        if refused.problem == "expired" and refused.until is not None:
            return DatabaseUnavailable(
                _(
                    "The pinned certificate of the head office server at {base} "
                    "expired on {until}. Nothing was sent. Ask IT to renew the "
                    "server's certificate and to give you its new fingerprint."
                ).format(base=self.base, until=f"{refused.until:%Y-%m-%d}")
            )
        if refused.problem == "not yet valid" and refused.until is not None:
            return DatabaseUnavailable(
                _(
                    "The pinned certificate of the head office server at {base} "
                    "is valid only from {until}. Nothing was sent. Check this "
                    "computer's clock, or ask IT."
                ).format(base=self.base, until=f"{refused.until:%Y-%m-%d}")
            )
        return DatabaseUnavailable(
            _(
                "The head office server at {base} presented a certificate "
                "with the fingerprint {show_fingerprint_seen}, but this "
                "workstation expects {pin}. Nothing was sent. If the "
                "server's certificate was renewed, get the new fingerprint "
                "from IT; otherwise someone may be intercepting the "
                "connection."
            ).format(
                base=self.base,
                show_fingerprint_seen=show_fingerprint(refused.seen) if refused.seen else "—",
                pin=show_fingerprint(self.pin),
            )
        )

    def client(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                self._client = httpx.Client(
                    base_url=self.base,
                    verify=self._tls(),
                    timeout=self._timeout,
                    # an idle connection is dropped here well before the server drops it
                    # (75 s), so a request after a pause never races the server's close
                    limits=httpx.Limits(keepalive_expiry=KEEP_ALIVE_SECONDS),
                    headers={"User-Agent": f"voxprivacy/{voxprivacy.__version__}"},
                )
            return self._client

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    def _unreachable(self, exc: BaseException) -> DatabaseUnavailable:
        refused = refusal_in(exc)
        if refused is not None and self.pin is not None:
            return self._pin_refused(refused)
        if isinstance(exc, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(exc):
            return DatabaseUnavailable(
                _(
                    "The certificate of the head office server at {base} is not trusted "
                    "by this workstation ({reason}). For a self-signed server give its "
                    "fingerprint with --server-fingerprint (VOXPRIVACY_SERVER_FINGERPRINT); "
                    "otherwise ask IT."
                ).format(
                    base=self.base,
                    reason=getattr(exc, "verify_message", None) or _("not verified"),
                )
            )
        if isinstance(exc, ssl.SSLError) or "SSL" in str(exc):
            return DatabaseUnavailable(
                _(
                    "The TLS handshake with {base} failed ({reason}): something "
                    "answers there, but not a head office server speaking TLS; check the "
                    "address and the port, or ask IT."
                ).format(base=self.base, reason=_ssl_reason(exc))
            )
        return DatabaseUnavailable(
            _("Cannot reach the head office server at {base}; check the address or ask IT.").format(
                base=self.base
            )
        )

    def post(self, path: str, body: Mapping[str, Any], token: str | None = None) -> Any:
        headers = {
            "Content-Type": "application/json",
            WORKSTATION_HEADER: self.host,
            "Accept-Language": i18n.language(),  # the server answers in the caller's language
        }
        if token:
            headers["Authorization"] = f"Bearer {token}"
        # escaped ASCII: text a terminal could not decode reaches the service, which says so
        content = json.dumps(body, ensure_ascii=True, separators=(",", ":"))
        try:
            response = self.client().post(f"{API}{path}", content=content, headers=headers)
        except httpx.TimeoutException:
            raise DatabaseUnavailable(
                _(
                    "The head office server at {base} did not answer in time. "
                    "A change may or may not have been made: look before "
                    "trying again, or ask IT."
                ).format(base=self.base)
            ) from None
        except httpx.TransportError as exc:
            cause = exc.__cause__ or exc.__context__ or exc
            raise self._unreachable(cause if isinstance(cause, Exception) else exc) from None
        try:
            data = response.json()
        except ValueError:
            data = None
        if response.status_code >= 400:
            error = rebuild(data, response.status_code)
            if isinstance(error, RateLimited):
                retry = response.headers.get("Retry-After", "1")
                error.retry_after = int(retry) if retry.isdigit() else 1
            _restore(error)
            raise error
        if not isinstance(data, dict):
            raise DatabaseUnavailable(
                _(
                    "The head office server at {base} sent an answer this "
                    "client does not understand; ask IT to check that the "
                    "server and the desk are the same version."
                ).format(base=self.base)
            )
        return data

    def health(self) -> dict[str, Any]:
        try:
            response = self.client().get(f"{API}/health")
        except httpx.TransportError as exc:
            raise self._unreachable(exc.__cause__ or exc) from None
        try:
            data = response.json()
        except ValueError:
            data = None
        if response.status_code >= 400 or not isinstance(data, dict):
            raise rebuild(data, response.status_code)
        return data

    # ---- the services ---------------------------------------------------------------

    def sign_in(self, username: str, password: str) -> Actor:
        data = self.post(
            "/sign-in", {"username": username, "password": password, "client_label": self.label}
        )
        state = data["actor"]
        actor = Actor(uuid.UUID(state["staff_id"]), state["username"], Role(state["role"]))
        actor.token = data["token"]
        return actor

    def call(
        self,
        name: str,
        function: Callable[..., Any],
        actor: Actor | None,
        arguments: Mapping[str, Any],
    ) -> Any:
        # the codec loads with the first service called (its module, SQLAlchemy among
        # them, is loaded by then); signing in needs neither
        from voxprivacy.api.codec import LOCAL_ONLY, map_paths, wire_name

        wire = wire_name(name)
        if wire == "auth.sign_in":
            return self.sign_in(arguments["username"], arguments["password"])
        if wire in LOCAL_ONLY:
            raise ConfigurationError(LOCAL_ONLY[wire])
        codec = _codec(name)
        token = actor.token if actor is not None else None
        if codec.takes_actor and token is None:
            raise SessionEnded(_("You are not signed in to the head office server; sign in again."))
        local_out: Path | None = None
        if codec.writes_files:
            local_out = _check_out_dir(arguments.get("out_dir")).resolve()
            arguments = {**arguments, "out_dir": local_out}
        data = self.post(
            f"/services/{wire}", {"args": codec.encode_arguments(arguments)}, token=token
        )
        if actor is not None:
            _mirror(actor, data)
            if wire == "auth.sign_out":
                actor.token = None
        result = codec.decode_result(data.get("result"))
        if local_out is not None:
            folder = local_out
            names = _write_files(folder, data.get("files") or [])
            result = map_paths(
                result, lambda p: folder / p.name if not p.is_absolute() and p.name in names else p
            )
        return result


@functools.cache
def _codec(name: str) -> ServiceCodec:
    """The codec of the registered service the gate hands over, built from that service
    alone: a workstation does not import every service's module to call one (the server
    builds the same codec from the same signature, ``api.codec.codec_for``)."""
    from voxprivacy.api.codec import build_codec, wire_name
    from voxprivacy.services.guard import REGISTRY

    return build_codec(wire_name(name), REGISTRY[name])


def _ssl_reason(exc: BaseException) -> str:
    """``WRONG_VERSION_NUMBER`` and the like, without the library's decoration."""
    reason = getattr(exc, "reason", None)
    if isinstance(reason, str) and reason:
        return reason.replace("_", " ").lower()
    text = str(exc).strip()
    return text[:120] or "no reason given"


def _mirror(actor: Actor, data: Mapping[str, Any]) -> None:
    """The actor as the server sees it now: role, step-up time, a new token after unlock."""
    state = data.get("actor") or {}
    if "role" in state:
        actor.role = Role(state["role"])
    checked = state.get("checked_at")
    actor.checked_at = datetime.fromisoformat(checked) if checked else None
    if data.get("token"):
        actor.token = data["token"]


def _check_out_dir(out_dir: object) -> Path:
    """The folder on this workstation where a service's files go (checked before sending)."""
    if not isinstance(out_dir, str | Path):
        raise BadInput(_("Choose a folder for the files with --out."), "out")
    target = Path(out_dir).expanduser()
    if not target.is_dir():
        raise BadInput(
            _("{target} is not a folder; create it or choose another with --out.").format(
                target=target
            ),
            "out",
        )
    if not os.access(target, os.W_OK):
        raise BadInput(
            _("The folder {target} is not writable; choose another with --out.").format(
                target=target
            ),
            "out",
        )
    return target


def _write_files(folder: Path, files: list[Any]) -> set[str]:
    """The files the server wrote, written here (each atomically, readable by you only)."""
    written: set[str] = set()
    for item in files:
        name = Path(str(item.get("name", ""))).name
        if not name or name.startswith("."):
            continue
        data = base64.b64decode(str(item.get("data", "")))
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.chmod(tmp, 0o600)
            os.replace(tmp, folder / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written.add(name)
    return written


def _restore(error: Exception) -> None:
    """Errors that carry more than a message get it back (the fresh customer record).

    ``rebuild`` made them from their own classes, so their modules are loaded then."""
    if type(error).__module__.startswith("voxprivacy.services.customers."):
        _restore_customer_error(error)


def _restore_customer_error(error: Exception) -> None:
    from pydantic import TypeAdapter

    from voxprivacy.services.customers.duplicates import DuplicateHit, PossibleDuplicates
    from voxprivacy.services.customers.edit import StaleCustomerEdit, view_from_dict

    if isinstance(error, StaleCustomerEdit):
        error.view = view_from_dict(error.current)
    if isinstance(error, PossibleDuplicates):
        error.hits = TypeAdapter(list[DuplicateHit]).validate_python(error.hits)


def remote_context(
    url: str,
    *,
    fingerprint: str | None = None,
    client_label: str | None = None,
    clock: Callable[[], datetime] = system_clock,
) -> RemoteContext:
    """A context whose services run on the head office server at ``url``."""
    transport = RemoteTransport(url, fingerprint=fingerprint, client_label=client_label)
    return RemoteContext(transport, clock=clock)
