"""The access package's column headers and labels, in the customer's language.

The package's JSON keeps the database's names as its keys (a program reading it needs
them stable); ``labels`` in it, and every header of its HTML report, give what each
key means in the language the package is written in.
"""

from __future__ import annotations

from voxprivacy.i18n import N_, Vocabulary

COLUMN_LABELS: Vocabulary[str] = Vocabulary(
    {
        "id": N_("Identifier"),
        "account_number": N_("Account number"),
        "kind": N_("Kind"),
        "name": N_("Name"),
        "company": N_("Company"),
        "status": N_("Status"),
        "preferred_channel": N_("Preferred channel"),
        "language": N_("Language"),
        "note": N_("Note"),
        "billing_reference": N_("Billing reference"),
        "created_at": N_("Created"),
        "updated_at": N_("Last changed"),
        "terminated_at": N_("Terminated"),
        "termination_due": N_("Termination due"),
        "termination_reason": N_("Reason for termination"),
        "street": N_("Street"),
        "postal_code": N_("Postal code"),
        "city": N_("City"),
        "country": N_("Country"),
        "e164": N_("Number"),
        "display": N_("Number as written"),
        "is_primary": N_("Main"),
        "address": N_("Address"),
        "product": N_("Product"),
        "label": N_("Service"),
        "needs": N_("Needs"),
        "identifier": N_("Number or identifier"),
        "started_at": N_("Started"),
        "ended_at": N_("Ended"),
        "end_outcome": N_("What happened to the number"),
        "attributes": N_("Settings"),
        "brand": N_("Card brand"),
        "last4": N_("Last four digits"),
        "exp_month": N_("Expiry month"),
        "exp_year": N_("Expiry year"),
        "token": N_("Payment token"),
        "number": N_("Invoice number"),
        "issued_on": N_("Issued"),
        "due_on": N_("Due"),
        "amount_cents": N_("Amount (cents)"),
        "paid_cents": N_("Paid (cents)"),
        "currency": N_("Currency"),
        "at": N_("When"),
        "channel": N_("Channel"),
        "staff_id": N_("Staff member"),
        "summary": N_("Summary"),
        "purpose": N_("Purpose"),
        "purposes": N_("Purposes"),
        "granted": N_("Granted"),
        "source": N_("Source"),
        "evidence": N_("Evidence"),
        "policy_version": N_("Policy version"),
        "expressed_at": N_("Expressed"),
        "recorded_at": N_("Recorded"),
        "consent_event_id": N_("Consent choice"),
        "recipient": N_("Recipient"),
        "basis": N_("Legal basis"),
        "data": N_("Data disclosed"),
        "reference": N_("Reference"),
        "received_at": N_("Received"),
        "due_at": N_("Deadline"),
        "extended": N_("Extended"),
        "extension_reason": N_("Reason for the extension"),
        "verification_method": N_("Identity check"),
        "verification": N_("Identity check"),
        "verified_at": N_("Identity checked"),
        "verified_by": N_("Identity checked by"),
        "opened_by": N_("Opened by"),
        "decided_at": N_("Decided"),
        "decided_by": N_("Decided by"),
        "decision_reason": N_("Reason for the decision"),
        "completed_at": N_("Completed"),
        "completed_by": N_("Completed by"),
        "lifted_at": N_("Lifted"),
        "lifted_by": N_("Lifted by"),
        "action": N_("Step"),
        "detail": N_("Detail"),
        "field": N_("Field"),
        "before": N_("Before"),
        "after": N_("After"),
        # the purposes of the current choices
        "newsletter": N_("Newsletter"),
        "product_updates": N_("Product updates"),
        "third_party_disclosure": N_("Disclosure to third parties"),
    }
)


def column_label(key: str) -> str:
    """What ``key`` means, in the current language (a key without a label reads as is)."""
    return COLUMN_LABELS.get(key) or key.replace("_", " ")
