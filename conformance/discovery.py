"""Learn the catalog from the site: what each id the profile names is (setup reference §10; docs/decisions.md A17).

Once per run and site, every catalog id the profile names is retrieved with the documented retrieve operation of
its kind (`GET /item_prices/{id}`, `/addons/{id}`, `/plans/{id}`, `/coupons/{id}`, `/customers/{id}`,
`/invoices/{id}`). The answers decide pricing models, item types, charge types and coupon durations; an id the
site does not have, or one of another kind than its role, stops the run with one line naming the role, the id and
what the site says it is. Record mode keeps the answers in a cassette of their own; replay reads them from it.
"""

from __future__ import annotations

from dataclasses import replace

from chargebee_conformance.spec.catalog import (
    RETRIEVE,
    ROLES,
    Entry,
    Role,
    SiteCatalog,
    entry_from_body,
    from_roles,
    mismatch,
)
from chargebee_conformance.spec.profile import SiteProfile
from chargebee_conformance.suite.client import ApiClient
from chargebee_conformance.suite.errors import ConfigError

LABEL = "catalog"


class CatalogMismatch(ConfigError):
    """A catalog id the site does not have, or of another kind than its role says: the run cannot be trusted."""


def discover(profile: SiteProfile, client: ApiClient) -> SiteProfile:
    """The profile with `known` filled in from the site's own answers."""
    entries = [_learn(profile, client, ROLES[role], entity_id)
               for role, ids in profile.catalog.items() for entity_id in ids]
    return replace(profile, known=from_roles({}).with_entries(entries))


def _learn(profile: SiteProfile, client: ApiClient, role: Role, entity_id: str) -> Entry:
    where = f"profile {profile.name}: [catalog] {role.name} = {entity_id!r}"
    if role.catalog is not None and role.catalog is not profile.product_catalog:
        raise CatalogMismatch(f"{where}: the role belongs to product catalog {role.catalog.value}, the site is "
                              f"on {profile.product_catalog.value}")
    if not role.retrievable:
        return from_roles({role.name: (entity_id,)}).entries[0]
    retrieve = RETRIEVE[role.resource]
    version = next((v for v in retrieve.versions if v in profile.api_versions), None)
    if version is None:
        return from_roles({role.name: (entity_id,)}).entries[0]  # no API version to ask it with
    exchange = client.get(f"/api/v{version}/{retrieve.path}/{entity_id}", label=LABEL)
    if exchange.status == 404:
        raise CatalogMismatch(f"{where}: the site has no such {retrieve.key} (HTTP 404 on GET /api/v{version}/"
                              f"{retrieve.path}/{entity_id}); expected {role.what}")
    if exchange.status != 200:
        raise CatalogMismatch(f"{where}: retrieving it answered HTTP {exchange.status}; expected {role.what}")
    entry = entry_from_body(role, entity_id, exchange.body)
    if entry is None:
        raise CatalogMismatch(f"{where}: the answer to GET /api/v{version}/{retrieve.path}/{entity_id} carries "
                              f"no {retrieve.key} with that id")
    problem = mismatch(role, entry)
    if problem is not None:
        raise CatalogMismatch(f"{where}: {problem}; expected {role.what}")
    return entry


def describe(catalog: SiteCatalog) -> str:
    """One line per entry, for the run log: what the site said each id is."""
    lines = []
    for entry in catalog.entries:
        facts = [f for f in (entry.kind, entry.pricing_model, entry.currency_code) if f]
        lines.append(f"{entry.resource.value} {entry.id} ({', '.join(entry.roles)}): {', '.join(facts) or '?'}")
    return "\n".join(lines)
