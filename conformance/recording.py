"""Cassettes (vcrpy) and the case corpus that makes replay independent of Hypothesis' seeds.

Record mode writes, per test, a cassette of every HTTP interaction and a corpus file beside it: the run id, the
recording clock, the base URL and every case each property executed, in order. Replay loads the corpus and
executes the same cases in the same order against the cassette, with the network blocked and the clock frozen
to the recording time. An edit to a test body or a Hypothesis upgrade therefore cannot change what replay sends.
"""

from __future__ import annotations

import base64
import json
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import vcr
import yaml

from chargebee_conformance.spec.case import Case
from chargebee_conformance.suite.config import Mode
from chargebee_conformance.suite.errors import CassetteMiss, ConfigError

CORPUS_FORMAT = 1
REDACTED = "<REDACTED>"


RERECORD = "re-record it with `chargebee-conformance run --mode record` (and --profile for your own site)"


def form_body(r1: Any, r2: Any) -> None:
    """Match form bodies as sorted pairs, keeping blank values (vcrpy's own body matcher drops them)."""
    a, b = _pairs(r1), _pairs(r2)
    assert a == b, f"form bodies differ: {sorted(set(a) ^ set(b))[:6]}"


def _pairs(request: Any) -> list[tuple[str, str]]:
    body = request.body or b""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    return sorted(parse_qsl(text, keep_blank_values=True))


def _scrubber(secrets: list[str]) -> Any:
    def scrub_request(request: Any) -> Any:
        for secret in secrets:
            request.uri = request.uri.replace(secret, REDACTED)
            if isinstance(request.body, bytes):
                request.body = request.body.replace(secret.encode(), REDACTED.encode())
            elif isinstance(request.body, str):
                request.body = request.body.replace(secret, REDACTED)
        return request

    return scrub_request


def _response_scrubber(secrets: list[str]) -> Any:
    def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
        body = response.get("body", {}).get("string")
        for secret in secrets:
            if isinstance(body, bytes):
                body = body.replace(secret.encode(), REDACTED.encode())
            elif isinstance(body, str):
                body = body.replace(secret, REDACTED)
        if body is not None:
            response["body"]["string"] = body
        return response

    return scrub_response


def secret_forms(api_key: str) -> list[str]:
    """The key and its Basic-auth form: filtering the key alone leaves base64(key + ":") behind."""
    if not api_key:
        return []
    return [api_key, base64.b64encode(f"{api_key}:".encode()).decode()]


@dataclass
class Corpus:
    """What replay needs besides the cassette: ids, clock, target and the cases each property executed."""

    run_id: str
    now: datetime
    base_url: str
    seed: int
    properties: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    skipped: str = ""  # the test skipped while recording (replay skips at the same point, without a cassette)
    skipped_rules: list[str] = field(default_factory=list)

    def add(self, prop: str, case: Case) -> None:
        self.properties.setdefault(prop, []).append(case.to_json())

    def cases(self, prop: str) -> list[Case]:
        return [case_from_json(data) for data in self.properties.get(prop, [])]

    def to_json(self) -> dict[str, Any]:
        return {"format": CORPUS_FORMAT, "run_id": self.run_id, "now": self.now.isoformat(),
                "base_url": self.base_url, "seed": self.seed, "properties": self.properties,
                "skipped": self.skipped, "skipped_rules": self.skipped_rules}

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Corpus:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != CORPUS_FORMAT:
                raise ValueError(f"format {data.get('format')!r}, expected {CORPUS_FORMAT}")
            return cls(data["run_id"], datetime.fromisoformat(data["now"]), data["base_url"], int(data["seed"]),
                       {k: list(v) for k, v in data["properties"].items()}, str(data.get("skipped", "")),
                       [str(r) for r in data.get("skipped_rules", [])])
        except FileNotFoundError:
            raise ConfigError(f"no recorded cases at {path}: record them with --mode record") from None
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ConfigError(f"corrupt case corpus {path}: {error}; {RERECORD}") from None


def case_from_json(data: dict[str, Any]) -> Case:
    form = tuple((str(k), str(v)) for k, v in data["form"])
    headers = tuple((str(k), str(v)) for k, v in data["headers"])
    return Case(data["operation"], data["method"], data["path"], form, headers, data.get("rule"),
                note=data.get("note", ""))


def new_corpus(run_id: str, base_url: str, seed: int) -> Corpus:
    return Corpus(run_id, datetime.now(UTC).replace(microsecond=0), base_url, seed)


@contextmanager
def cassette(path: Path, mode: Mode, api_key: str) -> Iterator[None]:
    """Record into or replay from one cassette file; live mode uses none."""
    if mode is Mode.LIVE:
        yield
        return
    if mode is Mode.REPLAY and not path.exists():
        raise ConfigError(f"no cassette {path}: record it with --mode record")
    if mode is Mode.RECORD:
        path.parent.mkdir(parents=True, exist_ok=True)
    if mode is Mode.RECORD and path.exists():
        path.unlink()  # re-record from scratch: stale interactions must not survive
    if mode is Mode.REPLAY:
        _check_cassette(path)
    secrets = secret_forms(api_key)
    recorder = vcr.VCR(
        record_mode="none" if mode is Mode.REPLAY else "all",
        match_on=["method", "scheme", "host", "port", "path", "query", "form_body"],
        filter_headers=[("authorization", REDACTED)],
        before_record_request=_scrubber(secrets),
        before_record_response=_response_scrubber(secrets),
        decode_compressed_response=True,
    )
    recorder.register_matcher("form_body", form_body)
    with recorder.use_cassette(str(path), allow_playback_repeats=False), network_blocked(mode is Mode.REPLAY):
        yield


def _check_cassette(path: Path) -> None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("interactions"), list):
            raise ValueError("no interactions list")
    except (yaml.YAMLError, ValueError, UnicodeDecodeError) as error:
        raise ConfigError(f"corrupt cassette {path}: {str(error).splitlines()[0]}; {RERECORD}") \
            from None


@contextmanager
def network_blocked(block: bool = True) -> Iterator[None]:
    """Replay never opens a socket: any attempt fails loudly instead of reaching a server."""
    if not block:
        yield
        return
    original = socket.socket.connect

    def refuse(self: socket.socket, address: Any) -> None:
        raise CassetteMiss(f"replay tried to open a connection to {address}; the network is blocked in replay")

    socket.socket.connect = refuse  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        socket.socket.connect = original  # type: ignore[method-assign]


def explain_miss(error: Exception, cassette_path: Path | str) -> str:
    """One line: the cassette, the request, and the closest recorded one with what differs."""
    request = getattr(error, "failed_request", None)
    similar = getattr(error, "similar_requests", None) or []
    what = f"{request.method} {request.uri}" if request is not None else "a request"
    body = _pairs(request) if request is not None else []
    closest = ""
    if similar:
        near, _, failed = similar[0]
        differs = "; ".join(f"{name}: {message}" for name, message in failed)[:300]
        closest = f"; closest recorded: {near.method} {near.uri} ({differs})"
    reason = getattr(error, "reason", "no_match")
    return (f"cassette {cassette_path} has no interaction for {what} body={body[:8]} ({reason}){closest}; "
            "re-record it with `chargebee-conformance run --mode record` (and --profile for your own site)")
