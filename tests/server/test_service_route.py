"""The services' request path: one route, the session checked before the body, the body
validated from the bytes, the answer typed in the OpenAPI description, and a search that
does not queue for the synchronisation log's counter."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text
from support.desk import Desk
from support.server import ServerProcess

from voxprivacy.domain.enums import Role
from voxprivacy.errors import DatabaseBusy
from voxprivacy.services import customers
from voxprivacy.storage import models as m

SEARCH = "/api/v1/services/customers.search.search_customers"


def _error(answer: httpx.Response) -> dict[str, Any]:
    error: dict[str, Any] = answer.json()["error"]
    return error


def test_the_session_is_checked_before_the_body_is_looked_at(raw: httpx.Client) -> None:
    garbage = raw.post(SEARCH, content=b"{not json", headers={"Content-Type": "application/json"})
    assert garbage.status_code == 401
    assert _error(garbage)["kind"] == "authentication_failed"
    forged = raw.post(SEARCH, json={"args": {"text": "a"}}, headers={"Authorization": "Bearer x"})
    assert forged.status_code == 401 and "does not know this session" in forged.text


def test_bad_bodies_are_one_sentence_naming_what_is_wrong(desk: Desk, raw: httpx.Client) -> None:
    agent = desk.member(Role.AGENT, "anna")
    headers = {"Authorization": f"Bearer {agent.actor.token}"}
    not_json = raw.post(SEARCH, content=b"{not json", headers=headers)
    assert (not_json.status_code, _error(not_json)["field"]) == (400, "body")
    assert "not JSON" in _error(not_json)["message"]
    extra = raw.post(SEARCH, json={"args": {"text": "a"}, "also": 1}, headers=headers)
    assert _error(extra)["message"] == (
        "The request has a field 'also' that it may not have; remove it."
    )
    not_object = raw.post(SEARCH, json={"args": 5}, headers=headers)
    assert (not_object.status_code, _error(not_object)["field"]) == (400, "args")
    # a terminal's undecodable byte, escaped as JSON allows: the service names the text
    surrogate = raw.post(
        SEARCH,
        content=b'{"args": {"text": "M\\udcfc"}}',
        headers={**headers, "Content-Type": "application/json"},
    )
    assert surrogate.status_code == 400 and "not valid text" in _error(surrogate)["message"]
    # no body at all is no arguments: a service that needs none runs
    listed = raw.post("/api/v1/services/staff.list_staff", headers=headers)
    assert listed.status_code == 403 and _error(listed)["kind"] == "role_forbidden"


def test_the_answer_is_the_result_with_who_ran_it(desk: Desk, raw: httpx.Client) -> None:
    agent = desk.member(Role.AGENT, "anna")
    view = desk.customer(agent)
    answer = raw.post(
        SEARCH,
        json={"args": {"text": "Müller"}},
        headers={"Authorization": f"Bearer {agent.actor.token}"},
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    body = answer.json()
    assert [hit["id"] for hit in body["result"]] == [view.id]
    assert body["result"][0]["name"] == "Jürgen Müller"
    assert body["actor"]["username"] == "anna" and body["token"] is None


def test_the_callers_language_is_spoken_on_every_path(desk: Desk, raw: httpx.Client) -> None:
    agent = desk.member(Role.AGENT, "anna")
    french = {"Accept-Language": "fr"}
    unknown = raw.post("/api/v1/services/customers.nothing", json={}, headers=french)
    assert unknown.status_code == 404
    assert "There is no service" not in _error(unknown)["message"]
    signed_out = raw.post(SEARCH, json={"args": {"text": "a"}}, headers=french)
    assert "sign in first" not in _error(signed_out)["message"]
    not_json = raw.post(
        SEARCH,
        content=b"{",
        headers={**french, "Authorization": f"Bearer {agent.actor.token}"},
    )
    assert "not JSON" not in _error(not_json)["message"]
    assert "JSON" in _error(not_json)["message"]


def test_the_description_types_each_services_body_and_answer(raw: httpx.Client) -> None:
    described = raw.get("/api/v1/openapi.json").json()
    search = described["paths"][SEARCH]["post"]
    schemas = described["components"]["schemas"]

    def resolve(schema: dict[str, Any]) -> dict[str, Any]:
        ref = schema.get("$ref")
        return resolve(schemas[ref.rsplit("/", 1)[-1]]) if ref else schema

    body = resolve(search["requestBody"]["content"]["application/json"]["schema"])
    args = resolve(body["properties"]["args"])
    assert {"text", "statuses", "limit"} <= set(args["properties"])
    assert "text" in args["required"]
    answer = resolve(search["responses"]["200"]["content"]["application/json"]["schema"])
    assert set(answer["properties"]) >= {"result", "actor", "token"}
    hit = resolve(answer["properties"]["result"]["items"])
    assert {"account_number", "name", "email", "phone"} <= set(hit["properties"])
    assert search["security"] == [{"HTTPBearer": []}]


def test_a_search_does_not_wait_for_the_log_while_a_synchronised_write_does(
    desk: Desk, server: ServerProcess
) -> None:
    """A branch's push holds the hub's log counter: searches (and their daily count) go
    on; an edit, which is logged, still takes the counter first and waits."""
    with server.db.engine.connect() as conn:
        assert conn.execute(text("SELECT role FROM sync_state")).scalar() == "hub"
    server.stop()  # a process that reads its database's role afresh: a hub's
    server.start()
    agent = desk.member(Role.AGENT, "anna")
    view = desk.customer(agent)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with server.db.engine.begin() as conn:
            conn.execute(select(m.SyncCounter.seq).with_for_update())
            held.set()
            release.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        for prefix in ("M", "Mü", "Mül", "Müller"):
            found = customers.search_customers(desk.ctx, agent.actor, prefix)
            assert [hit.id for hit in found] == [view.id]
        with pytest.raises(DatabaseBusy):
            customers.edit_customer(
                desk.ctx, agent.actor, view.id, {"name": "Waiting"}, verified_by="callback"
            )
    finally:
        release.set()
        holder.join()
    with server.db.read() as session:
        counted = session.execute(
            select(m.SearchCount.searches).where(m.SearchCount.staff_id == agent.actor.staff_id)
        ).scalar_one()
    assert counted >= 4
