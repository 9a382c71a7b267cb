"""voxprivacy-admin sync and conflicts as branch offices run them: separate processes, a
real GNOME Keyring, a central PostgreSQL, encrypted branch files and codes from oathtool.

One branch reaches the head office through a relay the test can cut, as a branch's line
drops; the other uses the default database file of its workstation."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cli_support import ADMIN_PASSWORD, Account, Codes, Desk, Result, recovery_codes
from sqlalchemy.engine import URL
from support.memory_keyring import MemoryKeyring
from support.postgres import PostgresServer

from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import auth, customers
from voxprivacy.services.context import Context, master_key_name
from voxprivacy.storage.database import open_database, parse_target

pytestmark = pytest.mark.e2e

RunCli = Callable[..., "subprocess.CompletedProcess[str]"]

ANNA_PASSWORD = "anna-initial-pw-42"
SAM_PASSWORD = "sam-initial-pw-42"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Line:
    """A branch's line to the head office: a TCP relay to the PostgreSQL server.

    ``down()`` closes the port and every connection through it (the line drops);
    ``up()`` listens on the same port again.
    """

    def __init__(self, host: str, port: int) -> None:
        self.upstream = (host, port)
        self.port = free_port()
        self._stop = threading.Event()
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def up(self) -> None:
        self._stop.clear()
        self._listener = socket.create_server(("127.0.0.1", self.port))
        self._listener.settimeout(0.1)
        self._thread = threading.Thread(target=self._accept, args=(self._listener,), daemon=True)
        self._thread.start()

    def _accept(self, listener: socket.socket) -> None:
        while not self._stop.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream, timeout=10)
            except OSError:
                client.close()
                continue
            for sock in (client, server):
                sock.settimeout(None)
            with self._lock:
                self._sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            with contextlib.suppress(OSError):  # the line was cut: a closed socket ends the pump
                while data := source.recv(65536):
                    sink.sendall(data)
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def down(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()


@dataclass
class Place:
    """A workstation's view: which database (``db`` None: the default file) and environment."""

    name: str
    run_cli: RunCli
    db: str | None
    env: dict[str, str] = field(default_factory=dict)
    accounts: dict[str, Account] = field(default_factory=dict)

    def run(
        self, *argv: str, stdin: str = "", env: Mapping[str, str | None] | None = None
    ) -> Result:
        options = ["--db", self.db] if self.db else []
        done = self.run_cli(*options, *argv, input=stdin or None, env={**self.env, **(env or {})})
        result = Result(done.returncode, done.stdout, done.stderr)
        result.check_error_shape()
        return result

    def desk(self) -> Desk:
        """Staff commands here (``Desk.as_`` adds --db itself, so this runner adds none)."""

        def run(*argv: str, stdin: str = "", env: Mapping[str, str | None] | None = None) -> Result:
            done = self.run_cli(*argv, input=stdin or None, env={**self.env, **(env or {})})
            result = Result(done.returncode, done.stdout, done.stderr)
            result.check_error_shape()
            return result

        desk = Desk(run, self.db, codes=Codes.oathtool)
        desk.accounts = self.accounts  # one set of staff (and their authenticators) everywhere
        return desk


def _url(base: URL, **changes: object) -> str:
    """A URL as text, with the password left out (it comes from the keyring)."""
    return base._replace(password=None, **changes).render_as_string(hide_password=False)


def _delete_from_keyring(env: dict[str, str], name: str) -> None:
    script = "import keyring, sys; keyring.delete_password('voxprivacy', sys.argv[1])"
    subprocess.run(
        [sys.executable, "-c", script, name],
        env=env,
        check=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        capture_output=True,
    )


