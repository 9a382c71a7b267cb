"""The pieces the command table (``cli/main.py``, ``cli/parser_*.py``) is built from:
the global options, ``add_group`` and ``add_command``, argument types and the shared
arguments and epilogs.

Light on purpose: it imports argparse and the domain's vocabularies, never a service,
the storage layer or SQLAlchemy, so ``--version`` and ``--help`` start at once. A
command's handler is named by a string, ``"MODULE.FUNCTION"`` inside ``voxprivacy.cli``,
and its module is imported only when that command runs (``handler_of``).
"""

from __future__ import annotations

import argparse
import functools
import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeAlias

from voxprivacy import i18n
from voxprivacy.domain.catalog import ATTRIBUTES, PRODUCTS
from voxprivacy.domain.enums import (
    ConsentSource,
    CustomerStatus,
    InteractionChannel,
    Purpose,
    Role,
)
from voxprivacy.domain.fields import EDITABLE_FIELDS
from voxprivacy.domain.requests import RequestKind, RequestStatus, VerificationMethod
from voxprivacy.domain.wording import printed_values
from voxprivacy.i18n import N_, _

if TYPE_CHECKING:
    from voxprivacy.cli.session import Invocation

PROG = "voxprivacy-admin"
Handler: TypeAlias = "Callable[[Invocation], int]"
Parsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

ROLES = [r.value for r in Role]
KINDS = [k.value for k in RequestKind]
METHODS = printed_values(VerificationMethod)
SOURCES = printed_values(ConsentSource)
PURPOSES = [x.value for x in Purpose]
CHANNELS = printed_values(InteractionChannel)
REQUEST_STATUSES = ["open", *(s.value for s in RequestStatus)]
STATUSES = [s.value for s in CustomerStatus]


# --------------------------------------------------------------------------- handlers


def handler_of(name: str) -> Handler:
    """The function a command runs: ``"commands.customers_search"`` imports
    ``voxprivacy.cli.commands`` now, and only now."""
    module, _, function = name.rpartition(".")
    handler: Handler = getattr(importlib.import_module(f"voxprivacy.cli.{module}"), function)
    return handler


def command_name(name: str) -> str:
    """The handler's function name, as the log and messages print it (``customers_search``)."""
    return name.rpartition(".")[2]


# --------------------------------------------------------------------------- deferred parsers


class Deferred:
    """A parser (or group, or set of subcommands) not built yet: the calls made on it are
    kept and replayed on the real object when argparse first needs it, so a run builds
    only the parsers on its own path (``customers search`` builds ``customers``' commands,
    ``--version`` none)."""

    def __init__(self) -> None:
        self._calls: list[tuple[str, tuple[object, ...], dict[str, object], Deferred]] = []

    def __getattr__(self, name: str) -> Callable[..., Deferred]:
        if name.startswith("_"):
            raise AttributeError(name)

        def record(*args: object, **kwargs: object) -> Deferred:
            result = Deferred()
            self._calls.append((name, args, kwargs, result))
            return result

        return record

    def replay(self, target: object) -> None:
        for name, args, kwargs, result in self._calls:
            made = getattr(target, name)(*args, **kwargs)
            if result._calls:
                result.replay(made)


class _DeferredChoices(dict[str, object]):
    """A subcommand table whose parsers are built when looked up."""

    def __init__(self, action: DeferredSubParsers) -> None:
        super().__init__()
        self._action = action

    def __getitem__(self, name: str) -> object:
        value = super().__getitem__(name)
        if isinstance(value, tuple):  # (kwargs, Deferred) of a parser not built yet
            kwargs, calls = value
            value = self._action._parser_class(**kwargs)
            super().__setitem__(name, value)
            calls.replay(value)
        return value

    def get(self, name: str, default: object = None) -> object:
        try:
            return self[name]
        except KeyError:
            return default

    def values(self) -> list[object]:  # type: ignore[override]
        return [self[name] for name in self]

    def items(self) -> list[tuple[str, object]]:  # type: ignore[override]
        return [(name, self[name]) for name in self]


