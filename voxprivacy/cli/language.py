"""The command line's language, chosen before the parser is built, and argparse's own
messages in it.

The help texts are translated when the parser is built (``help=_("…")``), so the
language is read from the arguments (``--language CODE``) and the locale environment
first. argparse writes its own sentences ("usage:", "the following arguments are
required: …", "invalid choice: …") through the gettext functions it imported; they are
given ours, so they come from the same catalogue as the rest of the command line.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence

from voxprivacy import i18n
from voxprivacy.i18n import N_

OPTION = "--language"

# The sentences of argparse that our parser can show, for the extraction (their text is
# argparse's own, placeholders included; argparse translates them through ``_``).
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("unrecognized arguments: %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unexpected option string: %s"),
)


def _asked(argv: Sequence[str]) -> str | None:
    """The value of --language (or an abbreviation argparse accepts: --lang fr, --la=fr)
    among the options, before a ``--``."""
    for i, arg in enumerate(argv):
        if arg == "--":
            return None
        name, sep, value = arg.partition("=")
        if len(name) < 4 or not OPTION.startswith(name):
            continue
        if sep:
            return value
        return argv[i + 1] if i + 1 < len(argv) else None
    return None


def choose(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """Set the process's language from ``--language`` or, without a language we speak
    there, from the locale environment (argparse then refuses a wrong --language in it)."""
    asked = i18n.supported(_asked(argv))
    env = dict(environ) if environ is not None else None
    return i18n.set_language(asked or i18n.system_language(env))


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    return i18n.ngettext(singular, plural, n)


def install_argparse_translator() -> None:
    """argparse imported ``gettext.gettext`` and ``ngettext`` as its module's ``_`` and
    ``ngettext``; ours read the language of the moment from our catalogue."""
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = _argparse_ngettext  # type: ignore[attr-defined]
