"""Run configuration: the one place that reads the environment (docs/decisions.md B22).

Targets (docs/decisions.md B18): the bundled sandbox (default); a Chargebee test site (`CHARGEBEE_SITE`, the full site
name such as `acme-test`); or any base URL (`CHARGEBEE_BASE_URL`, a root without `/api/vN`). `CHARGEBEE_API_KEY`
is the key. Modes: `replay` (default: cassettes only, network blocked), `record` (live, writing cassettes),
`live` (no cassettes).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from chargebee_conformance.spec.profile import ProfileError, SiteProfile, load_profile
from chargebee_conformance.suite.errors import ConfigError


def shipped(name: str) -> Path:
    """A folder the package ships (`suite`, `profiles`, `cassettes`), wherever it is installed."""
    return Path(str(resources.files(f"chargebee_conformance.{name}")))


SUITE_DIR = shipped("suite")
SHIPPED_PROFILES = tuple(sorted(shipped("profiles").glob("sandbox-*.toml")))
SHIPPED_CASSETTES = shipped("cassettes")
# A user's own files live where they run the tool: these defaults are relative to the working directory.
OWN_CASSETTES = Path("cassettes")
DEFAULT_OUTPUT = Path("reports") / "out"
DEFAULT_VENDOR_SPEC = Path("..") / "shared" / "reference" / "openapi-v1-invoices.json"


class Mode(StrEnum):
    REPLAY = "replay"
    RECORD = "record"
    LIVE = "live"


class TargetKind(StrEnum):
    SANDBOX = "sandbox"
    SITE = "site"
    BASE_URL = "base_url"


@dataclass(frozen=True)
class Target:
    kind: TargetKind
    base_url: str  # root, without /api/vN ("" for the sandbox until it is started)
    api_key: str = field(repr=False, default="")

    @property
    def label(self) -> str:
        return "bundled sandbox" if self.kind is TargetKind.SANDBOX else self.base_url


@dataclass(frozen=True)
class RunConfig:
    mode: Mode
    target: Target
    profiles: tuple[SiteProfile, ...]
    budget: int | None = None
    rate_limit: int | None = None  # requests per minute; None: unlimited
    examples: int = 2  # generated examples per property (record/live)
    seed: int | None = None
    timeout: float = 30.0
    strict: bool = False  # convention rules fail the run too (docs/decisions.md A1)
    cassette_dir: Path | None = None  # None: the shipped ones for the sandbox, ./cassettes for other targets
    vendor_spec: Path = DEFAULT_VENDOR_SPEC

    def cassette_root(self, profile: SiteProfile) -> Path:
        """Shipped cassettes come from the bundled sandbox; other targets record into a folder of their own, by
        default `cassettes/targets/<profile>/` under the working directory (the user's repository)."""
        if self.target.kind is TargetKind.SANDBOX and profile.sandbox:  # a site of the bundled sandbox
            return (self.cassette_dir or SHIPPED_CASSETTES) / "sandbox" / profile.name
        # A user's own site, also when its recordings are replayed (no key, no target named).
        return (self.cassette_dir or OWN_CASSETTES) / "targets" / profile.name


def resolve_target(env: Mapping[str, str], *, allow_production: bool = False) -> Target:
    site, base_url = env.get("CHARGEBEE_SITE", "").strip(), env.get("CHARGEBEE_BASE_URL", "").strip()
    key = env.get("CHARGEBEE_API_KEY", "").strip()
    if site and base_url:
        raise ConfigError("set either CHARGEBEE_SITE or CHARGEBEE_BASE_URL, not both")
    if not site and not base_url:
        return Target(TargetKind.SANDBOX, "")
    if not key:
        raise ConfigError("CHARGEBEE_API_KEY is not set: the target needs an API key (HTTP basic auth user name)")
    if site:
        if not all(c.isalnum() or c == "-" for c in site):
            raise ConfigError(f"CHARGEBEE_SITE {site!r} is not a site name (expected e.g. acme-test)")
        if not site.endswith("-test") and not allow_production:
            raise ConfigError(f"refusing to run against {site!r}: the site name does not end in -test "
                              "(pass --allow-production to override)")
        return Target(TargetKind.SITE, f"https://{site}.chargebee.com", key)
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"CHARGEBEE_BASE_URL {base_url!r} is not an http(s) URL")
    if parts.path.rstrip("/").endswith(("/api/v1", "/api/v2")):
        raise ConfigError(f"CHARGEBEE_BASE_URL {base_url!r} must be the root, without /api/vN (the suite adds it)")
    host = parts.hostname
    if host.endswith("chargebee.com") and not host.split(".")[0].endswith("-test") and not allow_production:
        raise ConfigError(f"refusing to run against {host}: not a -test site (pass --allow-production to override)")
    return Target(TargetKind.BASE_URL, base_url.rstrip("/"), key)


def profile_paths(given: Sequence[str | Path], env: Mapping[str, str], target: Target) -> Sequence[str | Path]:
    """--profile, else CHARGEBEE_PROFILE (paths joined with the OS path separator), else the shipped sandbox
    sites, which describe the bundled sandbox only: another target must say what it is."""
    if given:
        return given
    from_env = [p for p in env.get("CHARGEBEE_PROFILE", "").split(os.pathsep) if p.strip()]
    if from_env:
        return from_env
    if target.kind is not TargetKind.SANDBOX:
        raise ConfigError(f"{target.label} needs a site profile (--profile FILE or CHARGEBEE_PROFILE): the shipped "
                          "profiles describe the bundled sandbox's sites, not yours (README: Site profiles)")
    return SHIPPED_PROFILES


def load_profiles(paths: Sequence[str | Path]) -> tuple[SiteProfile, ...]:
    try:
        return tuple(load_profile(p) for p in (paths or SHIPPED_PROFILES))
    except ProfileError as error:
        raise ConfigError(str(error)) from None


def vendor_spec_path(env: Mapping[str, str]) -> Path:
    return Path(env.get("CBC_VENDOR_SPEC") or DEFAULT_VENDOR_SPEC)


def environment() -> Mapping[str, str]:
    return os.environ
