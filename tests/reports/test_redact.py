"""Secrets never reach a report: keys, Basic credentials, URL user info and query strings are masked."""

from __future__ import annotations

from pathlib import Path

import pytest

from chargebee_conformance.reports.cli import build_all
from chargebee_conformance.reports.redact import MASK, clean_url, redact
from tests.reports.support import CATALOG, META, PLANTED_BASIC, PLANTED_KEY, RAW


@pytest.mark.parametrize(("text", "masked"), [
    ("-u 'test_cdKz2cu0Jn6cu6cutKEcu3ZVFkcdO9PtT9:'", f"-u '{MASK}:'"),
    ("key=live_0123456789abcdef&x=1", f"key={MASK}&x=1"),
    ('{"api_key": "test_AbCdEfGh12"}', f'{{"api_key": "{MASK}"}}'),
    ("Authorization: Basic dGVzdF9rZXk6", f"Authorization: Basic {MASK}"),
    ("-H 'authorization: basic dGVzdF9rZXk6'", f"-H 'authorization: basic {MASK}'"),
    ("see https://user:pw@acme-test.chargebee.com/api", f"see https://{MASK}@acme-test.chargebee.com/api"),
])
def test_secrets_are_masked(text: str, masked: str) -> None:
    assert redact(text) == masked


@pytest.mark.parametrize("text", [
    "conformance/test_cross_cutting.py::test_requests_without_a_valid_key_are_refused_with_401",
    "latest_invoice_id", "test_short", "a contest_abcdefghijk entry",
])
def test_identifiers_that_merely_start_like_a_key_are_left_alone(text: str) -> None:
    assert redact(text) == text


@pytest.mark.parametrize(("url", "clean"), [
    ("https://user:secret@acme-test.chargebee.com/?api_key=x#f", "https://acme-test.chargebee.com/"),
    ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
    ("https://acme-test.chargebee.com/root?x=test_ABCDEFGH1234", "https://acme-test.chargebee.com/root"),
    ("not a url?key=1", "not a url"),
    ("", ""),
])
def test_target_urls_lose_user_info_and_query(url: str, clean: str) -> None:
    assert clean_url(url) == clean


def test_a_key_planted_in_a_failure_never_reaches_any_report(tmp_path: Path) -> None:
    assert PLANTED_KEY in (RAW / "results-gw1.jsonl").read_text(encoding="utf-8")  # the fixture does plant it
    paths = build_all(RAW, tmp_path, META)
    assert set(paths) == {"results", "junit", "html", "reproducers"}
    scripts = sorted(paths.pop("reproducers").glob("*.sh"))
    for path in [*paths.values(), *scripts]:
        text = path.read_text(encoding="utf-8")
        assert PLANTED_KEY not in text, path.name
        assert PLANTED_BASIC not in text, path.name
        assert "secret" not in text and "test_SECRETSECRET123" not in text, path.name
    for path in paths.values():
        assert MASK in path.read_text(encoding="utf-8") or "&lt;REDACTED&gt;" in path.read_text(encoding="utf-8")
    assert len(scripts) == 3


def test_the_default_catalog_is_used_when_none_is_given(tmp_path: Path) -> None:
    paths = build_all(RAW, tmp_path, {"sites": META["sites"]})
    assert CATALOG.rules[0].rule in paths["results"].read_text(encoding="utf-8")