class DeferredSubParsers(argparse._SubParsersAction):  # type: ignore[type-arg]
    """``add_subparsers(action=DeferredSubParsers)``: each subcommand's parser is a
    ``Deferred`` until it is chosen; its name and help are listed at once."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._name_parser_map = _DeferredChoices(self)
        self.choices = self._name_parser_map

    def add_parser(self, name: str, **kwargs: object) -> argparse.ArgumentParser:
        if name in self._name_parser_map or "aliases" in kwargs:
            raise ValueError(f"command {name!r} is declared twice (or with aliases)")
        if kwargs.get("prog") is None:
            kwargs["prog"] = f"{self._prog_prefix} {name}"
        help_text = kwargs.pop("help", None)
        if help_text is not None:
            self._choices_actions.append(self._ChoicesPseudoAction(name, (), help_text))
        calls = Deferred()
        dict.__setitem__(self._name_parser_map, name, (kwargs, calls))
        return calls  # type: ignore[return-value]


# --------------------------------------------------------------------------- groups, commands


def add_group(sub: Parsers, name: str, help_text: str) -> Parsers:
    """A group of commands (``customers``, ``request``, …); returns where its commands go."""
    parser = sub.add_parser(
        name, help=help_text, description=help_text, parents=[global_options_after()]
    )
    return parser.add_subparsers(dest=f"{name}_command", metavar="COMMAND", required=True)


def add_command(
    sub: Parsers, name: str, handler: str, help_text: str, **kwargs: object
) -> argparse.ArgumentParser:
    """One command; ``handler`` is ``"MODULE.FUNCTION"`` in ``voxprivacy.cli``, imported
    only when the command runs. Returns the parser, for the command's own arguments."""
    module, dot, function = handler.rpartition(".")
    if not (dot and module and function):
        raise ValueError(f"handler {handler!r} is not 'MODULE.FUNCTION'")
    parser = sub.add_parser(
        name,
        help=help_text,
        description=help_text,
        parents=[global_options_after()],
        **kwargs,  # type: ignore[arg-type]
    )
    parser.set_defaults(handler=handler)
    return parser


def add_global_options(parser: argparse._ActionsContainer, *, after_command: bool) -> None:
    """--db, --server, --server-fingerprint, --user, --totp and --json, before the command
    or (``after_command``) after it.

    After the command they default to SUPPRESS, so an option given only before the
    command is not overwritten by the command's parser.
    """
    unset: str | None = argparse.SUPPRESS if after_command else None
    parser.add_argument(
        "--db",
        metavar="URL",
        default=unset,
        help=_(
            "database URL (default: $VOXPRIVACY_DB or the encrypted file in your data directory)"
        ),
    )
    parser.add_argument(
        "--server",
        metavar="URL",
        default=unset,
        help=_(
            "run the command on the head office server at https://HOST:PORT instead of a "
            "local database (default: $VOXPRIVACY_SERVER)"
        ),
    )
    parser.add_argument(
        "--server-fingerprint",
        metavar="SHA256",
        default=unset,
        help=_(
            "the server certificate's SHA-256 fingerprint, for a self-signed server "
            "(default: $VOXPRIVACY_SERVER_FINGERPRINT)"
        ),
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        default=unset,
        help=_("acting staff member (default: $VOXPRIVACY_USER)"),
    )
    parser.add_argument(
        "--totp",
        metavar="CODE",
        default=unset,
        help=_(
            "second-factor code for commands that "
            "change data (default: $VOXPRIVACY_TOTP, or a prompt in a terminal)"
        ),
    )
    parser.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS if after_command else False,
        help=_("print JSON for scripts"),
    )


@functools.cache
def _global_options_after(language: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(add_help=False)
    add_global_options(
        parser.add_argument_group(_("global options (also accepted before the command)")),
        after_command=True,
    )
    return parser


def global_options_after() -> argparse.ArgumentParser:
    """The parent parser of every group and command: the global options, with their help
    in the language of the moment (built when the first parser needs it, not at import)."""
    return _global_options_after(i18n.language())


# --------------------------------------------------------------------------- argument types


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a whole number").format(text=text)
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("{text!r} must be at least 1").format(text=text))
    return value


