"""`Case.as_curl()` feeds every failure message: it must replay the request and never run generated text."""

from __future__ import annotations

import shlex

from chargebee_conformance.spec.case import Case


def test_as_curl_replays_the_form_and_leaves_the_key_to_the_shell() -> None:
    case = Case("v1.charge", "POST", "/api/v1/invoices/charge", (("description", "a b"), ("amount", "100")),
                headers=(("chargebee-event-email", "all-disabled"),))
    line = case.as_curl("https://acme-test.chargebee.com/")
    assert line.startswith("curl -sS -X POST https://acme-test.chargebee.com/api/v1/invoices/charge ")
    assert '-u "$CHARGEBEE_API_KEY:"' in line
    words = shlex.split(line.replace('"$CHARGEBEE_API_KEY:"', "KEY:"))
    assert words[words.index("-H") + 1] == "chargebee-event-email: all-disabled"
    data = [w for i, w in enumerate(words) if words[i - 1] == "--data-urlencode"]
    assert data == ["description=a b", "amount=100"]


def test_as_curl_quotes_generated_text_that_looks_like_a_shell_variable() -> None:
    case = Case("v1.charge", "POST", "/api/v1/invoices/charge", (("$(touch x)", "$HOME"),))
    line = case.as_curl()
    assert "'$(touch x)=$HOME'" in line
    assert line.count('"$') == 1  # only the API key is expanded by the shell


def test_a_case_without_a_rule_is_valid_and_its_body_is_form_encoded() -> None:
    case = Case("v2.charge", "POST", "/api/v2/invoices/charge", (("coupon_ids[0]", "x"), ("description", "")))
    assert case.valid
    assert case.body() == "coupon_ids%5B0%5D=x&description="
