"""Whole-process times of ``voxprivacy-admin`` next to a bare ``python -c pass``.

    .venv/bin/python benchmarks/cli_startup.py --customers 100000
    .venv/bin/python benchmarks/cli_startup.py --customers 1000000 --profile
    # a copy of a database another tree generated (older schema), upgraded first
    .venv/bin/python benchmarks/cli_startup.py --customers 1000000 --cache DIR --upgrade

Every figure is a fresh process, timed from just before it is spawned until it
exits, like hyperfine: two warm-up runs each, then ``--runs`` rounds in which
every command runs once, in turn (so a busy moment of the machine falls on all of
them alike). Printed: median, fastest and slowest, and the median over the bare
interpreter's median from the same run.

* ``python -c pass`` — the baseline: the same interpreter, doing nothing;
* ``--version``, ``--help`` and ``customers search --help`` — parsing only;
* a signed-in ``customers search`` on the cached demo database of desk_search.py
  (plain SQLite, seed 1) as the demo agent: the real keyring lookup of the master
  key (a private GNOME Keyring under its own D-Bus, as in the end-to-end tests),
  the schema and erasure-journal checks, the Argon2 sign-in at the application's
  own cost, the search and the audit entry;
* Argon2 alone: the agent's stored hash verified in this process, the part of the
  sign-in that is the password check's cost and not the program's.

``--profile`` runs the signed-in search once more under cProfile and prints the
functions with the most cumulative time. Figures only, no asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

TARGET_PARSE_RATIO = 3.0
TARGET_SEARCH_S = 0.5
SEARCH_TEXT = "maria"


def admin_command() -> list[str]:
    script = Path(sys.executable).with_name("voxprivacy-admin")
    return [str(script)] if script.exists() else [sys.executable, "-m", "voxprivacy.cli"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one process."""
    cpu = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return elapsed, _children_cpu() - cpu


def store_keys(env: dict[str, str], entries: dict[str, str]) -> None:
    """The benchmark database's secrets into the private keyring (nothing in them is real)."""
    code = (
        "import json, sys, keyring\n"
        "for key, value in json.loads(sys.stdin.read()).items():\n"
        "    service, user = key.split('\\x00', 1)\n"
        "    keyring.set_password(service, user, value)\n"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(entries),
        env=env,
        text=True,
        check=True,
        timeout=60,
    )


def argon2_seconds(db: Path, username: str, password: str, runs: int) -> list[float]:
    from voxprivacy.security import passwords

    conn = sqlite3.connect(db)
    try:
        (stored,) = conn.execute(
            "SELECT password_hash FROM staff WHERE username = ?", (username,)
        ).fetchone()
    finally:
        conn.close()
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        ok = passwords.verify_password(stored, password)
        out.append(time.perf_counter() - started)
        assert ok, "the demo agent's password does not verify"
    return out


def upgrade_schema(url: str, keys: dict[str, str]) -> None:
    """The migrations this tree has and the cached database lacks, with its sidecar's keys."""
    import keyring
    from desk_search import BenchKeyring

    from voxprivacy.security.keyring_store import SecretStore
    from voxprivacy.storage.database import open_database, parse_target
    from voxprivacy.storage.schema import upgrade

    keyring.set_keyring(BenchKeyring(keys))
    db = open_database(parse_target(url), SecretStore())
    try:
        before, after = upgrade(db)
    finally:
        db.dispose()
    if before != after:
        print(f"schema of {url} upgraded from {before} to {after}", file=sys.stderr)


def line(label: str, values: list[float], base: float | None, cpu: list[float] | None) -> str:
    median = statistics.median(values)
    ratio = f"{median / base:5.1f}×" if base else "      "
    spent = f"   cpu {statistics.median(cpu) * 1000:6.1f} ms" if cpu else ""
    return (
        f"  {label:<42} {median * 1000:7.1f} ms {ratio}  "
        f"(min {min(values) * 1000:6.1f}, max {max(values) * 1000:6.1f}){spent}"
    )


