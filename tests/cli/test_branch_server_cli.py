"""Two branch offices through one voxprivacy-server, on the command line end to end.

A real server process (TLS, PostgreSQL as the application role), branch files
encrypted with SQLCipher, the branches' own keys in a real GNOME Keyring, codes from
oathtool: enrolment with one-time tokens, offline edits on both branches while the
server is stopped, a conflict settled by a supervisor at a branch, an erasure at head
office reaching both, and a revoked branch refused with its queue kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cli_support import Account, Codes, Desk, Result
from support.server import ServerProcess

from voxprivacy.services import auth
from voxprivacy.services.context import Context
from voxprivacy.services.customers import create_customer

RunCli = object  # the fixture's callable (tests/conftest.py)
ROOT_PASSWORD = "root password 0123"
ANNA_PASSWORD = "anna password 0123"
SAM_PASSWORD = "sam password 0123"
KIM_PASSWORD = "kim password 0123"


@dataclass
class Place:
    name: str
    run_cli: object
    db: str | None
    env: dict[str, str] = field(default_factory=dict)
    accounts: dict[str, Account] = field(default_factory=dict)

    def run(self, *argv: str, env: Mapping[str, str | None] | None = None) -> Result:
        options = ["--db", self.db] if self.db else []
        done = self.run_cli(*options, *argv, env={**self.env, **(env or {})})  # type: ignore[operator]
        result = Result(done.returncode, done.stdout, done.stderr)
        result.check_error_shape()
        return result

    def desk(self) -> Desk:
        def run(*argv: str, stdin: str = "", env: Mapping[str, str | None] | None = None) -> Result:
            done = self.run_cli(  # type: ignore[operator]
                *argv, input=stdin or None, env={**self.env, **(env or {})}
            )
            result = Result(done.returncode, done.stdout, done.stderr)
            result.check_error_shape()
            return result

        desk = Desk(run, self.db, codes=Codes.oathtool)
        desk.accounts = self.accounts
        return desk


@pytest.fixture
def head_office(remote_server: ServerProcess, tmp_path: Path) -> Iterator[ServerProcess]:
    """A server process of its own over the worker's database, on the real clock; the test
    stops and starts it (the line to head office going down)."""
    remote_server.reset()
    remote_server.clock_file.write_text("", encoding="utf-8")
    twin = remote_server.another(tmp_path / "hq")
    twin.start()
    try:
        yield twin
    finally:
        twin.stop()


def _name(place: Place, account: str) -> str:
    shown = place.desk().as_("anna", "customer", "show", account, json=True)
    assert shown.code == 0, f"{place.name}: {shown.err}"
    return str(shown.json()["name"])


@pytest.mark.slow
def test_two_branches_enrolled_through_one_server(
    run_cli: object, head_office: ServerProcess, tmp_path: Path
) -> None:
    server = head_office
    accounts: dict[str, Account] = {}
    remote = {"VOXPRIVACY_SERVER": server.url, "VOXPRIVACY_SERVER_FINGERPRINT": server.fingerprint}
    hq = Place("head office", run_cli, None, dict(remote), accounts)
    north_file, south_file = tmp_path / "north.db", tmp_path / "south.db"
    north = Place("north", run_cli, f"sqlite+pysqlcipher:///{north_file}", accounts=accounts)
    south = Place("south", run_cli, f"sqlite+pysqlcipher:///{south_file}", accounts=accounts)

    # --- head office: the first admin (made on the host), staff through the server
    host = Context(server.db, server.secrets)
    first = auth.bootstrap_first_admin(host, "root", ROOT_PASSWORD)
    desk = hq.desk()
    desk.add("root", "admin", ROOT_PASSWORD, first.otpauth_uri)
    for name, role, password in (
        ("anna", "agent", ANNA_PASSWORD),
        ("sam", "supervisor", SAM_PASSWORD),
        ("kim", "supervisor", KIM_PASSWORD),
    ):
        added = desk.as_("root", "staff", "add", name, "--role", role, code=True, stdin=password)
        assert added.code == 0, added.err
        desk.add(name, role, password, added.last_line)
    anna = accounts["anna"]
    actor = auth.sign_in(host, "anna", ANNA_PASSWORD)
    auth.step_up(host, actor, anna.codes.code())
    account = create_customer(
        host,
        actor,
        "private",
        "Ada Lovelace",
        {"email": "ada@example.org", "phone": "+44 20 7946 0000"},
    ).account_number

    # --- enrolment: a token per branch (admin, fresh code), used once
    tokens: dict[str, str] = {}
    for name in ("north", "south"):
        issued = desk.as_("root", "branch", "enrol", name, code=True, json=True)
        assert issued.code == 0, issued.err
        tokens[name] = issued.json()["token"]
    agent_cannot = desk.as_("anna", "branch", "enrol", "east", code=True)
    assert agent_cannot.code == 3, agent_cannot.err
    for place in (north, south):
        made = place.run(
            "sync",
            "--server",
            server.url,
            "--server-fingerprint",
            server.shown_fingerprint,
            "--enrol",
            tokens[place.name],
        )
        assert made.code == 0, made.err
        assert made.lines[0].startswith(f"Branch {place.name} set up:"), made.out
        assert any(row.split() == ["customers", "1"] for row in made.lines), made.out
    replayed = Place("east", run_cli, f"sqlite+pysqlcipher:///{tmp_path / 'east.db'}").run(
        "sync",
        "--server",
        server.url,
        "--server-fingerprint",
        server.fingerprint,
        "--enrol",
        tokens["north"],
    )
    assert replayed.code == 3 and "already used" in replayed.err, replayed.err
    assert not (tmp_path / "east.db").exists()
    status = north.run("--json", "sync", "status").json()
    assert (status["role"], status["branch"], status["central"]) == (
        "replica",
        "north",
        server.url,
    )
    idle = north.run("sync")
    assert idle.code == 0 and idle.out.startswith("Nothing to do"), idle.err
    elsewhere = north.run("sync", "--server", "https://127.0.0.1:1")
    assert elsewhere.code == 2 and "nothing was sent" in elsewhere.err, elsewhere.err

    # --- the line goes down; both branches edit the same field
    server.stop()
    for place, name in ((north, "North Name"), (south, "South Name")):
        edited = place.desk().as_(
            "anna",
            "customer",
            "edit",
            "--verified-by",
            "callback",
            "--confirm-impact",
            account,
            f"name={name}",
            code=True,
        )
        assert edited.code == 0, f"{place.name}: {edited.err}"
    offline = north.run("sync")
    assert offline.code == 1, offline.err
    assert "nothing was lost" in offline.err.lower() and "wait here" in offline.err
    server.start()

    pushed = north.run("--json", "sync").json()
    assert pushed["applied"] == pushed["pushed"] >= 1 and pushed["conflicts"] == 0
    texts = south.run("sync")
    assert texts.code == 0, texts.err
    assert "conflicts 1" in texts.lines[0] and "1 conflict waits" in texts.out
    assert north.run("sync").code == 0
    assert {_name(p, account) for p in (hq, north, south)} == {"North Name"}

    # --- a supervisor settles it at south; the decision travels
    [conflict] = south.desk().as_("sam", "conflicts", "list", json=True).json()
    assert (conflict["central"], conflict["branch"], conflict["origin"]) == (
        "North Name",
        "South Name",
        "south",
    )
    settled = south.desk().as_(
        "sam", "conflicts", "resolve", conflict["id"], "--keep", "branch", code=True
    )
    assert settled.code == 0, settled.err
    for place in (south, north):
        assert place.run("sync").code == 0
    assert {_name(p, account) for p in (hq, north, south)} == {"South Name"}

    # --- an erasure at head office (opened, approved by a second supervisor) reaches both
    opened = desk.as_(
        "sam",
        "request",
        "open",
        account,
        "--kind",
        "erasure",
        "--verified-by",
        "callback",
        code=True,
    )
    assert opened.code == 0, opened.err
    ref = opened.out.split()[-1]
    approved = desk.as_("kim", "request", "approve", ref, code=True)
    assert approved.code == 0, approved.err
    done = desk.as_("anna", "request", "complete", ref, code=True)
    assert done.code == 0, done.err
    for place in (north, south):
        synced = place.run("--json", "sync").json()
        assert synced["erased"] == 1, (place.name, synced)
        shown = place.desk().as_("anna", "customer", "show", account, json=True)
        assert "South Name" not in shown.out and "ada@example.org" not in shown.out, shown.out
        assert shown.code != 0 or shown.json()["status"] == "erased", shown.out

    # --- south is revoked: refused with a sentence, its queued change kept
    actor = auth.sign_in(host, "anna", ANNA_PASSWORD)
    auth.step_up(host, actor, anna.codes.code())
    other = create_customer(
        host, actor, "private", "Charles Babbage", {"email": "cb@example.org"}
    ).account_number
    assert south.run("sync").code == 0
    edited = south.desk().as_(
        "anna",
        "customer",
        "edit",
        "--verified-by",
        "callback",
        "--confirm-impact",
        other,
        "name=Charles B.",
        code=True,
    )
    assert edited.code == 0, edited.err
    revoked = desk.as_("root", "branch", "revoke", "south", code=True)
    assert revoked.code == 0, revoked.err
    refused = south.run("sync")
    assert refused.code == 3, refused.err
    assert "was revoked" in refused.err and "queued changes are kept" in refused.err
    kept = south.run("--json", "sync", "status").json()
    assert kept["waiting"] >= 1 and "was revoked" in kept["last_error"]
    assert _name(south, other) == "Charles B."
    listed = desk.as_("root", "branch", "list", json=True).json()
    assert {(b["name"], b["active"]) for b in listed} == {("north", True), ("south", False)}
    assert north.run("sync").code == 0
