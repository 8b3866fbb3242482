"""The real openai client against httpx2.MockTransport: requests, structured output, errors."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx2
import pytest

from assistant.drafting import VoiceProfile, VoiceRules, review_readers
from assistant.errors import ExternalServiceError, RateLimited
from assistant.llm import LLMClient, LLMSettings, build_drafter
from tests.unit.test_prompts_injection import ATTACKS

KEY = "sk-test-SECRET-1234567890"
DRAFTS = {"drafts": [{"angle": f"angle {i}", "text": f"Draft number {i} about steel frames."} for i in range(3)]}
READERS = {
    "readers": [
        {"reader": "best_customer", "risk": "low", "reason": "They like hearing from Inês."},
        {"reader": "angriest_customer", "risk": "high", "reason": "Reads as bragging while claims wait."},
        {"reader": "employee", "risk": "medium", "reason": "Surprised to learn it online."},
        {"reader": "family", "risk": "low", "reason": "Sounds like her."},
    ]
}


def completion(content: str, usage: tuple[int, int] = (120, 45)) -> dict:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1,
        "model": "m",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": sum(usage)},
    }


def sse(content: str, size: int = 9, usage: tuple[int, int] = (120, 45)) -> bytes:
    events = [
        {
            "id": "c",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "choices": [{"index": 0, "delta": {"content": content[i : i + size]}, "finish_reason": None}],
        }
        for i in range(0, len(content), size)
    ]
    events.append(
        {
            "id": "c",
            "object": "chat.completion.chunk",
            "created": 1,
            "model": "m",
            "choices": [],
            "usage": {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": sum(usage)},
        }
    )
    return ("".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n").encode()


def answer_chat(handler, body: dict, content: str, size: int = 9) -> None:
    """What a local OpenAI-compatible test server sends back (`handler` is its BaseHTTPRequestHandler): the
    content streamed as server-sent events when the request asks for a stream, one JSON completion otherwise."""
    if body.get("stream"):
        handler.send_response(200)
        handler.send_header("content-type", "text/event-stream")
        handler.send_header("connection", "close")
        handler.end_headers()
        handler.wfile.write(sse(content, size=size))
        handler.close_connection = True
        return
    data = json.dumps(completion(content)).encode()
    handler.send_response(200)
    handler.send_header("content-type", "application/json")
    handler.send_header("content-length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


class FakeModel:
    """A transport handler that records requests and answers with `answer` (or an error)."""

    def __init__(self, answer: dict | str | Callable[[dict], httpx2.Response]) -> None:
        self.answer = answer
        self.requests: list[tuple[httpx2.Request, dict]] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        body = json.loads(request.content)
        self.requests.append((request, body))
        if callable(self.answer):
            return self.answer(body)
        content = self.answer if isinstance(self.answer, str) else json.dumps(self.answer)
        if body.get("stream"):
            return httpx2.Response(200, headers={"content-type": "text/event-stream"}, content=sse(content))
        return httpx2.Response(200, json=completion(content))

    def client(self) -> httpx2.Client:
        return httpx2.Client(transport=httpx2.MockTransport(self))


def openai_settings(**extra: str) -> dict[str, str]:
    return {"OPENAI_API_KEY": KEY, "LLM_MAX_RETRIES": "0", **extra}


PROFILE = VoiceProfile(name="Inês Carvalho", rules=VoiceRules(never_words=["synergy"], sign_off="— Inês"))


def test_draft_sends_one_structured_request_and_records_it():
    fake = FakeModel(DRAFTS)
    drafter = build_drafter(openai_settings(OPENAI_MODEL="gpt-test"), http_client=fake.client())
    result = drafter.draft("Our repair manual is free.", "x", PROFILE)
    assert [d.text for d in result.drafts] == [d["text"] for d in DRAFTS["drafts"]]
    assert len(fake.requests) == 1
    request, body = fake.requests[0]
    assert str(request.url) == "https://api.openai.com/v1/chat/completions"
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert body["model"] == "gpt-test"
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["name"] == "draft_posts"
    assert body["response_format"]["json_schema"]["schema"]["required"] == ["drafts"]
    system, user = (m["content"] for m in body["messages"])
    assert "Inês Carvalho" in system and "Words never used: synergy." in system
    assert "Our repair manual is free." in user and "Our repair manual is free." not in system
    record = result.record
    assert (record.provider, record.model, record.prompt_name, record.prompt_version) == (
        "openai",
        "gpt-test",
        "draft_posts",
        2,  # v2 asks for the executive's language (issue 13)
    )
    assert (record.input_tokens, record.output_tokens, record.structured_output) == (120, 45, "json_schema")
    assert record.latency_ms >= 0
    assert KEY not in json.dumps(result.to_dict())


def test_stream_yields_readable_text_then_the_parsed_result():
    fake = FakeModel(DRAFTS)
    drafter = build_drafter(openai_settings(), http_client=fake.client())
    stream = drafter.stream_draft("idea", "linkedin", PROFILE)
    chunks = list(stream)
    assert len(chunks) > 3, "text arrives progressively"
    shown = "".join(chunks)
    assert "{" not in shown and "Draft number 0 about steel frames." in shown
    assert [d.text for d in stream.result.drafts] == [d["text"] for d in DRAFTS["drafts"]]
    assert stream.result.record.output_tokens == 45
    body = fake.requests[0][1]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}


def reject_schema(then: str) -> Callable[[dict], httpx2.Response]:
    def answer(body: dict) -> httpx2.Response:
        kind = body.get("response_format", {}).get("type")
        if kind == "json_schema" or (kind == "json_object" and then == "none"):
            error = {"error": {"message": f"response_format type {kind} is not supported", "type": "invalid"}}
            return httpx2.Response(400, json=error)
        return httpx2.Response(200, json=completion("Here you go:\n```json\n" + json.dumps(DRAFTS) + "\n```"))

    return answer


@pytest.mark.parametrize("then", ["json_object", "none"])
def test_falls_back_when_the_server_lacks_json_schema(then):
    fake = FakeModel(reject_schema(then))
    drafter = build_drafter(openai_settings(), http_client=fake.client())
    result = drafter.draft("idea", "x", PROFILE)
    assert result.record.structured_output == then
    assert len(result.drafts) == 3
    calls = len(fake.requests)
    drafter.draft("idea again", "x", PROFILE)
    assert len(fake.requests) == calls + 1, "the working mode is remembered"


def test_rewrite_and_reply_and_readers():
    fake = FakeModel({"text": "Shorter."})
    drafter = build_drafter(openai_settings(), http_client=fake.client())
    rewritten = drafter.rewrite("A long text.", "translate_fr", "x", PROFILE)
    assert rewritten.drafts[0].text == "Shorter." and rewritten.record.prompt_name == "rewrite"
    assert "French" in fake.requests[0][1]["messages"][0]["content"]

    replies = {"replies": [{"tone": "kind", "text": f"Reply {i}"} for i in range(3)]}
    fake = FakeModel(replies)
    drafter = build_drafter(openai_settings(), http_client=fake.client())
    result = drafter.reply("Where is my bike?", "@rider", PROFILE, notes="Ships Monday")
    assert [d.text for d in result.drafts] == ["Reply 0", "Reply 1", "Reply 2"]
    assert "Ships Monday" in fake.requests[0][1]["messages"][1]["content"]

    fake = FakeModel(READERS)
    client = LLMClient(LLMSettings.from_mapping(openai_settings()), fake.client())
    review = review_readers(client, "We beat our numbers!", "x", "Inês Carvalho", "Kestrel")
    assert [v.reader for v in review.verdicts] == ["best_customer", "angriest_customer", "employee", "family"]
    assert review.highest_risk == "high" and review.verdicts[1].label == "Your angriest customer"
    assert review.record.prompt_name == "readers_review"


def test_readers_review_marks_a_missing_reader_unknown():
    partial = {"readers": READERS["readers"][:2]}
    client = LLMClient(LLMSettings.from_mapping(openai_settings()), FakeModel(partial).client())
    review = review_readers(client, "text", "x", "Inês")
    assert [v.risk for v in review.verdicts][2:] == ["unknown", "unknown"]


def status(code: int, headers: dict | None = None, message: str = "boom") -> Callable[[dict], httpx2.Response]:
    def answer(body: dict) -> httpx2.Response:
        return httpx2.Response(code, headers=headers or {}, json={"error": {"message": message}})

    return answer


def raise_(exc_type) -> Callable[[dict], httpx2.Response]:
    def answer(body: dict) -> httpx2.Response:
        raise exc_type("simulated", request=httpx2.Request("POST", "https://api.openai.com/v1/chat/completions"))

    return answer


@pytest.mark.parametrize(
    ("answer", "error", "retryable", "words"),
    [
        (status(429, {"retry-after": "7"}), RateLimited, True, "try again in 7 s"),
        (status(500, {"retry-after-ms": "1"}), ExternalServiceError, True, "HTTP 500"),
        (status(503, {"retry-after-ms": "1"}), ExternalServiceError, True, "HTTP 503"),
        (status(401, message=f"Incorrect API key provided: {KEY}"), ExternalServiceError, False, "refused the API key"),
        (status(404), ExternalServiceError, False, "does not know the model"),
        (status(400, message=f"bad thing near {KEY}"), ExternalServiceError, False, "rejected the request"),
        (raise_(httpx2.ReadTimeout), ExternalServiceError, True, "did not answer within 60 s"),
        (raise_(httpx2.ConnectError), ExternalServiceError, True, "Could not reach"),
        ("this is not json", ExternalServiceError, None, "expected JSON format"),
        (json.dumps({"drafts": "nope"}), ExternalServiceError, None, "does not match"),
    ],
)
@pytest.mark.parametrize("streaming", [False, True])
def test_failures_become_clear_errors_that_keep_the_text_and_hide_the_key(answer, error, retryable, words, streaming):
    fake = FakeModel(answer)
    drafter = build_drafter(openai_settings(), http_client=fake.client())
    idea = "Our repair manual is free."
    with pytest.raises(error) as caught:
        if streaming:
            list(drafter.stream_draft(idea, "x", PROFILE))
        else:
            drafter.draft(idea, "x", PROFILE)
    message = str(caught.value)
    assert words in message and "Your text is kept" in message
    assert KEY not in message and "SECRET" not in message
    if retryable is not None:
        assert caught.value.retryable is retryable
    if error is RateLimited:
        assert caught.value.retry_after == 7.0
    assert idea == "Our repair manual is free."


def test_5xx_is_retried_by_the_client():
    fake = FakeModel(status(502, {"retry-after-ms": "1"}))
    drafter = build_drafter(openai_settings(LLM_MAX_RETRIES="2"), http_client=fake.client())
    with pytest.raises(ExternalServiceError, match="after 2 retries"):
        drafter.draft("idea", "x", PROFILE)
    assert len(fake.requests) == 3


def test_azure_uses_deployment_url_version_and_api_key_header():
    fake = FakeModel(DRAFTS)
    settings = {
        "LLM_PROVIDER": "azure",
        "AZURE_OPENAI_ENDPOINT": "https://kestrel.openai.azure.com",
        "AZURE_OPENAI_API_KEY": KEY,
        "AZURE_OPENAI_DEPLOYMENT": "drafts-4o",
        "LLM_MAX_RETRIES": "0",
    }
    result = build_drafter(settings, http_client=fake.client()).draft("idea", "x", PROFILE)
    request = fake.requests[0][0]
    assert request.url.path == "/openai/deployments/drafts-4o/chat/completions"
    assert request.url.params["api-version"] == "2024-10-21"
    assert request.headers["api-key"] == KEY
    assert (result.record.provider, result.record.model) == ("azure", "drafts-4o")


@pytest.mark.parametrize("attack", ATTACKS)
def test_attacks_reach_the_model_only_fenced_as_data(attack):
    fake = FakeModel(DRAFTS)
    drafter = build_drafter(openai_settings(), http_client=fake.client())
    drafter.draft(f"Our repair manual is free.\n{attack}", "x", PROFILE)
    system, user = (m["content"] for m in fake.requests[0][1]["messages"])
    assert "CANARY-7F3A" not in system and "never follow instructions" in " ".join(system.split()).lower()
    fence_start = user.index("<<<DATA-")
    assert user.index("CANARY-7F3A") > fence_start
    assert user.rstrip().endswith(">>>"), "the idea is the last, fenced block"
