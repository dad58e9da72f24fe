"""Secrets never reach a report: API keys, Basic credentials, and URL user info or query strings.

The suite already masks the key in the requests it logs; this is the second line of defence, applied to every
string a report writes, because a key can also hide in a response body echoed back, a curl line or a base URL.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit, urlunsplit

MASK = "<REDACTED>"

# Chargebee keys are `test_` / `live_` followed by a long alphanumeric run. The look-arounds keep identifiers
# such as `test_requests_without_a_valid_key` (a pytest node id) or `latest_invoice` intact: a key is never
# glued to other word characters, an identifier always is.
API_KEY = re.compile(r"(?<![A-Za-z0-9])(?:test|live)_[A-Za-z0-9]{8,}(?![A-Za-z0-9_])")
BASIC_AUTH = re.compile(r"(?i)(authorization\s*[:=]\s*['\"]?basic\s+)[A-Za-z0-9+/=._~-]+")
URL_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@'\"]+@")

T = TypeVar("T")


def redact(text: str) -> str:
    text = API_KEY.sub(MASK, text)
    text = BASIC_AUTH.sub(lambda m: m.group(1) + MASK, text)
    return URL_USERINFO.sub(lambda m: m.group(1) + MASK + "@", text)


def redact_tree(value: T) -> T:
    """Mask every string inside nested dicts and lists (keys are field names of ours and stay as they are)."""
    result: Any
    if isinstance(value, str):
        result = redact(value)
    elif isinstance(value, dict):
        result = {key: redact_tree(item) for key, item in value.items()}
    elif isinstance(value, list | tuple):
        result = type(value)(redact_tree(item) for item in value)
    else:
        result = value
    return cast(T, result)


def clean_url(url: str) -> str:
    """A base URL fit to print: no user info, no query string, no fragment (either may carry a key)."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return redact(url)
    if not parts.scheme or not host:
        return redact(url.split("?", 1)[0].split("#", 1)[0])
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    return redact(urlunsplit((parts.scheme, netloc, parts.path, "", "")))
