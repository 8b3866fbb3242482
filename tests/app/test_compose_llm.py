"""Compose with a local OpenAI-compatible server on 127.0.0.1 (as Ollama or vLLM would be):
the drafts are the model's, streamed; the readers review appears apart from the checklist."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from assistant.storage.models import Generation
from tests.app.conftest import signed_in_app
from tests.integration.test_llm_mock import DRAFTS, READERS, answer_chat


class ModelServer(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        self.server.seen.append(body)
        wants_readers = "readers" in json.dumps(body.get("response_format", {})) or any(
            "readers" in str(m.get("content", "")).lower() and "angriest" in str(m.get("content", "")).lower()
            for m in body["messages"][:1]
        )
        content = json.dumps(READERS if wants_readers else DRAFTS)
        answer_chat(self, body, content, size=13)


@pytest.fixture
def local_model(monkeypatch):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), ModelServer)
    httpd.seen = []
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{httpd.server_address[1]}/v1")
    monkeypatch.setenv("OPENAI_MODEL", "llama-local")
    monkeypatch.setenv("LLM_MAX_RETRIES", "0")
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def test_drafts_stream_from_the_local_model_and_readers_review_is_shown_apart(demo_db, local_model):
    at = signed_in_app(demo_db, "maya@lumengrid.example").run()
    at.switch_page("pages/compose.py").run()
    assert "Local/compatible server · llama-local" in at.caption[0].value
    next(t for t in at.text_area if t.label == "Idea, notes or a link").input(
        "Steel frames for the new plant arrived early"
    ).run()
    _button(at, "Draft three versions").click().run()
    assert not at.exception
    assert local_model.seen and local_model.seen[0]["stream"] is True
    texts = [m.value for m in at.markdown]
    assert all(any(f"Draft number {i} about steel frames" in t for t in texts) for i in range(3))
    next(b for b in at.button if b.label == "Use this draft").click().run()
    _button(at, "How would the four readers read it?").click().run()
    review = " ".join(m.value for m in at.markdown)
    assert "an AI opinion, in addition to the checklist" in review
    assert ":red-badge[high]" in review and "Reads as bragging while claims wait" in review
    with demo_db.reading() as session:
        models = set(session.scalars(select(Generation.model)))
    assert "llama-local" in models
