"""Every documented parameter is modelled or left out with a reason, and the lists cannot rot (issue #12).

Against the vendor's material in `../shared` (never copied in; `$CBC_VENDOR_SPEC`, `$CBC_VENDOR_SEEDS`): a
parameter of a v1 operation in the OpenAPI file, or of any operation on its page, that the model neither declares
nor leaves out fails; so does a left-out entry the model declares after all, a sentence entry about a parameter
the operation does not document, and a quote the vendor's material does not contain.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

import pytest

from chargebee_conformance.spec.documented import (
    counts,
    documented_params,
    modelled_names,
    operation_wide_rules,
    rules_of_param,
    without_constraint_rule,
)
from chargebee_conformance.spec.model import LeftOut, Location, Operation, SentenceWithoutRule
from chargebee_conformance.spec.operations import OPERATIONS, operation
from chargebee_conformance.spec.validate import unknown_params
from tests.spec.test_vendor_openapi import ENDPOINTS, FORM, vendor_body, vendor_headers, vendor_operation
from tests.spec.vendor_pages import page_parameters, undocumented

OPS = [pytest.param(op, id=op.id) for op in OPERATIONS]
WITH_PAGE = [pytest.param(op, id=op.id) for op in OPERATIONS if op.seed.endswith(".txt")]


def documented_names(op: Operation) -> frozenset[str]:
    return frozenset(p.name for p in documented_params(op))


def missing_from_model(op: Operation, vendor_names: Iterable[str]) -> list[str]:
    """Vendor parameters the operation neither declares nor leaves out."""
    return sorted(set(vendor_names) - documented_names(op))


def declared_and_left_out(op: Operation) -> list[str]:
    """Left-out entries naming a parameter the model declares after all (or listed twice)."""
    names = [p.name for p in op.left_out]
    return sorted({n for n in names if n in modelled_names(op) or names.count(n) > 1})


def sentences_about_nothing(op: Operation) -> list[str]:
    """Sentence entries naming a parameter the operation does not document."""
    return sorted({name for s in op.sentences_without_rule for name in s.params} - documented_names(op))


def normalised(text: str) -> str:
    return " ".join(text.split())


def vendor_texts(spec: Any) -> Iterable[str]:
    """Every string of the vendor's JSON, keys included (descriptions hold the sentences)."""
    if isinstance(spec, Mapping):
        for key, value in spec.items():
            yield str(key)
            yield from vendor_texts(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from vendor_texts(value)
    elif isinstance(spec, str):
        yield spec


def unquoted(entries: Iterable[LeftOut | SentenceWithoutRule], material: str) -> list[str]:
    return [entry.quote for entry in entries if normalised(entry.quote) not in material]


@pytest.fixture(scope="module")
def material(seed_pages: dict[str, str], vendor_spec: dict[str, Any], dossier: str) -> str:
    """The vendor's words: the five pages, the OpenAPI file's strings and the dossier's quotes."""
    return normalised("\n".join([*seed_pages.values(), *vendor_texts(vendor_spec), dossier]))


# -- against the vendor's OpenAPI file (v1) and pages ------------------------------------------------------------
@pytest.mark.parametrize("op_id", sorted(ENDPOINTS))
def test_every_v1_vendor_parameter_is_modelled_or_left_out(vendor_spec: dict[str, Any], op_id: str) -> None:
    vendor_op = vendor_operation(vendor_spec, op_id)
    names = [*vendor_body(vendor_op), *vendor_headers(vendor_op)]
    assert not missing_from_model(operation(op_id), names)


def test_a_new_vendor_parameter_is_reported_until_modelled_or_left_out(vendor_spec: dict[str, Any]) -> None:
    doctored = copy.deepcopy(vendor_spec)
    vendor_op = vendor_operation(doctored, "v1.charge")
    vendor_op["requestBody"]["content"][FORM]["schema"]["properties"]["invoice_note"] = {"type": "string"}
    vendor_op["parameters"].append({"name": "Content-Type", "in": "header", "schema": {"type": "string"}})
    names = [*vendor_body(vendor_op), *vendor_headers(vendor_op)]
    op = operation("v1.charge")
    assert missing_from_model(op, names) == ["invoice_note"]  # Content-Type: left out, with its reason
    assert missing_from_model(replace(op, left_out=()), names) == ["Content-Type", "invoice_note"]
    note = LeftOut("invoice_note", Location.BODY, "Notes", "test", "not modelled")
    assert missing_from_model(replace(op, left_out=(*op.left_out, note)), names) == []


@pytest.mark.parametrize("op", WITH_PAGE)
def test_every_parameter_on_the_operation_page_is_modelled_or_left_out(seed_pages: dict[str, str],
                                                                       op: Operation) -> None:
    listed = page_parameters(seed_pages[op.seed])
    assert listed, f"no parameter read from {op.seed}: has its layout changed?"
    assert not undocumented(listed, documented_names(op))


def test_a_page_parameter_nobody_declared_is_reported(seed_pages: dict[str, str]) -> None:
    op = operation("v2.add_charge")
    page = seed_pages[op.seed] + "\ninvoice_note String No\n\nNotes for the invoice.\n"
    listed = page_parameters(page)
    assert undocumented(listed, documented_names(op)) == ["invoice_note"]
    assert undocumented(listed, documented_names(replace(op, left_out=()))) == ["Content-Type", "invoice_note"]


def test_the_page_reader_knows_all_three_layouts_and_skips_object_rows() -> None:
    cells = "customer_id |\nString | No |\nshipping_address |\nObject | No |\ncharges.amount[] |\nArray | No |\n"
    rows = "invoice-id String Yes\nshipping_address Object No\nshipping_address.city String No\n"
    listing = "coupon_ids\noptional, string\n\nList of Coupons to be added.\n"
    assert page_parameters(cells) == {"customer_id", "charges[amount]"}
    assert page_parameters(rows) == {"invoice_id", "shipping_address[city]"}
    assert page_parameters(listing) == {"coupon_ids"}


# -- the lists themselves ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("op", OPS)
def test_no_left_out_entry_names_a_parameter_the_model_declares(op: Operation) -> None:
    assert not declared_and_left_out(op)


def test_a_left_out_entry_for_a_declared_parameter_is_reported() -> None:
    op = operation("v2.charge")
    stale = LeftOut("description", Location.BODY, "Description for this charge.", op.seed, "no reason")
    assert declared_and_left_out(replace(op, left_out=(*op.left_out, stale))) == ["description"]
    assert declared_and_left_out(replace(op, left_out=(*op.left_out, op.left_out[0]))) == ["Content-Type"]


@pytest.mark.parametrize("op", OPS)
def test_every_sentence_without_rule_is_about_a_documented_parameter(op: Operation) -> None:
    assert not sentences_about_nothing(op)
    assert all(s.params and s.reason and s.source for s in op.sentences_without_rule)


def test_a_sentence_about_an_undocumented_parameter_is_reported() -> None:
    op = operation("v1.add_charge")
    stray = SentenceWithoutRule(("coupon",), "The 'One Time' coupon to be applied.", op.seed, "no reason")
    assert sentences_about_nothing(replace(op, sentences_without_rule=(stray,))) == ["coupon"]


@pytest.mark.parametrize("op", OPS)
def test_every_left_out_entry_and_sentence_quotes_the_vendor_verbatim(material: str, op: Operation) -> None:
    assert all(entry.reason for entry in op.left_out)
    assert not unquoted((*op.left_out, *op.sentences_without_rule), material)


def test_a_quote_the_vendor_never_wrote_is_reported(material: str) -> None:
    invented = SentenceWithoutRule(("description",), "Description must not contain emoji.", "000", "none")
    genuine = operation("v1.charge").sentences_without_rule[0]
    assert unquoted([invented, genuine], material) == ["Description must not contain emoji."]


# -- what the model derives ------------------------------------------------------------------------------------
def test_path_parameters_are_documented_and_carry_their_rules() -> None:
    op = operation("v2.add_charge")
    assert documented_params(op)[0].name == "invoice_id" and documented_params(op)[0].location is Location.PATH
    assert [r.id for r in rules_of_param(op, "invoice_id")] == ["v2.add_charge.invoice_id.exists",
                                                                "v2.add_charge.invoice_id.pending"]


def test_rules_of_a_parameter_include_promises_that_need_it_and_protocol_rules_that_send_it() -> None:
    charge, create = operation("v2.charge"), operation("v1.create")
    assert "v2.charge.response.po_number" in [r.id for r in rules_of_param(charge, "po_number")]
    assert "v1.create.response.shipping_address" in [r.id for r in rules_of_param(create, "shipping_address[zip]")]
    assert [r.id for r in rules_of_param(charge, "chargebee-idempotency-key")] == [
        "v2.charge.chargebee-idempotency-key.max_length", "v2.idempotency.replay", "v2.idempotency.conflict"]
    assert [r.id for r in rules_of_param(charge, "chargebee-request-origin-device")] == [
        "protocol.documented_headers"]


def test_without_a_constraint_rule_lists_parameters_whose_value_nothing_judges() -> None:
    assert without_constraint_rule(operation("v2.charge")) == (
        "tax_providers_fields[provider_name]", "tax_providers_fields[field_id]", "tax_providers_fields[field_value]",
        "chargebee-request-origin-device", "chargebee-request-origin-user", "chargebee-request-origin-ip",
        "chargebee-request-origin-user-encoded")


def test_operation_wide_rules_are_the_ones_about_no_documented_parameter() -> None:
    wide = [r.id for r in operation_wide_rules(operation("v1.create"))]
    assert "v1.create.response.schema" in wide and "v1.create.site.multicurrency_refused" in wide
    assert "v1.create.response.shipping_address" not in wide and "v1.create.response.addon_lines" not in wide


@pytest.mark.parametrize("op", OPS)
def test_every_rule_is_about_a_parameter_or_the_operation_as_a_whole(op: Operation) -> None:
    about_params = {r.id for p in documented_params(op) for r in rules_of_param(op, p.name)}
    assert {r.id for r in op.rules} == (about_params - {"protocol.documented_headers", "v2.idempotency.replay",
                                                        "v2.idempotency.conflict"}) | {
        r.id for r in operation_wide_rules(op)}


def test_counts_add_up() -> None:
    for op in OPERATIONS:
        c = counts(op)
        assert c.documented == c.modelled + c.left_out == len(documented_params(op))
        assert c.sentences_without_rule == len(op.sentences_without_rule)
        assert c.without_rule == len(without_constraint_rule(op))


def test_a_left_out_body_parameter_is_documented_so_never_an_unknown_one() -> None:
    op = operation("v1.add_charge")
    note = LeftOut("invoice_note", Location.BODY, "Notes", "test", "not modelled")
    form = {"amount": "100", "description": "x", "invoice_note": "hello", "cbc_undocumented_param": "y"}
    assert unknown_params(op, form) == ["invoice_note", "cbc_undocumented_param"]
    assert unknown_params(replace(op, left_out=(note,)), form) == ["cbc_undocumented_param"]

