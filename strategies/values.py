"""Primitive value strategies: texts of an exact length, ids, numbers, and the wrongly typed values.

Every factory returns wire text (`str`). Shrinking goes towards the simplest member of each family: the
boundary value where one exists (`limit`, `limit + 1`, `minimum - 1`), the alphabet's simplest character
("0" where it has one, else its first) repeated, and the first entry of a list of examples.
"""

from __future__ import annotations

import re
from functools import cache

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from chargebee_conformance.spec.world import MISSING_PREFIX

# Printable text of the Basic Multilingual Plane that no server should normalise or reject: ASCII, Latin-1
# letters (é: two UTF-8 bytes), Greek, Cyrillic, kana and CJK ideographs (漢: three bytes). No combining marks
# or conjoining jamo, which Unicode normalisation would merge and so change the length (docs/decisions.md A10).
TEXT_ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-'#/()&"
    "éüñøçßåÉÜÑ" "αβγδΩ" "абвгдЖ" "あいうアイウ" "漢字東京日本語"
)
MULTI_BYTE_MOTIFS = ("é", "漢", "é漢", "Ünïcödé 漢字")
ASCII_TEXT = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-_"
ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-_"
CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
DIGITS = "0123456789"
EMAIL_DOMAIN = "@example.com"
EMAIL_LOCAL_MAX = 64  # RFC 5321: a local part longer than 64 octets is not an address
SHORT = 48  # up to this length texts are drawn character by character; longer ones repeat a drawn motif

# Hand-picked non-integers first: they are what the shrinker lands on. No "+5" (Java's parseLong accepts it).
# Never padded digits (" 12"): a server may trim values as the SDK does. Never exponents ("1e3"): some number
# parsers read them as the integer 1000. Both would be a server's choice, not a broken promise.
NON_INTEGER_EXAMPLES = ("1.5", "abc", "1,000", "12abc", "--1", "one", "1/2")
# What some server might still read as a boolean: never offered as a "clearly not a boolean" value.
BOOLEAN_LIKE = frozenset({
    "true", "false", "t", "f", "yes", "no", "y", "n", "on", "off", "1", "0", "null", "nil", "none",
})
NON_BOOLEAN_EXAMPLES = ("maybe", "2", "-1", "truee", "enabled")
OUTSIDE_EXAMPLES = ("bogus", "not-a-member", "unknown_value", "zzz")


def _fix_ends(text: str, filler: str) -> str:
    """No leading or trailing space: a server may trim, which would change the length and the meaning."""
    if text[:1] == " ":
        text = filler + text[1:]
    if text[-1:] == " ":
        text = text[:-1] + filler
    return text


@cache
def texts_of_length(length: int, alphabet: str = TEXT_ALPHABET) -> SearchStrategy[str]:
    """Texts of exactly `length` characters from `alphabet`, never starting or ending with a space.

    Long texts repeat a short drawn motif (or one of the multi-byte motifs when the alphabet has them), so a
    65,001-character value costs a dozen draws. Shrinks towards the simplest character repeated.
    """
    if length < 1:
        raise ValueError(f"length must be at least 1, got {length}")
    filler = alphabet[0]
    if length <= SHORT:
        return st.text(alphabet, min_size=length, max_size=length).map(lambda t: _fix_ends(t, filler))
    motifs = [st.text(alphabet, min_size=1, max_size=12)]
    if set(MULTI_BYTE_MOTIFS[-1]) <= set(alphabet):
        motifs.append(st.sampled_from(MULTI_BYTE_MOTIFS))
    return st.one_of(motifs).map(lambda motif: _fix_ends(_repeat(motif, length), filler))


