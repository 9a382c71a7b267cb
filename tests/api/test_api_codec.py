"""The wire: arguments typed from a service's signature, and one error shape that comes
back as the same exception class."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from voxprivacy.api.codec import LOCAL_ONLY, codec_for, map_paths, remote_services
from voxprivacy.api.wire_errors import error_body, rebuild
from voxprivacy.errors import (
    AuthenticationFailed,
    BadInput,
    CustomerErased,
    DatabaseBusy,
    DatabaseUnavailable,
    FourEyesViolation,
    NotFound,
    RateLimited,
    Refused,
    RoleForbidden,
    StaleEdit,
    StepUpRequired,
    VoxError,
)
from voxprivacy.services.customers import InvalidFields
from voxprivacy.services.requests import AccessPackage


def test_every_remote_service_has_a_codec_and_the_local_ones_are_refused() -> None:
    for name in remote_services():
        codec = codec_for(name)
        codec.arguments_model.model_json_schema()
    for name, reason in LOCAL_ONLY.items():
        with pytest.raises(Refused) as refused:
            codec_for(name)
        assert refused.value.message == reason
    with pytest.raises(NotFound, match=r"no service 'audit\.record'"):
        codec_for("audit.record")


def test_arguments_are_validated_and_a_failure_names_the_argument() -> None:
    codec = codec_for("customers.edit.edit_customer")
    decoded = codec.decode_arguments(
        {
            "ref": "VX12345678",
            "changes": {"name": "Ada"},
            "verified_by": "callback",
            "expected_version": "3",
        }
    )
    assert decoded == {
        "ref": "VX12345678",
        "changes": {"name": "Ada"},
        "verified_by": "callback",
        "expected_version": 3,
    }
    with pytest.raises(BadInput) as wrong:
        codec.decode_arguments({"ref": "VX1", "changes": {"name": 5}, "verified_by": "pin"})
    assert wrong.value.field == "changes" and "changes.name" in wrong.value.message
    with pytest.raises(BadInput, match="needs the argument 'changes'") as missing:
        codec.decode_arguments({"ref": "VX1", "verified_by": "pin"})
    assert missing.value.field == "changes"
    with pytest.raises(BadInput, match="has no argument 'checked_at'"):
        codec.decode_arguments(
            {"ref": "VX1", "changes": {}, "verified_by": "pin", "checked_at": "2026-01-01"}
        )
    revoke = codec_for("sessions.revoke_session")
    assert revoke.decode_arguments({"session_id": str(uuid.UUID(int=7))}) == {
        "session_id": uuid.UUID(int=7)
    }


def test_results_travel_as_json_and_come_back_typed() -> None:
    codec = codec_for("requests.complete_access")
    sent = AccessPackage([Path("PR-1.json"), Path("PR-1.html")], "1 card")
    wire = codec.encode_result(sent)
    assert wire == {"paths": ["PR-1.json", "PR-1.html"], "billing_follows": "1 card"}
    back = codec.decode_result(wire)
    assert back == sent
    moved = map_paths(back, lambda p: Path("/home/anna/out") / p.name)
    assert moved.paths == [Path("/home/anna/out/PR-1.json"), Path("/home/anna/out/PR-1.html")]


ERRORS: list[tuple[VoxError, int, str]] = [
    (BadInput("The email is not valid.", "email"), 400, "bad_input"),
    (NotFound("No customer VX1.", "customer"), 404, "not_found"),
    (StaleEdit("Changed meanwhile.", {"name": "Otto", "version": 4}), 409, "stale_edit"),
    (Refused("Not now."), 403, "refused"),
    (FourEyesViolation("Not your own."), 403, "refused"),
    (CustomerErased("Erased."), 403, "refused"),
    (RoleForbidden("Your role may not."), 403, "role_forbidden"),
    (StepUpRequired("Enter a code."), 403, "step_up_required"),
    (AuthenticationFailed("Sign-in failed."), 401, "authentication_failed"),
    (RateLimited("Too many.", retry_after=7), 429, "rate_limited"),
    (DatabaseBusy("Busy."), 503, "busy"),
    (DatabaseUnavailable("Down."), 503, "unavailable"),
    (InvalidFields({"email": "The email is not valid.", "phone": "Bad phone."}), 400, "bad_input"),
]


@pytest.mark.parametrize(("exc", "status", "kind"), ERRORS, ids=lambda x: type(x).__name__)
def test_each_error_comes_back_as_its_own_class(exc: VoxError, status: int, kind: str) -> None:
    got_status, body, headers = error_body(exc)
    assert (got_status, body["error"]["kind"]) == (status, kind)
    back = rebuild(body, got_status)
    assert type(back) is type(exc)
    assert back.message == exc.message and back.exit_status == exc.exit_status
    assert getattr(back, "field", None) == getattr(exc, "field", None)
    if isinstance(exc, StaleEdit):
        assert isinstance(back, StaleEdit) and back.current == exc.current
    if isinstance(exc, InvalidFields):
        assert back.errors == exc.errors  # type: ignore[attr-defined]
    if status in (429, 503):
        assert int(headers["Retry-After"]) >= 1
    if isinstance(back, Refused):
        assert back.audited  # the server recorded it; the client does not again


def test_an_error_the_client_does_not_understand_is_one_sentence() -> None:
    back = rebuild({"detail": "Bad Gateway"}, 502)
    assert isinstance(back, DatabaseUnavailable) and "status 502" in back.message
    odd = rebuild({"error": {"kind": "refused", "type": "os.system", "message": "x"}}, 403)
    assert type(odd) is Refused
