"""The global options --db, --user, --totp and --json work before the command and after it."""

from __future__ import annotations

import json
from pathlib import Path

import pyotp
import pytest
from cli_support import Result, Run


@pytest.fixture
def demo(run: Run, tmp_path: Path) -> tuple[str, dict[str, dict[str, str]]]:
    """A plain SQLite database filled by ``demo``; its URL and staff by role."""
    url = f"sqlite:///{tmp_path}/desk.db"
    result = run("--db", url, "--json", "demo", "--customers", "5", "--seed", "3")
    assert result.code == 0, result.err
    return url, {member["role"]: member for member in result.json()["staff"]}


def _code(member: dict[str, str]) -> str:
    return pyotp.parse_uri(member["otpauth_uri"]).now()  # type: ignore[no-any-return,union-attr]


@pytest.mark.parametrize("after", [False, True], ids=["before", "after"])
def test_demo_json_and_db_in_either_position(run: Run, tmp_path: Path, after: bool) -> None:
    url = f"sqlite:///{tmp_path}/demo.db"
    command = ["demo", "--customers", "3"]
    globals_ = ["--json", "--db", url]
    result = run(*(command + globals_ if after else globals_ + command))
    assert result.code == 0, result.err
    staff = result.json()["staff"]
    assert {member["role"] for member in staff} == {"agent", "supervisor", "finance", "admin"}
    assert (tmp_path / "demo.db").exists()


def test_the_readme_demo_example_prints_json(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VOXPRIVACY_DB", f"sqlite:///{tmp_path}/env.db")
    result = run("demo", "--customers", "2", "--json")
    assert result.code == 0, result.err
    assert isinstance(json.loads(result.out)["staff"], list)


@pytest.mark.parametrize("after", [False, True], ids=["before", "after"])
def test_user_in_either_position(
    run: Run, demo: tuple[str, dict[str, dict[str, str]]], after: bool
) -> None:
    url, staff = demo
    admin = staff["admin"]
    env = {"VOXPRIVACY_PASSWORD": admin["password"]}
    globals_ = ["--db", url, "--user", admin["username"], "--json"]
    command = ["staff", "list"]
    result = run(*(command + globals_ if after else globals_ + command), env=env)
    assert result.code == 0, result.err
    assert admin["username"] in [row["username"] for row in result.json()]


def test_without_user_anywhere_the_command_is_refused(
    run: Run, demo: tuple[str, dict[str, dict[str, str]]]
) -> None:
    url, staff = demo
    result = run(
        "staff", "list", "--db", url, env={"VOXPRIVACY_PASSWORD": staff["admin"]["password"]}
    )
    assert result.code == 3
    assert "--user" in result.err


@pytest.mark.parametrize("after", [False, True], ids=["before", "after"])
def test_totp_in_either_position(
    run: Run, demo: tuple[str, dict[str, dict[str, str]]], after: bool
) -> None:
    url, staff = demo
    agent = staff["agent"]
    env = {"VOXPRIVACY_PASSWORD": agent["password"]}
    found = run(
        "customers", "search", "a", "--db", url, "--user", agent["username"], "--json", env=env
    )
    assert found.code == 0, found.err
    number = found.json()[0]["account_number"]
    command = [
        "customer",
        "edit",
        "--verified-by",
        "callback",
        "--confirm-impact",
        number,
        "name=Zebediah Quixotewright",
    ]
    globals_ = ["--db", url, "--user", agent["username"], "--totp", _code(agent)]
    edited = run(*(command + globals_ if after else globals_ + command), env=env)
    assert edited.code == 0, edited.err
    shown = run(
        "customer", "show", number, "--json", "--db", url, "--user", agent["username"], env=env
    )
    assert shown.json()["name"] == "Zebediah Quixotewright"


def test_an_edit_without_totp_anywhere_is_refused(
    run: Run, demo: tuple[str, dict[str, dict[str, str]]]
) -> None:
    url, staff = demo
    agent = staff["agent"]
    env = {"VOXPRIVACY_PASSWORD": agent["password"]}
    result = run(
        "customer",
        "edit",
        "--verified-by",
        "callback",
        "--confirm-impact",
        "VX00000000",
        "name=Zebediah Quixotewright",
        "--db",
        url,
        "--user",
        agent["username"],
        env=env,
    )
    assert result.code == 3
    assert "code" in result.err


@pytest.mark.parametrize(
    "argv",
    [
        ("--json", "sync", "status"),
        ("sync", "status", "--json"),
        ("sync", "--json", "status"),
    ],
)
def test_options_before_the_command_survive_the_command_parser(
    run: Run, demo: tuple[str, dict[str, dict[str, str]]], argv: tuple[str, ...]
) -> None:
    url, _ = demo
    result: Result = run("--db", url, *argv)
    assert result.code == 0, result.err
    assert json.loads(result.out)["role"] == "standalone"


def test_the_command_help_lists_the_global_options(run: Run) -> None:
    result = run("demo", "--help")
    assert result.code == 0
    assert "global options (also accepted before the command)" in result.out
    for option in ("--db URL", "--user NAME", "--totp CODE", "--json"):
        assert option in result.out
