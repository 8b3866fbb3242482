"""Workspace configuration of the checklist: rules, severities, lexicons, attested items."""

from __future__ import annotations

import pytest

from assistant.checklist import check_text
from assistant.checklist.loader import config_from_mapping, default_attested_items, default_config, load_config
from assistant.errors import InvalidInput


def rules(text: str, config) -> dict[str, str]:
    return {f.rule: f.severity for f in check_text(text, "x", config).findings}


def test_an_admin_can_switch_a_rule_off_or_change_its_severity() -> None:
    text = "Pronouns suck"
    assert "offensive.mild_profanity" in rules(text, default_config())
    off = config_from_mapping({"rules": {"offensive.mild_profanity": "off"}})
    assert "offensive.mild_profanity" not in rules(text, off)
    stricter = config_from_mapping({"rules": {"offensive.mild_profanity": "block"}})
    assert rules(text, stricter)["offensive.mild_profanity"] == "block"


def test_code_names_added_by_an_admin_block() -> None:
    config = config_from_mapping({"lexicons": {"codenames": ["Project Falcon"]}})
    assert rules("Loving the progress on project falcon!", config)["disclosure.confidential"] == "block"
    assert "disclosure.confidential" not in rules("Loving the progress on project falcon!", default_config())


def test_thresholds_are_configurable() -> None:
    config = config_from_mapping({"thresholds": {"x_max_hashtags": 0}})
    assert rules("Launch day #ship", config)["format.hashtags"] == "warn"


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"rulez": {}}, "unknown checklist setting"),
        ({"rules": {"legal.guarantee": "loud"}}, "must be one of"),
        ({"thresholds": {"x_max_hashtags": "two"}}, "not a number"),
        ({"blackout": [{"name": "q", "start": "2025-01-02T00:00", "end": "2025-01-03T00:00Z"}]}, "time zone"),
        ({"blackout": [{"start": "2025-01-03T00:00Z", "end": "2025-01-02T00:00Z"}]}, "ends before it starts"),
    ],
)
def test_bad_settings_say_what_to_fix(settings: dict, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        config_from_mapping(settings)


def test_a_yaml_workspace_file_is_loaded_and_cached(tmp_path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text("rules:\n  authenticity.jargon: off\nlexicons:\n  codenames: [Roadster Two]\n", encoding="utf-8")
    config = load_config(path)
    assert config is load_config(path)  # read once, then served from the cache
    assert "authenticity.jargon" not in rules("We leverage synergies", config)
    assert rules("roadster two is close", config)["disclosure.confidential"] == "block"
    with pytest.raises(InvalidInput, match="cannot be read"):
        load_config(tmp_path / "missing.yaml")


def test_default_attested_items_are_the_four_readers_plus_facts_links_and_tags() -> None:
    keys = [item.key for item in default_attested_items()]
    assert keys[:4] == ["reader_best_customer", "reader_angriest_customer", "reader_employee", "reader_family"]
    assert {"facts_checked", "links_opened", "tags_intended"} <= set(keys)
    custom = config_from_mapping({"attested_items": [{"key": "legal_ok", "label": "Legal approved"}]})
    assert [i.key for i in custom.attested_items] == ["legal_ok"]
