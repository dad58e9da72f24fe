"""List parameters (`charges[amount][0]`, `addons[id][0]`, `coupon_ids[0]`, `item_tiers[price][0]`) and the
shipping address: groups of parameters drawn together so that a row or an address is consistent."""

from __future__ import annotations

from hypothesis import strategies as st

from chargebee_conformance.spec.model import Param
from chargebee_conformance.strategies import pricing, usage, values
from chargebee_conformance.strategies.draft import Draft, Overrides
from chargebee_conformance.strategies.plan import Plan

TIERS = "item_tiers"
TIER_WIDTHS = st.integers(1, 100)
TIER_PRICES = values.integers_from(0, 10_000)


def draw_lists(draw: st.DrawFn, plan: Plan, overrides: Overrides, draft: Draft) -> None:
    for name, columns in plan.lists.items():
        forced = {c.name: overrides.values[c.name] for c in columns if c.name in overrides.values}
        if name == TIERS:
            _tiers(draw, plan, forced, draft)
            continue
        low, high = row_bounds(plan, name, columns, draft)
        count = draw(st.integers(max(low, 1 if forced else 0), max(high, 1 if forced else 0)))
        for index in range(count):
            _row(draw, plan, columns, index, draft)
        _place(draw, forced, count, draft)


def row_bounds(plan: Plan, name: str, columns: tuple[Param, ...], draft: Draft) -> tuple[int, int]:
    """How many rows a valid case sends: none when a required column has no values or the list is tied to a
    customer the case does not name (or, on a multicurrency site, to a currency other than the base one)."""
    low, high = usage.ROWS.get(name, (0, 1))
    if any(plan.slot(c.name) is None for c in columns if row_required(plan, c, columns)):
        return 0, 0
    partner = plan.partners.get(columns[0].name)
    currency = draft.form.get("currency_code", plan.world.profile.base_currency)
    if partner is not None and (not draft.given(partner) or currency != plan.world.profile.base_currency):
        return 0, 0
    return low, high


def row_required(plan: Plan, column: Param, columns: tuple[Param, ...]) -> bool:
    """A column every row carries: the only column, an id, or the partner of a PARALLEL_ARRAY rule."""
    return len(columns) == 1 or column.refers_to is not None or column.name in plan.paired


def _row(draw: st.DrawFn, plan: Plan, columns: tuple[Param, ...], index: int, draft: Draft) -> None:
    for column in columns:
        slot = plan.slot(column.name)
        if slot is None or not _fits(plan, column, draft, index):
            continue
        if row_required(plan, column, columns) or draw(st.booleans()):
            draft.form[column.wire_name(index)] = draw(slot.values)


def _fits(plan: Plan, column: Param, draft: Draft, index: int) -> bool:
    return fits(plan, column.name, draft, index)


def fits(plan: Plan, name: str, draft: Draft, index: int = 0) -> bool:
    """Parameters that depend on how the addon or item price of their row is priced (pricing.PRICED; an unknown
    pricing model: not sent)."""
    rule = pricing.priced_by(name)
    if rule is None:
        return True
    column = rule.id_column
    entity = draft.form.get(column if not plan.op.param(column).array else f"{column}[{index}]", "")
    return pricing.allowed(plan.world, name, entity)


def companions(plan: Plan, subject: str) -> dict[str, str] | None:
    """Values that make a value in `subject` otherwise right (an item price whose pricing takes tiers, an addon
    priced per unit for a quantity), or None when the world has no such entity."""
    return pricing.companions(plan.world, subject)


def _place(draw: st.DrawFn, forced: dict[str, str], count: int, draft: Draft) -> None:
    """Forced values go into one drawn row."""
    if not forced:
        return
    index = draw(st.integers(0, count - 1))
    for name, value in forced.items():
        draft.form[f"{name}[{index}]"] = value


def _tiers(draw: st.DrawFn, plan: Plan, forced: dict[str, str], draft: Draft) -> None:
    """A consistent tier set (1, e0; e0+1, e1; …; open-ended last tier) for an item price priced in tiers, or
    none."""
    chosen = draft.form.get(pricing.ITEM_PRICE_ID, "")
    tiered = pricing.allowed(plan.world, f"{TIERS}[price]", chosen)
    if not forced and (not tiered or not draw(st.booleans())):
        return
    count = draw(st.integers(1, 3))
    start = 1
    for index in range(count):
        draft.form[f"{TIERS}[starting_unit][{index}]"] = str(start)
        if index < count - 1:
            end = start + draw(TIER_WIDTHS) - 1
            draft.form[f"{TIERS}[ending_unit][{index}]"] = str(end)
            start = end + 1
    for index in range(count):
        draft.form[f"{TIERS}[price][{index}]"] = draw(TIER_PRICES)
    _place(draw, forced, count, draft)


def draw_address(draw: st.DrawFn, plan: Plan, overrides: Overrides, draft: Draft) -> None:
    """A shipping address: a consistent locale (country, state, zip) plus optional free-text fields."""
    forced = {p.name: overrides.values[p.name] for p in plan.address if p.name in overrides.values}
    if not plan.address or not (bool(forced) or draw(st.booleans())):
        return
    locale = draw(st.sampled_from(usage.LOCALES))
    for param in plan.address:
        name = param.name
        if name in forced:
            draft.form[name] = forced[name]
        elif name in locale:
            draft.form[name] = locale[name]
        elif _free(plan, param) and draw(st.booleans()):
            draft.form[name] = draw(plan.slots[name].values)


def _free(plan: Plan, param: Param) -> bool:
    """Address fields outside the locale (names, lines, email, phone) that a valid case may send."""
    return param.name in plan.slots and usage.family(param) is not usage.Family.CODE