def profile(command: list[str], env: dict[str, str]) -> str:
    argv = command[1:] if command[0].endswith("voxprivacy-admin") else command[3:]
    proc = subprocess.run(
        [sys.executable, "-m", "cProfile", "-s", "cumulative", "-m", "voxprivacy.cli", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    lines = proc.stdout.splitlines()
    start = next((i for i, text in enumerate(lines) if "Ordered by" in text), 0)
    return "\n".join(lines[start : start + 45])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--profile", action="store_true", help="profile the signed-in search")
    parser.add_argument(
        "--upgrade",
        action="store_true",
        help="bring the cached database's schema to this tree's newest revision first (a copy "
        "made by an older tree; the search refuses an older schema)",
    )
    args = parser.parse_args()

    import desk_search

    from tests.support.gnome_keyring import GnomeKeyringSession

    cache = args.cache or desk_search.default_cache()
    url, sidecar = desk_search.prepare(args.customers, cache)
    db = desk_search.db_path(cache, args.customers)
    agent = next(s for s in sidecar["staff"] if s["username"] == "agent")
    if args.upgrade:
        upgrade_schema(url, sidecar["keyring"])

    session = GnomeKeyringSession()
    env = session.start()
    assert session.basedir is not None
    # an installed package has its bytecode; this tree may not (PYTHONDONTWRITEBYTECODE):
    # the warm-up runs write it into a private folder that the timed runs read
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(session.basedir / "pycache")
    try:
        store_keys(env, sidecar["keyring"])
        search_env = dict(env, VOXPRIVACY_PASSWORD=agent["password"])
        admin = admin_command()
        commands: dict[str, tuple[list[str], dict[str, str]]] = {
            "python -c pass": ([sys.executable, "-c", "pass"], env),
            "voxprivacy-admin --version": ([*admin, "--version"], env),
            "voxprivacy-admin --help": ([*admin, "--help"], env),
            "voxprivacy-admin customers search --help": (
                [*admin, "customers", "search", "--help"],
                env,
            ),
            f"signed-in customers search {SEARCH_TEXT!r}": (
                [*admin, "--db", url, "--user", "agent", "customers", "search", SEARCH_TEXT],
                search_env,
            ),
        }
        times: dict[str, list[float]] = {label: [] for label in commands}
        cpu: dict[str, list[float]] = {label: [] for label in commands}
        for _ in range(2):  # warm-up: file cache, .pyc files, the erasure journal
            for command, command_env in commands.values():
                timed(command, command_env)
        for _ in range(args.runs):
            for label, (command, command_env) in commands.items():
                wall, spent = timed(command, command_env)
                times[label].append(wall)
                cpu[label].append(spent)
        hashing = argon2_seconds(db, "agent", agent["password"], args.runs)

        base = statistics.median(times["python -c pass"])
        print(
            f"voxprivacy-admin at {args.customers:,} customers: median of {args.runs} "
            "processes each (load average "
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())})"
        )
        for label, values in times.items():
            print(line(label, values, base, cpu[label]))
        print(line("Argon2 verify (in this process)", hashing, None, None))
        parse = max(statistics.median(times[label]) for label in list(commands)[1:4])
        cpu_base = statistics.median(cpu["python -c pass"])
        cpu_parse = max(statistics.median(cpu[label]) for label in list(commands)[1:4])
        search = statistics.median(times[list(commands)[4]])
        argon2 = statistics.median(hashing)
        print(
            f"parsing: worst {parse / base:.1f}× python -c pass in wall-clock time, "
            f"{cpu_parse / cpu_base:.1f}× in CPU time (target ≤ {TARGET_PARSE_RATIO:g}×)"
        )
        print(
            f"signed-in search: {search * 1000:.0f} ms (target ≤ {TARGET_SEARCH_S * 1000:.0f} ms), "
            f"of which Argon2 {argon2 * 1000:.0f} ms; without it {(search - argon2) * 1000:.0f} ms"
        )
        if args.profile:
            command, command_env = commands[list(commands)[4]]
            print("\nprofile of one signed-in search (cProfile, cumulative):")
            print(profile(command, command_env))
    finally:
        session.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
