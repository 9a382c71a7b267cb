"""The server host's secrets as files in a private directory.

A head office server has no desktop keyring. Its secrets (the application
role's database password, the database's master key, the TLS private key) are
files in one directory readable only by the service account: the directory
0700, each file 0600. They are the files systemd's ``LoadCredential=`` hands
the service in ``$CREDENTIALS_DIRECTORY`` under the same names.

``CredentialFiles`` is a ``SecretStore``: the services' ``Context`` and
``open_database`` ask it for ``master:<installation>`` and
``db-password:<user>@…`` as they would ask a keyring, and get the files'
contents. A file holds the secret alone (a trailing newline is ignored).
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from voxprivacy.errors import ConfigurationError
from voxprivacy.i18n import _
from voxprivacy.security.keyring_store import SecretStore

# The file names inside the credentials directory (also systemd's credential names).
DATABASE_PASSWORD = "database-password"
MASTER_KEY = "master-key"
TLS_KEY = "tls-key"
SECRET_FILES = (DATABASE_PASSWORD, MASTER_KEY, TLS_KEY)

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def file_for(name: str) -> str | None:
    """The credential file that holds the keyring entry ``name`` (None: not kept here)."""
    if name.startswith("master:"):
        return MASTER_KEY
    if name.startswith("db-password:"):
        return DATABASE_PASSWORD
    if name == TLS_KEY:
        return TLS_KEY
    return None


def _too_open(mode: int) -> bool:
    return bool(mode & (stat.S_IRWXG | stat.S_IRWXO))


def make_private_directory(path: Path, owner: tuple[int, int] | None = None) -> None:
    """Create ``path`` (mode 0700) or check an existing one is private; ``owner``: chown it."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    if owner is not None:
        os.chown(path, *owner)
    os.chmod(path, PRIVATE_DIR)


def write_private(path: Path, data: bytes, owner: tuple[int, int] | None = None) -> None:
    """Write ``path`` with mode 0600 from the first byte (never readable by others on the way).

    Written beside the target under a temporary name and renamed into place, so a
    reader never sees half a secret.
    """
    temporary = path.with_name(f".{path.name}.new")
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if owner is not None:
            os.chown(temporary, *owner)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise


class CredentialFiles(SecretStore):
    """Secrets in the files of a private directory, under the keyring's names."""

    def __init__(self, directory: Path, owner: tuple[int, int] | None = None) -> None:
        super().__init__()
        self.directory = directory
        self.owner = owner  # (uid, gid) the files are given, when set up for a service account

    def path(self, file_name: str) -> Path:
        return self.directory / file_name

    def check(self) -> None:
        try:
            info = self.directory.stat()
        except FileNotFoundError:
            raise ConfigurationError(
                _(
                    "The credentials directory {directory} does not exist; "
                    "create it with 'voxprivacy-admin server init'."
                ).format(directory=self.directory)
            ) from None
        if not stat.S_ISDIR(info.st_mode):
            raise ConfigurationError(
                _("{directory} is not a directory.").format(directory=self.directory)
            )
        if _too_open(info.st_mode):
            raise ConfigurationError(
                _(
                    "The credentials directory {directory} can be read by "
                    "other accounts (mode {mode:04o}); make it private with "
                    "'chmod 700 {directory}'."
                ).format(directory=self.directory, mode=stat.S_IMODE(info.st_mode))
            )

    def ensure_usable(self) -> None:
        self.check()

    def read_file(self, file_name: str) -> str | None:
        self.check()
        path = self.path(file_name)
        try:
            info = path.stat()
        except FileNotFoundError:
            return None
        if _too_open(info.st_mode):
            raise ConfigurationError(
                _(
                    "The secret file {path} can be read by other accounts "
                    "(mode {mode:04o}); make it private with 'chmod 600 "
                    "{path}'."
                ).format(path=path, mode=stat.S_IMODE(info.st_mode))
            )
        return path.read_text(encoding="utf-8").rstrip("\r\n")

    def get(self, name: str) -> str | None:
        file_name = file_for(name)
        return self.read_file(file_name) if file_name is not None else None

    def put(self, name: str, value: str) -> None:
        file_name = file_for(name)
        if file_name is None:
            raise ConfigurationError(
                _("The server keeps no secret named {name!r} in {directory}.").format(
                    name=name, directory=self.directory
                )
            )
        self.check()
        write_private(self.path(file_name), value.encode("utf-8"), self.owner)

    def delete(self, name: str) -> None:
        file_name = file_for(name)
        if file_name is not None:
            with contextlib.suppress(FileNotFoundError):
                self.path(file_name).unlink()
