"""The customer page's tables: invoices, the consent ledger, the interaction timeline."""

from __future__ import annotations

from typing import Any

from voxprivacy.gui.customer.common import (
    channel_label,
    invoice_status_label,
    purpose_label,
    source_label,
)
from voxprivacy.gui.messages import local_date, local_time, money
from voxprivacy.gui.tables import NUMBER_ALIGNMENT, RowsModel
from voxprivacy.services.customers import ConsentHistoryRow, InteractionView, InvoiceView


class InvoiceModel(RowsModel[InvoiceView]):
    NUMBER, ISSUED, DUE, AMOUNT, PAID, STATUS = range(6)

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("Invoice"),
            self.tr("Issued"),
            self.tr("Due"),
            self.tr("Amount"),
            self.tr("Paid"),
            self.tr("Status"),
        )

    def cell(self, row: InvoiceView, column: int) -> str:
        return [
            row.number,
            local_date(row.issued_on),
            local_date(row.due_on),
            money(row.amount_cents, row.currency),
            money(row.paid_cents, row.currency),
            invoice_status_label(self, row.status),
        ][column]

    def alignment(self, column: int) -> Any:
        return NUMBER_ALIGNMENT if column in (self.AMOUNT, self.PAID) else None


class ConsentHistoryModel(RowsModel[ConsentHistoryRow]):
    WHEN, PURPOSE, ACTION, SOURCE, EVIDENCE, STAFF = range(6)

    def headers(self) -> tuple[str, ...]:
        return (
            self.tr("When"),
            self.tr("Purpose"),
            self.tr("Decision"),
            self.tr("Source"),
            self.tr("Evidence"),
            self.tr("Recorded by"),
        )

    def cell(self, row: ConsentHistoryRow, column: int) -> str:
        return [
            local_time(row.expressed_at),
            purpose_label(self, row.purpose),
            self.tr("Granted") if row.action == "granted" else self.tr("Withdrawn"),
            source_label(self, row.source),
            row.evidence or "",
            row.staff or self.tr("system"),
        ][column]


class InteractionModel(RowsModel[InteractionView]):
    """One line a row: a summary over several lines is shown on one, whole in its tool tip."""

    WHEN, CHANNEL, STAFF, SUMMARY = range(4)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("When"), self.tr("Channel"), self.tr("Staff"), self.tr("Summary"))

    def cell(self, row: InteractionView, column: int) -> str:
        return [
            local_time(row.at),
            channel_label(self, row.channel),
            row.staff or "",
            " ".join(row.summary.split()),
        ][column]

    def tooltip(self, row: InteractionView, column: int) -> str | None:
        return row.summary if column == self.SUMMARY else super().tooltip(row, column)
