"""Build a `ChecklistConfig` from the shipped data files plus a workspace's settings.

Shipped data: one folder per language, `data/<code>/` (`en` is the source language):
rules.json (rules with their messages, thresholds, message words), lexicons.json,
jargon.json, attested.json. A rule of another language with an English id inherits its
category, severity, escalation and obfuscation; its words and messages are its own. A third
language is a new folder (and its code in Lingua's list, see assistant.language).

The data files are read once per process; a workspace file is re-read only when it
changes. Workspace settings (a YAML or JSON file, or the mapping the Settings page saves)
apply to every language; `languages: {fr: {...}}` holds changes for one language only:

    rules:        {disclosure.stock: {severity: block}, authenticity.jargon: {enabled: false}}
    thresholds:   {x_max_hashtags: 1}
    lexicons:     {codenames: [Project Falcon]}          # a list adds; or {add: [...], remove: [...], replace: [...]}
    jargon:       {"circle back": "come back to"}
    blackout:     [{name: Q3 quiet period, start: 2025-09-15T00:00Z, end: 2025-10-23T20:00Z}]
    attested_items: [{key: legal_ok, label: Legal approved}]   # replaces the default list
    languages:    {fr: {lexicons: {codenames: [Projet Faucon]}, jargon: {"embarquer": "convaincre"}}}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.checklist.config import (
    DEFAULT_WORDS,
    AttestedItem,
    BlackoutWindow,
    ChecklistConfig,
    LanguageRules,
    RuleSpec,
)
from assistant.checklist.model import CATEGORIES, SEVERITIES
from assistant.errors import InvalidInput

DATA_DIR = Path(__file__).with_name("data")
_SPEC_KEYS = (
    "escalate",
    "escalated_message",
    "escalate_near",
    "lexicons",
    "block_lexicons",
    "block_near",
    "weak_lexicons",
    "with_lexicons",
    "unless_lexicons",
    "obfuscated",
)


SOURCE = "en"
_NAMED = ("lexicons", "block_lexicons", "weak_lexicons", "with_lexicons", "unless_lexicons")
_INHERITED = ("category", "severity", "escalate", "obfuscated")
_SETTINGS = {"name", "rules", "thresholds", "lexicons", "jargon", "blackout", "attested_items", "languages"}


def _read_json(path: Path, required: bool = True) -> dict:
    if not required and not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    data.pop("_comment", None)
    return data


def shipped_languages() -> tuple[str, ...]:
    """The languages with a data folder, the source language first."""
    found = sorted(p.name for p in DATA_DIR.iterdir() if (p / "rules.json").is_file())
    return (SOURCE, *(c for c in found if c != SOURCE))


def _qualify(code: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Lexicon names of a rule, prefixed with its language ("figure" → "fr:figure")."""
    out = dict(raw)
    for key in _NAMED:
        if key in out:
            out[key] = [f"{code}:{n}" for n in out[key]]
    for key in ("escalate_near", "block_near"):
        if out.get(key):
            out[key] = f"{code}:{out[key]}"
    return out


def _spec(rule: str, raw: Mapping[str, Any]) -> RuleSpec:
    extra = {k: tuple(raw[k]) if isinstance(raw[k], list) else raw[k] for k in _SPEC_KEYS if k in raw}
    return RuleSpec(rule=rule, category=raw["category"], severity=raw["severity"], message=raw["message"], **extra)


@lru_cache(maxsize=1)
def default_config() -> ChecklistConfig:
    """The shipped rules, lexicons, jargon lists and attested items of every language (read once)."""
    source_rules = _read_json(DATA_DIR / SOURCE / "rules.json")
    packs: dict[str, LanguageRules] = {}
    lexicons: dict[str, tuple[str, ...]] = {}
    for code in shipped_languages():
        folder = DATA_DIR / code
        data = _read_json(folder / "rules.json")
        rules = {}
        for rule, raw in data["rules"].items():
            base = source_rules["rules"].get(rule, {}) if code != SOURCE else {}
            merged = {**{k: base[k] for k in _INHERITED if k in base}, **raw}
            rules[rule] = _spec(rule, _qualify(code, merged))
        for name, entries in _read_json(folder / "lexicons.json").items():
            lexicons[f"{code}:{name}"] = tuple(entries)
        attested = _read_json(folder / "attested.json", required=False) or _read_json(
            DATA_DIR / SOURCE / "attested.json"
        )
        packs[code] = LanguageRules(
            language=code,
            rules=rules,
            jargon=_read_json(folder / "jargon.json", required=False),
            thresholds={**source_rules["thresholds"], **data.get("thresholds", {})},
            attested_items=tuple(AttestedItem(**item) for item in attested["items"]),
            words={**DEFAULT_WORDS, **data.get("words", {})},
        )
    return ChecklistConfig(languages=packs, lexicons=lexicons)