def _make_customer(
    server_url: URL, memory_keyring: MemoryKeyring, key_line: str, anna: Account
) -> str:
    """A customer registered at the head office (the desk does that; there is no command for
    it), through the service the desk calls, by anna with her next authenticator code."""
    installation_id, _, key = key_line.partition(":")
    memory_keyring.set_password("voxprivacy", master_key_name(installation_id), key)
    secrets = SecretStore(memory_keyring)
    db = open_database(parse_target(server_url.render_as_string(hide_password=False)), secrets)
    try:
        ctx = Context(db, secrets)
        actor = auth.sign_in(ctx, "anna", anna.password)
        auth.step_up(ctx, actor, anna.codes.code())
        view = customers.create_customer(
            ctx,
            actor,
            "private",
            "Ada Lovelace",
            {
                "email": "ada@example.org",
                "phone": "+44 20 7946 0000",
                "address.private.street": "12 St James's Square",
                "address.private.postal_code": "SW1Y 4JH",
                "address.private.city": "London",
                "address.private.country": "GB",
            },
        )
    finally:
        db.dispose()
    return view.account_number


def _name_everywhere(places: list[Place], account: str) -> set[str]:
    names = set()
    for place in places:
        shown = place.desk().as_("anna", "customer", "show", account, json=True)
        assert shown.code == 0, f"{place.name}: {shown.err}"
        names.add(shown.json()["name"])
    return names


@pytest.fixture
def central_db(pg_server: PostgresServer) -> Iterator[URL]:
    name = pg_server.create_database()
    yield pg_server.server_url(name)
    if pg_server.external is not None:  # our own cluster is thrown away whole
        pg_server.drop_database(name)


@pytest.fixture
def line(central_db: URL) -> Iterator[Line]:
    relay = Line(central_db.host or "127.0.0.1", central_db.port or 5432)
    relay.up()
    yield relay
    relay.down()


