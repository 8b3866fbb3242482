"""Language-model provider settings, built from a plain mapping (env, st.secrets, a dict).

Pure: no network, no openai import; assistant.llm turns these into a client.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import InvalidInput
from assistant.urls import display_host

PROVIDERS = ("offline", "openai", "compatible", "azure")
ALIASES = {
    "ollama": "compatible",
    "vllm": "compatible",
    "lmstudio": "compatible",
    "lm-studio": "compatible",
    "local": "compatible",
    "azure_openai": "azure",
    "azure-openai": "azure",
    "none": "offline",
}
MODES = ("json_schema", "json_object", "none")
DEFAULT_OPENAI_MODEL = "gpt-4o-mini"


@dataclass(frozen=True)
class LLMSettings:
    provider: str = "offline"
    model: str = "offline-v1"
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)  # never printed, logged or recorded
    api_version: str | None = None
    timeout: float = 60.0
    max_retries: int = 2
    structured_output: str = "auto"  # auto | json_schema | json_object | none

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> LLMSettings:
        """Build from env-like keys (os.environ, st.secrets, a dict); errors name the missing key."""
        get = lambda key: str(values.get(key) or "").strip() or None  # noqa: E731
        raw = (get("LLM_PROVIDER") or "").lower()
        if not raw:
            raw = (
                "azure"
                if get("AZURE_OPENAI_ENDPOINT")
                else "compatible"
                if get("OPENAI_BASE_URL")
                else "openai"
                if get("OPENAI_API_KEY")
                else "offline"
            )
        provider = ALIASES.get(raw, raw)
        if provider not in PROVIDERS:
            raise InvalidInput(f"LLM_PROVIDER '{raw}' is unknown; use openai, compatible, azure or offline.")
        try:
            timeout = float(get("LLM_TIMEOUT") or 60)
            retries = int(get("LLM_MAX_RETRIES") or 2)
        except ValueError as exc:
            raise InvalidInput("LLM_TIMEOUT must be seconds and LLM_MAX_RETRIES a whole number.") from exc
        mode = (get("LLM_STRUCTURED_OUTPUT") or "auto").lower()
        if mode not in ("auto", *MODES):
            raise InvalidInput(f"LLM_STRUCTURED_OUTPUT '{mode}' is unknown; use auto, {', '.join(MODES)}.")
        common = {"timeout": timeout, "max_retries": retries, "structured_output": mode}
        if provider == "offline":
            return cls(**common)
        if provider == "openai":
            key = _require(get, "OPENAI_API_KEY", "the OpenAI API key")
            url = get("OPENAI_BASE_URL") or "https://api.openai.com/v1"
            return cls("openai", get("OPENAI_MODEL") or DEFAULT_OPENAI_MODEL, url, key, **common)
        if provider == "compatible":
            url = _require(get, "OPENAI_BASE_URL", "the server address, e.g. http://127.0.0.1:11434/v1")
            model = _require(get, "OPENAI_MODEL", "the model name the server knows, e.g. llama3.1")
            return cls("compatible", model, url, get("OPENAI_API_KEY") or "not-needed", **common)
        url = _require(get, "AZURE_OPENAI_ENDPOINT", "the Azure OpenAI endpoint")
        key = get("AZURE_OPENAI_API_KEY") or _require(get, "OPENAI_API_KEY", "the Azure OpenAI key")
        deployment = get("AZURE_OPENAI_DEPLOYMENT") or _require(get, "OPENAI_MODEL", "the deployment name")
        version = get("AZURE_OPENAI_API_VERSION") or get("OPENAI_API_VERSION") or "2024-10-21"
        return cls("azure", deployment, url, key, version, **common)

    @property
    def offline(self) -> bool:
        return self.provider == "offline"

    def describe(self) -> str:
        """For the UI label: provider, model and host, never the key nor credentials in the address."""
        if self.offline:
            return "Offline drafter (no AI model)"
        host = display_host(self.base_url)
        return (
            {"openai": "OpenAI", "compatible": "Local/compatible server", "azure": "Azure OpenAI"}[self.provider]
            + f" · {self.model}"
            + (f" · {host}" if host else "")
        )


def _require(get, key: str, what: str) -> str:
    value = get(key)
    if not value:
        raise InvalidInput(f"{key} is missing: set {what} in the environment or secrets, or set LLM_PROVIDER=offline.")
    return value
