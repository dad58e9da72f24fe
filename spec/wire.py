"""Chargebee's form encoding, both ways.

Conventions (docs/decisions.md F12): nested objects as `a[b]`; lists of objects column by column with the index last
(`charges[amount][0]`, `charges[description][0]`); lists of scalars as `coupon_ids[0]`; booleans as `true` /
`false`; timestamps as UTC seconds; decimals as strings in major units. Blank values are kept
(`description=` is a value, the empty string, not an absent parameter: docs/decisions.md A9).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlencode

Pairs = list[tuple[str, str]]
_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]+\])*)$")  # a name, then non-empty `[part]`s
_PART = re.compile(r"\[([^\[\]]+)\]")
_INDEX = re.compile(r"[0-9]+")  # ASCII digits only: str.isdigit() also takes "²" and "١"


def scalar(value: object) -> str:
    """The wire text of one value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"timestamps must be time-zone aware, got {value!r}")
        return str(math.floor(value.timestamp()))  # floor: a second not yet complete has not started
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot encode non-finite decimal {value!r}")
        return format(value, "f")  # never exponent notation: str(Decimal("1E+2")) is "1E+2"
    if isinstance(value, int | str):
        return str(value)
    raise TypeError(f"cannot encode {type(value).__name__} value {value!r}")


def encode(params: Mapping[str, Any]) -> Pairs:
    """Nested Python values -> ordered form pairs.

    Names may already be wire names (`charges[amount]`): a list under it becomes `charges[amount][0]`, ….
    """
    pairs: Pairs = []
    for name, value in params.items():
        if isinstance(value, Mapping):
            pairs += [(f"{name}[{key}]", scalar(inner)) for key, inner in value.items()]
        elif isinstance(value, list | tuple):
            pairs += _encode_list(name, value)
        else:
            pairs.append((name, scalar(value)))
    return pairs


def _encode_list(name: str, items: Sequence[Any]) -> Pairs:
    if all(isinstance(item, Mapping) for item in items):
        fields = list(dict.fromkeys(key for item in items for key in item))
        return [
            (f"{name}[{field}][{index}]", scalar(item[field]))
            for field in fields for index, item in enumerate(items) if field in item
        ]
    return [(f"{name}[{index}]", scalar(item)) for index, item in enumerate(items)]


def decode(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Form pairs -> nested values (all leaves stay strings: the wire has no types).

    A name used in two shapes (`a=1` and `a[b]=2`, or `a[0]` and `a[b]`) is a ValueError naming the key. List
    indices are sorted and closed up: `coupon_ids[3]` alone decodes to a one-element list.
    """
    result: dict[str, Any] = {}
    lists: dict[str, dict[int, Any]] = {}
    shapes: dict[str, str] = {}
    for key, value in pairs:
        name, parts = split_key(key)
        shape = _shape(key, parts)
        if shapes.setdefault(name, shape) != shape:
            raise ValueError(f"form key {key!r} uses {name!r} as a {shape}, earlier keys as a {shapes[name]}")
        if shape == "value":
            result[name] = value
        elif shape == "object":
            result.setdefault(name, {})[parts[0]] = value
        elif shape == "list":
            lists.setdefault(name, {})[int(parts[0])] = value
        else:
            lists.setdefault(name, {}).setdefault(int(parts[1]), {})[parts[0]] = value
    for name, by_index in lists.items():
        result[name] = [by_index[i] for i in sorted(by_index)]
    return result


def _shape(key: str, parts: list[str]) -> str:
    if not parts:
        return "value"
    if len(parts) == 1:
        return "list" if _INDEX.fullmatch(parts[0]) else "object"
    if len(parts) == 2 and _INDEX.fullmatch(parts[1]) and not _INDEX.fullmatch(parts[0]):
        return "list of objects"
    raise ValueError(f"unsupported form key {key!r}: expected name, name[field], name[i] or name[field][i]")


def split_key(key: str) -> tuple[str, list[str]]:
    """`charges[amount][0]` -> ("charges", ["amount", "0"])."""
    match = _KEY.match(key)
    if not match:
        raise ValueError(f"malformed form key {key!r}")
    return match.group(1), _PART.findall(match.group(2))


def base_name(key: str) -> tuple[str, int | None]:
    """`charges[amount][3]` -> ("charges[amount]", 3); `amount` -> ("amount", None)."""
    match = re.fullmatch(r"(.+)\[([0-9]+)\]", key)
    return (match.group(1), int(match.group(2))) if match else (key, None)


def to_body(pairs: Iterable[tuple[str, str]]) -> str:
    return urlencode(list(pairs))


def from_body(body: str | bytes) -> Pairs:
    """A form body -> pairs in order; blank values are kept (`description=` gives ("description", ""))."""
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    return parse_qsl(text, keep_blank_values=True, strict_parsing=False)
