"""Requests too malformed for the HTTP parser (a NUL byte in a header, a broken request line) still get the
sandbox's JSON error body, not uvicorn's plain-text 400: every answer of the sandbox is application/json."""

from __future__ import annotations

import json

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


def malformed_body(reason: str) -> bytes:
    return json.dumps({
        "message": f"the request could not be parsed: {reason}", "type": "invalid_request",
        "api_error_code": "invalid_request", "error_code": "invalid_request", "http_status_code": 400,
    }).encode("utf-8")


class JsonErrorsH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, answering what h11 refuses with a JSON error."""

    def send_400_response(self, msg: str) -> None:
        body = malformed_body(msg)
        headers = [(b"content-type", b"application/json;charset=utf-8"), (b"connection", b"close"),
                   (b"content-length", str(len(body)).encode())]
        self.transport.write(self.conn.send(h11.Response(status_code=400, headers=headers, reason=b"Bad Request")))
        self.transport.write(self.conn.send(h11.Data(data=body)))
        self.transport.write(self.conn.send(h11.EndOfMessage()))
        self.transport.close()
