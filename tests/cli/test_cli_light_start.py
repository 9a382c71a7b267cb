"""Parsing loads nothing heavy: ``--version``, ``--help``, a command's ``--help`` and a usage
error run without SQLAlchemy, the services or the storage layer, nor the libraries that
check phone numbers and addresses, read the keyring or hash passwords; and every command
the parser declares names a handler that exists."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from voxprivacy.cli import main as cli_main
from voxprivacy.cli.arguments import handler_of

PROBE = """
import contextlib, io, json, sys
from voxprivacy.cli.main import main
out, err = io.StringIO(), io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    status = main(sys.argv[1:])
layers = ("voxprivacy.services", "voxprivacy.storage", "voxprivacy.security")
libraries = ("sqlalchemy", "phonenumbers", "email_validator", "keyring", "argon2", "cryptography")
heavy = sorted(m for m in sys.modules if m.split(".")[0] in libraries or m.startswith(layers))
print(json.dumps({"status": status, "out": out.getvalue(), "err": err.getvalue(), "heavy": heavy}))
"""


def _run(*argv: str) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, object] = json.loads(proc.stdout)
    return result


@pytest.mark.parametrize(
    ("argv", "status", "shown"),
    [
        (["--version"], 0, "voxprivacy-admin 0.1.0"),
        (["--help"], 0, "Administer the voxprivacy privacy desk"),
        (["customers", "search", "--help"], 0, "search by name, company, email, phone"),
        (["customer", "edit", "--help"], 0, "address.billing.street"),
        (["report", "audit", "--help"], 0, "--staff NAME"),
        (["server", "init", "--help"], 0, "--database URL"),
        (["customers", "search"], 2, "the following arguments are required: TEXT"),
        (["no-such-command"], 2, "invalid choice: 'no-such-command'"),
    ],
)
def test_parsing_imports_no_database_code(argv: list[str], status: int, shown: str) -> None:
    result = _run(*argv)
    assert result["status"] == status
    assert shown in str(result["out"]) + str(result["err"])
    assert result["heavy"] == [], f"{' '.join(argv)} loaded {result['heavy']}"


def test_a_command_loads_its_module_when_it_runs(tmp_path: object) -> None:
    """The heavy imports happen in the command, after parsing: a search on a database that
    does not exist fails with its sentence, having loaded the storage layer to find out."""
    result = _run(
        "--db", "sqlite:////nonexistent/dir/x.db", "--user", "u", "customers", "search", "a"
    )
    assert result["status"] == 2
    assert "x.db" in str(result["err"])
    assert any(str(m).startswith("voxprivacy.storage") for m in result["heavy"])  # type: ignore[attr-defined]


SEARCH_PROBE = """
import contextlib, io, json, sys
from voxprivacy.cli.main import main
out, err = io.StringIO(), io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    status = main(sys.argv[1:])
loaded = sorted(name for name, module in sys.modules.items() if module is not None)
result = {"status": status, "out": out.getvalue(), "err": err.getvalue(), "loaded": loaded}
print(json.dumps(result))
"""

# what a signed-in search on SQLite never needs: each costs tens of milliseconds of every
# search (benchmarks/README.md, "The command line's start") and nothing else would notice
NOT_FOR_A_SEARCH = (
    "sqlalchemy.dialects.postgresql",  # the SQLite engine loads its own dialect only
    "keyring.backends.macOS.api",  # off macOS: ctypes.util.find_library runs ldconfig, gcc
    "email_validator",  # a search shows addresses, it does not check them
    "alembic",  # the schema's revision is one row, read directly
    "faker",  # the demo command's
)


def test_a_signed_in_search_loads_only_what_it_runs(
    run_cli: Callable[..., subprocess.CompletedProcess[str]],
    gnome_keyring_env: dict[str, str],
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path}/desk.db"
    password = {"VOXPRIVACY_PASSWORD": "light-start-pw-42"}
    run_cli("--db", url, "init", "--admin", "root", env=password, check=True)
    search = ("--db", url, "--user", "root", "customers", "search", "maria")
    proc = subprocess.run(
        [sys.executable, "-c", SEARCH_PROBE, *search],
        env={**gnome_keyring_env, **password},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(proc.stdout)
    assert result["status"] == 0, result["err"]
    assert "No customer matches." in result["out"]
    assert "sqlalchemy.dialects.sqlite" in result["loaded"]  # the probe sees the search's modules
    loaded = [m for m in result["loaded"] if m.startswith(NOT_FOR_A_SEARCH)]
    assert loaded == [], f"a search on SQLite loaded {loaded}"


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.extend(_commands(sub, (*path, name)))
    defaults = parser._defaults
    if "handler" in defaults:
        found.append((*path, str(defaults["handler"])))
    return found


def test_every_declared_command_names_a_handler_that_exists() -> None:
    commands = _commands(cli_main.build_parser())
    assert len(commands) > 50
    for *path, handler in commands:
        assert callable(handler_of(handler)), f"{' '.join(path)}: {handler} is not a function"


def test_a_handler_must_be_module_dot_function() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    from voxprivacy.cli.arguments import add_command

    with pytest.raises(ValueError, match=r"MODULE\.FUNCTION"):
        add_command(sub, "x", "no_dot", "help")