@pytest.mark.slow
def test_two_branches_synchronise_and_a_supervisor_settles_their_conflict(
    run_cli: RunCli,
    gnome_keyring_env: dict[str, str],
    memory_keyring: MemoryKeyring,
    pg_server: PostgresServer,
    central_db: URL,
    line: Line,
    tmp_path: Path,
) -> None:
    central_url = _url(central_db)
    accounts: dict[str, Account] = {}
    hq = Place("head office", run_cli, central_url, accounts=accounts)
    # the default database of the north branch's workstation (an encrypted file)
    north_data = tmp_path / "north-data"
    north = Place("north", run_cli, None, {"XDG_DATA_HOME": str(north_data)}, accounts)
    north_file = north_data / "voxprivacy" / "voxprivacy.db"
    south_file = tmp_path / "south.db"
    south = Place("south", run_cli, f"sqlite+pysqlcipher:///{south_file}", accounts=accounts)
    via_line = _url(central_db, host="127.0.0.1", port=line.port)

    # --- the head office: the PostgreSQL password in the keyring, the schema, the first admin
    password = central_db.password or "unused-the-test-server-trusts-local-connections"
    for url in (central_url, via_line):
        stored = Place("it", run_cli, url).run("db", "remember-password", stdin=password + "\n")
        assert stored.code == 0, stored.err
    init = hq.run("init", "--admin", "root", env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD})
    assert init.code == 0, init.err
    desk = hq.desk()
    desk.add("root", "admin", ADMIN_PASSWORD, init.last_line, recovery_codes(init.out))
    exported = desk.as_("root", "key", "export", code=True)
    assert exported.code == 0, exported.err
    key_line = exported.last_line
    added = desk.as_(
        "root", "staff", "add", "anna", "--role", "agent", code=True, stdin=ANNA_PASSWORD + "\n"
    )
    assert added.code == 0, added.err
    anna = desk.add("anna", "agent", ANNA_PASSWORD, added.last_line)
    account = _make_customer(central_db, memory_keyring, key_line, anna)

    refused = hq.run("sync")
    assert refused.code == 2 and "is the central database" in refused.err

    # --- a branch workstation without the master key is told how to get it; nothing is left
    _delete_from_keyring(gnome_keyring_env, master_key_name(key_line.partition(":")[0]))
    no_key = north.run("sync", "--central", central_url, "--branch", "north")
    assert no_key.code == 2, no_key.err
    assert "key export" in no_key.err and "key import" in no_key.err
    assert not north_file.exists()
    imported = hq.run("key", "import", stdin=key_line + "\n")
    assert imported.code == 0, imported.err

    # --- both branches set up
    made = north.run("sync", "--central", central_url, "--branch", "north")
    assert made.code == 0, made.err
    assert made.lines[0].startswith("Branch north set up:")
    assert f"replica of {central_url} at log position" in made.lines[0]
    assert any(row.split() == ["customers", "1"] for row in made.lines), made.out
    assert any(row.split() == ["staff", "2"] for row in made.lines), made.out
    assert north_file.exists()
    made = south.run("--json", "sync", "--central", via_line, "--branch", "south")
    assert made.code == 0, made.err
    report = made.json()
    assert (report["action"], report["cloned"], report["central"]) == ("setup", True, via_line)
    assert report["copied"]["customers"] == 1

    status = north.run("sync", "status")
    assert status.code == 0, status.err
    assert "role: replica (branch north)" in status.lines
    assert f"central: {central_url}" in status.lines
    assert "changes waiting: 0" in status.lines
    assert "last error: none" in status.lines
    other = _url(central_db, database="another_head_office")
    wrong = north.run("sync", "--central", other)
    assert wrong.code == 2 and "nothing was sent" in wrong.err
    idle = north.run("sync")
    assert idle.code == 0, idle.err
    assert idle.out.startswith("Nothing to do")

    # a supervisor added at the head office afterwards
    added = desk.as_(
        "root", "staff", "add", "sam", "--role", "supervisor", code=True, stdin=SAM_PASSWORD + "\n"
    )
    assert added.code == 0, added.err
    sam = desk.add("sam", "supervisor", SAM_PASSWORD, added.last_line)

    # --- the same field changed at both branches, each with anna's second factor
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

    # south's line drops: the sync fails, its changes wait
    line.down()
    offline = south.run("sync")
    assert offline.code == 1, offline.err
    state = south.run("--json", "sync", "status").json()
    assert state["role"] == "replica" and state["branch"] == "south"
    assert state["waiting"] >= 1 and state["last_error"]  # the edit and the code it used
    assert "nothing was lost" in offline.err.lower()
    assert f"{state['waiting']} changes wait here" in offline.err
    checked = south.run("doctor")
    assert checked.code == 1 and "synchronisation: PROBLEM: branch of" in checked.out
    assert "the last sync failed" in checked.out
    assert (
        south.desk().as_("anna", "customer", "show", account, json=True).json()["name"]
        == "South Name"
    )  # the branch works on
    line.up()

    pushed = north.run("--json", "sync").json()
    assert pushed["pushed"] >= 1 and pushed["applied"] == pushed["pushed"]
    assert (pushed["conflicts"], pushed["rejected"]) == (0, 0)
    texts = south.run("sync")
    assert texts.code == 0, texts.err
    assert texts.lines[0].startswith(f"pushed {state['waiting']} (")  # all that waited
    assert "conflicts 1" in texts.lines[0]
    assert "1 conflict waits for a supervisor" in texts.out
    assert south.run("--json", "sync", "status").json()["last_error"] is None
    assert north.run("sync").code == 0
    assert _name_everywhere([hq, north, south], account) == {"North Name"}

    # --- the conflict queue, at south
    here = south.desk()
    not_a_supervisor = here.as_("anna", "conflicts", "list")
    assert not_a_supervisor.code == 3, not_a_supervisor.err
    listed = here.as_("sam", "conflicts", "list", json=True)
    assert listed.code == 0, listed.err
    [conflict] = listed.json()
    assert (
        conflict["label"],
        conflict["central"],
        conflict["branch"],
        conflict["origin"],
        conflict["branch_staff"],
        conflict["account_number"],
    ) == ("name", "North Name", "South Name", "south", "anna", account)
    as_text = here.as_("sam", "conflicts", "list")
    assert f"Conflict {conflict['id']}" in as_text.out
    assert "North Name" in as_text.out and "South Name" in as_text.out

    bad = here.as_("sam", "conflicts", "resolve", "C-17", "--keep", "branch")
    assert bad.code == 2 and "not a conflict id" in bad.err
    neither = here.as_("sam", "conflicts", "resolve", conflict["id"])
    assert neither.code == 2 and "--keep" in neither.err
    both = here.as_(
        "sam", "conflicts", "resolve", conflict["id"], "--keep", "branch", "--value", "Ada"
    )
    assert both.code == 2 and "not allowed" in both.err
    code = sam.codes.code()
    unknown = here.as_(
        "sam", "conflicts", "resolve", str(uuid.uuid4()), "--keep", "branch", code=code
    )
    assert unknown.code == 2 and "no conflict" in unknown.err
    settled = here.as_(
        "sam", "conflicts", "resolve", conflict["id"], "--keep", "branch", code=code
    )  # the refusal above did not use the code up
    assert settled.code == 0, settled.err
    assert "took the branch's value (South Name)" in settled.out
    again = here.as_(
        "sam", "conflicts", "resolve", conflict["id"], "--keep", "central", code="000000"
    )
    assert again.code == 3 and "already settled" in again.err

    # --- the decision travels like any other change
    for place in (south, north):
        assert place.run("sync").code == 0
    assert _name_everywhere([hq, north, south], account) == {"South Name"}
    at_north = north.desk()
    assert at_north.as_("sam", "conflicts", "list").out.strip() == "No open conflicts."
    [settled_view] = at_north.as_("sam", "conflicts", "list", "--all", json=True).json()
    assert (settled_view["resolution"], settled_view["resolved_by"], settled_view["open"]) == (
        "branch",
        "sam",
        False,
    )
    final = south.run("--json", "sync", "status").json()
    assert (final["waiting"], final["open_conflicts"], final["last_error"]) == (0, 0, None)

    # the remembered address now reaches another voxprivacy database: nothing is exchanged
    other = pg_server.create_database()
    made = Place("elsewhere", run_cli, pg_server.url(other)).run(
        "init", "--admin", "root", env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD}
    )
    assert made.code == 0, made.err
    central_name = central_db.database
    with pg_server.connect() as conn:
        conn.execute(f'ALTER DATABASE "{central_name}" RENAME TO "{central_name}_old"')
        conn.execute(f'ALTER DATABASE "{other}" RENAME TO "{central_name}"')
    try:
        replaced = north.run("sync")
        assert replaced.code == 2, replaced.err
        assert "no longer the central database" in replaced.err
    finally:
        with pg_server.connect() as conn:
            conn.execute(f'ALTER DATABASE "{central_name}" RENAME TO "{other}"')
            conn.execute(f'ALTER DATABASE "{central_name}_old" RENAME TO "{central_name}"')
        if pg_server.external is not None:
            pg_server.drop_database(other)
    assert north.run("sync").code == 0


