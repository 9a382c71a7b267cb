#!/usr/bin/env bash
# Build the one-folder bundle build/dist/voxprivacy/ and check it.
#
#   packaging/build_bundle.sh            (from anywhere; PYTHON=python3.11 to pick the Python)
#
# A fresh venv (build/bundle-venv) gets a regular, non-editable install of this tree plus
# PyInstaller, so the bundle holds exactly what `pip install .` installs; then
# `pyinstaller voxprivacy.spec` builds, the bundle's own self-test runs offscreen, the
# command line reports its version, and the bundle's size is printed.
# Needs no display and no keyring. On Windows and macOS run the same steps by hand
# (see README, "Building the bundle"); the spec picks names and icons by platform.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-python3}"
VENV=build/bundle-venv
DIST=build/dist
WORK=build/work
BUNDLE="$DIST/voxprivacy"
PYINSTALLER_REQ="${PYINSTALLER_REQ:-pyinstaller>=6.10,<7}"

step() { printf '\n==> [bundle %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
started=$SECONDS

step "fresh venv $VENV with $($PYTHON -V 2>&1)"
# build/lib: setuptools would package stale copies of modules deleted since the last build
rm -rf "$VENV" "$DIST" "$WORK" build/lib build/bdist.*
"$PYTHON" -m venv "$VENV"

step "pip install . '$PYINSTALLER_REQ' (not editable)"
"$VENV/bin/python" -m pip install --quiet . "$PYINSTALLER_REQ" </dev/null
# the installed package is complete (resources/ became voxprivacy.resources); PyInstaller
# analyses this copy: the spec adds no source directory to its path
(cd / && "$OLDPWD/$VENV/bin/python" -c 'import pathlib, voxprivacy.resources as r
print("installed:", pathlib.Path(r.__file__).resolve().parent.parent)')

step "pyinstaller voxprivacy.spec"
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" voxprivacy.spec </dev/null
built=$SECONDS

step "self-test of the bundle: $BUNDLE/voxprivacy --self-test"
# run from another directory with a bare environment: nothing may come from this tree or venv
(cd / && env -i PATH=/usr/bin:/bin HOME="${HOME:-/root}" LANG=C.UTF-8 \
    QT_QPA_PLATFORM=offscreen "$OLDPWD/$BUNDLE/voxprivacy" --self-test </dev/null)

step "$BUNDLE/voxprivacy-admin --version"
"$BUNDLE/voxprivacy-admin" --version </dev/null
"$BUNDLE/voxprivacy" --version </dev/null

step "bundle size"
du -sh "$BUNDLE"
size_mb=$(du -sm "$BUNDLE" | cut -f1)
limit_mb=250
if [ "$size_mb" -ge "$limit_mb" ]; then
    echo "ERROR: the bundle is ${size_mb} MB; it must stay under ${limit_mb} MB" >&2
    exit 1
fi
printf 'bundle: %s (%s MB); build %ss, checks %ss, total %ss\n' "$BUNDLE" "$size_mb" \
    "$((built - started))" "$((SECONDS - built))" "$((SECONDS - started))"
