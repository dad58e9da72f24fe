"""HTTP basic authentication: "The username is your API key while the password is empty." (docs/decisions.md F7)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Collection

from chargebee_conformance.sandbox.errors import ApiError

MESSAGE = "Sorry, authentication failed. Invalid api key"


def api_key(header: str | None) -> str | None:
    """The API key a Basic Authorization header carries, or None when the header is absent or malformed or has
    a password."""
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(token.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    user, colon, password = decoded.partition(":")
    return user if colon and not password and user else None


def check(header: str | None, keys: Collection[str], *, allow_missing: bool = False,
          codes_by_cause: bool = False) -> None:
    """Raise 401 unless the header names a known key. `allow_missing` is the auth_not_enforced fault;
    `codes_by_cause` the auth_codes_by_cause quirk."""
    if header is None and allow_missing:
        return
    key = api_key(header)
    if key in keys:
        return
    if not codes_by_cause or header is None:
        raise unauthorized()
    # docs/decisions.md A15 leaves the code open among the three: "basic_authentication_failed: one or both of the
    # username and password are invalid" for a malformed header, the legacy code for an unknown key.
    raise unauthorized("basic_authentication_failed" if key is None else "api_authentication_invalid_key")


def unauthorized(code: str = "api_authentication_failed") -> ApiError:
    # api_authentication_failed: "api key is invalid or authentication header is not present in the request or
    # the header's format is invalid" (v1 spec 401); the legacy error_code is what real test sites still send.
    return ApiError(401, code, MESSAGE, type="untyped", legacy_code="api_authentication_invalid_key")
