"""Value strategies for one parameter: what a real site takes, and what is too long for it.

`plausible_values` ignores whether the site offers the parameter: an invalid case for "only with setting X"
sends a value that would be right on a site with X. Deciding whether a valid case sends it is `plan.py`'s job.
"""

from __future__ import annotations

import base64

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from chargebee_conformance.spec.model import Param, ParamType
from chargebee_conformance.spec.world import World
from chargebee_conformance.strategies import usage, values
from chargebee_conformance.strategies.boundaries import service_dates
from chargebee_conformance.strategies.usage import Family

DEFAULT_MAX = 250  # free text without a documented limit stays this short
AMOUNT_CAP = 1_000_000  # amounts and prices in minor units: up to 10,000.00
COUNT_CAP = 1_000  # quantities, units and package sizes: an invoice line a test site takes without question


def plausible_values(param: Param, world: World) -> SearchStrategy[str] | None:
    """Values a real site accepts for `param` (where it applies), or None when this world has none to offer.

    Ids come from the world's fixtures and catalog; codes from small lists of real codes; free text covers its
    whole length range with the documented maximum as an explicit example.
    """
    special = _special(param, world)
    if special is not None or param.refers_to is not None:
        return special
    if param.type is ParamType.ENUM:
        return st.sampled_from(param.enum)
    if param.type is ParamType.BOOLEAN:
        return st.just("false") if param.name in usage.FALSE_ONLY else st.sampled_from(("false", "true"))
    if param.type is ParamType.INTEGER:
        cap = COUNT_CAP if any(word in param.name for word in ("quantity", "unit]", "size")) else AMOUNT_CAP
        return values.integers_from(param.minimum if param.minimum is not None else 1, cap)
    if param.type is ParamType.TIMESTAMP:
        return service_dates(world.now).map(str)
    return _by_family(param)


def _special(param: Param, world: World) -> SearchStrategy[str] | None:
    if param.refers_to is not None:
        known = world.known(param.refers_to)
        return st.sampled_from(known) if known else None
    if param.name == "currency_code":
        # A customer is invoiced in one currency: the one its fixture was created with, when the world says.
        own = world.fixtures.currency_code
        return st.just(own) if own else st.sampled_from(world.profile.currencies)
    if param.name in usage.TAX_CODES:
        return st.sampled_from(usage.TAX_CODES[param.name])
    if param.name.startswith(usage.ADDRESS_PREFIX) and usage.family(param) is Family.CODE:
        codes = tuple(dict.fromkeys(loc[param.name] for loc in usage.LOCALES if param.name in loc))
        return st.sampled_from(codes)
    if param.name == "chargebee-business-entity-id":
        entity = world.profile.catalog_id("business_entity")
        return st.just(entity) if entity else None
    return _origin(param.name)


def _origin(name: str) -> SearchStrategy[str] | None:
    """The chargebee-request-origin-* headers: a device name, an IPv4 address, an ASCII or encoded address."""
    if name == "chargebee-request-origin-device":
        return st.sampled_from(usage.DEVICES)
    if name == "chargebee-request-origin-ip":
        return st.sampled_from(usage.DOCUMENTATION_NETWORKS).flatmap(
            lambda net: st.ip_addresses(network=net)).map(str)
    if name == "chargebee-request-origin-user":
        return st.sampled_from(usage.ORIGIN_EMAIL_LOCALS[:1]).map(lambda local: local + values.EMAIL_DOMAIN)
    if name == "chargebee-request-origin-user-encoded":
        return st.sampled_from(usage.ORIGIN_EMAIL_LOCALS).map(
            lambda local: base64.b64encode((local + values.EMAIL_DOMAIN).encode()).decode())
    return None


def _by_family(param: Param) -> SearchStrategy[str] | None:
    limit = param.max_length or DEFAULT_MAX
    kind = usage.family(param)
    if kind is Family.TEXT:
        return values.texts(1, limit)
    if kind is Family.EMAIL:
        return values.emails(limit)
    if kind is Family.PHONE:
        return values.texts(7, limit, values.DIGITS)
    if kind is Family.DECIMAL:
        return values.decimals(2)
    return None  # opaque ids and tokens without a referent: nothing a real site would accept


def too_long_values(param: Param, limit: int) -> SearchStrategy[str]:
    """Values of `limit` + 1 characters and beyond, shaped like the parameter's values: multi-byte text for
    free text in the body, ASCII for ids, codes, tokens and headers. Shrinks towards limit + 1."""
    kind = usage.family(param)
    if kind is Family.TEXT:
        return values.too_long_texts(limit)
    if kind is Family.EMAIL:
        return values.too_long_emails(limit)
    if kind is Family.PHONE:
        return values.too_long_texts(limit, values.DIGITS)
    if kind is Family.CODE:
        return values.too_long_texts(limit, values.CODE_ALPHABET)
    if kind is Family.DECIMAL:
        return values.too_long_decimals(limit)
    return values.too_long_texts(limit, values.ID_ALPHABET)
