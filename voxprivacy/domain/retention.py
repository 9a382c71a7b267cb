"""The retention schedule: how long each kind of data is kept, and the floors the law sets.

The privacy policy names no periods; each default follows from what the policy says
the data is for (docs/retention.md gives the clause behind each), and each kind has
a floor below which no schedule may go:

- a terminated customer's personal data is kept while the account may still be
  reactivated (the grace period is the floor) and while invoices are open ("finance
  for billing and collection purposes"); then it is anonymised as an erasure is;
- interactions ("keep track of your interactions ... to offer a personalized
  experience") are kept two years;
- access packages written to disk are a copy handed to the customer: 30 days;
- the free text of closed privacy requests (notes, reasons, the corrected values)
  is kept a year, the requests themselves (kind, dates, who) for ever;
- invoices are kept for the legal period of commercial and tax records (ten years
  from the day of issue), which is also the floor: no schedule may shorten it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from voxprivacy.domain.lifecycle import REACTIVATION_GRACE_DAYS
from voxprivacy.domain.wording import member_of, printed_values
from voxprivacy.errors import BadInput
from voxprivacy.i18n import N_, _

# ten years of 365 days and the leap days they hold at most
INVOICE_LEGAL_DAYS = 3653
LONGEST_DAYS = 36525  # a hundred years: anything longer is a typing mistake


class RetentionKind(StrEnum):
    TERMINATED_CUSTOMERS = "terminated-customers"
    INTERACTIONS = "interactions"
    ACCESS_PACKAGES = "access-packages"
    CLOSED_REQUESTS = "closed-requests"
    INVOICES = "invoices"


@dataclass(frozen=True)
class KindRule:
    """A kind's rule; its texts are marked with ``N_`` and read in the current language
    (``name``, ``label``, ``counted_from``, ``minimum_reason``)."""

    source_name: str  # the kind in a few words, as a list or a choice shows it
    source_label: str  # what goes, in a sentence's words
    source_counted_from: str  # the day the period starts
    default_days: int
    minimum_days: int
    source_minimum_reason: str  # why nothing shorter is allowed ({days}: the grace period)

    @property
    def name(self) -> str:
        return _(self.source_name)

    @property
    def label(self) -> str:
        return _(self.source_label)

    @property
    def counted_from(self) -> str:
        return _(self.source_counted_from)

    @property
    def minimum_reason(self) -> str:
        return _(self.source_minimum_reason).format(days=REACTIVATION_GRACE_DAYS)


RULES: dict[RetentionKind, KindRule] = {
    RetentionKind.TERMINATED_CUSTOMERS: KindRule(
        N_("Terminated customers"),
        N_(
            "a terminated customer's personal data (anonymised; invoices kept under the "
            "billing reference)"
        ),
        N_("the day the account was terminated"),
        365,
        REACTIVATION_GRACE_DAYS,
        N_("a terminated account can be reactivated for {days} days"),
    ),
    RetentionKind.INTERACTIONS: KindRule(
        N_("Interactions"),
        N_("interactions (channel, staff, time, summary)"),
        N_("the day of the interaction"),
        730,
        30,
        N_("a customer's recent calls are needed to serve the next one"),
    ),
    RetentionKind.ACCESS_PACKAGES: KindRule(
        N_("Access packages"),
        N_("access package files written to disk, and their records"),
        N_("the day the package was written"),
        30,
        1,
        N_("a package is kept at least the day it is handed over"),
    ),
    RetentionKind.CLOSED_REQUESTS: KindRule(
        N_("Closed requests"),
        N_("the free text of closed privacy requests (notes, reasons, corrected values)"),
        N_("the day the request was closed"),
        365,
        30,
        N_("a customer may come back about a request for a month after it closed"),
    ),
    RetentionKind.INVOICES: KindRule(
        N_("Paid and void invoices"),
        N_("paid and void invoices"),
        N_("the day the invoice was issued"),
        INVOICE_LEGAL_DAYS,
        INVOICE_LEGAL_DAYS,
        N_("invoices are commercial and tax records, kept ten years by law"),
    ),
}


def setting_key(kind: RetentionKind) -> str:
    """Where a kind's period is kept in the installation's settings."""
    return f"retention.{kind.value}"


def parse_kind(text: str) -> RetentionKind:
    try:
        return member_of(RetentionKind, text)
    except ValueError:
        raise BadInput(
            _("{text!r} is not a kind of data the schedule covers; use {retentionkind}.").format(
                text=text, retentionkind=", ".join(printed_values(RetentionKind))
            ),
            "kind",
        ) from None


def check_days(kind: RetentionKind, days: object) -> int:
    """A period for ``kind`` in days, refused below the kind's floor with the reason."""
    if isinstance(days, bool) or not isinstance(days, int):
        raise BadInput(_("days: give the period as a whole number of days, e.g. 365."), "days")
    rule = RULES[kind]
    if days < rule.minimum_days:
        raise BadInput(
            _(
                "days: {kind_value} must be kept at least "
                "{rule_minimum_days} days ({rule_minimum_reason}); give "
                "{rule_minimum_days} or more."
            ).format(
                kind_value=kind.value,
                rule_minimum_days=rule.minimum_days,
                rule_minimum_reason=rule.minimum_reason,
            ),
            "days",
        )
    if days > LONGEST_DAYS:
        raise BadInput(
            _(
                "days: {days} days is more than a hundred years; give at most {longest_days}."
            ).format(days=days, longest_days=LONGEST_DAYS),
            "days",
        )
    return days
