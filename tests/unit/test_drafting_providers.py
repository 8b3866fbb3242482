"""Provider settings from a plain mapping (env / st.secrets): defaults, aliases, errors."""

from __future__ import annotations

import pytest

from assistant.drafting.providers import LLMSettings
from assistant.errors import InvalidInput


def test_no_settings_means_offline():
    settings = LLMSettings.from_mapping({})
    assert settings.offline and settings.describe() == "Offline drafter (no AI model)"


def test_openai_with_a_key():
    settings = LLMSettings.from_mapping({"OPENAI_API_KEY": "sk-abc", "OPENAI_MODEL": "gpt-x", "LLM_TIMEOUT": "12"})
    assert (settings.provider, settings.model, settings.timeout) == ("openai", "gpt-x", 12.0)
    assert settings.base_url == "https://api.openai.com/v1"
    assert "sk-abc" not in repr(settings) and "sk-abc" not in settings.describe()


@pytest.mark.parametrize("alias", ["ollama", "vllm", "lmstudio", "compatible", "LOCAL"])
def test_compatible_servers(alias):
    settings = LLMSettings.from_mapping(
        {"LLM_PROVIDER": alias, "OPENAI_BASE_URL": "http://127.0.0.1:11434/v1", "OPENAI_MODEL": "llama3.1"}
    )
    assert settings.provider == "compatible" and settings.api_key == "not-needed"


def test_base_url_alone_selects_a_compatible_server():
    settings = LLMSettings.from_mapping({"OPENAI_BASE_URL": "http://127.0.0.1:1234/v1", "OPENAI_MODEL": "m"})
    assert settings.provider == "compatible"


def test_azure():
    settings = LLMSettings.from_mapping(
        {"AZURE_OPENAI_ENDPOINT": "https://x.openai.azure.com", "AZURE_OPENAI_API_KEY": "k", "OPENAI_MODEL": "dep"}
    )
    assert (settings.provider, settings.model, settings.api_version) == ("azure", "dep", "2024-10-21")


@pytest.mark.parametrize(
    ("values", "named"),
    [
        ({"LLM_PROVIDER": "openai"}, "OPENAI_API_KEY"),
        ({"LLM_PROVIDER": "ollama", "OPENAI_MODEL": "m"}, "OPENAI_BASE_URL"),
        ({"OPENAI_BASE_URL": "http://h/v1"}, "OPENAI_MODEL"),
        ({"LLM_PROVIDER": "azure"}, "AZURE_OPENAI_ENDPOINT"),
        ({"LLM_PROVIDER": "bard"}, "LLM_PROVIDER"),
        ({"LLM_TIMEOUT": "soon"}, "LLM_TIMEOUT"),
        ({"LLM_STRUCTURED_OUTPUT": "xml"}, "LLM_STRUCTURED_OUTPUT"),
    ],
)
def test_errors_name_the_setting(values, named):
    with pytest.raises(InvalidInput, match=named):
        LLMSettings.from_mapping(values)