def default_attested_items(language: str | None = None) -> tuple[AttestedItem, ...]:
    return default_config().language(language).attested_items


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
    unknown = set(settings) - _SETTINGS
    if unknown:
        raise InvalidInput(
            f"unknown checklist setting(s) {sorted(unknown)}: use rules, thresholds, lexicons, "
            "jargon, blackout, attested_items or languages"
        )
    per_language = settings.get("languages") or {}
    if not isinstance(per_language, Mapping) or set(per_language) - set(base.codes):
        raise InvalidInput(f"languages: give settings for {', '.join(base.codes)} only")
    lexicons = dict(base.lexicons)
    packs = {code: pack for code, pack in base.languages.items()}
    for code, changes in per_language.items():
        if not isinstance(changes, Mapping) or set(changes) - (_SETTINGS - {"name", "blackout", "languages"}):
            raise InvalidInput(f"languages.{code} may hold rules, thresholds, lexicons, jargon and attested_items")
    for changes, codes in [(settings, base.codes)] + [(per_language[c] or {}, (c,)) for c in per_language]:
        _lexicon_changes(lexicons, changes.get("lexicons") or {}, codes)
        known = {rule for code in codes for rule in packs[code].rules}
        for rule, change in (changes.get("rules") or {}).items():
            if rule not in known and not (isinstance(change, Mapping) and "category" in change):
                raise InvalidInput(f"new rule {rule!r} needs category, message, severity and lexicons")
        for code in codes:
            packs[code] = _pack_change(packs[code], changes)
    blackout = base.blackout + tuple(_window(w) for w in settings.get("blackout") or ())
    return ChecklistConfig(packs, lexicons, blackout, str(settings.get("name", name)))


def _lexicon_changes(lexicons: dict[str, tuple[str, ...]], changes: Mapping[str, Any], codes: tuple[str, ...]) -> None:
    """A change applies to each language that has the list; a list no language has is created in all."""
    for lexicon, change in changes.items():
        targets = [f"{c}:{lexicon}" for c in codes if f"{c}:{lexicon}" in lexicons] or [f"{c}:{lexicon}" for c in codes]
        for qualified in targets:
            lexicons[qualified] = _lexicon_change(lexicons.get(qualified, ()), lexicon, change)


def _pack_change(pack: LanguageRules, changes: Mapping[str, Any]) -> LanguageRules:
    code = pack.language
    rules = dict(pack.rules)
    for rule, change in (changes.get("rules") or {}).items():
        if rule in rules or isinstance(change, Mapping) and "category" in change:
            rules[rule] = _rule_change(rules.get(rule), rule, change, code)
    thresholds = dict(pack.thresholds)
    for key, value in (changes.get("thresholds") or {}).items():
        if key not in thresholds or not isinstance(value, int | float) or isinstance(value, bool):
            raise InvalidInput(f"threshold {key!r} is unknown or not a number: known are {sorted(thresholds)}")
        thresholds[key] = value
    jargon = {**pack.jargon, **{str(k): str(v) for k, v in (changes.get("jargon") or {}).items()}}
    items = pack.attested_items
    if changes.get("attested_items") is not None:
        items = tuple(_item(i) for i in changes["attested_items"])
    return replace(pack, rules=rules, jargon=jargon, thresholds=thresholds, attested_items=items)


def _rule_change(spec: RuleSpec | None, rule: str, change: Any, code: str) -> RuleSpec:
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
        return _spec(rule, _qualify(code, {"severity": "warn", **change}))
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
