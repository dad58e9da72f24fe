"""Site profiles: one TOML file describes one target site (DECISIONS B16).

The suite reads `[site]`, `[settings]`, `[customers]` and `[catalog]`; the sandbox also reads `[sandbox]`
(prices, pricing models, tiers, coupons), which this loader passes through untouched.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from spec.settings import Catalog, Requires, Setting

CATALOG_ROLES = (
    "plan", "non_recurring_addon", "recurring_addon", "plan_item_price", "charge_item_price",
    "metered_item_price", "tiered_item_price", "one_time_coupon", "business_entity", "pending_invoice",
)


class ProfileError(ValueError):
    """A profile file that cannot be used; the message names the file and the fault in one line."""


@dataclass(frozen=True)
class SiteProfile:
    name: str
    api_versions: frozenset[int]
    product_catalog: Catalog
    settings: frozenset[Setting]
    time_zone: str = "UTC"
    base_currency: str = "USD"
    currencies: tuple[str, ...] = ("USD",)
    auto_collection: bool = False  # what the suite sets on the customers it creates
    has_payment_method: bool = False
    catalog: Mapping[str, str] = field(default_factory=dict)
    sandbox: Mapping[str, Any] = field(default_factory=dict)
    path: str = ""

    def has(self, setting: Setting) -> bool:
        return setting in self.settings

    def offers(self, requires: Requires) -> bool:
        return requires.met_by(self.settings, self.product_catalog)

    def catalog_id(self, role: str) -> str | None:
        return self.catalog.get(role) or None


def load_profile(path: str | Path) -> SiteProfile:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(f"profile {path}: file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ProfileError(f"profile {path}: not valid TOML ({error})") from None
    try:
        return parse_profile(data, str(path))
    except ProfileError as error:
        raise ProfileError(f"profile {path}: {error}") from None


def parse_profile(data: Mapping[str, Any], path: str = "") -> SiteProfile:
    unknown = set(data) - {"site", "settings", "customers", "catalog", "sandbox"}
    if unknown:
        raise ProfileError(f"unknown section(s) {', '.join(sorted(unknown))}")
    site = _table(data, "site")
    raw_settings = dict(_table(data, "settings"))
    currencies = tuple(raw_settings.pop("currencies", ()) or ())
    settings = _settings(raw_settings)
    customers = _table(data, "customers")
    catalog = _table(data, "catalog")
    bad_roles = set(catalog) - set(CATALOG_ROLES)
    if bad_roles:
        raise ProfileError(f"[catalog] has unknown role(s) {', '.join(sorted(bad_roles))}; "
                           f"known: {', '.join(CATALOG_ROLES)}")
    versions = frozenset(_expect(site, "api_versions", list, [1, 2]))
    if not versions or not versions <= {1, 2}:
        raise ProfileError(f"[site] api_versions must list 1 and/or 2, got {sorted(versions)}")
    try:
        product_catalog = Catalog(str(site.get("product_catalog", "1.0")))
    except ValueError:
        raise ProfileError(f"[site] product_catalog must be \"1.0\" or \"2.0\", got {site.get('product_catalog')!r}")
    time_zone = str(site.get("time_zone", "UTC"))
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ProfileError(f"[site] time_zone {time_zone!r} is not an IANA time zone") from None
    base = str(site.get("base_currency", "USD"))
    return SiteProfile(
        name=str(site.get("name") or Path(path).stem or "site"),
        api_versions=versions, product_catalog=product_catalog, settings=settings, time_zone=time_zone,
        base_currency=base, currencies=currencies or (base,),
        auto_collection=_expect(customers, "auto_collection", bool, False),
        has_payment_method=_expect(customers, "has_payment_method", bool, False),
        catalog={str(k): str(v) for k, v in catalog.items()}, sandbox=_table(data, "sandbox"), path=path,
    )


def _settings(raw: Mapping[str, Any]) -> frozenset[Setting]:
    known = {s.value for s in Setting}
    unknown = set(raw) - known
    if unknown:
        raise ProfileError(f"[settings] unknown setting(s) {', '.join(sorted(unknown))}; known: "
                           f"{', '.join(sorted(known))}, currencies")
    for name, value in raw.items():
        if not isinstance(value, bool):
            raise ProfileError(f"[settings] {name} must be true or false, got {value!r}")
    return frozenset(Setting(name) for name, on in raw.items() if on)


def _table(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, Mapping):
        raise ProfileError(f"[{name}] must be a table")
    return value


def _expect(table: Mapping[str, Any], key: str, kind: type, default: Any) -> Any:
    value = table.get(key, default)
    if not isinstance(value, kind):
        raise ProfileError(f"{key} must be a {kind.__name__}, got {value!r}")
    return value