def count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a whole number").format(text=text)
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(_("{text!r} must not be negative").format(text=text))
    return value


def deadline(text: str) -> int:
    value = positive(text)
    if value > 90:
        raise argparse.ArgumentTypeError(_("{text!r} is more than 90 days").format(text=text))
    return value


def seed(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a whole number").format(text=text)
        ) from None


def spelled(choices: Sequence[str]) -> Callable[[str], str]:
    """An argument type taking a choice with '-', '_' or a space between its words (in-person,
    in_person); argparse then checks the choice as usual."""
    keys = {choice.replace("_", "-"): choice for choice in choices}

    def spelled(text: str) -> str:
        return keys.get(text.strip().lower().replace("_", "-").replace(" ", "-"), text)

    return spelled


# --------------------------------------------------------------------------- shared arguments


def request_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("request", metavar="REQ", help=_("reference (PR-XXXXXX) or id"))


def verified_by_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--verified-by",
        metavar="METHOD",
        choices=METHODS,
        type=spelled(METHODS),
        help=_("how the caller's identity was verified (required): {methods}").format(
            methods=", ".join(METHODS)
        ),
    )


def card_fields(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--token",
        metavar="TOKEN",
        help=_(
            "the payment processor's token (never the card number); without it, the first "
            "line of standard input (or a prompt in a terminal)"
        ),
    )
    parser.add_argument("--brand", required=True, help=_("Visa, Mastercard, Amex, …"))
    parser.add_argument("--last4", metavar="NNNN", required=True, help=_("the last four digits"))
    parser.add_argument(
        "--expiry", metavar="MM/YY", required=True, help=_("as printed on the card")
    )


def config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=DEFAULT_SERVER_CONFIG,
        help=_("the server's configuration (default: {path})").format(path=DEFAULT_SERVER_CONFIG),
    )


# --------------------------------------------------------------------------- epilogs


DEFAULT_SERVER_CONFIG = "/etc/voxprivacy/server.toml"


def fields_epilog(example: str = "customer edit VX12345678") -> str:
    width = max(len(name) for name in EDITABLE_FIELDS) + 2
    lines = [f"  {name:<{width}}{spec.help}" for name, spec in EDITABLE_FIELDS.items()]
    return (
        _("fields (FIELD=VALUE; an empty VALUE clears an optional field):")
        + "\n"
        + "\n".join(lines)
        + "\n\n"
        + _("example:")
        + f"\n  voxprivacy-admin --user alice {example} 'name=Ada Lovelace' email=ada@example.org"
    )


def products_epilog() -> str:
    lines = [_("products and their fields (FIELD=VALUE):")]
    for code, product in PRODUCTS.items():
        fields = ", ".join(f"{name} ({ATTRIBUTES[name][1]})" for name in product.attributes)
        lines.append(f"  {code:<20}{fields}")
    return "\n".join(
        [
            *lines,
            "",
            _("what the record must hold first is checked when the service is saved."),
            "",
            _("example:"),
            "  voxprivacy-admin --user alice service add VX12345678 virtual_number "
            "'number=+49 30 1234567' area=Berlin --verified-by callback",
        ]
    )


SYNC_EPILOG = N_("""\
first run on a new branch, with the one-time token an admin issued ('branch enrol NAME'):
  voxprivacy-admin sync --server https://hq.example:8443 --server-fingerprint SHA256 \\
      --enrol TOKEN

every later run, e.g. from a systemd timer or cron (no sign-in, no code, no prompt):
  voxprivacy-admin sync

exit status: 0 done, 1 the central database cannot be reached (nothing was lost),
2 bad usage or the wrong database, 3 refused, 75 a database is busy (try again).""")

SERVER_INIT_EPILOG = N_("""\
example (as root on the server host):
  VOXPRIVACY_PASSWORD=… voxprivacy-admin server init \\
      --database postgresql://postgres@localhost/voxprivacy \\
      --hostname privacy.example.org --admin alice

It prints the certificate's SHA-256 fingerprint (every workstation pins it) and the
first admin's recovery codes and authenticator URI. See docs/server.md.""")
