"""voxprivacy-admin as IT staff run it: a separate process, a real GNOME Keyring, the
default encrypted database or PostgreSQL, and codes from the independent tool oathtool."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_support import (
    ADMIN_PASSWORD,
    STEP,
    Codes,
    Desk,
    Result,
    database_files,
    oathtool,
    secret_from_uri,
)

from voxprivacy.storage.schema import head_revision

pytestmark = pytest.mark.e2e

RunCli = Callable[..., "subprocess.CompletedProcess[str]"]

ALICE_PASSWORD = "alice-initial-pw-42"
NEW_NAME = "Zebediah Quixotewright"


@dataclass
class Target:
    """Where the commands work: ``db`` is None for the default database."""

    db: str | None
    env: dict[str, str]
    path: Path | None  # the SQLite file, to read its raw bytes


@pytest.fixture(params=["default", pytest.param("postgresql", marks=pytest.mark.postgres)])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Target:
    if request.param == "default":
        data = tmp_path / "xdg-data"
        return Target(None, {"XDG_DATA_HOME": str(data)}, data / "voxprivacy" / "voxprivacy.db")
    server = request.getfixturevalue("pg_server")
    return Target(server.url(server.create_database()), {}, None)


def runner(run_cli: RunCli, target: Target):  # type: ignore[no-untyped-def]
    """Adapts run_cli to the in-process runner's signature (for Desk)."""

    def run(*argv: str, stdin: str = "", env: Mapping[str, str | None] | None = None) -> Result:
        done = run_cli(*argv, input=stdin or None, env={**target.env, **(env or {})})
        result = Result(done.returncode, done.stdout, done.stderr)
        result.check_error_shape()
        return result

    return run


def db_args(target: Target) -> list[str]:
    return ["--db", target.db] if target.db else []


@pytest.mark.slow
def test_init_and_staff_add(run_cli: RunCli, target: Target) -> None:
    run = runner(run_cli, target)
    init = run(
        *db_args(target), "init", "--admin", "root", env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD}
    )
    assert init.code == 0, init.err
    assert init.last_line.startswith("otpauth://totp/voxprivacy:root?")
    root_secret = secret_from_uri(init.last_line)
    if target.path is not None:
        assert target.path.exists()  # the default database, under XDG_DATA_HOME

    again = run(*db_args(target), "init", env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD})
    assert again.code == 0, again.err
    assert f"schema at revision {head_revision()} (newest)" in again.out
    assert "otpauth" not in again.out

    # the next step's code: the server accepts it for 60 to 90 s (one step either side), so a
    # loaded machine cannot let it expire before the replay below
    code = oathtool(root_secret, at=int(time.time()) + STEP)
    as_root = [*db_args(target), "--user", "root", "--totp", code]
    added = run(
        *as_root,
        "staff",
        "add",
        "alice",
        "--role",
        "agent",
        stdin=ALICE_PASSWORD + "\n",
        env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD},
    )
    assert added.code == 0, added.err
    assert added.last_line.startswith("otpauth://totp/voxprivacy:alice?")
    alice_secret = secret_from_uri(added.last_line)

    replay = run(
        *as_root,
        "staff",
        "add",
        "bob",
        "--role",
        "agent",
        stdin=ALICE_PASSWORD + "\n",
        env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD},
    )
    assert replay.code == 3
    assert "already used" in replay.err

    listed = run(
        *db_args(target),
        "--user",
        "root",
        "--json",
        "staff",
        "list",
        env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD},
    )
    assert listed.code == 0, listed.err
    assert [row["username"] for row in listed.json()] == ["alice", "root"]
    alice = run(
        *db_args(target),
        "--user",
        "alice",
        "customers",
        "search",
        "nobody",
        env={"VOXPRIVACY_PASSWORD": ALICE_PASSWORD},
    )
    assert alice.code == 0, alice.err

    if target.path is not None:
        raw = database_files(target.path)
        for secret in (root_secret, alice_secret, ADMIN_PASSWORD, ALICE_PASSWORD, "alice"):
            assert secret.encode() not in raw, secret


def _demo(run_cli: RunCli, target: Target, customers: int = 10) -> Desk:
    run = runner(run_cli, target)
    made = run(*db_args(target), "--json", "demo", "--customers", str(customers), "--seed", "7")
    assert made.code == 0, made.err
    staff = made.json()["staff"]
    assert {m["role"] for m in staff} == {"agent", "supervisor", "finance", "admin"}
    assert all(set(m) >= {"username", "role", "password", "otpauth_uri"} for m in staff)
    desk = Desk(run, target.db, codes=Codes.oathtool)
    for member in staff:
        desk.add(member["username"], member["role"], member["password"], member["otpauth_uri"])
    return desk


