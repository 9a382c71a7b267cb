"""Will the demo fit? Its estimated size against the free space where it is written.

A demo of ten million customers takes tens of gigabytes; on a disk too small it
would run for many minutes and then fail, all of it thrown away. So before
anything is generated the estimate (the measured bytes per customer of each
kind of database, with room for the sorts of the index builds) is compared with
the free space of the file system that holds the database: the SQLite file's
folder, or the data directory of a PostgreSQL server on this machine when the
signed-in role may read where that is. A server elsewhere is not checked: its
disk cannot be seen from here.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import text

from voxprivacy.errors import BadInput
from voxprivacy.i18n import _
from voxprivacy.storage.database import Database

# bytes on disk per demo customer (every related table and index), as measured by
# benchmarks/demo_generation.py (README, Performance), rounded up
BYTES_PER_CUSTOMER = {"sqlite": 6_300, "encrypted": 6_400, "postgresql": 5_400}
# besides the database itself: PostgreSQL's write-ahead log and index sorts (temporary
# files in the data directory); SQLite's sorts stay in memory while a demo is built
HEADROOM = {"sqlite": 1.05, "encrypted": 1.05, "postgresql": 1.3}
_LOCAL_HOSTS = (None, "", "localhost", "127.0.0.1", "::1")


def needed_bytes(mode: str, customers: int) -> int:
    """The disk space a demo of ``customers`` customers is expected to need."""
    return int(customers * BYTES_PER_CUSTOMER[mode] * HEADROOM[mode])


def _folder(db: Database) -> Path | None:
    """The folder whose file system receives the database, if it can be seen from here."""
    target = db.target
    if target.path is not None:
        folder = target.path.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        return folder
    host = target.url.host
    if host not in _LOCAL_HOSTS and not str(host).startswith("/"):
        return None
    with db.read() as session:
        # pg_settings shows data_directory only to a role that may read it
        row = session.execute(
            text("SELECT setting FROM pg_settings WHERE name = 'data_directory'")
        ).first()
    if row is None or not Path(row[0]).is_dir():
        return None
    return Path(row[0])


def _size_text(n: float) -> str:
    return f"{n / 1e9:,.1f} GB" if n >= 1e9 else f"{n / 1e6:,.0f} MB"


def check_space(db: Database, customers: int) -> None:
    """Refuse, with both figures and the fix, a demo that would not fit on its disk."""
    if customers <= 0:
        return
    folder = _folder(db)
    if folder is None:
        return
    needed = needed_bytes(db.target.mode, customers)
    free = shutil.disk_usage(folder).free
    if needed > free:
        raise BadInput(
            _(
                "A demo of {customers:,} customers needs about {needed} of disk space, "
                "but the file system of {folder} has {free} free. Free some space there, "
                "ask for fewer customers, or point --db at a larger disk."
            ).format(
                customers=customers,
                needed=_size_text(needed),
                folder=folder,
                free=_size_text(free),
            ),
            "customers",
        )
