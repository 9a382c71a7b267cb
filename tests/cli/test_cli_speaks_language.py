"""voxprivacy-admin speaks the language it is asked for, in its own output too: a customer
record, the request queue, the help and argparse's own errors come out in French with
--language fr and in Dutch with LANGUAGE=nl, and stay English in the C locale.

Each translated output is compared with the English output of the same command: no
label, heading or table header of the English one may remain (those that read the same
in both languages, such as "Id", aside)."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from cli_support import Desk, Result

from voxprivacy import i18n

LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture(autouse=True)
def c_locale(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    before = i18n.language()
    yield
    i18n.set_language(before)


@pytest.fixture
def queue(demo_desk: Desk) -> tuple[Desk, str]:
    """The demo desk with an access request open; returns it and the customer's account."""
    found = demo_desk.as_("agent", "customers", "search", "vx", "--status", "active", json=True)
    assert found.code == 0, found.err
    account = str(found.json()[0]["account_number"])
    opened = demo_desk.as_(
        "agent", "request", "open", account, "--kind", "access", "--verified-by", "pin", code=True
    )
    assert opened.code == 0, opened.err
    return demo_desk, account


def _as(
    desk: Desk,
    username: str,
    *argv: str,
    before: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> Result:
    """``username`` runs a read command; ``before`` are options before --db (--language)."""
    assert desk.url is not None
    environment = {"VOXPRIVACY_PASSWORD": desk.accounts[username].password, **(env or {})}
    result = desk.run(*before, "--db", desk.url, "--user", username, *argv, env=environment)
    assert result.code == 0, result.err
    return result


def _labels(english: str) -> set[str]:
    """The labels of ``key: value`` lines and the headings of sections (a line of words
    alone), as the English output shows them."""
    found: set[str] = set()
    for line in english.splitlines():
        label = re.match(r"\s*([A-Z][A-Za-z ()]*[A-Za-z)]):(?:\s|$)", line)
        if label:
            found.add(label.group(1))
        elif re.fullmatch(r"[A-Z][a-z]+(?: [a-z]+)*", line):
            found.add(line)
    return found


def _headers(english: str) -> set[str]:
    """The column headers of the tables in the English output (the line above a rule)."""
    lines = english.splitlines()
    found: set[str] = set()
    for above, line in itertools.pairwise(lines):
        if line.strip() and set(line.strip()) <= {"-", " "}:
            found.update(h for h in re.split(r"\s{2,}", above.strip()) if h)
    return found


def _untranslated(texts: set[str], output: str, language: str) -> list[str]:
    """The English ``texts`` still in ``output``, except those the catalogue of ``language``
    deliberately keeps as they are ("Id", "Contact"): a text it does not hold at all counts."""
    kept = i18n.catalogue(language)._catalog  # type: ignore[attr-defined]
    return sorted(
        t
        for t in texts
        if kept.get(t) != t and re.search(rf"(?<![\w-]){re.escape(t)}(?![\w-])", output)
    )


def test_a_customer_record_in_french_and_in_dutch(queue: tuple[Desk, str]) -> None:
    desk, account = queue
    english = _as(desk, "agent", "customer", "show", account).out
    french = _as(desk, "agent", "customer", "show", account, before=("--language", "fr")).out
    dutch = _as(desk, "agent", "customer", "show", account, env={"LANGUAGE": "nl"}).out

    assert english.startswith(f"Customer {account}\n")
    assert "  Name:" in english and "Consents" in english
    assert french.startswith(f"Client {account}\n")
    assert "  Nom:" in french and "Consentements" in french and "finalité" in french
    assert dutch.startswith(f"Klant {account}\n")
    assert "  Naam:" in dutch and "Toestemmingen" in dutch and "doel" in dutch

    labels = _labels(english) | _headers(english)
    assert {"Name", "Status", "Consents", "purpose"} <= labels
    assert _untranslated(labels, french, "fr") == []
    assert _untranslated(labels, dutch, "nl") == []


def test_the_request_queue_in_french_and_in_dutch(queue: tuple[Desk, str]) -> None:
    desk, account = queue
    english = _as(desk, "agent", "request", "list").out
    french = _as(desk, "agent", "request", "list", before=("--language", "fr")).out
    dutch = _as(desk, "agent", "request", "list", env={"LANGUAGE": "nl"}).out

    assert account in english and account in french and account in dutch
    assert "days left" in english and re.search(r"\b\d+ days\b", english)
    assert "jours restants" in french and re.search(r"\b\d+ jours\b", french)
    assert "resterende dagen" in dutch and re.search(r"\b\d+ dagen\b", dutch)

    headers = _headers(english)
    assert {"reference", "status", "customer account", "days left"} <= headers
    assert _untranslated(headers, french, "fr") == []
    assert _untranslated(headers, dutch, "nl") == []
    assert not re.search(r"\b\d+ days?\b", french + dutch)


def _cli(*argv: str, language: str | None = None) -> subprocess.CompletedProcess[str]:
    """voxprivacy-admin in a process of its own, in the C locale or LANGUAGE=``language``."""
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "COLUMNS": "100"}
    if language:
        env["LANGUAGE"] = language
    return subprocess.run(
        [sys.executable, "-m", "voxprivacy.cli", *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("argv", "language", "said", "english"),
    [
        (
            ["--language", "fr", "--help"],
            None,
            ["utilisation : voxprivacy-admin", "afficher cette aide et quitter", "commande"],
            ["usage:", "show this help message", "Administer the voxprivacy"],
        ),
        (
            ["customer", "show", "--help"],
            "nl",
            ["gebruik: voxprivacy-admin customer show", "klantnummer of id", "algemene opties"],
            ["usage:", "account number or id", "global options"],
        ),
    ],
)
def test_the_help_is_translated(
    argv: list[str], language: str | None, said: list[str], english: list[str]
) -> None:
    shown = _cli(*argv, language=language)
    assert shown.returncode == 0, shown.stderr
    for text in said:
        assert text in shown.stdout
    for text in english:
        assert text not in shown.stdout


@pytest.mark.parametrize(
    ("argv", "language", "said", "english"),
    [
        (
            ["--language", "fr", "customers", "search"],
            None,
            "voxprivacy-admin customers search : erreur : les arguments suivants sont "
            "requis : TEXT",
            "the following arguments are required",
        ),
        (
            ["no-such-command"],
            "nl",
            "fout: argument COMMAND: ongeldige keuze: 'no-such-command' (kies uit",
            "invalid choice",
        ),
    ],
)
def test_argparse_errors_are_translated(
    argv: list[str], language: str | None, said: str, english: str
) -> None:
    refused = _cli(*argv, language=language)
    assert refused.returncode == 2
    assert said in refused.stderr
    assert english not in refused.stderr
    assert ("utilisation :" if "fr" in argv else "gebruik:") in refused.stderr


def test_the_c_locale_stays_english() -> None:
    shown = _cli("customer", "show", "--help")
    assert "usage: voxprivacy-admin customer show" in shown.stdout
    assert "account number or id" in shown.stdout
    refused = _cli("customers", "search")
    assert "error: the following arguments are required: TEXT" in refused.stderr


def test_an_unknown_language_falls_back_to_the_environment_and_is_refused() -> None:
    """--language de with LANGUAGE=nl: argparse refuses the choice, in Dutch."""
    refused = _cli("--language", "de", "staff", "list", language="nl")
    assert refused.returncode == 2
    assert "ongeldige keuze: 'de'" in refused.stderr


def _values(english: str, words: list[str]) -> list[str]:
    """Which of the English value ``words`` the English output shows (as a whole word)."""
    return [w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", english)]


def test_record_values_are_words_of_the_language(queue: tuple[Desk, str]) -> None:
    """Status, kind, channel, consent source and the request's kind come out in French
    and Dutch words; the English output and --json keep the stored codes."""
    desk, account = queue
    english = _as(desk, "agent", "customer", "show", account).out
    french = _as(desk, "agent", "customer", "show", account, before=("--language", "fr")).out
    dutch = _as(desk, "agent", "customer", "show", account, env={"LANGUAGE": "nl"}).out
    record = _as(
        desk, "agent", "--json", "customer", "show", account, before=("--language", "fr")
    ).json()

    assert re.search(r"^  Status:\s+active$", english, re.MULTILINE)
    assert re.search(r"^  Statut\s*:\s+actif$", french, re.MULTILINE), french
    assert re.search(r"^  Status:\s+actief$", dutch, re.MULTILINE), dutch
    kind = {"private": ("particulier", "particulier"), "business": ("entreprise", "zakelijk")}
    fr_kind, nl_kind = kind[record["kind"]]
    assert re.search(rf"^  Kind:\s+{record['kind']}$", english, re.MULTILINE)
    assert re.search(rf"^  Type\s*:\s+{fr_kind}$", french, re.MULTILINE), french
    assert re.search(rf"^  Soort:\s+{nl_kind}$", dutch, re.MULTILINE), dutch
    assert record["status"] == "active" and record["kind"] in kind  # --json: the codes

    shown = _values(
        english,
        [
            "active",
            "private",
            "business",
            "newsletter",
            "product_updates",
            "third_party_disclosure",
            "in-person",
            "unsubscribe-link",
            "signup",
        ],
    )
    assert {"active", record["kind"], "newsletter"} <= set(shown)
    assert _values(french, shown) == [] and _values(dutch, shown) == []


def test_the_request_kind_is_a_word_of_the_language(queue: tuple[Desk, str]) -> None:
    desk, account = queue
    english = _as(desk, "agent", "request", "list").out
    french = _as(desk, "agent", "request", "list", before=("--language", "fr")).out
    dutch = _as(desk, "agent", "request", "list", env={"LANGUAGE": "nl"}).out
    row = next(line for line in english.splitlines() if account in line)
    assert re.search(r"\baccess\s+received\b", row)
    fr_row = next(line for line in french.splitlines() if account in line)
    nl_row = next(line for line in dutch.splitlines() if account in line)
    assert re.search(r"\baccès\s+reçue\b", fr_row), fr_row
    assert re.search(r"\binzage\s+ontvangen\b", nl_row), nl_row
    for words in (french, dutch):
        assert not re.search(r"\b(access|received)\b", words)


def test_an_opened_request_is_named_in_the_sentence_of_its_language(demo_desk: Desk) -> None:
    found = demo_desk.as_("agent", "customers", "search", "vx", "--status", "active", json=True)
    account = str(found.json()[0]["account_number"])
    english = demo_desk.as_(
        "agent", "request", "open", account, "--kind", "access", "--verified-by", "pin", code=True
    )
    french = demo_desk.as_(
        "agent",
        "--language",
        "fr",
        "request",
        "open",
        account,
        "--kind",
        "erasure",
        "--verified-by",
        "pin",
        code=True,
    )
    assert english.code == 0 and french.code == 0, english.err + french.err
    assert english.out.startswith(f"Access request opened for customer {account} ")
    assert french.out.startswith(f"Demande d'effacement ouverte pour le client {account} ")
    # how the identity was checked, in the words of the language
    assert "identity verified by the account PIN" in english.out
    assert "account PIN" not in french.out
    missing = demo_desk.as_(
        "agent", "--language", "nl", "request", "open", account, "--kind", "access", code=True
    )
    assert missing.code != 0 and "Noteer hoe de identiteit van de beller" in missing.err


def test_the_help_lists_the_codes_with_their_words() -> None:
    shown = _cli("request", "open", "--help", language="fr")
    assert "access (accès)" in shown.stdout and "erasure (effacement)" in shown.stdout
    registered = _cli("customers", "register", "--help", language="nl")
    assert "private (particulier), business (zakelijk)" in registered.stdout
    english = _cli("request", "open", "--help")
    assert "access, rectification, erasure, restriction, objection" in english.stdout
