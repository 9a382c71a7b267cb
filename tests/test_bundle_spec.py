"""The bundle's recipe without building it: the spec, the build script, the desktop entry
and the icons (packaging/build_bundle.sh builds and self-tests the real bundle in CI)."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import os
import subprocess
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "voxprivacy.spec"
ICONS = ROOT / "resources" / "icons"
DESKTOP = ROOT / "resources" / "voxprivacy.desktop"
BUILD_SCRIPT = ROOT / "packaging" / "build_bundle.sh"
ICON_SIZES = (16, 32, 48, 64, 128, 256)


def spec_text() -> str:
    return SPEC.read_text(encoding="utf-8")


def spec_tree() -> ast.Module:
    return ast.parse(spec_text(), filename=str(SPEC))


def literal_strings(name: str) -> list[str]:
    """The string literals in the list assigned to ``name`` at the spec's top level."""
    for node in spec_tree().body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            assert isinstance(node.value, ast.List), f"{name} is not a list literal"
            return [
                e.value
                for e in ast.walk(node.value)
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            ]
    raise AssertionError(f"the spec assigns no {name}")


# ---- the spec -----------------------------------------------------------------------------


def test_spec_is_python() -> None:
    compile(spec_text(), str(SPEC), "exec")


def test_spec_names_both_entry_scripts_and_they_exist() -> None:
    text = spec_text()
    for script in ("voxprivacy/__main__.py", "voxprivacy/cli/__main__.py"):
        assert f'"{script}"' in text
        assert (ROOT / script).is_file()
    assert 'name="voxprivacy"' in text and 'name="voxprivacy-admin"' in text
    assert text.count("COLLECT(") == 1  # one folder shared by both programs


def test_entry_script_starts_the_desk() -> None:
    source = (ROOT / "voxprivacy" / "__main__.py").read_text(encoding="utf-8")
    assert "from voxprivacy.gui.app import main" in source
    assert 'if __name__ == "__main__"' in source


def test_hidden_imports_cover_what_is_loaded_by_name() -> None:
    hidden = set(literal_strings("hiddenimports"))
    for name in (
        "sqlalchemy.dialects.sqlite.pysqlcipher",
        "sqlalchemy.dialects.sqlite.pysqlite",
        "sqlalchemy.dialects.postgresql.psycopg",
        "sqlcipher3",
        "psycopg_binary",
        "keyring.backends.SecretService",
        "keyring.backends.kwallet",
        "keyring.backends.macOS",
        "keyring.backends.Windows",
        "keyring.backends.chainer",
        "keyring.backends.fail",
        "keyring.backends.null",
        "alembic.runtime.migration",
        "alembic.ddl.sqlite",
        "alembic.ddl.postgresql",
        "alembic.op",
        "alembic.context",
        "voxprivacy.resources",
        "voxprivacy.storage.models",
        "faker",
        "phonenumbers",
    ):
        assert name in hidden, name
    assert 'collect_submodules("keyring.backends")' in spec_text()


def test_hidden_imports_exist() -> None:
    missing = [
        name for name in literal_strings("hiddenimports") if importlib.util.find_spec(name) is None
    ]
    assert missing == []


def test_spec_copies_migrations_and_resources_as_files() -> None:
    text = spec_text()
    for source, target in (
        ('"voxprivacy/storage/migrations/env.py"', '"voxprivacy/storage/migrations"'),
        ('"voxprivacy/storage/migrations/script.py.mako"', '"voxprivacy/storage/migrations"'),
        (
            '"voxprivacy/storage/migrations/versions/*.py"',
            '"voxprivacy/storage/migrations/versions"',
        ),
        ('"desk.qss"', '"voxprivacy/resources"'),
        ('"voxprivacy.desktop"', '"voxprivacy/resources"'),
        ('"*.svg"', '"voxprivacy/resources/icons"'),
        ('"*.png"', '"voxprivacy/resources/icons"'),
    ):
        assert source in text and target in text, source
    assert list((ROOT / "voxprivacy/storage/migrations/versions").glob("0001_*.py"))


