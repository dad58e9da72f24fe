"""Site profiles (docs/decisions.md B16): the shipped ones load; each bad file is a one-line ProfileError naming the
file and the fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from chargebee_conformance.spec.profile import ProfileError, SiteProfile, load_profile
from chargebee_conformance.spec.settings import Catalog, Setting
from tests.spec.conftest import PROFILES

SHIPPED = ["sandbox-pc1-metered", "sandbox-pc1-multi", "sandbox-pc2-metered"]
GOOD = """\
[site]
name = "t"
api_versions = [1, 2]
product_catalog = "1.0"
time_zone = "UTC"

[settings]
metered_billing = true
"""


def write(tmp_path: Path, text: str | bytes, name: str = "site.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def refusal(path: Path) -> str:
    with pytest.raises(ProfileError) as raised:
        load_profile(path)
    message = str(raised.value)
    assert "\n" not in message, f"message spans lines: {message!r}"
    assert str(path) in message, f"message does not name the file: {message!r}"
    return message


@pytest.mark.parametrize("name", SHIPPED)
def test_the_shipped_profiles_load(name: str) -> None:
    profile = load_profile(PROFILES / f"{name}.toml")
    assert profile.name == name
    assert Setting.METERED_BILLING in profile.settings


def test_the_shipped_profiles_are_the_three_sandbox_sites(profiles: dict[str, SiteProfile]) -> None:
    assert sorted(profiles) == SHIPPED
    assert profiles["sandbox-pc2-metered"].product_catalog is Catalog.PC2
    assert profiles["sandbox-pc2-metered"].api_versions == {2}
    multi = profiles["sandbox-pc1-multi"]
    assert {Setting.MULTICURRENCY, Setting.MULTI_DECIMAL, Setting.INDIA_TAX_REGION} <= multi.settings
    assert multi.currencies == ("USD", "EUR", "JPY", "INR")
    assert multi.time_zone == "Asia/Kolkata"


def test_an_empty_file_gives_the_documented_defaults(tmp_path: Path) -> None:
    profile = load_profile(write(tmp_path, "", "bare.toml"))
    assert (profile.name, profile.product_catalog) == ("bare", Catalog.PC1)
    assert profile.api_versions == frozenset({1, 2})
    assert (profile.time_zone, profile.base_currency, profile.currencies) == ("UTC", "USD", ("USD",))
    assert profile.settings == frozenset()


def test_a_good_file_loads(tmp_path: Path) -> None:
    assert load_profile(write(tmp_path, GOOD)).settings == {Setting.METERED_BILLING}


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    assert "file not found" in refusal(tmp_path / "absent.toml")


def test_a_directory_is_not_a_profile(tmp_path: Path) -> None:
    assert "cannot be read" in refusal(tmp_path)


@pytest.mark.parametrize("text", ["[site\n", "a = \n", "[site]\nname = 'a'\n[site]\n", b"name = '\xff'\n"])
def test_bad_toml_is_refused(tmp_path: Path, text: str | bytes) -> None:
    assert "not valid TOML" in refusal(write(tmp_path, text))


@pytest.mark.parametrize(("text", "fault"), [
    ("[sites]\nname = 'x'\n", "unknown section(s) sites"),
    ("settings = 5\n", "[settings] must be a table"),
    ("[settings]\nmetred_billing = true\n", "unknown setting(s) metred_billing"),
    ("[settings]\nmetered_billing = 'yes'\n", "[settings] metered_billing must be true or false, got 'yes'"),
    ("[settings]\nmulticurrency = 1\n", "[settings] multicurrency must be true or false, got 1"),
    ("[settings]\ncurrencies = 'USD'\n", "[settings] currencies must be a list"),
    ("[settings]\ncurrencies = ['usd']\n", "[settings] currencies must be an ISO 4217 code"),
    ("[catalog]\ncoupon = 'cbc-once'\n", "[catalog] has unknown role(s) coupon"),
    ("[catalog]\nplan = 7\n", "[catalog] plan must be an id or a list of ids (strings), got 7"),
    ("[catalog]\nplan = ['a', 3]\n", "[catalog] plan must be an id or a list of ids (strings), got ['a', 3]"),
    ("[catalog]\nmetered_item_price = 'x'\n", "[catalog] metered_item_price is no longer read: charge item prices"),
    ("[customers]\nhas_payment_method = true\n", "[customers] has_payment_method is no longer read"),
    ("[settings]\nbackdating = true\n", "[settings] backdating = true needs the site's configured [site] time_zone"),
    ("[site]\nproduct_catalog = '3.0'\n", "[site] product_catalog must be \"1.0\" or \"2.0\", got '3.0'"),
    ("[site]\nproduct_catalog = 2.0\n", "[site] product_catalog must be \"1.0\" or \"2.0\", got 2.0"),
    ("[site]\ntime_zone = 'Mars/Olympus'\n", "[site] time_zone 'Mars/Olympus' is not an IANA time zone"),
    ("[site]\ntime_zone = ''\n", "[site] time_zone '' is not an IANA time zone"),
    ("[site]\ntime_zone = 5\n", "[site] time_zone 5 is not an IANA time zone"),
    ("[site]\napi_versions = [3]\n", "[site] api_versions must be a non-empty list of 1 and/or 2, got [3]"),
    ("[site]\napi_versions = []\n", "[site] api_versions must be a non-empty list of 1 and/or 2, got []"),
    ("[site]\napi_versions = 2\n", "[site] api_versions must be a non-empty list of 1 and/or 2, got 2"),
    ("[site]\napi_versions = [true]\n", "api_versions must be a non-empty list of 1 and/or 2, got [True]"),
    ("[site]\napi_versions = ['1']\n", "[site] api_versions must be a non-empty list of 1 and/or 2, got ['1"),
    ("[site]\napi_versions = [{a = 1}]\n", "[site] api_versions must be a non-empty list of 1 and/or 2"),
    ("[site]\ntimezone = 'UTC'\n", "[site] unknown key(s) timezone"),
    ("[site]\nbase_currency = 'dollars'\n", "[site] base_currency must be an ISO 4217 code"),
    ("[site]\nname = 3\n", "[site] name must be a string, got 3"),
    ("[customers]\nauto_collection = 'on'\n", "[customers] auto_collection must be true or false, got 'on'"),
    ("[customers]\nautocollection = true\n", "[customers] unknown key(s) autocollection"),
])
def test_a_bad_value_is_refused_naming_file_and_fault(tmp_path: Path, text: str, fault: str) -> None:
    message = refusal(write(tmp_path, text))
    assert fault in message


def test_a_fault_message_is_one_line_even_when_the_value_spans_lines(tmp_path: Path) -> None:
    refusal(write(tmp_path, '[site]\ntime_zone = """\nUTC\n"""\n'))
