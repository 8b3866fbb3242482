"""The language-model adapter: the only module that imports `openai`.

One client for OpenAI, any OpenAI-compatible server (Ollama, vLLM, LM Studio: set a base
URL) and Azure OpenAI. Chat Completions with structured output, falling back to JSON mode
and then to parse-and-validate for servers that lack it. Every failure becomes an
ExternalServiceError whose message names the fix, says the user's text is kept, and
never contains the key.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx2
import openai

from assistant.drafting.providers import MODES, LLMSettings
from assistant.drafting.records import GenerationRecord
from assistant.drafting.structured import parse_json_answer, schema_problems
from assistant.errors import ExternalServiceError, InvalidInput, RateLimited
from assistant.urls import display_url, strip_userinfo

__all__ = ["LLMClient", "LLMResult", "LLMSettings", "LLMStream", "build_drafter"]
from assistant.prompts import RenderedPrompt

KEPT = "Your text is kept"


@dataclass(frozen=True)
class LLMResult:
    text: str
    data: Any  # the parsed, schema-checked JSON when the prompt declares an output schema
    record: GenerationRecord


class LLMClient:
    """Chat Completions through the real openai client; pass `http_client` to test at the transport."""

    def __init__(self, settings: LLMSettings, http_client: httpx2.Client | None = None) -> None:
        if settings.offline:
            raise InvalidInput("The offline provider has no model client; use the offline drafter instead.")
        self.settings = settings
        self._mode = settings.structured_output if settings.structured_output != "auto" else None
        common: dict[str, Any] = {
            "api_key": settings.api_key,
            "timeout": settings.timeout,
            "max_retries": settings.max_retries,
            "http_client": http_client,
        }
        if settings.provider == "azure":
            self._client: openai.OpenAI = openai.AzureOpenAI(
                azure_endpoint=settings.base_url or "", api_version=settings.api_version, **common
            )
        else:
            self._client = openai.OpenAI(base_url=settings.base_url, **common)

    def generate(self, prompt: RenderedPrompt) -> LLMResult:
        started = time.perf_counter()
        response, mode = self._call(prompt, stream=False)
        text = response.choices[0].message.content or "" if response.choices else ""
        usage = response.usage
        return self._finish(
            prompt,
            text,
            mode,
            started,
            usage.prompt_tokens if usage else None,
            usage.completion_tokens if usage else None,
        )

    def stream(self, prompt: RenderedPrompt) -> LLMStream:
        """Text chunks as they arrive (for st.write_stream); `.result` once exhausted."""
        return LLMStream(self, prompt)

    # -- internals -------------------------------------------------------------------------

    def _call(self, prompt: RenderedPrompt, stream: bool) -> tuple[Any, str]:
        modes = [self._mode] if self._mode else list(MODES)
        if prompt.output_schema is None:
            modes = ["none"]
        for index, mode in enumerate(modes):
            kwargs: dict[str, Any] = {"model": self.settings.model, "messages": prompt.messages}
            if mode == "json_schema":
                kwargs["response_format"] = {
                    "type": "json_schema",
                    "json_schema": {"name": prompt.name, "schema": prompt.output_schema, "strict": True},
                }
            elif mode == "json_object":
                kwargs["response_format"] = {"type": "json_object"}
            if stream:
                kwargs |= {"stream": True, "stream_options": {"include_usage": True}}
            try:
                response = self._client.chat.completions.create(**kwargs)
            except openai.BadRequestError as exc:
                # Servers without structured output reject response_format: try the next mode.
                if index + 1 < len(modes) and _about_format(exc):
                    continue
                raise self._error(exc) from None
            except openai.OpenAIError as exc:
                raise self._error(exc) from None
            if prompt.output_schema is not None:
                self._mode = mode  # remember what this server accepts
            return response, mode
        raise ExternalServiceError(f"The language model refused every output format. {KEPT}.", retryable=False)

    def _finish(
        self,
        prompt: RenderedPrompt,
        text: str,
        mode: str,
        started: float,
        input_tokens: int | None,
        output_tokens: int | None,
    ) -> LLMResult:
        record = GenerationRecord(
            provider=self.settings.provider,
            model=self.settings.model,
            prompt_name=prompt.name,
            prompt_version=prompt.version,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            latency_ms=round((time.perf_counter() - started) * 1000, 1),
            structured_output=mode,
        )
        data = None
        if prompt.output_schema is not None:
            try:
                data = parse_json_answer(text)
            except ValueError:
                raise ExternalServiceError(
                    f"The model ({self.settings.model}) did not answer in the expected JSON format. "
                    f"{KEPT}; try again or choose a model that supports structured output."
                ) from None
            problems = schema_problems(data, prompt.output_schema)
            if problems:
                raise ExternalServiceError(
                    f"The model's answer does not match what '{prompt.name}' expects ({'; '.join(problems[:3])}). "
                    f"{KEPT}; try again."
                )
        return LLMResult(text=text, data=data, record=record)

    def _error(self, exc: Exception) -> ExternalServiceError:
        name, model = self.describe_short(), self.settings.model
        if isinstance(exc, openai.APITimeoutError):
            return ExternalServiceError(
                f"{name} did not answer within {self.settings.timeout:g} s. {KEPT}; try again, or raise LLM_TIMEOUT.",
                retryable=True,
            )
        if isinstance(exc, openai.APIConnectionError):
            return ExternalServiceError(
                f"Could not reach {name}. {KEPT}; check the address and that the server is running, then try again.",
                retryable=True,
            )
        status = getattr(exc, "status_code", None)
        if isinstance(exc, openai.RateLimitError):
            after = _retry_after(exc)
            wait = f" in {after:g} s" if after else " in a moment"
            return RateLimited(
                f"{name} is rate-limiting requests (HTTP 429). {KEPT}; try again{wait}.",
                retryable=True,
                retry_after=after,
            )
        if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
            return ExternalServiceError(
                f"{name} refused the API key (HTTP {status}). {KEPT}; check the key in Settings or the secrets.",
                retryable=False,
            )
        if isinstance(exc, openai.NotFoundError):
            return ExternalServiceError(
                f"{name} does not know the model '{model}' (HTTP 404). {KEPT}; check OPENAI_MODEL.", retryable=False
            )
        if isinstance(exc, openai.APIStatusError) and (status or 0) >= 500:
            return ExternalServiceError(
                f"{name} failed (HTTP {status}) even after {self.settings.max_retries} retries. {KEPT}; try again "
                "shortly.",
                retryable=True,
            )
        detail = self._redact(str(getattr(exc, "message", "") or exc))[:200]
        return ExternalServiceError(f"{name} rejected the request ({detail}). {KEPT}.", retryable=False)

    def describe_short(self) -> str:
        return {"openai": "OpenAI", "compatible": "The language model server", "azure": "Azure OpenAI"}[
            self.settings.provider
        ]

    def _redact(self, text: str) -> str:
        """An error text as it may be shown: no key, and no address with its credentials or secret parameters."""
        key = self.settings.api_key
        if key and len(key) >= 4:
            text = text.replace(key, "[key]")
        url = self.settings.base_url
        if url and url.strip() != display_url(url):
            text = text.replace(url.strip(), display_url(url))
        return strip_userinfo(text)


def _about_format(exc: openai.BadRequestError) -> bool:
    text = f"{getattr(exc, 'message', '')} {getattr(exc, 'body', '')}".lower()
    return any(word in text for word in ("response_format", "json_schema", "json_object", "schema", "format"))


def _retry_after(exc: openai.APIStatusError) -> float | None:
    value = exc.response.headers.get("retry-after") if exc.response is not None else None
    try:
        return float(value) if value else None
    except ValueError:
        return None


class LLMStream:
    """Iterate for text deltas; afterwards `.result` holds the parsed LLMResult."""

    def __init__(self, client: LLMClient, prompt: RenderedPrompt) -> None:
        self._client, self._prompt = client, prompt
        self._result: LLMResult | None = None

    def __iter__(self) -> Iterator[str]:
        started = time.perf_counter()
        response, mode = self._client._call(self._prompt, stream=True)
        parts: list[str] = []
        usage = None
        try:
            for chunk in response:
                usage = chunk.usage or usage
                for choice in chunk.choices or []:
                    delta = choice.delta.content if choice.delta else None
                    if delta:
                        parts.append(delta)
                        yield delta
        except openai.OpenAIError as exc:
            raise self._client._error(exc) from None
        except httpx2.HTTPError as exc:  # a connection dropped mid-stream
            raise ExternalServiceError(
                f"The connection to the language model dropped while it was answering. {KEPT}; try again.",
                retryable=True,
            ) from exc
        self._result = self._client._finish(
            self._prompt,
            "".join(parts),
            mode,
            started,
            usage.prompt_tokens if usage else None,
            usage.completion_tokens if usage else None,
        )

    @property
    def result(self) -> LLMResult:
        if self._result is None:
            raise RuntimeError("Iterate the stream to the end before reading its result.")
        return self._result


def build_drafter(
    values: Mapping[str, Any], http_client: httpx2.Client | None = None, executive_name: str = "the executive"
) -> Any:
    """The drafter the settings ask for: offline with no provider, else the LLM drafter."""
    from assistant.drafting.drafter import LLMDrafter, OfflineDrafter

    settings = LLMSettings.from_mapping(values)
    if settings.offline:
        return OfflineDrafter()
    return LLMDrafter(LLMClient(settings, http_client), executive_name, label=settings.describe())
