"""The fields of a customer record that can be corrected: each with the help the command
line prints and the permission its change needs. The validation and the edit itself live
in ``voxprivacy.services.customers.edit``."""

from __future__ import annotations

from dataclasses import dataclass

from voxprivacy.domain.enums import AddressKind
from voxprivacy.domain.roles import Permission
from voxprivacy.i18n import N_, Vocabulary, _

ADDRESS_PARTS = ("street", "postal_code", "city", "country")


# The words a field's label and help are built from, by name (translated when read).
_WORDS: Vocabulary[str] = Vocabulary(
    {
        AddressKind.PRIVATE: N_("private"),
        AddressKind.BUSINESS: N_("business"),
        AddressKind.BILLING: N_("billing"),
        "street": N_("street"),
        "postal_code": N_("postal code"),
        "city": N_("city"),
        "country": N_("country"),
    }
)
_KIND_LABELS: Vocabulary[str] = Vocabulary(
    {
        AddressKind.PRIVATE: N_("Private address"),
        AddressKind.BUSINESS: N_("Business address"),
        AddressKind.BILLING: N_("Billing address"),
    }
)


@dataclass(frozen=True)
class EditableField:
    """A correctable field. ``label`` (what a list of fields shows) and ``help`` are read
    in the current language; ``name`` is what the command line and the services take."""

    name: str
    source_label: str
    source_help: str
    permission: Permission
    kind: str = ""  # an address field's kind ({kind} in the texts)
    part: str = ""  # an address field's part ({part})

    def _said(self, text: str) -> str:
        if not self.kind:
            return _(text)
        return _(text).format(
            kind=_WORDS[self.kind],
            part=_WORDS[self.part] if self.part else "",
            address=_KIND_LABELS[self.kind],
        )

    @property
    def label(self) -> str:
        return self._said(self.source_label)

    @property
    def help(self) -> str:
        return self._said(self.source_help)


def _editable_fields() -> dict[str, EditableField]:
    e = Permission.EDIT_CUSTOMERS
    fields = [
        EditableField("name", N_("Name"), N_("full name of the customer (or contact person)"), e),
        EditableField(
            "company", N_("Company"), N_("company name (business customers); empty clears it"), e
        ),
        EditableField("kind", N_("Customer kind"), N_("private or business"), e),
        EditableField(
            "preferred_channel", N_("Preferred channel"), N_("email, phone, sms or post"), e
        ),
        EditableField(
            "language",
            N_("Language"),
            N_("preferred language, e.g. en, de, fr-CH; empty clears it"),
            e,
        ),
        EditableField("note", N_("Note"), N_("free-text note (never a card number)"), e),
        EditableField("email", N_("Email"), N_("the primary email address"), e),
        EditableField("emails.add", N_("Add an email"), N_("add another email address"), e),
        EditableField("emails.remove", N_("Remove an email"), N_("remove an email address"), e),
        EditableField("phone", N_("Phone"), N_("the primary phone number (with country code)"), e),
        EditableField("phones.add", N_("Add a phone"), N_("add another phone number"), e),
        EditableField("phones.remove", N_("Remove a phone"), N_("remove a phone number"), e),
    ]
    for kind in AddressKind:
        perm = Permission.EDIT_BILLING if kind is AddressKind.BILLING else e
        for part in ADDRESS_PARTS:
            fields.append(
                EditableField(
                    f"address.{kind}.{part}",
                    N_("{address}: {part}"),
                    N_("{kind} address: {part}"),
                    perm,
                    str(kind),
                    part,
                )
            )
        fields.append(
            EditableField(
                f"address.{kind}",
                N_("{address} (remove)"),
                N_("empty value removes the {kind} address"),
                perm,
                str(kind),
            )
        )
    return {f.name: f for f in fields}


EDITABLE_FIELDS = _editable_fields()
