"""Which reports there are, the filters each takes and the formats they are written in.

The reports themselves (the figures, who may run them, the audit) live in
``voxprivacy.services.reports``; the command line's parser and the desk's report
view read only these names.
"""

from __future__ import annotations

from collections.abc import Sequence

REPORT_NAMES = ("requests", "disclosures", "consents", "consent-ledger", "audit")
FORMATS = ("csv", "json")


def filters_for(name: str) -> Sequence[str]:
    """The filters a report takes, by name."""
    if name == "consents":
        return ()
    if name == "audit":
        return ("from", "to", "staff", "action", "customer")
    return ("from", "to")