def test_spec_leaves_out_unused_qt_and_big_packages() -> None:
    excludes = set(literal_strings("excludes"))
    for name in (
        "PySide6.QtWebEngineCore",
        "PySide6.Qt3DCore",
        "PySide6.QtQuick",
        "PySide6.QtQml",
        "PySide6.QtMultimedia",
        "PySide6.QtCharts",
        "PySide6.QtDataVisualization",
        "PySide6.QtPdf",
        "tkinter",
        "matplotlib",
        "numpy",
        "PIL",
        "pytest",
        "hypothesis",
        "mypy",
        "phonenumbers.geodata",
        "phonenumbers.carrierdata",
    ):
        assert name in excludes, name
    # the desk's own Qt modules must not be excluded
    assert not excludes & {"PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "PySide6.QtSvg"}


def test_spec_picks_icons_and_console_per_platform() -> None:
    text = spec_text()
    assert 'sys.platform == "win32"' in text and 'sys.platform == "darwin"' in text
    for icon in ("voxprivacy.ico", "voxprivacy.icns", "voxprivacy-256.png"):
        assert f'"{icon}"' in text
        assert (ICONS / icon).is_file()
    assert "BUNDLE(" in text


# ---- the build script and CI --------------------------------------------------------------


def test_build_script_is_executable_bash() -> None:
    assert os.access(BUILD_SCRIPT, os.X_OK)
    subprocess.run(["bash", "-n", str(BUILD_SCRIPT)], check=True)
    text = BUILD_SCRIPT.read_text(encoding="utf-8")
    assert "voxprivacy.spec" in text and "--self-test" in text and "du -sh" in text


def test_ci_builds_the_bundle_last() -> None:
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    build = next(i for i, line in enumerate(lines) if line.startswith("packaging/build_bundle.sh"))
    mypy = next(i for i, line in enumerate(lines) if line.startswith(".venv/bin/mypy"))
    assert build > mypy


# ---- desktop entry and icons --------------------------------------------------------------


@pytest.fixture
def desktop_entry() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_desktop_entry_has_the_required_keys(desktop_entry: dict[str, str]) -> None:
    assert desktop_entry["Type"] == "Application"
    assert desktop_entry["Name"] == "voxprivacy"
    assert desktop_entry["GenericName"] == "Privacy desk"
    assert desktop_entry["Comment"]
    assert desktop_entry["Exec"] == "voxprivacy"
    assert desktop_entry["Terminal"] == "false"
    assert "Office" in desktop_entry["Categories"].split(";")
    assert desktop_entry["Categories"].endswith(";")


def test_desktop_entry_icon_is_one_of_ours(desktop_entry: dict[str, str]) -> None:
    icon = desktop_entry["Icon"]
    assert [p.name for p in ICONS.glob(f"{icon}-*.png")], f"no {icon}-<size>.png"
    assert (ICONS / f"{icon}.svg").is_file()


@pytest.fixture
def desk_application(qapp: QApplication) -> Iterator[QApplication]:
    """create_application on the test QApplication, with its settings put back after."""
    saved = (
        qapp.organizationName(),
        qapp.applicationName(),
        qapp.applicationDisplayName(),
        qapp.desktopFileName(),
        qapp.styleSheet(),
        qapp.quitOnLastWindowClosed(),
    )
    from voxprivacy.gui import app

    yield app.create_application([])
    qapp.setOrganizationName(saved[0])
    qapp.setApplicationName(saved[1])
    qapp.setApplicationDisplayName(saved[2])
    qapp.setDesktopFileName(saved[3])
    qapp.setStyleSheet(saved[4])
    qapp.setQuitOnLastWindowClosed(saved[5])


def test_desktop_entry_matches_the_running_desk(
    desktop_entry: dict[str, str], desk_application: QApplication
) -> None:
    # Wayland matches windows to the entry by the desktop file name; X11 by StartupWMClass
    assert desk_application.desktopFileName() == "voxprivacy"
    assert desktop_entry["StartupWMClass"] == desk_application.desktopFileName()
    assert desktop_entry["Icon"] == desk_application.desktopFileName()


def test_desktop_entry_is_installed_with_the_package() -> None:
    entry = resources.files("voxprivacy.resources") / "voxprivacy.desktop"
    assert entry.is_file()


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icon_png_has_the_size_its_name_says(size: int) -> None:
    image = QImage(str(ICONS / f"voxprivacy-{size}.png"))
    assert not image.isNull()
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()


def test_no_png_claims_a_size_it_does_not_have() -> None:
    for path in ICONS.glob("*.png"):
        size = int(path.stem.rsplit("-", 1)[1])
        image = QImage(str(path))
        assert (image.width(), image.height()) == (size, size), path.name


def test_windows_and_macos_icons_are_real_icon_files() -> None:
    assert (ICONS / "voxprivacy.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (ICONS / "voxprivacy.icns").read_bytes()[:4] == b"icns"


def test_every_package_of_the_source_tree_is_installed() -> None:
    """A package missing from pyproject's list is left out of wheels and bundles."""
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
            "packages"
        ]
    )
    found = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "voxprivacy").rglob("__init__.py")
    }
    assert found - listed == set()
