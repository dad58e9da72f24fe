"""One parsed API call: the form as the wire carries it, read with Chargebee's conventions (docs/decisions.md F12)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from chargebee_conformance.sandbox import money
from chargebee_conformance.sandbox.errors import ApiError
from chargebee_conformance.sandbox.validation import integer
from chargebee_conformance.spec.clock import utc_seconds
from chargebee_conformance.spec.wire import base_name


@dataclass(frozen=True)
class Call:
    api_version: int
    path: Mapping[str, str]  # path parameters
    form: Mapping[str, str]  # last value wins, as spec.validate.Request reads it
    headers: Mapping[str, str]  # lower-case names
    now: datetime

    @property
    def timestamp(self) -> int:
        return utc_seconds(self.now)

    def text(self, name: str) -> str | None:
        """A value sent non-blank (docs/decisions.md A9: blank counts as missing)."""
        value = self.form.get(name, "")
        return value or None

    def integer(self, name: str) -> int | None:
        return integer(self.form, name)

    def boolean(self, name: str) -> bool | None:
        value = self.form.get(name, "")
        if value == "":
            return None
        if value not in ("true", "false"):
            raise ApiError(400, "param_wrong_value", f"{name} : must be true or false", param=name)
        return value == "true"

    def decimal(self, name: str) -> Decimal | None:
        value = self.form.get(name, "")
        if value == "":
            return None
        parsed = money.parse_decimal(value)
        if parsed is None:
            raise ApiError(400, "param_wrong_value", f"{name} : {value[:40]!r} is not a decimal number in "
                           "major units", param=name)
        return parsed

    def indices(self, name: str) -> list[int]:
        """The indices sent for a list parameter (`charges[amount][3]` -> 3), in order."""
        return sorted({index for key in self.form
                       if (split := base_name(key))[0] == name and (index := split[1]) is not None})

    def choice(self, name: str, values: tuple[str, ...], default: str) -> str:
        value = self.form.get(name, "") or default
        if value not in values:
            message = f"{name} : must be one of {', '.join(values)}"
            raise ApiError(400, "param_wrong_value", message, param=name)
        return value
