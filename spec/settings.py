"""Site settings and product-catalog conditions that switch parameters and operations on or off."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Setting(StrEnum):
    """A site setting named by the docs that changes what a request may carry."""

    MULTICURRENCY = "multicurrency"
    MULTI_DECIMAL = "multi_decimal"
    METERED_BILLING = "metered_billing"
    CONSOLIDATED_INVOICING = "consolidated_invoicing"
    INDIA_TAX_REGION = "india_tax_region"
    AVATAX_SALES = "avatax_sales"
    AVATAX_COMMUNICATIONS = "avatax_communications"
    TAXJAR = "taxjar"
    BUSINESS_ENTITIES = "business_entities"
    # invoice_date may lie in the past: a site setting, off by default on real sites (docs/decisions.md A4).
    BACKDATING = "backdating"


class Catalog(StrEnum):
    PC1 = "1.0"
    PC2 = "2.0"


@dataclass(frozen=True)
class Requires:
    """What a site must have for a parameter, rule or operation to apply."""

    settings: frozenset[Setting] = frozenset()
    catalog: Catalog | None = None

    def met_by(self, settings: frozenset[Setting], catalog: Catalog) -> bool:
        return self.settings <= settings and (self.catalog is None or self.catalog == catalog)

    def describe(self) -> str:
        parts = [f"product catalog {self.catalog.value}"] if self.catalog else []
        parts += sorted(s.value for s in self.settings)
        return " + ".join(parts) or "any site"


ANY_SITE = Requires()


def needs(*settings: Setting, catalog: Catalog | None = None) -> Requires:
    return Requires(frozenset(settings), catalog)
