"""The fields of a customer record that can be corrected: each with the help the command
line prints and the permission its change needs. The validation and the edit itself live
in ``voxprivacy.services.customers.edit``."""

from __future__ import annotations

from dataclasses import dataclass

from voxprivacy.domain.enums import AddressKind
from voxprivacy.domain.roles import Permission

ADDRESS_PARTS = ("street", "postal_code", "city", "country")


@dataclass(frozen=True)
class EditableField:
    name: str
    help: str
    permission: Permission


def _editable_fields() -> dict[str, EditableField]:
    e = Permission.EDIT_CUSTOMERS
    fields = [
        EditableField("name", "full name of the customer (or contact person)", e),
        EditableField("company", "company name (business customers); empty clears it", e),
        EditableField("kind", "private or business", e),
        EditableField("preferred_channel", "email, phone, sms or post", e),
        EditableField("language", "preferred language, e.g. en, de, fr-CH; empty clears it", e),
        EditableField("note", "free-text note (never a card number)", e),
        EditableField("email", "the primary email address", e),
        EditableField("emails.add", "add another email address", e),
        EditableField("emails.remove", "remove an email address", e),
        EditableField("phone", "the primary phone number (with country code)", e),
        EditableField("phones.add", "add another phone number", e),
        EditableField("phones.remove", "remove a phone number", e),
    ]
    for kind in AddressKind:
        perm = Permission.EDIT_BILLING if kind is AddressKind.BILLING else e
        for part in ADDRESS_PARTS:
            fields.append(
                EditableField(
                    f"address.{kind}.{part}", f"{kind} address: {part.replace('_', ' ')}", perm
                )
            )
        fields.append(
            EditableField(f"address.{kind}", f"empty value removes the {kind} address", perm)
        )
    return {f.name: f for f in fields}


EDITABLE_FIELDS = _editable_fields()
