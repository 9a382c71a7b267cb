"""voxprivacy-admin in process, on plain SQLite, SQLCipher and PostgreSQL: what a user
running the commands sees, and what ends up in the database."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cli_support import (
    ADMIN_PASSWORD,
    Desk,
    Result,
    Run,
    recovery_codes,
    secret_from_uri,
    tamper_audit_row,
    truncate_audit,
)
from sqlalchemy import select
from support.memory_keyring import MemoryKeyring

from voxprivacy import __version__
from voxprivacy.domain.enums import Purpose
from voxprivacy.security.keyring_store import SecretStore
from voxprivacy.services import context
from voxprivacy.services.customers import EDITABLE_FIELDS, consent_history, consent_states
from voxprivacy.storage.database import Database, open_database, parse_target
from voxprivacy.storage.models import AuditEvent, Customer, Email, Invoice, PaymentCard
from voxprivacy.storage.schema import head_revision

NEW_PASSWORD = "alice-initial-pw-42"


@dataclass
class CustomerFacts:
    account_number: str
    name: str
    emails: list[str]
    cards: int
    invoices: int
    newsletter: bool


@pytest.fixture
def facts(memory_keyring: MemoryKeyring) -> Iterator[object]:
    """``facts(url)``: what the database holds about each customer, read directly."""
    opened: list[Database] = []

    def read(url: str) -> list[CustomerFacts]:
        db = open_database(parse_target(url), SecretStore(memory_keyring))
        opened.append(db)
        out = []
        with db.read() as session:
            for c in session.execute(select(Customer).order_by(Customer.account_number)).scalars():
                emails = list(
                    session.execute(
                        select(Email.address).where(Email.customer_id == c.id)
                    ).scalars()
                )
                cards = len(
                    session.execute(
                        select(PaymentCard.id).where(PaymentCard.customer_id == c.id)
                    ).all()
                )
                invoices = len(
                    session.execute(select(Invoice.id).where(Invoice.customer_id == c.id)).all()
                )
                states = {
                    v.purpose: v.granted for v in consent_states(consent_history(session, c.id))
                }
                out.append(
                    CustomerFacts(
                        c.account_number,
                        c.name,
                        emails,
                        cards,
                        invoices,
                        states[str(Purpose.NEWSLETTER)],
                    )
                )
        return out

    yield read
    for db in opened:
        db.dispose()


def _active_with_email(all_facts: list[CustomerFacts]) -> list[CustomerFacts]:
    return [f for f in all_facts if f.emails]


def staff_names(desk: Desk, as_user: str = "root") -> list[str]:
    result = desk.as_(as_user, "staff", "list", json=True)
    assert result.code == 0, result.err
    return [row["username"] for row in result.json()]


# --------------------------------------------------------------------------- init


def test_init_creates_the_first_admin_and_prints_the_authenticator_last(
    run: Run, db_url: str
) -> None:
    result = run(
        "--db", db_url, "init", "--admin", "root", env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD}
    )
    assert result.code == 0, result.err
    assert result.last_line.startswith("otpauth://totp/voxprivacy:root?")
    assert len(secret_from_uri(result.last_line)) >= 32
    assert len(set(recovery_codes(result.out))) == 10
    assert "Recovery codes" in result.out

    again = run(
        "--db", db_url, "init", "--admin", "someone", env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD}
    )
    assert again.code == 0, again.err
    assert f"schema at revision {head_revision()} (newest)" in again.out
    assert "otpauth" not in again.out and "someone" not in again.out

    desk = Desk(run, db_url)
    desk.add("root", "admin", ADMIN_PASSWORD, result.last_line)
    assert staff_names(desk) == ["root"]

    as_json = run("--db", db_url, "--json", "init")
    assert as_json.code == 0
    assert as_json.json()["revision"] == head_revision() and as_json.json()["admin"] is None


def test_init_json_gives_the_admin_enrollment(run: Run, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/desk.db"
    result = run(
        "--db",
        url,
        "--json",
        "init",
        "--admin",
        "root",
        env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD},
    )
    assert result.code == 0, result.err
    admin = result.json()["admin"]
    assert admin["username"] == "root"
    assert admin["otpauth_uri"].startswith("otpauth://")
    assert len(admin["recovery_codes"]) == 10


def test_init_without_admin_or_password_is_bad_usage_and_writes_nothing(
    run: Run, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    path = tmp_path / "desk.db"
    for url in (f"sqlite:///{path}", f"sqlite+pysqlcipher:///{path}"):
        no_admin = run("--db", url, "init", env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD})
        assert no_admin.code == 2
        assert "--admin" in no_admin.err
        no_password = run("--db", url, "init", "--admin", "root")
        assert no_password.code == 2
        assert "VOXPRIVACY_PASSWORD" in no_password.err
        weak = run("--db", url, "init", "--admin", "root", env={"VOXPRIVACY_PASSWORD": "short"})
        assert weak.code == 2
        assert "too short" in weak.err
        assert not path.exists()
    assert memory_keyring.entries == {}


def test_commands_on_a_missing_database_say_so(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "nowhere.db"
    result = run(
        "--db",
        f"sqlite:///{path}",
        "--user",
        "root",
        "staff",
        "list",
        env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD},
    )
    assert result.code == 2
    assert "There is no database at" in result.err and "init" in result.err
    assert not path.exists()


def test_a_database_without_schema_is_bad_usage(run: Run, db_url: str) -> None:
    result = run(
        "--db",
        db_url,
        "--user",
        "root",
        "audit",
        "head",
        env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD},
    )
    if db_url.startswith("postgresql"):
        assert result.code == 2 and "no voxprivacy schema" in result.err
    else:
        assert result.code == 2 and "There is no database" in result.err


def test_a_dead_server_is_bad_usage(run: Run) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:9/none"
    for argv in (("init", "--admin", "root"), ("--user", "root", "staff", "list")):
        result = run("--db", url, *argv, env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD})
        assert result.code == 2, result.err
        assert "cannot" in result.err


def test_version_and_help(run: Run) -> None:
    version = run("--version")
    assert version.code == 0 and __version__ in version.out
    helped = run("customer", "edit", "--help")
    assert helped.code == 0
    for name in EDITABLE_FIELDS:
        assert re.search(rf"^\s+{re.escape(name)}\s", helped.out, re.MULTILINE), name
    assert run().code == 2
    assert run("frobnicate").code == 2


# --------------------------------------------------------------------------- staff


def test_staff_add_with_a_code_enrolls_the_new_member(admin_desk: Desk) -> None:
    result = admin_desk.as_(
        "root",
        "staff",
        "add",
        "alice",
        "--role",
        "agent",
        "--display-name",
        "Alice Example",
        code=True,
        stdin=NEW_PASSWORD + "\n",
    )
    assert result.code == 0, result.err
    assert result.last_line.startswith("otpauth://totp/voxprivacy:alice?")
    assert "Recovery codes" in result.out
    alice = admin_desk.add("alice", "agent", NEW_PASSWORD, result.last_line)
    assert staff_names(admin_desk) == ["alice", "root"]
    # alice can sign in with the password from standard input and use her authenticator
    search = admin_desk.as_("alice", "customers", "search", "anyone")
    assert search.code == 0, search.err
    assert "No customer matches" in search.out
    assert alice.secret != admin_desk.accounts["root"].secret


def test_staff_add_without_a_code_and_no_terminal_is_refused(admin_desk: Desk) -> None:
    result = admin_desk.as_(
        "root", "staff", "add", "alice", "--role", "agent", stdin=NEW_PASSWORD + "\n"
    )
    assert result.code == 3
    assert result.err.strip() == (
        "voxprivacy-admin: This command changes data and needs your second-factor code: "
        "pass --totp CODE or set VOXPRIVACY_TOTP."
    )
    assert staff_names(admin_desk) == ["root"]


def test_staff_add_takes_the_code_from_the_environment(admin_desk: Desk, run: Run) -> None:
    root = admin_desk.accounts["root"]
    result = run(
        "--db",
        admin_desk.url,
        "staff",
        "add",
        "bob",
        "--role",
        "finance",
        stdin=NEW_PASSWORD + "\n",
        env={
            "VOXPRIVACY_USER": "root",
            "VOXPRIVACY_PASSWORD": root.password,
            "VOXPRIVACY_TOTP": root.codes.code(),
        },
    )
    assert result.code == 0, result.err
    assert staff_names(admin_desk) == ["bob", "root"]


def test_wrong_password_is_refused(admin_desk: Desk, run: Run) -> None:
    result = run(
        "--db",
        admin_desk.url,
        "--user",
        "root",
        "staff",
        "list",
        env={"VOXPRIVACY_PASSWORD": "not-the-password"},
    )
    assert result.code == 3
    assert "the user name or the password is wrong" in result.err
    unknown = run(
        "--db",
        admin_desk.url,
        "--user",
        "nobody",
        "staff",
        "list",
        env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD},
    )
    assert (unknown.code, unknown.err, unknown.out) == (result.code, result.err, result.out)


def test_a_known_name_that_must_wait_answers_as_an_unknown_one(
    admin_desk: Desk, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the services' clock stands still, so the one-second wait cannot run out between
    # the attempts however slowly a busy machine runs them
    frozen = dt.datetime.now(dt.UTC)

    class _Still(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:  # type: ignore[override]
            return frozen.astimezone(tz) if tz else frozen.replace(tzinfo=None)

    monkeypatch.setattr(context, "datetime", _Still)

    def attempt(user: str, password: str) -> tuple[int, str, str]:
        done = run(
            "--db",
            admin_desk.url,
            "--user",
            user,
            "staff",
            "list",
            env={"VOXPRIVACY_PASSWORD": password},
        )
        return done.code, done.err, done.out

    wrong = [attempt("root", "not-the-password") for _ in range(3)]
    # root must now wait: even the right password is refused, in the same words
    waiting = attempt("root", ADMIN_PASSWORD)
    unknown = attempt("nobody", ADMIN_PASSWORD)
    assert waiting == unknown == wrong[0]
    assert waiting[0] == 3 and "wait" in waiting[1] and "root" not in waiting[1]


def test_no_user_or_no_password_is_refused(admin_desk: Desk, run: Run) -> None:
    result = run(
        "--db", admin_desk.url, "staff", "list", env={"VOXPRIVACY_PASSWORD": ADMIN_PASSWORD}
    )
    assert result.code == 3
    assert "--user" in result.err and "VOXPRIVACY_USER" in result.err
    no_password = run("--db", admin_desk.url, "--user", "root", "staff", "list")
    assert no_password.code == 3
    assert "VOXPRIVACY_PASSWORD" in no_password.err


def test_bad_staff_input_is_bad_usage_and_burns_no_code(admin_desk: Desk) -> None:
    root = admin_desk.accounts["root"]
    code = root.codes.code()
    wizard = admin_desk.as_(
        "root", "staff", "add", "alice", "--role", "wizard", code=code, stdin=NEW_PASSWORD + "\n"
    )
    assert wizard.code == 2
    assert "wizard" in wizard.err
    empty = admin_desk.as_(
        "root", "staff", "add", "alice", "--role", "agent", code=code, stdin="\n"
    )
    assert empty.code == 2
    assert "password" in empty.err
    # neither attempt used the code up
    ok = admin_desk.as_(
        "root", "staff", "add", "alice", "--role", "agent", code=code, stdin=NEW_PASSWORD + "\n"
    )
    assert ok.code == 0, ok.err
    assert staff_names(admin_desk) == ["alice", "root"]


@pytest.mark.slow
def test_staff_management_commands(admin_desk: Desk) -> None:
    added = admin_desk.as_(
        "root", "staff", "add", "carol", "--role", "agent", code=True, stdin=NEW_PASSWORD + "\n"
    )
    assert added.code == 0, added.err
    old_uri = added.last_line
    promoted = admin_desk.as_("root", "staff", "set-role", "carol", "supervisor", code=True)
    assert promoted.code == 0, promoted.err
    listed = {r["username"]: r for r in admin_desk.as_("root", "staff", "list", json=True).json()}
    assert listed["carol"]["role"] == "supervisor"

    # one code per 30 seconds: the rest use recovery codes, which --totp accepts too
    reset = admin_desk.as_("root", "staff", "reset-2fa", "carol", code="recovery")
    assert reset.code == 0, reset.err
    assert reset.last_line.startswith("otpauth://") and reset.last_line != old_uri
    # an admin's reset of a password resets the second factor too: the member enrols again
    renewed = admin_desk.as_(
        "root", "staff", "reset-password", "carol", code="recovery", stdin="carol new pass 1\n"
    )
    assert renewed.code == 0, renewed.err
    assert "The password was reset, and with it the second factor" in renewed.out
    assert renewed.last_line.startswith("otpauth://") and renewed.last_line != reset.last_line

    unlocked = admin_desk.as_("root", "staff", "unlock", "carol", code="recovery")
    assert unlocked.code == 0, unlocked.err
    gone = admin_desk.as_("root", "staff", "deactivate", "carol", code="recovery")
    assert gone.code == 0, gone.err
    listed = {r["username"]: r for r in admin_desk.as_("root", "staff", "list", json=True).json()}
    assert listed["carol"]["active"] is False
    self_demote = admin_desk.as_("root", "staff", "set-role", "root", "agent", code="recovery")
    assert self_demote.code == 3
    missing = admin_desk.as_("root", "staff", "unlock", "nobody", code="recovery")
    assert missing.code == 2 and "nobody" in missing.err


def test_an_agent_cannot_add_staff(demo_desk: Desk) -> None:
    before = staff_names(demo_desk, "admin")
    result = demo_desk.as_(
        "agent", "staff", "add", "mallory", "--role", "admin", code=True, stdin=NEW_PASSWORD + "\n"
    )
    assert result.code == 3
    assert "role" in result.err
    assert staff_names(demo_desk, "admin") == before


# --------------------------------------------------------------------------- customers


def test_customer_edit_with_a_code_is_visible_in_show(demo_desk: Desk, facts: object) -> None:
    target = _active_with_email(facts(demo_desk.url))[0]  # type: ignore[operator]
    number = target.account_number
    edited = demo_desk.as_(
        "agent",
        "customer",
        "edit",
        "--verified-by",
        "callback",
        "--confirm-impact",
        number,
        "name=Zebediah Quixotewright",
        "email=zebediah@example.org",
        "phone=+41 44 668 18 00",
        code=True,
    )
    assert edited.code == 0, edited.err
    assert number in edited.out

    shown = demo_desk.as_("agent", "customer", "show", number, json=True)
    assert shown.code == 0, shown.err
    view = shown.json()
    assert view["name"] == "Zebediah Quixotewright"
    assert {"address": "zebediah@example.org", "primary": True} in view["emails"]
    primary = [p for p in view["phones"] if p["primary"]]
    assert [p["e164"] for p in primary] == ["+41446681800"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.*", view["created_at"])

    found = demo_desk.as_("agent", "customers", "search", "quixotewright", json=True)
    assert [hit["account_number"] for hit in found.json()] == [number]
    table = demo_desk.as_("agent", "customers", "search", "quixotewright")
    assert "Zebediah Quixotewright" in table.out and "zebediah@example.org" in table.out


def test_invalid_edits_are_bad_input_and_change_nothing(demo_desk: Desk, facts: object) -> None:
    number = _active_with_email(facts(demo_desk.url))[0].account_number  # type: ignore[operator]
    before = demo_desk.as_("agent", "customer", "show", number, json=True).json()

    bad_email = demo_desk.as_(
        "agent",
        "customer",
        "edit",
        "--verified-by",
        "callback",
        "--confirm-impact",
        number,
        "name=Someone Else",
        "email=not-an-email",
        code=True,
    )
    assert bad_email.code == 2
    assert "email" in bad_email.err and "not-an-email" in bad_email.err
    assert len(bad_email.err.strip().splitlines()) == 1

    no_equals = demo_desk.as_(
        "agent",
        "customer",
        "edit",
        "--verified-by",
        "callback",
        "--confirm-impact",
        number,
        "name=X Y",
        "justtext",
        code=True,
    )
    assert no_equals.code == 2 and "justtext" in no_equals.err
    twice = demo_desk.as_(
        "agent",
        "customer",
        "edit",
        "--verified-by",
        "callback",
        "--confirm-impact",
        number,
        "name=A B",
        "name=C D",
        code=True,
    )
    assert twice.code == 2 and "name" in twice.err
    unknown = demo_desk.as_(
        "agent",
        "customer",
        "edit",
        "--verified-by",
        "callback",
        "--confirm-impact",
        number,
        "shoe_size=44",
        code=True,
    )
    assert unknown.code == 2 and "shoe_size" in unknown.err
    several = demo_desk.as_(
        "agent",
        "customer",
        "edit",
        "--verified-by",
        "callback",
        "--confirm-impact",
        number,
        "email=nope",
        "phone=12",
        "kind=alien",
        code=True,
    )
    assert several.code == 2
    assert all(f in several.err for f in ("email", "phone", "kind"))
    assert "; " in several.err and len(several.err.strip().splitlines()) == 1

    after = demo_desk.as_("agent", "customer", "show", number, json=True).json()
    assert after == before
    missing = demo_desk.as_("agent", "customer", "show", "VX00000000")
    assert missing.code == 2 and "VX00000000" in missing.err


def test_a_stale_edit_is_exit_status_1(demo_desk: Desk, facts: object) -> None:
    number = _active_with_email(facts(demo_desk.url))[0].account_number  # type: ignore[operator]
    version = demo_desk.as_("agent", "customer", "show", number, json=True).json()["version"]
    first = demo_desk.as_(
        "agent",
        "customer",
        "edit",
        "--verified-by",
        "callback",
        "--confirm-impact",
        number,
        "language=de",
        "--expected-version",
        str(version),
        code=True,
    )
    assert first.code == 0, first.err
    stale = demo_desk.as_(
        "supervisor",
        "customer",
        "edit",
        "--verified-by",
        "callback",
        "--confirm-impact",
        number,
        "language=fr",
        "--expected-version",
        str(version),
        code=True,
    )
    assert stale.code == 1
    assert "changed by someone else" in stale.err
    assert demo_desk.as_("agent", "customer", "show", number, json=True).json()["language"] == "de"


def test_finance_sees_billing_and_agents_see_contact(demo_desk: Desk, facts: object) -> None:
    target = next(
        f
        for f in facts(demo_desk.url)  # type: ignore[operator]
        if f.emails and f.cards and f.invoices
    )
    finance = demo_desk.as_("finance", "customer", "show", target.account_number, json=True)
    assert finance.code == 0, finance.err
    view = finance.json()
    assert view["cards"] and view["invoices"]
    # brand, last four, expiry and the card's id (for card replace/remove): never the token
    assert set(view["cards"][0]) == {"brand", "last4", "expiry", "id"}
    assert "emails" not in view and "phones" not in view
    human = demo_desk.as_("finance", "customer", "show", target.account_number)
    assert "Billing" in human.out and "Contact" not in human.out
    assert not any(email in human.out for email in target.emails)
    assert "tok_" not in human.out + finance.out

    agent = demo_desk.as_("agent", "customer", "show", target.account_number, json=True)
    view = agent.json()
    assert {e["address"] for e in view["emails"]} == set(target.emails)
    assert "invoices" not in view and "cards" not in view
    human = demo_desk.as_("agent", "customer", "show", target.account_number)
    for heading in ("Contact", "Services", "Consents", "Interactions"):
        assert re.search(rf"^{heading}", human.out, re.MULTILINE), heading
    assert "Billing" not in human.out


def test_consent_set_appends_to_the_history(demo_desk: Desk, facts: object) -> None:
    number = _active_with_email(facts(demo_desk.url))[0].account_number  # type: ignore[operator]
    before = demo_desk.as_("agent", "customer", "show", number, json=True).json()
    result = demo_desk.as_(
        "agent",
        "consent",
        "set",
        "--verified-by",
        "callback",
        number,
        "third_party_disclosure",
        "on",
        "--source",
        "letter",
        "--evidence",
        "letter of 3 May",
        code=True,
    )
    assert result.code == 0, result.err
    assert re.search(r"third_party_disclosure\s+on", result.out)
    after = demo_desk.as_("agent", "customer", "show", number, json=True).json()
    assert len(after["consent_history"]) == len(before["consent_history"]) + 1
    newest = after["consent_history"][0]
    assert (
        newest["purpose"],
        newest["action"],
        newest["source"],
        newest["evidence"],
        newest["staff"],
    ) == ("third_party_disclosure", "granted", "letter", "letter of 3 May", "agent")
    state = {c["purpose"]: c["granted"] for c in after["consents"]}
    assert state["third_party_disclosure"] is True

    bad = demo_desk.as_(
        "agent",
        "consent",
        "set",
        "--verified-by",
        "callback",
        number,
        "advertising",
        "on",
        "--source",
        "phone",
        code=True,
    )
    assert bad.code == 2


def test_unsubscribe_import_counts(demo_desk: Desk, facts: object, tmp_path: Path) -> None:
    people = _active_with_email(facts(demo_desk.url))  # type: ignore[operator]
    subscribed = next(p for p in people if p.newsletter)
    unsubscribed = next((p for p in people if not p.newsletter), None)
    if unsubscribed is None:
        unsubscribed = next(p for p in people if p is not subscribed)
        off = demo_desk.as_(
            "supervisor",
            "consent",
            "set",
            "--verified-by",
            "callback",
            unsubscribed.account_number,
            "newsletter",
            "off",
            "--source",
            "email",
            code=True,
        )
        assert off.code == 0, off.err
    listing = tmp_path / "unsubscribes.txt"
    listing.write_text(
        f"# from the mail system\n{subscribed.emails[0].upper()}\n\n"
        f"{unsubscribed.emails[0]}\nnobody-at-all@unknown-customer.org\n",
        encoding="utf-8",
    )

    result = demo_desk.as_("supervisor", "unsubscribe", "import", str(listing), code=True)
    assert result.code == 0, result.err
    assert result.out.strip() == "applied 1, already off 1, unknown 1"
    shown = demo_desk.as_(
        "supervisor", "customer", "show", subscribed.account_number, json=True
    ).json()
    assert {c["purpose"]: c["granted"] for c in shown["consents"]}["newsletter"] is False

    again = demo_desk.as_(
        "supervisor",
        "unsubscribe",
        "import",
        "-",
        json=True,
        code=True,
        stdin=listing.read_text(encoding="utf-8"),
    )
    assert again.code == 0, again.err
    counts = again.json()
    assert (counts["applied"], counts["already_off"], counts["unknown"]) == (0, 2, 1)


def test_unsubscribe_import_refuses_bad_files(demo_desk: Desk, tmp_path: Path) -> None:
    missing = demo_desk.as_(
        "supervisor", "unsubscribe", "import", str(tmp_path / "none.txt"), code=True
    )
    assert missing.code == 2 and "none.txt" in missing.err
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("jos\xe9@example.org\n".encode("latin-1"))
    not_utf8 = demo_desk.as_("supervisor", "unsubscribe", "import", str(latin1), code=True)
    assert not_utf8.code == 2 and "UTF-8" in not_utf8.err
    junk = tmp_path / "junk.txt"
    junk.write_text("someone@example.org\nthis is not an address\n", encoding="utf-8")
    refused = demo_desk.as_("supervisor", "unsubscribe", "import", str(junk), code=True)
    assert refused.code == 2 and "nothing was applied" in refused.err
    agent = demo_desk.as_("agent", "unsubscribe", "import", str(junk), code=True)
    assert agent.code == 3


# --------------------------------------------------------------------------- codes


def test_a_code_works_once(demo_desk: Desk, facts: object) -> None:
    number = _active_with_email(facts(demo_desk.url))[0].account_number  # type: ignore[operator]
    code = demo_desk.accounts["agent"].codes.code()
    first = demo_desk.as_(
        "agent",
        "customer",
        "edit",
        "--verified-by",
        "callback",
        "--confirm-impact",
        number,
        "note=called about invoice",
        code=code,
    )
    assert first.code == 0, first.err
    replay = demo_desk.as_(
        "agent",
        "customer",
        "edit",
        "--verified-by",
        "callback",
        "--confirm-impact",
        number,
        "note=replayed",
        code=code,
    )
    assert replay.code == 3
    assert "already used" in replay.err
    view = demo_desk.as_("agent", "customer", "show", number, json=True).json()
    assert view["note"] == "called about invoice"
    wrong = demo_desk.as_(
        "agent",
        "customer",
        "edit",
        "--verified-by",
        "callback",
        "--confirm-impact",
        number,
        "note=wrong code",
        code="000000" if code != "000000" else "111111",
    )
    assert wrong.code == 3
    malformed = demo_desk.as_(
        "agent",
        "customer",
        "edit",
        "--verified-by",
        "callback",
        "--confirm-impact",
        number,
        "note=x",
        code="12ab56",
    )
    assert malformed.code == 2 and "six digits" in malformed.err


# --------------------------------------------------------------------------- audit


def test_audit_verify_finds_an_altered_entry(
    demo_desk: Desk, db_url: str, memory_keyring: MemoryKeyring
) -> None:
    for _ in range(2):
        assert demo_desk.as_("agent", "customers", "search", "vx").code == 0
    ok = demo_desk.as_("admin", "audit", "verify")
    assert ok.code == 0, ok.err
    match = re.fullmatch(
        r"audit chain intact: (\d+) entries, head (\d+):([0-9a-f]{64})", ok.out.strip()
    )
    assert match, ok.out
    assert int(match.group(1)) == int(match.group(2)) >= 4
    as_json = demo_desk.as_("admin", "audit", "verify", json=True)
    assert as_json.code == 0 and as_json.json()["ok"] is True

    tamper_audit_row(db_url, memory_keyring.entries, 3)
    broken = demo_desk.as_("admin", "audit", "verify")
    assert broken.code == 1
    assert broken.out.strip().startswith("audit chain BROKEN at entry 3:")
    as_json = demo_desk.as_("admin", "audit", "verify", json=True)
    assert as_json.code == 1 and as_json.json()["first_bad_seq"] == 3
    assert demo_desk.as_("agent", "audit", "verify").code == 3


def test_a_saved_head_catches_cut_off_entries(
    demo_desk: Desk, db_url: str, memory_keyring: MemoryKeyring
) -> None:
    head = demo_desk.as_("admin", "audit", "head")
    assert head.code == 0, head.err
    saved = head.out.strip()
    seq = int(saved.split(":")[0])
    assert re.fullmatch(r"\d+:[0-9a-f]{64}", saved)
    head_json = demo_desk.as_("admin", "audit", "head", json=True).json()
    assert head_json["seq"] > seq

    assert demo_desk.as_("admin", "audit", "verify", "--head", saved).code == 0
    truncate_audit(db_url, memory_keyring.entries, seq)
    caught = demo_desk.as_("admin", "audit", "verify", "--head", saved)
    assert caught.code == 1
    assert f"entry {seq}" in caught.out
    assert demo_desk.as_("admin", "audit", "verify", "--head", "12:abc").code == 2


# --------------------------------------------------------------------------- keys


def test_key_export_and_import(demo_desk: Desk, run: Run, memory_keyring: MemoryKeyring) -> None:
    exported = demo_desk.as_("admin", "key", "export", code=True)
    assert exported.code == 0, exported.err
    line = exported.out.strip()
    installation_id, _, key = line.partition(":")
    master = ("voxprivacy", f"master:{installation_id}")
    assert memory_keyring.entries[master] == key
    refused = demo_desk.as_("agent", "key", "export", code=True)
    assert refused.code == 3 and "Your role (agent) may not do this" in refused.err
    assert key not in refused.out
    db = open_database(parse_target(demo_desk.url), SecretStore(memory_keyring))
    try:
        with db.read() as session:
            refusals = session.execute(
                select(AuditEvent.action, AuditEvent.role).where(
                    AuditEvent.username == "agent", AuditEvent.outcome == "refused"
                )
            ).all()
    finally:
        db.dispose()
    assert [tuple(r) for r in refusals] == [("export_master_key", "agent")]

    # a second workstation: the keyring lacks the master key (but has the database key)
    del memory_keyring.entries[master]
    locked_out = demo_desk.as_("agent", "audit", "head")
    assert locked_out.code == 2 and "key import" in locked_out.err
    wrong_id = run(
        "--db",
        demo_desk.url,
        "key",
        "import",
        stdin=f"00000000-0000-0000-0000-000000000000:{key}\n",
    )
    assert wrong_id.code == 2 and master not in memory_keyring.entries
    other_key = run(
        "--db", demo_desk.url, "key", "import", stdin=f"{installation_id}:{'A' * 43}=\n"
    )
    assert other_key.code == 2 and master not in memory_keyring.entries
    imported = run("--db", demo_desk.url, "key", "import", stdin=line + "\n")
    assert imported.code == 0, imported.err
    assert memory_keyring.entries[master] == key
    assert demo_desk.as_("admin", "audit", "verify").code == 0


def test_db_remember_password(
    run: Run, db_url: str, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    if not db_url.startswith("postgresql"):
        result = run("--db", db_url, "db", "remember-password", stdin="secret\n")
        assert result.code == 2 and "PostgreSQL" in result.err
        return
    result = run("--db", db_url, "db", "remember-password", stdin="pg-secret\n")
    assert result.code == 0, result.err
    assert "pg-secret" in memory_keyring.entries.values()
    empty = run("--db", db_url, "db", "remember-password", stdin="")
    assert empty.code == 2


def test_outputs_do_not_leak_into_the_wrong_stream(admin_desk: Desk) -> None:
    result = admin_desk.as_("root", "staff", "list")
    assert result.code == 0 and result.err == ""
    assert "root" in result.out and "admin" in result.out


@pytest.mark.parametrize(
    "argv",
    [
        ("customers", "search", "x", "--status", "gone"),
        ("customers", "search", "x", "--limit", "0"),
        ("demo", "--customers", "lots"),
        ("audit", "verify", "--head"),
    ],
)
def test_argument_errors_are_exit_status_2(run: Run, argv: tuple[str, ...], tmp_path: Path) -> None:
    result: Result = run("--db", f"sqlite:///{tmp_path}/x.db", *argv)
    assert result.code == 2
    assert "usage:" in result.err
    assert not (tmp_path / "x.db").exists()


def test_a_terminal_is_asked_for_password_and_code(
    admin_desk: Desk, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    import getpass

    from voxprivacy.cli import commands, session

    asked: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        asked.append(prompt)
        return ADMIN_PASSWORD if prompt.startswith("Password for root") else NEW_PASSWORD

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    monkeypatch.setattr(session, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(commands, "is_terminal", lambda stream: True)
    root = admin_desk.accounts["root"]
    result = run(
        "--db",
        admin_desk.url,
        "--user",
        "root",
        "staff",
        "add",
        "dave",
        "--role",
        "agent",
        stdin=root.codes.code() + "\n",
    )
    assert result.code == 0, result.err
    assert "Second-factor code" in result.err
    assert asked == [
        "Initial password for dave: ",
        "Initial password for dave again: ",
        "Password for root: ",
    ]
    assert result.last_line.startswith("otpauth://totp/voxprivacy:dave?")
