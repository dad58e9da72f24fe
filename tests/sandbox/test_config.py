"""Profiles, catalogs and storage the sandbox starts from."""

from __future__ import annotations

from pathlib import Path

import pytest

from chargebee_conformance.sandbox.catalog import load_catalog
from chargebee_conformance.sandbox.config import SandboxConfig
from chargebee_conformance.sandbox.faults import UnknownFault
from chargebee_conformance.sandbox.records import Customer
from chargebee_conformance.sandbox.storage import Storage, StorageError
from chargebee_conformance.spec.profile import ProfileError, load_profile
from tests.sandbox.support import MULTI, PC1, PC2


@pytest.mark.parametrize("profile", [PC1, PC2, MULTI])
def test_shipped_profiles_load_with_their_catalog_roles_priced(profile: Path) -> None:
    site = load_profile(profile)
    catalog = load_catalog(site)
    known = (set(catalog.plans) | set(catalog.addons) | set(catalog.item_prices) | set(catalog.coupons)
             | set(catalog.customers))
    assert {entry for ids in site.catalog.values() for entry in ids} <= known
    assert catalog.api_keys


@pytest.mark.parametrize("profile", [PC1, PC2, MULTI])
def test_shipped_profiles_name_an_existing_paying_customer(profile: Path) -> None:
    site = load_profile(profile)
    seed = load_catalog(site).customers[site.paying_customer or ""]
    assert (seed.auto_collection, seed.payment_method) == ("on", "card")


@pytest.mark.parametrize(("extra", "complaint"), [
    ("[[sandbox.addons]]\nid = 'a'\ntype = 'weekly'\n", "type"),
    ("[[sandbox.item_prices]]\nid = 'p'\npricing_model = 'tiered'\n", "needs tiers"),
    ("[[sandbox.coupons]]\nid = 'c'\ndiscount_percentage = 150\ndiscount_type = 'percentage'\n", "between 0"),
    ("[[sandbox.plans]]\nprice = 5\n", "string id"),
    ("[[sandbox.coupons]]\nid = 'c'\nduration_type = 'twice'\n", "duration_type"),
    ("[[sandbox.customers]]\nid = 'k'\nauto_collection = 'maybe'\n", "auto_collection"),
    ("[[sandbox.customers]]\nid = 'k'\nwallet = 'card'\n", "wallet"),
    ("[[sandbox.item_prices]]\nid = 'p'\nstatus = 'gone'\n", "status"),
])
def test_a_bad_catalog_entry_is_named(tmp_path: Path, extra: str, complaint: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(PC1.read_text() + "\n" + extra)
    with pytest.raises(ProfileError, match=complaint):
        load_catalog(load_profile(path))


def test_an_unknown_fault_is_named() -> None:
    with pytest.raises(UnknownFault, match="no_such"):
        SandboxConfig.build(PC1, ["no_such"])


def test_storage_keeps_records_in_a_file(tmp_path: Path) -> None:
    db = str(tmp_path / "s.sqlite3")
    first = Storage(db, "site")
    first.save_customer(Customer("c", 1))
    first.close()
    second = Storage(db, "site")
    try:
        assert second.customer("c") == Customer("c", 1)
        assert second.next_number("invoice") == 1
    finally:
        second.close()


def test_storage_refuses_another_sites_file(tmp_path: Path) -> None:
    db = str(tmp_path / "s.sqlite3")
    Storage(db, "one").close()
    with pytest.raises(StorageError, match="holds site 'one'"):
        Storage(db, "two")
