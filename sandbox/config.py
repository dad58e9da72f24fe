"""What one sandbox instance serves: a site profile, its catalog, keys, faults, quirks, clock and database."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from chargebee_conformance.sandbox.catalog import Catalog, load_catalog
from chargebee_conformance.sandbox.faults import FaultSet
from chargebee_conformance.sandbox.quirks import QuirkSet
from chargebee_conformance.spec.profile import SiteProfile, load_profile

PROFILES = Path(__file__).resolve().parent.parent / "profiles"
DEFAULT_PROFILE = PROFILES / "sandbox-pc1-metered.toml"
DEFAULT_DB_DIR = Path(".sandbox")


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SandboxConfig:
    profile: SiteProfile
    catalog: Catalog
    faults: FaultSet = field(default_factory=FaultSet)
    api_keys: frozenset[str] = frozenset()
    db: str = ":memory:"
    rate_limit: int | None = None  # requests per minute; None: unlimited
    now: Callable[[], datetime] = utc_now  # time-zone aware; tests pin it
    quirks: QuirkSet = field(default_factory=QuirkSet)

    @classmethod
    def build(
        cls, profile: str | Path | SiteProfile, faults: Iterable[str] = (), *, db: str = ":memory:",
        api_keys: Iterable[str] | None = None, extra_api_keys: Iterable[str] = (),
        rate_limit: int | None = None, now: Callable[[], datetime] | None = None, quirks: Iterable[str] = (),
    ) -> SandboxConfig:
        """Raises ProfileError (bad profile), UnknownFault, QuirkError or ValueError (bad rate limit) with
        one-line messages."""
        site = profile if isinstance(profile, SiteProfile) else load_profile(profile)
        catalog = load_catalog(site)
        keys = frozenset(catalog.api_keys if api_keys is None else api_keys) | frozenset(extra_api_keys)
        if rate_limit is not None and rate_limit < 1:
            raise ValueError(f"rate limit must be at least 1 request per minute, got {rate_limit}")
        return cls(site, catalog, FaultSet.of(faults), keys, db, rate_limit, now or utc_now, QuirkSet.of(quirks))


def default_db(profile: SiteProfile) -> str:
    """.sandbox/<site>.sqlite3 under the working directory. The folder gets a .gitignore of its own: the
    repository ignores *.sqlite3 but not SQLite's -wal and -shm companions."""
    try:
        DEFAULT_DB_DIR.mkdir(exist_ok=True)
        ignore = DEFAULT_DB_DIR / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
    except OSError as error:
        raise ValueError(f"cannot prepare {DEFAULT_DB_DIR}/ for the database ({error.strerror or error})") from None
    return str(DEFAULT_DB_DIR / f"{profile.name}.sqlite3")
