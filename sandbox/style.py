"""How new records look where the docs leave it open: id formats and the service period of a line sent without
one. The storage carries the style because it hands out the numbers the ids are made from; the default style
is the sandbox's own choice, quirks pick others (sandbox.quirks)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from chargebee_conformance.sandbox.quirks import QuirkSet

DAY = 86_400


@dataclass(frozen=True)
class HouseStyle:
    prefixed_invoice_ids: bool = False  # invoice_ids_prefixed: inv_<n> instead of <n>
    plain_pending_ids: bool = False  # pending_ids_plain: pending invoices numbered like closed ones
    opaque_line_ids: bool = False  # line_ids_opaque: hex instead of li_<n>
    unsent_period_days: int = 0  # unsent_period_month: 30; 0 keeps a one-instant period at the invoice date

    @classmethod
    def of(cls, quirks: QuirkSet) -> HouseStyle:
        return cls(
            prefixed_invoice_ids=quirks.on("invoice_ids_prefixed"),
            plain_pending_ids=quirks.on("pending_ids_plain"),
            opaque_line_ids=quirks.on("line_ids_opaque"),
            unsent_period_days=30 if quirks.on("unsent_period_month") else 0,
        )

    def invoice_id(self, seq: int, *, pending: bool) -> str:
        # Pending invoices carry a temporary number in the draft_inv_ format (PC1 metered billing support
        # article); the sandbox keeps that id after closing so a client's references stay valid.
        number = f"inv_{seq}" if self.prefixed_invoice_ids else str(seq)
        return f"draft_inv_{seq}" if pending and not self.plain_pending_ids else number

    def line_id(self, seq: int) -> str:
        if self.opaque_line_ids:
            return hashlib.sha256(f"line {seq}".encode()).hexdigest()[:24]
        return f"li_{seq}"

    def period(self, date: int, date_from: int | None, date_to: int | None) -> tuple[int, int]:
        """A line's service period from what was sent: an unsent end follows from the other end or the invoice
        date (`date`), never ending before it starts."""
        span = self.unsent_period_days * DAY
        if date_from is None:
            date_from = date if date_to is None else min(date, date_to - span)
        if date_to is None:
            date_to = max(date, date_from) + span if span else max(date, date_from)
        return date_from, date_to
