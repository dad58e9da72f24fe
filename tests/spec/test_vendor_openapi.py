"""The model against the vendor's v1 OpenAPI file (issue #2): every v1 body parameter, header and the Invoice.

The file is read from `$CBC_VENDOR_SPEC` (default `../shared/reference/openapi-v1-invoices.json` beside the
repo) and never copied in; without it these tests skip. A disagreement that is deliberate is listed in
`ALLOWED` with its reason; an entry that no longer matches a disagreement fails, so the list cannot rot.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

import pytest

from chargebee_conformance.spec.invoice import INVOICE, LINE_ITEM, Attribute
from chargebee_conformance.spec.model import Operation, Param, ParamType
from chargebee_conformance.spec.operations import operation

ENDPOINTS = {  # our operation -> the vendor's method and path
    "v1.charge": ("post", "/invoices/charge"),
    "v1.create": ("post", "/invoices"),
    "v1.add_charge": ("post", "/invoices/{invoice-id}/add_charge"),
}
FORM = "application/x-www-form-urlencoded"
JSON_TYPES = {  # our parameter types as the vendor's JSON Schema writes them
    ParamType.STRING: "string", ParamType.INTEGER: "integer", ParamType.BOOLEAN: "boolean",
    ParamType.TIMESTAMP: "integer", ParamType.DECIMAL: "string", ParamType.ENUM: "string",
}
PRESENCE = "presence"
# (where, name, attribute) -> why the model deliberately differs from the vendor file.
ALLOWED: dict[tuple[str, str, str], str] = {
    ("v1.create", "shipping_address[country]", "enum"): (
        "The vendor schema gives the country no enum, but its description says it 'Must be one of ISO 3166 "
        "alpha-2 country code ... If you enter an invalid country code, the system will return an error': the "
        "model states that promise as an enum of the ISO codes."
    ),
    ("Invoice.line_items", "subscription_id", PRESENCE): (
        "The v1 line item schema lacks subscription_id, but the same file's Invoice.subscription_id says "
        "that with consolidated invoicing 'you have to refer to line_items subscription_id'; the model keeps "
        "it optional so a line's subscription_id, when sent, is type-checked."
    ),
}


@dataclass(frozen=True)
class Facts:
    """What both sides state about one parameter or attribute, in the vendor's vocabulary."""

    type: str
    format: str = ""  # "unix-time" for timestamps; other formats (email, int64) are not modelled
    max_length: int | None = None
    minimum: int | None = None
    enum: tuple[str, ...] = ()
    required: bool = False
    array: bool = False


def vendor_operation(spec: Mapping[str, Any], op_id: str) -> Mapping[str, Any]:
    method, path = ENDPOINTS[op_id]
    found: Mapping[str, Any] = spec["paths"][path][method]
    return found


def vendor_body(vendor_op: Mapping[str, Any]) -> dict[str, Facts]:
    """Body parameters under our wire names: `shipping_address.city` -> `shipping_address[city]`; an array
    property such as `charges.amount` -> our list parameter `charges[amount]`."""
    schema = vendor_op["requestBody"]["content"][FORM]["schema"]
    required = set(schema.get("required", ()))
    facts: dict[str, Facts] = {}
    for name, prop in schema.get("properties", {}).items():
        if prop.get("type") == "object":
            inner_required = set(prop.get("required", ()))
            for field, inner in prop.get("properties", {}).items():
                facts[f"{name}[{field}]"] = _vendor_facts(inner, field in inner_required)
        else:
            facts[name] = _vendor_facts(prop, name in required)
    return facts


def vendor_headers(vendor_op: Mapping[str, Any]) -> dict[str, Facts]:
    return {
        p["name"]: _vendor_facts(p.get("schema", {}), bool(p.get("required")))
        for p in vendor_op.get("parameters", ()) if p.get("in") == "header"
    }


def _vendor_facts(prop: Mapping[str, Any], required: bool) -> Facts:
    array = prop.get("type") == "array"
    leaf = prop.get("items", {}) if array else prop
    return Facts(
        type=leaf.get("type", ""), format="unix-time" if leaf.get("format") == "unix-time" else "",
        max_length=leaf.get("maxLength"), minimum=leaf.get("minimum"), enum=tuple(leaf.get("enum", ())),
        required=required, array=array,
    )