def _popen(
    gnome_keyring_env: dict[str, str], target: Target, desk: Desk, username: str, *argv: str
) -> subprocess.Popen[str]:
    env = {
        **gnome_keyring_env,
        **target.env,
        "VOXPRIVACY_PASSWORD": desk.accounts[username].password,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "voxprivacy.cli", *db_args(target), "--user", username, *argv],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_customer_edit_with_oathtool_codes(
    run_cli: RunCli, target: Target, gnome_keyring_env: dict[str, str]
) -> None:
    desk = _demo(run_cli, target)
    agent = desk.accounts["agent"]
    hits = desk.as_("agent", "customers", "search", "vx", json=True)
    assert hits.code == 0, hits.err
    assert len(hits.json()) == 10
    number = hits.json()[0]["account_number"]

    code = agent.codes.code()
    edited = desk.as_(
        "agent",
        "customer",
        "edit",
        "--verified-by",
        "callback",
        "--confirm-impact",
        number,
        f"name={NEW_NAME}",
        "email=zebediah@example.org",
        code=code,
    )
    assert edited.code == 0, edited.err
    replay = desk.as_(
        "agent",
        "customer",
        "edit",
        "--verified-by",
        "callback",
        "--confirm-impact",
        number,
        "name=Replayed Name",
        code=code,
    )
    assert replay.code == 3 and "already used" in replay.err
    view = desk.as_("agent", "customer", "show", number, json=True).json()
    assert view["name"] == NEW_NAME
    assert "zebediah@example.org" in [e["address"] for e in view["emails"]]

    # two processes started together with the same code: exactly one wins
    shared = agent.codes.code()
    racers = [
        _popen(
            gnome_keyring_env,
            target,
            desk,
            "agent",
            "--totp",
            shared,
            "customer",
            "edit",
            "--verified-by",
            "callback",
            "--confirm-impact",
            number,
            f"note=racer {i}",
        )
        for i in (1, 2)
    ]
    outcomes = [(p.wait(timeout=120), *p.communicate()) for p in racers]
    assert sorted(status for status, _, _ in outcomes) == [0, 3], outcomes
    loser = next(err for status, _, err in outcomes if status == 3)
    assert "already used" in loser and "Traceback" not in loser
    winner = next(i for i, (status, _, _) in enumerate(outcomes, start=1) if status == 0)
    view = desk.as_("agent", "customer", "show", number, json=True).json()
    assert view["note"] == f"racer {winner}"

    if target.path is not None:
        raw = database_files(target.path)
        names = [hit["name"] for hit in hits.json()] + [NEW_NAME]
        secrets = [secret_from_uri(a.otpauth_uri) for a in desk.accounts.values()]
        passwords = [a.password for a in desk.accounts.values()]
        for text in [*names, *secrets, *passwords, "tok_", "zebediah@example.org"]:
            assert text.encode() not in raw, text


@pytest.mark.slow
def test_plain_sqlite_keeps_secrets_and_card_tokens_encrypted(
    run_cli: RunCli, tmp_path: Path
) -> None:
    path = tmp_path / "plain.db"
    target = Target(f"sqlite:///{path}", {}, path)
    desk = _demo(run_cli, target)
    hits = desk.as_("agent", "customers", "search", "vx", json=True).json()
    edited = desk.as_(
        "agent",
        "customer",
        "edit",
        "--verified-by",
        "callback",
        "--confirm-impact",
        hits[0]["account_number"],
        f"name={NEW_NAME}",
        code=True,
    )
    assert edited.code == 0, edited.err
    finance = desk.as_("finance", "customer", "show", hits[0]["account_number"], json=True)
    assert finance.code == 0 and "tok_" not in finance.out

    raw = database_files(path)
    assert NEW_NAME.encode() in raw  # plain SQLite: names are readable ...
    secrets = [secret_from_uri(a.otpauth_uri) for a in desk.accounts.values()]
    passwords = [a.password for a in desk.accounts.values()]
    for text in [*secrets, *passwords, "tok_"]:  # ... second factors and card tokens are not
        assert text.encode() not in raw, text
