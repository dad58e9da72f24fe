"""Shell words made of literal text and variables, quoted so no recorded value can ever be run as code."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass

from chargebee_conformance.reports.steps import SUITE_ID


@dataclass(frozen=True)
class Var:
    """A shell variable expanded inside double quotes: its value is never split or globbed."""

    name: str


Segment = str | Var


def word(segments: Iterable[Segment]) -> str:
    """One shell word: literals through `shlex.quote`, variables as "${NAME}", glued together."""
    merged: list[Segment] = []
    for segment in segments:
        if isinstance(segment, str) and merged and isinstance(merged[-1], str):
            merged[-1] += segment
        elif segment != "":
            merged.append(segment)
    parts = [f'"${{{s.name}}}"' if isinstance(s, Var) else shlex.quote(s) for s in merged]
    return "".join(parts) or "''"


def with_run_ids(text: str, run_vars: dict[str, str]) -> list[Segment]:
    """`text` with the run id of every suite-made id replaced by its variable (`cbc-<RUN>-cus1-…`)."""
    segments: list[Segment] = []
    position = 0
    for match in SUITE_ID.finditer(text):
        variable = run_vars.get(match.group(1))
        if variable is None:
            continue
        segments += [text[position:match.start(1)], Var(variable)]
        position = match.end(1)
    segments.append(text[position:])
    return segments


def variable_name(text: str, taken: set[str]) -> str:
    """A free, readable variable name from a key such as `invoice.id` (INVOICE_ID, INVOICE_ID_2...)."""
    base = re.sub(r"[^A-Z0-9]+", "_", text.upper()).strip("_") or "VALUE"
    if base[0].isdigit():
        base = "V_" + base
    name, number = base, 2
    while name in taken:
        name, number = f"{base}_{number}", number + 1
    taken.add(name)
    return name


def comment(text: str, prefix: str = "# ") -> list[str]:
    """Text as comment lines: a line break in a recorded sentence cannot end the comment."""
    return [(prefix + line).rstrip() for line in text.replace("\r", "").split("\n")]
