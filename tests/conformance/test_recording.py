"""Cassettes keep blank form values apart, never hold the key, and a corrupt one is one clear line."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from chargebee_conformance.spec.case import Case
from chargebee_conformance.suite.config import Mode
from chargebee_conformance.suite.errors import ConfigError
from chargebee_conformance.suite.recording import Corpus, cassette, form_body, secret_forms


def request(body: bytes) -> SimpleNamespace:
    return SimpleNamespace(body=body)


def test_the_form_matcher_ignores_order_but_not_blank_values() -> None:
    form_body(request(b"a=1&b=2"), request(b"b=2&a=1"))
    with pytest.raises(AssertionError):
        form_body(request(b"a=1&description="), request(b"a=1"))


def test_secrets_include_the_basic_auth_form_of_the_key() -> None:
    assert secret_forms("test_abc") == ["test_abc", "dGVzdF9hYmM6"]


def test_a_corrupt_cassette_is_reported_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("interactions: [unclosed", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"corrupt cassette .*broken.yaml.*re-record"), \
            cassette(path, Mode.REPLAY, "k"):
        pass


def test_a_missing_cassette_names_the_command_that_records_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"no cassette .* --mode record"), \
            cassette(tmp_path / "x.yaml", Mode.REPLAY, "k"):
        pass


def test_the_corpus_round_trips_cases(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    corpus = Corpus("run1", datetime(2026, 3, 31, tzinfo=UTC), "http://127.0.0.1:1", 7)
    case = Case("v2.charge", "POST", "/api/v2/invoices/charge", (("description", "é"), ("amount", "")),
                (("chargebee-idempotency-key", "k"),), rule="v2.charge.amount.minimum")
    corpus.add("p", case)
    corpus.save(tmp_path / "c.json")
    loaded = Corpus.load(tmp_path / "c.json")
    assert loaded.cases("p")[0].form == case.form and loaded.now == corpus.now and loaded.seed == 7


def test_a_corrupt_corpus_is_reported_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "c.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ConfigError, match="corrupt case corpus"):
        Corpus.load(tmp_path / "c.json")