def not_left_out(vendor: Mapping[str, Facts], op: Operation) -> dict[str, Facts]:
    """A parameter the model leaves out, with its reason, is no disagreement (tests/spec/test_documented.py)."""
    left_out = {p.name for p in op.left_out}
    return {name: facts for name, facts in vendor.items() if name not in left_out}


def model_facts(params: Iterable[Param]) -> dict[str, Facts]:
    return {
        p.name: Facts(
            type=JSON_TYPES[p.type], format="unix-time" if p.type is ParamType.TIMESTAMP else "",
            max_length=p.max_length, minimum=p.minimum, enum=p.enum, required=p.required, array=p.array,
        )
        for p in params
    }


def vendor_attributes(schema: Mapping[str, Any]) -> dict[str, Facts]:
    required = set(schema.get("required", ()))
    return {
        name: Facts(type=prop.get("type", ""), enum=tuple(prop.get("enum", ())), required=name in required)
        for name, prop in schema.get("properties", {}).items()
    }


def model_attributes(attributes: Iterable[Attribute]) -> dict[str, Facts]:
    return {a.name: Facts(type=a.json_type, enum=a.enum, required=a.required) for a in attributes}


def differences(where: str, vendor: Mapping[str, Facts], model: Mapping[str, Facts]) -> list[tuple[str, ...]]:
    """(where, name, attribute, message) for every disagreement, in both directions."""
    found: list[tuple[str, ...]] = []
    for name in vendor.keys() - model.keys():
        found.append((where, name, PRESENCE, f"{where}: vendor parameter {name!r} is missing from the model"))
    for name in model.keys() - vendor.keys():
        found.append((where, name, PRESENCE, f"{where}: model parameter {name!r} is not in the vendor file"))
    for name in vendor.keys() & model.keys():
        for field in fields(Facts):
            theirs, ours = getattr(vendor[name], field.name), getattr(model[name], field.name)
            if theirs != ours:
                found.append((where, name, field.name,
                              f"{where}: {name} {field.name}: vendor {theirs!r}, model {ours!r}"))
    return sorted(found)


def unexplained(found: list[tuple[str, ...]]) -> list[str]:
    return [f[3] for f in found if f[:3] not in ALLOWED]


def _all_differences(spec: Mapping[str, Any]) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for op_id in ENDPOINTS:
        op, vendor_op = operation(op_id), vendor_operation(spec, op_id)
        found |= {f[:3] for f in differences(op_id, not_left_out(vendor_body(vendor_op), op),
                                             model_facts(op.body_params))}
        found |= {f[:3] for f in differences(op_id, not_left_out(vendor_headers(vendor_op), op),
                                             model_facts(op.header_params))}
    schema = spec["components"]["schemas"]["Invoice"]
    found |= {f[:3] for f in differences("Invoice", vendor_attributes(schema), model_attributes(INVOICE[1]))}
    line_item = schema["properties"]["line_items"]["items"]
    found |= {f[:3] for f in differences("Invoice.line_items", vendor_attributes(line_item),
                                         model_attributes(LINE_ITEM[1]))}
    return found


@pytest.mark.parametrize("op_id", sorted(ENDPOINTS))
def test_v1_operation_has_the_vendor_method_and_path(vendor_spec: dict[str, Any], op_id: str) -> None:
    op: Operation = operation(op_id)
    method, path = ENDPOINTS[op_id]
    assert method in vendor_spec["paths"].get(path, {}), f"the vendor file has no {method} {path}"
    assert (op.method.lower(), op.path) == (method, path.replace("{invoice-id}", "{invoice_id}"))


@pytest.mark.parametrize("op_id", sorted(ENDPOINTS))
def test_v1_body_parameters_match_the_vendor_spec(vendor_spec: dict[str, Any], op_id: str) -> None:
    """Name, type, maxLength, minimum, enum, required and list-ness of every body parameter, both ways."""
    op = operation(op_id)
    found = differences(op_id, not_left_out(vendor_body(vendor_operation(vendor_spec, op_id)), op),
                        model_facts(op.body_params))
    assert not unexplained(found), "\n".join(unexplained(found))


