"""The keyring backend is the one the keyring library itself chooses, without loading the
macOS backend's module off macOS: that module looks up macOS frameworks with
ctypes.util.find_library, which runs ldconfig and gcc (about 90 ms of every command)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import ctypes.util, json, sys
calls = []
real = ctypes.util.find_library
ctypes.util.find_library = lambda name: calls.append(name) or real(name)
if sys.argv[1] == "voxprivacy":
    from voxprivacy.security.keyring_store import load_backend
    backend = load_backend()
else:
    import keyring
    backend = keyring.get_keyring()
print(json.dumps({
    "backend": f"{type(backend).__module__}.{type(backend).__name__}",
    "find_library": calls,
}))
"""


def _choice(how: str, env: dict[str, str]) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, how],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result: dict[str, object] = json.loads(proc.stdout)
    return result


@pytest.mark.skipif(sys.platform == "darwin", reason="the macOS backend is the one to load there")
def test_the_same_backend_is_chosen_without_looking_for_macos_frameworks(
    gnome_keyring_env: dict[str, str],
) -> None:
    env = {k: v for k, v in gnome_keyring_env.items() if k != "PYTHON_KEYRING_BACKEND"}
    plain = _choice("keyring", env)
    ours = _choice("voxprivacy", env)
    assert ours["backend"] == plain["backend"] == "keyring.backends.SecretService.Keyring"
    assert plain["find_library"], "the keyring library no longer looks for macOS frameworks"
    assert ours["find_library"] == []
