"""Fixtures for the model's own tests. Configuration is read here, once, and handed down (docs/decisions.md B22)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from chargebee_conformance.spec.profile import SiteProfile, load_profile
from chargebee_conformance.spec.world import Fixtures, World
from tests.catalogs import discovered

REPO_ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").is_file())
PROFILES = REPO_ROOT / "profiles"
VENDOR_SPEC_VARIABLE = "CBC_VENDOR_SPEC"
# The vendor's file is never copied into the repo: it sits next to it, in the shared reference folder.
DEFAULT_VENDOR_SPEC = "../shared/reference/openapi-v1-invoices.json"
# Likewise the five operation pages the model was written from, and the sourced dossier beside the vendor file.
SEEDS_VARIABLE = "CBC_VENDOR_SEEDS"
DEFAULT_SEEDS = "../shared/seeds"
DOSSIER = "chargebee-invoice-api.md"
NOW = datetime(2026, 1, 13, 12, 0, tzinfo=UTC)  # the docs' example day, "if today is 13th January"


def resolve_vendor_spec_path(environ: Mapping[str, str] = os.environ) -> Path:
    """The vendor's v1 OpenAPI file: `$CBC_VENDOR_SPEC`, else the default; relative to the repo root."""
    return _resolve(environ.get(VENDOR_SPEC_VARIABLE) or DEFAULT_VENDOR_SPEC)


def resolve_seeds_path(environ: Mapping[str, str] = os.environ) -> Path:
    """The folder of the vendor's operation pages: `$CBC_VENDOR_SEEDS`, else the default; relative to the repo."""
    return _resolve(environ.get(SEEDS_VARIABLE) or DEFAULT_SEEDS)


def _resolve(given: str) -> Path:
    path = Path(given).expanduser()
    return path if path.is_absolute() else (REPO_ROOT / path).resolve()


@pytest.fixture(scope="session")
def vendor_spec_path() -> Path:
    """Read from the environment once per session; tests take the value from here."""
    return resolve_vendor_spec_path()


@pytest.fixture(scope="session")
def vendor_spec(vendor_spec_path: Path) -> dict[str, Any]:
    """The parsed vendor file; tests that need it skip, naming the path, when it is absent."""
    path = vendor_spec_path
    if not path.is_file():
        pytest.skip(f"vendor OpenAPI file not found at {path} (set {VENDOR_SPEC_VARIABLE} to its path)")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def seed_pages() -> dict[str, str]:
    """The vendor's operation pages by file name; tests that need them skip, naming the folder, when absent."""
    folder = resolve_seeds_path()
    pages = {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))}
    if not pages:
        pytest.skip(f"vendor pages not found in {folder} (set {SEEDS_VARIABLE} to their folder)")
    return pages


@pytest.fixture(scope="session")
def dossier(vendor_spec_path: Path) -> str:
    """The sourced reference dossier next to the vendor file (quotes of pages the seeds cut off); "" if absent."""
    path = vendor_spec_path.parent / DOSSIER
    return path.read_text(encoding="utf-8") if path.is_file() else ""


@pytest.fixture(scope="session")
def profiles() -> dict[str, SiteProfile]:
    """The shipped sandbox profiles by name."""
    loaded = [discovered(load_profile(path)) for path in sorted(PROFILES.glob("*.toml"))]
    return {profile.name: profile for profile in loaded}


WorldFactory = Callable[..., World]


@pytest.fixture
def make_world(profiles: dict[str, SiteProfile]) -> WorldFactory:
    """A world on a shipped profile with one customer, its subscription, a pending and a closed invoice."""

    def make(profile: str = "sandbox-pc1-metered", now: datetime = NOW) -> World:
        fixtures = Fixtures(
            customer_id="cbc-cust-1", subscription_id="cbc-sub-1", pending_invoice_id="draft_inv_1",
            closed_invoice_id="inv_2", other_customer_id="cbc-cust-2",
        )
        return World(profiles[profile], fixtures, now)

    return make
