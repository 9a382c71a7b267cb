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
- ``edit``: the editable fields, their validation and ``edit_customer``;
- ``lifecycle``: registering a customer, recording an interaction, terminating and
  reactivating.
"""

from __future__ import annotations

from voxprivacy.services.customers.edit import (
    ADDRESS_PARTS,
    EDITABLE_FIELDS,
    EditableField,
    InvalidFields,
    StaleCustomerEdit,
    apply_changes,
    check_edit_allowed,
    edit_customer,
    field_value,
    field_values,
    may_edit_field,
    reindex,
    view_from_dict,
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
    "EDITABLE_FIELDS",
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
    "EditableField",
    "EmailView",
    "InteractionView",
    "InvalidFields",
    "InvoiceView",
    "PhoneView",
    "ServiceEnding",
    "ServiceView",
    "StaleCustomerEdit",
    "TerminationImpact",
    "apply_changes",
    "build_view",
    "card_view",
    "check_edit_allowed",
    "consent_history",
    "consent_states",
    "create_customer",
    "edit_customer",
    "field_value",
    "field_values",
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
    "search_customers",
    "service_view",
    "show_customer",
    "terminate_account",
    "termination_impact",
    "view_from_dict",
]
