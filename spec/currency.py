"""Currency minor units: "in cents" amounts are minor units; zero-decimal currencies (JPY, KRW, ...) are in
major units (currencies page: "$1.53 should be provided as 1.53 x 100, which is 153")."""

from __future__ import annotations

from functools import cache

from iso4217 import Currency


@cache
def minor_units(currency_code: str) -> int:
    """Digits after the decimal point: USD 2, JPY 0, BHD 3. Unknown codes (never on a profile) default to 2."""
    try:
        places = Currency(currency_code.upper()).exponent
    except ValueError:
        return 2
    return 2 if places is None else int(places)  # funds codes such as XXX have no minor unit