def _repeat(motif: str, length: int) -> str:
    return (motif * (length // len(motif) + 1))[:length]


def lengths(low: int, high: int) -> SearchStrategy[int]:
    """Lengths in [low, high] with `high` (the documented maximum) as an explicit boundary example."""
    return st.one_of(st.just(high), st.integers(low, high))


def texts(low: int, high: int, alphabet: str = TEXT_ALPHABET) -> SearchStrategy[str]:
    """Texts of `low`..`high` characters, the maximum an explicit example; shrinks towards `high` zeros."""
    return lengths(low, high).flatmap(lambda n: texts_of_length(n, alphabet))


def too_long_lengths(limit: int) -> SearchStrategy[int]:
    """limit + 1 and beyond (up to a quarter more); shrinks towards limit + 1."""
    return st.integers(0, max(8, limit // 4)).map(lambda extra: limit + 1 + extra)


def too_long_texts(limit: int, alphabet: str = TEXT_ALPHABET) -> SearchStrategy[str]:
    """Texts longer than `limit` characters (exactly limit + 1 first); with multi-byte characters when the
    alphabet has them. Shrinks towards limit + 1 characters."""
    return too_long_lengths(limit).flatmap(lambda n: texts_of_length(n, alphabet))


def emails_of_length(length: int) -> SearchStrategy[str]:
    """ASCII addresses `local@example.com` of exactly `length` characters (local part up to 64 is valid)."""
    local = length - len(EMAIL_DOMAIN)
    if local < 1:
        raise ValueError(f"no address fits in {length} characters")
    locals_ = texts_of_length(local, "abcdefghijklmnopqrstuvwxyz0123456789")
    return locals_.map(lambda name: name + EMAIL_DOMAIN)


def emails(limit: int) -> SearchStrategy[str]:
    """Valid ASCII addresses; the longest the limit allows (and RFC 5321 admits) is an explicit example."""
    high = min(limit, EMAIL_LOCAL_MAX + len(EMAIL_DOMAIN))
    return lengths(len(EMAIL_DOMAIN) + 1, high).flatmap(emails_of_length)


def too_long_emails(limit: int) -> SearchStrategy[str]:
    return too_long_lengths(limit).flatmap(emails_of_length)


def missing_ids(limit: int | None) -> SearchStrategy[str]:
    """Ids no site has: MISSING_PREFIX plus ASCII, within `limit` characters (so only existence is wrong).

    Shrinks towards the prefix plus "0".
    """
    room = (limit if limit is not None else 50) - len(MISSING_PREFIX)
    if room < 1:
        raise ValueError(f"no missing id fits in {limit} characters")
    tails = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=min(room, 24))
    return tails.map(lambda tail: MISSING_PREFIX + tail)


def integers_from(minimum: int, maximum: int) -> SearchStrategy[str]:
    """Decimal text of integers in [minimum, maximum], the minimum an explicit example; shrinks to it."""
    return st.one_of(st.just(minimum), st.integers(minimum, maximum)).map(str)


def integers_below(limit: int) -> SearchStrategy[str]:
    """Decimal text of integers below `limit`: limit - 1, 0 when that is below, and negatives down to -2**31.

    Shrinks towards limit - 1.
    """
    boundary = [st.just(limit - 1)] + ([st.just(0)] if limit > 0 else [])
    return st.one_of(*boundary, st.integers(0, 2**31).map(lambda k: limit - 1 - k)).map(str)


def non_integers() -> SearchStrategy[str]:
    """Text no integer parser should take: fractions, words, digits with letters. Never blank (blank is
    "missing", another rule), never padded with whitespace, never with non-ASCII digits. Shrinks towards "1.5"."""
    fractions = st.tuples(st.integers(0, 10**6), st.integers(1, 99)).map(lambda p: f"{p[0]}.{p[1]:02d}")
    words = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8).filter(
        lambda w: w not in ("inf", "nan", "infinity"))
    return st.one_of(st.sampled_from(NON_INTEGER_EXAMPLES), fractions, words)


def non_booleans() -> SearchStrategy[str]:
    """Text clearly neither true nor false (no 1/0, yes/no, case variants). Shrinks towards "maybe"."""
    words = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=2, max_size=8)
    return st.one_of(st.sampled_from(NON_BOOLEAN_EXAMPLES), words.filter(lambda w: w not in BOOLEAN_LIKE))


def _normal(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", value.lower())


def clearly_outside(members: tuple[str, ...]) -> SearchStrategy[str]:
    """Values clearly outside an enum: no case, whitespace or punctuation variant of a member (those are near
    misses, silent by docs/decisions.md A8). Shrinks towards "bogus"."""
    taken = {_normal(m) for m in members}
    words = st.text("abcdefghijklmnopqrstuvwxyz_-", min_size=3, max_size=16)
    return st.one_of(st.sampled_from(OUTSIDE_EXAMPLES), words).filter(
        lambda w: w.strip("_-") != "" and _normal(w) not in taken)


def near_misses(members: tuple[str, ...]) -> SearchStrategy[str]:
    """Case and surrounding-whitespace variants of enum members (silent by docs/decisions.md A8), never a member."""
    variants = (str.upper, str.title, lambda v: f" {v}", lambda v: f"{v} ", lambda v: f" {v.upper()} ")
    pairs = st.tuples(st.sampled_from(members), st.sampled_from(variants))
    return pairs.map(lambda p: p[1](p[0])).filter(lambda v: v not in members)


@cache
def decimals(places: int, max_units: int = 100_000) -> SearchStrategy[str]:
    """Positive decimal text in major units with at most `places` decimals ("12.5", "0.01", "7")."""
    scale = 10**places
    return st.integers(1, max_units * scale).map(lambda minor: _decimal_text(minor, places))


def _decimal_text(minor: int, places: int) -> str:
    units, fraction = divmod(minor, 10**places)
    return f"{units}.{fraction:0{places}d}".rstrip("0").rstrip(".") if places else str(units)


def too_long_decimals(limit: int) -> SearchStrategy[str]:
    """Decimal-shaped text ("1000…0.5") longer than `limit` characters; shrinks towards limit + 1."""
    return too_long_lengths(limit).map(lambda n: "1" + "0" * (n - 3) + ".5")
