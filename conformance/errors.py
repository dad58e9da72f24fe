"""Failures the suite raises: a broken rule (a conformance finding) and configuration / target problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chargebee_conformance.spec.outcomes import Binding

UNREACHABLE_EXIT = 13  # the suite's pytest exit code when the target never answered (pytest's own stop at 5)


class ConfigError(Exception):
    """Bad options, environment or profile: reported as one line, exit code 2."""


class TargetUnreachable(Exception):
    """The target did not answer (connection refused, DNS, timeout): exit code 3."""


class BudgetExhausted(Exception):
    """The run's request budget is spent; remaining properties are skipped, not failed."""


class CassetteMiss(Exception):
    """Replay found no recorded interaction for a request; the message names cassette, request and closest."""


@dataclass
class RuleBroken(AssertionError):
    """A documented promise the target did not keep. pytest sees an AssertionError; reports read the fields."""

    rule: str
    binding: Binding
    title: str
    detail: str
    curl: str = ""
    # Filled by the harness: the failing example's requests with the fixtures they need (a reproducer), the rule
    # the case was made to break, and the failures that caused this one (nothing left behind after an accepted
    # invalid request).
    steps: list[dict[str, Any]] = field(default_factory=list)
    case_rule: str = ""
    caused_by: tuple[str, ...] = ()

    def __str__(self) -> str:
        text = f"[{self.rule}] ({self.binding.value}) {self.title}\n{self.detail}"
        return text + (f"\nreproduce: {self.curl}" if self.curl else "")
