"""Site profiles: one TOML file describes one target site (docs/decisions.md B16).

The suite reads `[site]`, `[settings]`, `[customers]` and `[catalog]`; the sandbox also reads `[sandbox]`
(prices, pricing models, tiers, coupons), which this loader passes through untouched.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chargebee_conformance.spec.catalog import ROLES, SiteCatalog, from_roles
from chargebee_conformance.spec.settings import Catalog, Requires, Setting

CATALOG_ROLES = tuple(ROLES)
# Roles and keys of earlier versions, and what replaces them: a one-line error instead of a silent default.
REMOVED = {
    "[catalog] metered_item_price": "charge item prices are never metered (docs/decisions.md A18); name a metered "
    "addon price as addon_item_price if subscriptions need one",
    "[customers] has_payment_method": "the suite's own customers never have a payment method (docs/decisions.md "
    "A13); name an existing customer with one as [catalog] paying_customer",
}
SECTIONS = ("site", "settings", "customers", "catalog", "sandbox")
SITE_KEYS = ("name", "api_versions", "product_catalog", "time_zone", "base_currency")
CUSTOMER_KEYS = ("auto_collection",)
CURRENCY = re.compile(r"[A-Z]{3}")
KINDS = {bool: "true or false", str: "a string"}


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
    auto_collection: bool = False  # what the suite sets on the customers it creates (they cannot pay)
    catalog: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # role -> ids
    sandbox: Mapping[str, Any] = field(default_factory=dict)  # the bundled sandbox's own catalog; nothing else reads it
    path: str = ""
    known: SiteCatalog | None = None  # what the site said about the catalog ids (None: not asked yet)

    def has(self, setting: Setting) -> bool:
        return setting in self.settings

    def offers(self, requires: Requires) -> bool:
        return requires.met_by(self.settings, self.product_catalog)

    def catalog_id(self, role: str) -> str | None:
        ids = self.catalog.get(role, ())
        return ids[0] if ids else None

    def catalog_ids(self, role: str) -> tuple[str, ...]:
        return tuple(self.catalog.get(role, ()))

    @cached_property
    def site_catalog(self) -> SiteCatalog:
        """What is known of the catalog: discovered where the site was asked, else what the roles promise."""
        return self.known if self.known is not None else from_roles(self.catalog)

    @property
    def paying_customer(self) -> str | None:
        """An existing customer with a payment method: the only one auto collection on is judged with (A13)."""
        return self.catalog_id("paying_customer")


def load_profile(path: str | Path) -> SiteProfile:
    """Read and check one profile; every fault is a ProfileError whose one-line message names the file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(f"profile {path}: file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ProfileError(_one_line(f"profile {path}: not valid TOML ({error})")) from None
    except OSError as error:
        raise ProfileError(_one_line(f"profile {path}: cannot be read ({error.strerror or error})")) from None
    try:
        return parse_profile(data, str(path))
    except ProfileError as error:
        raise ProfileError(_one_line(f"profile {path}: {error}")) from None


def parse_profile(data: Mapping[str, Any], path: str = "") -> SiteProfile:
    unknown = set(data) - set(SECTIONS)
    if unknown:
        raise ProfileError(f"unknown section(s) {', '.join(sorted(unknown))}; known: {', '.join(SECTIONS)}")
    site = _table(data, "site", SITE_KEYS)
    raw_settings = dict(_table(data, "settings"))
    currencies = _currencies(raw_settings.pop("currencies", []))
    settings = _settings(raw_settings)
    _removed(data)
    customers = _table(data, "customers", CUSTOMER_KEYS)
    if Setting.BACKDATING in settings and "time_zone" not in site:
        # A wrong zone moves the backdating limit by up to a day: no silent default (docs/decisions.md A4).
        raise ProfileError("[settings] backdating = true needs the site's configured [site] time_zone (the limit "
                           "is a calendar day in that zone), e.g. time_zone = \"Europe/Berlin\"")
    time_zone = _time_zone(site.get("time_zone", "UTC"))
    base = _currency("[site] base_currency", site.get("base_currency", "USD"))
    return SiteProfile(
        name=str(_expect(site, "[site]", "name", str, "") or Path(path).stem or "site"),
        api_versions=_api_versions(site.get("api_versions", [1, 2])),
        product_catalog=_product_catalog(site.get("product_catalog", "1.0")),
        settings=settings, time_zone=time_zone, base_currency=base, currencies=currencies or (base,),
        auto_collection=_expect(customers, "[customers]", "auto_collection", bool, False),
        catalog=_catalog(_table(data, "catalog")), sandbox=_table(data, "sandbox"), path=path,
    )


def _api_versions(value: Any) -> frozenset[int]:
    # bool is an int in Python: `true` would otherwise pass as version 1.
    if not isinstance(value, list) or not value or any(type(v) is not int or v not in (1, 2) for v in value):
        raise ProfileError(f"[site] api_versions must be a non-empty list of 1 and/or 2, got {value!r}")
    return frozenset(value)


def _product_catalog(value: Any) -> Catalog:
    try:
        return Catalog(value)
    except ValueError:
        raise ProfileError(f"[site] product_catalog must be \"1.0\" or \"2.0\", got {value!r}") from None


def _time_zone(value: Any) -> str:
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ProfileError(f"[site] time_zone {value!r} is not an IANA time zone (e.g. \"UTC\", "
                           "\"Asia/Kolkata\")") from None
    return value


def _currency(where: str, value: Any) -> str:
    if not isinstance(value, str) or not CURRENCY.fullmatch(value):
        raise ProfileError(f"{where} must be an ISO 4217 code such as \"USD\", got {value!r}")
    return value


def _currencies(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise ProfileError(f"[settings] currencies must be a list of ISO 4217 codes, got {value!r}")
    return tuple(_currency("[settings] currencies", v) for v in value)


def _removed(data: Mapping[str, Any]) -> None:
    for where, why in REMOVED.items():
        section, _, key = where.partition(" ")
        table = data.get(section.strip("[]"))
        if isinstance(table, Mapping) and key in table:
            raise ProfileError(f"{where} is no longer read: {why}")


def _catalog(catalog: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """role -> ids: a role names one id (a string) or several (a list of strings); blank ids mean none."""
    bad_roles = set(catalog) - set(CATALOG_ROLES)
    if bad_roles:
        raise ProfileError(f"[catalog] has unknown role(s) {', '.join(sorted(bad_roles))}; "
                           f"known: {', '.join(CATALOG_ROLES)}")
    roles: dict[str, tuple[str, ...]] = {}
    for role, value in catalog.items():
        ids = [value] if isinstance(value, str) else value
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise ProfileError(f"[catalog] {role} must be an id or a list of ids (strings), got {value!r}")
        roles[role] = tuple(dict.fromkeys(i for i in ids if i))
    return {role: ids for role, ids in roles.items() if ids}


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


def _table(data: Mapping[str, Any], name: str, keys: tuple[str, ...] = ()) -> Mapping[str, Any]:
    """A section; with `keys`, a key outside them (a typo such as `timezone`) is an error, not a default."""
    value = data.get(name, {})
    if not isinstance(value, Mapping):
        raise ProfileError(f"[{name}] must be a table, got {value!r}")
    unknown = set(value) - set(keys) if keys else set()
    if unknown:
        raise ProfileError(f"[{name}] unknown key(s) {', '.join(sorted(unknown))}; known: {', '.join(keys)}")
    return value


def _expect(table: Mapping[str, Any], where: str, key: str, kind: type, default: Any) -> Any:
    value = table.get(key, default)
    if not isinstance(value, kind):
        raise ProfileError(f"{where} {key} must be {KINDS.get(kind, kind.__name__)}, got {value!r}")
    return value


def _one_line(message: str) -> str:
    return " ".join(message.split())
