"""Build a `ChecklistConfig` from the shipped data files plus a workspace's settings.

The data files are read once per process; a workspace file is re-read only when it
changes. Workspace settings (a YAML or JSON file, or the mapping the Settings page saves):

    rules:        {disclosure.stock: {severity: block}, authenticity.jargon: {enabled: false}}
    thresholds:   {x_max_hashtags: 1}
    lexicons:     {codenames: [Project Falcon]}          # a list adds; or {add: [...], remove: [...], replace: [...]}
    jargon:       {"circle back": "come back to"}
    blackout:     [{name: Q3 quiet period, start: 2025-09-15T00:00Z, end: 2025-10-23T20:00Z}]
    attested_items: [{key: legal_ok, label: Legal approved}]   # replaces the default list
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.checklist.config import AttestedItem, BlackoutWindow, ChecklistConfig, RuleSpec
from assistant.checklist.model import CATEGORIES, SEVERITIES
from assistant.errors import InvalidInput

DATA_DIR = Path(__file__).with_name("data")
_SPEC_KEYS = (
    "escalate",
    "escalated_message",
    "escalate_near",
    "lexicons",
    "block_lexicons",
    "weak_lexicons",
    "with_lexicons",
    "unless_lexicons",
    "obfuscated",
)


def _read_json(name: str) -> dict:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        data = json.load(handle)
    data.pop("_comment", None)
    return data


def _spec(rule: str, raw: Mapping[str, Any]) -> RuleSpec:
    extra = {k: tuple(raw[k]) if isinstance(raw[k], list) else raw[k] for k in _SPEC_KEYS if k in raw}
    return RuleSpec(rule=rule, category=raw["category"], severity=raw["severity"], message=raw["message"], **extra)


@lru_cache(maxsize=1)
def default_config() -> ChecklistConfig:
    """The shipped rules, lexicons, jargon list and attested items (read once)."""
    rules = _read_json("rules.json")
    lexicons = {k: tuple(v) for k, v in _read_json("lexicons.json").items()}
    items = tuple(AttestedItem(**item) for item in _read_json("attested.json")["items"])
    return ChecklistConfig(
        rules={rule: _spec(rule, raw) for rule, raw in rules["rules"].items()},
        lexicons=lexicons,
        jargon=_read_json("jargon.json"),
        thresholds=rules["thresholds"],
        attested_items=items,
    )


def default_attested_items() -> tuple[AttestedItem, ...]:
    return default_config().attested_items


def load_config(path: str | Path | None = None) -> ChecklistConfig:
    """The default config, or a workspace file (YAML or JSON) applied on top of it."""
    if path is None:
        return default_config()
    p = Path(path)
    try:
        stat = p.stat()
    except OSError as exc:
        raise InvalidInput(f"checklist config {p} cannot be read ({exc.strerror}): check the path") from exc
    return _load_file(str(p.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _load_file(path: str, _mtime_ns: int, _size: int) -> ChecklistConfig:
    text = Path(path).read_text(encoding="utf-8")
    try:
        if path.endswith((".yaml", ".yml")):
            import yaml  # only workspaces that use YAML pay for importing it

            data = yaml.safe_load(text) or {}
        else:
            data = json.loads(text)
    except ValueError as exc:  # yaml.YAMLError and json.JSONDecodeError are ValueErrors... mostly
        raise InvalidInput(f"checklist config {path} is not valid: {exc}") from exc
    except Exception as exc:
        raise InvalidInput(f"checklist config {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, Mapping):
        raise InvalidInput(f"checklist config {path} must be a mapping of settings (rules, lexicons, ...)")
    return config_from_mapping(data, name=Path(path).stem)


def config_from_mapping(
    settings: Mapping[str, Any], base: ChecklistConfig | None = None, name: str = "workspace"
) -> ChecklistConfig:
    """Apply workspace settings to `base` (default: the shipped config). No file I/O."""
    base = base or default_config()
    unknown = set(settings) - {"name", "rules", "thresholds", "lexicons", "jargon", "blackout", "attested_items"}
    if unknown:
        raise InvalidInput(
            f"unknown checklist setting(s) {sorted(unknown)}: use rules, thresholds, lexicons, "
            "jargon, blackout or attested_items"
        )
    rules = dict(base.rules)
    for rule, change in (settings.get("rules") or {}).items():
        rules[rule] = _rule_change(rules.get(rule), rule, change)
    thresholds = dict(base.thresholds)
    for key, value in (settings.get("thresholds") or {}).items():
        if key not in thresholds or not isinstance(value, int | float) or isinstance(value, bool):
            raise InvalidInput(f"threshold {key!r} is unknown or not a number: known are {sorted(thresholds)}")
        thresholds[key] = value
    lexicons = dict(base.lexicons)
    for lexicon, change in (settings.get("lexicons") or {}).items():
        lexicons[lexicon] = _lexicon_change(lexicons.get(lexicon, ()), lexicon, change)
    jargon = {**base.jargon, **{str(k): str(v) for k, v in (settings.get("jargon") or {}).items()}}
    blackout = base.blackout + tuple(_window(w) for w in settings.get("blackout") or ())
    items = base.attested_items
    if settings.get("attested_items") is not None:
        items = tuple(_item(i) for i in settings["attested_items"])
    return ChecklistConfig(rules, lexicons, jargon, thresholds, blackout, items, str(settings.get("name", name)))


def _rule_change(spec: RuleSpec | None, rule: str, change: Any) -> RuleSpec:
    if isinstance(change, bool):
        change = {"enabled": change}
    elif isinstance(change, str):
        change = {"enabled": False} if change == "off" else {"severity": change}
    if not isinstance(change, Mapping):
        raise InvalidInput(f"rule {rule!r}: give a severity (block, warn, info), 'off', or a mapping")
    if spec is None:
        if "category" not in change or "message" not in change or not change.get("lexicons"):
            raise InvalidInput(f"new rule {rule!r} needs category, message, severity and lexicons")
        if change["category"] not in CATEGORIES:
            raise InvalidInput(f"rule {rule!r}: category must be one of {', '.join(CATEGORIES)}")
        return _spec(rule, {"severity": "warn", **change})
    for key in ("severity", "escalate"):
        if key in change and change[key] is not None and change[key] not in SEVERITIES:
            raise InvalidInput(f"rule {rule!r}: {key} must be one of {', '.join(SEVERITIES)}")
    allowed = {"enabled", "severity", "escalate", "message", "escalated_message"}
    if set(change) - allowed:
        raise InvalidInput(f"rule {rule!r}: only {sorted(allowed)} can be changed")
    return replace(spec, **dict(change))


def _lexicon_change(current: tuple[str, ...], lexicon: str, change: Any) -> tuple[str, ...]:
    if isinstance(change, list):
        change = {"add": change}
    if not isinstance(change, Mapping) or set(change) - {"add", "remove", "replace"}:
        raise InvalidInput(f"lexicon {lexicon!r}: give a list to add, or a mapping with add / remove / replace")
    entries = list(change["replace"]) if "replace" in change else list(current)
    removed = {str(e).lower() for e in change.get("remove", ())}
    entries = [e for e in entries if e.lower() not in removed]
    entries += [str(e) for e in change.get("add", ()) if str(e) not in entries]
    return tuple(entries)


def _when(value: Any, what: str) -> datetime:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError as exc:
            raise InvalidInput(f"blackout {what} {value!r} is not an ISO date-time") from exc
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise InvalidInput(f"blackout {what} {value!r} needs a date-time with a time zone, e.g. 2025-10-01T00:00Z")
    return value


def _window(raw: Any) -> BlackoutWindow:
    if not isinstance(raw, Mapping) or not {"start", "end"} <= set(raw):
        raise InvalidInput("each blackout window needs start and end (and a name)")
    start, end = _when(raw["start"], "start"), _when(raw["end"], "end")
    if end <= start:
        raise InvalidInput(f"blackout window {raw.get('name', '')!r} ends before it starts")
    return BlackoutWindow(str(raw.get("name", "quiet period")), start, end)


def _item(raw: Any) -> AttestedItem:
    if not isinstance(raw, Mapping) or "key" not in raw or "label" not in raw:
        raise InvalidInput("each attested item needs a key and a label")
    return AttestedItem(str(raw["key"]), str(raw["label"]), str(raw.get("help", "")), bool(raw.get("required", True)))
