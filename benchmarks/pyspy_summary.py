"""Summarise a py-spy profile (``--format raw``: collapsed stacks) of voxprivacy-server.

    .venv/bin/python benchmarks/pyspy_summary.py PROFILE.txt [--top 25]

Prints the share of the samples spent under each layer of a request (the layer of
the innermost frame that belongs to one; the event loop's own frames are
``asyncio/uvloop``) and the functions with the largest inclusive share.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

# (layer, start of a frame's file path); the innermost frame with a layer decides
LAYERS = [
    ("TLS (ssl)", ("ssl.py", "asyncio/sslproto.py")),
    ("HTTP (uvicorn, httptools)", ("uvicorn/", "httptools/", "h11/")),
    ("ASGI routing, middleware (starlette)", ("starlette/",)),
    ("FastAPI (dependencies, validation)", ("fastapi/",)),
    ("pydantic (validation, serialisation)", ("pydantic/", "pydantic_core/")),
    ("JSON (stdlib)", ("json/",)),
    ("thread hand-off (anyio, threading, queue)", ("anyio/", "threading.py", "queue.py")),
    ("SQLAlchemy", ("sqlalchemy/", "<sqlalchemy")),
    ("psycopg (driver)", ("psycopg/", "psycopg_c/", "psycopg_binary/")),
    ("voxprivacy: sessions (token lookup)", ("voxprivacy/services/sessions.py",)),
    ("voxprivacy: server (request path)", ("voxprivacy/server/", "voxprivacy/api/")),
    ("voxprivacy: services", ("voxprivacy/",)),
    ("event loop (asyncio, uvloop)", ("asyncio/", "uvloop/")),
]
_FILE = re.compile(r"\(([^:()]*)(?::\d+)?\)$")


def layer_of(frames: list[str]) -> str:
    for frame in reversed(frames):
        found = _FILE.search(frame)
        path = found.group(1) if found else frame
        for name, starts in LAYERS:
            if path.startswith(starts):
                return name
    return "other"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("profile", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    layers: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for line in args.profile.read_text(encoding="utf-8").splitlines():
        stack, _space, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";")
        total += count
        layers[layer_of(frames)] += count
        for frame in set(frames):
            inclusive[frame] += count
    if not total:
        print("no samples", file=sys.stderr)
        return 1
    print(f"{total} samples (the server's busy threads only)")
    print("\nby layer (innermost frame that belongs to one):")
    for name, count in layers.most_common():
        print(f"  {100 * count / total:5.1f}%  {name}")
    print(f"\nlargest inclusive shares (top {args.top}):")
    for frame, count in inclusive.most_common(args.top):
        print(f"  {100 * count / total:5.1f}%  {frame[:150]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
