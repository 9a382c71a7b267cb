"""What every tab of the customer page is: a widget built from one CustomerView, owning
its fields (``FieldSet``) and whatever the user typed there that is not saved (its draft)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from voxprivacy.gui.customer.fields import FieldSet
from voxprivacy.gui.session import DeskSession
from voxprivacy.services.customers import CustomerView


class CustomerTab(QWidget):
    """One tab; the page rebuilds the tabs whenever it shows a (new) view of the record."""

    record_changed = Signal()  # a write of this tab changed the record: the page reloads it

    def __init__(
        self, session: DeskSession, view: CustomerView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.view = view
        self.fields = FieldSet(self, session.actor.role)

    def title(self) -> str:
        raise NotImplementedError(f"{type(self).__name__} must name its tab")

    def set_editing(self, on: bool) -> None:
        self.fields.set_editing(on)

    def draft(self) -> object | None:
        """What was typed here and not saved (kept when the record is shown again)."""
        return None

    def restore_draft(self, draft: object) -> None:
        """Put back what ``draft`` returned before the tab was rebuilt."""