def test_sync_refuses_what_is_not_a_new_or_branch_database(run_cli: RunCli, tmp_path: Path) -> None:
    closed = f"postgresql+psycopg://desk@127.0.0.1:{free_port()}/voxprivacy"

    # a standalone desk with its own data never becomes a branch
    desk = Place("standalone", run_cli, f"sqlite:///{tmp_path / 'desk.db'}")
    init = desk.run("init", "--admin", "root", env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD})
    assert init.code == 0, init.err
    for argv in (("sync", "--central", closed), ("sync",)):
        refused = desk.run(*argv)
        assert refused.code == 2, refused.err
        assert "not a branch replica" in refused.err
    status = desk.run("sync", "status")
    assert status.code == 0, status.err
    assert status.lines[0].startswith("role: standalone")

    # a new branch whose central database cannot be reached: exit 1, no file left behind
    new_file = tmp_path / "branch.db"
    branch = Place("branch", run_cli, f"sqlite+pysqlcipher:///{new_file}")
    offline = branch.run("sync", "--central", closed, "--branch", "east")
    assert offline.code == 1, offline.err
    assert "Nothing was set up here" in offline.err
    assert not new_file.exists()

    for argv, words in (
        (("sync",), "--central"),
        (("sync", "status"), "no branch yet"),
        (("sync", "--central", f"sqlite:///{tmp_path / 'x.db'}"), "PostgreSQL"),
        (
            ("sync", "--central", "postgresql+psycopg://desk:secret@db.example/vp"),
            "db remember-password",
        ),
        (("sync", "--central", closed, "--branch", "central"), "another name"),
        (("sync", "--central", closed, "status"), "reads only this database"),
    ):
        refused = branch.run(*argv)
        assert refused.code == 2, (argv, refused.err)
        assert words in refused.err, (argv, refused.err)
        assert not new_file.exists()
