"""A private D-Bus session bus with an unlocked GNOME Keyring, for end-to-end tests.

Everything lives in a temporary directory: HOME and the XDG directories point
into it, so the real user's keyring and data are never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KEYRING_PASSWORD = "voxprivacy-test-keyring"
SECRET_SERVICE_MODULE = "keyring.backends.SecretService"

_PROBE = (
    "import keyring; keyring.set_password('voxprivacy-probe', 'u', 'v'); "
    "assert keyring.get_password('voxprivacy-probe', 'u') == 'v'; "
    "keyring.delete_password('voxprivacy-probe', 'u'); "
    "print(type(keyring.get_keyring()).__module__)"
)


class KeyringEnvUnavailable(RuntimeError):
    """dbus-daemon or gnome-keyring-daemon is not installed."""


def _stop(proc: subprocess.Popen[bytes] | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


class GnomeKeyringSession:
    """Starts ``dbus-daemon`` and ``gnome-keyring-daemon``; ``env`` is for subprocesses."""

    def __init__(self, password: str = KEYRING_PASSWORD) -> None:
        """``password`` unlocks (and creates) the login keyring; an empty one makes the
        keyring a user gets when they leave the password empty: its collection cannot be
        created without a prompt, which nobody can answer here."""
        self.password = password
        self.basedir: Path | None = None
        self.env: dict[str, str] = {}
        self._bus: subprocess.Popen[bytes] | None = None
        self._keyring: subprocess.Popen[bytes] | None = None

    def start(self) -> dict[str, str]:
        dbus_daemon = shutil.which("dbus-daemon")
        keyring_daemon = shutil.which("gnome-keyring-daemon")
        missing = [
            name
            for name, path in (
                ("dbus-daemon", dbus_daemon),
                ("gnome-keyring-daemon", keyring_daemon),
            )
            if not path
        ]
        if missing or dbus_daemon is None or keyring_daemon is None:
            raise KeyringEnvUnavailable(
                f"{' and '.join(missing)} not found; install the Debian packages "
                "gnome-keyring and dbus."
            )
        self.basedir = Path(tempfile.mkdtemp(prefix="voxprivacy-keyring-"))
        try:
            return self._start(dbus_daemon, keyring_daemon)
        except BaseException:
            self.stop()
            raise

    def _start(self, dbus_daemon: str, keyring_daemon: str) -> dict[str, str]:
        assert self.basedir is not None
        base = self.basedir
        home, runtime = base / "home", base / "run"
        data, config, cache = home / ".local/share", home / ".config", home / ".cache"
        for directory in (home, data, config, cache):
            directory.mkdir(parents=True, exist_ok=True)
        runtime.mkdir(mode=0o700)
        os.chmod(runtime, 0o700)

        env = dict(os.environ)
        for var in (
            "PYTHON_KEYRING_BACKEND",
            "GNOME_KEYRING_CONTROL",
            "SSH_AUTH_SOCK",
            "VOXPRIVACY_DB",
        ):
            env.pop(var, None)
        env.update(
            HOME=str(home),
            XDG_DATA_HOME=str(data),
            XDG_CONFIG_HOME=str(config),
            XDG_CACHE_HOME=str(cache),
            XDG_RUNTIME_DIR=str(runtime),
        )

        with (base / "dbus-daemon.log").open("wb") as log:
            self._bus = subprocess.Popen(
                [
                    dbus_daemon,
                    "--session",
                    "--nofork",
                    "--print-address=1",
                    f"--address=unix:path={runtime / 'bus'}",
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=log,
                env=env,
            )
        assert self._bus.stdout is not None
        address = self._bus.stdout.readline().decode().strip()
        self._bus.stdout.close()
        if not address:
            log_text = (base / "dbus-daemon.log").read_text(errors="replace")
            raise RuntimeError(
                f"dbus-daemon did not print its address (exit {self._bus.wait()}):\n{log_text}"
            )
        env["DBUS_SESSION_BUS_ADDRESS"] = address

        self._keyring = subprocess.Popen(
            [keyring_daemon, "--foreground", "--unlock", "--components=secrets"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=home,
        )
        assert self._keyring.stdin is not None
        self._keyring.stdin.write(self.password.encode())
        self._keyring.stdin.close()

        self._wait_ready(env)
        self.env = env
        return env

    def _wait_ready(self, env: dict[str, str]) -> None:
        deadline = time.monotonic() + 30
        while True:
            assert self._keyring is not None
            if self._keyring.poll() is not None:
                raise RuntimeError(
                    f"gnome-keyring-daemon exited with status {self._keyring.returncode}"
                )
            probe = subprocess.run(
                [sys.executable, "-c", _PROBE],
                env=env,
                text=True,
                capture_output=True,
                timeout=60,
                stdin=subprocess.DEVNULL,
            )
            if probe.returncode == 0 and probe.stdout.strip() == SECRET_SERVICE_MODULE:
                return
            if not self.password and "Prompt dismissed" in probe.stderr:
                return  # the service answers, and cannot create its collection
            if time.monotonic() > deadline:
                raise RuntimeError(
                    "The private GNOME Keyring did not become usable through the Secret "
                    f"Service backend:\nstdout: {probe.stdout}\nstderr: {probe.stderr}"
                )
            time.sleep(0.25)

    def stop(self) -> None:
        _stop(self._keyring)
        _stop(self._bus)
        self._keyring = self._bus = None
        if self.basedir is not None:
            shutil.rmtree(self.basedir, ignore_errors=True)
            self.basedir = None
