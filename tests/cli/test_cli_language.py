"""voxprivacy-admin speaks the language it is asked for: --language, else the locale."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from voxprivacy import i18n
from voxprivacy.cli.main import main


@pytest.fixture(autouse=True)
def restore_language() -> Iterator[None]:
    before = i18n.language()
    yield
    i18n.set_language(before)


def _refusal(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status = main(list(argv))
    assert status == 2
    return capsys.readouterr().err


def test_language_option_picks_the_messages_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    english = _refusal(capsys, "--db", "not a url", "staff", "list")
    assert "is not a database URL" in english
    french = _refusal(capsys, "--language", "fr", "--db", "not a url", "staff", "list")
    assert "n'est pas une URL de base de données" in french
    dutch = _refusal(capsys, "--language", "nl", "--db", "not a url", "staff", "list")
    assert "is geen databank-URL" in dutch


def test_without_the_option_the_locale_environment_decides(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "nl_BE.UTF-8")
    dutch = _refusal(capsys, "--db", "not a url", "staff", "list")
    assert "is geen databank-URL" in dutch
    monkeypatch.setenv("LC_ALL", "fr_BE.UTF-8")
    french = _refusal(capsys, "--db", "not a url", "staff", "list")
    assert "n'est pas une URL" in french


def test_an_unknown_language_is_refused_by_the_parser(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--language", "de", "staff", "list"]) == 2
    assert "invalid choice: 'de'" in capsys.readouterr().err