@pytest.mark.parametrize("op_id", sorted(ENDPOINTS))
def test_v1_header_parameters_match_the_vendor_spec(vendor_spec: dict[str, Any], op_id: str) -> None:
    op = operation(op_id)
    found = differences(f"{op_id} headers", not_left_out(vendor_headers(vendor_operation(vendor_spec, op_id)), op),
                        model_facts(op.header_params))
    assert not unexplained(found), "\n".join(unexplained(found))


def test_v1_invoice_attributes_match_the_vendor_schema(vendor_spec: dict[str, Any]) -> None:
    schema = vendor_spec["components"]["schemas"]["Invoice"]
    found = differences("Invoice", vendor_attributes(schema), model_attributes(INVOICE[1]))
    assert not unexplained(found), "\n".join(unexplained(found))


def test_v1_line_item_attributes_match_the_vendor_schema(vendor_spec: dict[str, Any]) -> None:
    schema = vendor_spec["components"]["schemas"]["Invoice"]["properties"]["line_items"]["items"]
    found = differences("Invoice.line_items", vendor_attributes(schema), model_attributes(LINE_ITEM[1]))
    assert not unexplained(found), "\n".join(unexplained(found))


def test_every_allow_list_entry_still_explains_a_difference(vendor_spec: dict[str, Any]) -> None:
    stale = set(ALLOWED) - _all_differences(vendor_spec)
    assert not stale, f"ALLOWED entries no longer needed (the model now agrees; remove them): {sorted(stale)}"


def test_a_changed_limit_is_reported_with_parameter_and_attribute(vendor_spec: dict[str, Any]) -> None:
    doctored = copy.deepcopy(vendor_spec)
    body = vendor_operation(doctored, "v1.create")["requestBody"]["content"][FORM]["schema"]["properties"]
    body["shipping_address"]["properties"]["city"]["maxLength"] = 51
    found = differences("v1.create", vendor_body(vendor_operation(doctored, "v1.create")),
                        model_facts(operation("v1.create").body_params))
    assert unexplained(found) == ["v1.create: shipping_address[city] max_length: vendor 51, model 50"]


def test_missing_parameters_are_reported_in_both_directions(vendor_spec: dict[str, Any]) -> None:
    doctored = copy.deepcopy(vendor_spec)
    body = vendor_operation(doctored, "v1.charge")["requestBody"]["content"][FORM]["schema"]["properties"]
    body["invoice_note"] = {"type": "string", "maxLength": 2000}
    del body["po_number"]
    found = differences("v1.charge", vendor_body(vendor_operation(doctored, "v1.charge")),
                        model_facts(operation("v1.charge").body_params))
    assert unexplained(found) == [
        "v1.charge: vendor parameter 'invoice_note' is missing from the model",
        "v1.charge: model parameter 'po_number' is not in the vendor file",
    ]


def test_array_properties_become_list_parameters_with_item_limits(vendor_spec: dict[str, Any]) -> None:
    facts = vendor_body(vendor_operation(vendor_spec, "v1.create"))
    assert facts["charges[amount]"] == Facts(type="integer", minimum=1, array=True)
    assert facts["charges[description]"] == Facts(type="string", max_length=250, array=True)


def test_vendor_spec_path_is_resolved_against_the_repository_root() -> None:
    from tests.spec.conftest import DEFAULT_VENDOR_SPEC, REPO_ROOT, resolve_vendor_spec_path

    assert resolve_vendor_spec_path({}) == (REPO_ROOT / DEFAULT_VENDOR_SPEC).resolve()
    assert resolve_vendor_spec_path({"CBC_VENDOR_SPEC": "spec.json"}) == REPO_ROOT / "spec.json"
    assert resolve_vendor_spec_path({"CBC_VENDOR_SPEC": "/abs/spec.json"}).as_posix() == "/abs/spec.json"
    assert (REPO_ROOT / "pyproject.toml").is_file()
