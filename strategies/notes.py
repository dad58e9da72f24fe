"""Short human text saying what a case exercises ("description at max+1 (251 chars, multi-byte)")."""

from __future__ import annotations

from chargebee_conformance.spec.model import Kind
from chargebee_conformance.spec.wire import base_name
from chargebee_conformance.strategies.boundaries import invoice_date_window, month_ends_between
from chargebee_conformance.strategies.draft import Draft
from chargebee_conformance.strategies.plan import Plan
from chargebee_conformance.strategies.usage import Family, family


def multi_byte(value: str) -> bool:
    return not value.isascii()


def length_note(name: str, value: str, limit: int) -> str:
    over = len(value) - limit
    where = "max" if over == 0 else f"max{over:+d}"
    return f"{name} at {where} ({len(value)} chars{', multi-byte' if multi_byte(value) else ''})"


def describe_valid(plan: Plan, draft: Draft) -> str:
    """"valid: customer_id; description at max (250 chars, multi-byte); amount at minimum (1)"."""
    identity = [p.name for p in plan.identities if draft.given(p.name)]
    parts = [identity[0]] if identity else []
    for key, value in draft.form.items():
        parts += _boundaries(plan, base_name(key)[0], value)
    return "valid: " + ("; ".join(parts) or "required parameters only")


def _boundaries(plan: Plan, name: str, value: str) -> list[str]:
    slot = plan.slot(name)
    if slot is None:
        return []
    param, notes = slot.param, []
    if param.max_length is not None and len(value) == param.max_length and family(param) is not Family.CODE:
        notes.append(length_note(name, value, param.max_length))
    if param.minimum is not None and value == str(param.minimum):
        notes.append(f"{name} at minimum ({param.minimum})")
    if any(r.kind is Kind.BACKDATING and r.subject == name for r in plan.rules):
        notes += _invoice_date_notes(plan, int(value))
    return notes


def _invoice_date_notes(plan: Plan, value: int) -> list[str]:
    window = invoice_date_window(plan.world.now, plan.world.profile.time_zone)
    if value == window.valid_from:
        return ["invoice_date at the backdating limit (one calendar month back + allowance)"]
    if value in month_ends_between(window.valid_from, window.valid_to, window.time_zone):
        return ["invoice_date at a month end"]
    return []
