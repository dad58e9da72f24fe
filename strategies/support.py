"""Whether a world can have cases of an operation at all, with a one-line reason when not."""

from __future__ import annotations

from chargebee_conformance.spec.model import Kind, Operation, Rule
from chargebee_conformance.spec.profile import SiteProfile
from chargebee_conformance.spec.validate import applicable_rules
from chargebee_conformance.spec.world import World


class Unsupported(Exception):
    """The operation (or the case asked for) cannot be generated on this world; the message says why."""


def not_offered(op: Operation, profile: SiteProfile) -> str | None:
    """Why the site does not offer the operation (its API version, or what the operation requires), or None."""
    if op.api_version not in profile.api_versions:
        return (f"{op.id}: site {profile.name} does not serve API v{op.api_version} "
                f"(api_versions {sorted(profile.api_versions)})")
    if not profile.offers(op.requires):
        have = " + ".join([f"product catalog {profile.product_catalog.value}", *sorted(profile.settings)])
        return f"{op.id} needs {op.requires.describe()}; site {profile.name} has {have}"
    return None


def require_offered(op: Operation, world: World) -> None:
    """Raise Unsupported when the site lacks the operation's API version or what the operation requires."""
    reason = not_offered(op, world.profile)
    if reason is not None:
        raise Unsupported(reason)


def site_refusal(op: Operation, profile: SiteProfile) -> Rule | None:
    """The SITE_REFUSES rule that makes every request of `op` fail on this site, if any."""
    return next((r for r in applicable_rules(op, profile) if r.kind is Kind.SITE_REFUSES), None)


def refusal(op: Operation, world: World) -> Rule | None:
    return site_refusal(op, world.profile)


def require_valid_possible(op: Operation, world: World) -> None:
    """Raise Unsupported when no request of `op` can be valid on this world."""
    require_offered(op, world)
    refused = refusal(op, world)
    if refused is not None:
        raise Unsupported(f"{op.id} is refused on site {world.profile.name}: {refused.id} "
                          f"({refused.requires.describe()})")
    if op.needs_pending_invoice and world.fixtures.pending_invoice_id is None:
        raise Unsupported(f"{op.id} needs a pending invoice; the world's fixtures have none")
