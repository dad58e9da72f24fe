"""Chargebee's form encoding, both ways.

Conventions (dossier §12): nested objects as `a[b]`; lists of objects column by column with the index last
(`charges[amount][0]`, `charges[description][0]`); lists of scalars as `coupon_ids[0]`; booleans as `true` /
`false`; timestamps as UTC seconds; decimals as strings in major units.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlencode

Pairs = list[tuple[str, str]]
_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")


def scalar(value: object) -> str:
    """The wire text of one value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"timestamps must be time-zone aware, got {value!r}")
        return str(int(value.timestamp()))
    if isinstance(value, int | str | Decimal):
        return str(value)
    raise TypeError(f"cannot encode {type(value).__name__} value {value!r}")


def encode(params: Mapping[str, Any]) -> Pairs:
    """Nested Python values -> ordered form pairs."""
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
    """Form pairs -> nested values (all leaves stay strings: the wire has no types)."""
    result: dict[str, Any] = {}
    lists: dict[str, dict[int, Any]] = {}
    for key, value in pairs:
        name, parts = split_key(key)
        if not parts:
            result[name] = value
        elif len(parts) == 1 and parts[0].isdigit():
            lists.setdefault(name, {})[int(parts[0])] = value
        elif len(parts) == 1:
            result.setdefault(name, {})[parts[0]] = value
        elif len(parts) == 2 and parts[1].isdigit():
            lists.setdefault(name, {}).setdefault(int(parts[1]), {})[parts[0]] = value
        else:
            raise ValueError(f"unsupported form key {key!r}")
    for name, by_index in lists.items():
        result[name] = [by_index[i] for i in sorted(by_index)]
    return result


def split_key(key: str) -> tuple[str, list[str]]:
    """`charges[amount][0]` -> ("charges", ["amount", "0"])."""
    match = _KEY.match(key)
    if not match:
        raise ValueError(f"malformed form key {key!r}")
    return match.group(1), re.findall(r"\[([^\[\]]*)\]", match.group(2))


def base_name(key: str) -> tuple[str, int | None]:
    """`charges[amount][3]` -> ("charges[amount]", 3); `amount` -> ("amount", None)."""
    match = re.fullmatch(r"(.+)\[(\d+)\]", key)
    return (match.group(1), int(match.group(2))) if match else (key, None)


def to_body(pairs: Iterable[tuple[str, str]]) -> str:
    return urlencode(list(pairs))


def from_body(body: str | bytes) -> Pairs:
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    return parse_qsl(text, keep_blank_values=True, strict_parsing=False)
