"""Replay X API responses to tweepy itself, at the requests transport seam.

tweepy hard-codes its host, so tests mount `Replay` on the client's session: every
request then takes the next scripted step (a recorded or built response, or a network
exception) and is kept for assertions. Nothing reaches the internet: a request with no
step left fails the test.
"""

from __future__ import annotations

import gzip
import json
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
import yaml
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from tests.shared_data import shared_path

API_HOST = "https://api.twitter.com"
CASSETTES = "fixtures/x-api"


class Replay(BaseAdapter):
    def __init__(self) -> None:
        super().__init__()
        self.steps: deque[tuple[int, bytes, dict[str, str]] | BaseException] = deque()
        self.requests: list[requests.PreparedRequest] = []

    def mount_on(self, session: requests.Session) -> Replay:
        session.mount(API_HOST, self)
        return self

    # -- scripting ----------------------------------------------------------------------

    def respond(
        self, status: int, body: bytes | dict[str, Any] | None = None, headers: dict[str, str] | None = None
    ) -> Replay:
        raw = json.dumps(body).encode() if isinstance(body, dict) else (body or b"")
        base = {"content-type": "application/json; charset=utf-8"}
        self.steps.append((status, raw, {**base, **(headers or {})}))
        return self

    def fail(self, exc: BaseException) -> Replay:
        self.steps.append(exc)
        return self

    def problem(self, status: int, detail: str, title: str = "Error", headers: dict[str, str] | None = None) -> Replay:
        """An error in the shape X API v2 uses (RFC 7807 problem JSON)."""
        body = {"title": title, "detail": detail, "type": "about:blank", "status": status}
        return self.respond(status, body, headers)

    def cassette(self, name: str) -> Replay:
        """Queue every recorded response of a tweepy VCR cassette from ../shared."""
        for status, body, headers in read_cassette(shared_path(f"{CASSETTES}/{name}")):
            self.steps.append((status, body, headers))
        return self

    # -- transport ----------------------------------------------------------------------

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.requests.append(request)
        if not self.steps:
            raise AssertionError(f"unexpected request with no scripted reply: {request.method} {request.url}")
        step = self.steps.popleft()
        if isinstance(step, BaseException):
            raise step
        status, body, headers = step
        response = requests.Response()
        response.status_code = status
        response.reason = requests.status_codes._codes.get(status, ("",))[0].replace("_", " ").upper()
        response.headers = CaseInsensitiveDict(headers)
        response._content = body
        response._content_consumed = True
        response.encoding = "utf-8"
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        pass

    # -- assertions ---------------------------------------------------------------------

    def params(self, index: int = -1) -> dict[str, str]:
        """Query parameters of a request tweepy made, as single strings."""
        query = parse_qs(urlsplit(self.requests[index].url or "").query)
        return {key: values[-1] for key, values in query.items()}

    def path(self, index: int = -1) -> str:
        return urlsplit(self.requests[index].url or "").path


def read_cassette(path: Path) -> list[tuple[int, bytes, dict[str, str]]]:
    """(status, decoded body, headers) per interaction; gzip is undone, so drop its headers."""
    document = yaml.safe_load(path.read_text())
    out = []
    for interaction in document["interactions"]:
        response = interaction["response"]
        body = response["body"]["string"]
        body = body if isinstance(body, bytes) else body.encode()
        headers = {k: v[-1] for k, v in response["headers"].items()}
        if headers.pop("content-encoding", "") == "gzip":
            body = gzip.decompress(body)
        headers.pop("content-length", None)
        out.append((response["status"]["code"], body, headers))
    return out


def twarc_page(name: str) -> dict[str, Any]:
    """The first page of a twarc JSONL file from ../shared (real full-field v2 responses)."""
    with shared_path(f"{CASSETTES}/{name}").open() as handle:
        page = json.loads(handle.readline())
    page.pop("__twarc", None)  # twarc's own bookkeeping, not part of the API response
    return page
