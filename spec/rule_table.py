"""The rule table: every rule of the model as Markdown, written into README.md between two markers.

`python -m chargebee_conformance.spec.rule_table` rewrites the README region between `<!-- rules:start -->` and
`<!-- rules:end -->`; `python -m chargebee_conformance.spec.rule_table --check` exits 1 when that region differs
from what the model
renders now.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from chargebee_conformance.spec.model import Kind, Operation, Rule
from chargebee_conformance.spec.operations import OPERATIONS
from chargebee_conformance.spec.outcomes import Binding
from chargebee_conformance.spec.promises import PROTOCOL_RULES
from chargebee_conformance.spec.settings import ANY_SITE

START = "<!-- rules:start -->"
END = "<!-- rules:end -->"
COMMAND = "python -m chargebee_conformance.spec.rule_table"
README = Path(__file__).resolve().parents[1] / "README.md"
HEADER = ("| operation | rule id | binding | source sentence | promised outcome |\n"
          "| --- | --- | --- | --- | --- |")


def render() -> str:
    """The whole region: a summary line, one table per operation, then the protocol rules."""
    all_rules = [r for op in OPERATIONS for r in op.rules] + list(PROTOCOL_RULES)
    kinds = Counter(_family(r) for r in all_rules)
    parts = [
        f"Generated from `spec/` by `{COMMAND}`; do not edit by hand. {len(all_rules)} rules: "
        f"{kinds['request']} request constraints, {kinds['response']} response promises, "
        f"{kinds['protocol']} protocol rules. Bindings ([docs/decisions.md A1](docs/decisions.md#a1)): "
        "exact = the docs name the outcome; loose = the docs say the request is wrong, not how it fails; "
        "convention = no sentence says it is wrong, but the real API refuses it (reported as questionable, fails "
        "only with `--strict`); silent = recorded, never failed. A response promise with a precondition counts "
        "as exercised only by examples that meet it (shown in the outcome column).",
    ]
    parts += [_operation_section(op) for op in OPERATIONS]
    protocol = _table("protocol", PROTOCOL_RULES)
    parts.append(f"### Protocol rules\n\n{_count_line(PROTOCOL_RULES)}\n\n{protocol}")
    return "\n\n".join(parts)


def _operation_section(op: Operation) -> str:
    sites = "every site" if op.requires == ANY_SITE else f"sites with {op.requires.describe()}"
    where = f"`{op.method} {op.url_path(invoice_id='{invoice_id}')}`, offered on {sites}"
    return (f"### {op.id}: {op.title}\n\n{where}. {_count_line(op.rules)}\n\n"
            f"{_table(op.id, op.rules)}")


def _count_line(rules: Sequence[Rule]) -> str:
    """`**28 rules**: 17 request (exact 3, loose 14, silent 0), 11 response.`"""
    families = Counter(_family(r) for r in rules)
    bindings = Counter(r.binding for r in rules if _family(r) == "request")
    pieces = []
    if families["request"]:
        detail = ", ".join(f"{b.value} {bindings[b]}" for b in Binding)
        pieces.append(f"{families['request']} request ({detail})")
    pieces += [f"{families[f]} {f}" for f in ("response", "protocol") if families[f]]
    return f"**{len(rules)} rules**: {', '.join(pieces)}."


def _table(operation: str, rules: Iterable[Rule]) -> str:
    rows = [
        f"| {operation} | `{r.id}` | {r.binding.value} | {_cell(r.source)} | {_cell(_outcome(r))} |"
        for r in rules
    ]
    return "\n".join([HEADER, *rows])


def _family(rule: Rule) -> str:
    return {Kind.RESPONSE: "response", Kind.PROTOCOL: "protocol"}.get(rule.kind, "request")


def _outcome(rule: Rule) -> str:
    if rule.kind is Kind.RESPONSE:
        needs = rule.precondition
        return f"response property (exercised when {needs.what})" if needs else "response property"
    if rule.kind is Kind.PROTOCOL:
        return f"protocol: {rule.outcome.describe()}" if rule.outcome.statuses else "protocol"
    return rule.outcome.describe()


def _cell(text: str) -> str:
    """One table cell: a single line, with the column separator escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def replace_region(text: str, region: str) -> str:
    """`text` with the part between the markers replaced by `region`; the markers and all else are kept."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the markers {START} ... {END} are missing or out of order")
    return text[:start + len(START)] + "\n" + region + "\n" + text[end:]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the README's rule table is stale")
    parser.add_argument("--readme", type=Path, default=README, help=f"the file to update (default {README})")
    args = parser.parse_args(argv)
    try:
        current = args.readme.read_text(encoding="utf-8")
        updated = replace_region(current, render())
    except (OSError, ValueError) as error:
        print(f"{COMMAND}: {args.readme}: {error}", file=sys.stderr)
        return 2
    if args.check:
        if updated != current:
            print(f"{args.readme}: the rule table is stale; regenerate it with `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    if updated != current:
        args.readme.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
