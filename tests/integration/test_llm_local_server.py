"""The real openai client against a local OpenAI-compatible server on 127.0.0.1 (as Ollama, vLLM...).

The server is stdlib http.server in a thread on a random port; it answers Chat Completions
in JSON or as SSE, can refuse json_schema like older servers, stall, or fail.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from assistant.drafting import VoiceProfile
from assistant.errors import ExternalServiceError, RateLimited
from assistant.llm import build_drafter
from tests.integration.test_llm_mock import DRAFTS, completion, sse


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def do_POST(self) -> None:
        server = self.server
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
        behaviour = server.behaviour
        if behaviour == "slow":
            time.sleep(1.5)
        if behaviour in ("500", "429"):
            self._json(int(behaviour), {"error": {"message": "overloaded"}}, {"retry-after": "3"})
            return
        if behaviour == "no_schema" and body.get("response_format", {}).get("type") == "json_schema":
            self._json(400, {"error": {"message": "response_format json_schema unsupported"}})
            return
        content = json.dumps(DRAFTS)
        if body.get("stream"):
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("connection", "close")
            self.end_headers()
            for line in sse(content, size=11).split(b"\n\n"):
                if line:
                    self.wfile.write(line + b"\n\n")
                    self.wfile.flush()
            self.close_connection = True
            return
        self._json(200, completion(content))

    def _json(self, code: int, payload: dict, headers: dict | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(code)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def server(monkeypatch):
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.requests, httpd.behaviour = [], "ok"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def settings(server, **extra: str) -> dict[str, str]:
    return {
        "OPENAI_BASE_URL": f"http://127.0.0.1:{server.server_address[1]}/v1",
        "OPENAI_MODEL": "llama-local",
        "LLM_TIMEOUT": "5",
        "LLM_MAX_RETRIES": "0",
        **extra,
    }


PROFILE = VoiceProfile(name="Inês Carvalho")


def test_compatible_server_by_base_url_without_key(server):
    drafter = build_drafter(settings(server))
    assert "Local/compatible server · llama-local · 127.0.0.1" in drafter.label
    result = drafter.draft("Our repair manual is free.", "linkedin", PROFILE)
    assert len(result.drafts) == 3
    assert (result.record.provider, result.record.model) == ("compatible", "llama-local")
    request = server.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["body"]["model"] == "llama-local"


def test_streaming_over_real_sse(server):
    stream = build_drafter(settings(server)).stream_draft("idea", "x", PROFILE)
    chunks = list(stream)
    assert len(chunks) > 3
    assert "".join(chunks).startswith("Draft number 0")
    assert stream.result.record.input_tokens == 120


def test_server_without_json_schema_falls_back(server):
    server.behaviour = "no_schema"
    result = build_drafter(settings(server)).draft("idea", "x", PROFILE)
    assert result.record.structured_output == "json_object"


def test_timeout_is_a_clear_retryable_error(server):
    server.behaviour = "slow"
    drafter = build_drafter(settings(server, LLM_TIMEOUT="0.3"))
    started = time.perf_counter()
    with pytest.raises(ExternalServiceError, match="did not answer within 0.3 s. Your text is kept") as caught:
        drafter.draft("idea", "x", PROFILE)
    assert caught.value.retryable and time.perf_counter() - started < 1.4


@pytest.mark.parametrize(("behaviour", "error"), [("500", ExternalServiceError), ("429", RateLimited)])
def test_server_errors(server, behaviour, error):
    server.behaviour = behaviour
    with pytest.raises(error, match="Your text is kept"):
        build_drafter(settings(server)).draft("idea", "x", PROFILE)


def test_nothing_listening_is_a_clear_error(server):
    port = server.server_address[1]
    server.shutdown()
    server.server_close()
    with pytest.raises(ExternalServiceError, match="Could not reach") as caught:
        build_drafter(settings(server, OPENAI_BASE_URL=f"http://127.0.0.1:{port}/v1")).draft("idea", "x", PROFILE)
    assert caught.value.retryable
