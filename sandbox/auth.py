"""HTTP basic authentication: "The username is your API key while the password is empty." (dossier §7)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Collection

from sandbox.errors import ApiError

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


def check(header: str | None, keys: Collection[str], *, allow_missing: bool = False) -> None:
    """Raise 401 unless the header names a known key. `allow_missing` is the auth_not_enforced fault."""
    if header is None and allow_missing:
        return
    if api_key(header) not in keys:
        raise unauthorized()


def unauthorized() -> ApiError:
    # api_authentication_failed: "api key is invalid or authentication header is not present in the request or
    # the header's format is invalid" (v1 spec 401); the legacy error_code is what real test sites still send.
    return ApiError(401, "api_authentication_failed", MESSAGE, type="untyped",
                    legacy_code="api_authentication_invalid_key")
