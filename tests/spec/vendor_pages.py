"""Reading the vendor's operation pages (`../shared/seeds/*.txt`): the parameters each lists, under our wire names.

The five pages come in three layouts: a table with one cell a line (`customer_id |` then `String | No |`), a
table with a row a line (`customer_id String No`), and the API reference's list (`customer_id` then
`optional, string, max chars=50`). Object rows (`shipping_address Object No`) only group their fields and are left
out; a list field `charges.amount[]` is our list parameter `charges[amount]`.
"""

from __future__ import annotations

import re

TYPES = "String|Integer|Boolean|Object|Array|Number"
NAME = r"[A-Za-z][\w.\-]*(?:\[\])?"
CELL_NAME = re.compile(rf"^(?P<name>{NAME}) \|$")
CELL_TYPE = re.compile(rf"^(?P<type>{TYPES}) \| (?:Yes|No) \|")
ROW = re.compile(rf"^(?P<name>{NAME}) (?P<type>{TYPES}) (?:Yes|No)\b")
LIST_NAME = re.compile(r"^(?P<name>[a-z][a-z0-9_]*)$")
LIST_FACTS = re.compile(r"^(?:optional|required)\b")
# The pages write the path parameter as the vendor's URL does, `{invoice-id}`; our path says `{invoice_id}`.
PATH_ALIASES = {"invoice-id": "invoice_id"}


def page_parameters(text: str) -> frozenset[str]:
    """Every parameter (path, header, body) a page lists, as wire names, object rows left out."""
    lines = [line.strip() for line in text.splitlines()]
    found: set[str] = set()
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        if (cell := CELL_NAME.match(line)) and (kind := CELL_TYPE.match(following)):
            found.add(_with_type(cell["name"], kind["type"]))
        elif row := ROW.match(line):
            found.add(_with_type(row["name"], row["type"]))
        elif (listed := LIST_NAME.match(line)) and LIST_FACTS.match(following):
            found.add(listed["name"])
    return frozenset(wire_name(name) for name in found if name)


def _with_type(name: str, kind: str) -> str:
    return "" if kind == "Object" else name


def wire_name(doc_name: str) -> str:
    """`shipping_address.city` -> `shipping_address[city]`; `charges.amount[]` -> `charges[amount]`."""
    name = PATH_ALIASES.get(doc_name, doc_name.removesuffix("[]"))
    group, dot, field = name.partition(".")
    return f"{group}[{field}]" if dot else name


def undocumented(listed: frozenset[str], documented: frozenset[str]) -> list[str]:
    """Names a page lists that the model neither declares nor leaves out. A name that only groups declared
    parameters (`tax_providers_fields` for `tax_providers_fields[field_id]`) counts as declared."""
    return sorted(name for name in listed
                  if name not in documented and not any(d.startswith(f"{name}[") for d in documented))
