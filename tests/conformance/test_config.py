"""Targets and the production guard: one clear line per configuration mistake."""

from __future__ import annotations

import re

import pytest

from chargebee_conformance.suite.config import TargetKind, load_profiles, resolve_target
from chargebee_conformance.suite.errors import ConfigError


def test_no_target_means_the_bundled_sandbox() -> None:
    assert resolve_target({}).kind is TargetKind.SANDBOX


def test_a_test_site_becomes_its_chargebee_url() -> None:
    target = resolve_target({"CHARGEBEE_SITE": "acme-test", "CHARGEBEE_API_KEY": "test_k"})
    assert (target.kind, target.base_url) == (TargetKind.SITE, "https://acme-test.chargebee.com")


def test_a_live_site_is_refused_without_the_explicit_option() -> None:
    env = {"CHARGEBEE_SITE": "acme", "CHARGEBEE_API_KEY": "live_k"}
    with pytest.raises(ConfigError, match="does not end in -test"):
        resolve_target(env)
    assert resolve_target(env, allow_production=True).base_url == "https://acme.chargebee.com"


def test_a_chargebee_base_url_is_guarded_like_a_site() -> None:
    with pytest.raises(ConfigError, match="not a -test site"):
        resolve_target({"CHARGEBEE_BASE_URL": "https://acme.chargebee.com", "CHARGEBEE_API_KEY": "k"})


def test_a_missing_key_is_named() -> None:
    with pytest.raises(ConfigError, match="CHARGEBEE_API_KEY is not set"):
        resolve_target({"CHARGEBEE_BASE_URL": "http://127.0.0.1:8765"})


def test_a_base_url_must_be_the_root() -> None:
    with pytest.raises(ConfigError, match="without /api/vN"):
        resolve_target({"CHARGEBEE_BASE_URL": "http://127.0.0.1:8765/api/v2", "CHARGEBEE_API_KEY": "k"})


def test_site_and_base_url_together_are_ambiguous() -> None:
    with pytest.raises(ConfigError, match="not both"):
        resolve_target({"CHARGEBEE_SITE": "a-test", "CHARGEBEE_BASE_URL": "http://x", "CHARGEBEE_API_KEY": "k"})


def test_a_missing_profile_is_one_line_naming_the_file(tmp_path: object) -> None:
    with pytest.raises(ConfigError, match=re.escape("nope.toml: file not found")):
        load_profiles(["nope.toml"])


def test_the_shipped_profiles_load_by_default() -> None:
    assert {p.name for p in load_profiles([])} >= {"sandbox-pc1-metered", "sandbox-pc2-metered", "sandbox-pc1-multi"}


def test_another_target_must_name_its_profile() -> None:
    from chargebee_conformance.suite.config import SHIPPED_PROFILES, profile_paths

    sandbox = resolve_target({})
    other = resolve_target({"CHARGEBEE_BASE_URL": "http://127.0.0.1:9", "CHARGEBEE_API_KEY": "k"})
    assert profile_paths([], {}, sandbox) == SHIPPED_PROFILES
    assert profile_paths([], {"CHARGEBEE_PROFILE": "a.toml:b.toml"}, other) == ["a.toml", "b.toml"]
    assert profile_paths(["c.toml"], {"CHARGEBEE_PROFILE": "a.toml"}, other) == ["c.toml"]
    with pytest.raises(ConfigError, match="needs a site profile"):
        profile_paths([], {}, other)
