"""Customer records: finding, showing (as the role may see them), correcting.

What a role may not see is left out of the view entirely. Card data never
goes beyond brand, last four and expiry; the processor token never leaves the
database. Every view of a record and every change is audited with the field
names involved; edits validate everything before writing anything.

The package is split along its seams; every public name is re-exported here,
so callers write ``customers.<name>``:

- ``views``: the view dataclasses and building a view for a role;
- ``lookup``: finding a record by account number or id, refusing an erased one;
- ``search``: the search service and the per-day count of each member's searches;
- ``show``: showing a record and its interactions;
- ``duplicates``: records a registration may duplicate (``find_duplicates``);
- ``edit``: the editable fields, their validation, ``edit_customer`` and ``edit_impact``;
- ``impact``: what a correction does to the running services (blocked, incomplete, changed);
- ``lifecycle``: registering a customer, recording an interaction, terminating and
  reactivating.
"""

from __future__ import annotations

from voxprivacy.domain.fields import ADDRESS_PARTS, EDITABLE_FIELDS, EditableField
from voxprivacy.errors import InvalidFields
from voxprivacy.services.customers.duplicates import (
    MAX_DUPLICATES,
    DuplicateHit,
    PossibleDuplicates,
    duplicates_in,
    find_duplicates,
)
from voxprivacy.services.customers.edit import (
    StaleCustomerEdit,
    apply_changes,
    check_edit_allowed,
    edit_customer,
    edit_impact,
    field_value,
    field_values,
    may_edit_field,
    reindex,
    view_from_dict,
)
from voxprivacy.services.customers.impact import (
    BLOCKED,
    CHANGED,
    INCOMPLETE,
    OUTCOME_WORDS,
    EditImpact,
    ImpactBlocked,
    ImpactNotConfirmed,
    ServiceChange,
    assess,
    satisfied,
    touched,
)
from voxprivacy.services.customers.lifecycle import (
    ServiceEnding,
    TerminationImpact,
    create_customer,
    new_account_number,
    new_billing_reference,
    reactivate_account,
    record_interaction,
    run_due_terminations,
    terminate_account,
    termination_impact,
)
from voxprivacy.services.customers.lookup import load_full, refuse_if_erased, resolve
from voxprivacy.services.customers.search import (
    SEARCH_ALERT_AT,
    SEARCH_WRITE_AFTER,
    SEARCH_WRITE_EVERY,
    STATUSES,
    search_customers,
)
from voxprivacy.services.customers.show import list_interactions, show_customer
from voxprivacy.services.customers.views import (
    RECENT_INTERACTIONS,
    AddressView,
    CardView,
    ConsentHistoryRow,
    ConsentView,
    CustomerHit,
    CustomerView,
    EmailView,
    InteractionView,
    InvoiceView,
    PhoneView,
    ServiceView,
    build_view,
    card_view,
    consent_history,
    consent_states,
    service_view,
)

__all__ = [
    "ADDRESS_PARTS",
    "BLOCKED",
    "CHANGED",
    "EDITABLE_FIELDS",
    "INCOMPLETE",
    "MAX_DUPLICATES",
    "OUTCOME_WORDS",
    "RECENT_INTERACTIONS",
    "SEARCH_ALERT_AT",
    "SEARCH_WRITE_AFTER",
    "SEARCH_WRITE_EVERY",
    "STATUSES",
    "AddressView",
    "CardView",
    "ConsentHistoryRow",
    "ConsentView",
    "CustomerHit",
    "CustomerView",
    "DuplicateHit",
    "EditImpact",
    "EditableField",
    "EmailView",
    "ImpactBlocked",
    "ImpactNotConfirmed",
    "InteractionView",
    "InvalidFields",
    "InvoiceView",
    "PhoneView",
    "PossibleDuplicates",
    "ServiceChange",
    "ServiceEnding",
    "ServiceView",
    "StaleCustomerEdit",
    "TerminationImpact",
    "apply_changes",
    "assess",
    "build_view",
    "card_view",
    "check_edit_allowed",
    "consent_history",
    "consent_states",
    "create_customer",
    "duplicates_in",
    "edit_customer",
    "edit_impact",
    "field_value",
    "field_values",
    "find_duplicates",
    "list_interactions",
    "load_full",
    "may_edit_field",
    "new_account_number",
    "new_billing_reference",
    "reactivate_account",
    "record_interaction",
    "refuse_if_erased",
    "reindex",
    "resolve",
    "run_due_terminations",
    "satisfied",
    "search_customers",
    "service_view",
    "show_customer",
    "terminate_account",
    "termination_impact",
    "touched",
    "view_from_dict",
]
