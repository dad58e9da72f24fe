"""What catalog discovery would learn from the bundled sandbox, for tests that need no server.

The sandbox's `[sandbox]` section describes its own catalog; a live run asks the site with the documented
retrieve operations instead. Tests of the model and the strategies use this stand-in so that they generate with
the same pricing models a run against the sandbox would discover.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from chargebee_conformance.spec.catalog import ROLES, Entry, Tier, from_roles
from chargebee_conformance.spec.model import Resource
from chargebee_conformance.spec.profile import SiteProfile

SECTIONS = {"plans": (Resource.PLAN, None), "addons": (Resource.ADDON, "type"),
            "item_prices": (Resource.ITEM_PRICE, "item_type"), "coupons": (Resource.COUPON, "duration_type"),
            "customers": (Resource.CUSTOMER, None)}


def discovered(profile: SiteProfile) -> SiteProfile:
    """The profile with `known` filled in as discovery against the bundled sandbox fills it."""
    facts: dict[tuple[Resource, str], dict[str, Any]] = {}
    for section, (resource, kind_key) in SECTIONS.items():
        for entry in profile.sandbox.get(section, ()):
            kind = entry.get(kind_key) if kind_key else None
            facts[(resource, entry["id"])] = {"kind": kind, "pricing_model": entry.get("pricing_model"),
                                              "currency_code": entry.get("currency_code"),
                                              "tiers": _tiers(entry.get("tiers", ()))}
    entries = []
    for entry in from_roles(profile.catalog).entries:
        fact = facts.get((entry.resource, entry.id))
        if fact is not None and ROLES[entry.roles[0]].retrievable:
            entry = replace(entry, kind=fact["kind"] if fact["kind"] is not None else entry.kind,
                            pricing_model=fact["pricing_model"], currency_code=fact["currency_code"],
                            tiers=fact["tiers"], status="active", discovered=True)
        entries.append(entry)
    catalog = from_roles({}).with_entries(entries)
    return replace(profile, known=catalog)


def _tiers(tiers: Any) -> tuple[Tier, ...]:
    return tuple(Tier(t["starting_unit"], t.get("ending_unit"), t.get("price", 0)) for t in tiers)


__all__ = ["Entry", "discovered"]
